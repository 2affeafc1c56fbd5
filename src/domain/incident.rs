//! Incidents (突发事件) and emergency readiness, as pure rules: the report lifecycle of
//! an incident against its statutory clocks, its response-plan steps, when a 24-hour
//! contact's verification goes stale, and who still owes a directive an
//! acknowledgement. No clock reads: every rule takes `now`.

use super::entry::text_enum;
use super::flag::TimeLeft;
use super::handover::Stamp;
use chrono::{DateTime, Duration, Utc};

text_enum!(
    /// An incident is open until closed with its summary.
    IncidentStatus { Open => "open", Closed => "closed" }
);

text_enum!(
    /// Which report: the first (初次报告) against the statutory clock, progress reports
    /// (续报) at the kind's interval, the final report (终报) that allows closing.
    ReportStage { First => "first", Progress => "progress", Final => "final" }
);

/// The clocks of a kind, fixed on the incident when it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportClocks {
    pub first_report_minutes: u32,
    pub progress_every_hours: u32,
}

impl ReportClocks {
    /// The first report is due this long after the desk learned of the incident.
    pub fn first_report_due(self, opened_at: DateTime<Utc>) -> DateTime<Utc> {
        opened_at + Duration::minutes(i64::from(self.first_report_minutes))
    }
}

/// One report made: stage, to whom, by whom, when, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub stage: ReportStage,
    pub to: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub text: String,
}

/// One step of the incident's response plan, as copied when it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// 1-based, as `incident step ID N` names it.
    pub n: u32,
    pub text: String,
    pub text_en: String,
    pub done: Option<Stamp>,
}

/// An incident with everything recorded on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    pub kind_label_en: String,
    pub level: String,
    pub level_en: String,
    pub title: String,
    pub status: IncidentStatus,
    /// When the desk learned of it: the clocks start here.
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub first_report_due: DateTime<Utc>,
    pub progress_every_hours: u32,
    pub report_to: Vec<String>,
    pub plan_label: String,
    pub plan_label_en: String,
    /// The fever case escalated into this incident, if any.
    pub flag_id: Option<i64>,
    /// People affected: (roster id, name).
    pub people: Vec<(String, String)>,
    pub reports: Vec<Report>,
    pub steps: Vec<PlanStep>,
    pub closed: Option<Stamp>,
    pub summary: Option<String>,
}

/// Why a step on an incident is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentRefusal {
    /// The incident is closed: nothing more is recorded on it.
    Closed,
    /// The first report is already recorded.
    FirstAlreadyMade,
    /// Progress and final reports come after the first report.
    FirstNotMade,
    /// The final report is recorded: only closing is left.
    FinalAlreadyMade,
    /// Closing needs the final report.
    NoFinalReport,
    /// The plan step is already ticked.
    StepDone,
    /// No such plan step.
    NoSuchStep,
}

impl IncidentRefusal {
    pub fn key(self) -> &'static str {
        match self {
            Self::Closed => "incident.refused.closed",
            Self::FirstAlreadyMade => "incident.refused.first_made",
            Self::FirstNotMade => "incident.refused.first_missing",
            Self::FinalAlreadyMade => "incident.refused.final_made",
            Self::NoFinalReport => "incident.refused.no_final",
            Self::StepDone => "incident.refused.step_done",
            Self::NoSuchStep => "incident.refused.no_step",
        }
    }
}

/// Which deadline an open incident is running against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncidentDeadline {
    FirstReport,
    Progress,
}

impl Incident {
    pub fn is_open(&self) -> bool {
        self.status == IncidentStatus::Open
    }

    fn report_of(&self, stage: ReportStage) -> Option<&Report> {
        self.reports.iter().find(|r| r.stage == stage)
    }

    /// When the first report was made.
    pub fn first_reported_at(&self) -> Option<DateTime<Utc>> {
        self.report_of(ReportStage::First).map(|r| r.at)
    }

