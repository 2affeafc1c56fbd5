//! The people roster (students and staff).

use crate::domain::PersonKind;
use crate::domain::person::Person;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The selected columns, in the order `from_row` reads them.
macro_rules! columns {
    () => {
        "id, name, kind, department, class, resident_id, phone"
    };
}

fn from_row(r: &Row) -> rusqlite::Result<Person> {
    let kind: String = r.get(2)?;
    Ok(Person {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: PersonKind::parse(&kind).unwrap_or(PersonKind::Student),
        department: r.get(3)?,
        class: r.get(4)?,
        resident_id: r.get(5)?,
        phone: r.get(6)?,
    })
}

/// Inserts or updates by id. Returns true when the person was new.
pub fn upsert(conn: &Connection, p: &Person, now_ms: i64) -> rusqlite::Result<bool> {
    let existed: bool = conn
        .prepare_cached("SELECT 1 FROM people WHERE id = ?1")?
        .query_row([&p.id], |_| Ok(()))
        .optional()?
        .is_some();
    conn.prepare_cached(
        "INSERT INTO people (id, name, kind, department, class, resident_id, phone, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           department = excluded.department, class = excluded.class,
           resident_id = excluded.resident_id, phone = excluded.phone, updated_at = excluded.updated_at",
    )?
    .execute(params![p.id, p.name, p.kind.as_str(), p.department, p.class, p.resident_id, p.phone, now_ms])?;
    super::people_search::replace_keys(conn, &p.id, &p.name)?;
    Ok(!existed)
}

/// Inserts unless the id exists (demo seeding never overwrites a real roster entry).
pub fn insert_if_absent(conn: &Connection, p: &Person, now_ms: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO people (id, name, kind, department, class, resident_id, phone, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            p.id,
            p.name,
            p.kind.as_str(),
            p.department,
            p.class,
            p.resident_id,
            p.phone,
            now_ms
        ])?;
    if n == 1 {
        super::people_search::replace_keys(conn, &p.id, &p.name)?;
    }
    Ok(n == 1)
}

/// Whether a person with this id is on the roster (cheaper than `get`: no row is read).
pub fn exists(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM people WHERE id = ?1")?
        .exists([id])
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Person>> {
    conn.prepare_cached(concat!("SELECT ", columns!(), " FROM people WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// People in id order, one page at a time.
pub fn list(conn: &Connection, limit: usize, offset: usize) -> rusqlite::Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT ",
        columns!(),
        " FROM people ORDER BY id LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = stmt.query_map([limit as i64, offset as i64], from_row)?;
    rows.collect()
}

/// Ids of people whose name contains, or whose id starts with, the text (for filters).
pub fn search_ids(conn: &Connection, text: &str, limit: usize) -> rusqlite::Result<Vec<String>> {
    let like = format!("%{}%", escape_like(text));
    let prefix = format!("{}%", escape_like(text));
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM people WHERE name LIKE ?1 ESCAPE '\\' OR id LIKE ?2 ESCAPE '\\' ORDER BY id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![like, prefix, limit as i64], |r| r.get(0))?;
    rows.collect()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM people", [], |r| r.get(0))
}

/// Escapes LIKE wildcards so user text matches literally.
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
