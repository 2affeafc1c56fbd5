//! The duty phone log (值班电话记录).

use crate::clock::{from_ms, to_ms};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub from: String,
    pub summary: String,
    pub notified: Option<String>,
    pub by: String,
}

pub fn insert(conn: &Connection, c: &CallRow) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO call_log (at, from_whom, summary, notified, by) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![to_ms(c.at), c.from, c.summary, c.notified, c.by])?;
    Ok(conn.last_insert_rowid())
}

const BETWEEN_SQL: &str = "SELECT id, at, from_whom, summary, notified, by FROM call_log
     WHERE at >= ?1 AND at < ?2 ORDER BY at, id";

/// Calls in `[from, until)`, oldest first (through `call_log_at`).
pub fn between(
    conn: &Connection,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> rusqlite::Result<Vec<CallRow>> {
    conn.prepare_cached(BETWEEN_SQL)?
        .query_map(params![to_ms(from), to_ms(until)], |r| {
            Ok(CallRow {
                id: r.get(0)?,
                at: from_ms(r.get(1)?),
                from: r.get(2)?,
                summary: r.get(3)?,
                notified: r.get(4)?,
                by: r.get(5)?,
            })
        })?
        .collect()
}

/// SQLite's plan for `between` (the detail column).
pub fn between_plan(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    conn.prepare(&format!("EXPLAIN QUERY PLAN {BETWEEN_SQL}"))?
        .query_map([0i64, 1i64], |r| r.get(3))?
        .collect()
}