    pub fn final_reported(&self) -> bool {
        self.report_of(ReportStage::Final).is_some()
    }

    /// The next progress report is due `progress_every_hours` after the latest report,
    /// from the first report until the final one; `None` before the first report, after
    /// the final one and once closed.
    pub fn next_progress_due(&self) -> Option<DateTime<Utc>> {
        if !self.is_open() || self.final_reported() || self.first_reported_at().is_none() {
            return None;
        }
        let last = self.reports.iter().map(|r| r.at).max()?;
        Some(last + Duration::hours(i64::from(self.progress_every_hours)))
    }

    /// The deadline the incident runs against now: the first report until it is made,
    /// then the next progress report; none once the final report is in or closed.
    pub fn next_deadline(&self) -> Option<(IncidentDeadline, DateTime<Utc>)> {
        if !self.is_open() {
            return None;
        }
        if self.first_reported_at().is_none() {
            return Some((IncidentDeadline::FirstReport, self.first_report_due));
        }
        self.next_progress_due()
            .map(|due| (IncidentDeadline::Progress, due))
    }

    /// At the deadline itself an incident counts as overdue (as fever cases do).
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.next_deadline().is_some_and(|(_, due)| now >= due)
    }

    pub fn time_left(&self, now: DateTime<Utc>) -> Option<TimeLeft> {
        self.next_deadline()
            .map(|(_, due)| TimeLeft::until(due, now))
    }

    /// May a report of this stage be recorded now?
    pub fn check_report(&self, stage: ReportStage) -> Result<(), IncidentRefusal> {
        if !self.is_open() {
            return Err(IncidentRefusal::Closed);
        }
        if self.final_reported() {
            return Err(IncidentRefusal::FinalAlreadyMade);
        }
        let first = self.first_reported_at().is_some();
        match stage {
            ReportStage::First if first => Err(IncidentRefusal::FirstAlreadyMade),
            ReportStage::Progress | ReportStage::Final if !first => {
                Err(IncidentRefusal::FirstNotMade)
            }
            _ => Ok(()),
        }
    }

    /// May the incident be closed? Only once the final report is recorded.
    pub fn check_close(&self) -> Result<(), IncidentRefusal> {
        if !self.is_open() {
            return Err(IncidentRefusal::Closed);
        }
        if !self.final_reported() {
            return Err(IncidentRefusal::NoFinalReport);
        }
        Ok(())
    }

    /// May plan step `n` be ticked?
    pub fn check_step(&self, n: u32) -> Result<(), IncidentRefusal> {
        if !self.is_open() {
            return Err(IncidentRefusal::Closed);
        }
        match self.steps.iter().find(|s| s.n == n) {
            None => Err(IncidentRefusal::NoSuchStep),
            Some(s) if s.done.is_some() => Err(IncidentRefusal::StepDone),
            Some(_) => Ok(()),
        }
    }
}

/// What the console's alert poller raises for an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncidentAlertKind {
    /// The first report is due in 30 minutes.
    FirstDueIn30,
    /// The first report is due in 10 minutes.
    FirstDueIn10,
    /// The first report is overdue.
    FirstOverdue,
    /// A progress report is overdue.
    ProgressOverdue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentAlert {
    pub incident_id: i64,
    pub kind: IncidentAlertKind,
    /// When the alert fires (not the deadline itself for the early warnings).
    pub at: DateTime<Utc>,
    pub due: DateTime<Utc>,
}

