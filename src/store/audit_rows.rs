//! Records in the audit chain.
//!
//! Every audited row carries `audit_id` (the audit row that last recorded it) and
//! `row_hash` (64 bits of SHA-256 over its content as written then). The audit row
//! lists what it covers in `covers` (JSON, inside the row's own hash): for one record
//! its id and hash, for many (a bulk load) their count and a 256-bit sum of per-record
//! terms; a record recorded again names the audit row it came from and the term it
//! leaves behind. `audit_verify` recomputes every row's content hash (naming the exact
//! row when it changed) and adds up the terms of the stored hashes (catching a stored
//! hash recomputed behind the program's back) without ever holding a table in memory.
//!
//! The content hash takes each column by name, NULLs left out, so a nullable column
//! added by a later migration does not change the hash of rows written before it.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, params_from_iter};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// One audited table: its name, the columns that name a row to a person, and
/// whether it has a rowid (the pre-hash boundary is a rowid).
#[derive(Debug)]
pub struct TableSpec {
    pub name: &'static str,
    pub key: &'static [&'static str],
    pub rowid: bool,
}

const fn spec(name: &'static str, key: &'static [&'static str], rowid: bool) -> TableSpec {
    TableSpec { name, key, rowid }
}

/// Every table whose rows the chain records, in the order `audit verify` reads them.
pub const TABLES: &[TableSpec] = &[
    spec("people", &["id"], true),
    spec("visitors", &["id"], true),
    spec("entries", &["id"], true),
    spec("flags", &["id"], true),
    spec("flag_rechecks", &["id"], true),
    spec("approvals", &["id"], true),
    spec("returns", &["id"], true),
    spec("handovers", &["id"], true),
    spec("handover_items", &["handover_id", "key"], false),
    spec("handover_notes", &["id"], true),
    spec("handover_carry", &["handover_id", "kind", "ref_id"], false),
    spec("carry_notes", &["note_id"], true),
    spec("roster", &["date", "shift", "role", "operator"], false),
];

pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

/// SQL text generated from a table's schema (identifiers, never data).
pub struct TableSql {
    /// The key columns, then `audit_id`, `row_hash`, the recomputed content hash.
    pub select: String,
    /// `UPDATE … SET audit_id = ?1, row_hash = <content hash>`; the caller adds WHERE.
    pub update: String,
    /// The key columns, `audit_id`, `row_hash`: enough to release a row about to go.
    pub select_stored: String,
}

/// Builds (once per table and process) the statements over the table's columns as
/// the schema has them now.
pub fn sql_for(conn: &Connection, t: &TableSpec) -> rusqlite::Result<Arc<TableSql>> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Arc<TableSql>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(t.name) {
        return Ok(s.clone());
    }
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns: Vec<String> = stmt
        .query_map([t.name], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    let content: Vec<&String> = columns
        .iter()
        .filter(|c| *c != "audit_id" && *c != "row_hash")
        .collect();
    let mut hash = format!("dd_row_hash('{}'", t.name);
    for c in &content {
        hash.push_str(&format!(", '{c}', \"{c}\""));
    }
    hash.push(')');
    let keys: Vec<String> = t.key.iter().map(|k| format!("\"{k}\"")).collect();
    let keys = keys.join(", ");
    let built = Arc::new(TableSql {
        select: format!("SELECT {keys}, audit_id, row_hash, {hash} FROM {}", t.name),
        update: format!("UPDATE {} SET audit_id = ?1, row_hash = {hash}", t.name),
        select_stored: format!("SELECT {keys}, audit_id, row_hash FROM {}", t.name),
    });
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(t.name, built.clone());
    Ok(built)
}

/// Registers `dd_row_hash(table, name1, value1, …)` on a connection and creates the
/// connection's private key slot (`temp.audit_key`). Called when the store opens.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    // Covering rows adds two cached statements per audited table to every write
    // path; rusqlite's default of 16 would evict the ingest loop's own statements.
    conn.set_prepared_statement_cache_capacity(64);
    conn.create_scalar_function(
        "dd_row_hash",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(content_hash(ctx)),
    )?;
    conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS audit_key (k BLOB NOT NULL)")
}

