//! Fever follow-up: the case a flagged gate reading opens, and every step after it
//! (re-check, observation, referral, report, close). Each step checks the permission,
//! validates its input, applies the domain state machine to the case as it is in the
//! database inside the write transaction, and appends its audit row there too.

use super::Desk;
use crate::clock::{Zone, to_ms};
use crate::domain::flag::{
    DeadlineKind, FlagAlert, FlagAlertKind, FlagCase, FlagChange, FlagPolicy, FlagRefusal,
    FlagState, FlagStatus, FlagStep, TimeLeft, alerts_between,
};
use crate::domain::text::{clean_label, clean_note, clean_optional, sanitize};
use crate::domain::{Permission, Tenths};
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, tr, trf};
use crate::store::audit::{self, AuditRecord, Chain};
use crate::store::audit_rows::Covered;
use crate::store::flags::{self as store_flags, FlagCounts};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::json;

/// Longest method text (`second device`, `水银体温计`).
const METHOD_MAX: usize = 40;
/// Longest "to whom / where" text.
const TO_MAX: usize = 100;
/// Longest note.
const NOTE_MAX: usize = 500;

/// Opens the fever case of a flagged entry inside the caller's transaction, with its
/// audit row on the same chain. Called by `entries::insert_valid` for every flagged
/// entry, so the gate, the console form and `ingest` all open cases the same way.
pub(crate) fn open_for_entry(
    conn: &Connection,
    chain: &mut Chain,
    policy: &FlagPolicy,
    now: DateTime<Utc>,
    operator: &str,
    entry_id: i64,
) -> DeskResult<i64> {
    let recheck_due = policy.recheck_due(now);
    let report_due = policy.report_due(now);
    let id = store_flags::open_for_entry(conn, entry_id, to_ms(recheck_due), to_ms(report_due))?;
    chain.cover(conn, &[Covered::row("flags", id)])?;
    chain.append(
        conn,
        &AuditRecord {
            at: now,
            operator: operator.to_string(),
            action: "flag.open".into(),
            entity: "flag".into(),
            entity_id: Some(id.to_string()),
            details: json!({
                "entry_id": entry_id,
                "recheck_due": recheck_due.to_rfc3339(),
                "report_due": report_due.to_rfc3339(),
            }),
        },
    )?;
    Ok(id)
}

/// Opens the fever case of a fever health-check reading inside the caller's
/// transaction, with its audit row on the same chain. The deadlines count from now,
/// when the desk learns of it: an imported morning reading may be hours old.
pub(crate) fn open_for_reading(
    conn: &Connection,
    chain: &mut Chain,
    policy: &FlagPolicy,
    now: DateTime<Utc>,
    operator: &str,
    reading_id: i64,
) -> DeskResult<i64> {
    let recheck_due = policy.recheck_due(now);
    let report_due = policy.report_due(now);
    let id =
        store_flags::open_for_reading(conn, reading_id, to_ms(recheck_due), to_ms(report_due))?;
    chain.cover(conn, &[Covered::row("flags", id)])?;
    chain.append(
        conn,
        &AuditRecord {
            at: now,
            operator: operator.to_string(),
            action: "flag.open".into(),
            entity: "flag".into(),
            entity_id: Some(id.to_string()),
            details: json!({
                "reading_id": reading_id,
                "recheck_due": recheck_due.to_rfc3339(),
                "report_due": report_due.to_rfc3339(),
            }),
        },
    )?;
    Ok(id)
}

/// Translation key of a case's state as people say it: an open case is either
/// waiting for its re-check or confirmed and waiting for observation.
pub fn state_key(state: FlagState) -> &'static str {
    match state.status {
        FlagStatus::Open if state.confirmed => "flag.state.confirmed",
        FlagStatus::Open => "flag.state.open",
        FlagStatus::Cleared => "flag.state.cleared",
        FlagStatus::Observing => "flag.state.observing",
        FlagStatus::Referred => "flag.state.referred",
        FlagStatus::Closed => "flag.state.closed",
    }
}

