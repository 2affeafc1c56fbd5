//! `dutydesk directive …`: directives from the command, acknowledged by every leader
//! and officer on the roster.

use super::{Format, Session, json, table};
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::{tr, trf};
use crate::service::Desk;
use crate::service::directives::{Directive, DirectiveInput};
use clap::Subcommand;
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum DirectiveCommand {
    /// Record a directive received from the command or the education bureau.
    Add {
        /// Who issued it: 县疫情防控指挥部, 市教体局 …
        #[arg(long)]
        from: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        text: String,
        /// The day it takes effect (YYYY-MM-DD, default today).
        #[arg(long)]
        effective: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Acknowledge a directive as the operator.
    Ack {
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Directives, newest first; --unacked: those someone still has to acknowledge.
    List {
        #[arg(long)]
        unacked: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

fn directive_json(desk: &Desk, d: &Directive) -> Value {
    let zone = desk.zone;
    let r = &d.row;
    json!({
        "id": r.id,
        "from": sanitize(&r.from),
        "title": sanitize(&r.title),
        "text": sanitize(&r.text),
        "effective": r.effective.to_string(),
        "received_at": json::time(zone, r.received_at),
        "by": sanitize(&r.by),
        "acks": r.acks.iter().map(|(by, at)| json!({ "by": sanitize(by), "at": json::time(zone, *at) })).collect::<Vec<_>>(),
        "required": d.required.iter().map(|s| sanitize(s)).collect::<Vec<_>>(),
        "pending": d.pending.iter().map(|s| sanitize(s)).collect::<Vec<_>>(),
    })
}

pub fn run(session: &Session, cmd: DirectiveCommand) -> DeskResult<ExitCode> {
    let lang = session.lang;
    let print_one = |desk: &Desk, d: &Directive, format: Format, key: &str| match format {
        Format::Json => println!("{}", directive_json(desk, d)),
        Format::Table => {
            println!(
                "{}",
                trf(
                    lang,
                    key,
                    &[
                        ("id", d.row.id.to_string()),
                        ("title", sanitize(&d.row.title))
                    ]
                )
            );
            if !d.pending.is_empty() {
                let names: Vec<String> = d.pending.iter().map(|p| desk.operator(p).name).collect();
                println!(
                    "{}",
                    sanitize(&trf(
                        lang,
                        "directive.pending_line",
                        &[("names", names.join(", "))]
                    ))
                );
            }
        }
    };
    match cmd {
        DirectiveCommand::Add {
            from,
            title,
            text,
            effective,
            format,
        } => {
            let mut desk = session.open_desk()?;
            let d = desk.directive_add(&DirectiveInput {
                from,
                title,
                text,
                effective,
            })?;
            print_one(&desk, &d, format, "directive.done.add");
        }
        DirectiveCommand::Ack { id, format } => {
            let mut desk = session.open_desk()?;
            let d = desk.directive_ack(id)?;
            print_one(&desk, &d, format, "directive.done.ack");
        }
        DirectiveCommand::List { unacked, format } => {
            let desk = session.open_existing_desk()?;
            let list = desk.directives(unacked)?;
            match format {
                Format::Json => {
                    for d in &list {
                        println!("{}", directive_json(&desk, d));
                    }
                }
                Format::Table => {
                    let t = |k: &str| tr(lang, k).to_string();
                    let headers = [
                        "ID".to_string(),
                        t("directive.col.effective"),
                        t("directive.col.from"),
                        t("directive.col.title"),
                        t("directive.col.acked"),
                        t("directive.col.pending"),
                    ];
                    let rows: Vec<Vec<String>> = list
                        .iter()
                        .map(|d| {
                            vec![
                                d.row.id.to_string(),
                                d.row.effective.to_string(),
                                d.row.from.clone(),
                                d.row.title.clone(),
                                // Acknowledged of those required; with no roster, how many did.
                                if d.required.is_empty() {
                                    d.row.acks.len().to_string()
                                } else {
                                    format!(
                                        "{}/{}",
                                        d.required.len() - d.pending.len(),
                                        d.required.len()
                                    )
                                },
                                d.pending
                                    .iter()
                                    .map(|p| desk.operator(p).name)
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ]
                        })
                        .collect();
                    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                    print!("{}", table::render(&headers, &rows));
                    if list.is_empty() {
                        println!("{}", t("list.empty"));
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
