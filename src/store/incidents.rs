//! Incidents, their reports, people, plan steps.

use crate::clock::{from_ms, to_ms};
use crate::domain::handover::Stamp;
use crate::domain::incident::{Incident, IncidentStatus, PlanStep, Report, ReportStage};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// What opening an incident stores.
pub struct NewIncident<'a> {
    pub kind: &'a str,
    pub kind_label: &'a str,
    pub kind_label_en: &'a str,
    pub level: &'a str,
    pub level_en: &'a str,
    pub title: &'a str,
    pub opened_at: i64,
    pub opened_by: &'a str,
    pub recorded_at: i64,
    pub first_report_due: i64,
    pub progress_every_hours: u32,
    pub report_to: &'a [String],
    pub plan_label: &'a str,
    pub plan_label_en: &'a str,
    pub flag_id: Option<i64>,
    pub people: &'a [String],
    /// (text, text_en) of each plan step, in order.
    pub steps: &'a [(String, String)],
}

pub fn insert(conn: &Connection, n: &NewIncident) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO incidents (kind, kind_label, kind_label_en, level, level_en, title,
             opened_at, opened_by, recorded_at, first_report_due, progress_every_hours,
             report_to, plan_label, plan_label_en, flag_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        n.kind,
        n.kind_label,
        n.kind_label_en,
        n.level,
        n.level_en,
        n.title,
        n.opened_at,
        n.opened_by,
        n.recorded_at,
        n.first_report_due,
        n.progress_every_hours,
        serde_json::to_string(n.report_to).unwrap_or_else(|_| "[]".into()),
        n.plan_label,
        n.plan_label_en,
        n.flag_id,
    ])?;
    let id = conn.last_insert_rowid();
    let mut person = conn.prepare_cached(
        "INSERT INTO incident_people (incident_id, person_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, p) in n.people.iter().enumerate() {
        person.execute(params![id, p, i as i64])?;
    }
    let mut step = conn.prepare_cached(
        "INSERT INTO incident_steps (incident_id, n, text, text_en) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, (text, text_en)) in n.steps.iter().enumerate() {
        step.execute(params![id, i as i64 + 1, text, text_en])?;
    }
    Ok(id)
}

const SELECT: &str = "SELECT id, kind, kind_label, kind_label_en, level, level_en, title, status,
    opened_at, opened_by, first_report_due, progress_every_hours, report_to, plan_label,
    plan_label_en, flag_id, closed_at, closed_by, summary FROM incidents";

fn head(r: &Row) -> rusqlite::Result<Incident> {
    let report_to: String = r.get(12)?;
    let closed_at: Option<i64> = r.get(16)?;
    let closed_by: Option<String> = r.get(17)?;
    Ok(Incident {
        id: r.get(0)?,
        kind: r.get(1)?,
        kind_label: r.get(2)?,
        kind_label_en: r.get(3)?,
        level: r.get(4)?,
        level_en: r.get(5)?,
        title: r.get(6)?,
        status: IncidentStatus::parse(&r.get::<_, String>(7)?).unwrap_or(IncidentStatus::Open),
        opened_at: from_ms(r.get(8)?),
        opened_by: r.get(9)?,
        first_report_due: from_ms(r.get(10)?),
        progress_every_hours: r.get(11)?,
        report_to: serde_json::from_str(&report_to).unwrap_or_default(),
        plan_label: r.get(13)?,
        plan_label_en: r.get(14)?,
        flag_id: r.get(15)?,
        people: Vec::new(),
        reports: Vec::new(),
        steps: Vec::new(),
        closed: match (closed_by, closed_at) {
            (Some(by), Some(at)) => Some(Stamp {
                by,
                at: from_ms(at),
            }),
            _ => None,
        },
        summary: r.get(18)?,
    })
}

