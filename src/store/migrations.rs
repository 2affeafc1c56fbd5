//! Embedded, ordered schema migrations, tracked in `PRAGMA user_version`.
//!
//! Hand-rolled (a few lines) rather than a crate, because the whole check-and-apply
//! runs inside one `BEGIN IMMEDIATE` transaction: several processes opening a new
//! database at the same moment (gate booths starting together) must not both apply
//! step 1. Append new steps; never edit or reorder a step that has shipped.

use rusqlite::{Connection, TransactionBehavior};

/// The migration steps, in order. Step N brings the schema to version N.
pub const STEPS: &[&str] = &[
    include_str!("migrations/0001_core.sql"),
    include_str!("migrations/0002_flags.sql"),
    include_str!("migrations/0003_approvals.sql"),
    include_str!("migrations/0004_handover.sql"),
    include_str!("migrations/0005_site_zone.sql"),
    include_str!("migrations/0006_entry_visitor_name.sql"),
    include_str!("migrations/0007_audit_rows.sql"),
    include_str!("migrations/0008_incidents.sql"),
    include_str!("migrations/0009_health_checks.sql"),
    PEOPLE_SEARCH,
];

/// The step that adds the pinyin search keys. SQL cannot compute pinyin, so the
/// people already on file get their keys from Rust right after it, inside the same
/// transaction: an old database is searchable from its first open by this binary.
pub(crate) const PEOPLE_SEARCH: &str = include_str!("migrations/0010_people_search.sql");

/// The schema version this binary knows.
pub fn latest() -> i64 {
    STEPS.len() as i64
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every pending step in one immediate transaction. Returns the version after.
///
/// When the schema is already current nothing is locked: opening the database (to
/// list entries, say) must not wait for another process's write transaction.
pub fn apply(conn: &mut Connection) -> rusqlite::Result<i64> {
    let current = user_version(conn)?;
    if current >= latest() {
        return Ok(current);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = user_version(&tx)?;
    for (i, step) in STEPS.iter().enumerate().skip(current.max(0) as usize) {
        tx.execute_batch(step)?;
        if *step == PEOPLE_SEARCH {
            super::people_search::backfill(&tx)?;
        }
        // user_version takes no bound parameters; the value is our own step number.
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(latest().max(current))
}
