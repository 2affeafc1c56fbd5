//! Leave-the-city and visitor requests (离市报批, 访客审批), their state machine, the
//! rules for filing them, the return follow-up after a leave, and the alerts a leader
//! gets. Pure: "now" is always a parameter.
//!
//! Stored states are `pending`, `approved`, `rejected` and `cancelled`. `expired` is
//! never stored: a request still pending when its window has ended *is* expired, so
//! the state is derived from the clock by [`effective_status`] and every reader sees
//! the same thing at the same moment, with no sweeper process to forget.

use super::entry::text_enum;
use super::phone::normalize_phone;
use super::resident_id::ResidentId;
use super::role::{Permission, Role};
use super::text::{clean_label, clean_line, clean_optional};
use chrono::{DateTime, Duration, NaiveDate, Utc};

text_enum!(
    /// What is asked for.
    RequestKind { Leave => "leave", Visitor => "visitor" }
);

text_enum!(
    /// Where a request stands. `Expired` is derived, never stored.
    RequestStatus {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
        Cancelled => "cancelled",
        Expired => "expired",
    }
);

impl RequestStatus {
    /// The states a request can be stored in.
    pub const STORED: [RequestStatus; 4] = [
        RequestStatus::Pending,
        RequestStatus::Approved,
        RequestStatus::Rejected,
        RequestStatus::Cancelled,
    ];
}

/// Longest free texts, in characters.
pub const MAX_DESTINATION: usize = 100;
pub const MAX_REASON: usize = 200;
pub const MAX_TRANSPORT: usize = 50;
pub const MAX_NOTE: usize = 500;
pub const MAX_VISITOR_NAME: usize = 40;

/// Who or what a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Leave {
        person_id: String,
        /// From the roster (empty if the person has since left it).
        person_name: String,
        destination: String,
        transport: Option<String>,
        urgent: bool,
    },
    Visitor {
        name: String,
        /// Full resident ID as stored; mask it before showing it.
        resident_id: String,
        /// Full phone as stored; mask it before showing it.
        phone: String,
        host_id: String,
        /// From the roster (empty if the host has since left it).
        host_name: String,
    },
}

/// A request as stored, with names joined in from the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: i64,
    /// As stored, until [`Request::as_of`] derives `Expired`. Everything the service
    /// hands out has already been passed through `as_of(now)`.
    pub status: RequestStatus,
    pub subject: Subject,
    /// Reason for a leave, purpose of a visit.
    pub reason: String,
    /// Leave: departure. Visitor: start of the visit.
    pub window_from: DateTime<Utc>,
    /// Leave: return. Visitor: end of the visit. Exclusive.
    pub window_to: DateTime<Utc>,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    /// Who approved, rejected or cancelled it, and when.
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The decision's note (required for a rejection) or the cancellation's.
    pub note: Option<String>,
    /// Leave only: when the person came back through a gate (a return record opened).
    pub returned_at: Option<DateTime<Utc>>,
}

impl Request {
    pub fn kind(&self) -> RequestKind {
        match self.subject {
            Subject::Leave { .. } => RequestKind::Leave,
            Subject::Visitor { .. } => RequestKind::Visitor,
        }
    }

    /// The same request with its status as of `now` (pending past its window: expired).
    pub fn as_of(mut self, now: DateTime<Utc>) -> Self {
        self.status = effective_status(self.status, self.window_to, now);
        self
    }

    /// The rostered person on leave, if this is a leave request.
    pub fn person_id(&self) -> Option<&str> {
        match &self.subject {
            Subject::Leave { person_id, .. } => Some(person_id),
            Subject::Visitor { .. } => None,
        }
    }

    /// The name to show: the person on leave or the visitor.
    pub fn who(&self) -> &str {
        match &self.subject {
            Subject::Leave {
                person_name,
                person_id,
                ..
            } => {
                if person_name.is_empty() {
                    person_id
                } else {
                    person_name
                }
            }
            Subject::Visitor { name, .. } => name,
        }
    }

    /// True while `t` lies in the window `[from, to)`.
    pub fn covers(&self, t: DateTime<Utc>) -> bool {
        self.window_from <= t && t < self.window_to
    }
}

