//! Visitors, identified by resident ID; name and phone follow their latest visit.

use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visitor {
    pub id: i64,
    pub resident_id: String,
    pub name: String,
    pub phone: String,
}

/// Inserts or refreshes a visitor and returns their row id.
pub fn upsert(
    conn: &Connection,
    resident_id: &str,
    name: &str,
    phone: &str,
    now_ms: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO visitors (resident_id, name, phone, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (resident_id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
           updated_at = excluded.updated_at
         RETURNING id",
    )?
    .query_row(params![resident_id, name, phone, now_ms], |r| r.get(0))
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Visitor>> {
    conn.prepare_cached("SELECT id, resident_id, name, phone FROM visitors WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Visitor {
                id: r.get(0)?,
                resident_id: r.get(1)?,
                name: r.get(2)?,
                phone: r.get(3)?,
            })
        })
        .optional()
}

pub fn by_resident_id(conn: &Connection, resident_id: &str) -> rusqlite::Result<Option<Visitor>> {
    conn.prepare_cached("SELECT id, resident_id, name, phone FROM visitors WHERE resident_id = ?1")?
        .query_row([resident_id], |r| {
            Ok(Visitor {
                id: r.get(0)?,
                resident_id: r.get(1)?,
                name: r.get(2)?,
                phone: r.get(3)?,
            })
        })
        .optional()
}

/// Ids of visitors whose name contains the text or whose resident ID starts with it.
pub fn search_ids(conn: &Connection, text: &str, limit: usize) -> rusqlite::Result<Vec<i64>> {
    let like = format!("%{}%", super::people::escape_like(text));
    let prefix = format!("{}%", super::people::escape_like(text));
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM visitors WHERE name LIKE ?1 ESCAPE '\\' OR resident_id LIKE ?2 ESCAPE '\\' ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![like, prefix, limit as i64], |r| r.get(0))?;
    rows.collect()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM visitors", [], |r| r.get(0))
}
