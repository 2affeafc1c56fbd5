//! Registering people at the gate, and reading the gate log.

use super::Desk;
use crate::clock::to_ms;
use crate::config::Config;
use crate::domain::entry::{GateEntry, Warning};
use crate::domain::flag::FlagCase;
use crate::domain::phone::normalize_phone;
use crate::domain::screening::{Reading, Screening, ScreeningRules, screen};
use crate::domain::text::{clean_label, clean_line};
use crate::domain::{CodeColour, Direction, Permission, ResidentId, Tenths};
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, tr, trf};
use crate::store::audit::AuditRecord;
use crate::store::audit::Chain;
use crate::store::audit_rows::Covered;
use crate::store::entries::{self as store_entries, EntryFilter, NewEntry, Subject};
use crate::store::{flags, people, visitors};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::json;

/// A registration as typed or received: raw text, validated by `Desk::validate_entry`
/// so the CLI, the console form and `ingest` give the same messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryInput {
    pub gate: String,
    pub direction: String,
    pub temp: String,
    pub code: Option<String>,
    pub venue_scan: bool,
    pub person_id: Option<String>,
    pub visitor: Option<VisitorInput>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitorInput {
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    pub reason: String,
    pub host: Option<String>,
}

/// A registration whose every field has been checked.
#[derive(Debug, Clone)]
pub struct ValidEntry {
    pub gate: String,
    pub reading: Reading,
    pub who: ValidWho,
}

#[derive(Debug, Clone)]
pub enum ValidWho {
    Person(String),
    Visitor {
        name: String,
        resident_id: ResidentId,
        phone: String,
        reason: String,
        host: Option<String>,
    },
}

impl Desk {
    /// Checks every field against the rules and the roster. Errors name the field.
    pub fn validate_entry(&self, input: &EntryInput) -> DeskResult<ValidEntry> {
        validate_entry(self.store.conn(), &self.config, input)
    }

    /// Screens and records one registration. A refused person is recorded too: that
    /// someone was turned away is a fact the desk keeps.
    pub fn register_entry(&mut self, input: &EntryInput) -> DeskResult<GateEntry> {
        self.require(Permission::RegisterEntry)?;
        let valid = self.validate_entry(input)?;
        let rules = self.config.screening_rules(self.zone);
        let now = self.clock.now();
        let operator = self.actor.login.clone();
        let id = self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            insert_valid(tx, &mut chain, &rules, now, &operator, &valid)
        })?;
        self.entry(id)
    }

    /// The gate log, newest first.
    pub fn list_entries(&self, filter: &EntryFilter) -> DeskResult<Vec<GateEntry>> {
        Ok(store_entries::list(self.store.conn(), filter)?)
    }

    /// How many entries the filter finds without its limit.
    pub fn count_entries(&self, filter: &EntryFilter) -> DeskResult<i64> {
        Ok(store_entries::count_matching(self.store.conn(), filter)?)
    }

    /// The name a visitor's resident ID was last registered under, if any.
    pub fn visitor_known_name(&self, resident_id: &str) -> DeskResult<Option<String>> {
        Ok(visitors::by_resident_id(self.store.conn(), resident_id)?.map(|v| v.name))
    }

    pub fn entry(&self, id: i64) -> DeskResult<GateEntry> {
        store_entries::get(self.store.conn(), id)?
            .ok_or_else(|| DeskError::not_found("entry.not_found").arg("id", id))
    }
}

/// The sentence behind an `open_case` refusal: which case, the state it is in, and
/// the steps it allows next (the re-check belongs in the case, not at the gate).
/// Without the case at hand, the case's number and where to look.
pub fn open_case_text(lang: Lang, id: i64, case: Option<&FlagCase>) -> String {
    match case {
        Some(c) => trf(
            lang,
            "entry.open_case",
            &[
                ("id", id.to_string()),
                (
                    "state",
                    tr(lang, super::flags::state_key(c.state())).to_string(),
                ),
                ("next", super::flags::next_text(lang, &c.state().allowed())),
            ],
        ),
        None => trf(lang, "entry.open_case_see", &[("id", id.to_string())]),
    }
}

/// A warning as the operator reads it.
pub fn warning_text(lang: Lang, w: Warning) -> &'static str {
    match w {
        Warning::RefusedToday => tr(lang, "warning.refused_today"),
        Warning::VisitorNameChanged => tr(lang, "warning.visitor_name_changed"),
    }
}

