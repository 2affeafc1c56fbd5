//! Leave-the-city and visitor requests: filing, deciding, cancelling and reading them;
//! the gate's look-up of a visitor's approval and the opening of return records; and
//! what the dashboard, the handover and the leaders' alerts need.
//!
//! Permissions are checked here: filing needs `FileRequest`, deciding `DecideRequest`
//! (leader, admin), cancelling `CancelRequest` or being the requester. Every write
//! appends its audit row in the same transaction.

use super::Desk;
use super::entries::{ValidEntry, ValidWho};
use crate::clock::to_ms;
use crate::domain::approval::{
    self as rules, ApprovalAlert, LeaveDraft, PersonGateContext, Problem, Request, RequestKind,
    ReturnItem, ReturnPhase, ReturnPolicy, ReturnRecord, Step, StepError, Subject, VisitorDraft,
};
use crate::domain::entry::GateEntry;
use crate::domain::screening::{Reading, VisitorApproval};
use crate::domain::text::sanitize;
use crate::domain::time::LocalInput;
use crate::domain::{Direction, Permission};
use crate::error::{DeskError, DeskResult};
use crate::store::approvals::{
    self as store, ApprovalCounts, NewLeave, NewRequest, NewReturn, NewVisitor, RequestFilter,
};
use crate::store::audit::{self, AuditRecord, Chain};
use crate::store::audit_rows::Covered;
use crate::store::{entries, people};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::json;

/// A leave request as typed (CLI flags or console form). Times are local
/// `2026-11-29` or `2026-11-29T08:00`; a bare date as `to` means the end of that day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeaveInput {
    pub person_id: String,
    pub destination: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub transport: Option<String>,
    pub urgent: bool,
}

/// A visitor request as typed. Times as in [`LeaveInput`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitorRequestInput {
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    pub host_id: String,
    pub reason: String,
    pub from: String,
    pub to: String,
}

/// A request with what happened under it: the gate entries made under a visitor
/// approval, the return record of a leave.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestDetail {
    pub request: Request,
    pub entries: Vec<GateEntry>,
    pub return_record: Option<ReturnRecord>,
    /// For an approved leave: upcoming, away, overdue, monitoring or completed.
    pub leave_phase: Option<ReturnPhase>,
}

/// Most gate entries shown with one request.
const DETAIL_ENTRIES: usize = 20;
/// Most pending requests considered for alerts and handover (there are never this many).
const PENDING_CAP: usize = 1_000;

fn problem(p: Problem) -> DeskError {
    p.args
        .into_iter()
        .fold(DeskError::field(p.field, p.key), |e, (n, v)| e.arg(n, v))
}