/// The alerts that fire in `(from, to]`: 30 and 10 minutes before an outstanding first
/// report is due and when it is due, and when a progress report is due. Called every
/// tick with the previous tick and now, each alert fires once; a report made early
/// raises nothing after it. Sorted by firing time.
pub fn alerts_between(
    incidents: &[Incident],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<IncidentAlert> {
    let mut out = Vec::new();
    for i in incidents {
        let Some((which, due)) = i.next_deadline() else {
            continue;
        };
        let fire: &[(IncidentAlertKind, i64)] = match which {
            IncidentDeadline::FirstReport => &[
                (IncidentAlertKind::FirstDueIn30, 30),
                (IncidentAlertKind::FirstDueIn10, 10),
                (IncidentAlertKind::FirstOverdue, 0),
            ],
            IncidentDeadline::Progress => &[(IncidentAlertKind::ProgressOverdue, 0)],
        };
        for (kind, before) in fire {
            let at = due - Duration::minutes(*before);
            if at > from && at <= to {
                out.push(IncidentAlert {
                    incident_id: i.id,
                    kind: *kind,
                    at,
                    due,
                });
            }
        }
    }
    out.sort_by_key(|a| (a.at, a.incident_id));
    out
}

/// Who still owes a directive an acknowledgement: everyone required who has not
/// acknowledged it, in the order required.
pub fn pending_acks(required: &[String], acked: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in required {
        if !acked.contains(r) && !out.contains(r) {
            out.push(r.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn incident(opened: &str) -> Incident {
        let clocks = ReportClocks {
            first_report_minutes: 120,
            progress_every_hours: 24,
        };
        Incident {
            id: 1,
            kind: "suspected_case".into(),
            kind_label: "疑似病例".into(),
            kind_label_en: "Suspected case".into(),
            level: "较大".into(),
            level_en: "Major".into(),
            title: "学生宿舍发热".into(),
            status: IncidentStatus::Open,
            opened_at: t(opened),
            opened_by: "zhao".into(),
            first_report_due: clocks.first_report_due(t(opened)),
            progress_every_hours: clocks.progress_every_hours,
            report_to: vec!["县疾控中心".into()],
            plan_label: "预案".into(),
            plan_label_en: "Plan".into(),
            flag_id: None,
            people: vec![],
            reports: vec![],
            steps: vec![PlanStep {
                n: 1,
                text: "隔离".into(),
                text_en: "Isolate".into(),
                done: None,
            }],
            closed: None,
            summary: None,
        }
    }

    fn report(i: &mut Incident, stage: ReportStage, at: &str) {
        i.check_report(stage).unwrap();
        i.reports.push(Report {
            stage,
            to: "县疾控中心".into(),
            by: "zhao".into(),
            at: t(at),
            text: "情况".into(),
        });
    }

    #[test]
    fn the_first_report_is_due_at_the_statutory_clock_and_overdue_from_it() {
        let i = incident("2026-12-05T08:00:00Z");
        assert_eq!(i.first_report_due, t("2026-12-05T10:00:00Z"));
        assert_eq!(
            i.next_deadline(),
            Some((IncidentDeadline::FirstReport, t("2026-12-05T10:00:00Z")))
        );
        assert!(!i.overdue(t("2026-12-05T09:59:59Z")));
        assert!(i.overdue(t("2026-12-05T10:00:00Z")));
        assert_eq!(i.next_progress_due(), None);
    }

    #[test]
    fn progress_is_due_after_each_report_until_the_final_one() {
        let mut i = incident("2026-12-05T08:00:00Z");
        report(&mut i, ReportStage::First, "2026-12-05T09:30:00Z");
        assert_eq!(i.next_progress_due(), Some(t("2026-12-06T09:30:00Z")));
        assert!(!i.overdue(t("2026-12-05T10:30:00Z")), "first report made");
        assert!(i.overdue(t("2026-12-06T09:30:00Z")));
        report(&mut i, ReportStage::Progress, "2026-12-06T08:00:00Z");
        assert_eq!(i.next_progress_due(), Some(t("2026-12-07T08:00:00Z")));
        report(&mut i, ReportStage::Final, "2026-12-06T20:00:00Z");
        assert_eq!(i.next_deadline(), None);
        assert!(!i.overdue(t("2026-12-09T00:00:00Z")));
    }

    #[test]
    fn reports_follow_the_order_first_progress_final() {
        let mut i = incident("2026-12-05T08:00:00Z");
        assert_eq!(
            i.check_report(ReportStage::Progress),
            Err(IncidentRefusal::FirstNotMade)
        );
        assert_eq!(
            i.check_report(ReportStage::Final),
            Err(IncidentRefusal::FirstNotMade)
        );
        assert_eq!(i.check_close(), Err(IncidentRefusal::NoFinalReport));
        report(&mut i, ReportStage::First, "2026-12-05T09:00:00Z");
        assert_eq!(
            i.check_report(ReportStage::First),
            Err(IncidentRefusal::FirstAlreadyMade)
        );
        assert_eq!(i.check_close(), Err(IncidentRefusal::NoFinalReport));
        report(&mut i, ReportStage::Final, "2026-12-05T12:00:00Z");
        assert_eq!(
            i.check_report(ReportStage::Progress),
            Err(IncidentRefusal::FinalAlreadyMade)
        );
        assert_eq!(i.check_close(), Ok(()));
        i.status = IncidentStatus::Closed;
        for stage in ReportStage::ALL {
            assert_eq!(i.check_report(*stage), Err(IncidentRefusal::Closed));
        }
        assert_eq!(i.check_close(), Err(IncidentRefusal::Closed));
        assert_eq!(i.check_step(1), Err(IncidentRefusal::Closed));
    }

    #[test]
    fn plan_steps_are_ticked_once() {
        let mut i = incident("2026-12-05T08:00:00Z");
        assert_eq!(i.check_step(1), Ok(()));
        assert_eq!(i.check_step(2), Err(IncidentRefusal::NoSuchStep));
        assert_eq!(i.check_step(0), Err(IncidentRefusal::NoSuchStep));
        i.steps[0].done = Some(Stamp {
            by: "zhao".into(),
            at: t("2026-12-05T08:05:00Z"),
        });
        assert_eq!(i.check_step(1), Err(IncidentRefusal::StepDone));
    }

    #[test]
    fn alerts_fire_once_at_30_and_10_minutes_and_at_the_deadline() {
        let i = incident("2026-12-05T08:00:00Z");
        let all = alerts_between(
            std::slice::from_ref(&i),
            t("2026-12-05T08:00:00Z"),
            t("2026-12-05T11:00:00Z"),
        );
        let kinds: Vec<_> = all.iter().map(|a| (a.kind, a.at)).collect();
        assert_eq!(
            kinds,
            vec![
                (IncidentAlertKind::FirstDueIn30, t("2026-12-05T09:30:00Z")),
                (IncidentAlertKind::FirstDueIn10, t("2026-12-05T09:50:00Z")),
                (IncidentAlertKind::FirstOverdue, t("2026-12-05T10:00:00Z")),
            ]
        );
        // Tick by tick, each fires exactly once.
        let mut fired = 0;
        let mut from = t("2026-12-05T08:00:00Z");
        while from < t("2026-12-05T11:00:00Z") {
            let to = from + Duration::seconds(7);
            fired += alerts_between(std::slice::from_ref(&i), from, to).len();
            from = to;
        }
        assert_eq!(fired, 3);
    }

    #[test]
    fn a_first_report_made_early_silences_its_alerts() {
        let mut i = incident("2026-12-05T08:00:00Z");
        report(&mut i, ReportStage::First, "2026-12-05T08:20:00Z");
        let all = alerts_between(
            std::slice::from_ref(&i),
            t("2026-12-05T08:20:00Z"),
            t("2026-12-06T09:00:00Z"),
        );
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].kind, IncidentAlertKind::ProgressOverdue);
        assert_eq!(all[0].at, t("2026-12-06T08:20:00Z"));
    }

    #[test]
    fn pending_acks_are_the_required_not_yet_acknowledged() {
        let req = vec![
            "li".to_string(),
            "zhao".into(),
            "qian".into(),
            "zhao".into(),
        ];
        assert_eq!(
            pending_acks(&req, &["zhao".to_string()]),
            vec!["li".to_string(), "qian".into()]
        );
        assert!(pending_acks(&req, &req).is_empty());
    }
}