/// The status a reader sees at `now`: a pending request whose window has ended is expired.
pub fn effective_status(
    stored: RequestStatus,
    window_to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> RequestStatus {
    if stored == RequestStatus::Pending && now >= window_to {
        RequestStatus::Expired
    } else {
        stored
    }
}

/// A step someone takes on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Approve,
    Reject,
    Cancel,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Approve, Step::Reject, Step::Cancel];

    /// The stable name (audit action suffix).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Approve => "approve",
            Step::Reject => "reject",
            Step::Cancel => "cancel",
        }
    }

    /// The permission the step needs (a requester may also cancel their own request).
    pub fn permission(self) -> Permission {
        match self {
            Step::Approve | Step::Reject => Permission::DecideRequest,
            Step::Cancel => Permission::CancelRequest,
        }
    }
}

/// Why a step is not possible in the request's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepError {
    /// Already approved, rejected or cancelled: decided once, for good.
    AlreadyClosed(RequestStatus),
    /// Still pending when its window ended: nobody may decide it any more.
    Expired,
    /// A rejection must say why.
    NoteRequired,
    /// An approved request may be withdrawn only before its window begins: once it has
    /// begun, the approval may have been used at the gate and the record must stand.
    AlreadyStarted,
}

impl StepError {
    /// Translation key of the message.
    pub fn key(self) -> &'static str {
        match self {
            StepError::AlreadyClosed(_) => "approval.already_closed",
            StepError::Expired => "approval.expired",
            StepError::NoteRequired => "approval.note_required",
            StepError::AlreadyStarted => "approval.already_started",
        }
    }
}

/// The state machine. `current` is the *effective* status (see [`effective_status`]);
/// `note` is the trimmed note given with the step, if any.
///
/// | from \ step | approve  | reject (note)  | cancel                         |
/// |-------------|----------|----------------|--------------------------------|
/// | pending     | approved | rejected       | cancelled                      |
/// | approved    | closed   | closed         | cancelled, only before it starts |
/// | rejected    | closed   | closed         | closed                         |
/// | cancelled   | closed   | closed         | closed                         |
/// | expired     | expired  | expired        | expired                        |
pub fn next_status(
    current: RequestStatus,
    step: Step,
    note: Option<&str>,
    window_from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<RequestStatus, StepError> {
    use RequestStatus::*;
    match (current, step) {
        (Expired, _) => Err(StepError::Expired),
        (Pending, Step::Approve) => Ok(Approved),
        (Pending, Step::Reject) => {
            if note.is_some_and(|n| !n.trim().is_empty()) {
                Ok(Rejected)
            } else {
                Err(StepError::NoteRequired)
            }
        }
        (Pending, Step::Cancel) => Ok(Cancelled),
        (Approved, Step::Cancel) if now < window_from => Ok(Cancelled),
        (Approved, Step::Cancel) => Err(StepError::AlreadyStarted),
        (closed, _) => Err(StepError::AlreadyClosed(closed)),
    }
}

/// May this operator take this step on a request filed by `requested_by`? Deciding
/// needs `DecideRequest`; cancelling needs `CancelRequest`, or being the requester
/// while still allowed to file requests.
pub fn may_take(role: Role, login: &str, step: Step, requested_by: &str) -> bool {
    role.allows(step.permission())
        || (step == Step::Cancel && login == requested_by && role.allows(Permission::FileRequest))
}

/// One problem in a request's input: the field (a translation key), what is wrong (a
/// translation key) and the message's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    fn new(field: &'static str, key: &'static str) -> Self {
        Self {
            field,
            key,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// The rules for filing a leave request (from `[approvals]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeavePolicy {
    /// Whole calendar days between filing and departure (0: same day is fine).
    pub notice_days: u32,
}

/// A leave request as typed, with its times already read in the site's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaveDraft<'a> {
    pub destination: &'a str,
    pub reason: &'a str,
    pub transport: Option<&'a str>,
    pub urgent: bool,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// A leave request whose fields have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLeave {
    pub destination: String,
    pub reason: String,
    pub transport: Option<String>,
    pub urgent: bool,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

fn label(field: &'static str, input: &str, max: usize) -> Result<String, Problem> {
    clean_label(input, max).map_err(|e| Problem::new(field, e.key()))
}

fn optional(
    field: &'static str,
    input: Option<&str>,
    max: usize,
) -> Result<Option<String>, Problem> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => clean_optional(s, max)
            .map(|s| Some(s.to_string()))
            .map_err(|e| Problem::new(field, e.key())),
    }
}

