//! `audit verify`: the chain, the records it covers, and the anchors kept outside
//! the file, in two streaming passes (audit rows in id order, then each table in
//! rowid order). Memory holds per-table sums and one entry per bulk audit row, never
//! a table.

use super::audit::{GENESIS, StoredRow, key};
use super::audit_rows::{self, Sum, TABLES, parse_claims, sql_for, term};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// At most this many problems are listed; all are counted.
pub const MAX_LISTED: usize = 1000;

/// A chain head kept outside the database: given on the command line, or the latest
/// one written to the log file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// `"head"` (the `--head` argument) or `"log"` (the log file).
    pub source: &'static str,
    pub id: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    pub anchor: Anchor,
    pub ok: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    RowChanged,
    RowUnaudited,
    ChainBroken,
    ChainTruncated,
    HmacMismatch,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::RowChanged => "row_changed",
            ProblemKind::RowUnaudited => "row_unaudited",
            ProblemKind::ChainBroken => "chain_broken",
            ProblemKind::ChainTruncated => "chain_truncated",
            ProblemKind::HmacMismatch => "hmac_mismatch",
        }
    }
}

/// One finding. `why` says which check found it (the sentence shown to a person is
/// `audit.why.<why>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub why: &'static str,
    pub table: Option<&'static str>,
    pub id: Option<String>,
    pub audit_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub audit_rows: u64,
    /// Audit rows written before records entered the chain.
    pub prehash_audit_rows: u64,
    pub keyed_rows: u64,
    pub records: u64,
    /// Records written before records entered the chain (verified as before).
    pub prehash_records: u64,
    pub head: Option<(i64, String)>,
    pub anchors: Vec<AnchorCheck>,
    pub problems: Vec<Problem>,
    pub problems_total: u64,
    /// The first audit row whose link or hash fails, and how many rows before it
    /// checked out.
    pub first_break: Option<(i64, u64)>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems_total == 0
    }

    fn push(&mut self, p: Problem) {
        self.problems_total += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(p);
        }
    }

    fn chain(&mut self, kind: ProblemKind, why: &'static str, audit_id: i64) {
        if self.first_break.is_none() && matches!(why, "gap" | "link" | "hash" | "covers") {
            self.first_break = Some((audit_id, self.audit_rows.saturating_sub(1)));
        }
        self.push(Problem {
            kind,
            why,
            table: None,
            id: None,
            audit_id: Some(audit_id),
        });
    }
}

/// What the chain says the tables should add up to.
#[derive(Default)]
struct Expected {
    singles: HashMap<&'static str, Sum>,
    /// (audit id, table) of audit rows covering many records.
    bulk: HashMap<(i64, &'static str), Sum>,
}

pub fn verify_all(conn: &Connection, anchors: &[Anchor]) -> rusqlite::Result<Report> {
    let mut report = Report::default();
    let expected = walk_chain(conn, anchors, &mut report)?;
    let tip = report.head.as_ref().map_or(0, |h| h.0);
    check_records(conn, tip, expected, &mut report)?;
    Ok(report)
}

fn table_name(t: &str) -> Option<&'static str> {
    audit_rows::table(t).map(|s| s.name)
}