/// Translation key of a step's name.
pub fn step_key(step: FlagStep) -> &'static str {
    match step {
        FlagStep::Recheck => "flag.step.recheck",
        FlagStep::Observe => "flag.step.observe",
        FlagStep::Refer => "flag.step.refer",
        FlagStep::Report => "flag.step.report",
        FlagStep::Close => "flag.step.close",
    }
}

/// The refusal of a step as an error that says what is allowed next.
pub fn refusal_error(id: i64, r: &FlagRefusal) -> DeskError {
    DeskError::conflict("flag.refused")
        .arg("id", id)
        .arg("status", state_key(r.state))
        .arg("step", step_key(r.step))
        .arg("why", r.why.key())
        .arg("allowed", r.allowed_key())
}

/// "re-check due in 7m 12s", "report overdue 1h 3m".
pub fn deadline_text(lang: Lang, kind: DeadlineKind, left: TimeLeft) -> String {
    let key = match (kind, left.is_overdue()) {
        (DeadlineKind::Recheck, false) => "flag.recheck_due_in",
        (DeadlineKind::Recheck, true) => "flag.recheck_overdue",
        (DeadlineKind::Report, false) => "flag.report_due_in",
        (DeadlineKind::Report, true) => "flag.report_overdue",
    };
    trf(lang, key, &[("time", crate::i18n::countdown(lang, left))])
}

/// Every outstanding deadline of a case at `now`, as text, earliest first; empty when
/// nothing is outstanding.
pub fn deadlines_text(lang: Lang, case: &FlagCase, now: DateTime<Utc>) -> Vec<String> {
    case.deadlines()
        .into_iter()
        .map(|d| deadline_text(lang, d.kind, TimeLeft::until(d.due, now)))
        .collect()
}

/// The line the notify module shows for an alert.
pub fn alert_text(lang: Lang, alert: &FlagAlert, case: &FlagCase) -> String {
    let key = match alert.kind {
        FlagAlertKind::RecheckDue => "flag.alert.recheck_due",
        FlagAlertKind::ReportOverdue => "flag.alert.report_overdue",
    };
    trf(
        lang,
        key,
        &[
            ("id", case.id.to_string()),
            ("name", sanitize(&case.name)),
            ("temp", case.first_temp.to_string()),
        ],
    )
}

/// "复测（flag recheck）或上报（flag report）": the steps allowed next, translated.
pub fn next_text(lang: Lang, steps: &[FlagStep]) -> String {
    tr(lang, &crate::domain::flag::next_key(steps)).to_string()
}

/// The sentence for the step a case has just gone through, as the CLI prints it and the
/// console shows it: times local `HH:MM:SS`, texts from the case sanitised.
pub fn done_text(lang: Lang, zone: Zone, step: FlagStep, c: &FlagCase) -> String {
    let id = ("id", c.id.to_string());
    let text = |s: &Option<String>| sanitize(s.as_deref().unwrap_or(""));
    let time = |t: Option<DateTime<Utc>>| {
        t.map(|t| zone.to_local(t).format("%H:%M:%S").to_string())
            .unwrap_or_default()
    };
    match step {
        FlagStep::Recheck => {
            let temp = c
                .last_recheck()
                .map(|r| r.temp.to_string())
                .unwrap_or_default();
            let key = if c.status == FlagStatus::Cleared {
                "flag.done.cleared"
            } else {
                "flag.done.confirmed"
            };
            trf(
                lang,
                key,
                &[id, ("temp", temp), ("threshold", c.threshold.to_string())],
            )
        }
        FlagStep::Observe => trf(
            lang,
            "flag.done.observe",
            &[
                id,
                ("name", sanitize(&c.name)),
                ("place", text(&c.place)),
                ("time", time(c.arrived_at)),
            ],
        ),
        FlagStep::Refer => trf(lang, "flag.done.refer", &[id, ("to", text(&c.referred_to))]),
        FlagStep::Report => trf(
            lang,
            "flag.done.report",
            &[
                id,
                ("to", text(&c.reported_to)),
                ("time", time(c.reported_at)),
            ],
        ),
        FlagStep::Close => trf(lang, "flag.done.close", &[id]),
    }
}

