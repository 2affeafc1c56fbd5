//! The fever follow-up of a flagged gate reading: a small state machine, deadlines and
//! countdowns, and which alerts fall due between two instants. Pure: "now" is always a
//! parameter.
//!
//! ```text
//!            re-check below threshold
//!   open ───────────────────────────────► cleared   (closed as a false alarm)
//!    │  re-check at/above threshold: stays open, fever confirmed
//!    ▼
//!   open (confirmed) ──observe──► observing ──refer──► referred ──close──► closed
//! ```
//!
//! Reporting to the epidemic-control group is recorded beside the state: allowed in
//! every active state, once. A confirmed case may only be closed once it is reported.

use super::entry::{PersonKind, text_enum};
use super::temperature::Tenths;
use chrono::{DateTime, Duration, Utc};

text_enum!(
    /// Where a fever case stands.
    FlagStatus {
        Open => "open",
        Cleared => "cleared",
        Observing => "observing",
        Referred => "referred",
        Closed => "closed",
    }
);

text_enum!(
    /// What an operator can do to a case (menu entries, messages, audit actions).
    FlagStep {
        Recheck => "recheck",
        Observe => "observe",
        Refer => "refer",
        Report => "report",
        Close => "close",
    }
);

impl FlagStatus {
    /// Open, observing and referred cases still need work; cleared and closed do not.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Open | Self::Observing | Self::Referred)
    }
}

/// How long after the first reading each deadline falls (from `[flags]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagPolicy {
    pub recheck_minutes: u32,
    pub report_within_minutes: u32,
}

impl Default for FlagPolicy {
    fn default() -> Self {
        Self {
            recheck_minutes: 10,
            report_within_minutes: 120,
        }
    }
}

impl FlagPolicy {
    /// The re-check deadline for a first reading taken at `first_at`.
    pub fn recheck_due(self, first_at: DateTime<Utc>) -> DateTime<Utc> {
        first_at + Duration::minutes(i64::from(self.recheck_minutes))
    }

    /// The report deadline for a first reading taken at `first_at`.
    pub fn report_due(self, first_at: DateTime<Utc>) -> DateTime<Utc> {
        first_at + Duration::minutes(i64::from(self.report_within_minutes))
    }
}

/// Everything the state machine looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlagState {
    pub status: FlagStatus,
    /// A re-check read at or above the threshold.
    pub confirmed: bool,
    /// The report to the epidemic-control group has been recorded.
    pub reported: bool,
}

/// A step with the one fact that decides where a re-check leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagAction {
    /// A re-check; `fever` when the reading is at or above the threshold.
    Recheck {
        fever: bool,
    },
    Observe,
    Refer,
    Report,
    Close,
}

impl FlagAction {
    pub fn step(self) -> FlagStep {
        match self {
            Self::Recheck { .. } => FlagStep::Recheck,
            Self::Observe => FlagStep::Observe,
            Self::Refer => FlagStep::Refer,
            Self::Report => FlagStep::Report,
            Self::Close => FlagStep::Close,
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The case is cleared or closed: no further changes.
    Finished,
    /// The first reading has not been re-checked yet.
    RecheckFirst,
    /// The re-check confirmed the fever: observation comes next.
    ObserveFirst,
    /// The person is at observation: the referral comes before closing.
    ReferFirst,
    /// A confirmed case is closed only after the report is recorded.
    ReportFirst,
    /// The report was already recorded.
    AlreadyReported,
    /// The case has moved past this step.
    AlreadyDone,
}

impl Why {
    /// Translation key of the explanation.
    pub fn key(self) -> &'static str {
        match self {
            Self::Finished => "flag.why.finished",
            Self::RecheckFirst => "flag.why.recheck_first",
            Self::ObserveFirst => "flag.why.observe_first",
            Self::ReferFirst => "flag.why.refer_first",
            Self::ReportFirst => "flag.why.report_first",
            Self::AlreadyReported => "flag.why.already_reported",
            Self::AlreadyDone => "flag.why.already_done",
        }
    }
}

/// A refused step, with what is allowed instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagRefusal {
    pub step: FlagStep,
    pub state: FlagState,
    pub why: Why,
    pub allowed: Vec<FlagStep>,
}