/// The content hash of one row: the table name, then each non-NULL column as name,
/// type and value (lengths prefixed, so no two rows encode alike).
fn content_hash(ctx: &Context<'_>) -> i64 {
    let mut h = Sha256::new();
    h.update(b"dutydesk-row\x1f");
    if let Some(ValueRef::Text(t)) = (!ctx.is_empty()).then(|| ctx.get_raw(0)) {
        h.update(t);
    }
    let mut i = 1;
    while i + 1 < ctx.len() {
        let value = ctx.get_raw(i + 1);
        if value != ValueRef::Null {
            if let ValueRef::Text(name) = ctx.get_raw(i) {
                h.update([0x1f]);
                h.update(name);
            }
            match value {
                ValueRef::Integer(v) => {
                    h.update(b"\x1fi");
                    h.update(v.to_le_bytes());
                }
                ValueRef::Real(v) => {
                    h.update(b"\x1fr");
                    h.update(v.to_bits().to_le_bytes());
                }
                ValueRef::Text(v) | ValueRef::Blob(v) => {
                    h.update(if matches!(value, ValueRef::Text(_)) {
                        b"\x1ft"
                    } else {
                        b"\x1fb"
                    });
                    h.update((v.len() as u64).to_le_bytes());
                    h.update(v);
                }
                ValueRef::Null => {}
            }
        }
        i += 2;
    }
    first_i64(&h.finalize())
}

fn first_i64(bytes: &[u8]) -> i64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[..8]);
    i64::from_le_bytes(b)
}

/// A 256-bit sum (wrapping) of per-record terms: order-free, so records can be added
/// in any order and a later record's old term taken back out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum([u64; 4]);

impl Sum {
    pub fn add(&mut self, o: &Sum) {
        let mut carry = 0u128;
        for i in 0..4 {
            let s = self.0[i] as u128 + o.0[i] as u128 + carry;
            self.0[i] = s as u64;
            carry = s >> 64;
        }
    }

    pub fn sub(&mut self, o: &Sum) {
        let mut neg = Sum([!o.0[0], !o.0[1], !o.0[2], !o.0[3]]);
        neg.add(&Sum([1, 0, 0, 0]));
        self.add(&neg);
    }

    pub fn hex(&self) -> String {
        let mut bytes = Vec::with_capacity(32);
        for limb in self.0 {
            bytes.extend_from_slice(&limb.to_le_bytes());
        }
        hex::encode(bytes)
    }

