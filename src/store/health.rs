//! Daily health readings. One row per (day, check, person): the unique key is also the
//! index every one-day query walks, so "missing" and "summary" for a day cost the
//! same on the first day as after a year (6.6 M rows).
//!
//! A department head's scope is passed as `Scope`: `All`, or a list of departments
//! bound as one `rarray` parameter.

use crate::clock::{from_ms, to_ms};
use crate::domain::Tenths;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::HashMap;
use std::rc::Rc;

/// Whose people a query sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Departments(Vec<String>),
}

impl Scope {
    /// (restricted flag, departments) as bound parameters.
    fn bind(&self) -> (bool, Rc<Vec<Value>>) {
        match self {
            Scope::All => (false, Rc::new(Vec::new())),
            Scope::Departments(d) => (
                true,
                Rc::new(d.iter().map(|x| Value::from(x.clone())).collect()),
            ),
        }
    }

    pub fn covers(&self, department: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Departments(d) => d.iter().any(|x| x == department),
        }
    }
}

/// The stored form of a day: ISO date text sorts and compares as dates.
pub fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A reading to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReading {
    pub day: NaiveDate,
    pub check: String,
    pub person_id: String,
    pub temp: Tenths,
    pub symptoms: Vec<String>,
    pub location: Option<String>,
    pub abnormal: bool,
    pub threshold: Tenths,
    pub source: &'static str,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

/// What a stored reading said, for the audit of a replacement and for "same again".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredValue {
    pub id: i64,
    pub temp: Tenths,
    pub symptoms: Vec<String>,
    pub location: Option<String>,
    pub source: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

fn split_symptoms(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The reading of one person for one check of one day, if any.
pub fn get(
    conn: &Connection,
    day: NaiveDate,
    check: &str,
    person_id: &str,
) -> rusqlite::Result<Option<StoredValue>> {
    conn.prepare_cached(
        "SELECT id, temp, symptoms, location, source, recorded_by, at FROM health_readings
         WHERE day = ?1 AND check_key = ?2 AND person_id = ?3",
    )?
    .query_row(params![day_text(day), check, person_id], |r| {
        Ok(StoredValue {
            id: r.get(0)?,
            temp: Tenths(r.get(1)?),
            symptoms: split_symptoms(&r.get::<_, String>(2)?),
            location: r.get(3)?,
            source: r.get(4)?,
            recorded_by: r.get(5)?,
            at: from_ms(r.get(6)?),
        })
    })
    .optional()
}

/// Writes a reading, replacing the one the person has for that day and check. The row
/// keeps its id (a fever case opened from it stays linked). Returns the id.
pub fn upsert(conn: &Connection, n: &NewReading) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO health_readings (day, check_key, person_id, temp, symptoms, location,
                                      abnormal, threshold, source, recorded_by, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (day, check_key, person_id) DO UPDATE SET temp = excluded.temp,
           symptoms = excluded.symptoms, location = excluded.location,
           abnormal = excluded.abnormal, threshold = excluded.threshold,
           source = excluded.source, recorded_by = excluded.recorded_by, at = excluded.at
         RETURNING id",
    )?
    .query_row(
        params![
            day_text(n.day),
            n.check,
            n.person_id,
            n.temp.0,
            n.symptoms.join(","),
            n.location,
            n.abnormal,
            n.threshold.0,
            n.source,
            n.recorded_by,
            to_ms(n.at),
        ],
        |r| r.get(0),
    )
}

/// Inserts a reading unless the person already has one for that day and check (demo
/// seeding never overwrites). Returns the new id.
pub fn insert_if_absent(conn: &Connection, n: &NewReading) -> rusqlite::Result<Option<i64>> {
    let added = conn
        .prepare_cached(
            "INSERT INTO health_readings (day, check_key, person_id, temp, symptoms, location,
                                          abnormal, threshold, source, recorded_by, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (day, check_key, person_id) DO NOTHING",
        )?
        .execute(params![
            day_text(n.day),
            n.check,
            n.person_id,
            n.temp.0,
            n.symptoms.join(","),
            n.location,
            n.abnormal,
            n.threshold.0,
            n.source,
            n.recorded_by,
            to_ms(n.at),
        ])?;
    Ok((added == 1).then(|| conn.last_insert_rowid()))
}

/// A reading with its person, as lists and sheets show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingRow {
    pub id: i64,
    pub person_id: String,
    pub name: String,
    pub department: String,
    pub class: Option<String>,
    pub day: String,
    pub check: String,
    pub temp: Tenths,
    pub symptoms: Vec<String>,
    pub location: Option<String>,
    pub abnormal: bool,
    pub source: String,
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

fn reading_row(r: &Row) -> rusqlite::Result<ReadingRow> {
    Ok(ReadingRow {
        id: r.get(0)?,
        person_id: r.get(1)?,
        name: r.get(2)?,
        department: r.get(3)?,
        class: r.get(4)?,
        day: r.get(5)?,
        check: r.get(6)?,
        temp: Tenths(r.get(7)?),
        symptoms: split_symptoms(&r.get::<_, String>(8)?),
        location: r.get(9)?,
        abnormal: r.get(10)?,
        source: r.get(11)?,
        recorded_by: r.get(12)?,
        at: from_ms(r.get(13)?),
    })
}

/// What `list` selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingFilter {
    pub day: NaiveDate,
    pub check: Option<String>,
    pub department: Option<String>,
    pub abnormal_only: bool,
    pub scope: Scope,
}

