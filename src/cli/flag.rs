//! `dutydesk flag …`: the fever follow-up from the command line. Lists show countdowns
//! relative to the desk's clock; every step prints what happened and what comes next.

use super::{Format, Session, json, table};
use crate::clock::Zone;
use crate::domain::flag::{DeadlineKind, FlagCase, FlagStep, TimeLeft};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, tr, trf};
use crate::service::flags::{deadlines_text, done_text, next_text, state_key, step_rows};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum FlagCommand {
    /// Fever cases with countdowns: all active ones (--active, oldest first) or the history.
    List(ListArgs),
    /// One case with its re-checks and what is allowed next.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record a re-check: below the threshold clears the case, at or above confirms it.
    Recheck {
        id: i64,
        /// °C: 37.1, 37.1℃, ３７．１
        #[arg(long, allow_hyphen_values = true)]
        temp: String,
        /// How it was measured: second device, mercury, …
        #[arg(long)]
        method: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Send a confirmed fever to an observation place (default: the first configured).
    Observe {
        id: i64,
        /// One of [flags] observation_places.
        #[arg(long)]
        place: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record where the person went: fever clinic, home, guardian.
    Refer {
        id: i64,
        #[arg(long)]
        to: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record the report to the epidemic-control group (now).
    Report {
        id: i64,
        /// To whom: group or person.
        #[arg(long)]
        to: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Close a referred, reported case with its outcome. No change after that.
    Close {
        id: i64,
        /// The outcome.
        #[arg(long)]
        note: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only open, observing and referred cases (all of them unless --limit).
    #[arg(long)]
    active: bool,
    /// At most this many cases (default: 50 for the history).
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// History lists show this many cases unless told otherwise.
const HISTORY_LIMIT: usize = 50;

pub fn run(session: &Session, cmd: FlagCommand) -> DeskResult<ExitCode> {
    match cmd {
        FlagCommand::List(a) => list(session, a),
        FlagCommand::Show { id, format } => {
            let desk = session.open_existing_desk()?;
            let mut case = desk.flag(id)?;
            name_origin(&desk, session.lang, &mut case);
            let (zone, now) = (desk.zone, desk.clock.now());
            match format {
                Format::Json => json::print(&case_json(zone, now, &case)),
                Format::Table => print!("{}", show_text(session.lang, zone, now, &case)),
            }
            Ok(ExitCode::SUCCESS)
        }
        FlagCommand::Recheck {
            id,
            temp,
            method,
            format,
        } => step(session, format, FlagStep::Recheck, |d| {
            d.flag_recheck(id, &temp, method.as_deref())
        }),
        FlagCommand::Observe { id, place, format } => {
            step(session, format, FlagStep::Observe, |d| {
                d.flag_observe(id, place.as_deref())
            })
        }
        FlagCommand::Refer {
            id,
            to,
            note,
            format,
        } => step(session, format, FlagStep::Refer, |d| {
            d.flag_refer(id, &to, note.as_deref())
        }),
        FlagCommand::Report { id, to, format } => step(session, format, FlagStep::Report, |d| {
            d.flag_report(id, &to)
        }),
        FlagCommand::Close { id, note, format } => step(session, format, FlagStep::Close, |d| {
            d.flag_close(id, &note)
        }),
    }
}

/// Runs one step and prints the result: the case as JSON, or what happened and what
/// is allowed next.
fn step(
    session: &Session,
    format: Format,
    which: FlagStep,
    f: impl FnOnce(&mut crate::service::Desk) -> DeskResult<FlagCase>,
) -> DeskResult<ExitCode> {
    let mut desk = session.open_desk()?;
    let case = f(&mut desk)?;
    let (zone, now) = (desk.zone, desk.clock.now());
    match format {
        Format::Json => json::print(&case_json(zone, now, &case)),
        Format::Table => {
            let lang = session.lang;
            println!("{}", done_text(lang, zone, which, &case));
            println!(
                "{}",
                trf(
                    lang,
                    "flag.next_line",
                    &[("allowed", next_text(lang, &case.state().allowed()))]
                )
            );
            for d in deadlines_text(lang, &case, now) {
                println!("{d}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn local(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

fn local_time(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%H:%M:%S").to_string()
}

/// The JSON form: the keys the issue names plus deadlines, overdue flags, who did each
/// step and what is allowed next.
pub fn case_json(zone: Zone, now: DateTime<Utc>, c: &FlagCase) -> Value {
    let t = |x: Option<DateTime<Utc>>| x.map(|x| json::time(zone, x));
    let s = |x: &Option<String>| x.as_deref().map(sanitize);
    let rechecks: Vec<Value> = c
        .rechecks
        .iter()
        .map(|r| {
            json!({
                "at": json::time(zone, r.at),
                "temp": r.temp.as_celsius(),
                "method": s(&r.method),
                "by": sanitize(&r.by),
            })
        })
        .collect();
    json!({
        "id": c.id,
        "entry_id": c.entry_id,
        "reading_id": c.reading_id,
        "check": c.reading_check.as_deref().map(sanitize),
        "person_id": s(&c.person_id),
        "visitor_id": c.visitor_id,
        "name": sanitize(&c.name),
        "kind": c.kind,
        "gate": sanitize(&c.gate),
        "first_at": json::time(zone, c.first_at),
        "first_temp": c.first_temp.as_celsius(),
        "threshold": c.threshold.as_celsius(),
        "status": c.status,
        "confirmed": c.confirmed,
        "active": c.is_active(),
        "recheck_due": json::time(zone, c.recheck_due),
        "recheck_overdue": c.recheck_overdue(now),
        "report_due": json::time(zone, c.report_due),
        "overdue": c.overdue(now),
        "rechecks": rechecks,
        "place": s(&c.place),
        "arrived_at": t(c.arrived_at),
        "referred_to": s(&c.referred_to),
        "referred_at": t(c.referred_at),
        "note": s(&c.note),
        "reported_to": s(&c.reported_to),
        "reported_at": t(c.reported_at),
        "closed_at": t(c.closed_at),
        "outcome": s(&c.outcome),
        "opened_by": sanitize(&c.opened_by),
        "observed_by": s(&c.observed_by),
        "referred_by": s(&c.referred_by),
        "reported_by": s(&c.reported_by),
        "closed_by": s(&c.closed_by),
        "next": c.state().allowed(),
        "version": c.version,
    })
}

fn list(session: &Session, a: ListArgs) -> DeskResult<ExitCode> {
    if a.limit == Some(0) {
        return Err(DeskError::field("field.limit", "limit.zero"));
    }
    let desk = session.open_existing_desk()?;
    let limit = if a.active {
        a.limit
    } else {
        Some(a.limit.unwrap_or(HISTORY_LIMIT))
    };
    let mut cases = desk.flags(a.active, limit)?;
    for c in &mut cases {
        name_origin(&desk, session.lang, c);
    }
    let (zone, now) = (desk.zone, desk.clock.now());
    match a.format {
        Format::Json => {
            for c in &cases {
                json::print(&case_json(zone, now, c));
            }
        }
        Format::Table => print!("{}", list_table(session.lang, zone, now, &cases)),
    }
    Ok(ExitCode::SUCCESS)
}

/// A case from a daily health check has no gate: where the gate is shown, show the
/// check's label instead (晨检), in the reader's language.
fn name_origin(desk: &crate::service::Desk, lang: Lang, c: &mut FlagCase) {
    if let Some(check) = &c.reading_check {
        c.gate = desk.check_label(lang, check);
    }
}

/// Where the person is or went: the referral once made, else the observation place.
fn whereabouts(c: &FlagCase) -> String {
    c.referred_to
        .clone()
        .or_else(|| c.place.clone())
        .unwrap_or_default()
}

fn list_table(lang: Lang, zone: Zone, now: DateTime<Utc>, cases: &[FlagCase]) -> String {
    let t = |k: &str| tr(lang, k).to_string();
    let headers = [
        "".to_string(),
        "ID".to_string(),
        t("col.time"),
        t("col.name"),
        t("col.gate"),
        t("col.temp"),
        t("flag.col.state"),
        t("flag.col.recheck"),
        t("flag.col.where"),
        t("flag.col.reported"),
        t("flag.col.deadlines"),
    ];
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            let late = c.overdue(now) || c.recheck_overdue(now);
            let deadlines = deadlines_text(lang, c, now);
            vec![
                if late { "!".into() } else { String::new() },
                c.id.to_string(),
                zone.to_local(c.first_at).format("%m-%d %H:%M").to_string(),
                c.name.clone(),
                c.gate.clone(),
                c.first_temp.to_string(),
                t(state_key(c.state())),
                c.last_recheck()
                    .map(|r| r.temp.to_string())
                    .unwrap_or_else(|| "-".into()),
                whereabouts(c),
                match (&c.reported_to, c.reported_at) {
                    (Some(to), Some(at)) => format!("{to} {}", local_time(zone, at)),
                    _ => "-".into(),
                },
                if deadlines.is_empty() {
                    "-".into()
                } else {
                    deadlines.join("; ")
                },
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = table::render(&headers, &rows);
    if cases.is_empty() {
        out.push_str(&t("list.empty"));
        out.push('\n');
    }
    out
}

fn show_text(lang: Lang, zone: Zone, now: DateTime<Utc>, c: &FlagCase) -> String {
    let t = |k: &str| tr(lang, k).to_string();
    let by = |who: &Option<String>| match who {
        Some(w) => trf(lang, "flag.show.by", &[("who", w.clone())]),
        None => String::new(),
    };
    let due = |at: DateTime<Utc>, pending: bool, kind| {
        let mut s = local(zone, at);
        if pending {
            let left = crate::service::flags::deadline_text(lang, kind, TimeLeft::until(at, now));
            s.push_str(&format!("  {left}"));
        }
        s
    };
    let who = match (&c.person_id, c.visitor_id) {
        (Some(p), _) => format!("{} ({p}, {})", c.name, t(&format!("kind.{}", c.kind))),
        _ => format!("{} ({})", c.name, t("kind.visitor")),
    };
    let mut rows: Vec<(String, String)> = vec![
        (t("flag.show.case"), c.id.to_string()),
        (t("flag.show.person"), who),
        match (c.entry_id, c.reading_id) {
            (Some(entry), _) => (t("flag.show.entry"), format!("{entry} {}", c.gate)),
            (None, reading) => (
                t("flag.show.from_check"),
                format!("{} #{}", c.gate, reading.unwrap_or_default()),
            ),
        },
        (
            t("flag.show.first"),
            format!(
                "{}  {}{}",
                c.first_temp,
                local(zone, c.first_at),
                by(&Some(c.opened_by.clone()))
            ),
        ),
        (t("flag.show.threshold"), c.threshold.to_string()),
        (t("flag.show.state"), t(state_key(c.state()))),
        (
            t("flag.show.recheck_due"),
            due(c.recheck_due, c.recheck_pending(), DeadlineKind::Recheck),
        ),
        (
            t("flag.show.report_due"),
            due(c.report_due, c.report_pending(), DeadlineKind::Report),
        ),
    ];
    rows.extend(
        step_rows(lang, c, |a| local(zone, a))
            .into_iter()
            .map(|(k, v)| (t(k), v)),
    );
    rows.push((t("flag.show.next"), next_text(lang, &c.state().allowed())));
    let width = rows
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        // Notes may hold newlines: indent continuation lines under the value.
        let indent = format!("\n{}  ", " ".repeat(width));
        let v: Vec<String> = v.split('\n').map(sanitize).collect();
        let v = v.join(&indent);
        out.push_str(&format!("{}  {}\n", table::fit(&k, width), v));
    }
    if !c.rechecks.is_empty() {
        out.push('\n');
        out.push_str(&t("flag.show.rechecks"));
        out.push('\n');
        let headers = [
            t("col.time"),
            t("col.temp"),
            t("flag.col.method"),
            t("col.operator"),
        ];
        let body: Vec<Vec<String>> = c
            .rechecks
            .iter()
            .map(|r| {
                vec![
                    local(zone, r.at),
                    r.temp.to_string(),
                    r.method.clone().unwrap_or_else(|| "-".into()),
                    r.by.clone(),
                ]
            })
            .collect();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        out.push_str(&table::render(&headers, &body));
    }
    out
}