/// Fills reports, steps and people of an incident read by `head`.
fn complete(conn: &Connection, mut i: Incident) -> rusqlite::Result<Incident> {
    i.reports = conn
        .prepare_cached(
            "SELECT stage, to_whom, by, at, text FROM incident_reports
             WHERE incident_id = ?1 ORDER BY at, id",
        )?
        .query_map([i.id], |r| {
            Ok(Report {
                stage: ReportStage::parse(&r.get::<_, String>(0)?).unwrap_or(ReportStage::Progress),
                to: r.get(1)?,
                by: r.get(2)?,
                at: from_ms(r.get(3)?),
                text: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    i.steps = conn
        .prepare_cached(
            "SELECT n, text, text_en, done_by, done_at FROM incident_steps
             WHERE incident_id = ?1 ORDER BY n",
        )?
        .query_map([i.id], |r| {
            let by: Option<String> = r.get(3)?;
            let at: Option<i64> = r.get(4)?;
            Ok(PlanStep {
                n: r.get(0)?,
                text: r.get(1)?,
                text_en: r.get(2)?,
                done: by.zip(at).map(|(by, at)| Stamp {
                    by,
                    at: from_ms(at),
                }),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    i.people = conn
        .prepare_cached(
            "SELECT ip.person_id, COALESCE(p.name, ip.person_id) FROM incident_people ip
             LEFT JOIN people p ON p.id = ip.person_id
             WHERE ip.incident_id = ?1 ORDER BY ip.position",
        )?
        .query_map([i.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(i)
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Incident>> {
    let head = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id], head)
        .optional()?;
    head.map(|i| complete(conn, i)).transpose()
}

/// The open list: oldest first, through the partial index of open incidents.
const OPEN_SQL: &str = " WHERE closed_at IS NULL ORDER BY opened_at, id";
/// The history: newest first, through `incidents_opened`.
const HISTORY_SQL: &str = " ORDER BY opened_at DESC, id DESC LIMIT ?1";

/// Open incidents oldest first (through the partial index), or the newest `limit`
/// of all.
pub fn list(conn: &Connection, open_only: bool, limit: usize) -> rusqlite::Result<Vec<Incident>> {
    let sql = format!("{SELECT}{}", if open_only { OPEN_SQL } else { HISTORY_SQL });
    let mut stmt = conn.prepare_cached(&sql)?;
    let heads: Vec<Incident> = if open_only {
        stmt.query_map([], head)?.collect::<rusqlite::Result<_>>()?
    } else {
        stmt.query_map([limit as i64], head)?
            .collect::<rusqlite::Result<_>>()?
    };
    heads.into_iter().map(|i| complete(conn, i)).collect()
}

/// SQLite's plan for the open list and the history (the detail column), for tests
/// that keep them on their indexes however long the history grows.
pub fn list_plans(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut out = Vec::new();
    for (tail, arg) in [(OPEN_SQL, None), (HISTORY_SQL, Some(10i64))] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {SELECT}{tail}"))?;
        let rows: Vec<String> = match arg {
            Some(a) => stmt
                .query_map([a], |r| r.get(3))?
                .collect::<rusqlite::Result<_>>()?,
            None => stmt
                .query_map([], |r| r.get(3))?
                .collect::<rusqlite::Result<_>>()?,
        };
        out.extend(rows);
    }
    Ok(out)
}

pub fn insert_report(conn: &Connection, id: i64, r: &Report) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO incident_reports (incident_id, stage, to_whom, text, by, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        r.stage.as_str(),
        r.to,
        r.text,
        r.by,
        to_ms(r.at)
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Ticks a step that is not ticked yet; false when it already was.
pub fn tick_step(conn: &Connection, id: i64, n: u32, s: &Stamp) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE incident_steps SET done_by = ?3, done_at = ?4
             WHERE incident_id = ?1 AND n = ?2 AND done_at IS NULL",
        )?
        .execute(params![id, n, s.by, to_ms(s.at)])?;
    Ok(changed == 1)
}

/// Closes an open incident; false when it was closed already.
pub fn close(conn: &Connection, id: i64, s: &Stamp, summary: &str) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE incidents SET status = 'closed', closed_at = ?2, closed_by = ?3, summary = ?4
             WHERE id = ?1 AND closed_at IS NULL",
        )?
        .execute(params![id, to_ms(s.at), s.by, summary])?;
    Ok(changed == 1)
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM incidents", [], |r| r.get(0))
}
