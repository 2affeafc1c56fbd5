//! Finding a person by what a guard has at hand: id, resident ID, name or pinyin.

use super::Desk;
use crate::domain::person_search::Query;
use crate::error::{DeskError, DeskResult};
use crate::store::people_search::{self, Hit};

/// The people a search found, best first, and how many it found in all.
#[derive(Debug, Clone, PartialEq)]
pub struct PeopleFound {
    pub hits: Vec<Hit>,
    pub total: usize,
}

impl Desk {
    /// Up to `limit` people the text finds: an exact id (any case, full width)
    /// first, then a resident ID, a name, pinyin (full or initials, any reading of
    /// a polyphonic character). Every role may search: the gate needs it, and the
    /// results show resident IDs masked only.
    pub fn find_people(&self, text: &str, limit: usize) -> DeskResult<PeopleFound> {
        if limit == 0 {
            return Err(DeskError::field("field.limit", "limit.zero"));
        }
        let query =
            Query::parse(text).ok_or_else(|| DeskError::field("field.search", "field.missing"))?;
        let (hits, total) = people_search::find(self.store.conn(), &query, limit)?;
        Ok(PeopleFound { hits, total })
    }

    /// The roster id a text names when it names exactly one person by id (any
    /// case or width) or resident ID; `entry list --person` and the like.
    pub fn resolve_person_id(&self, text: &str) -> DeskResult<String> {
        people_search::resolve_id(self.store.conn(), text.trim())?.ok_or_else(|| {
            DeskError::not_found("entry.unknown_person")
                .arg("id", crate::domain::text::sanitize(text.trim()))
        })
    }
}
