//! What `dutydesk info` reports: resolved paths, schema version, row counts, operator.

use super::Desk;
use crate::error::DeskResult;
use crate::store::{audit, entries, people, visitors};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub people: i64,
    pub visitors: i64,
    pub entries: i64,
    pub audit: i64,
}

impl Desk {
    pub fn counts(&self) -> DeskResult<Counts> {
        let c = self.store.conn();
        Ok(Counts {
            people: people::count(c)?,
            visitors: visitors::count(c)?,
            entries: entries::count(c)?,
            audit: audit::count(c)?,
        })
    }
}