/// The detail rows of the steps a case has been through (observation place, referral,
/// note, report, closing, outcome), each as (label key, value), in the order `flag show`
/// and the console's case view list them; `time` writes an instant. Texts are not
/// sanitised here: both callers sanitise what they print or draw.
pub fn step_rows(
    lang: Lang,
    c: &FlagCase,
    time: impl Fn(DateTime<Utc>) -> String,
) -> Vec<(&'static str, String)> {
    let by = |who: &Option<String>| match who {
        Some(w) => trf(lang, "flag.show.by", &[("who", w.clone())]),
        None => String::new(),
    };
    let mut rows = Vec::new();
    if let Some(place) = &c.place {
        let arrived = c
            .arrived_at
            .map(|a| trf(lang, "flag.show.arrived", &[("time", time(a))]))
            .unwrap_or_default();
        rows.push((
            "flag.show.place",
            format!("{place}, {arrived}{}", by(&c.observed_by)),
        ));
    }
    if let Some(to) = &c.referred_to {
        let at = c.referred_at.map(&time).unwrap_or_default();
        rows.push((
            "flag.show.referred",
            format!("{to}, {at}{}", by(&c.referred_by)),
        ));
    }
    if let Some(note) = &c.note {
        rows.push(("flag.show.note", note.clone()));
    }
    if let Some(to) = &c.reported_to {
        let at = c.reported_at.map(&time).unwrap_or_default();
        rows.push((
            "flag.show.reported",
            format!("{to}, {at}{}", by(&c.reported_by)),
        ));
    }
    if let Some(at) = c.closed_at {
        rows.push((
            "flag.show.closed",
            format!("{}{}", time(at), by(&c.closed_by)),
        ));
    }
    if let Some(outcome) = &c.outcome {
        rows.push(("flag.show.outcome", outcome.clone()));
    }
    rows
}

fn label(field: &'static str, input: &str, max: usize) -> DeskResult<String> {
    clean_label(input, max).map_err(|e| DeskError::field(field, e.key()))
}

fn optional(field: &'static str, input: Option<&str>, max: usize) -> DeskResult<Option<String>> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => clean_optional(s, max)
            .map(|s| Some(s.to_string()))
            .map_err(|e| DeskError::field(field, e.key())),
    }
}

fn not_found(id: i64) -> DeskError {
    DeskError::not_found("flag.not_found").arg("id", id)
}

impl Desk {
    /// Records a re-check. Below the case's threshold the case is cleared (closed as a
    /// false alarm); at or above it the fever is confirmed and observation comes next.
    /// The temperature is parsed like the gate's, within the configured valid range.
    pub fn flag_recheck(
        &mut self,
        id: i64,
        temp_text: &str,
        method: Option<&str>,
    ) -> DeskResult<FlagCase> {
        self.require(Permission::RecheckFlag)?;
        let range = self.config.valid_range();
        let temp = Tenths::parse(temp_text, range).map_err(|e| {
            DeskError::invalid("field.problem")
                .arg("field", "field.temp")
                .arg("problem", e.key())
                .arg("input", sanitize(temp_text.trim()))
                .arg("min", range.0)
                .arg("max", range.1)
        })?;
        let method = match method.map(str::trim).filter(|m| !m.is_empty()) {
            None => None,
            Some(m) => Some(label("field.method", m, METHOD_MAX)?),
        };
        let details = json!({ "temp": temp.0, "method": method });
        self.flag_step(id, FlagChange::Recheck { temp, method }, details)
    }

    /// Sends a confirmed fever to an observation place: one of `[flags]
    /// observation_places`, the first when none is given. Arrival is now.
    pub fn flag_observe(&mut self, id: i64, place: Option<&str>) -> DeskResult<FlagCase> {
        self.require(Permission::ManageFlag)?;
        let place = self.observation_place(place)?;
        let details = json!({ "place": place });
        self.flag_step(id, FlagChange::Observe { place }, details)
    }