/// One day's readings, by department, class and person.
pub fn list(conn: &Connection, f: &ReadingFilter) -> rusqlite::Result<Vec<ReadingRow>> {
    let (restricted, departments) = f.scope.bind();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.person_id, p.name, p.department, p.class, r.day, r.check_key, r.temp,
                r.symptoms, r.location, r.abnormal, r.source, r.recorded_by, r.at
         FROM health_readings r JOIN people p ON p.id = r.person_id
         WHERE r.day = ?1
           AND (?2 IS NULL OR r.check_key = ?2)
           AND (?3 IS NULL OR p.department = ?3)
           AND (?4 = 0 OR r.abnormal = 1)
           AND (?5 = 0 OR p.department IN rarray(?6))
         ORDER BY p.department, p.class, r.person_id, r.at",
    )?;
    stmt.query_map(
        params![
            day_text(f.day),
            f.check,
            f.department,
            f.abnormal_only,
            restricted,
            departments
        ],
        reading_row,
    )?
    .collect()
}

/// A person without a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRow {
    pub person_id: String,
    pub name: String,
    pub department: String,
    pub class: Option<String>,
}

const MISSING_SQL: &str = "SELECT p.id, p.name, p.department, p.class FROM people p
     WHERE (?3 IS NULL OR p.department = ?3)
       AND (?4 = 0 OR p.department IN rarray(?5))
       AND NOT EXISTS (SELECT 1 FROM health_readings r
                       WHERE r.day = ?1 AND r.check_key = ?2 AND r.person_id = p.id)
     ORDER BY p.department, p.class, p.id";

/// Who in scope has no reading for `check` on `day`: one index seek per person.
pub fn missing(
    conn: &Connection,
    day: NaiveDate,
    check: &str,
    department: Option<&str>,
    scope: &Scope,
) -> rusqlite::Result<Vec<MissingRow>> {
    let (restricted, departments) = scope.bind();
    let mut stmt = conn.prepare_cached(MISSING_SQL)?;
    stmt.query_map(
        params![day_text(day), check, department, restricted, departments],
        |r| {
            Ok(MissingRow {
                person_id: r.get(0)?,
                name: r.get(1)?,
                department: r.get(2)?,
                class: r.get(3)?,
            })
        },
    )?
    .collect()
}

/// The people in scope (optionally one department), by department, class and id:
/// the rows of the paper sheet.
pub fn roster(
    conn: &Connection,
    department: Option<&str>,
    scope: &Scope,
) -> rusqlite::Result<Vec<MissingRow>> {
    let (restricted, departments) = scope.bind();
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, department, class FROM people
         WHERE (?1 IS NULL OR department = ?1) AND (?2 = 0 OR department IN rarray(?3))
         ORDER BY department, class, id",
    )?;
    stmt.query_map(params![department, restricted, departments], |r| {
        Ok(MissingRow {
            person_id: r.get(0)?,
            name: r.get(1)?,
            department: r.get(2)?,
            class: r.get(3)?,
        })
    })?
    .collect()
}

