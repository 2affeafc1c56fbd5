//! The audit trail: an append-only table whose rows form a SHA-256 hash chain
//! (HMAC-SHA-256 when `[audit] key_file` is set). Triggers refuse UPDATE and DELETE;
//! `verify` detects any edit of the chain made behind the program's back (for
//! instance with the sqlite3 shell after dropping the triggers). Each row also
//! records the content of the rows it covers (`audit_rows`), which
//! `audit_verify::verify_all` checks against the tables.

use super::audit_rows::{Covered, Pending};
use crate::clock::{from_ms, to_ms};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// The hash that the first row links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One action to record.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    pub at: DateTime<Utc>,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub details: serde_json::Value,
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The tip of the chain, kept while appending many rows in one transaction, with the
/// records the next row will cover.
pub struct Chain {
    last_id: i64,
    last_hash: String,
    key: Option<Vec<u8>>,
    pending: Pending,
}

/// What a row written after records entered the chain adds to its hash: the records
/// it covers (JSON) and whether it is keyed. Rows written before have neither and
/// hash exactly as they always did.
#[derive(Debug, Clone, Copy)]
pub struct Extension<'a> {
    pub covers: &'a str,
    pub keyed: bool,
}

/// The hash of one row: its fields (operator, action, entity, entity id, details),
/// the previous row's hash and, for newer rows, the extension. Keyed rows are an
/// HMAC-SHA-256 of the same bytes.
pub fn row_hash(
    key: Option<&[u8]>,
    prev: &str,
    id: i64,
    at_ms: i64,
    fields: [&str; 5],
    ext: Option<Extension<'_>>,
) -> String {
    let mut parts: Vec<&str> = Vec::with_capacity(10);
    let (id, at_ms) = (id.to_string(), at_ms.to_string());
    parts.extend([prev, id.as_str(), at_ms.as_str()]);
    parts.extend(fields);
    if let Some(e) = ext {
        parts.push(e.covers);
        parts.push(if e.keyed { "keyed" } else { "plain" });
    }
    match (ext.is_some_and(|e| e.keyed), key) {
        (true, Some(key)) => {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
                .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
            for part in parts {
                mac.update(part.as_bytes());
                mac.update(&[0x1f]);
            }
            hex::encode(mac.finalize().into_bytes())
        }
        _ => {
            let mut h = Sha256::new();
            // Unit separators keep field boundaries unambiguous.
            for part in parts {
                h.update(part.as_bytes());
                h.update([0x1f]);
            }
            hex::encode(h.finalize())
        }
    }
}

/// The chain key this connection signs with (`[audit] key_file`), if any.
pub fn key(conn: &Connection) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT k FROM temp.audit_key LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()
}

/// Sets (or clears) the key this connection signs and verifies with. It lives in a
/// connection-private temporary table, never in the database file.
pub fn set_key(conn: &Connection, key: Option<&[u8]>) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM temp.audit_key", [])?;
    if let Some(k) = key {
        conn.execute("INSERT INTO temp.audit_key (k) VALUES (?1)", [k])?;
    }
    Ok(())
}

/// The newest row: the chain head a person writes down or prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
}

pub fn head(conn: &Connection) -> rusqlite::Result<Option<Head>> {
    conn.query_row(
        "SELECT id, hash, at FROM audit ORDER BY id DESC LIMIT 1",
        [],
        |r| {
            Ok(Head {
                id: r.get(0)?,
                hash: r.get(1)?,
                at: from_ms(r.get(2)?),
            })
        },
    )
    .optional()
}

impl Chain {
    /// Reads the tip. Call inside the write transaction that appends.
    pub fn load(conn: &Connection) -> rusqlite::Result<Chain> {
        let tip: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (last_id, last_hash) = tip.unwrap_or((0, GENESIS.to_string()));
        Ok(Chain {
            last_id,
            last_hash,
            key: key(conn)?,
            pending: Pending::default(),
        })
    }

    /// Records rows the next appended audit row covers, as they are now (call after
    /// writing them, inside the same transaction).
    pub fn cover(&mut self, conn: &Connection, what: &[Covered]) -> rusqlite::Result<()> {
        for c in what {
            self.pending.cover(conn, self.last_id + 1, c)?;
        }
        Ok(())
    }

    /// Takes rows the change is about to delete out of the chain's account (call
    /// before deleting them).
    pub fn release(&mut self, conn: &Connection, what: &Covered) -> rusqlite::Result<()> {
        self.pending.release(conn, what)
    }