/// Checks every field of a registration against the rules and the roster (on `conn`,
/// which may be the caller's write transaction, as in `ingest`). Errors name the field.
pub(crate) fn validate_entry(
    conn: &Connection,
    config: &Config,
    input: &EntryInput,
) -> DeskResult<ValidEntry> {
    let gate = input.gate.trim();
    if gate.is_empty() {
        return Err(DeskError::field("field.gate", "field.missing"));
    }
    if !config.gates.iter().any(|g| g.name == gate) {
        return Err(DeskError::invalid("entry.unknown_gate")
            .arg("gate", crate::domain::text::sanitize(gate))
            .arg("known", config.gate_names().join(", ")));
    }
    let direction = Direction::parse_loose(&input.direction)
        .ok_or_else(|| DeskError::field("field.direction", "entry.direction_values"))?;
    let temp = Tenths::parse(&input.temp, config.valid_range()).map_err(|e| {
        let (lo, hi) = config.valid_range();
        DeskError::invalid("field.problem")
            .arg("field", "field.temp")
            .arg("problem", e.key())
            .arg("input", crate::domain::text::sanitize(input.temp.trim()))
            .arg("min", lo)
            .arg("max", hi)
    })?;
    let code = match input
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(c) => Some(
            CodeColour::parse_loose(c)
                .ok_or_else(|| DeskError::field("field.code", "entry.code_values"))?,
        ),
    };
    let who = match (&input.person_id, &input.visitor) {
        (Some(_), Some(_)) => return Err(DeskError::invalid("entry.person_or_visitor")),
        (None, None) => return Err(DeskError::invalid("entry.person_or_visitor")),
        (Some(id), None) => {
            let id = id.trim();
            if id.is_empty() {
                return Err(DeskError::field("field.person", "field.missing"));
            }
            // The id as typed, in any case or width, or the person's resident ID.
            let Some(id) = crate::store::people_search::resolve_id(conn, id)? else {
                return Err(DeskError::not_found("entry.unknown_person")
                    .arg("id", crate::domain::text::sanitize(id)));
            };
            ValidWho::Person(id)
        }
        (None, Some(v)) => validate_visitor(conn, v)?,
    };
    Ok(ValidEntry {
        gate: gate.to_string(),
        reading: Reading {
            direction,
            temp,
            code,
            venue_scan: input.venue_scan,
            visitor_approval: Default::default(),
            open_case: false,
            refused_today: None,
        },
        who,
    })
}

fn validate_visitor(conn: &Connection, v: &VisitorInput) -> DeskResult<ValidWho> {
    let name =
        clean_label(&v.name, 40).map_err(|e| DeskError::field("field.visitor_name", e.key()))?;
    if v.resident_id.trim().is_empty() {
        return Err(DeskError::field("field.visitor_id", "field.missing"));
    }
    let resident_id = ResidentId::parse(&v.resident_id)
        .map_err(|e| DeskError::field("field.visitor_id", e.key()))?;
    if v.phone.trim().is_empty() {
        return Err(DeskError::field("field.visitor_phone", "field.missing"));
    }
    let phone = normalize_phone(&v.phone)
        .ok_or_else(|| DeskError::field("field.visitor_phone", "phone.invalid"))?;
    let reason =
        clean_label(&v.reason, 200).map_err(|e| DeskError::field("field.reason", e.key()))?;
    let host = match v.host.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        None => None,
        Some(h) => {
            clean_line(h, 32).map_err(|e| DeskError::field("field.host", e.key()))?;
            if !people::exists(conn, h)? {
                return Err(DeskError::not_found("entry.unknown_host")
                    .arg("id", crate::domain::text::sanitize(h)));
            }
            Some(h.to_string())
        }
    };
    Ok(ValidWho::Visitor {
        name,
        resident_id,
        phone,
        reason,
        host,
    })
}

fn entry_audit(
    at: DateTime<Utc>,
    operator: &str,
    id: i64,
    valid: &ValidEntry,
    s: &Screening,
    previous_name: Option<&str>,
) -> AuditRecord {
    let who = match &valid.who {
        ValidWho::Person(p) => json!({ "person_id": p }),
        // Both names when the resident ID was known under another one: the record of
        // who came must survive the visitor row's rename.
        ValidWho::Visitor {
            resident_id, name, ..
        } => match previous_name {
            Some(previous) => json!({
                "visitor": resident_id.masked(),
                "name": name,
                "previous_name": previous,
            }),
            None => json!({ "visitor": resident_id.masked(), "name": name }),
        },
    };
    AuditRecord {
        at,
        operator: operator.to_string(),
        action: "entry.add".into(),
        entity: "entry".into(),
        entity_id: Some(id.to_string()),
        details: json!({
            "gate": valid.gate,
            "direction": valid.reading.direction,
            "temp": valid.reading.temp.0,
            "decision": s.decision,
            "reasons": s.reasons,
            "flagged": s.flagged,
            "warnings": s.warnings,
            "who": who,
        }),
    }
}