/// How many in scope have no reading for `check` on `day` (the due-time alert).
pub fn count_missing(
    conn: &Connection,
    day: NaiveDate,
    check: &str,
    scope: &Scope,
) -> rusqlite::Result<i64> {
    let (restricted, departments) = scope.bind();
    conn.prepare_cached(
        "SELECT count(*) FROM people p
         WHERE (?3 = 0 OR p.department IN rarray(?4))
           AND NOT EXISTS (SELECT 1 FROM health_readings r
                           WHERE r.day = ?1 AND r.check_key = ?2 AND r.person_id = p.id)",
    )?
    .query_row(
        params![day_text(day), check, restricted, departments],
        |r| r.get(0),
    )
}

/// People per department in scope (what each check expects).
pub fn expected(conn: &Connection, scope: &Scope) -> rusqlite::Result<Vec<(String, i64)>> {
    let (restricted, departments) = scope.bind();
    let mut stmt = conn.prepare_cached(
        "SELECT department, count(*) FROM people
         WHERE (?1 = 0 OR department IN rarray(?2))
         GROUP BY department ORDER BY department",
    )?;
    stmt.query_map(params![restricted, departments], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?
    .collect()
}

/// One day's (check, person) pairs: read from the unique index alone (it covers them),
/// never from the year's rows.
const DAY_KEYS_SQL: &str = "SELECT check_key, person_id FROM health_readings WHERE day = ?1";

/// One day's abnormal readings by department and check, through the small partial index.
const ABNORMAL_SQL: &str = "SELECT p.department, r.check_key, count(*)
     FROM health_readings r JOIN people p ON p.id = r.person_id
     WHERE r.day = ?1 AND r.abnormal = 1 AND (?2 = 0 OR p.department IN rarray(?3))
     GROUP BY p.department, r.check_key";

/// One day's (department, check, reported, abnormal) counts. The day's keys come from
/// the index and are counted by department here against the roster (6,000 people):
/// cheaper than joining every reading to its person in SQL.
pub fn reported(
    conn: &Connection,
    day: NaiveDate,
    scope: &Scope,
) -> rusqlite::Result<Vec<(String, String, i64, i64)>> {
    let (restricted, departments) = scope.bind();
    let mut department_of: HashMap<String, String> = HashMap::new();
    let mut people = conn.prepare_cached(
        "SELECT id, department FROM people WHERE (?1 = 0 OR department IN rarray(?2))",
    )?;
    let rows = people.query_map(params![restricted, departments.clone()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, dept) = row?;
        department_of.insert(id, dept);
    }
    let mut counts: HashMap<(String, String), (i64, i64)> = HashMap::new();
    let day = day_text(day);
    let mut keys = conn.prepare_cached(DAY_KEYS_SQL)?;
    let mut rows = keys.query([&day])?;
    while let Some(r) = rows.next()? {
        let person = r.get_ref(1)?.as_str()?;
        if let Some(dept) = department_of.get(person) {
            let check: String = r.get(0)?;
            counts.entry((dept.clone(), check)).or_default().0 += 1;
        }
    }
    let mut abnormal = conn.prepare_cached(ABNORMAL_SQL)?;
    let rows = abnormal.query_map(params![day, restricted, departments], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (dept, check, n) = row?;
        counts.entry((dept, check)).or_default().1 = n;
    }
    Ok(counts
        .into_iter()
        .map(|((d, c), (n, a))| (d, c, n, a))
        .collect())
}

/// Abnormal readings of a day in scope, for the handover carry-over.
pub fn abnormal_count(conn: &Connection, day: NaiveDate) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT count(*) FROM health_readings WHERE day = ?1 AND abnormal = 1")?
        .query_row([day_text(day)], |r| r.get(0))
}

