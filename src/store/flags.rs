//! Fever cases and their re-checks. Active cases are found through a partial index
//! (`closed_at IS NULL`), so their cost does not grow with the history; the history is
//! a windowed query, newest first.

use crate::clock::{from_ms, to_ms};
use crate::domain::flag::{FlagCase, FlagStatus, Recheck};
use crate::domain::{PersonKind, Tenths};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;
use std::rc::Rc;

macro_rules! select_flags {
    () => {
        "SELECT f.id, f.entry_id, f.person_id, f.visitor_id, COALESCE(p.name, v.name, ''),
                COALESCE(p.kind, 'visitor'), COALESCE(e.gate, ''), f.first_at, f.first_temp, f.threshold,
                f.opened_by, f.status, f.confirmed, f.recheck_due, f.report_due, f.place,
                f.arrived_at, f.observed_by, f.referred_to, f.referred_at, f.referred_by,
                f.note, f.reported_to, f.reported_at, f.reported_by, f.closed_at, f.closed_by,
                f.outcome, f.version, f.reading_id, hr.check_key
         FROM flags f
         LEFT JOIN entries e ON e.id = f.entry_id
         LEFT JOIN health_readings hr ON hr.id = f.reading_id
         LEFT JOIN people p ON p.id = f.person_id
         LEFT JOIN visitors v ON v.id = f.visitor_id"
    };
}

fn opt_time(r: &Row, i: usize) -> rusqlite::Result<Option<chrono::DateTime<chrono::Utc>>> {
    Ok(r.get::<_, Option<i64>>(i)?.map(from_ms))
}

fn from_row(r: &Row) -> rusqlite::Result<FlagCase> {
    let kind: String = r.get(5)?;
    let status: String = r.get(11)?;
    Ok(FlagCase {
        id: r.get(0)?,
        entry_id: r.get(1)?,
        person_id: r.get(2)?,
        visitor_id: r.get(3)?,
        name: r.get(4)?,
        kind: PersonKind::parse(&kind).unwrap_or(PersonKind::Visitor),
        gate: r.get(6)?,
        first_at: from_ms(r.get(7)?),
        first_temp: Tenths(r.get(8)?),
        threshold: Tenths(r.get(9)?),
        opened_by: r.get(10)?,
        status: FlagStatus::parse(&status).unwrap_or(FlagStatus::Open),
        confirmed: r.get(12)?,
        recheck_due: from_ms(r.get(13)?),
        report_due: from_ms(r.get(14)?),
        place: r.get(15)?,
        arrived_at: opt_time(r, 16)?,
        observed_by: r.get(17)?,
        referred_to: r.get(18)?,
        referred_at: opt_time(r, 19)?,
        referred_by: r.get(20)?,
        note: r.get(21)?,
        reported_to: r.get(22)?,
        reported_at: opt_time(r, 23)?,
        reported_by: r.get(24)?,
        closed_at: opt_time(r, 25)?,
        closed_by: r.get(26)?,
        outcome: r.get(27)?,
        version: r.get(28)?,
        reading_id: r.get(29)?,
        reading_check: r.get(30)?,
        rechecks: Vec::new(),
    })
}

/// Opens the case of a flagged entry, copying who, when and what from the entry row.
/// Returns the case id.
pub fn open_for_entry(
    conn: &Connection,
    entry_id: i64,
    recheck_due_ms: i64,
    report_due_ms: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO flags (entry_id, person_id, visitor_id, first_at, first_temp, threshold,
                            opened_by, recheck_due, report_due)
         SELECT id, person_id, visitor_id, at, temp, threshold, operator, ?2, ?3
         FROM entries WHERE id = ?1",
    )?
    .execute(params![entry_id, recheck_due_ms, report_due_ms])?;
    Ok(conn.last_insert_rowid())
}

/// Opens the case of a fever health-check reading, copying who, when and what from
/// the reading. Returns the case id.
pub fn open_for_reading(
    conn: &Connection,
    reading_id: i64,
    recheck_due_ms: i64,
    report_due_ms: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO flags (reading_id, person_id, first_at, first_temp, threshold,
                            opened_by, recheck_due, report_due)
         SELECT id, person_id, at, temp, threshold, recorded_by, ?2, ?3
         FROM health_readings WHERE id = ?1",
    )?
    .execute(params![reading_id, recheck_due_ms, report_due_ms])?;
    Ok(conn.last_insert_rowid())
}

