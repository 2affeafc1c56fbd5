//! Incidents (突发事件): opening one against its kind's statutory clock, the reports
//! (first, progress, final), the response plan's steps, closing, and the deadline and
//! alert queries the console's poller and the handover use. Every write checks the
//! permission, validates, re-reads the incident inside its `BEGIN IMMEDIATE`
//! transaction, applies the domain rule and appends its audit row there too.

use super::Desk;
use crate::clock::{Zone, to_ms};
use crate::config::IncidentKindConfig;
use crate::domain::Permission;
use crate::domain::flag::TimeLeft;
use crate::domain::handover::Stamp;
use crate::domain::incident::{
    Incident, IncidentAlert, IncidentAlertKind, IncidentDeadline, IncidentRefusal, Report,
    ReportClocks, ReportStage, alerts_between,
};
use crate::domain::text::{clean_label, sanitize};
use crate::domain::time::LocalInput;
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, trf};
use crate::report::RecordMeta;
use crate::report::incident_xlsx::IncidentMeta;
use crate::store::audit;
use crate::store::audit_rows::Covered;
use crate::store::flags as store_flags;
use crate::store::incidents::{self as store, NewIncident};
use crate::store::people as store_people;
use chrono::{DateTime, NaiveTime, Utc};
use serde_json::json;
use std::path::Path;

/// Longest title.
const TITLE_MAX: usize = 100;
/// Longest "to whom".
const TO_MAX: usize = 100;
/// Longest report text or closing summary.
const TEXT_MAX: usize = 2000;
/// People named on one incident at most.
const PEOPLE_MAX: usize = 200;
/// History lists show this many incidents.
pub const HISTORY_LIMIT: usize = 100;

/// What `incident open` takes, as typed.
#[derive(Debug, Clone, Default)]
pub struct IncidentInput {
    pub kind: String,
    pub title: String,
    /// When the desk learned of it (local `YYYY-MM-DD HH:MM`, `HH:MM` today, or RFC
    /// 3339); now when `None`.
    pub at: Option<String>,
    pub people: Vec<String>,
    pub flag: Option<i64>,
}

fn not_found(id: i64) -> DeskError {
    DeskError::not_found("incident.not_found").arg("id", id)
}

fn refusal(id: i64, r: IncidentRefusal) -> DeskError {
    DeskError::conflict("incident.refused")
        .arg("id", id)
        .arg("why", r.key())
}

/// Parses the `--at` of an incident in the desk's zone.
fn parse_at(zone: Zone, now: DateTime<Utc>, s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.to_utc());
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
        return Some(zone.from_local(zone.date_of(now).and_time(t)));
    }
    match LocalInput::parse(s)? {
        LocalInput::DateTime(dt) => Some(zone.from_local(dt)),
        LocalInput::Date(_) => None,
    }
}

/// The label of a kind, plan step or level in the reader's language.
pub fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Translation key of a report stage.
pub fn stage_key(stage: ReportStage) -> &'static str {
    match stage {
        ReportStage::First => "incident.stage.first",
        ReportStage::Progress => "incident.stage.progress",
        ReportStage::Final => "incident.stage.final",
    }
}

/// "初次报告 1 小时 52 分 后到期" / "progress report overdue 3m 10s"; `None` when nothing is
/// due (final report in, or closed).
pub fn deadline_text(lang: Lang, i: &Incident, now: DateTime<Utc>) -> Option<String> {
    let (which, due) = i.next_deadline()?;
    let left = TimeLeft::until(due, now);
    let key = match (which, left.is_overdue()) {
        (IncidentDeadline::FirstReport, false) => "incident.first_due_in",
        (IncidentDeadline::FirstReport, true) => "incident.first_overdue",
        (IncidentDeadline::Progress, false) => "incident.progress_due_in",
        (IncidentDeadline::Progress, true) => "incident.progress_overdue",
    };
    Some(trf(
        lang,
        key,
        &[("time", crate::i18n::countdown(lang, left))],
    ))
}