/// The window must not be empty and must not have ended already.
fn check_window(from: DateTime<Utc>, to: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Problem> {
    if to <= from {
        return Err(Problem::new(
            "field.window_to",
            "approval.to_not_after_from",
        ));
    }
    if to <= now {
        return Err(Problem::new("field.window_to", "approval.window_over"));
    }
    Ok(())
}

/// Checks a leave request. `today` and `departure_day` are local calendar dates (the
/// notice period counts days as people do: "file it the day before"). An urgent
/// request waives the notice period and may even be filed after departure (someone
/// left at night for a family emergency); its reason is required like every reason.
pub fn validate_leave(
    d: &LeaveDraft,
    policy: LeavePolicy,
    now: DateTime<Utc>,
    today: NaiveDate,
    departure_day: NaiveDate,
) -> Result<ValidLeave, Problem> {
    let destination = label("field.destination", d.destination, MAX_DESTINATION)?;
    let reason = label("field.reason", d.reason, MAX_REASON)?;
    let transport = match d.transport.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(t) => Some(
            clean_line(t, MAX_TRANSPORT)
                .map_err(|e| Problem::new("field.transport", e.key()))?
                .to_string(),
        ),
    };
    check_window(d.from, d.to, now)?;
    if !d.urgent {
        if d.from < now {
            return Err(Problem::new("field.window_from", "approval.departure_past"));
        }
        let ahead = (departure_day - today).num_days();
        if ahead < i64::from(policy.notice_days) {
            return Err(Problem::new("field.window_from", "approval.notice")
                .arg("days", policy.notice_days));
        }
    }
    Ok(ValidLeave {
        destination,
        reason,
        transport,
        urgent: d.urgent,
        from: d.from,
        to: d.to,
    })
}

/// A visitor request as typed (times already read in the site's zone).
#[derive(Debug, Clone, PartialEq)]
pub struct VisitorDraft<'a> {
    pub name: &'a str,
    pub resident_id: &'a str,
    pub phone: &'a str,
    pub host_id: &'a str,
    pub reason: &'a str,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// A visitor request whose fields have been checked (the host's presence in the roster
/// is the service's business).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidVisitor {
    pub name: String,
    pub resident_id: ResidentId,
    pub phone: String,
    pub host_id: String,
    pub reason: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Checks a visitor request. No notice period: the window may begin now (someone
/// waiting at the gate while the leader is asked), or even have begun a little earlier,
/// but it must not have ended.
pub fn validate_visitor(d: &VisitorDraft, now: DateTime<Utc>) -> Result<ValidVisitor, Problem> {
    let name = label("field.visitor_name", d.name, MAX_VISITOR_NAME)?;
    if d.resident_id.trim().is_empty() {
        return Err(Problem::new("field.visitor_id", "field.missing"));
    }
    let resident_id =
        ResidentId::parse(d.resident_id).map_err(|e| Problem::new("field.visitor_id", e.key()))?;
    if d.phone.trim().is_empty() {
        return Err(Problem::new("field.visitor_phone", "field.missing"));
    }
    let phone = normalize_phone(d.phone)
        .ok_or_else(|| Problem::new("field.visitor_phone", "phone.invalid"))?;
    let host_id = label("field.host", d.host_id, 32)?;
    let reason = label("field.reason", d.reason, MAX_REASON)?;
    check_window(d.from, d.to, now)?;
    Ok(ValidVisitor {
        name,
        resident_id,
        phone,
        host_id,
        reason,
        from: d.from,
        to: d.to,
    })
}

/// Checks the note of a decision or cancellation. A rejection needs one (see
/// [`next_status`]); an empty note is `None`.
pub fn validate_note(note: Option<&str>) -> Result<Option<String>, Problem> {
    optional("field.note", note, MAX_NOTE)
}

// ---------------------------------------------------------------------------------
// Returns

/// The follow-up rules after a leave (from `[approvals]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnPolicy {
    /// Hours after coming back within which the person reports back.
    pub report_hours: u32,
    /// Days of health monitoring after coming back.
    pub monitoring_days: u32,
}