impl FlagRefusal {
    /// Translation key naming the allowed steps (`flag.next.observe_report`, `flag.next.none`).
    pub fn allowed_key(&self) -> String {
        next_key(&self.allowed)
    }
}

/// Translation key for a set of allowed steps, in the canonical step order.
pub fn next_key(steps: &[FlagStep]) -> String {
    if steps.is_empty() {
        return "flag.next.none".to_string();
    }
    let names: Vec<&str> = steps.iter().map(|s| s.as_str()).collect();
    format!("flag.next.{}", names.join("_"))
}

impl FlagState {
    /// The state of a case just opened by a flagged gate reading.
    pub const NEW: FlagState = FlagState {
        status: FlagStatus::Open,
        confirmed: false,
        reported: false,
    };

    /// Whether `step` is allowed now; if not, why.
    pub fn check(self, step: FlagStep) -> Result<(), Why> {
        use FlagStatus::*;
        use FlagStep::*;
        match (self.status, step) {
            (Cleared | Closed, _) => Err(Why::Finished),
            (_, Report) if self.reported => Err(Why::AlreadyReported),
            (_, Report) => Ok(()),
            (Open, Recheck) if !self.confirmed => Ok(()),
            (Open, Recheck) => Err(Why::ObserveFirst),
            (Open, Observe) if self.confirmed => Ok(()),
            (Open, _) if !self.confirmed => Err(Why::RecheckFirst),
            (Open, _) => Err(Why::ObserveFirst),
            (Observing, Refer) => Ok(()),
            (Observing, Close) => Err(Why::ReferFirst),
            (Observing, _) => Err(Why::AlreadyDone),
            (Referred, Close) if self.reported => Ok(()),
            (Referred, Close) => Err(Why::ReportFirst),
            (Referred, _) => Err(Why::AlreadyDone),
        }
    }

    /// The steps allowed now, in canonical order.
    pub fn allowed(self) -> Vec<FlagStep> {
        FlagStep::ALL
            .iter()
            .copied()
            .filter(|s| self.check(*s).is_ok())
            .collect()
    }

    /// The state after `action`, or the refusal.
    pub fn apply(self, action: FlagAction) -> Result<FlagState, FlagRefusal> {
        let step = action.step();
        self.check(step).map_err(|why| FlagRefusal {
            step,
            state: self,
            why,
            allowed: self.allowed(),
        })?;
        let mut next = self;
        match action {
            FlagAction::Recheck { fever: false } => next.status = FlagStatus::Cleared,
            FlagAction::Recheck { fever: true } => next.confirmed = true,
            FlagAction::Observe => next.status = FlagStatus::Observing,
            FlagAction::Refer => next.status = FlagStatus::Referred,
            FlagAction::Report => next.reported = true,
            FlagAction::Close => next.status = FlagStatus::Closed,
        }
        Ok(next)
    }
}

/// One re-measurement of a flagged person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recheck {
    pub at: DateTime<Utc>,
    pub temp: Tenths,
    /// Second device, mercury thermometer, … as typed; `None` when not given.
    pub method: Option<String>,
    /// The operator who re-checked.
    pub by: String,
}

/// A fever case as stored, with the person's name joined in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagCase {
    pub id: i64,
    /// The flagged gate entry that opened the case, if it came from the gate.
    pub entry_id: Option<i64>,
    /// The health-check reading that opened the case, if it came from a daily check
    /// (then `entry_id` is `None` and `gate` is empty).
    pub reading_id: Option<i64>,
    /// That reading's check key (`morning` …).
    pub reading_check: Option<String>,
    pub person_id: Option<String>,
    pub visitor_id: Option<i64>,
    pub name: String,
    pub kind: PersonKind,
    pub gate: String,
    /// When the first (gate) reading was taken.
    pub first_at: DateTime<Utc>,
    pub first_temp: Tenths,
    /// The fever threshold in force at the gate; re-checks are judged against it.
    pub threshold: Tenths,
    pub opened_by: String,
    pub status: FlagStatus,
    pub confirmed: bool,
    pub recheck_due: DateTime<Utc>,
    pub report_due: DateTime<Utc>,
    pub place: Option<String>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub observed_by: Option<String>,
    pub referred_to: Option<String>,
    pub referred_at: Option<DateTime<Utc>>,
    pub referred_by: Option<String>,
    /// The referral note.
    pub note: Option<String>,
    pub reported_to: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
    pub reported_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    /// The closing note (outcome); `None` for a case cleared by a re-check.
    pub outcome: Option<String>,
    /// Bumped by every change.
    pub version: i64,
    /// Oldest first.
    pub rechecks: Vec<Recheck>,
}