/// Reads a local date or date-time, or a word relative to today (`today`, `今天`,
/// `08:00`); `end` reads a bare date as the end of that day.
fn parse_when(
    field: &'static str,
    input: &str,
    end: bool,
    zone: crate::clock::Zone,
    now: DateTime<Utc>,
) -> DeskResult<DateTime<Utc>> {
    if input.trim().is_empty() {
        return Err(DeskError::field(field, "field.missing"));
    }
    let today = zone.date_of(now);
    let t = LocalInput::parse_relative(input, today)
        .ok_or_else(|| DeskError::field(field, "time.format"))?;
    Ok(zone.from_local(if end { t.end_exclusive() } else { t.start() }))
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Desk {
    fn local(&self, t: DateTime<Utc>) -> String {
        self.zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
    }

    fn known_person(&self, field: &'static str, id: &str, key: &'static str) -> DeskResult<String> {
        let id = id.trim();
        if id.is_empty() {
            return Err(DeskError::field(field, "field.missing"));
        }
        if people::get(self.store.conn(), id)?.is_none() {
            return Err(DeskError::not_found(key).arg("id", sanitize(id)));
        }
        Ok(id.to_string())
    }

    /// Files a leave-the-city request for a rostered person.
    pub fn request_leave(&mut self, input: &LeaveInput) -> DeskResult<Request> {
        self.require(Permission::FileRequest)?;
        let person_id =
            self.known_person("field.person", &input.person_id, "entry.unknown_person")?;
        let zone = self.zone;
        let from = parse_when(
            "field.window_from",
            &input.from,
            false,
            zone,
            self.clock.now(),
        )?;
        let to = parse_when("field.window_to", &input.to, true, zone, self.clock.now())?;
        let now = self.clock.now();
        let valid = rules::validate_leave(
            &LeaveDraft {
                destination: &input.destination,
                reason: &input.reason,
                transport: input.transport.as_deref(),
                urgent: input.urgent,
                from,
                to,
            },
            self.config.leave_policy(),
            now,
            zone.date_of(now),
            zone.date_of(from),
        )
        .map_err(problem)?;
        if let Some(other) = store::overlapping_leave(
            self.store.conn(),
            &person_id,
            to_ms(from),
            to_ms(to),
            to_ms(now),
        )? {
            return Err(DeskError::conflict("approval.overlap")
                .arg("person", sanitize(&person_id))
                .arg("other", other));
        }
        let new = NewRequest {
            leave: Some(NewLeave {
                person_id: person_id.clone(),
                destination: valid.destination.clone(),
                transport: valid.transport.clone(),
                urgent: valid.urgent,
            }),
            ..self.new_request(&valid.reason, from, to, now)
        };
        let record = self.audit_record(
            "approval.request",
            "approval",
            None,
            json!({
                "kind": RequestKind::Leave,
                "person_id": person_id,
                "destination": valid.destination,
                "transport": valid.transport,
                "urgent": valid.urgent,
                "reason": valid.reason,
                "from": rfc3339(from),
                "to": rfc3339(to),
            }),
        );
        let id = self.file(new, record)?;
        self.request(id)
    }

    /// Files a visitor request: the visitor (resident ID checked), the rostered host,
    /// the purpose and the time window, which may begin now.
    pub fn request_visitor(&mut self, input: &VisitorRequestInput) -> DeskResult<Request> {
        self.require(Permission::FileRequest)?;
        let zone = self.zone;
        let from = parse_when(
            "field.window_from",
            &input.from,
            false,
            zone,
            self.clock.now(),
        )?;
        let to = parse_when("field.window_to", &input.to, true, zone, self.clock.now())?;
        let now = self.clock.now();
        let valid = rules::validate_visitor(
            &VisitorDraft {
                name: &input.name,
                resident_id: &input.resident_id,
                phone: &input.phone,
                host_id: &input.host_id,
                reason: &input.reason,
                from,
                to,
            },
            now,
        )
        .map_err(problem)?;
        let host_id = self.known_person("field.host", &valid.host_id, "entry.unknown_host")?;
        let new = NewRequest {
            visitor: Some(NewVisitor {
                name: valid.name.clone(),
                resident_id: valid.resident_id.as_str().to_string(),
                phone: valid.phone.clone(),
                host_id: host_id.clone(),
            }),
            ..self.new_request(&valid.reason, from, to, now)
        };
        let record = self.audit_record(
            "approval.request",
            "approval",
            None,
            json!({
                "kind": RequestKind::Visitor,
                "visitor": valid.resident_id.masked(),
                "visitor_name": valid.name,
                "host_id": host_id,
                "reason": valid.reason,
                "from": rfc3339(from),
                "to": rfc3339(to),
            }),
        );
        let id = self.file(new, record)?;
        self.request(id)
    }

    /// What every request filed here has: the reason, the window, and who filed it
    /// when; neither kind's details yet.
    fn new_request(
        &self,
        reason: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> NewRequest {
        NewRequest {
            leave: None,
            visitor: None,
            reason: reason.to_string(),
            window_from_ms: to_ms(from),
            window_to_ms: to_ms(to),
            requested_by: self.actor.login.clone(),
            requested_at_ms: to_ms(now),
        }
    }

    fn file(&mut self, new: NewRequest, mut record: AuditRecord) -> DeskResult<i64> {
        self.store.write(|tx| {
            let id = store::insert(tx, &new)?;
            record.entity_id = Some(id.to_string());
            audit::append_covering(tx, &record, &[Covered::row("approvals", id)])?;
            Ok(id)
        })
    }

    /// Approves a pending request (leader, admin).
    pub fn approve_request(&mut self, id: i64, note: Option<&str>) -> DeskResult<Request> {
        self.take_step(id, Step::Approve, note)
    }

    /// Rejects a pending request, saying why (leader, admin).
    pub fn reject_request(&mut self, id: i64, note: &str) -> DeskResult<Request> {
        self.take_step(id, Step::Reject, Some(note))
    }

    /// Cancels a pending request, or withdraws an approved one before its window begins
    /// (the requester, or an officer, leader or admin).
    pub fn cancel_request(&mut self, id: i64, note: Option<&str>) -> DeskResult<Request> {
        self.take_step(id, Step::Cancel, note)
    }

    fn take_step(&mut self, id: i64, step: Step, note: Option<&str>) -> DeskResult<Request> {
        match step {
            Step::Approve | Step::Reject => self.require(Permission::DecideRequest)?,
            // A requester may cancel their own: anyone who may file gets past this gate,
            // and the requester is checked against the request below.
            Step::Cancel => {
                if !self.actor.role.allows(Permission::FileRequest) {
                    self.require(Permission::CancelRequest)?;
                }
            }
        }
        let note = rules::validate_note(note).map_err(problem)?;
        let current = self.request(id)?;
        if !rules::may_take(
            self.actor.role,
            &self.actor.login,
            step,
            &current.requested_by,
        ) {
            return Err(self.cancel_refused(&current));
        }
        let now = self.clock.now();
        let to = rules::next_status(
            current.status,
            step,
            note.as_deref(),
            current.window_from,
            now,
        )
        .map_err(|e| self.step_error(&current, e))?;
        let record = self.audit_record(
            &format!("approval.{}", step.as_str()),
            "approval",
            Some(id.to_string()),
            json!({
                "kind": current.kind(),
                "from": current.status,
                "to": to,
                "note": note,
            }),
        );
        let login = self.actor.login.clone();
        let stored_from = current.status;
        self.store.write(|tx| {
            // Guarded by the status read above: if another desk decided in between,
            // nothing is written and the operator is told.
            if !store::set_status(tx, id, stored_from, to, &login, to_ms(now), note.as_deref())? {
                return Err(DeskError::conflict("approval.changed").arg("id", id));
            }
            audit::append_covering(tx, &record, &[Covered::row("approvals", id)])?;
            Ok(())
        })?;
        self.request(id)
    }

    fn cancel_refused(&self, r: &Request) -> DeskError {
        let needed: Vec<&str> = crate::domain::Role::holding(Permission::CancelRequest)
            .into_iter()
            .map(crate::domain::Role::as_str)
            .collect();
        DeskError::refused("approval.cancel_refused")
            .arg("id", r.id)
            .arg("by", sanitize(&r.requested_by))
            .arg("role", self.actor.role.as_str())
            .arg("needed", needed.join(", "))
    }

    fn step_error(&self, r: &Request, e: StepError) -> DeskError {
        match e {
            StepError::AlreadyClosed(status) => DeskError::conflict("approval.already_closed")
                .arg("id", r.id)
                .arg("status", format!("status.{status}"))
                .arg("by", sanitize(r.decided_by.as_deref().unwrap_or("-")))
                .arg(
                    "at",
                    r.decided_at.map(|t| self.local(t)).unwrap_or_default(),
                ),
            StepError::Expired => DeskError::conflict("approval.expired")
                .arg("id", r.id)
                .arg("at", self.local(r.window_to)),
            StepError::NoteRequired => DeskError::field("field.note", "approval.note_required"),
            StepError::AlreadyStarted => DeskError::conflict("approval.already_started")
                .arg("id", r.id)
                .arg("at", self.local(r.window_from)),
        }
    }

    /// One request, its status as of now.
    pub fn request(&self, id: i64) -> DeskResult<Request> {
        let now = self.clock.now();
        let r = store::get(self.store.conn(), id)?
            .map(|r| r.as_of(now))
            .ok_or_else(|| DeskError::not_found("approval.not_found").arg("id", id))?;
        self.require_in_scope(r.person_id(), &format!("#{id}"))?;
        Ok(r)
    }

    /// One request with the gate entries made under it and its return record.
    pub fn request_detail(&self, id: i64) -> DeskResult<RequestDetail> {
        let request = self.request(id)?;
        let conn = self.store.conn();
        let mut list = Vec::new();
        for eid in store::entry_ids(conn, id, DETAIL_ENTRIES)? {
            if let Some(e) = entries::get(conn, eid)? {
                list.push(e);
            }
        }
        let return_record = store::return_for(conn, id)?;
        let leave_phase = (request.kind() == RequestKind::Leave
            && request.status == crate::domain::approval::RequestStatus::Approved)
            .then(|| {
                rules::return_phase(
                    request.window_from,
                    request.window_to,
                    return_record.as_ref().map(|r| r.monitoring_until),
                    self.clock.now(),
                )
            });
        Ok(RequestDetail {
            request,
            entries: list,
            return_record,
            leave_phase,
        })
    }

    /// Requests by filter (pending oldest first, or all newest first), statuses as of now.
    pub fn list_requests(&self, filter: &RequestFilter) -> DeskResult<Vec<Request>> {
        let now = self.clock.now();
        let list = store::list(self.store.conn(), filter, to_ms(now))?
            .into_iter()
            .map(|r| r.as_of(now))
            .collect();
        self.scope_requests(list)
    }

    /// The steps this operator may take on this request right now (for the console's
    /// keys: a key that would be refused is not offered).
    pub fn allowed_steps(&self, r: &Request) -> Vec<Step> {
        let now = self.clock.now();
        Step::ALL
            .into_iter()
            .filter(|s| rules::may_take(self.actor.role, &self.actor.login, *s, &r.requested_by))
            .filter(|s| rules::next_status(r.status, *s, Some("-"), r.window_from, now).is_ok())
            .collect()
    }

    /// Approved leaves under way or overdue and, unless `overdue_only`, returns still
    /// under monitoring: overdue first (longest overdue first), then away, then
    /// monitored. Finished follow-ups are not listed.
    pub fn returns_list(&self, overdue_only: bool) -> DeskResult<Vec<ReturnItem>> {
        let now = self.clock.now();
        let conn = self.store.conn();
        let mut items: Vec<ReturnItem> = store::leaves_out(conn, to_ms(now), overdue_only)?
            .into_iter()
            .map(|leave| {
                let leave = leave.as_of(now);
                let phase = rules::return_phase(leave.window_from, leave.window_to, None, now);
                ReturnItem {
                    leave,
                    record: None,
                    phase,
                }
            })
            .collect();
        items.sort_by_key(|i| i.phase != ReturnPhase::Overdue);
        if !overdue_only {
            for record in store::monitoring(conn, to_ms(now))? {
                if let Some(leave) = store::get(conn, record.approval_id)? {
                    items.push(ReturnItem {
                        leave: leave.as_of(now),
                        phase: ReturnPhase::Monitoring,
                        record: Some(record),
                    });
                }
            }
        }
        Ok(items)
    }

    /// What the gate form and the person detail show: the person's current approved
    /// leave (upcoming, away or overdue) and any return still under monitoring.
    pub fn person_gate_context(&self, person_id: &str) -> DeskResult<PersonGateContext> {
        let conn = self.store.conn();
        if people::get(conn, person_id)?.is_none() {
            return Err(DeskError::not_found("entry.unknown_person").arg("id", sanitize(person_id)));
        }
        let now = self.clock.now();
        let leave = store::unreturned_leaves(conn, person_id)?
            .into_iter()
            .next()
            .map(|l| {
                let phase = rules::return_phase(l.window_from, l.window_to, None, now);
                (l.as_of(now), phase)
            });
        Ok(PersonGateContext {
            leave,
            open_return: store::open_return_of(conn, person_id, to_ms(now))?,
        })
    }

    /// What the gate would find for this visitor now: the approved visitor request
    /// covering the current time (the one an entry would be linked to), if any. For the
    /// registration form, before anything is registered; the gate decision itself is
    /// made by `register_entry`.
    pub fn visitor_approval_now(&self, resident_id: &str) -> DeskResult<Option<Request>> {
        let rid = crate::domain::resident_id::ResidentId::parse(resident_id)
            .map_err(|e| DeskError::field("field.visitor_id", e.key()))?;
        let now = self.clock.now();
        match store::covering_visitor(self.store.conn(), rid.as_str(), to_ms(now))? {
            Some(id) => self.request(id).map(Some),
            None => Ok(None),
        }
    }

    /// The dashboard's numbers: pending requests, overdue returns, away, monitored.
    pub fn approval_counts(&self) -> DeskResult<ApprovalCounts> {
        Ok(store::counts(self.store.conn(), to_ms(self.clock.now()))?)
    }

    /// Alerts due in `(since, now]` for an operator who decides requests (none for
    /// anyone else): requests filed, and requests about to expire undecided
    /// (`[approvals] expiry_warning_minutes` before). Move `since` to the time of the
    /// call each time and every alert comes exactly once.
    pub fn approval_alerts(&self, since: DateTime<Utc>) -> DeskResult<Vec<ApprovalAlert>> {
        if !self.actor.role.allows(Permission::DecideRequest) {
            return Ok(Vec::new());
        }
        let now = self.clock.now();
        let pending = self.list_requests(&RequestFilter {
            pending_only: true,
            limit: PENDING_CAP,
            ..RequestFilter::default()
        })?;
        let warning =
            chrono::Duration::minutes(i64::from(self.config.approvals.expiry_warning_minutes));
        Ok(rules::approval_alerts(&pending, since, now, warning))
    }

    /// An alert as one line in the given language, for the notify module.
    pub fn alert_text(&self, lang: crate::i18n::Lang, alert: &ApprovalAlert) -> String {
        let (key, id, kind, who, at) = match alert {
            ApprovalAlert::Arrived {
                id,
                kind,
                who,
                expires_at,
            } => ("alert.approval_arrived", id, kind, who, expires_at),
            ApprovalAlert::ExpiringSoon {
                id,
                kind,
                who,
                expires_at,
            } => ("alert.approval_expiring", id, kind, who, expires_at),
        };
        let kind = crate::i18n::tr(lang, &format!("request_kind.{kind}")).to_string();
        crate::i18n::trf(
            lang,
            key,
            &[
                ("id", id.to_string()),
                ("kind", kind),
                ("who", sanitize(who)),
                ("at", self.local(*at)),
            ],
        )
    }

    /// Pending requests for the handover's carry-over: `("approval:ID", summary)`,
    /// oldest first.
    pub fn approval_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        let pending = self.list_requests(&RequestFilter {
            pending_only: true,
            limit: PENDING_CAP,
            ..RequestFilter::default()
        })?;
        Ok(pending
            .iter()
            .map(|r| {
                let summary = format!(
                    "{} · {} · {}",
                    self.request_summary(r),
                    sanitize(&r.requested_by),
                    self.local(r.requested_at)
                );
                (format!("approval:{}", r.id), summary)
            })
            .collect())
    }

    /// Overdue returns for the handover's carry-over: `("return:ID", summary)` where ID
    /// is the leave request's, most overdue first.
    pub fn return_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        Ok(self
            .returns_list(true)?
            .iter()
            .map(|i| {
                (
                    format!("return:{}", i.leave.id),
                    format!("{} · {}", self.request_summary(&i.leave), i.phase),
                )
            })
            .collect())
    }

    /// One line made of the request's data: kind, id, who, where or whom, window.
    pub fn request_summary(&self, r: &Request) -> String {
        let what = match &r.subject {
            Subject::Leave {
                person_id,
                destination,
                ..
            } => format!("{} {} → {}", person_id, r.who(), destination),
            Subject::Visitor {
                host_id, host_name, ..
            } => format!("{} → {} {}", r.who(), host_id, host_name),
        };
        sanitize(&format!(
            "{} #{} · {} · {} – {}",
            r.kind(),
            r.id,
            what.trim_end(),
            self.local(r.window_from),
            self.local(r.window_to)
        ))
    }
}

