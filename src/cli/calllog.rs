//! `dutydesk calllog …`: the duty phone log (值班电话记录).

use super::{Format, Session, json, table};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::{tr, trf};
use crate::store::calllog::CallRow;
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum CalllogCommand {
    /// Write an incoming call or message and what was done.
    Add {
        /// Who called: 县疫情防控指挥部办公室, 家长王某 …
        #[arg(long)]
        from: String,
        /// What it was about and what was done.
        #[arg(long)]
        summary: String,
        /// Whom the desk informed.
        #[arg(long)]
        notified: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The calls of one day (default today), oldest first.
    List {
        /// YYYY-MM-DD
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

fn call_json(zone: crate::clock::Zone, c: &CallRow) -> serde_json::Value {
    json!({
        "id": c.id,
        "at": json::time(zone, c.at),
        "from": sanitize(&c.from),
        "summary": sanitize(&c.summary),
        "notified": c.notified.as_deref().map(sanitize),
        "by": sanitize(&c.by),
    })
}

pub fn run(session: &Session, cmd: CalllogCommand) -> DeskResult<ExitCode> {
    let lang = session.lang;
    match cmd {
        CalllogCommand::Add {
            from,
            summary,
            notified,
            format,
        } => {
            let mut desk = session.open_desk()?;
            let c = desk.calllog_add(&from, &summary, notified.as_deref())?;
            match format {
                Format::Json => println!("{}", call_json(desk.zone, &c)),
                Format::Table => println!(
                    "{}",
                    trf(lang, "calllog.done.add", &[("id", c.id.to_string())])
                ),
            }
        }
        CalllogCommand::List { date, format } => {
            let desk = session.open_existing_desk()?;
            let day = match date {
                None => desk.zone.date_of(desk.clock.now()),
                Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                    .map_err(|_| DeskError::field("field.date", "directive.date_format"))?,
            };
            let (from, until) = desk.zone.day_bounds(day);
            let calls = desk.call_log(from, until)?;
            match format {
                Format::Json => {
                    for c in &calls {
                        println!("{}", call_json(desk.zone, c));
                    }
                }
                Format::Table => {
                    let t = |k: &str| tr(lang, k).to_string();
                    let headers = [
                        "ID".to_string(),
                        t("col.time"),
                        t("calllog.col.from"),
                        t("calllog.col.summary"),
                        t("calllog.col.notified"),
                        t("calllog.col.by"),
                    ];
                    let rows: Vec<Vec<String>> = calls
                        .iter()
                        .map(|c| {
                            vec![
                                c.id.to_string(),
                                desk.zone.to_local(c.at).format("%H:%M").to_string(),
                                c.from.clone(),
                                c.summary.clone(),
                                c.notified.clone().unwrap_or_default(),
                                desk.operator(&c.by).name,
                            ]
                        })
                        .collect();
                    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                    print!("{}", table::render(&headers, &rows));
                    if calls.is_empty() {
                        println!("{}", t("list.empty"));
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
