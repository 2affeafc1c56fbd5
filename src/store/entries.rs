//! Gate entries: insert, windowed lists on indexed columns, and day counters.
//! No query here reads a whole table: every list is a range or an index lookup with
//! a LIMIT, so a year of data costs what a day does.

use crate::clock::from_ms;
use crate::domain::entry::Warning;
use crate::domain::entry::{EntryVoid, GateEntry};
use crate::domain::{CodeColour, Decision, Direction, PersonKind, Reason, Tenths};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};
use std::rc::Rc;

/// What a new entry stores.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub at_ms: i64,
    pub gate: String,
    pub direction: Direction,
    pub person_id: Option<String>,
    pub visitor_id: Option<i64>,
    pub host_id: Option<String>,
    pub visit_reason: Option<String>,
    pub temp: Tenths,
    pub code: Option<CodeColour>,
    pub venue_scan: bool,
    pub decision: Decision,
    pub reasons: Vec<Reason>,
    pub flagged: bool,
    pub threshold: Tenths,
    pub operator: String,
    /// The approved visitor request the entry was made under.
    pub approval_id: Option<i64>,
    /// The visitor's name as registered (an entry is never renamed by a later visit).
    pub visitor_name: Option<String>,
    pub warnings: Vec<Warning>,
    /// The active fever case that refused the entry.
    pub open_case_id: Option<i64>,
}

/// Which entries to list. Empty filter: the newest `limit` entries.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub since_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub gate: Option<String>,
    pub person_id: Option<String>,
    pub visitor_id: Option<i64>,
    pub flagged_only: bool,
    pub denied_only: bool,
    /// A text search already resolved to ids: entries of these people or visitors, or
    /// at a gate of exactly this name.
    pub matching: Option<Matching>,
    /// Keyset paging: only entries older than this (at, id).
    pub before: Option<(i64, i64)>,
    pub limit: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Matching {
    pub person_ids: Vec<String>,
    pub visitor_ids: Vec<i64>,
    pub gate: Option<String>,
}

/// Today's counters on the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub entries_in: i64,
    pub entries_out: i64,
    pub denied: i64,
    pub flagged: i64,
    pub visitors: i64,
}

macro_rules! select_entries {
    () => {
        "SELECT e.id, e.at, e.gate, e.direction, e.person_id, e.visitor_id,
                COALESCE(p.name, e.visitor_name, v.name, ''), COALESCE(p.kind, 'visitor'),
                e.temp, e.code, e.venue_scan, e.denied, e.reasons, e.flagged, e.threshold,
                e.operator, e.host_id, e.visit_reason, e.approval_id, e.warnings,
                e.open_case_id, e.void_by, e.void_at, e.void_reason
         FROM entries e
         LEFT JOIN people p ON p.id = e.person_id
         LEFT JOIN visitors v ON v.id = e.visitor_id"
    };
}

fn from_row(r: &Row) -> rusqlite::Result<GateEntry> {
    let direction: String = r.get(3)?;
    let kind: String = r.get(7)?;
    let code: Option<String> = r.get(9)?;
    Ok(GateEntry {
        id: r.get(0)?,
        at: from_ms(r.get(1)?),
        gate: r.get(2)?,
        direction: Direction::parse(&direction).unwrap_or(Direction::In),
        person_id: r.get(4)?,
        visitor_id: r.get(5)?,
        name: r.get(6)?,
        kind: PersonKind::parse(&kind).unwrap_or(PersonKind::Visitor),
        temp: Tenths(r.get(8)?),
        code: code.as_deref().and_then(CodeColour::parse),
        venue_scan: r.get(10)?,
        decision: if r.get::<_, bool>(11)? {
            Decision::Denied
        } else {
            Decision::Admitted
        },
        reasons: Reason::from_bits(r.get(12)?),
        flagged: r.get(13)?,
        threshold: Tenths(r.get(14)?),
        operator: r.get(15)?,
        host_id: r.get(16)?,
        visit_reason: r.get(17)?,
        approval_id: r.get(18)?,
        warnings: Warning::from_bits(r.get(19)?),
        open_case: r.get(20)?,
        void: match (
            r.get::<_, Option<String>>(21)?,
            r.get::<_, Option<i64>>(22)?,
        ) {
            (Some(by), Some(at)) => Some(EntryVoid {
                by,
                at: from_ms(at),
                reason: r.get::<_, Option<String>>(23)?.unwrap_or_default(),
            }),
            _ => None,
        },
    })
}