/// The line an alert shows.
pub fn alert_text(lang: Lang, a: &IncidentAlert, i: &Incident) -> String {
    let key = match a.kind {
        IncidentAlertKind::FirstDueIn30 => "incident.alert.first_30",
        IncidentAlertKind::FirstDueIn10 => "incident.alert.first_10",
        IncidentAlertKind::FirstOverdue => "incident.alert.first_overdue",
        IncidentAlertKind::ProgressOverdue => "incident.alert.progress_overdue",
    };
    trf(
        lang,
        key,
        &[("id", i.id.to_string()), ("title", sanitize(&i.title))],
    )
}

/// The rows opening an incident writes: the incident, its people and plan steps.
fn incident_rows(id: i64) -> [Covered; 3] {
    [
        Covered::row("incidents", id),
        Covered::filter("incident_people", "incident_id = ?2", vec![id.into()]),
        Covered::filter("incident_steps", "incident_id = ?2", vec![id.into()]),
    ]
}

impl Desk {
    fn incident_kind(&self, key: &str) -> DeskResult<&IncidentKindConfig> {
        let key = key.trim();
        self.config
            .incidents
            .kinds
            .iter()
            .find(|k| k.key == key)
            .ok_or_else(|| {
                let known: Vec<&str> = self
                    .config
                    .incidents
                    .kinds
                    .iter()
                    .map(|k| k.key.as_str())
                    .collect();
                DeskError::field("field.kind", "incident.unknown_kind")
                    .arg("kind", sanitize(key))
                    .arg("known", known.join(", "))
            })
    }

    /// Opens an incident: the first-report clock starts at `at` (default now), the
    /// kind's plan is copied step by step, people and an escalated fever case are
    /// checked to exist.
    pub fn incident_open(&mut self, input: &IncidentInput) -> DeskResult<Incident> {
        self.require(Permission::ManageIncident)?;
        let kind = self.incident_kind(&input.kind)?.clone();
        let title = clean_label(&input.title, TITLE_MAX)
            .map_err(|e| DeskError::field("field.title", e.key()))?;
        let now = self.clock.now();
        let opened_at = match input.at.as_deref() {
            None => now,
            Some(s) => parse_at(self.zone, now, s)
                .ok_or_else(|| DeskError::field("field.at", "incident.at_format"))?,
        };
        if opened_at > now {
            return Err(DeskError::field("field.at", "incident.at_future"));
        }
        let mut people: Vec<String> = Vec::new();
        for p in input.people.iter().flat_map(|p| p.split([',', '，'])) {
            let p = p.trim();
            if !p.is_empty() && !people.iter().any(|q| q == p) {
                people.push(p.to_string());
            }
        }
        if people.len() > PEOPLE_MAX {
            return Err(DeskError::field("field.people", "text.too_long"));
        }
        let plan = self
            .config
            .plans
            .iter()
            .find(|p| p.key == kind.plan)
            .cloned()
            .ok_or_else(|| DeskError::internal("incident.plan_missing").arg("plan", &kind.plan))?;
        let steps: Vec<(String, String)> = plan
            .steps
            .iter()
            .cloned()
            .zip(plan.steps_en.iter().cloned())
            .collect();
        let clocks = ReportClocks {
            first_report_minutes: kind.first_report_minutes,
            progress_every_hours: kind.progress_every_hours,
        };
        let due = clocks.first_report_due(opened_at);
        let mut record = self.audit_record(
            "incident.open",
            "incident",
            None,
            json!({
                "kind": kind.key,
                "title": title,
                "opened_at": opened_at.to_rfc3339(),
                "first_report_due": due.to_rfc3339(),
                "people": people,
                "flag_id": input.flag,
                "plan": plan.key,
            }),
        );
        let login = self.actor.login.clone();
        let id = self.store.write(|tx| {
            for p in &people {
                if !store_people::exists(tx, p)? {
                    return Err(DeskError::field("field.people", "incident.unknown_person")
                        .arg("id", sanitize(p)));
                }
            }
            if let Some(flag) = input.flag
                && store_flags::get(tx, flag)?.is_none()
            {
                return Err(DeskError::field("field.flag", "incident.unknown_flag").arg("id", flag));
            }
            let id = store::insert(
                tx,
                &NewIncident {
                    kind: &kind.key,
                    kind_label: &kind.label,
                    kind_label_en: &kind.label_en,
                    level: &kind.level,
                    level_en: &kind.level_en,
                    title: &title,
                    opened_at: to_ms(opened_at),
                    opened_by: &login,
                    recorded_at: to_ms(now),
                    first_report_due: to_ms(due),
                    progress_every_hours: kind.progress_every_hours,
                    report_to: &kind.report_to,
                    plan_label: &plan.label,
                    plan_label_en: &plan.label_en,
                    flag_id: input.flag,
                    people: &people,
                    steps: &steps,
                },
            )?;
            record.entity_id = Some(id.to_string());
            audit::append_covering(tx, &record, &incident_rows(id))?;
            Ok(id)
        })?;
        self.incident(id)
    }