/// All readings ever stored.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM health_readings", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn plan(store: &Store, sql: &str, p: &[&dyn rusqlite::ToSql]) -> String {
        let mut stmt = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        stmt.query_map(p, |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .join("\n")
    }

    #[test]
    fn the_migration_keeps_existing_fever_cases_and_their_rechecks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let before = crate::store::migrations::STEPS
            .iter()
            .position(|s| s.contains("CREATE TABLE health_readings"))
            .unwrap();
        {
            let conn = Connection::open(&path).unwrap();
            for step in &crate::store::migrations::STEPS[..before] {
                conn.execute_batch(step).unwrap();
            }
            conn.pragma_update(None, "user_version", before as i64)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO people (id, name, kind, department, updated_at)
                     VALUES ('S1', '王小明', 'student', '机电系', 0);
                 INSERT INTO entries (at, gate, direction, person_id, temp, venue_scan, denied,
                                      reasons, flagged, threshold, operator)
                 VALUES (1000, '东门', 'in', 'S1', 380, 1, 1, 1, 1, 373, 'gate1');
                 INSERT INTO flags (entry_id, person_id, first_at, first_temp, threshold,
                                    opened_by, recheck_due, report_due)
                 VALUES (1, 'S1', 1000, 380, 373, 'gate1', 2000, 3000);
                 INSERT INTO flag_rechecks (flag_id, at, temp, operator)
                 VALUES (1, 1500, 379, 'gate1');
                 INSERT INTO entries (at, gate, direction, person_id, temp, venue_scan, denied,
                                      reasons, flagged, threshold, operator, open_case_id)
                 VALUES (2000, '东门', 'in', 'S1', 365, 1, 1, 0, 0, 373, 'gate1', 1);
                 INSERT INTO incidents (kind, kind_label, kind_label_en, level, level_en, title,
                                        opened_at, opened_by, recorded_at, first_report_due,
                                        progress_every_hours, report_to, plan_label,
                                        plan_label_en, flag_id)
                 VALUES ('suspected_case', '疑似病例', 'Suspected case', '较大', 'Major',
                         '发热学生', 2500, 'zhao', 2500, 9000, 24, '[]', '预案', 'Plan', 1);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let case = crate::store::flags::get(store.conn(), 1).unwrap().unwrap();
        assert_eq!(case.entry_id, Some(1));
        assert_eq!(case.reading_id, None);
        assert_eq!(case.gate, "东门");
        assert_eq!(case.rechecks.len(), 1);
        let violations: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(violations, 0);
        // The entry refused for the open case still points at it.
        let open_case: Option<i64> = store
            .conn()
            .query_row("SELECT open_case_id FROM entries WHERE id = 2", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(open_case, Some(1));
        // So does the incident escalated from it.
        let escalated: Option<i64> = store
            .conn()
            .query_row("SELECT flag_id FROM incidents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(escalated, Some(1));
        // A case names exactly one origin.
        let both = store.conn().execute(
            "INSERT INTO flags (entry_id, reading_id, person_id, first_at, first_temp,
                                threshold, opened_by, recheck_due, report_due)
             VALUES (NULL, NULL, 'S1', 1, 380, 373, 'x', 2, 3)",
            [],
        );
        assert!(both.is_err());
    }

    #[test]
    fn one_days_missing_and_summary_search_the_day_not_the_year() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.db")).unwrap();
        let (restricted, departments) = Scope::Departments(vec!["机电系".into()]).bind();
        let none: Option<String> = None;
        let missing = plan(
            &store,
            MISSING_SQL,
            &[&"2026-11-29", &"morning", &none, &restricted, &departments],
        );
        assert!(
            missing.contains(
                "sqlite_autoindex_health_readings_1 (day=? AND check_key=? AND person_id=?)"
            ),
            "{missing}"
        );
        let keys = plan(&store, DAY_KEYS_SQL, &[&"2026-11-29"]);
        assert!(
            keys.contains("COVERING INDEX sqlite_autoindex_health_readings_1 (day=?)"),
            "{keys}"
        );
        let abnormal = plan(
            &store,
            ABNORMAL_SQL,
            &[&"2026-11-29", &restricted, &departments],
        );
        assert!(
            abnormal.contains("health_readings_abnormal (day=?)"),
            "{abnormal}"
        );
        // Never a scan of the readings (the year); scanning the bound departments is fine.
        for p in [&keys, &abnormal] {
            assert!(
                !p.lines()
                    .any(|l| l.trim_start().starts_with("SCAN r ") || l.trim() == "SCAN r"),
                "{p}"
            );
        }
    }
}