/// A step with its data, as validated by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagChange {
    Recheck {
        temp: Tenths,
        method: Option<String>,
    },
    Observe {
        place: String,
    },
    Refer {
        to: String,
        note: Option<String>,
    },
    Report {
        to: String,
    },
    Close {
        outcome: String,
    },
}

/// Which deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    Recheck,
    Report,
}

/// An outstanding deadline of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: DateTime<Utc>,
}

/// Time until a deadline, or past it, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLeft {
    /// Due in this many seconds (rounded up, so `00:00` never shows before the deadline).
    Remaining(i64),
    /// The deadline was reached this many seconds ago (rounded down).
    Overdue(i64),
}

impl TimeLeft {
    /// At the deadline itself a case counts as overdue.
    pub fn until(due: DateTime<Utc>, now: DateTime<Utc>) -> TimeLeft {
        let ms = (due - now).num_milliseconds();
        if ms > 0 {
            TimeLeft::Remaining((ms + 999) / 1000)
        } else {
            TimeLeft::Overdue(-ms / 1000)
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, TimeLeft::Overdue(_))
    }

    /// The span in whole hours, minutes and seconds.
    pub fn hms(self) -> (i64, i64, i64) {
        let secs = match self {
            TimeLeft::Remaining(s) | TimeLeft::Overdue(s) => s,
        };
        (secs / 3600, (secs % 3600) / 60, secs % 60)
    }
}

/// How a countdown is worded: a number and its unit, never `08:36` (which reads
/// as a clock time beside the gate log's times). `[hours, minutes, seconds]`
/// units are given by the caller's language (`["h", "m", "s"]`, `[" 小时", " 分", " 秒"]`)
/// and joined by `sep`.
///
/// From an hour on: hours and minutes ("1h 58m"); under an hour: minutes and
/// seconds ("8m 36s"); under a minute: seconds ("36s").
pub fn countdown_words(left: TimeLeft, units: [&str; 3], sep: &str) -> String {
    let (h, m, s) = left.hms();
    let [hu, mu, su] = units;
    if h > 0 {
        format!("{h}{hu}{sep}{m}{mu}")
    } else if m > 0 {
        format!("{m}{mu}{sep}{s}{su}")
    } else {
        format!("{s}{su}")
    }
}