    /// Records a report (who: the operator; when: now).
    pub fn incident_report(
        &mut self,
        id: i64,
        stage: &str,
        to: &str,
        text: &str,
    ) -> DeskResult<Incident> {
        self.require(Permission::ManageIncident)?;
        let stage = ReportStage::parse(stage)
            .ok_or_else(|| DeskError::field("field.stage", "incident.stage_unknown"))?;
        let to = clean_label(to, TO_MAX).map_err(|e| DeskError::field("field.to", e.key()))?;
        let text =
            clean_label(text, TEXT_MAX).map_err(|e| DeskError::field("field.text", e.key()))?;
        let report = Report {
            stage,
            to,
            by: self.actor.login.clone(),
            at: self.clock.now(),
            text,
        };
        let record = self.audit_record(
            "incident.report",
            "incident",
            Some(id.to_string()),
            json!({ "stage": stage, "to": report.to, "text": report.text }),
        );
        self.store.write(|tx| {
            let i = store::get(tx, id)?.ok_or_else(|| not_found(id))?;
            i.check_report(stage).map_err(|r| refusal(id, r))?;
            let report_id = store::insert_report(tx, id, &report)?;
            audit::append_covering(tx, &record, &[Covered::row("incident_reports", report_id)])?;
            Ok(())
        })?;
        self.incident(id)
    }

    /// Ticks plan step `n` (1-based) with who and when.
    pub fn incident_step(&mut self, id: i64, n: u32) -> DeskResult<Incident> {
        self.require(Permission::ManageIncident)?;
        let stamp = Stamp {
            by: self.actor.login.clone(),
            at: self.clock.now(),
        };
        let mut record = self.audit_record(
            "incident.step",
            "incident",
            Some(id.to_string()),
            json!({ "step": n }),
        );
        self.store.write(|tx| {
            let i = store::get(tx, id)?.ok_or_else(|| not_found(id))?;
            i.check_step(n)
                .map_err(|r| refusal(id, r).arg("step", n).arg("steps", i.steps.len()))?;
            if !store::tick_step(tx, id, n, &stamp)? {
                return Err(refusal(id, IncidentRefusal::StepDone));
            }
            if let Some(s) = i.steps.iter().find(|s| s.n == n) {
                record.details["text"] = json!(s.text);
            }
            let step = Covered::filter(
                "incident_steps",
                "incident_id = ?2 AND n = ?3",
                vec![id.into(), i64::from(n).into()],
            );
            audit::append_covering(tx, &record, &[step])?;
            Ok(())
        })?;
        self.incident(id)
    }

    /// Closes an incident whose final report is recorded.
    pub fn incident_close(&mut self, id: i64, summary: &str) -> DeskResult<Incident> {
        self.require(Permission::ManageIncident)?;
        let summary = clean_label(summary, TEXT_MAX)
            .map_err(|e| DeskError::field("field.summary", e.key()))?;
        let stamp = Stamp {
            by: self.actor.login.clone(),
            at: self.clock.now(),
        };
        let record = self.audit_record(
            "incident.close",
            "incident",
            Some(id.to_string()),
            json!({ "summary": summary }),
        );
        self.store.write(|tx| {
            let i = store::get(tx, id)?.ok_or_else(|| not_found(id))?;
            i.check_close().map_err(|r| refusal(id, r))?;
            if !store::close(tx, id, &stamp, &summary)? {
                return Err(refusal(id, IncidentRefusal::Closed));
            }
            audit::append_covering(tx, &record, &[Covered::row("incidents", id)])?;
            Ok(())
        })?;
        self.incident(id)
    }

