//! The `meta` table: single facts about the database itself. Today the desk's time
//! zone and where it came from (written by `service::site`).

use rusqlite::{Connection, OptionalExtension, params};

/// The IANA name of the desk's zone.
pub const SITE_TIMEZONE: &str = "site.timezone";
/// Where the zone came from (`clock::ZoneSource::as_str`).
pub const SITE_TIMEZONE_SOURCE: &str = "site.timezone.source";

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

pub fn set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The stored zone name and its source, as written (not parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredZone {
    pub name: String,
    pub source: Option<String>,
}

pub fn site_zone(conn: &Connection) -> rusqlite::Result<Option<StoredZone>> {
    let Some(name) = get(conn, SITE_TIMEZONE)? else {
        return Ok(None);
    };
    Ok(Some(StoredZone {
        name,
        source: get(conn, SITE_TIMEZONE_SOURCE)?,
    }))
}

/// Records the zone and its source. Call inside the write transaction that audits it.
pub fn set_site_zone(conn: &Connection, name: &str, source: &str) -> rusqlite::Result<()> {
    set(conn, SITE_TIMEZONE, name)?;
    set(conn, SITE_TIMEZONE_SOURCE, source)
}