/// What one registration wrote: the entry, its screening and the fever case that
/// refused it, for acknowledgements that say more than the id.
#[derive(Debug, Clone)]
pub(crate) struct Inserted {
    pub id: i64,
    pub screening: Screening,
    pub open_case: Option<i64>,
}

/// The rows a registration writes: the entry, and the visitor as registered with it.
fn entry_rows(id: i64, visitor_id: Option<i64>) -> Vec<Covered> {
    let mut rows = vec![Covered::row("entries", id)];
    rows.extend(visitor_id.map(|v| Covered::row("visitors", v)));
    rows
}

/// Inserts one validated registration inside the caller's transaction, with its audit
/// row on the given chain. Shared by single registrations and `ingest` batches.
pub(crate) fn insert_valid(
    conn: &Connection,
    chain: &mut Chain,
    rules: &ScreeningRules,
    now: DateTime<Utc>,
    operator: &str,
    valid: &ValidEntry,
) -> DeskResult<i64> {
    insert_screened(conn, chain, rules, now, operator, valid).map(|i| i.id)
}

/// `insert_valid`, answering with the screening. The facts the decision rests on (an
/// active fever case, a refusal for the code earlier today, the name a visitor's
/// resident ID was known by) are read in the transaction that writes the entry, so
/// two desks registering the same person at once cannot both miss them.
pub(crate) fn insert_screened(
    conn: &Connection,
    chain: &mut Chain,
    rules: &ScreeningRules,
    now: DateTime<Utc>,
    operator: &str,
    valid: &ValidEntry,
) -> DeskResult<Inserted> {
    let now_ms = to_ms(now);
    let (mut reading, approval_id) = super::approvals::gate_approval(conn, valid, now_ms)?;
    let known_visitor = match &valid.who {
        ValidWho::Visitor { resident_id, .. } => {
            visitors::by_resident_id(conn, resident_id.as_str())?
        }
        ValidWho::Person(_) => None,
    };
    let subject = match &valid.who {
        ValidWho::Person(p) => Some(Subject::Person(p)),
        ValidWho::Visitor { .. } => known_visitor.as_ref().map(|v| Subject::Visitor(v.id)),
    };
    let mut open_case = None;
    if let Some(who) = subject
        && reading.direction == Direction::In
    {
        open_case = flags::active_for(conn, who)?;
        let (day_start, _) = rules.zone.day_bounds(rules.zone.date_of(now));
        reading.refused_today = store_entries::refused_code_since(conn, who, to_ms(day_start))?;
    }
    reading.open_case = open_case.is_some();
    let mut s = screen(rules, &reading);
    let previous_name = match (&valid.who, &known_visitor) {
        (ValidWho::Visitor { name, .. }, Some(v)) if v.name != *name => Some(v.name.clone()),
        _ => None,
    };
    if previous_name.is_some() {
        s.warnings.push(Warning::VisitorNameChanged);
    }
    let visitor_name = match &valid.who {
        ValidWho::Visitor { name, .. } => Some(name.clone()),
        ValidWho::Person(_) => None,
    };
    let (person_id, visitor_id, host_id, visit_reason) = match &valid.who {
        ValidWho::Person(p) => (Some(p.clone()), None, None, None),
        ValidWho::Visitor {
            name,
            resident_id,
            phone,
            reason,
            host,
        } => {
            let vid = visitors::upsert(conn, resident_id.as_str(), name, phone, now_ms)?;
            (None, Some(vid), host.clone(), Some(reason.clone()))
        }
    };
    let id = store_entries::insert(
        conn,
        &NewEntry {
            at_ms: now_ms,
            gate: valid.gate.clone(),
            direction: valid.reading.direction,
            person_id,
            visitor_id,
            host_id,
            visit_reason,
            temp: valid.reading.temp,
            code: valid.reading.code,
            venue_scan: valid.reading.venue_scan,
            decision: s.decision,
            reasons: s.reasons.clone(),
            flagged: s.flagged,
            threshold: rules.fever_threshold,
            operator: operator.to_string(),
            approval_id,
            visitor_name,
            warnings: s.warnings.clone(),
            open_case_id: open_case,
        },
    )?;
    let mut record = entry_audit(now, operator, id, valid, &s, previous_name.as_deref());
    if let Some(a) = approval_id {
        record.details["approval_id"] = json!(a);
    }
    if let Some(c) = open_case {
        record.details["open_case"] = json!(c);
    }
    chain.cover(conn, &entry_rows(id, visitor_id))?;
    chain.append(conn, &record)?;
    if s.flagged {
        super::flags::open_for_entry(conn, chain, &rules.flags, now, operator, id)?;
    }
    super::approvals::open_returns(conn, chain, rules.return_policy, now, operator, id, valid)?;
    Ok(Inserted {
        id,
        screening: s,
        open_case,
    })
}
