//! Directives received from the command or the education bureau, and who has
//! acknowledged them.

use crate::clock::{from_ms, to_ms};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveRow {
    pub id: i64,
    pub from: String,
    pub title: String,
    pub text: String,
    pub effective: NaiveDate,
    pub received_at: DateTime<Utc>,
    pub by: String,
    /// (operator, at), oldest first.
    pub acks: Vec<(String, DateTime<Utc>)>,
}

pub fn insert(conn: &Connection, d: &DirectiveRow) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO directives (from_whom, title, text, effective, received_at, by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        d.from,
        d.title,
        d.text,
        d.effective.format("%Y-%m-%d").to_string(),
        to_ms(d.received_at),
        d.by
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Records an acknowledgement; false when the operator had acknowledged it already.
pub fn insert_ack(
    conn: &Connection,
    id: i64,
    operator: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO directive_acks (directive_id, operator, at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, operator, to_ms(at)])?;
    Ok(n == 1)
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<DirectiveRow> {
    let effective: String = r.get(4)?;
    Ok(DirectiveRow {
        id: r.get(0)?,
        from: r.get(1)?,
        title: r.get(2)?,
        text: r.get(3)?,
        effective: NaiveDate::parse_from_str(&effective, "%Y-%m-%d").unwrap_or_default(),
        received_at: from_ms(r.get(5)?),
        by: r.get(6)?,
        acks: Vec::new(),
    })
}

const SELECT: &str =
    "SELECT id, from_whom, title, text, effective, received_at, by FROM directives";

fn acks(conn: &Connection, id: i64) -> rusqlite::Result<Vec<(String, DateTime<Utc>)>> {
    conn.prepare_cached(
        "SELECT operator, at FROM directive_acks WHERE directive_id = ?1 ORDER BY at, operator",
    )?
    .query_map([id], |r| Ok((r.get(0)?, from_ms(r.get(1)?))))?
    .collect()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<DirectiveRow>> {
    let d = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?;
    match d {
        Some(mut d) => {
            d.acks = acks(conn, d.id)?;
            Ok(Some(d))
        }
        None => Ok(None),
    }
}

/// Every directive, newest first.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<DirectiveRow>> {
    let mut out: Vec<DirectiveRow> = conn
        .prepare_cached(&format!("{SELECT} ORDER BY received_at DESC, id DESC"))?
        .query_map([], row)?
        .collect::<rusqlite::Result<_>>()?;
    for d in &mut out {
        d.acks = acks(conn, d.id)?;
    }
    Ok(out)
}

/// The leaders and officers rostered on any shift dated on or after `from`: everyone
/// who must acknowledge a directive taking effect that day.
pub fn rostered_since(conn: &Connection, from: NaiveDate) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT operator FROM roster WHERE date >= ?1 GROUP BY operator ORDER BY min(date), operator",
    )?
    .query_map([from.format("%Y-%m-%d").to_string()], |r| r.get(0))?
    .collect()
}