    /// One incident with its reports, steps and people.
    pub fn incident(&self, id: i64) -> DeskResult<Incident> {
        store::get(self.store.conn(), id)?.ok_or_else(|| not_found(id))
    }

    /// Open incidents (every one, oldest first) or the newest `HISTORY_LIMIT` of all.
    pub fn incidents(&self, open_only: bool) -> DeskResult<Vec<Incident>> {
        Ok(store::list(self.store.conn(), open_only, HISTORY_LIMIT)?)
    }

    /// The open incidents by urgency: the nearest (or most overdue) deadline first,
    /// those with nothing due (final report in, not closed) last. The console's header
    /// shows the first.
    pub fn incident_deadlines(&self) -> DeskResult<Vec<(Incident, Option<DateTime<Utc>>)>> {
        let mut out: Vec<(Incident, Option<DateTime<Utc>>)> = self
            .incidents(true)?
            .into_iter()
            .map(|i| {
                let due = i.next_deadline().map(|(_, d)| d);
                (i, due)
            })
            .collect();
        out.sort_by_key(|(i, due)| (due.is_none(), *due, i.id));
        Ok(out)
    }

    /// The alerts that fire in `(from, to]` among the open incidents, each with its
    /// incident: 30 and 10 minutes before a first report is due, when it is overdue,
    /// and when a progress report is overdue. Call on every tick with the previous one.
    pub fn incident_alerts_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DeskResult<Vec<(IncidentAlert, Incident)>> {
        let open = self.incidents(true)?;
        Ok(alerts_between(&open, from, to)
            .into_iter()
            .filter_map(|a| {
                open.iter()
                    .find(|i| i.id == a.incident_id)
                    .map(|i| (a, i.clone()))
            })
            .collect())
    }

    /// What the printed form needs: site, zone, language, names of everyone on the
    /// record, and the symptoms of an escalated fever case.
    pub fn incident_meta(&self, i: &Incident, lang: Lang) -> IncidentMeta {
        let mut logins: Vec<&str> = vec![i.opened_by.as_str()];
        logins.extend(i.reports.iter().map(|r| r.by.as_str()));
        logins.extend(
            i.steps
                .iter()
                .filter_map(|s| s.done.as_ref().map(|d| d.by.as_str())),
        );
        logins.extend(i.closed.as_ref().map(|c| c.by.as_str()));
        let names = logins
            .into_iter()
            .map(|l| (l.to_string(), self.operator(l).name))
            .collect();
        let symptoms = i.flag_id.and_then(|f| self.flag(f).ok()).map(|c| {
            trf(
                lang,
                "incident.form.fever",
                &[
                    ("name", sanitize(&c.name)),
                    ("temp", c.first_temp.to_string()),
                    ("id", c.id.to_string()),
                ],
            )
        });
        IncidentMeta {
            record: RecordMeta {
                site: self.config.site.name.clone(),
                zone: self.zone,
                lang,
                names,
                printed_at: self.clock.now(),
                audit_head: self.audit_head().ok().flatten().map(|h| (h.id, h.hash)),
            },
            symptoms,
        }
    }

    /// Writes the incident's report form (A4) as an Excel workbook: a new file (0600,
    /// never through a link), or a replacement of an existing one when `replace`. It
    /// holds names and symptoms, so read-only roles write no file at all.
    pub fn export_incident_xlsx(
        &self,
        id: i64,
        path: &Path,
        lang: Lang,
        replace: bool,
    ) -> DeskResult<()> {
        self.require(Permission::ExportIncident)?;
        let i = self.incident(id)?;
        crate::report::incident_xlsx::write(&i, &self.incident_meta(&i, lang), path, replace)
    }

