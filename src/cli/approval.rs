//! `dutydesk approval …` (leave and visitor requests) and `dutydesk returns list`.

use super::{Format, Session, json, table};
use crate::clock::Zone;
use crate::domain::approval::{Request, RequestKind, ReturnItem, ReturnPhase, Subject};
use crate::domain::phone::mask_phone;
use crate::domain::resident_id::mask_resident_id;
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, tr, trf};
use crate::service::approvals::{LeaveInput, RequestDetail, VisitorRequestInput};
use crate::store::approvals::RequestFilter;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ApprovalCommand {
    /// File a request: leaving the city, or a visitor.
    #[command(subcommand)]
    Request(RequestCommand),
    /// List requests: all newest first, or only pending ones oldest first.
    List(ListArgs),
    /// One request in full, with the gate entries made under it and its return.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Approve a pending request (duty leader, admin).
    Approve {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Reject a pending request (duty leader, admin); the note saying why is required.
    Reject {
        id: i64,
        /// Why (required).
        #[arg(long)]
        note: Option<String>,
    },
    /// Cancel a pending request, or withdraw an approved one before it begins
    /// (the requester, an officer, leader or admin).
    Cancel {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Leave the city: filed `[approvals] leave_notice_days` ahead unless --urgent.
    Leave(LeaveArgs),
    /// A visitor: resident ID, phone, the rostered host, purpose and time window.
    Visitor(VisitorArgs),
}

#[derive(Debug, Args)]
pub struct LeaveArgs {
    /// The rostered person leaving (学号/工号).
    #[arg(long)]
    person: String,
    /// Destination.
    #[arg(long)]
    dest: String,
    /// Departure: 2026-12-01 or 2026-12-01T08:00 (local time).
    #[arg(long)]
    from: String,
    /// Return: 2026-12-03T18:00, or a date for the end of that day.
    #[arg(long)]
    to: String,
    #[arg(long)]
    reason: String,
    /// High-speed rail, car, flight number …
    #[arg(long)]
    transport: Option<String>,
    /// Cannot wait for the notice period (the reason says why).
    #[arg(long)]
    urgent: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct VisitorArgs {
    #[arg(long)]
    visitor_name: String,
    /// The visitor's resident ID (身份证号).
    #[arg(long)]
    visitor_id: String,
    #[arg(long)]
    visitor_phone: String,
    /// The rostered person the visitor comes to see.
    #[arg(long)]
    host: String,
    /// Purpose of the visit.
    #[arg(long)]
    reason: String,
    /// Start of the visit (may be now): 2026-11-29T10:15.
    #[arg(long)]
    from: String,
    /// End of the visit: 2026-11-29T12:00, or a date for the end of that day.
    #[arg(long)]
    to: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Leave,
    Visitor,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only requests waiting for a decision (not expired), oldest first.
    #[arg(long)]
    pending: bool,
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Most requests shown.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Subcommand)]
pub enum ReturnsCommand {
    /// Leaves under way or overdue, and returns under health monitoring.
    List {
        /// Only leaves whose return time has passed with no entry back.
        #[arg(long)]
        overdue: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(session: &Session, cmd: ApprovalCommand) -> DeskResult<ExitCode> {
    match cmd {
        ApprovalCommand::Request(RequestCommand::Leave(a)) => {
            let mut desk = session.open_desk()?;
            let r = desk.request_leave(&LeaveInput {
                person_id: a.person,
                destination: a.dest,
                from: a.from,
                to: a.to,
                reason: a.reason,
                transport: a.transport,
                urgent: a.urgent,
            })?;
            filed(session, desk.zone, &r, a.format);
        }
        ApprovalCommand::Request(RequestCommand::Visitor(a)) => {
            let mut desk = session.open_desk()?;
            let r = desk.request_visitor(&VisitorRequestInput {
                name: a.visitor_name,
                resident_id: a.visitor_id,
                phone: a.visitor_phone,
                host_id: a.host,
                reason: a.reason,
                from: a.from,
                to: a.to,
            })?;
            filed(session, desk.zone, &r, a.format);
        }
        ApprovalCommand::List(a) => {
            if a.limit == 0 {
                return Err(DeskError::field("field.limit", "limit.zero"));
            }
            let desk = session.open_existing_desk()?;
            let list = desk.list_requests(&RequestFilter {
                pending_only: a.pending,
                kind: a.kind.map(|k| match k {
                    KindArg::Leave => RequestKind::Leave,
                    KindArg::Visitor => RequestKind::Visitor,
                }),
                limit: a.limit,
                ..RequestFilter::default()
            })?;
            print_list(session.lang, desk.zone, &list, a.format);
        }
        ApprovalCommand::Show { id, format } => {
            let desk = session.open_existing_desk()?;
            let d = desk.request_detail(id)?;
            print_detail(session.lang, desk.zone, &d, format);
        }
        ApprovalCommand::Approve { id, note } => {
            let mut desk = session.open_desk()?;
            let r = desk.approve_request(id, note.as_deref())?;
            done(session, "approval.approved", &r);
        }
        ApprovalCommand::Reject { id, note } => {
            let mut desk = session.open_desk()?;
            let r = desk.reject_request(id, note.as_deref().unwrap_or(""))?;
            done(session, "approval.rejected", &r);
        }
        ApprovalCommand::Cancel { id, note } => {
            let mut desk = session.open_desk()?;
            let r = desk.cancel_request(id, note.as_deref())?;
            done(session, "approval.cancelled", &r);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_returns(session: &Session, cmd: ReturnsCommand) -> DeskResult<ExitCode> {
    let ReturnsCommand::List { overdue, format } = cmd;
    let desk = session.open_existing_desk()?;
    let items = desk.returns_list(overdue)?;
    print_returns(session.lang, desk.zone, &items, format);
    Ok(ExitCode::SUCCESS)
}

fn done(session: &Session, key: &str, r: &Request) {
    println!(
        "{}",
        trf(
            session.lang,
            key,
            &[("id", r.id.to_string()), ("who", sanitize(r.who()))]
        )
    );
}

fn filed(session: &Session, zone: Zone, r: &Request, format: Format) {
    match format {
        Format::Json => json::print(&request_json(zone, r)),
        Format::Table => println!(
            "{}",
            trf(
                session.lang,
                "approval.filed",
                &[("id", r.id.to_string()), ("who", sanitize(r.who()))]
            )
        ),
    }
}

fn local(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

fn opt_time(zone: Zone, t: Option<DateTime<Utc>>) -> Value {
    t.map(|t| json!(json::time(zone, t))).unwrap_or(Value::Null)
}

/// A request as JSON: the keys the issue names, and the rest of its fields. The
/// visitor's resident ID and phone are masked.
pub fn request_json(zone: Zone, r: &Request) -> Value {
    let mut v = json!({
        "id": r.id,
        "kind": r.kind(),
        "status": r.status,
        "person_id": null,
        "person_name": null,
        "visitor_name": null,
        "visitor_id": null,
        "visitor_phone": null,
        "host_id": null,
        "host_name": null,
        "destination": null,
        "transport": null,
        "urgent": false,
        "reason": sanitize(&r.reason),
        "window_from": json::time(zone, r.window_from),
        "window_to": json::time(zone, r.window_to),
        "requested_by": sanitize(&r.requested_by),
        "requested_at": json::time(zone, r.requested_at),
        "decided_by": r.decided_by.as_deref().map(sanitize),
        "decided_at": opt_time(zone, r.decided_at),
        "note": r.note.as_deref().map(sanitize),
        "returned_at": opt_time(zone, r.returned_at),
    });
    match &r.subject {
        Subject::Leave {
            person_id,
            person_name,
            destination,
            transport,
            urgent,
        } => {
            v["person_id"] = json!(sanitize(person_id));
            v["person_name"] = json!(sanitize(person_name));
            v["destination"] = json!(sanitize(destination));
            v["transport"] = json!(transport.as_deref().map(sanitize));
            v["urgent"] = json!(urgent);
        }
        Subject::Visitor {
            name,
            resident_id,
            phone,
            host_id,
            host_name,
        } => {
            v["visitor_name"] = json!(sanitize(name));
            v["visitor_id"] = json!(mask_resident_id(resident_id));
            v["visitor_phone"] = json!(mask_phone(phone));
            v["host_id"] = json!(sanitize(host_id));
            v["host_name"] = json!(sanitize(host_name));
        }
    }
    v
}

/// Where a leave goes, or whom a visitor sees.
fn target(r: &Request) -> String {
    match &r.subject {
        Subject::Leave { destination, .. } => destination.clone(),
        Subject::Visitor {
            host_id, host_name, ..
        } => format!("{host_id} {host_name}").trim_end().to_string(),
    }
}

fn who(r: &Request) -> String {
    match &r.subject {
        Subject::Leave { person_id, .. } => format!("{} {}", person_id, r.who()),
        Subject::Visitor { .. } => r.who().to_string(),
    }
}

fn print_list(lang: Lang, zone: Zone, list: &[Request], format: Format) {
    if format == Format::Json {
        for r in list {
            json::print(&request_json(zone, r));
        }
        return;
    }
    let t = |k: &str| tr(lang, k).to_string();
    let headers = [
        "ID".to_string(),
        t("col.request_kind"),
        t("col.status"),
        t("col.who"),
        t("col.target"),
        t("col.window_from"),
        t("col.window_to"),
        t("col.requested_by"),
        t("col.requested_at"),
        t("col.decided_by"),
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                t(&format!("request_kind.{}", r.kind())),
                t(&format!("status.{}", r.status)),
                who(r),
                target(r),
                local(zone, r.window_from),
                local(zone, r.window_to),
                r.requested_by.clone(),
                local(zone, r.requested_at),
                r.decided_by.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    print!("{}", table::render(&headers, &rows));
    if list.is_empty() {
        println!("{}", t("list.empty"));
    }
}

fn print_detail(lang: Lang, zone: Zone, d: &RequestDetail, format: Format) {
    let r = &d.request;
    if format == Format::Json {
        let mut v = request_json(zone, r);
        v["phase"] = json!(d.leave_phase);
        v["entry_ids"] = json!(d.entries.iter().map(|e| e.id).collect::<Vec<_>>());
        v["return"] = match &d.return_record {
            None => Value::Null,
            Some(rec) => json!({
                "id": rec.id,
                "entry_id": rec.entry_id,
                "returned_at": json::time(zone, rec.returned_at),
                "report_due": json::time(zone, rec.report_due),
                "monitoring_until": json::time(zone, rec.monitoring_until),
            }),
        };
        json::print(&v);
        return;
    }
    let t = |k: &str| tr(lang, k).to_string();
    let mut rows: Vec<(String, String)> = vec![
        (t("show.id"), r.id.to_string()),
        (t("show.kind"), t(&format!("request_kind.{}", r.kind()))),
        (t("show.status"), t(&format!("status.{}", r.status))),
    ];
    if let Some(phase) = d.leave_phase {
        rows.push((t("show.phase"), t(&format!("phase.{phase}"))));
    }
    match &r.subject {
        Subject::Leave {
            destination,
            transport,
            urgent,
            ..
        } => {
            rows.push((t("show.person"), who(r)));
            rows.push((t("show.destination"), destination.clone()));
            rows.push((t("show.transport"), transport.clone().unwrap_or_default()));
            rows.push((t("show.urgent"), t(if *urgent { "yes" } else { "no" })));
        }
        Subject::Visitor {
            name,
            resident_id,
            phone,
            ..
        } => {
            rows.push((t("show.visitor"), name.clone()));
            rows.push((t("show.resident_id"), mask_resident_id(resident_id)));
            rows.push((t("show.phone"), mask_phone(phone)));
            rows.push((t("show.host"), target(r)));
        }
    }
    rows.push((t("show.reason"), r.reason.clone()));
    rows.push((t("show.window_from"), local(zone, r.window_from)));
    rows.push((t("show.window_to"), local(zone, r.window_to)));
    rows.push((
        t("show.requested"),
        format!("{}  {}", r.requested_by, local(zone, r.requested_at)),
    ));
    if let (Some(by), Some(at)) = (&r.decided_by, r.decided_at) {
        rows.push((t("show.decided"), format!("{by}  {}", local(zone, at))));
    }
    if let Some(note) = &r.note {
        rows.push((t("show.note"), note.clone()));
    }
    if let Some(rec) = &d.return_record {
        rows.push((t("show.returned_at"), local(zone, rec.returned_at)));
        rows.push((t("show.report_due"), local(zone, rec.report_due)));
        rows.push((
            t("show.monitoring_until"),
            local(zone, rec.monitoring_until),
        ));
    }
    if r.kind() == RequestKind::Visitor {
        let ids: Vec<String> = d.entries.iter().map(|e| e.id.to_string()).collect();
        rows.push((
            t("show.entries"),
            if ids.is_empty() {
                "-".into()
            } else {
                ids.join(", ")
            },
        ));
    }
    let width = rows
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    for (k, v) in rows {
        // Values come from the database: one line each, sanitised.
        let v = sanitize(&v.replace(['\n', '\t'], " "));
        println!("{}  {}", table::fit(&k, width), v);
    }
}

fn print_returns(lang: Lang, zone: Zone, items: &[ReturnItem], format: Format) {
    if format == Format::Json {
        for i in items {
            let (person_id, person_name, destination) = match &i.leave.subject {
                Subject::Leave {
                    person_id,
                    person_name,
                    destination,
                    ..
                } => (
                    person_id.as_str(),
                    person_name.as_str(),
                    destination.as_str(),
                ),
                Subject::Visitor { .. } => ("", "", ""),
            };
            let rec = i.record.as_ref();
            json::print(&json!({
                "approval_id": i.leave.id,
                "person_id": sanitize(person_id),
                "name": sanitize(person_name),
                "destination": sanitize(destination),
                "window_from": json::time(zone, i.leave.window_from),
                "window_to": json::time(zone, i.leave.window_to),
                "phase": i.phase,
                "overdue": i.phase == ReturnPhase::Overdue,
                "return_id": rec.map(|r| r.id),
                "entry_id": rec.map(|r| r.entry_id),
                "returned_at": opt_time(zone, rec.map(|r| r.returned_at)),
                "report_due": opt_time(zone, rec.map(|r| r.report_due)),
                "monitoring_until": opt_time(zone, rec.map(|r| r.monitoring_until)),
            }));
        }
        return;
    }
    let t = |k: &str| tr(lang, k).to_string();
    let headers = [
        "ID".to_string(),
        t("col.phase"),
        t("col.who"),
        t("col.target"),
        t("col.window_from"),
        t("col.window_to"),
        t("col.returned_at"),
        t("col.report_due"),
        t("col.monitoring_until"),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let rec = i.record.as_ref();
            let at = |f: fn(&crate::domain::approval::ReturnRecord) -> DateTime<Utc>| {
                rec.map(|r| local(zone, f(r))).unwrap_or_else(|| "-".into())
            };
            vec![
                i.leave.id.to_string(),
                t(&format!("phase.{}", i.phase)),
                who(&i.leave),
                target(&i.leave),
                local(zone, i.leave.window_from),
                local(zone, i.leave.window_to),
                at(|r| r.returned_at),
                at(|r| r.report_due),
                at(|r| r.monitoring_until),
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    print!("{}", table::render(&headers, &rows));
    if items.is_empty() {
        println!("{}", t("list.empty"));
    }
}
