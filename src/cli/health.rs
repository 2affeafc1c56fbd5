//! `dutydesk health …`: daily health monitoring (晨午晚检) — record, import, list,
//! missing, summary, and the paper sheet.

use super::{Format, Session, json, table};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, trf};
use crate::service::Desk;
use crate::service::health::{CheckCounts, HealthSummary, ImportOptions, RecordInput};
use crate::store::health::{MissingRow, ReadingRow};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum HealthCommand {
    /// Record (or replace) one person's reading for a check.
    Record(RecordArgs),
    /// Import a health-form export (CSV in UTF-8 or GBK, or XLSX); all or nothing.
    Import(ImportArgs),
    /// One day's readings.
    List(ListArgs),
    /// Who has no reading: for one check, or every check due so far that day.
    Missing(MissingArgs),
    /// Expected, reported, missing and abnormal per department and check.
    Summary(SummaryArgs),
    /// The paper archive: an A4 XLSX sheet per class for one day.
    Sheet(SheetArgs),
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// 学号 / 工号.
    #[arg(long)]
    person: String,
    /// The check: its key (morning, noon, evening) or label (晨检 …).
    #[arg(long)]
    check: String,
    /// Temperature in °C (36.5, 36.5℃).
    #[arg(long, allow_hyphen_values = true)]
    temp: String,
    /// Symptoms, comma-separated keys or labels (cough,fatigue / 咳嗽、乏力).
    #[arg(long, default_value = "")]
    symptoms: String,
    /// Where the person is (free text: 市内 / 外地：成都).
    #[arg(long, default_value = "")]
    location: String,
    /// The day (YYYY-MM-DD); default today.
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// The check of rows that name none (no 检次 column).
    #[arg(long)]
    check: Option<String>,
    /// The day of rows whose time gives none (YYYY-MM-DD); default today.
    #[arg(long)]
    date: Option<String>,
    /// Check the file and say what would change, writing nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    date: Option<String>,
    #[arg(long)]
    check: Option<String>,
    #[arg(long)]
    department: Option<String>,
    /// Only abnormal readings (fever or any symptom).
    #[arg(long)]
    abnormal: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct MissingArgs {
    #[arg(long)]
    date: Option<String>,
    #[arg(long)]
    check: Option<String>,
    #[arg(long)]
    department: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[arg(long)]
    date: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct SheetArgs {
    #[arg(long)]
    date: String,
    #[arg(long)]
    department: Option<String>,
    /// The XLSX file to write.
    #[arg(long)]
    out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

/// `--date D`: a local date.
fn parse_day(s: &str) -> DeskResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| DeskError::field("field.date", "health.date_format"))
}

fn day_or_today(desk: &Desk, s: &Option<String>) -> DeskResult<NaiveDate> {
    match s {
        Some(s) => parse_day(s),
        None => Ok(desk.health_today()),
    }
}

pub fn run(session: &Session, cmd: HealthCommand) -> DeskResult<ExitCode> {
    let lang = session.lang;
    match cmd {
        HealthCommand::Record(a) => {
            let date = a.date.as_deref().map(parse_day).transpose()?;
            let mut desk = session.open_desk()?;
            let out = desk.record_health(&RecordInput {
                person_id: a.person.clone(),
                check: a.check,
                temp: a.temp,
                symptoms: a.symptoms,
                location: a.location,
                date,
            })?;
            let reading = desk
                .health_list(
                    date.unwrap_or_else(|| desk.health_today()),
                    None,
                    None,
                    false,
                )?
                .into_iter()
                .find(|r| r.id == out.reading_id);
            match (a.format, reading) {
                (Format::Json, Some(r)) => {
                    let mut v = reading_json(&desk, &r);
                    v["replaced"] = json!(out.replaced);
                    v["flag_id"] = json!(out.flag_id);
                    json::print(&v);
                }
                (_, r) => {
                    if let Some(r) = r {
                        let key = if out.replaced {
                            "health.replaced"
                        } else {
                            "health.recorded"
                        };
                        println!(
                            "{}",
                            trf(
                                lang,
                                key,
                                &[
                                    ("name", sanitize(&r.name)),
                                    ("id", sanitize(&r.person_id)),
                                    ("check", desk.check_label(lang, &r.check)),
                                    ("temp", r.temp.to_string()),
                                ]
                            )
                        );
                    }
                    if out.abnormal {
                        println!("{}", session.tr("health.abnormal_note"));
                    }
                    if let Some(id) = out.flag_id {
                        println!(
                            "{}",
                            trf(lang, "health.flag_opened", &[("id", id.to_string())])
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        HealthCommand::Import(a) => {
            let date = a.date.as_deref().map(parse_day).transpose()?;
            let bytes = super::read_file(session.input_file(&a.file)?, &a.file)?;
            let mut desk = session.open_desk()?;
            let s = desk.import_health(
                &bytes,
                &ImportOptions {
                    check: a.check,
                    date,
                    dry_run: a.dry_run,
                },
            )?;
            let key = if s.dry_run {
                "health.import_dry"
            } else {
                "health.imported"
            };
            println!(
                "{}",
                trf(
                    lang,
                    key,
                    &[
                        ("added", s.added.to_string()),
                        ("replaced", s.replaced.to_string()),
                        ("unchanged", s.unchanged.to_string()),
                        ("abnormal", s.abnormal.to_string()),
                        ("flags", s.flags_opened.to_string()),
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        HealthCommand::List(a) => {
            let desk = session.open_existing_desk()?;
            let day = day_or_today(&desk, &a.date)?;
            let rows =
                desk.health_list(day, a.check.as_deref(), a.department.as_deref(), a.abnormal)?;
            match a.format {
                Format::Json => rows
                    .iter()
                    .for_each(|r| json::print(&reading_json(&desk, r))),
                Format::Table => print!("{}", list_table(&desk, lang, &rows)),
            }
            Ok(ExitCode::SUCCESS)
        }
        HealthCommand::Missing(a) => {
            let desk = session.open_existing_desk()?;
            let day = day_or_today(&desk, &a.date)?;
            let rows = desk.health_missing(day, a.check.as_deref(), a.department.as_deref())?;
            match a.format {
                Format::Json => {
                    for (check, m) in &rows {
                        json::print(&json!({
                            "person_id": sanitize(&m.person_id),
                            "name": sanitize(&m.name),
                            "department": sanitize(&m.department),
                            "class": m.class.as_deref().map(sanitize),
                            "check": check,
                        }));
                    }
                }
                Format::Table => print!("{}", missing_table(&desk, lang, &rows)),
            }
            Ok(ExitCode::SUCCESS)
        }
        HealthCommand::Summary(a) => {
            let desk = session.open_existing_desk()?;
            let day = day_or_today(&desk, &a.date)?;
            let s = desk.health_summary(day)?;
            match a.format {
                Format::Json => json::print(&summary_json(&s)),
                Format::Table => print!("{}", summary_table(&desk, lang, &s)),
            }
            Ok(ExitCode::SUCCESS)
        }
        HealthCommand::Sheet(a) => {
            let day = parse_day(&a.date)?;
            let desk = session.open_existing_desk()?;
            let n =
                desk.export_health_sheet(day, a.department.as_deref(), &a.out, lang, a.force)?;
            println!(
                "{}",
                trf(
                    lang,
                    "health.sheet_written",
                    &[
                        ("path", a.out.display().to_string()),
                        ("classes", n.to_string())
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn reading_json(desk: &Desk, r: &ReadingRow) -> serde_json::Value {
    json!({
        "person_id": sanitize(&r.person_id),
        "name": sanitize(&r.name),
        "department": sanitize(&r.department),
        "class": r.class.as_deref().map(sanitize),
        "date": r.day,
        "check": sanitize(&r.check),
        "temp": r.temp.as_celsius(),
        "symptoms": r.symptoms.iter().map(|s| sanitize(s)).collect::<Vec<_>>(),
        "location": r.location.as_deref().map(sanitize),
        "abnormal": r.abnormal,
        "source": sanitize(&r.source),
        "recorded_by": sanitize(&r.recorded_by),
        "at": json::time(desk.zone, r.at),
    })
}

/// The operator's name from `[users]` where a person reads (the login when unlisted).
fn operator_name(desk: &Desk, login: &str) -> String {
    sanitize(
        desk.config
            .users
            .as_ref()
            .and_then(|u| u.get(login))
            .map(|u| u.name.as_str())
            .unwrap_or(login),
    )
}

fn symptoms_text(desk: &Desk, lang: Lang, keys: &[String]) -> String {
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    keys.iter()
        .map(|k| desk.symptom_label(lang, k))
        .collect::<Vec<_>>()
        .join(sep)
}

fn list_table(desk: &Desk, lang: Lang, rows: &[ReadingRow]) -> String {
    let t = |k: &str| crate::i18n::tr(lang, k).to_string();
    let headers = [
        t("col.person_id"),
        t("col.name"),
        t("col.department"),
        t("col.class"),
        t("col.check"),
        t("col.temp"),
        t("col.symptoms"),
        t("col.location"),
        t("col.abnormal"),
        t("col.source"),
        t("col.recorded_by"),
        t("col.time"),
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                sanitize(&r.person_id),
                sanitize(&r.name),
                sanitize(&r.department),
                sanitize(r.class.as_deref().unwrap_or("")),
                desk.check_label(lang, &r.check),
                r.temp.to_string(),
                symptoms_text(desk, lang, &r.symptoms),
                sanitize(r.location.as_deref().unwrap_or("")),
                if r.abnormal {
                    t("health.yes")
                } else {
                    String::new()
                },
                t(&format!("health.source.{}", r.source)),
                operator_name(desk, &r.recorded_by),
                desk.zone.to_local(r.at).format("%H:%M").to_string(),
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = table::render(&headers, &body);
    if rows.is_empty() {
        out.push_str(&t("list.empty"));
        out.push('\n');
    }
    out
}

fn missing_table(desk: &Desk, lang: Lang, rows: &[(String, MissingRow)]) -> String {
    let t = |k: &str| crate::i18n::tr(lang, k).to_string();
    let headers = [
        t("col.person_id"),
        t("col.name"),
        t("col.department"),
        t("col.class"),
        t("col.check"),
    ];
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|(check, m)| {
            vec![
                sanitize(&m.person_id),
                sanitize(&m.name),
                sanitize(&m.department),
                sanitize(m.class.as_deref().unwrap_or("")),
                desk.check_label(lang, check),
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = table::render(&headers, &body);
    out.push_str(&trf(
        lang,
        "health.missing_count",
        &[("count", rows.len().to_string())],
    ));
    out.push('\n');
    out
}

fn counts_json(c: &CheckCounts) -> serde_json::Value {
    let checks: serde_json::Map<String, serde_json::Value> = c
        .checks
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    json!({ "checks": checks, "day": c.day.to_json() })
}

fn summary_json(s: &HealthSummary) -> serde_json::Value {
    let departments: Vec<serde_json::Value> = s
        .departments
        .iter()
        .map(|(d, c)| {
            let mut v = counts_json(c);
            v["department"] = json!(sanitize(d));
            v
        })
        .collect();
    json!({
        "date": s.date.format("%Y-%m-%d").to_string(),
        "departments": departments,
        "total": counts_json(&s.total),
    })
}

fn summary_table(desk: &Desk, lang: Lang, s: &HealthSummary) -> String {
    let t = |k: &str| crate::i18n::tr(lang, k).to_string();
    let headers = [
        t("col.department"),
        t("col.check"),
        t("col.expected"),
        t("col.reported"),
        t("col.missing"),
        t("col.abnormal"),
    ];
    let mut body = Vec::new();
    let total = t("health.total");
    let day = t("health.whole_day");
    for (dept, c) in s
        .departments
        .iter()
        .map(|(d, c)| (sanitize(d), c))
        .chain(std::iter::once((total, &s.total)))
    {
        for (check, n) in c
            .checks
            .iter()
            .map(|(k, n)| (desk.check_label(lang, k), n))
            .chain(std::iter::once((day.clone(), &c.day)))
        {
            body.push(vec![
                dept.clone(),
                check,
                n.expected.to_string(),
                n.reported.to_string(),
                n.missing.to_string(),
                n.abnormal.to_string(),
            ]);
        }
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = trf(
        lang,
        "health.summary_title",
        &[("date", s.date.format("%Y-%m-%d").to_string())],
    );
    out.push('\n');
    out.push_str(&table::render(&headers, &body));
    out
}