/// The case a health-check reading opened, if any.
pub fn id_for_reading(conn: &Connection, reading_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM flags WHERE reading_id = ?1")?
        .query_row([reading_id], |r| r.get(0))
        .optional()
}

/// Loads the re-checks of the given cases in one query and attaches them, oldest first.
fn attach_rechecks(conn: &Connection, cases: &mut [FlagCase]) -> rusqlite::Result<()> {
    if cases.is_empty() {
        return Ok(());
    }
    let ids: Vec<Value> = cases.iter().map(|c| Value::from(c.id)).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT flag_id, at, temp, method, operator FROM flag_rechecks
         WHERE flag_id IN rarray(?1) ORDER BY flag_id, at, id",
    )?;
    let rows = stmt.query_map([Rc::new(ids)], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            Recheck {
                at: from_ms(r.get(1)?),
                temp: Tenths(r.get(2)?),
                method: r.get(3)?,
                by: r.get(4)?,
            },
        ))
    })?;
    let mut by_case: HashMap<i64, Vec<Recheck>> = HashMap::new();
    for row in rows {
        let (id, rc) = row?;
        by_case.entry(id).or_default().push(rc);
    }
    for c in cases.iter_mut() {
        c.rechecks = by_case.remove(&c.id).unwrap_or_default();
    }
    Ok(())
}

/// One case with its re-checks.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<FlagCase>> {
    let case = conn
        .prepare_cached(concat!(select_flags!(), " WHERE f.id = ?1"))?
        .query_row([id], from_row)
        .optional()?;
    let Some(case) = case else { return Ok(None) };
    let mut one = [case];
    attach_rechecks(conn, &mut one)?;
    let [case] = one;
    Ok(Some(case))
}

/// The case a gate entry opened, if any.
pub fn id_for_entry(conn: &Connection, entry_id: i64) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM flags WHERE entry_id = ?1")?
        .query_row([entry_id], |r| r.get(0))
        .optional()
}