    /// Appends the row, with the records covered since the last append.
    pub fn append(&mut self, conn: &Connection, rec: &AuditRecord) -> rusqlite::Result<i64> {
        let id = self.last_id + 1;
        let at = to_ms(rec.at);
        let details = rec.details.to_string();
        let covers = self.pending.take_json();
        let keyed = self.key.is_some();
        let hash = row_hash(
            self.key.as_deref(),
            &self.last_hash,
            id,
            at,
            [
                &rec.operator,
                &rec.action,
                &rec.entity,
                rec.entity_id.as_deref().unwrap_or(""),
                &details,
            ],
            Some(Extension {
                covers: &covers,
                keyed,
            }),
        );
        conn.prepare_cached(
            "INSERT INTO audit (id, at, operator, action, entity, entity_id, details, prev_hash, hash, covers, keyed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![id, at, rec.operator, rec.action, rec.entity, rec.entity_id, details, self.last_hash, hash, covers, keyed])?;
        self.last_id = id;
        self.last_hash = hash;
        Ok(id)
    }
}

/// Appends one row (loading the tip first).
pub fn append(conn: &Connection, rec: &AuditRecord) -> rusqlite::Result<i64> {
    Chain::load(conn)?.append(conn, rec)
}

/// Appends one row covering `what` (loading the tip first).
pub fn append_covering(
    conn: &Connection,
    rec: &AuditRecord,
    what: &[Covered],
) -> rusqlite::Result<i64> {
    let mut chain = Chain::load(conn)?;
    chain.cover(conn, what)?;
    chain.append(conn, rec)
}

/// Result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact {
        rows: u64,
    },
    /// The first row whose link or hash does not match.
    Broken {
        row: i64,
        checked: u64,
    },
}

/// Recomputes every hash in id order, streaming (no table is loaded whole). The
/// chain alone; `audit_verify::verify_all` adds the records and the anchors.
pub fn verify(conn: &Connection) -> rusqlite::Result<Verification> {
    let key = key(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, entity, entity_id, details, prev_hash, hash, covers, keyed
         FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1i64;
    let mut checked = 0u64;
    while let Some(r) = rows.next()? {
        let row = StoredRow::read(r)?;
        if row.id != expected_id || row.prev_hash != prev || !row.hash_matches(key.as_deref()) {
            return Ok(Verification::Broken {
                row: row.id.min(expected_id),
                checked,
            });
        }
        checked += 1;
        expected_id = row.id + 1;
        prev = row.hash;
    }
    Ok(Verification::Intact { rows: checked })
}

/// One audit row as stored, for verification.
pub struct StoredRow {
    pub id: i64,
    pub at: i64,
    pub fields: [String; 5],
    pub prev_hash: String,
    pub hash: String,
    pub covers: Option<String>,
    pub keyed: bool,
}

impl StoredRow {
    /// Reads the columns of `SELECT id, at, operator, action, entity, entity_id,
    /// details, prev_hash, hash, covers, keyed`.
    pub fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRow> {
        let entity_id: Option<String> = r.get(5)?;
        Ok(StoredRow {
            id: r.get(0)?,
            at: r.get(1)?,
            fields: [
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                entity_id.unwrap_or_default(),
                r.get(6)?,
            ],
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
            covers: r.get(9)?,
            keyed: r.get::<_, i64>(10)? != 0,
        })
    }

    /// The hash this row should have after `prev_hash`, or `None` for a keyed row
    /// when no key is at hand.
    pub fn expected_hash(&self, key: Option<&[u8]>) -> Option<String> {
        if self.keyed && key.is_none() {
            return None;
        }
        let f = &self.fields;
        Some(row_hash(
            key,
            &self.prev_hash,
            self.id,
            self.at,
            [&f[0], &f[1], &f[2], &f[3], &f[4]],
            self.covers.as_deref().map(|covers| Extension {
                covers,
                keyed: self.keyed,
            }),
        ))
    }

    pub fn hash_matches(&self, key: Option<&[u8]>) -> bool {
        self.expected_hash(key).is_some_and(|h| h == self.hash)
    }
}

/// The newest rows first.
pub fn list(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, entity, entity_id, details, prev_hash, hash
         FROM audit ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(AuditRow {
            id: r.get(0)?,
            at: from_ms(r.get(1)?),
            operator: r.get(2)?,
            action: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            details: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    rows.collect()
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
}