impl FlagCase {
    pub fn state(&self) -> FlagState {
        FlagState {
            status: self.status,
            confirmed: self.confirmed,
            reported: self.reported_at.is_some(),
        }
    }

    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }

    /// The first reading still waits for its re-check.
    pub fn recheck_pending(&self) -> bool {
        self.status == FlagStatus::Open && !self.confirmed
    }

    /// An active case not yet reported.
    pub fn report_pending(&self) -> bool {
        self.is_active() && self.reported_at.is_none()
    }

    /// The re-check is pending and its deadline has been reached.
    pub fn recheck_overdue(&self, now: DateTime<Utc>) -> bool {
        self.recheck_pending() && now >= self.recheck_due
    }

    /// An unreported active case past its report deadline: what "overdue" means.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.report_pending() && now >= self.report_due
    }

    /// Outstanding deadlines, earliest first.
    pub fn deadlines(&self) -> Vec<Deadline> {
        let mut out = Vec::new();
        if self.recheck_pending() {
            out.push(Deadline {
                kind: DeadlineKind::Recheck,
                due: self.recheck_due,
            });
        }
        if self.report_pending() {
            out.push(Deadline {
                kind: DeadlineKind::Report,
                due: self.report_due,
            });
        }
        out.sort_by_key(|d| d.due);
        out
    }

    /// The newest re-check.
    pub fn last_recheck(&self) -> Option<&Recheck> {
        self.rechecks.last()
    }

    /// Applies one step at `now` by operator `by`, or refuses it. On success every
    /// field the step touches is set and the version is bumped.
    pub fn apply(
        &mut self,
        change: FlagChange,
        now: DateTime<Utc>,
        by: &str,
    ) -> Result<(), FlagRefusal> {
        let action = match &change {
            FlagChange::Recheck { temp, .. } => FlagAction::Recheck {
                fever: *temp >= self.threshold,
            },
            FlagChange::Observe { .. } => FlagAction::Observe,
            FlagChange::Refer { .. } => FlagAction::Refer,
            FlagChange::Report { .. } => FlagAction::Report,
            FlagChange::Close { .. } => FlagAction::Close,
        };
        let next = self.state().apply(action)?;
        let by = Some(by.to_string());
        match change {
            FlagChange::Recheck { temp, method } => {
                self.rechecks.push(Recheck {
                    at: now,
                    temp,
                    method,
                    by: by.clone().unwrap_or_default(),
                });
                if next.status == FlagStatus::Cleared {
                    self.closed_at = Some(now);
                    self.closed_by = by;
                }
            }
            FlagChange::Observe { place } => {
                self.place = Some(place);
                self.arrived_at = Some(now);
                self.observed_by = by;
            }
            FlagChange::Refer { to, note } => {
                self.referred_to = Some(to);
                self.note = note;
                self.referred_at = Some(now);
                self.referred_by = by;
            }
            FlagChange::Report { to } => {
                self.reported_to = Some(to);
                self.reported_at = Some(now);
                self.reported_by = by;
            }
            FlagChange::Close { outcome } => {
                self.outcome = Some(outcome);
                self.closed_at = Some(now);
                self.closed_by = by;
            }
        }
        self.status = next.status;
        self.confirmed = next.confirmed;
        self.version += 1;
        Ok(())
    }
}

/// What the desk should be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagAlertKind {
    /// A pending re-check reached its deadline.
    RecheckDue,
    /// An unreported case reached its report deadline.
    ReportOverdue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagAlert {
    pub case_id: i64,
    pub kind: FlagAlertKind,
    pub due: DateTime<Utc>,
}

