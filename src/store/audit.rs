//! The audit trail: an append-only table whose rows form a SHA-256 hash chain.
//! Triggers refuse UPDATE and DELETE; `verify` detects any edit made behind the
//! program's back (for instance with the sqlite3 shell after dropping the triggers).

use crate::clock::{from_ms, to_ms};
use chrono::{DateTime, Utc};
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

/// The tip of the chain, kept while appending many rows in one transaction.
pub struct Chain {
    last_id: i64,
    last_hash: String,
}

/// The hash of one row: its fields (operator, action, entity, entity id, details) and
/// the previous row's hash.
fn row_hash(prev: &str, id: i64, at_ms: i64, fields: [&str; 5]) -> String {
    let mut h = Sha256::new();
    // Unit separators keep field boundaries unambiguous.
    for part in [prev, &id.to_string(), &at_ms.to_string()]
        .into_iter()
        .chain(fields)
    {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
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
        Ok(Chain { last_id, last_hash })
    }

    pub fn append(&mut self, conn: &Connection, rec: &AuditRecord) -> rusqlite::Result<i64> {
        let id = self.last_id + 1;
        let at = to_ms(rec.at);
        let details = rec.details.to_string();
        let hash = row_hash(
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
        );
        conn.prepare_cached(
            "INSERT INTO audit (id, at, operator, action, entity, entity_id, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![id, at, rec.operator, rec.action, rec.entity, rec.entity_id, details, self.last_hash, hash])?;
        self.last_id = id;
        self.last_hash = hash;
        Ok(id)
    }
}

/// Appends one row (loading the tip first).
pub fn append(conn: &Connection, rec: &AuditRecord) -> rusqlite::Result<i64> {
    Chain::load(conn)?.append(conn, rec)
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

/// Recomputes every hash in id order, streaming (no table is loaded whole).
pub fn verify(conn: &Connection) -> rusqlite::Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, entity, entity_id, details, prev_hash, hash FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut expected_id = 1i64;
    let mut checked = 0u64;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let at: i64 = r.get(1)?;
        let (operator, action, entity): (String, String, String) =
            (r.get(2)?, r.get(3)?, r.get(4)?);
        let entity_id: Option<String> = r.get(5)?;
        let details: String = r.get(6)?;
        let prev_hash: String = r.get(7)?;
        let hash: String = r.get(8)?;
        let computed = row_hash(
            &prev,
            id,
            at,
            [
                &operator,
                &action,
                &entity,
                entity_id.as_deref().unwrap_or(""),
                &details,
            ],
        );
        if id != expected_id || prev_hash != prev || hash != computed {
            return Ok(Verification::Broken {
                row: id.min(expected_id.max(id)),
                checked,
            });
        }
        checked += 1;
        expected_id = id + 1;
        prev = hash;
    }
    Ok(Verification::Intact { rows: checked })
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