/// The deadlines a return opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnTerms {
    pub report_due: DateTime<Utc>,
    pub monitoring_until: DateTime<Utc>,
}

pub fn return_terms(returned_at: DateTime<Utc>, policy: ReturnPolicy) -> ReturnTerms {
    ReturnTerms {
        report_due: returned_at + Duration::hours(i64::from(policy.report_hours)),
        monitoring_until: returned_at + Duration::days(i64::from(policy.monitoring_days)),
    }
}

/// Does an `in` registration of the person at `at` end this leave? It does when the
/// leave is approved, not already ended by an earlier return, and has begun: coming in
/// before departure is just coming in. A late return still ends the leave.
pub fn entry_ends_leave(
    status: RequestStatus,
    window_from: DateTime<Utc>,
    returned_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> bool {
    status == RequestStatus::Approved && returned_at.is_none() && window_from <= at
}

/// A return record: opened when the person came back in after departure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    pub id: i64,
    pub approval_id: i64,
    pub person_id: String,
    pub person_name: String,
    /// The gate entry that opened it.
    pub entry_id: i64,
    pub returned_at: DateTime<Utc>,
    pub report_due: DateTime<Utc>,
    pub monitoring_until: DateTime<Utc>,
}

impl ReturnRecord {
    /// Monitoring still running at `now`: an open obligation.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        now < self.monitoring_until
    }
}

text_enum!(
    /// Where an approved leave stands as of now.
    ReturnPhase {
        Upcoming => "upcoming",
        Away => "away",
        Overdue => "overdue",
        Monitoring => "monitoring",
        Completed => "completed",
    }
);

/// The phase of an approved leave at `now`: not yet begun, away, overdue (its return
/// time has passed with no entry back), back and monitored, or done.
pub fn return_phase(
    window_from: DateTime<Utc>,
    window_to: DateTime<Utc>,
    monitoring_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ReturnPhase {
    match monitoring_until {
        Some(until) if now < until => ReturnPhase::Monitoring,
        Some(_) => ReturnPhase::Completed,
        None if now < window_from => ReturnPhase::Upcoming,
        None if now < window_to => ReturnPhase::Away,
        None => ReturnPhase::Overdue,
    }
}

/// One line of the returns list: an approved leave, its return record if the person is
/// back, and the phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnItem {
    pub leave: Request,
    pub record: Option<ReturnRecord>,
    pub phase: ReturnPhase,
}

/// What the gate form and the person detail show about a person's leave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonGateContext {
    /// The person's earliest approved leave not yet ended by a return (upcoming, away
    /// or overdue), with its phase.
    pub leave: Option<(Request, ReturnPhase)>,
    /// A return whose monitoring is still running.
    pub open_return: Option<ReturnRecord>,
}

// ---------------------------------------------------------------------------------
// Alerts

/// Something a leader should be told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalAlert {
    /// A request was filed.
    Arrived {
        id: i64,
        kind: RequestKind,
        who: String,
        expires_at: DateTime<Utc>,
    },
    /// A pending request will expire undecided within the warning time.
    ExpiringSoon {
        id: i64,
        kind: RequestKind,
        who: String,
        expires_at: DateTime<Utc>,
    },
}

