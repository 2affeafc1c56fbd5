//! `dutydesk incident …`: open an incident against its statutory clock, record its
//! reports, tick its plan steps, close it, list, show and export it.

use super::{Session, json, table};
use crate::clock::Zone;
use crate::domain::incident::Incident;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::{Lang, tr, trf};
use crate::service::Desk;
use crate::service::incidents::{IncidentInput, deadline_text, pick, stage_key};
use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    #[default]
    Table,
    Json,
    Md,
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Open an incident: the first-report clock starts at --at (default now) and the
    /// kind's response plan starts.
    Open {
        /// One of [[incidents.kinds]]: suspected_case, fever_cluster, close_contact,
        /// positive_test, gate_conflict, other.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        title: String,
        /// When the desk learned of it: "2026-12-05 07:40", "07:40" (today), RFC 3339.
        #[arg(long)]
        at: Option<String>,
        /// People affected, by roster id: S1001,S1002
        #[arg(long, value_delimiter = ',')]
        people: Vec<String>,
        /// The fever case escalated into this incident.
        #[arg(long)]
        flag: Option<i64>,
        #[arg(long, value_enum, default_value_t)]
        format: super::Format,
    },
    /// Record a report: first (against the statutory clock), progress, or final.
    Report {
        id: i64,
        /// first | progress | final
        #[arg(long)]
        stage: String,
        /// To whom.
        #[arg(long)]
        to: String,
        /// What was reported.
        #[arg(long)]
        text: String,
        #[arg(long, value_enum, default_value_t)]
        format: super::Format,
    },
    /// Tick step N of the incident's response plan.
    Step {
        id: i64,
        n: u32,
        #[arg(long, value_enum, default_value_t)]
        format: super::Format,
    },
    /// Close an incident whose final report is recorded.
    Close {
        id: i64,
        #[arg(long)]
        summary: String,
        #[arg(long, value_enum, default_value_t)]
        format: super::Format,
    },
    /// Incidents with their deadlines: the open ones (--open, oldest first) or the latest.
    List {
        #[arg(long)]
        open: bool,
        #[arg(long, value_enum, default_value_t)]
        format: super::Format,
    },
    /// One incident with its reports and plan.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: ShowFormat,
    },
    /// The first-report form (初次报告表) with progress and final reports, A4 workbook.
    Export {
        id: i64,
        /// The new file (created 0600; a symbolic link there is refused).
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// Replace the file if it already exists.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(session: &Session, cmd: IncidentCommand) -> DeskResult<ExitCode> {
    let lang = session.lang;
    match cmd {
        IncidentCommand::Open {
            kind,
            title,
            at,
            people,
            flag,
            format,
        } => act(session, format, "incident.done.open", |d| {
            d.incident_open(&IncidentInput {
                kind,
                title,
                at,
                people,
                flag,
            })
        }),
        IncidentCommand::Report {
            id,
            stage,
            to,
            text,
            format,
        } => act(session, format, "incident.done.report", |d| {
            d.incident_report(id, &stage, &to, &text)
        }),
        IncidentCommand::Step { id, n, format } => {
            act(session, format, "incident.done.step", |d| {
                d.incident_step(id, n)
            })
        }
        IncidentCommand::Close {
            id,
            summary,
            format,
        } => act(session, format, "incident.done.close", |d| {
            d.incident_close(id, &summary)
        }),
        IncidentCommand::List { open, format } => {
            let desk = session.open_existing_desk()?;
            let list = desk.incidents(open)?;
            let now = desk.clock.now();
            match format {
                super::Format::Json => {
                    for i in &list {
                        println!("{}", incident_json(&desk, now, i));
                    }
                }
                super::Format::Table => print!("{}", list_table(&desk, lang, now, &list)),
            }
            Ok(ExitCode::SUCCESS)
        }
        IncidentCommand::Show { id, format } => {
            let desk = session.open_existing_desk()?;
            let i = desk.incident(id)?;
            let now = desk.clock.now();
            match format {
                ShowFormat::Json => println!("{}", incident_json(&desk, now, &i)),
                ShowFormat::Table => print!("{}", show_text(&desk, lang, now, &i)),
                ShowFormat::Md => print!(
                    "{}",
                    crate::report::incident_text::markdown(&i, &desk.incident_meta(&i, lang))
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        IncidentCommand::Export { id, out, force } => {
            let desk = session.open_existing_desk()?;
            desk.export_incident_xlsx(id, &out, lang, force)?;
            println!(
                "{}",
                trf(
                    lang,
                    "incident.exported",
                    &[("id", id.to_string()), ("path", out.display().to_string())]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs one write and prints the incident as JSON, or what happened and what is due.
fn act(
    session: &Session,
    format: super::Format,
    done_key: &str,
    f: impl FnOnce(&mut Desk) -> DeskResult<Incident>,
) -> DeskResult<ExitCode> {
    let mut desk = session.open_desk()?;
    let i = f(&mut desk)?;
    let now = desk.clock.now();
    match format {
        super::Format::Json => println!("{}", incident_json(&desk, now, &i)),
        super::Format::Table => {
            let lang = session.lang;
            println!(
                "{}",
                trf(
                    lang,
                    done_key,
                    &[
                        ("id", i.id.to_string()),
                        ("title", sanitize(&i.title)),
                        (
                            "kind",
                            sanitize(pick(lang, &i.kind_label, &i.kind_label_en))
                        ),
                    ]
                )
            );
            if let Some(d) = deadline_text(lang, &i, now) {
                println!("{d}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn local(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// The JSON form: the keys the issue names, plus labels, level, people, who opened and
/// closed it. Text from the database is sanitised.
pub fn incident_json(desk: &Desk, now: DateTime<Utc>, i: &Incident) -> Value {
    let zone = desk.zone;
    let t = |x: Option<DateTime<Utc>>| x.map(|x| json::time(zone, x));
    let reports: Vec<Value> = i
        .reports
        .iter()
        .map(|r| {
            json!({
                "stage": r.stage,
                "to": sanitize(&r.to),
                "by": sanitize(&r.by),
                "at": json::time(zone, r.at),
                "text": sanitize(&r.text),
            })
        })
        .collect();
    let plan: Vec<Value> = i
        .steps
        .iter()
        .map(|s| {
            json!({
                "n": s.n,
                "step": sanitize(&s.text),
                "step_en": sanitize(&s.text_en),
                "done_by": s.done.as_ref().map(|d| sanitize(&d.by)),
                "done_at": t(s.done.as_ref().map(|d| d.at)),
            })
        })
        .collect();
    let people: Vec<Value> = i
        .people
        .iter()
        .map(|(id, name)| json!({ "id": sanitize(id), "name": sanitize(name) }))
        .collect();
    json!({
        "id": i.id,
        "kind": sanitize(&i.kind),
        "kind_label": sanitize(&i.kind_label),
        "kind_label_en": sanitize(&i.kind_label_en),
        "level": sanitize(&i.level),
        "title": sanitize(&i.title),
        "status": i.status,
        "opened_at": json::time(zone, i.opened_at),
        "opened_by": sanitize(&i.opened_by),
        "first_report_due": json::time(zone, i.first_report_due),
        "first_reported_at": t(i.first_reported_at()),
        "next_progress_due": t(i.next_progress_due()),
        "overdue": i.overdue(now),
        "report_to": i.report_to.iter().map(|s| sanitize(s)).collect::<Vec<_>>(),
        "flag_id": i.flag_id,
        "people": people,
        "reports": reports,
        "plan_label": sanitize(&i.plan_label),
        "plan": plan,
        "closed_at": t(i.closed.as_ref().map(|c| c.at)),
        "closed_by": i.closed.as_ref().map(|c| sanitize(&c.by)),
        "summary": i.summary.as_deref().map(sanitize),
    })
}

fn list_table(desk: &Desk, lang: Lang, now: DateTime<Utc>, list: &[Incident]) -> String {
    let t = |k: &str| tr(lang, k).to_string();
    let headers = [
        String::new(),
        "ID".into(),
        t("incident.col.opened"),
        t("incident.col.kind"),
        t("incident.col.title"),
        t("incident.col.status"),
        t("incident.col.reports"),
        t("incident.col.plan"),
        t("incident.col.deadline"),
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|i| {
            let done = i.steps.iter().filter(|s| s.done.is_some()).count();
            vec![
                if i.overdue(now) {
                    "!".into()
                } else {
                    String::new()
                },
                i.id.to_string(),
                desk.zone
                    .to_local(i.opened_at)
                    .format("%m-%d %H:%M")
                    .to_string(),
                pick(lang, &i.kind_label, &i.kind_label_en).to_string(),
                i.title.clone(),
                t(&format!("incident.status.{}", i.status)),
                i.reports
                    .iter()
                    .map(|r| t(stage_key(r.stage)))
                    .collect::<Vec<_>>()
                    .join(", "),
                format!("{done}/{}", i.steps.len()),
                deadline_text(lang, i, now).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = table::render(&headers, &rows);
    if list.is_empty() {
        out.push_str(&t("list.empty"));
        out.push('\n');
    }
    out
}

fn show_text(desk: &Desk, lang: Lang, now: DateTime<Utc>, i: &Incident) -> String {
    let t = |k: &str| tr(lang, k).to_string();
    let zone = desk.zone;
    let who = |login: &str| sanitize(&desk.operator(login).name);
    let mut out = String::new();
    let mut line = |label: &str, value: String| {
        out.push_str(&format!("{}: {}\n", t(label), sanitize(&value)));
    };
    let level = match lang {
        Lang::Zh => format!("（{}）", i.level),
        Lang::En => format!(" ({})", i.level_en),
    };
    line(
        "incident.show.incident",
        format!(
            "#{} {}{level} {}",
            i.id,
            pick(lang, &i.kind_label, &i.kind_label_en),
            i.title
        ),
    );
    line(
        "incident.col.status",
        t(&format!("incident.status.{}", i.status)),
    );
    line(
        "incident.show.opened",
        format!("{} {}", local(zone, i.opened_at), who(&i.opened_by)),
    );
    line(
        "incident.show.first_due",
        match i.first_reported_at() {
            Some(at) => format!(
                "{} ({} {})",
                local(zone, i.first_report_due),
                t("incident.show.reported_at"),
                local(zone, at)
            ),
            None => local(zone, i.first_report_due),
        },
    );
    if let Some(d) = deadline_text(lang, i, now) {
        line("incident.show.deadline", d);
    }
    line("incident.show.report_to", i.report_to.join(", "));
    if !i.people.is_empty() {
        line(
            "incident.show.people",
            i.people
                .iter()
                .map(|(id, name)| format!("{name} ({id})"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if let Some(f) = i.flag_id {
        line("incident.show.flag", format!("#{f}"));
    }
    out.push_str(&format!("{}:\n", t("incident.show.reports")));
    if i.reports.is_empty() {
        out.push_str(&format!("  {}\n", t("report.none")));
    }
    for r in &i.reports {
        out.push_str(&sanitize(&format!(
            "  {} {} {} -> {}: {}",
            t(stage_key(r.stage)),
            local(zone, r.at),
            who(&r.by),
            r.to,
            r.text
        )));
        out.push('\n');
    }
    out.push_str(&format!(
        "{}: {}\n",
        t("incident.show.plan"),
        sanitize(pick(lang, &i.plan_label, &i.plan_label_en))
    ));
    for s in &i.steps {
        let done = match &s.done {
            Some(d) => format!(
                "[x] {}. {} ({} {})",
                s.n,
                pick(lang, &s.text, &s.text_en),
                who(&d.by),
                local(zone, d.at)
            ),
            None => format!("[ ] {}. {}", s.n, pick(lang, &s.text, &s.text_en)),
        };
        out.push_str(&format!("  {}\n", sanitize(&done)));
    }
    if let (Some(c), Some(summary)) = (&i.closed, &i.summary) {
        out.push_str(&sanitize(&format!(
            "{}: {} {} {}",
            t("incident.show.closed"),
            local(zone, c.at),
            who(&c.by),
            summary
        )));
        out.push('\n');
    }
    out
}