    /// Records where the person was referred (fever clinic, home, guardian) with a note.
    pub fn flag_refer(&mut self, id: i64, to: &str, note: Option<&str>) -> DeskResult<FlagCase> {
        self.require(Permission::ManageFlag)?;
        let to = label("field.referred_to", to, TO_MAX)?;
        let note = optional("field.note", note, NOTE_MAX)?;
        let details = json!({ "to": to, "note": note });
        self.flag_step(id, FlagChange::Refer { to, note }, details)
    }

    /// Records the report to the epidemic-control group: to whom, now.
    pub fn flag_report(&mut self, id: i64, to: &str) -> DeskResult<FlagCase> {
        self.require(Permission::ManageFlag)?;
        let to = label("field.reported_to", to, TO_MAX)?;
        let details = json!({ "to": to });
        self.flag_step(id, FlagChange::Report { to }, details)
    }

    /// Closes a referred, reported case with its outcome note. No change after that.
    pub fn flag_close(&mut self, id: i64, note: &str) -> DeskResult<FlagCase> {
        self.require(Permission::ManageFlag)?;
        let outcome =
            clean_note(note, NOTE_MAX).map_err(|e| DeskError::field("field.outcome", e.key()))?;
        let details = json!({ "outcome": outcome });
        self.flag_step(id, FlagChange::Close { outcome }, details)
    }

    /// Checks a place against the configured list; none given means the first.
    pub fn observation_place(&self, place: Option<&str>) -> DeskResult<String> {
        let places = &self.config.flags.observation_places;
        match place.map(str::trim).filter(|p| !p.is_empty()) {
            None => places
                .first()
                .cloned()
                .ok_or_else(|| DeskError::field("field.place", "field.missing")),
            Some(p) => places
                .iter()
                .find(|k| k.trim() == p)
                .cloned()
                .ok_or_else(|| {
                    DeskError::invalid("flag.unknown_place")
                        .arg("place", sanitize(p))
                        .arg("known", places.join(", "))
                }),
        }
    }

    /// Loads the case inside the write transaction, applies the step (refused with
    /// what is allowed next), saves it and appends the audit row, all or nothing.
    fn flag_step(
        &mut self,
        id: i64,
        change: FlagChange,
        mut details: serde_json::Value,
    ) -> DeskResult<FlagCase> {
        let now = self.clock.now();
        let by = self.actor.login.clone();
        let step = match &change {
            FlagChange::Recheck { .. } => FlagStep::Recheck,
            FlagChange::Observe { .. } => FlagStep::Observe,
            FlagChange::Refer { .. } => FlagStep::Refer,
            FlagChange::Report { .. } => FlagStep::Report,
            FlagChange::Close { .. } => FlagStep::Close,
        };
        let action = format!("flag.{step}");
        let record = self.audit_record(&action, "flag", Some(id.to_string()), json!(null));
        self.store.write(|tx| {
            let mut case = store_flags::get(tx, id)?.ok_or_else(|| not_found(id))?;
            let expected = case.version;
            let rechecks_before = case.rechecks.len();
            case.apply(change, now, &by)
                .map_err(|r| refusal_error(id, &r))?;
            if !store_flags::save(tx, &case, expected)? {
                return Err(DeskError::conflict("flag.changed").arg("id", id));
            }
            if case.rechecks.len() > rechecks_before
                && let Some(rc) = case.rechecks.last()
            {
                store_flags::insert_recheck(tx, id, rc)?;
            }
            details["status"] = json!(case.status);
            details["confirmed"] = json!(case.confirmed);
            let mut record = record;
            record.details = details;
            audit::append_covering(tx, &record, &case_rows(id))?;
            Ok(case)
        })
    }

    /// One case with its re-checks.
    pub fn flag(&self, id: i64) -> DeskResult<FlagCase> {
        let case = store_flags::get(self.store.conn(), id)?.ok_or_else(|| not_found(id))?;
        self.require_in_scope(case.person_id.as_deref(), &format!("#{id}"))?;
        Ok(case)
    }