    /// Carry-over items: every open incident, `("incident:ID", "kind title")`. Data
    /// only, so the signed handover reads the same in any language.
    pub fn incident_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        Ok(self
            .incidents(true)?
            .into_iter()
            .map(|i| {
                let stage = match i.reports.last() {
                    Some(r) => r.stage.as_str(),
                    None => "unreported",
                };
                (
                    format!("incident:{}", i.id),
                    format!(
                        "{} {} ({stage})",
                        sanitize(&i.kind_label),
                        sanitize(&i.title)
                    ),
                )
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::config::Config;
    use crate::domain::Role;
    use crate::service::Actor;
    use crate::store::Store;
    use std::sync::Arc;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn desk(dir: &std::path::Path, clock: Arc<FixedClock>) -> Desk {
        let mut config = Config::default();
        config.site.timezone = Some("Asia/Shanghai".into());
        Desk::new(
            Store::open(&dir.join("d.db")).unwrap(),
            Arc::new(config),
            Actor {
                login: "zhao".into(),
                name: "赵".into(),
                role: Role::Officer,
            },
            clock,
        )
        .unwrap()
    }

    #[test]
    fn the_alert_query_follows_the_fixed_clock() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(t("2026-12-05T08:00:00+08:00")));
        let mut d = desk(dir.path(), clock.clone());
        let i = d
            .incident_open(&IncidentInput {
                kind: "positive_test".into(),
                title: "核酸阳性".into(),
                at: Some("07:30".into()),
                ..Default::default()
            })
            .unwrap();
        // Learned of at 07:30; positive tests are reported within 60 minutes.
        assert_eq!(i.first_report_due, t("2026-12-05T08:30:00+08:00"));
        let kinds = |d: &Desk, from: &str, to: &str| -> Vec<IncidentAlertKind> {
            d.incident_alerts_between(t(from), t(to))
                .unwrap()
                .into_iter()
                .map(|(a, _)| a.kind)
                .collect()
        };
        assert_eq!(
            kinds(&d, "2026-12-05T07:59:00+08:00", "2026-12-05T08:00:00+08:00"),
            vec![IncidentAlertKind::FirstDueIn30]
        );
        assert_eq!(
            kinds(&d, "2026-12-05T08:00:00+08:00", "2026-12-05T08:30:00+08:00"),
            vec![
                IncidentAlertKind::FirstDueIn10,
                IncidentAlertKind::FirstOverdue
            ]
        );
        let (a, inc) = &d
            .incident_alerts_between(
                t("2026-12-05T07:59:00+08:00"),
                t("2026-12-05T08:00:00+08:00"),
            )
            .unwrap()[0];
        assert_eq!(
            alert_text(Lang::Zh, a, inc),
            "突发事件 #1“核酸阳性”：初次报告 30 分钟后到期"
        );
        assert_eq!(
            alert_text(Lang::En, a, inc),
            "incident #1 \"核酸阳性\": first report due in 30 minutes"
        );
        clock.set(t("2026-12-05T08:31:00+08:00"));
        let urgent = d.incident_deadlines().unwrap();
        assert!(urgent[0].0.overdue(clock.now()));
        d.incident_report(i.id, "first", "县疾控中心", "已电话报告")
            .unwrap();
        assert!(
            kinds(&d, "2026-12-05T08:31:00+08:00", "2026-12-05T20:00:00+08:00").is_empty(),
            "the first report silences its alerts"
        );
        assert_eq!(
            kinds(&d, "2026-12-05T20:00:00+08:00", "2026-12-05T20:31:00+08:00"),
            vec![IncidentAlertKind::ProgressOverdue],
            "progress every 12 hours from the first report"
        );
    }

    #[test]
    fn at_in_the_future_or_malformed_is_refused_naming_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(FixedClock::new(t("2026-12-05T08:00:00+08:00")));
        let mut d = desk(dir.path(), clock);
        for at in ["09:00", "昨天", "2026-12-05"] {
            let e = d
                .incident_open(&IncidentInput {
                    kind: "other".into(),
                    title: "x".into(),
                    at: Some(at.into()),
                    ..Default::default()
                })
                .unwrap_err();
            assert_eq!(e.get("field"), Some("field.at"), "{at}");
        }
        assert!(d.incidents(false).unwrap().is_empty());
    }
}