/// Pass 1: every link and hash in id order, the anchors, and the claims summed.
fn walk_chain(
    conn: &Connection,
    anchors: &[Anchor],
    report: &mut Report,
) -> rusqlite::Result<Expected> {
    let key = key(conn)?;
    let mut expected = Expected::default();
    let mut stmt = conn.prepare(
        "SELECT id, at, operator, action, entity, entity_id, details, prev_hash, hash, covers, keyed
         FROM audit ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut next_id = 1i64;
    let mut keyed_seen = false;
    let mut key_missing_told = false;
    while let Some(r) = rows.next()? {
        let row = StoredRow::read(r)?;
        report.audit_rows += 1;
        if row.id != next_id {
            // Rows before this one are missing.
            report.chain(ProblemKind::ChainBroken, "gap", row.id);
        }
        if row.prev_hash != prev {
            report.chain(ProblemKind::ChainBroken, "link", row.id);
        }
        match row.expected_hash(key.as_deref()) {
            None => {
                if !key_missing_told {
                    report.chain(ProblemKind::HmacMismatch, "key_needed", row.id);
                    key_missing_told = true;
                }
            }
            Some(h) if h != row.hash => {
                let kind = if row.keyed {
                    ProblemKind::HmacMismatch
                } else {
                    ProblemKind::ChainBroken
                };
                report.chain(kind, "hash", row.id);
            }
            Some(_) => {}
        }
        if row.keyed {
            keyed_seen = true;
            report.keyed_rows += 1;
        } else if keyed_seen && key.is_some() {
            // A plain row after keyed ones: written by someone without the key.
            report.chain(ProblemKind::HmacMismatch, "unkeyed", row.id);
        }
        for a in anchors.iter().filter(|a| a.id == row.id) {
            let ok = row.hash.starts_with(&a.hash.to_ascii_lowercase());
            if !ok {
                report.chain(ProblemKind::ChainBroken, "anchor_differs", a.id);
            }
            report.anchors.push(AnchorCheck {
                anchor: a.clone(),
                ok,
            });
        }
        match &row.covers {
            None => report.prehash_audit_rows += 1,
            Some(covers) => match parse_claims(covers) {
                Some(claims) => add_claims(&mut expected, row.id, claims),
                None => report.chain(ProblemKind::ChainBroken, "covers", row.id),
            },
        }
        next_id = row.id + 1;
        report.head = Some((row.id, row.hash.clone()));
        prev = row.hash;
    }
    let tip = next_id - 1;
    for a in anchors.iter().filter(|a| a.id > tip || a.id < 1) {
        report.chain(ProblemKind::ChainTruncated, "anchor_beyond", a.id);
        report.anchors.push(AnchorCheck {
            anchor: a.clone(),
            ok: false,
        });
    }
    Ok(expected)
}

fn add_claims(expected: &mut Expected, audit_id: i64, claims: Vec<audit_rows::Claim>) {
    for c in claims {
        let Some(t) = table_name(&c.table) else {
            continue;
        };
        match &c.single {
            Some((id, h)) => expected
                .singles
                .entry(t)
                .or_default()
                .add(&term(t, id, *h, audit_id)),
            None => {
                expected.bulk.insert((audit_id, t), c.add);
            }
        }
        for (old, s) in &c.del {
            match expected.bulk.get_mut(&(*old, t)) {
                Some(sum) => sum.sub(s),
                None => expected.singles.entry(t).or_default().sub(s),
            }
        }
    }
}

/// Pass 2: each table in rowid order; every row's content against its stored hash,
/// every stored hash summed against the chain.
fn check_records(
    conn: &Connection,
    tip: i64,
    mut expected: Expected,
    report: &mut Report,
) -> rusqlite::Result<()> {
    let boundaries: HashMap<String, i64> = conn
        .prepare("SELECT tbl, max_rowid FROM audit_prehash")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut truncated = false;
    for t in TABLES {
        let sql = sql_for(conn, t)?;
        let order = if t.rowid { " ORDER BY rowid" } else { "" };
        let select = sql.select.replacen(
            "SELECT ",
            if t.rowid {
                "SELECT rowid, "
            } else {
                "SELECT NULL, "
            },
            1,
        );
        let boundary = boundaries.get(t.name).copied().unwrap_or(0);
        let keys = t.key.len();
        let mut singles = Sum::default();
        let mut bulk: HashMap<i64, Sum> = HashMap::new();
        let mut stmt = conn.prepare(&format!("{select}{order}"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            report.records += 1;
            let rowid: Option<i64> = r.get(0)?;
            let audit_id: Option<i64> = r.get(keys + 1)?;
            let stored: Option<i64> = r.get(keys + 2)?;
            let computed: i64 = r.get(keys + 3)?;
            let problem = |kind, why, audit_id| Problem {
                kind,
                why,
                table: Some(t.name),
                id: audit_rows::key_text(r, 1, keys).ok(),
                audit_id,
            };
            let (audit_id, stored) = match (audit_id, stored) {
                (None, _) if rowid.is_some_and(|r| r <= boundary) => {
                    report.prehash_records += 1;
                    continue;
                }
                (Some(0), _) if !t.rowid => {
                    report.prehash_records += 1;
                    continue;
                }
                (Some(a), Some(h)) if a > 0 => (a, h),
                _ => {
                    report.push(problem(ProblemKind::RowUnaudited, "unaudited", None));
                    continue;
                }
            };
            if audit_id > tip {
                truncated = true;
                report.push(problem(
                    ProblemKind::ChainTruncated,
                    "row_beyond",
                    Some(audit_id),
                ));
                continue;
            }
            if computed != stored {
                report.push(problem(ProblemKind::RowChanged, "content", Some(audit_id)));
            }
            let id = audit_rows::key_text(r, 1, keys)?;
            let term = term(t.name, &id, stored, audit_id);
            if expected.bulk.contains_key(&(audit_id, t.name)) {
                bulk.entry(audit_id).or_default().add(&term);
            } else {
                singles.add(&term);
            }
        }
        if truncated {
            // Terms taken out by the lost rows are unknown: the sums cannot agree,
            // and the truncation is already named.
            continue;
        }
        if expected.singles.remove(t.name).unwrap_or_default() != singles {
            name_rehashed(conn, t, tip, &expected, report)?;
        }
        let mut groups: Vec<(i64, Sum)> = expected
            .bulk
            .iter()
            .filter(|((_, name), _)| *name == t.name)
            .map(|((a, _), s)| (*a, *s))
            .collect();
        groups.sort_by_key(|g| g.0);
        for (a, want) in groups {
            if bulk.get(&a).copied().unwrap_or_default() != want {
                report.push(Problem {
                    kind: ProblemKind::RowChanged,
                    why: "bulk",
                    table: Some(t.name),
                    id: None,
                    audit_id: Some(a),
                });
            }
        }
    }
    Ok(())
}

/// The slow path, taken only when a table's single-record sum is off: each row
/// recorded on its own is looked up in the claims of its audit row.
fn name_rehashed(
    conn: &Connection,
    t: &'static audit_rows::TableSpec,
    tip: i64,
    expected: &Expected,
    report: &mut Report,
) -> rusqlite::Result<()> {
    let sql = sql_for(conn, t)?;
    let keys = t.key.len();
    let mut claims_of = conn.prepare("SELECT covers FROM audit WHERE id = ?1")?;
    let mut stmt = conn.prepare(&sql.select)?;
    let mut rows = stmt.query([])?;
    let mut cached: Option<(i64, Vec<audit_rows::Claim>)> = None;
    let before = report.problems_total;
    while let Some(r) = rows.next()? {
        let (Some(a), Some(h)) = (
            r.get::<_, Option<i64>>(keys)?,
            r.get::<_, Option<i64>>(keys + 1)?,
        ) else {
            continue;
        };
        let computed: i64 = r.get(keys + 2)?;
        if a < 1 || a > tip || expected.bulk.contains_key(&(a, t.name)) || computed != h {
            continue; // pre-hash, truncated, bulk, or already named as changed
        }
        if cached.as_ref().is_none_or(|c| c.0 != a) {
            let covers: Option<String> =
                claims_of.query_row([a], |r| r.get(0)).optional()?.flatten();
            cached = Some((
                a,
                covers.as_deref().and_then(parse_claims).unwrap_or_default(),
            ));
        }
        let id = audit_rows::key_text(r, 0, keys)?;
        let claimed = cached.as_ref().is_some_and(|(_, claims)| {
            claims
                .iter()
                .any(|c| c.table == t.name && c.single.as_ref() == Some(&(id.clone(), h)))
        });
        if !claimed {
            report.push(Problem {
                kind: ProblemKind::RowChanged,
                why: "rehashed",
                table: Some(t.name),
                id: Some(id),
                audit_id: Some(a),
            });
        }
    }
    if report.problems_total == before {
        // Nothing left to point at: a recorded row is gone.
        report.push(Problem {
            kind: ProblemKind::RowChanged,
            why: "missing",
            table: Some(t.name),
            id: None,
            audit_id: None,
        });
    }
    Ok(())
}