/// Marks an entry void. False when it does not exist or is void already (a
/// void is never overwritten).
pub fn mark_void(
    conn: &Connection,
    id: i64,
    by: &str,
    at_ms: i64,
    reason: &str,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE entries SET void_by = ?2, void_at = ?3, void_reason = ?4
             WHERE id = ?1 AND void_at IS NULL",
        )?
        .execute(params![id, by, at_ms, reason])?;
    Ok(n == 1)
}

pub fn insert(conn: &Connection, e: &NewEntry) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO entries (at, gate, direction, person_id, visitor_id, host_id, visit_reason, temp,
                              code, venue_scan, denied, reasons, flagged, threshold, operator,
                              approval_id, visitor_name, warnings, open_case_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19)",
    )?
    .execute(params![
        e.at_ms,
        e.gate,
        e.direction.as_str(),
        e.person_id,
        e.visitor_id,
        e.host_id,
        e.visit_reason,
        e.temp.0,
        e.code.map(CodeColour::as_str),
        e.venue_scan,
        e.decision == Decision::Denied,
        Reason::to_bits(&e.reasons),
        e.flagged,
        e.threshold.0,
        e.operator,
        e.approval_id,
        e.visitor_name,
        Warning::to_bits(&e.warnings),
        e.open_case_id,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<GateEntry>> {
    conn.prepare_cached(concat!(select_entries!(), " WHERE e.id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The SQL and parameters of a list query. The WHERE clause is assembled from fixed
/// fragments only; every value is a bound parameter (id lists go through the
/// `rarray` table function).
fn list_query(f: &EntryFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let (where_sql, mut values) = where_clause(f);
    let mut sql = String::from(select_entries!());
    sql.push_str(&where_sql);
    sql.push_str(" ORDER BY e.at DESC, e.id DESC LIMIT ?");
    values.push(Box::new(f.limit as i64));
    (sql, values)
}

/// How many entries meet the filter, without its limit (to say how many more
/// there are when a list was cut).
pub fn count_matching(conn: &Connection, f: &EntryFilter) -> rusqlite::Result<i64> {
    let (where_sql, values) = where_clause(f);
    let sql = format!("SELECT count(*) FROM entries e{where_sql}");
    let params: Vec<&dyn ToSql> = values.iter().map(|b| b.as_ref()).collect();
    conn.prepare_cached(&sql)?
        .query_row(params.as_slice(), |r| r.get(0))
}

/// The WHERE clause of a filter (empty, or starting with a space) and its values.
fn where_clause(f: &EntryFilter) -> (String, Vec<Box<dyn ToSql>>) {
    let mut sql = String::new();
    let mut clauses: Vec<&str> = Vec::new();
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    if let Some(v) = f.since_ms {
        clauses.push("e.at >= ?");
        values.push(Box::new(v));
    }
    if let Some(v) = f.until_ms {
        clauses.push("e.at < ?");
        values.push(Box::new(v));
    }
    if let Some((at, id)) = f.before {
        clauses.push("(e.at < ? OR (e.at = ? AND e.id < ?))");
        values.push(Box::new(at));
        values.push(Box::new(at));
        values.push(Box::new(id));
    }
    if let Some(v) = &f.gate {
        clauses.push("e.gate = ?");
        values.push(Box::new(v.clone()));
    }
    if let Some(v) = &f.person_id {
        clauses.push("e.person_id = ?");
        values.push(Box::new(v.clone()));
    }
    if let Some(v) = f.visitor_id {
        clauses.push("e.visitor_id = ?");
        values.push(Box::new(v));
    }
    // Literal conditions, so the partial indexes apply.
    if f.flagged_only {
        clauses.push("e.flagged = 1");
    }
    if f.denied_only {
        clauses.push("e.denied = 1");
    }
    if let Some(m) = &f.matching {
        clauses.push("(e.person_id IN rarray(?) OR e.visitor_id IN rarray(?) OR e.gate = ?)");
        let people: Vec<Value> = m.person_ids.iter().cloned().map(Value::from).collect();
        let visitors: Vec<Value> = m.visitor_ids.iter().copied().map(Value::from).collect();
        values.push(Box::new(Rc::new(people)));
        values.push(Box::new(Rc::new(visitors)));
        values.push(Box::new(m.gate.clone()));
    }
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    (sql, values)
}

/// Newest first.
pub fn list(conn: &Connection, f: &EntryFilter) -> rusqlite::Result<Vec<GateEntry>> {
    let (sql, values) = list_query(f);
    let mut stmt = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn ToSql> = values.iter().map(|b| b.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), from_row)?;
    rows.collect()
}

/// The plan SQLite chooses for a list query (`EXPLAIN QUERY PLAN`, one detail line per
/// step), so tests can check that every list the desk runs is an index range with no
/// full scan and no sort: that is what keeps a year as cheap as a day.
pub fn list_plan(conn: &Connection, f: &EntryFilter) -> rusqlite::Result<Vec<String>> {
    let (sql, values) = list_query(f);
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let params: Vec<&dyn ToSql> = values.iter().map(|b| b.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), |r| r.get::<_, String>(3))?;
    rows.collect()
}

/// The plan of the day counters (see `list_plan`).
pub fn counts_plan(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {COUNTS_SQL}"))?;
    let rows = stmt.query_map([0i64, 1i64], |r| r.get::<_, String>(3))?;
    rows.collect()
}

const COUNTS_SQL: &str =
    "SELECT COALESCE(sum(direction = 'in'), 0), COALESCE(sum(direction = 'out'), 0),
                COALESCE(sum(denied), 0), COALESCE(sum(flagged), 0),
                COALESCE(sum(visitor_id IS NOT NULL AND direction = 'in'), 0)
         FROM entries WHERE at >= ?1 AND at < ?2 AND void_at IS NULL";

/// Counters for `[start, end)`; void entries are not counted.
pub fn counts(conn: &Connection, start_ms: i64, end_ms: i64) -> rusqlite::Result<DayCounts> {
    conn.prepare_cached(COUNTS_SQL)?
        .query_row([start_ms, end_ms], |r| {
            Ok(DayCounts {
                entries_in: r.get(0)?,
                entries_out: r.get(1)?,
                denied: r.get(2)?,
                flagged: r.get(3)?,
                visitors: r.get(4)?,
            })
        })
}

/// Entries on file, void ones left out.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM entries WHERE void_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Who an entry belongs to, for the look-ups made while writing one.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Person(&'a str),
    Visitor(i64),
}

/// The code colour of the person's latest refusal for a yellow or red code at or after
/// `since_ms`. The conditions are spelt as literals so the small partial indexes
/// `entries_code_refused_*` apply (6 = the bits of `code_yellow` and `code_red`).
pub fn refused_code_since(
    conn: &Connection,
    who: Subject,
    since_ms: i64,
) -> rusqlite::Result<Option<CodeColour>> {
    let code: Option<Option<String>> = match who {
        Subject::Person(id) => conn
            .prepare_cached(REFUSED_CODE_PERSON)?
            .query_row(params![id, since_ms], |r| r.get(0))
            .optional()?,
        Subject::Visitor(id) => conn
            .prepare_cached(REFUSED_CODE_VISITOR)?
            .query_row(params![id, since_ms], |r| r.get(0))
            .optional()?,
    };
    Ok(code.flatten().as_deref().and_then(CodeColour::parse))
}

const REFUSED_CODE_PERSON: &str = "SELECT code FROM entries
     WHERE person_id = ?1 AND at >= ?2 AND denied = 1 AND (reasons & 6) != 0
       AND person_id IS NOT NULL AND void_at IS NULL
     ORDER BY at DESC LIMIT 1";
const REFUSED_CODE_VISITOR: &str = "SELECT code FROM entries
     WHERE visitor_id = ?1 AND at >= ?2 AND denied = 1 AND (reasons & 6) != 0
       AND visitor_id IS NOT NULL AND void_at IS NULL
     ORDER BY at DESC LIMIT 1";

/// The plans of the refused-today look-ups (see `list_plan`).
pub fn refused_code_plans(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    for (sql, id) in [
        (REFUSED_CODE_PERSON, Value::from("S1".to_string())),
        (REFUSED_CODE_VISITOR, Value::from(1i64)),
    ] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params![id, 0i64], |r| r.get::<_, String>(3))?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

/// The id of the newest entry, for cheap "anything new?" checks.
pub fn latest_id(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(max(id), 0) FROM entries", [], |r| r.get(0))
}