    /// The case a gate entry opened, if it was flagged.
    pub fn flag_for_entry(&self, entry_id: i64) -> DeskResult<Option<FlagCase>> {
        match store_flags::id_for_entry(self.store.conn(), entry_id)? {
            Some(id) => Ok(Some(self.flag(id)?)),
            None => Ok(None),
        }
    }

    /// Active cases (every one, oldest first), or the history (newest first, at most
    /// `limit`, every case when `None`).
    pub fn flags(&self, active_only: bool, limit: Option<usize>) -> DeskResult<Vec<FlagCase>> {
        let conn = self.store.conn();
        // A department head's cases are filtered after loading, so the limit applies
        // after the filter.
        let scoped = self.actor.role == crate::domain::Role::DeptHead;
        if active_only || scoped {
            let mut cases = if active_only {
                store_flags::list_active(conn)?
            } else {
                store_flags::list(conn, usize::MAX)?
            };
            cases = self.scope_flags(cases)?;
            if let Some(limit) = limit {
                cases.truncate(limit);
            }
            Ok(cases)
        } else {
            Ok(store_flags::list(conn, limit.unwrap_or(usize::MAX))?)
        }
    }

    /// The counters at the desk's clock: the dashboard, `flag list` and the handover
    /// all count from here.
    pub fn flag_counts(&self) -> DeskResult<FlagCounts> {
        Ok(store_flags::counts(
            self.store.conn(),
            to_ms(self.clock.now()),
        )?)
    }

    /// Open, observing and referred cases.
    pub fn active_flag_count(&self) -> DeskResult<i64> {
        Ok(self.flag_counts()?.active)
    }

    /// Active unreported cases past their report deadline.
    pub fn overdue_flag_count(&self) -> DeskResult<i64> {
        Ok(self.flag_counts()?.report_overdue)
    }

    /// The steps this operator may take on the case now: allowed by its state and by
    /// the operator's role. The console offers exactly these.
    pub fn flag_steps(&self, case: &FlagCase) -> Vec<FlagStep> {
        case.state()
            .allowed()
            .into_iter()
            .filter(|s| {
                self.actor.role.allows(match s {
                    FlagStep::Recheck => Permission::RecheckFlag,
                    _ => Permission::ManageFlag,
                })
            })
            .collect()
    }

    /// The alerts that fell due in `(from, to]` among the active cases, each with its
    /// case (for the message). Call on every clock tick with the previous tick.
    pub fn flag_alerts_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DeskResult<Vec<(FlagAlert, FlagCase)>> {
        let cases = store_flags::list_active(self.store.conn())?;
        Ok(alerts_between(&cases, from, to)
            .into_iter()
            .filter_map(|a| {
                cases
                    .iter()
                    .find(|c| c.id == a.case_id)
                    .map(|c| (a, c.clone()))
            })
            .collect())
    }

    /// Carry-over items for the shift handover: `("flag:ID", "name first-temp status")`
    /// for every active case, oldest first. Data only (no translated words), so the
    /// signed handover reads the same in any language.
    pub fn flag_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        Ok(store_flags::list_active(self.store.conn())?
            .into_iter()
            .map(|c| {
                (
                    format!("flag:{}", c.id),
                    format!("{} {} {}", sanitize(&c.name), c.first_temp, c.status),
                )
            })
            .collect())
    }
}