/// Every active case (open, observing, referred), oldest first: the most urgent on top.
/// The oldest fever case of a person or visitor that is still active (not cleared or
/// closed): while there is one, coming in is for the case to decide.
pub fn active_for(
    conn: &Connection,
    who: super::entries::Subject,
) -> rusqlite::Result<Option<i64>> {
    use super::entries::Subject;
    match who {
        Subject::Person(id) => conn
            .prepare_cached(
                "SELECT id FROM flags WHERE person_id = ?1 AND closed_at IS NULL
                 ORDER BY id LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional(),
        Subject::Visitor(id) => conn
            .prepare_cached(
                "SELECT id FROM flags WHERE visitor_id = ?1 AND closed_at IS NULL
                 ORDER BY id LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional(),
    }
}

pub fn list_active(conn: &Connection) -> rusqlite::Result<Vec<FlagCase>> {
    let mut stmt = conn.prepare_cached(concat!(
        select_flags!(),
        " WHERE f.closed_at IS NULL ORDER BY f.first_at, f.id"
    ))?;
    let mut cases = stmt
        .query_map([], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    attach_rechecks(conn, &mut cases)?;
    Ok(cases)
}

/// All cases, newest first, at most `limit`.
pub fn list(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<FlagCase>> {
    let mut stmt = conn.prepare_cached(concat!(
        select_flags!(),
        " ORDER BY f.first_at DESC, f.id DESC LIMIT ?1"
    ))?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut cases = stmt
        .query_map([limit], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    attach_rechecks(conn, &mut cases)?;
    Ok(cases)
}

pub fn insert_recheck(conn: &Connection, flag_id: i64, rc: &Recheck) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO flag_rechecks (flag_id, at, temp, method, operator) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![flag_id, to_ms(rc.at), rc.temp.0, rc.method, rc.by])?;
    Ok(conn.last_insert_rowid())
}

/// Writes the changeable fields of a case, provided nobody changed it since it was
/// read at `expected_version`. Returns false when the version no longer matches.
pub fn save(conn: &Connection, c: &FlagCase, expected_version: i64) -> rusqlite::Result<bool> {
    let ms = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(to_ms);
    let n = conn
        .prepare_cached(
            "UPDATE flags SET status = ?1, confirmed = ?2, place = ?3, arrived_at = ?4,
                observed_by = ?5, referred_to = ?6, referred_at = ?7, referred_by = ?8, note = ?9,
                reported_to = ?10, reported_at = ?11, reported_by = ?12, closed_at = ?13,
                closed_by = ?14, outcome = ?15, version = ?16
             WHERE id = ?17 AND version = ?18",
        )?
        .execute(params![
            c.status.as_str(),
            c.confirmed,
            c.place,
            ms(c.arrived_at),
            c.observed_by,
            c.referred_to,
            ms(c.referred_at),
            c.referred_by,
            c.note,
            c.reported_to,
            ms(c.reported_at),
            c.reported_by,
            ms(c.closed_at),
            c.closed_by,
            c.outcome,
            c.version,
            c.id,
            expected_version,
        ])?;
    Ok(n == 1)
}

/// The counters the dashboard, `flag list` and the handover agree on, at `now_ms`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlagCounts {
    /// Open, observing and referred cases.
    pub active: i64,
    pub open: i64,
    pub observing: i64,
    pub referred: i64,
    /// Pending re-checks whose deadline has been reached.
    pub recheck_overdue: i64,
    /// Active, unreported cases past their report deadline.
    pub report_overdue: i64,
}

pub fn counts(conn: &Connection, now_ms: i64) -> rusqlite::Result<FlagCounts> {
    conn.prepare_cached(
        "SELECT count(*), COALESCE(sum(status = 'open'), 0), COALESCE(sum(status = 'observing'), 0),
                COALESCE(sum(status = 'referred'), 0),
                COALESCE(sum(status = 'open' AND confirmed = 0 AND recheck_due <= ?1), 0),
                COALESCE(sum(reported_at IS NULL AND report_due <= ?1), 0)
         FROM flags WHERE closed_at IS NULL",
    )?
    .query_row([now_ms], |r| {
        Ok(FlagCounts {
            active: r.get(0)?,
            open: r.get(1)?,
            observing: r.get(2)?,
            referred: r.get(3)?,
            recheck_overdue: r.get(4)?,
            report_overdue: r.get(5)?,
        })
    })
}

/// All cases ever opened.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM flags", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, migrations};

    #[test]
    fn entries_flagged_before_the_flag_schema_get_their_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            // A database at schema version 1 with one flagged and one normal entry.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(migrations::STEPS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute_batch(
                "INSERT INTO people (id, name, kind, department, updated_at)
                     VALUES ('S1', '王小明', 'student', '机电系', 0);
                 INSERT INTO entries (at, gate, direction, person_id, temp, venue_scan, denied,
                                      reasons, flagged, threshold, operator)
                 VALUES (1000, '东门', 'in', 'S1', 380, 1, 1, 1, 1, 373, 'gate1'),
                        (2000, '东门', 'in', 'S1', 365, 1, 0, 0, 0, 373, 'gate1');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::latest());
        let active = list_active(store.conn()).unwrap();
        assert_eq!(active.len(), 1);
        let c = &active[0];
        assert_eq!(
            (c.entry_id, c.first_temp, c.status),
            (Some(1), Tenths(380), FlagStatus::Open)
        );
        assert_eq!(c.opened_by, "gate1");
        assert_eq!(to_ms(c.recheck_due), 1000 + 10 * 60_000);
        assert_eq!(to_ms(c.report_due), 1000 + 120 * 60_000);
    }

    #[test]
    fn active_cases_and_counts_use_the_partial_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.db")).unwrap();
        let plan = |sql: &str| -> String {
            let mut stmt = store
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows.join("\n")
        };
        let active = plan(concat!(
            select_flags!(),
            " WHERE f.closed_at IS NULL ORDER BY f.first_at, f.id"
        ));
        assert!(active.contains("flags_active"), "{active}");
        let counted = plan("SELECT count(*) FROM flags WHERE closed_at IS NULL");
        assert!(counted.contains("flags_active"), "{counted}");
        let history = plan(concat!(
            select_flags!(),
            " ORDER BY f.first_at DESC, f.id DESC LIMIT 50"
        ));
        assert!(history.contains("flags_first_at"), "{history}");
    }
}
