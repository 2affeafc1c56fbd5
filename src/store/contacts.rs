//! 24-hour contacts, their phones and test calls.

use crate::clock::{from_ms, to_ms};
use rusqlite::{Connection, OptionalExtension, params};

/// A contact as listed, with its latest test calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub id: i64,
    pub name: String,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
    /// The latest answered test call.
    pub verified: Option<(String, chrono::DateTime<chrono::Utc>)>,
    /// The latest test call of any outcome: (by, at, answered).
    pub last_call: Option<(String, chrono::DateTime<chrono::Utc>, bool)>,
}

pub struct NewContact<'a> {
    pub name: &'a str,
    pub phones: &'a [String],
    pub org: Option<&'a str>,
    pub role: Option<&'a str>,
    pub note: Option<&'a str>,
}

pub fn insert(
    conn: &Connection,
    c: &NewContact,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contacts (name, org, role, note, added_by, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![c.name, c.org, c.role, c.note, by, to_ms(at)])?;
    let id = conn.last_insert_rowid();
    let mut phone = conn.prepare_cached(
        "INSERT INTO contact_phones (contact_id, position, phone) VALUES (?1, ?2, ?3)",
    )?;
    for (i, p) in c.phones.iter().enumerate() {
        phone.execute(params![id, i as i64, p])?;
    }
    Ok(id)
}

/// Marks a current contact removed; false when there is none with that id.
pub fn remove(
    conn: &Connection,
    id: i64,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE contacts SET removed_by = ?2, removed_at = ?3 WHERE id = ?1 AND removed_at IS NULL",
        )?
        .execute(params![id, by, to_ms(at)])?;
    Ok(n == 1)
}

pub fn insert_verification(
    conn: &Connection,
    id: i64,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
    answered: bool,
    note: Option<&str>,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contact_verifications (contact_id, at, by, answered, note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, to_ms(at), by, answered, note])?;
    Ok(conn.last_insert_rowid())
}

const SELECT: &str = "SELECT c.id, c.name, c.org, c.role, c.note,
    (SELECT by FROM contact_verifications v WHERE v.contact_id = c.id AND v.answered = 1 ORDER BY at DESC, id DESC LIMIT 1),
    (SELECT at FROM contact_verifications v WHERE v.contact_id = c.id AND v.answered = 1 ORDER BY at DESC, id DESC LIMIT 1),
    (SELECT by FROM contact_verifications v WHERE v.contact_id = c.id ORDER BY at DESC, id DESC LIMIT 1),
    (SELECT at FROM contact_verifications v WHERE v.contact_id = c.id ORDER BY at DESC, id DESC LIMIT 1),
    (SELECT answered FROM contact_verifications v WHERE v.contact_id = c.id ORDER BY at DESC, id DESC LIMIT 1)
    FROM contacts c";

fn row(r: &rusqlite::Row) -> rusqlite::Result<ContactRow> {
    let vby: Option<String> = r.get(5)?;
    let vat: Option<i64> = r.get(6)?;
    let lby: Option<String> = r.get(7)?;
    let lat: Option<i64> = r.get(8)?;
    let lans: Option<bool> = r.get(9)?;
    Ok(ContactRow {
        id: r.get(0)?,
        name: r.get(1)?,
        phones: Vec::new(),
        org: r.get(2)?,
        role: r.get(3)?,
        note: r.get(4)?,
        verified: vby.zip(vat).map(|(b, a)| (b, from_ms(a))),
        last_call: match (lby, lat, lans) {
            (Some(b), Some(a), Some(ans)) => Some((b, from_ms(a), ans)),
            _ => None,
        },
    })
}

fn phones(conn: &Connection, id: i64) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT phone FROM contact_phones WHERE contact_id = ?1 ORDER BY position")?
        .query_map([id], |r| r.get(0))?
        .collect()
}

/// Current contacts by name.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<ContactRow>> {
    let mut out: Vec<ContactRow> = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE c.removed_at IS NULL ORDER BY c.name, c.id"
        ))?
        .query_map([], row)?
        .collect::<rusqlite::Result<_>>()?;
    for c in &mut out {
        c.phones = phones(conn, c.id)?;
    }
    Ok(out)
}

/// A current contact.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<ContactRow>> {
    let c = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE c.id = ?1 AND c.removed_at IS NULL"
        ))?
        .query_row([id], row)
        .optional()?;
    match c {
        Some(mut c) => {
            c.phones = phones(conn, c.id)?;
            Ok(Some(c))
        }
        None => Ok(None),
    }
}