    pub fn from_hex(s: &str) -> Option<Sum> {
        let bytes = hex::decode(s).ok()?;
        (bytes.len() == 32).then(|| {
            let mut limbs = [0u64; 4];
            for (i, l) in limbs.iter_mut().enumerate() {
                *l = u64::from_le_bytes(bytes[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
            }
            Sum(limbs)
        })
    }
}

/// The term one record adds: its table, id, stored hash and the audit row recording it.
pub fn term(table: &str, id: &str, row_hash: i64, audit_id: i64) -> Sum {
    let mut h = Sha256::new();
    for part in [
        "dutydesk-term",
        table,
        id,
        &row_hash.to_string(),
        &audit_id.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    let d = h.finalize();
    let mut limbs = [0u64; 4];
    for (i, l) in limbs.iter_mut().enumerate() {
        *l = u64::from_le_bytes(d[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
    }
    Sum(limbs)
}

/// The id of a row as people read it: its key columns (from `start`) joined by `/`.
pub fn key_text(row: &rusqlite::Row<'_>, start: usize, columns: usize) -> rusqlite::Result<String> {
    let mut out = String::new();
    for i in start..start + columns {
        if i > start {
            out.push('/');
        }
        match row.get_ref(i)? {
            ValueRef::Integer(v) => out.push_str(&v.to_string()),
            ValueRef::Text(t) => out.push_str(&String::from_utf8_lossy(t)),
            ValueRef::Real(v) => out.push_str(&v.to_string()),
            ValueRef::Null => {}
            ValueRef::Blob(b) => out.push_str(&hex::encode(b)),
        }
    }
    Ok(out)
}

/// Which rows of a table an audit row records.
#[derive(Debug, Clone)]
pub struct Covered {
    pub table: &'static str,
    /// A WHERE clause of fixed text (the caller's constant) with `?2`, `?3`… for
    /// `values` (`?1` is the audit id in the UPDATE).
    filter: &'static str,
    values: Vec<Value>,
}

impl Covered {
    /// One row by its integer primary key (`id`, or `note_id` for `carry_notes`).
    pub fn row(table: &'static str, id: i64) -> Covered {
        let filter = match table {
            "carry_notes" => "note_id = ?2",
            _ => "id = ?2",
        };
        Covered {
            table,
            filter,
            values: vec![Value::Integer(id)],
        }
    }

    /// A person by 学号/工号.
    pub fn person(id: &str) -> Covered {
        Covered {
            table: "people",
            filter: "id = ?2",
            values: vec![Value::Text(id.to_string())],
        }
    }

    /// Every row whose rowid is above `after` (a bulk load's new rows).
    pub fn after(table: &'static str, after: i64) -> Covered {
        Covered {
            table,
            filter: "rowid > ?2",
            values: vec![Value::Integer(after)],
        }
    }

    /// Rows chosen by a fixed WHERE clause over `?2…`.
    pub fn filter(table: &'static str, filter: &'static str, values: Vec<Value>) -> Covered {
        Covered {
            table,
            filter,
            values,
        }
    }

    /// A handover record with its checklist, notes and accepted carry-over.
    pub fn handover(id: i64) -> Vec<Covered> {
        let v = || vec![Value::Integer(id)];
        vec![
            Covered::row("handovers", id),
            Covered::filter("handover_items", "handover_id = ?2", v()),
            Covered::filter("handover_notes", "handover_id = ?2", v()),
            Covered::filter("handover_carry", "handover_id = ?2", v()),
            Covered::filter(
                "carry_notes",
                "note_id IN (SELECT id FROM handover_notes WHERE handover_id = ?2)",
                v(),
            ),
        ]
    }
}

/// The highest rowid of a table now (the start of a bulk load).
pub fn max_rowid(conn: &Connection, table: &'static str) -> rusqlite::Result<i64> {
    let t = self::table(table).map(|t| t.name).unwrap_or("entries");
    // The table name is one of our constants, not data.
    conn.query_row(
        &format!("SELECT coalesce(max(rowid), 0) FROM {t}"),
        [],
        |r| r.get(0),
    )
}

/// What one table contributes to the audit row being prepared.
#[derive(Debug, Default)]
struct Group {
    n: u64,
    single: Option<(String, i64)>,
    add: Sum,
    /// Terms left behind by re-recorded or released rows, by the audit row that had
    /// recorded them.
    del: BTreeMap<i64, Sum>,
}

/// The records the next audit row covers, gathered while the change is written.
#[derive(Debug, Default)]
pub struct Pending {
    groups: BTreeMap<&'static str, Group>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Records the rows as they are now under `audit_id`: computes each content hash,
    /// stores it with the audit id, and adds the rows to the claim (taking out the
    /// term each one leaves behind from the audit row that recorded it before).
    pub fn cover(&mut self, conn: &Connection, audit_id: i64, c: &Covered) -> rusqlite::Result<()> {
        let t = spec_of(c)?;
        let sql = sql_for(conn, t)?;
        let group = self.groups.entry(t.name).or_default();
        let mut params: Vec<Value> = vec![Value::Integer(audit_id)];
        params.extend(c.values.iter().cloned());
        {
            let mut stmt = conn.prepare_cached(&format!("{} WHERE {}", sql.select, c.filter))?;
            let mut rows = stmt.query(params_from_iter(params.iter()))?;
            let keys = t.key.len();
            while let Some(r) = rows.next()? {
                let id = key_text(r, 0, keys)?;
                let old_audit: Option<i64> = r.get(keys)?;
                let old_hash: Option<i64> = r.get(keys + 1)?;
                let new_hash: i64 = r.get(keys + 2)?;
                group.add.add(&term(t.name, &id, new_hash, audit_id));
                if let (Some(a), Some(h)) = (old_audit, old_hash)
                    && a > 0
                {
                    group
                        .del
                        .entry(a)
                        .or_default()
                        .add(&term(t.name, &id, h, a));
                }
                group.n += 1;
                group.single = (group.n == 1).then_some((id, new_hash));
            }
        }
        conn.prepare_cached(&format!("{} WHERE {}", sql.update, c.filter))?
            .execute(params_from_iter(params.iter()))?;
        Ok(())
    }

    /// Takes rows about to be deleted by the change (a roster shift replaced) out of
    /// the chain's account.
    pub fn release(&mut self, conn: &Connection, c: &Covered) -> rusqlite::Result<()> {
        let t = spec_of(c)?;
        let sql = sql_for(conn, t)?;
        let group = self.groups.entry(t.name).or_default();
        let mut params: Vec<Value> = vec![Value::Null];
        params.extend(c.values.iter().cloned());
        let mut stmt = conn.prepare_cached(&format!("{} WHERE {}", sql.select_stored, c.filter))?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let keys = t.key.len();
        while let Some(r) = rows.next()? {
            let id = key_text(r, 0, keys)?;
            let old_audit: Option<i64> = r.get(keys)?;
            let old_hash: Option<i64> = r.get(keys + 1)?;
            if let (Some(a), Some(h)) = (old_audit, old_hash)
                && a > 0
            {
                group
                    .del
                    .entry(a)
                    .or_default()
                    .add(&term(t.name, &id, h, a));
            }
        }
        Ok(())
    }

    /// The `covers` JSON of the audit row, and the pending claims cleared.
    pub fn take_json(&mut self) -> String {
        let groups: Vec<serde_json::Value> = std::mem::take(&mut self.groups)
            .into_iter()
            .map(|(t, g)| {
                let mut o = serde_json::Map::new();
                o.insert("t".into(), t.into());
                match (&g.single, g.n) {
                    (Some((id, h)), 1) => {
                        o.insert("id".into(), id.clone().into());
                        o.insert("h".into(), (*h).into());
                    }
                    _ => {
                        o.insert("n".into(), g.n.into());
                        o.insert("add".into(), g.add.hex().into());
                    }
                }
                if !g.del.is_empty() {
                    let del: serde_json::Map<String, serde_json::Value> = g
                        .del
                        .iter()
                        .map(|(a, s)| (a.to_string(), s.hex().into()))
                        .collect();
                    o.insert("del".into(), del.into());
                }
                serde_json::Value::Object(o)
            })
            .collect();
        serde_json::Value::Array(groups).to_string()
    }
}

fn spec_of(c: &Covered) -> rusqlite::Result<&'static TableSpec> {
    table(c.table).ok_or_else(|| rusqlite::Error::InvalidParameterName(c.table.to_string()))
}

/// One table's part of an audit row's `covers`, as read back by verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub table: String,
    /// One record: its id and hash. Many: their count and the sum of their terms.
    pub single: Option<(String, i64)>,
    pub n: u64,
    pub add: Sum,
    pub del: Vec<(i64, Sum)>,
}

/// Reads an audit row's `covers`; `None` when it is not what `take_json` writes.
pub fn parse_claims(covers: &str) -> Option<Vec<Claim>> {
    let v: serde_json::Value = serde_json::from_str(covers).ok()?;
    let mut out = Vec::new();
    for g in v.as_array()? {
        let table = g.get("t")?.as_str()?.to_string();
        let single = match (g.get("id"), g.get("h")) {
            (Some(id), Some(h)) => Some((id.as_str()?.to_string(), h.as_i64()?)),
            _ => None,
        };
        let n = if single.is_some() {
            1
        } else {
            g.get("n")?.as_u64()?
        };
        let add = match g.get("add") {
            Some(a) => Sum::from_hex(a.as_str()?)?,
            None => Sum::default(),
        };
        let mut del = Vec::new();
        if let Some(d) = g.get("del") {
            for (a, s) in d.as_object()? {
                del.push((a.parse().ok()?, Sum::from_hex(s.as_str()?)?));
            }
        }
        out.push(Claim {
            table,
            single,
            n,
            add,
            del,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sum() -> impl Strategy<Value = Sum> {
        any::<[u64; 4]>().prop_map(Sum)
    }

    proptest! {
        #[test]
        fn a_term_taken_out_leaves_the_sum_as_it_was(a in sum(), b in sum()) {
            let mut s = a;
            s.add(&b);
            s.sub(&b);
            prop_assert_eq!(s, a);
        }

        #[test]
        fn sums_read_back_from_their_hex(a in sum()) {
            prop_assert_eq!(Sum::from_hex(&a.hex()), Some(a));
        }

        #[test]
        fn any_covers_text_is_read_or_refused_without_panicking(text in ".{0,200}") {
            let _ = parse_claims(&text);
        }

        #[test]
        fn claims_read_back_as_written(
            id in "[A-Za-z0-9/]{1,12}",
            h in any::<i64>(),
            n in 2u64..1_000_000,
            add in sum(),
            old in 1i64..1_000_000,
            del in sum(),
        ) {
            let text = serde_json::json!([
                { "t": "entries", "id": id, "h": h },
                { "t": "people", "n": n, "add": add.hex(), "del": { old.to_string(): del.hex() } },
            ])
            .to_string();
            let claims = parse_claims(&text).unwrap();
            prop_assert_eq!(claims[0].single.clone(), Some((id, h)));
            prop_assert_eq!(claims[1].n, n);
            prop_assert_eq!(claims[1].add, add);
            prop_assert_eq!(claims[1].del.clone(), vec![(old, del)]);
        }
    }
}