/// The alerts due for the interval `(since, now]`, from the pending requests. Each
/// alert belongs to the one instant it became due (filing; `warning` before expiry),
/// so a caller that moves `since` to `now` after each call gets every alert exactly
/// once, with no state of its own. A request filed already inside its warning time
/// raises only `Arrived` (which carries the expiry).
pub fn approval_alerts(
    pending: &[Request],
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    warning: Duration,
) -> Vec<ApprovalAlert> {
    let due = |t: DateTime<Utc>| since < t && t <= now;
    let mut out = Vec::new();
    for r in pending {
        if effective_status(r.status, r.window_to, now) != RequestStatus::Pending {
            continue;
        }
        if due(r.requested_at) {
            out.push(ApprovalAlert::Arrived {
                id: r.id,
                kind: r.kind(),
                who: r.who().to_string(),
                expires_at: r.window_to,
            });
        }
        let warn_at = r.window_to - warning;
        if warn_at > r.requested_at && due(warn_at) {
            out.push(ApprovalAlert::ExpiringSoon {
                id: r.id,
                kind: r.kind(),
                who: r.who().to_string(),
                expires_at: r.window_to,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, h, m, 0).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn request(status: RequestStatus, from: DateTime<Utc>, to: DateTime<Utc>) -> Request {
        Request {
            id: 7,
            status,
            subject: Subject::Visitor {
                name: "张三".into(),
                resident_id: "11010519491231002X".into(),
                phone: "13812345678".into(),
                host_id: "T001".into(),
                host_name: "李老师".into(),
            },
            reason: "送货".into(),
            window_from: from,
            window_to: to,
            requested_by: "zhao".into(),
            requested_at: t(8, 0),
            decided_by: None,
            decided_at: None,
            note: None,
            returned_at: None,
        }
    }

    // ---- the state machine, every state against every step ----

    #[test]
    fn every_state_against_every_step() {
        use RequestStatus::*;
        let (from, now) = (t(10, 0), t(9, 0));
        let cases: &[(RequestStatus, Step, Result<RequestStatus, StepError>)] = &[
            (Pending, Step::Approve, Ok(Approved)),
            (Pending, Step::Reject, Ok(Rejected)),
            (Pending, Step::Cancel, Ok(Cancelled)),
            (
                Approved,
                Step::Approve,
                Err(StepError::AlreadyClosed(Approved)),
            ),
            (
                Approved,
                Step::Reject,
                Err(StepError::AlreadyClosed(Approved)),
            ),
            (Approved, Step::Cancel, Ok(Cancelled)),
            (
                Rejected,
                Step::Approve,
                Err(StepError::AlreadyClosed(Rejected)),
            ),
            (
                Rejected,
                Step::Reject,
                Err(StepError::AlreadyClosed(Rejected)),
            ),
            (
                Rejected,
                Step::Cancel,
                Err(StepError::AlreadyClosed(Rejected)),
            ),
            (
                Cancelled,
                Step::Approve,
                Err(StepError::AlreadyClosed(Cancelled)),
            ),
            (
                Cancelled,
                Step::Reject,
                Err(StepError::AlreadyClosed(Cancelled)),
            ),
            (
                Cancelled,
                Step::Cancel,
                Err(StepError::AlreadyClosed(Cancelled)),
            ),
            (Expired, Step::Approve, Err(StepError::Expired)),
            (Expired, Step::Reject, Err(StepError::Expired)),
            (Expired, Step::Cancel, Err(StepError::Expired)),
        ];
        assert_eq!(cases.len(), RequestStatus::ALL.len() * Step::ALL.len());
        for (state, step, expected) in cases {
            assert_eq!(
                next_status(*state, *step, Some("因故"), from, now),
                *expected,
                "{state} + {step:?}"
            );
        }
    }

    #[test]
    fn a_rejection_needs_a_note() {
        let (from, now) = (t(10, 0), t(9, 0));
        for note in [None, Some(""), Some("   ")] {
            assert_eq!(
                next_status(RequestStatus::Pending, Step::Reject, note, from, now),
                Err(StepError::NoteRequired)
            );
        }
        for step in [Step::Approve, Step::Cancel] {
            assert!(next_status(RequestStatus::Pending, step, None, from, now).is_ok());
        }
    }

    #[test]
    fn an_approval_can_be_withdrawn_only_before_its_window_begins() {
        let from = t(10, 0);
        let cancel = |now| next_status(RequestStatus::Approved, Step::Cancel, None, from, now);
        assert_eq!(cancel(t(9, 59)), Ok(RequestStatus::Cancelled));
        assert_eq!(cancel(t(10, 0)), Err(StepError::AlreadyStarted));
        assert_eq!(cancel(t(11, 0)), Err(StepError::AlreadyStarted));
    }

    #[test]
    fn pending_turns_expired_exactly_when_the_window_ends() {
        use RequestStatus::*;
        let end = t(12, 0);
        assert_eq!(effective_status(Pending, end, t(11, 59)), Pending);
        assert_eq!(effective_status(Pending, end, end), Expired);
        assert_eq!(effective_status(Pending, end, t(13, 0)), Expired);
        for s in [Approved, Rejected, Cancelled] {
            assert_eq!(effective_status(s, end, t(13, 0)), s, "{s}");
        }
        let r = request(Pending, t(9, 0), end).as_of(t(12, 30));
        assert_eq!(r.status, Expired);
        // An expired request can no longer be decided, whatever the step.
        for step in Step::ALL {
            assert_eq!(
                next_status(r.status, step, Some("x"), r.window_from, t(12, 30)),
                Err(StepError::Expired)
            );
        }
    }

    #[test]
    fn only_leaders_and_admins_decide_and_requesters_may_cancel_their_own() {
        for role in Role::ALL {
            let decides = matches!(role, Role::Leader | Role::Admin);
            assert_eq!(may_take(*role, "x", Step::Approve, "y"), decides, "{role}");
            assert_eq!(may_take(*role, "x", Step::Reject, "y"), decides, "{role}");
            // Even their own request: filing it gives no right to decide it.
            assert_eq!(may_take(*role, "x", Step::Approve, "x"), decides, "{role}");
        }
        assert!(may_take(Role::Officer, "zhao", Step::Cancel, "qian"));
        assert!(may_take(Role::Leader, "li", Step::Cancel, "qian"));
        assert!(!may_take(Role::Guard, "wang", Step::Cancel, "qian"));
        assert!(!may_take(Role::Supervisor, "sun", Step::Cancel, "qian"));
        // A requester whose role no longer files requests may not cancel either.
        assert!(!may_take(Role::Supervisor, "sun", Step::Cancel, "sun"));
    }

    // ---- filing ----

    fn leave<'a>(from: DateTime<Utc>, to: DateTime<Utc>) -> LeaveDraft<'a> {
        LeaveDraft {
            destination: "成都",
            reason: "参加会议",
            transport: Some("高铁"),
            urgent: false,
            from,
            to,
        }
    }

    const ONE_DAY: LeavePolicy = LeavePolicy { notice_days: 1 };

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    #[test]
    fn accepts_a_leave_filed_the_day_before() {
        let v = validate_leave(
            &leave(at(30, 8), at(30, 20)),
            ONE_DAY,
            at(29, 14),
            day(29),
            day(30),
        )
        .unwrap();
        assert_eq!(v.destination, "成都");
        assert_eq!(v.transport.as_deref(), Some("高铁"));
    }

    #[test]
    fn refuses_a_leave_filed_too_late_unless_urgent() {
        let d = leave(at(29, 20), at(30, 20));
        let e = validate_leave(&d, ONE_DAY, at(29, 14), day(29), day(29)).unwrap_err();
        assert_eq!((e.field, e.key), ("field.window_from", "approval.notice"));
        assert_eq!(e.args, vec![("days", "1".to_string())]);
        let urgent = LeaveDraft { urgent: true, ..d };
        assert!(validate_leave(&urgent, ONE_DAY, at(29, 14), day(29), day(29)).is_ok());
        // With no notice period, the same day is fine.
        let none = LeavePolicy { notice_days: 0 };
        assert!(
            validate_leave(
                &leave(at(29, 20), at(30, 20)),
                none,
                at(29, 14),
                day(29),
                day(29)
            )
            .is_ok()
        );
    }

    #[test]
    fn refuses_a_departure_in_the_past_unless_urgent() {
        let none = LeavePolicy { notice_days: 0 };
        let d = leave(at(29, 2), at(30, 20));
        let e = validate_leave(&d, none, at(29, 8), day(29), day(29)).unwrap_err();
        assert_eq!(e.key, "approval.departure_past");
        let urgent = LeaveDraft { urgent: true, ..d };
        assert!(validate_leave(&urgent, none, at(29, 8), day(29), day(29)).is_ok());
    }

    #[test]
    fn refuses_a_return_before_departure_and_a_window_already_over() {
        let e = validate_leave(
            &leave(at(30, 20), at(30, 8)),
            ONE_DAY,
            at(29, 8),
            day(29),
            day(30),
        )
        .unwrap_err();
        assert_eq!(
            (e.field, e.key),
            ("field.window_to", "approval.to_not_after_from")
        );
        let e = validate_leave(
            &leave(at(30, 8), at(30, 8)),
            ONE_DAY,
            at(29, 8),
            day(29),
            day(30),
        )
        .unwrap_err();
        assert_eq!(e.key, "approval.to_not_after_from");
        let urgent = LeaveDraft {
            urgent: true,
            ..leave(at(28, 8), at(29, 6))
        };
        let e = validate_leave(&urgent, ONE_DAY, at(29, 8), day(29), day(28)).unwrap_err();
        assert_eq!(e.key, "approval.window_over");
    }

    #[test]
    fn names_the_field_of_bad_leave_text() {
        let now = at(29, 8);
        let base = leave(at(30, 8), at(30, 20));
        let check = |d: LeaveDraft| validate_leave(&d, ONE_DAY, now, day(29), day(30)).unwrap_err();
        let e = check(LeaveDraft {
            destination: " ",
            ..base.clone()
        });
        assert_eq!((e.field, e.key), ("field.destination", "text.empty"));
        let e = check(LeaveDraft {
            reason: "",
            ..base.clone()
        });
        assert_eq!((e.field, e.key), ("field.reason", "text.empty"));
        let e = check(LeaveDraft {
            transport: Some("车\u{1b}[2J"),
            ..base.clone()
        });
        assert_eq!((e.field, e.key), ("field.transport", "text.control"));
        let ok = validate_leave(
            &LeaveDraft {
                transport: Some("  "),
                ..base
            },
            ONE_DAY,
            now,
            day(29),
            day(30),
        )
        .unwrap();
        assert_eq!(ok.transport, None);
    }

    fn visitor<'a>(from: DateTime<Utc>, to: DateTime<Utc>) -> VisitorDraft<'a> {
        VisitorDraft {
            name: "张三",
            resident_id: "11010519491231002x",
            phone: "138 1234 5678",
            host_id: "T001",
            reason: "送货",
            from,
            to,
        }
    }

    #[test]
    fn a_visit_may_begin_now() {
        let v = validate_visitor(&visitor(t(10, 15), t(11, 0)), t(10, 15)).unwrap();
        assert_eq!(v.resident_id.as_str(), "11010519491231002X");
        assert_eq!(v.phone, "13812345678");
        // Started a few minutes ago (typed while the visitor waited): still fine.
        assert!(validate_visitor(&visitor(t(10, 0), t(11, 0)), t(10, 15)).is_ok());
    }

    #[test]
    fn refuses_bad_visitor_fields_naming_each() {
        let now = t(10, 0);
        let base = visitor(t(10, 0), t(11, 0));
        let check = |d: VisitorDraft| {
            let e = validate_visitor(&d, now).unwrap_err();
            (e.field, e.key)
        };
        assert_eq!(
            check(VisitorDraft {
                resident_id: "110105194912310021",
                ..base.clone()
            }),
            ("field.visitor_id", "resident_id.check_digit")
        );
        assert_eq!(
            check(VisitorDraft {
                resident_id: "",
                ..base.clone()
            }),
            ("field.visitor_id", "field.missing")
        );
        assert_eq!(
            check(VisitorDraft {
                phone: "123",
                ..base.clone()
            }),
            ("field.visitor_phone", "phone.invalid")
        );
        assert_eq!(
            check(VisitorDraft {
                name: "",
                ..base.clone()
            }),
            ("field.visitor_name", "text.empty")
        );
        assert_eq!(
            check(VisitorDraft {
                host_id: " ",
                ..base.clone()
            }),
            ("field.host", "text.empty")
        );
        assert_eq!(
            check(VisitorDraft {
                reason: "",
                ..base.clone()
            }),
            ("field.reason", "text.empty")
        );
        assert_eq!(
            check(visitor(t(11, 0), t(10, 0))),
            ("field.window_to", "approval.to_not_after_from")
        );
        assert_eq!(
            check(visitor(t(8, 0), t(9, 0))),
            ("field.window_to", "approval.window_over")
        );
    }

    #[test]
    fn notes_are_optional_text_without_escapes() {
        assert_eq!(validate_note(None), Ok(None));
        assert_eq!(validate_note(Some("  ")), Ok(None));
        assert_eq!(validate_note(Some(" 同意 ")), Ok(Some("同意".into())));
        assert_eq!(
            validate_note(Some("x\u{1b}[2J")).unwrap_err().key,
            "text.control"
        );
    }

    // ---- returns ----

    #[test]
    fn a_return_opens_only_for_an_approved_started_leave_not_yet_ended() {
        use RequestStatus::*;
        let from = t(10, 0);
        assert!(entry_ends_leave(Approved, from, None, t(10, 0)));
        assert!(entry_ends_leave(Approved, from, None, t(23, 0)));
        assert!(!entry_ends_leave(Approved, from, None, t(9, 59)));
        assert!(!entry_ends_leave(Approved, from, Some(t(11, 0)), t(12, 0)));
        for s in [Pending, Rejected, Cancelled, Expired] {
            assert!(!entry_ends_leave(s, from, None, t(12, 0)), "{s}");
        }
    }

    #[test]
    fn return_terms_follow_the_policy() {
        let p = ReturnPolicy {
            report_hours: 24,
            monitoring_days: 14,
        };
        let terms = return_terms(at(29, 8), p);
        assert_eq!(terms.report_due, at(30, 8));
        assert_eq!(
            terms.monitoring_until,
            Utc.with_ymd_and_hms(2026, 12, 13, 8, 0, 0).unwrap()
        );
    }

    #[test]
    fn phases_of_a_leave() {
        use ReturnPhase::*;
        let (from, to) = (t(10, 0), t(18, 0));
        assert_eq!(return_phase(from, to, None, t(9, 0)), Upcoming);
        assert_eq!(return_phase(from, to, None, t(10, 0)), Away);
        assert_eq!(return_phase(from, to, None, t(18, 0)), Overdue);
        assert_eq!(return_phase(from, to, Some(t(20, 0)), t(19, 0)), Monitoring);
        assert_eq!(return_phase(from, to, Some(t(20, 0)), t(20, 0)), Completed);
    }

    // ---- alerts ----

    #[test]
    fn each_alert_is_raised_once_in_the_interval_it_falls_due() {
        let warn = Duration::minutes(30);
        let mut r = request(RequestStatus::Pending, t(9, 0), t(12, 0));
        r.requested_at = t(8, 0);
        let pending = vec![r];
        let arrived = approval_alerts(&pending, t(7, 59), t(8, 0), warn);
        assert!(matches!(
            arrived.as_slice(),
            [ApprovalAlert::Arrived { id: 7, .. }]
        ));
        assert!(approval_alerts(&pending, t(8, 0), t(11, 29), warn).is_empty());
        let soon = approval_alerts(&pending, t(11, 29), t(11, 30), warn);
        assert!(matches!(
            soon.as_slice(),
            [ApprovalAlert::ExpiringSoon { id: 7, .. }]
        ));
        assert!(approval_alerts(&pending, t(11, 30), t(11, 59), warn).is_empty());
        // Once expired, nothing more.
        assert!(approval_alerts(&pending, t(11, 0), t(12, 0), warn).is_empty());
    }

    #[test]
    fn a_request_filed_inside_its_warning_time_only_arrives() {
        let mut r = request(RequestStatus::Pending, t(10, 15), t(10, 30));
        r.requested_at = t(10, 15);
        let alerts = approval_alerts(&[r], t(10, 0), t(10, 20), Duration::minutes(30));
        assert_eq!(alerts.len(), 1);
        assert!(matches!(alerts[0], ApprovalAlert::Arrived { .. }));
    }

    #[test]
    fn decided_requests_raise_no_alerts() {
        let r = request(RequestStatus::Approved, t(9, 0), t(12, 0));
        assert!(approval_alerts(&[r], t(7, 0), t(11, 45), Duration::minutes(30)).is_empty());
    }
}