/// The gate's approval fact for a registration: for a visitor, whether an approved
/// request covers `now_ms`, and which one (the entry is linked to it, whether or not
/// `[screening] visitors_need_approval` makes it a condition).
pub(crate) fn gate_approval(
    conn: &Connection,
    valid: &ValidEntry,
    now_ms: i64,
) -> DeskResult<(Reading, Option<i64>)> {
    match &valid.who {
        ValidWho::Visitor { resident_id, .. } => {
            let id = store::covering_visitor(conn, resident_id.as_str(), now_ms)?;
            let fact = if id.is_some() {
                VisitorApproval::Covered
            } else {
                VisitorApproval::Missing
            };
            Ok((
                Reading {
                    visitor_approval: fact,
                    ..valid.reading
                },
                id,
            ))
        }
        ValidWho::Person(_) => Ok((valid.reading, None)),
    }
}

/// After a person's `in` registration: every approved leave of theirs that has begun
/// and not yet ended by a return now ends, and a return record opens for it, in the
/// caller's transaction with its audit row on the caller's chain.
pub(crate) fn open_returns(
    conn: &Connection,
    chain: &mut Chain,
    policy: ReturnPolicy,
    now: DateTime<Utc>,
    operator: &str,
    entry_id: i64,
    valid: &ValidEntry,
) -> DeskResult<()> {
    let ValidWho::Person(person_id) = &valid.who else {
        return Ok(());
    };
    if valid.reading.direction != Direction::In {
        return Ok(());
    }
    for leave in store::unreturned_leaves(conn, person_id)? {
        if !rules::entry_ends_leave(leave.status, leave.window_from, leave.returned_at, now) {
            continue;
        }
        let terms = rules::return_terms(now, policy);
        store::mark_returned(conn, leave.id, to_ms(now))?;
        let rid = store::insert_return(
            conn,
            &NewReturn {
                approval_id: leave.id,
                person_id: person_id.clone(),
                entry_id,
                returned_at_ms: to_ms(now),
                report_due_ms: to_ms(terms.report_due),
                monitoring_until_ms: to_ms(terms.monitoring_until),
                opened_by: operator.to_string(),
            },
        )?;
        chain.cover(
            conn,
            &[
                Covered::row("returns", rid),
                Covered::row("approvals", leave.id),
            ],
        )?;
        chain.append(
            conn,
            &AuditRecord {
                at: now,
                operator: operator.to_string(),
                action: "return.open".into(),
                entity: "return".into(),
                entity_id: Some(rid.to_string()),
                details: json!({
                    "approval_id": leave.id,
                    "person_id": person_id,
                    "entry_id": entry_id,
                    "late": now >= leave.window_to,
                    "report_due": rfc3339(terms.report_due),
                    "monitoring_until": rfc3339(terms.monitoring_until),
                }),
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::config::Config;
    use crate::domain::approval::ReturnPhase;
    use crate::domain::person::Person;
    use crate::domain::{PersonKind, Role};
    use crate::service::Actor;
    use crate::service::entries::EntryInput;
    use crate::store::Store;
    use chrono::TimeZone;
    use std::sync::Arc;

    /// Local Beijing time on a day of 2026-11/12.
    fn at(month: u32, day: u32, h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Shanghai
            .with_ymd_and_hms(2026, month, day, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
        clock: Arc<FixedClock>,
        config: Arc<Config>,
    }

    impl Fixture {
        fn new() -> Fixture {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.db");
            let store = Store::open(&path).unwrap();
            for (id, name) in [("T2001", "王芳"), ("T2002", "李强")] {
                let p = Person {
                    id: id.into(),
                    name: name.into(),
                    kind: PersonKind::Staff,
                    department: "信息工程系".into(),
                    class: None,
                    resident_id: None,
                    phone: None,
                };
                people::upsert(store.conn(), &p, 0).unwrap();
            }
            let mut config = Config::default();
            config.site.timezone = Some("Asia/Shanghai".into());
            Fixture {
                _dir: dir,
                path,
                clock: Arc::new(FixedClock::new(at(11, 29, 8, 0))),
                config: Arc::new(config),
            }
        }

        fn desk(&self, login: &str, role: Role) -> Desk {
            Desk::new(
                Store::open(&self.path).unwrap(),
                self.config.clone(),
                Actor {
                    login: login.into(),
                    name: login.into(),
                    role,
                },
                self.clock.clone(),
            )
            .unwrap()
        }
    }

    fn leave_input() -> LeaveInput {
        LeaveInput {
            person_id: "T2001".into(),
            destination: "成都".into(),
            from: "2026-12-01T08:00".into(),
            to: "2026-12-03T18:00".into(),
            reason: "参加会议".into(),
            transport: None,
            urgent: false,
        }
    }

    fn visitor_input(from: &str, to: &str) -> VisitorRequestInput {
        VisitorRequestInput {
            name: "张三".into(),
            resident_id: "11010519491231002X".into(),
            phone: "13812345678".into(),
            host_id: "T2002".into(),
            reason: "送货".into(),
            from: from.into(),
            to: to.into(),
        }
    }

    fn come_in(desk: &mut Desk, person: &str) -> GateEntry {
        desk.register_entry(&EntryInput {
            gate: "东门".into(),
            direction: "in".into(),
            temp: "36.5".into(),
            code: Some("green".into()),
            venue_scan: true,
            person_id: Some(person.into()),
            visitor: None,
        })
        .unwrap()
    }

    #[test]
    fn the_gate_context_follows_a_leave_from_approval_to_monitoring() {
        let f = Fixture::new();
        let mut officer = f.desk("zhao", Role::Officer);
        let mut leader = f.desk("li", Role::Leader);
        let id = officer.request_leave(&leave_input()).unwrap().id;
        // Pending: nothing to show at the gate.
        assert_eq!(
            officer.person_gate_context("T2001").unwrap(),
            PersonGateContext::default()
        );
        leader.approve_request(id, None).unwrap();
        let phase = |d: &Desk| d.person_gate_context("T2001").unwrap().leave.map(|l| l.1);
        assert_eq!(phase(&officer), Some(ReturnPhase::Upcoming));
        f.clock.set(at(12, 2, 9, 0));
        assert_eq!(phase(&officer), Some(ReturnPhase::Away));
        assert_eq!(officer.approval_counts().unwrap().away, 1);
        f.clock.set(at(12, 4, 8, 0));
        assert_eq!(phase(&officer), Some(ReturnPhase::Overdue));
        assert_eq!(officer.approval_counts().unwrap().overdue_returns, 1);
        let entry = come_in(&mut officer, "T2001");
        let ctx = officer.person_gate_context("T2001").unwrap();
        assert_eq!(ctx.leave, None);
        let ret = ctx.open_return.unwrap();
        assert_eq!((ret.approval_id, ret.entry_id), (id, entry.id));
        assert_eq!(ret.report_due, at(12, 5, 8, 0));
        let counts = officer.approval_counts().unwrap();
        assert_eq!((counts.overdue_returns, counts.monitoring), (0, 1));
        f.clock.set(at(12, 18, 8, 0));
        assert_eq!(
            officer.person_gate_context("T2001").unwrap().open_return,
            None
        );
        assert!(matches!(
            officer.person_gate_context("NOBODY"),
            Err(e) if e.key == "entry.unknown_person"
        ));
    }

    #[test]
    fn the_form_finds_the_visitor_approval_the_gate_would_use() {
        let f = Fixture::new();
        let mut officer = f.desk("zhao", Role::Officer);
        let mut leader = f.desk("li", Role::Leader);
        let rid = "11010519491231002X";
        assert_eq!(officer.visitor_approval_now(rid).unwrap(), None);
        let r = officer
            .request_visitor(&visitor_input("2026-11-29T08:00", "2026-11-29T12:00"))
            .unwrap();
        assert_eq!(
            officer.visitor_approval_now(rid).unwrap(),
            None,
            "pending does not count"
        );
        leader.approve_request(r.id, None).unwrap();
        let found = officer.visitor_approval_now(rid).unwrap().unwrap();
        assert_eq!(found.id, r.id);
        f.clock.set(at(11, 29, 12, 0));
        assert_eq!(officer.visitor_approval_now(rid).unwrap(), None, "ended");
        let e = officer
            .visitor_approval_now("110105194912310021")
            .unwrap_err();
        assert_eq!(e.get("field"), Some("field.visitor_id"));
    }

    #[test]
    fn alerts_reach_deciders_once_each() {
        let f = Fixture::new();
        let mut officer = f.desk("zhao", Role::Officer);
        let leader = f.desk("li", Role::Leader);
        let start = f.clock.now();
        f.clock.set(at(11, 29, 8, 1));
        let r = officer
            .request_visitor(&visitor_input("2026-11-29T09:00", "2026-11-29T12:00"))
            .unwrap();
        f.clock.set(at(11, 29, 8, 2));
        let alerts = leader.approval_alerts(start).unwrap();
        assert_eq!(alerts.len(), 1);
        assert!(matches!(&alerts[0], ApprovalAlert::Arrived { id, .. } if *id == r.id));
        assert!(
            leader
                .alert_text(crate::i18n::Lang::Zh, &alerts[0])
                .contains("新的访客申请")
        );
        // Officers file requests; they are not the ones alerted.
        assert!(officer.approval_alerts(start).unwrap().is_empty());
        // Half an hour before the end it is still undecided.
        let before = f.clock.now();
        f.clock.set(at(11, 29, 11, 30));
        let alerts = leader.approval_alerts(before).unwrap();
        assert!(matches!(
            alerts.as_slice(),
            [ApprovalAlert::ExpiringSoon { .. }]
        ));
        let text = leader.alert_text(crate::i18n::Lang::En, &alerts[0]);
        assert!(text.contains("expires at 2026-11-29 12:00"), "{text}");
        assert!(
            leader
                .approval_alerts(at(11, 29, 11, 30))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn handover_items_carry_pending_requests_and_overdue_returns() {
        let f = Fixture::new();
        let mut officer = f.desk("zhao", Role::Officer);
        let mut leader = f.desk("li", Role::Leader);
        let leave = officer.request_leave(&leave_input()).unwrap();
        let visit = officer
            .request_visitor(&visitor_input("2026-11-29T09:00", "2026-11-29T12:00"))
            .unwrap();
        let items = officer.approval_handover_items().unwrap();
        assert_eq!(
            items,
            vec![
                (
                    format!("approval:{}", leave.id),
                    format!(
                        "leave #{} · T2001 王芳 → 成都 · 2026-12-01 08:00 – 2026-12-03 18:00 · zhao · 2026-11-29 08:00",
                        leave.id
                    )
                ),
                (
                    format!("approval:{}", visit.id),
                    format!(
                        "visitor #{} · 张三 → T2002 李强 · 2026-11-29 09:00 – 2026-11-29 12:00 · zhao · 2026-11-29 08:00",
                        visit.id
                    )
                ),
            ]
        );
        // The resident ID never appears in a summary.
        assert!(items.iter().all(|(_, s)| !s.contains("11010519491231002X")));
        assert!(officer.return_handover_items().unwrap().is_empty());
        leader.approve_request(leave.id, None).unwrap();
        leader.reject_request(visit.id, "无来访单位").unwrap();
        assert!(officer.approval_handover_items().unwrap().is_empty());
        f.clock.set(at(12, 4, 8, 0));
        let overdue = officer.return_handover_items().unwrap();
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].0, format!("return:{}", leave.id));
        assert!(overdue[0].1.ends_with("· overdue"), "{}", overdue[0].1);
    }

    #[test]
    fn allowed_steps_match_what_the_service_accepts() {
        let f = Fixture::new();
        let mut officer = f.desk("zhao", Role::Officer);
        let leader = f.desk("li", Role::Leader);
        let guard = f.desk("wang", Role::Guard);
        let r = officer
            .request_visitor(&visitor_input("2026-11-29T09:00", "2026-11-29T12:00"))
            .unwrap();
        assert_eq!(
            leader.allowed_steps(&r),
            vec![Step::Approve, Step::Reject, Step::Cancel]
        );
        assert_eq!(officer.allowed_steps(&r), vec![Step::Cancel]);
        assert!(guard.allowed_steps(&r).is_empty());
        f.clock.set(at(11, 29, 12, 0));
        let expired = leader.request(r.id).unwrap();
        assert_eq!(
            expired.status,
            crate::domain::approval::RequestStatus::Expired
        );
        assert!(leader.allowed_steps(&expired).is_empty());
    }

    #[test]
    fn deciding_what_another_leader_decided_writes_nothing() {
        let f = Fixture::new();
        let mut officer = f.desk("zhao", Role::Officer);
        let mut li = f.desk("li", Role::Leader);
        let mut wu = f.desk("wu", Role::Leader);
        let r = officer.request_leave(&leave_input()).unwrap();
        li.approve_request(r.id, None).unwrap();
        let before = crate::store::audit::count(wu.store.conn()).unwrap();
        let e = wu.reject_request(r.id, "不同意").unwrap_err();
        assert_eq!(e.key, "approval.already_closed");
        assert_eq!(crate::store::audit::count(wu.store.conn()).unwrap(), before);
        assert_eq!(wu.request(r.id).unwrap().decided_by.as_deref(), Some("li"));
    }
}