/// The rows a fever-case step writes: the case and its re-checks.
fn case_rows(id: i64) -> [Covered; 2] {
    [
        Covered::row("flags", id),
        Covered::filter("flag_rechecks", "flag_id = ?2", vec![id.into()]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::config::Config;
    use crate::domain::Role;
    use crate::domain::flag::FlagState;
    use crate::service::Actor;
    use crate::service::entries::EntryInput;
    use crate::store::Store;
    use std::sync::Arc;

    struct Fixture {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
        clock: Arc<FixedClock>,
    }

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T08:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("desk.db");
            let f = Fixture {
                _dir: dir,
                path,
                clock: Arc::new(FixedClock::new(t0())),
            };
            f.desk(Role::Admin)
                .import_people(
                    "id,name,kind,department\nS001,王小明,学生,机电系\nS002,李娜,学生,护理系\n"
                        .as_bytes(),
                )
                .unwrap();
            f
        }

        fn desk(&self, role: Role) -> Desk {
            let actor = Actor {
                login: role.as_str().to_string(),
                name: role.as_str().to_string(),
                role,
            };
            Desk::new(
                Store::open(&self.path).unwrap(),
                Arc::new(Config::default()),
                actor,
                self.clock.clone(),
            )
            .unwrap()
        }

        fn at(&self, minutes: i64) {
            self.clock.set(t0() + chrono::Duration::minutes(minutes));
        }

        /// Registers one person at the east gate; returns the case, if one opened.
        fn gate(&self, person: &str, temp: &str) -> Option<FlagCase> {
            let mut d = self.desk(Role::Guard);
            let e = d
                .register_entry(&EntryInput {
                    gate: "东门".into(),
                    direction: "in".into(),
                    temp: temp.into(),
                    code: Some("green".into()),
                    venue_scan: true,
                    person_id: Some(person.into()),
                    visitor: None,
                })
                .unwrap();
            d.flag_for_entry(e.id).unwrap()
        }

        fn audit_rows(&self) -> i64 {
            self.desk(Role::Admin).counts().unwrap().audit
        }
    }

    #[test]
    fn a_flagged_entry_opens_its_case_with_deadlines_and_an_audit_row() {
        let f = Fixture::new();
        let before = f.audit_rows();
        assert!(f.gate("S001", "36.5").is_none());
        let case = f.gate("S002", "37.6").expect("a case opens");
        assert_eq!(f.audit_rows(), before + 3, "entry, entry, flag.open");
        assert_eq!(case.status, FlagStatus::Open);
        assert_eq!(case.name, "李娜");
        assert_eq!(case.first_temp, Tenths(376));
        assert_eq!(case.threshold, Tenths(373));
        assert_eq!(case.opened_by, "guard");
        assert_eq!(case.recheck_due, t0() + chrono::Duration::minutes(10));
        assert_eq!(case.report_due, t0() + chrono::Duration::minutes(120));
        let d = f.desk(Role::Supervisor);
        assert_eq!(d.active_flag_count().unwrap(), 1);
        assert_eq!(d.flags(true, None).unwrap().len(), 1);
    }

    #[test]
    fn ingest_opens_cases_for_its_flagged_lines() {
        let f = Fixture::new();
        let mut d = f.desk(Role::Guard);
        let input = concat!(
            r#"{"gate":"东门","direction":"in","temp":"38.1","code":"green","venue_scan":true,"person_id":"S001"}"#,
            "\n",
            r#"{"gate":"东门","direction":"in","temp":"36.4","code":"green","venue_scan":true,"person_id":"S002"}"#,
            "\n",
        );
        let mut out = Vec::new();
        let stats = d.ingest(input.as_bytes(), &mut out, Lang::En).unwrap();
        assert_eq!(stats.ok, 2);
        let cases = d.flags(true, None).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].person_id.as_deref(), Some("S001"));
        assert_eq!(
            d.audit_verify().unwrap(),
            crate::store::audit::Verification::Intact { rows: 4 }
        );
    }

    #[test]
    fn the_whole_path_is_recorded_step_by_step() {
        let f = Fixture::new();
        let id = f.gate("S001", "38.0").unwrap().id;
        f.at(6);
        let c = f
            .desk(Role::Guard)
            .flag_recheck(id, "３８．２", Some("水银"))
            .unwrap();
        assert_eq!((c.status, c.confirmed), (FlagStatus::Open, true));
        assert_eq!(c.rechecks.len(), 1);
        assert_eq!(c.rechecks[0].by, "guard");
        let mut officer = f.desk(Role::Officer);
        f.at(8);
        assert_eq!(
            officer.flag_observe(id, None).unwrap().place.as_deref(),
            Some("医务室临时留观点")
        );
        f.at(30);
        officer.flag_refer(id, "发热门诊", Some("  ")).unwrap();
        f.at(40);
        officer.flag_report(id, "校防控办").unwrap();
        f.at(50);
        let c = officer.flag_close(id, "流感，居家休息").unwrap();
        assert_eq!(c.status, FlagStatus::Closed);
        assert_eq!(c.note, None, "a blank note is no note");
        let stored = officer.flag(id).unwrap();
        assert_eq!(stored, c, "what the step returns is what is stored");
        assert_eq!(stored.arrived_at, Some(t0() + chrono::Duration::minutes(8)));
        assert_eq!(stored.reported_by.as_deref(), Some("officer"));
        let actions: Vec<String> = officer
            .audit_list(6)
            .unwrap()
            .into_iter()
            .rev()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            actions,
            [
                "flag.open",
                "flag.recheck",
                "flag.observe",
                "flag.refer",
                "flag.report",
                "flag.close"
            ]
        );
        assert_eq!(officer.active_flag_count().unwrap(), 0);
    }

    #[test]
    fn refused_steps_and_bad_input_write_nothing() {
        let f = Fixture::new();
        let id = f.gate("S001", "37.5").unwrap().id;
        let before = f.audit_rows();
        let mut officer = f.desk(Role::Officer);
        let e = officer.flag_close(id, "走了").unwrap_err();
        assert_eq!(
            (e.kind, e.key),
            (crate::error::ErrorKind::Conflict, "flag.refused")
        );
        assert_eq!(e.get("allowed"), Some("flag.next.recheck_report"));
        let e = officer.flag_recheck(id, "abc", None).unwrap_err();
        assert_eq!(e.get("field"), Some("field.temp"));
        let e = officer.flag_recheck(id, "45", None).unwrap_err();
        assert_eq!(e.get("problem"), Some("temp.out_of_range"));
        let e = officer.flag_observe(id, Some("操场")).unwrap_err();
        assert_eq!(e.key, "flag.unknown_place");
        let e = officer.flag_report(id, " ").unwrap_err();
        assert_eq!(e.get("field"), Some("field.reported_to"));
        let e = officer.flag_refer(id, "家\u{1b}[2J", None).unwrap_err();
        assert_eq!(e.get("problem"), Some("text.control"));
        let e = officer.flag_recheck(999, "36.5", None).unwrap_err();
        assert_eq!(e.key, "flag.not_found");
        for role in [Role::Supervisor, Role::Guard] {
            let mut d = f.desk(role);
            assert_eq!(d.flag_report(id, "防控办").unwrap_err().key, "perm.refused");
            assert_eq!(d.flag_observe(id, None).unwrap_err().key, "perm.refused");
        }
        assert_eq!(
            f.desk(Role::Supervisor)
                .flag_recheck(id, "36.5", None)
                .unwrap_err()
                .key,
            "perm.refused"
        );
        assert_eq!(f.audit_rows(), before);
        assert_eq!(officer.flag(id).unwrap().version, 1);
    }

    #[test]
    fn steps_offered_follow_the_state_and_the_role() {
        let f = Fixture::new();
        let case = f.gate("S001", "37.5").unwrap();
        assert_eq!(f.desk(Role::Guard).flag_steps(&case), [FlagStep::Recheck]);
        assert!(f.desk(Role::Supervisor).flag_steps(&case).is_empty());
        assert_eq!(
            f.desk(Role::Officer).flag_steps(&case),
            [FlagStep::Recheck, FlagStep::Report]
        );
    }

    #[test]
    fn counts_alerts_and_handover_items_agree_with_the_cases() {
        let f = Fixture::new();
        let a = f.gate("S001", "37.5").unwrap().id;
        f.at(5);
        let b = f.gate("S002", "38.4").unwrap().id;
        let mut officer = f.desk(Role::Officer);
        officer.flag_recheck(b, "38.3", None).unwrap();
        officer.flag_report(b, "防控办").unwrap();
        f.at(12);
        let counts = officer.flag_counts().unwrap();
        assert_eq!(
            counts,
            FlagCounts {
                active: 2,
                open: 2,
                observing: 0,
                referred: 0,
                recheck_overdue: 1,
                report_overdue: 0,
            }
        );
        let alerts = officer
            .flag_alerts_between(t0(), t0() + chrono::Duration::minutes(12))
            .unwrap();
        assert_eq!(alerts.len(), 1);
        assert_eq!(
            (alerts[0].0.case_id, alerts[0].0.kind),
            (a, FlagAlertKind::RecheckDue)
        );
        assert_eq!(
            alert_text(Lang::En, &alerts[0].0, &alerts[0].1),
            format!("re-check due: 王小明 (first reading 37.5 °C, case {a})")
        );
        f.at(120);
        assert_eq!(officer.overdue_flag_count().unwrap(), 1);
        let listed = officer.flags(true, None).unwrap();
        let now = officer.clock.now();
        assert_eq!(listed.iter().filter(|c| c.overdue(now)).count(), 1);
        assert_eq!(
            officer.flag_handover_items().unwrap(),
            vec![
                (format!("flag:{a}"), "王小明 37.5 open".to_string()),
                (format!("flag:{b}"), "李娜 38.4 open".to_string()),
            ]
        );
        officer
            .flag_recheck(a, "36.9", Some("second device"))
            .unwrap();
        assert_eq!(officer.flag_handover_items().unwrap().len(), 1);
        assert_eq!(officer.active_flag_count().unwrap(), 1);
    }

    #[test]
    fn every_allowed_set_and_state_has_a_message_in_both_languages() {
        for status in FlagStatus::ALL {
            for confirmed in [false, true] {
                for reported in [false, true] {
                    let s = FlagState {
                        status: *status,
                        confirmed,
                        reported,
                    };
                    let key = crate::domain::flag::next_key(&s.allowed());
                    for lang in [Lang::Zh, Lang::En] {
                        assert!(crate::i18n::lookup(lang, &key).is_some(), "{key}");
                        assert!(crate::i18n::lookup(lang, state_key(s)).is_some());
                    }
                }
            }
        }
        for step in FlagStep::ALL {
            assert!(crate::i18n::lookup(Lang::En, step_key(*step)).is_some());
        }
    }

    #[test]
    fn a_refusal_reads_as_a_sentence_with_what_comes_next() {
        let state = FlagState {
            status: FlagStatus::Open,
            confirmed: false,
            reported: false,
        };
        let r = state
            .apply(crate::domain::flag::FlagAction::Close)
            .unwrap_err();
        let en = refusal_error(3, &r).render(Lang::En);
        assert_eq!(
            en,
            "case 3 (awaiting re-check) cannot close: the first reading must be re-checked first. \
             Allowed next: re-check (flag recheck) or report (flag report)"
        );
        let zh = refusal_error(3, &r).render(Lang::Zh);
        assert!(zh.contains("复测（flag recheck）"), "{zh}");
        assert!(!zh.contains('{'), "{zh}");
    }

    #[test]
    fn deadlines_read_as_countdowns() {
        assert_eq!(
            deadline_text(Lang::En, DeadlineKind::Recheck, TimeLeft::Remaining(432)),
            "re-check due in 7m 12s"
        );
        assert_eq!(
            deadline_text(Lang::En, DeadlineKind::Report, TimeLeft::Overdue(190)),
            "report overdue 3m 10s"
        );
        assert_eq!(
            deadline_text(Lang::Zh, DeadlineKind::Recheck, TimeLeft::Overdue(190)),
            "复测超时 3 分 10 秒"
        );
        assert_eq!(
            deadline_text(Lang::Zh, DeadlineKind::Report, TimeLeft::Remaining(7080)),
            "上报还剩 1 小时 58 分"
        );
        assert_eq!(
            deadline_text(Lang::En, DeadlineKind::Report, TimeLeft::Remaining(7080)),
            "report due in 1h 58m"
        );
    }
}