/// The alerts whose deadline falls in `(from, to]`: call it on every clock tick with the
/// previous tick and now, and each alert is raised exactly once. Only deadlines still
/// outstanding count (a re-check done early raises nothing). Sorted by due time.
pub fn alerts_between(
    cases: &[FlagCase],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<FlagAlert> {
    let mut out: Vec<FlagAlert> = cases
        .iter()
        .flat_map(|c| {
            c.deadlines().into_iter().map(move |d| FlagAlert {
                case_id: c.id,
                kind: match d.kind {
                    DeadlineKind::Recheck => FlagAlertKind::RecheckDue,
                    DeadlineKind::Report => FlagAlertKind::ReportOverdue,
                },
                due: d.due,
            })
        })
        .filter(|a| a.due > from && a.due <= to)
        .collect();
    out.sort_by_key(|a| (a.due, a.case_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use FlagStatus::*;
    use std::collections::{BTreeSet, HashSet, VecDeque};

    const fn st(status: FlagStatus, confirmed: bool, reported: bool) -> FlagState {
        FlagState {
            status,
            confirmed,
            reported,
        }
    }

    /// Every state a case can reach from a new flag.
    const REACHABLE: [FlagState; 11] = [
        st(Open, false, false),
        st(Open, false, true),
        st(Open, true, false),
        st(Open, true, true),
        st(Observing, true, false),
        st(Observing, true, true),
        st(Referred, true, false),
        st(Referred, true, true),
        st(Cleared, false, false),
        st(Cleared, false, true),
        st(Closed, true, true),
    ];

    const ACTIONS: [FlagAction; 6] = [
        FlagAction::Recheck { fever: false },
        FlagAction::Recheck { fever: true },
        FlagAction::Observe,
        FlagAction::Refer,
        FlagAction::Report,
        FlagAction::Close,
    ];

    type Expect = Result<FlagState, Why>;

    /// The whole transition table: every reachable state × every action.
    fn table() -> Vec<(FlagState, [Expect; 6])> {
        use Why::*;
        let ok = Ok;
        vec![
            (
                st(Open, false, false),
                [
                    ok(st(Cleared, false, false)),
                    ok(st(Open, true, false)),
                    Err(RecheckFirst),
                    Err(RecheckFirst),
                    ok(st(Open, false, true)),
                    Err(RecheckFirst),
                ],
            ),
            (
                st(Open, false, true),
                [
                    ok(st(Cleared, false, true)),
                    ok(st(Open, true, true)),
                    Err(RecheckFirst),
                    Err(RecheckFirst),
                    Err(AlreadyReported),
                    Err(RecheckFirst),
                ],
            ),
            (
                st(Open, true, false),
                [
                    Err(ObserveFirst),
                    Err(ObserveFirst),
                    ok(st(Observing, true, false)),
                    Err(ObserveFirst),
                    ok(st(Open, true, true)),
                    Err(ObserveFirst),
                ],
            ),
            (
                st(Open, true, true),
                [
                    Err(ObserveFirst),
                    Err(ObserveFirst),
                    ok(st(Observing, true, true)),
                    Err(ObserveFirst),
                    Err(AlreadyReported),
                    Err(ObserveFirst),
                ],
            ),
            (
                st(Observing, true, false),
                [
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    ok(st(Referred, true, false)),
                    ok(st(Observing, true, true)),
                    Err(ReferFirst),
                ],
            ),
            (
                st(Observing, true, true),
                [
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    ok(st(Referred, true, true)),
                    Err(AlreadyReported),
                    Err(ReferFirst),
                ],
            ),
            (
                st(Referred, true, false),
                [
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    ok(st(Referred, true, true)),
                    Err(ReportFirst),
                ],
            ),
            (
                st(Referred, true, true),
                [
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyDone),
                    Err(AlreadyReported),
                    ok(st(Closed, true, true)),
                ],
            ),
            (st(Cleared, false, false), [Err(Finished); 6]),
            (st(Cleared, false, true), [Err(Finished); 6]),
            (st(Closed, true, true), [Err(Finished); 6]),
        ]
    }

    #[test]
    fn every_state_and_action_behaves_as_the_table_says() {
        let table = table();
        assert_eq!(table.len(), REACHABLE.len());
        for (state, expected) in table {
            for (action, want) in ACTIONS.iter().zip(expected) {
                let got = state.apply(*action);
                match (got, want) {
                    (Ok(next), Ok(want)) => assert_eq!(next, want, "{state:?} + {action:?}"),
                    (Err(r), Err(why)) => {
                        assert_eq!(r.why, why, "{state:?} + {action:?}");
                        assert_eq!(r.step, action.step());
                        assert_eq!(r.state, state);
                        assert_eq!(r.allowed, state.allowed());
                        assert!(!r.allowed.contains(&action.step()));
                    }
                    (got, want) => panic!("{state:?} + {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn the_table_covers_exactly_the_reachable_states() {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([FlagState::NEW]);
        while let Some(s) = queue.pop_front() {
            if !seen.insert(s) {
                continue;
            }
            for a in ACTIONS {
                if let Ok(next) = s.apply(a) {
                    queue.push_back(next);
                }
            }
        }
        let reachable: HashSet<FlagState> = REACHABLE.into_iter().collect();
        assert_eq!(seen, reachable);
    }

    #[test]
    fn refusals_name_what_is_allowed_next() {
        let cases: [(FlagState, &[FlagStep]); 11] = [
            (
                st(Open, false, false),
                &[FlagStep::Recheck, FlagStep::Report],
            ),
            (st(Open, false, true), &[FlagStep::Recheck]),
            (
                st(Open, true, false),
                &[FlagStep::Observe, FlagStep::Report],
            ),
            (st(Open, true, true), &[FlagStep::Observe]),
            (
                st(Observing, true, false),
                &[FlagStep::Refer, FlagStep::Report],
            ),
            (st(Observing, true, true), &[FlagStep::Refer]),
            (st(Referred, true, false), &[FlagStep::Report]),
            (st(Referred, true, true), &[FlagStep::Close]),
            (st(Cleared, false, false), &[]),
            (st(Cleared, false, true), &[]),
            (st(Closed, true, true), &[]),
        ];
        for (state, allowed) in cases {
            assert_eq!(state.allowed(), allowed, "{state:?}");
        }
        let keys: BTreeSet<String> = REACHABLE.iter().map(|s| next_key(&s.allowed())).collect();
        assert!(keys.contains("flag.next.none"));
        assert!(keys.contains("flag.next.observe_report"));
    }

    #[test]
    fn terminal_states_are_not_active() {
        for s in FlagStatus::ALL {
            assert_eq!(s.is_active(), !matches!(s, Cleared | Closed), "{s}");
        }
    }

    fn at(min: i64, sec: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000 + min * 60 + sec, 0).unwrap()
    }

    fn case() -> FlagCase {
        let policy = FlagPolicy::default();
        FlagCase {
            id: 7,
            entry_id: Some(70),
            reading_id: None,
            reading_check: None,
            person_id: Some("S1".into()),
            visitor_id: None,
            name: "王小明".into(),
            kind: PersonKind::Student,
            gate: "东门".into(),
            first_at: at(0, 0),
            first_temp: Tenths(376),
            threshold: Tenths(373),
            opened_by: "gate".into(),
            status: Open,
            confirmed: false,
            recheck_due: policy.recheck_due(at(0, 0)),
            report_due: policy.report_due(at(0, 0)),
            place: None,
            arrived_at: None,
            observed_by: None,
            referred_to: None,
            referred_at: None,
            referred_by: None,
            note: None,
            reported_to: None,
            reported_at: None,
            reported_by: None,
            closed_at: None,
            closed_by: None,
            outcome: None,
            version: 1,
            rechecks: Vec::new(),
        }
    }

    #[test]
    fn deadlines_follow_the_policy() {
        let c = case();
        assert_eq!(c.recheck_due, at(10, 0));
        assert_eq!(c.report_due, at(120, 0));
    }

    #[test]
    fn a_recheck_below_the_threshold_clears_the_case() {
        let mut c = case();
        let change = FlagChange::Recheck {
            temp: Tenths(372),
            method: Some("水银".into()),
        };
        c.apply(change, at(4, 0), "zhao").unwrap();
        assert_eq!(c.status, Cleared);
        assert_eq!(c.closed_at, Some(at(4, 0)));
        assert_eq!(c.closed_by.as_deref(), Some("zhao"));
        assert_eq!(c.rechecks.len(), 1);
        assert_eq!(c.rechecks[0].by, "zhao");
        assert_eq!(c.version, 2);
        assert!(!c.is_active() && !c.overdue(at(500, 0)));
        assert!(c.deadlines().is_empty());
    }

    #[test]
    fn a_recheck_at_the_threshold_confirms_the_fever() {
        let mut c = case();
        let change = FlagChange::Recheck {
            temp: Tenths(373),
            method: None,
        };
        c.apply(change, at(4, 0), "zhao").unwrap();
        assert_eq!((c.status, c.confirmed), (Open, true));
        assert!(c.closed_at.is_none());
        assert!(!c.recheck_pending());
    }

    #[test]
    fn the_whole_path_sets_every_field() {
        let mut c = case();
        let steps = [
            FlagChange::Recheck {
                temp: Tenths(381),
                method: Some("水银".into()),
            },
            FlagChange::Observe {
                place: "医务室临时留观点".into(),
            },
            FlagChange::Refer {
                to: "发热门诊".into(),
                note: Some("家长陪同".into()),
            },
            FlagChange::Report {
                to: "防控办".into(),
            },
            FlagChange::Close {
                outcome: "流感，居家".into(),
            },
        ];
        for (i, s) in steps.into_iter().enumerate() {
            c.apply(s, at(5 * (i as i64 + 1), 0), "zhao").unwrap();
        }
        assert_eq!(c.status, Closed);
        assert_eq!(c.arrived_at, Some(at(10, 0)));
        assert_eq!(c.place.as_deref(), Some("医务室临时留观点"));
        assert_eq!(c.referred_to.as_deref(), Some("发热门诊"));
        assert_eq!(c.note.as_deref(), Some("家长陪同"));
        assert_eq!(c.reported_at, Some(at(20, 0)));
        assert_eq!(c.closed_at, Some(at(25, 0)));
        assert_eq!(c.outcome.as_deref(), Some("流感，居家"));
        assert_eq!(c.version, 6);
        let before = c.clone();
        let refused = c
            .apply(
                FlagChange::Close {
                    outcome: "again".into(),
                },
                at(30, 0),
                "zhao",
            )
            .unwrap_err();
        assert_eq!(refused.why, Why::Finished);
        assert_eq!(c, before, "a refused step changes nothing");
    }

    #[test]
    fn overdue_means_unreported_and_active_past_the_report_deadline() {
        let mut c = case();
        assert!(!c.overdue(at(119, 59)));
        assert!(c.overdue(at(120, 0)));
        assert!(c.recheck_overdue(at(10, 0)));
        assert!(!c.recheck_overdue(at(9, 59)));
        c.apply(
            FlagChange::Report {
                to: "防控办".into(),
            },
            at(1, 0),
            "zhao",
        )
        .unwrap();
        assert!(!c.overdue(at(500, 0)));
    }

    #[test]
    fn countdowns_round_towards_the_deadline() {
        let due = at(10, 0);
        assert_eq!(TimeLeft::until(due, at(2, 48)), TimeLeft::Remaining(432));
        let en = |l| countdown_words(l, ["h", "m", "s"], " ");
        let zh = |l| countdown_words(l, [" 小时", " 分", " 秒"], " ");
        assert_eq!(en(TimeLeft::until(due, at(2, 48))), "7m 12s");
        assert_eq!(zh(TimeLeft::until(due, at(2, 48))), "7 分 12 秒");
        let just_before = due - chrono::Duration::milliseconds(1);
        assert_eq!(TimeLeft::until(due, just_before), TimeLeft::Remaining(1));
        assert_eq!(en(TimeLeft::until(due, just_before)), "1s");
        assert_eq!(TimeLeft::until(due, due), TimeLeft::Overdue(0));
        assert_eq!(en(TimeLeft::until(due, at(13, 10))), "3m 10s");
        assert!(TimeLeft::until(due, at(13, 10)).is_overdue());
        assert_eq!(en(TimeLeft::until(at(120, 0), at(8, 0))), "1h 52m");
        assert_eq!(zh(TimeLeft::until(at(120, 0), at(8, 0))), "1 小时 52 分");
    }

    #[test]
    fn alerts_fire_once_for_the_tick_that_reaches_a_deadline() {
        let c = case();
        let cases = [c.clone()];
        assert!(alerts_between(&cases, at(0, 0), at(9, 59)).is_empty());
        let due = alerts_between(&cases, at(9, 59), at(10, 0));
        assert_eq!(
            due,
            vec![FlagAlert {
                case_id: 7,
                kind: FlagAlertKind::RecheckDue,
                due: at(10, 0)
            }]
        );
        assert!(alerts_between(&cases, at(10, 0), at(10, 1)).is_empty());
        let both = alerts_between(&cases, at(0, 0), at(200, 0));
        let kinds: Vec<_> = both.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            vec![FlagAlertKind::RecheckDue, FlagAlertKind::ReportOverdue]
        );
        // A case re-checked early and reported raises nothing.
        let mut done = c;
        done.apply(
            FlagChange::Recheck {
                temp: Tenths(380),
                method: None,
            },
            at(3, 0),
            "zhao",
        )
        .unwrap();
        done.apply(
            FlagChange::Report {
                to: "防控办".into(),
            },
            at(4, 0),
            "zhao",
        )
        .unwrap();
        assert!(alerts_between(&[done], at(0, 0), at(500, 0)).is_empty());
    }
}
