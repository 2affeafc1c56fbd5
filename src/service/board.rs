//! Reads behind the console's screens: today's counters, the open flagged
//! temperatures, a filter text resolved to ids, and one person's or visitor's card
//! with the personal numbers masked. Every read is a windowed query.

use super::Desk;
use crate::domain::PersonKind;
use crate::domain::entry::GateEntry;
use crate::domain::phone::mask_phone;
use crate::domain::resident_id::mask_resident_id;
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::store::entries::{self as store_entries, DayCounts, EntryFilter, Matching};
use crate::store::{people, visitors};

/// Most ids a filter text resolves to (people and visitors each).
pub const SEARCH_LIMIT: usize = 500;

/// Up to this many people (and any number of visitors) a filtered log is read
/// through their indexes; more people make the matches dense enough that reading the
/// log newest-first finds a page sooner.
pub const FEW_PEOPLE: usize = 20;

/// Whose card: a rostered person or a visitor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    Person(String),
    Visitor(i64),
}

impl Subject {
    /// The subject of a gate entry.
    pub fn of(e: &GateEntry) -> Option<Subject> {
        match (&e.person_id, e.visitor_id) {
            (Some(p), _) => Some(Subject::Person(p.clone())),
            (None, Some(v)) => Some(Subject::Visitor(v)),
            (None, None) => None,
        }
    }
}

/// A person or visitor as shown on screen: text sanitised, numbers masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub subject: Subject,
    /// 学号/工号, or empty for a visitor.
    pub id: String,
    pub name: String,
    pub kind: PersonKind,
    pub department: Option<String>,
    pub class: Option<String>,
    /// `510402********1234`, or `None` when not on record.
    pub resident_id_masked: Option<String>,
    /// `138****5678`, or `None` when not on record.
    pub phone_masked: Option<String>,
}

impl Desk {
    /// Counters for the local day that contains now.
    pub fn today_counts(&self) -> DeskResult<DayCounts> {
        let zone = self.zone;
        let (start, end) = zone.day_bounds(zone.date_of(self.clock.now()));
        Ok(store_entries::counts(
            self.store.conn(),
            crate::clock::to_ms(start),
            crate::clock::to_ms(end),
        )?)
    }

    /// Resolves what was typed into a filter (a name, an id, a gate) to the people
    /// and visitors it matches, for `EntryFilter::matching`.
    pub fn resolve_search(&self, text: &str) -> DeskResult<Matching> {
        let text = text.trim();
        let conn = self.store.conn();
        let gate = self
            .config
            .gates
            .iter()
            .find(|g| g.name == text)
            .map(|g| g.name.clone());
        Ok(Matching {
            person_ids: people::search_ids(conn, text, SEARCH_LIMIT)?,
            visitor_ids: visitors::search_ids(conn, text, SEARCH_LIMIT)?,
            gate,
        })
    }

    /// The gate log narrowed by `f`. A text filter that resolved to a few people and
    /// visitors (and no gate) is answered through their indexes, so one rare visitor
    /// costs what one person's card does; anything else reads the log newest-first.
    pub fn search_entries(&self, f: &EntryFilter) -> DeskResult<Vec<GateEntry>> {
        let Some(m) = f
            .matching
            .as_ref()
            .filter(|m| m.gate.is_none() && m.person_ids.len() <= FEW_PEOPLE)
        else {
            return self.list_entries(f);
        };
        let conn = self.store.conn();
        let ids = crate::store::search::subject_entry_ids(conn, &m.person_ids, &m.visitor_ids, f)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(store_entries::get(conn, id)?);
        }
        Ok(out)
    }

    /// The newest entry id (0 when there is none): the console's "anything new?" mark.
    pub fn latest_entry_id(&self) -> DeskResult<i64> {
        Ok(store_entries::latest_id(self.store.conn())?)
    }

    /// True when nobody has been imported yet (the console then says what to do).
    pub fn roster_is_empty(&self) -> DeskResult<bool> {
        Ok(people::list(self.store.conn(), 1, 0)?.is_empty())
    }

    /// A person's or visitor's card, numbers masked.
    pub fn card(&self, subject: &Subject) -> DeskResult<Card> {
        let conn = self.store.conn();
        match subject {
            Subject::Person(id) => {
                let p = people::get(conn, id)?.ok_or_else(|| {
                    DeskError::not_found("entry.unknown_person").arg("id", sanitize(id))
                })?;
                Ok(Card {
                    subject: subject.clone(),
                    id: sanitize(&p.id),
                    name: sanitize(&p.name),
                    kind: p.kind,
                    department: Some(sanitize(&p.department)),
                    class: p.class.as_deref().map(sanitize),
                    resident_id_masked: p.resident_id.as_deref().map(mask_resident_id),
                    phone_masked: p.phone.as_deref().map(mask_phone),
                })
            }
            Subject::Visitor(vid) => {
                let v = visitors::get(conn, *vid)?
                    .ok_or_else(|| DeskError::not_found("board.unknown_visitor").arg("id", vid))?;
                Ok(Card {
                    subject: subject.clone(),
                    id: String::new(),
                    name: sanitize(&v.name),
                    kind: PersonKind::Visitor,
                    department: None,
                    class: None,
                    resident_id_masked: Some(mask_resident_id(&v.resident_id)),
                    phone_masked: Some(mask_phone(&v.phone)),
                })
            }
        }
    }

    /// A subject's most recent entries, newest first.
    pub fn subject_entries(&self, subject: &Subject, limit: usize) -> DeskResult<Vec<GateEntry>> {
        let mut f = EntryFilter {
            limit,
            ..EntryFilter::default()
        };
        match subject {
            Subject::Person(id) => f.person_id = Some(id.clone()),
            Subject::Visitor(id) => f.visitor_id = Some(*id),
        }
        self.list_entries(&f)
    }
}
