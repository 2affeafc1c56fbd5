//! `dutydesk contact …`: the 24-hour contact list and its test calls.

use super::{Format, Session, json, table};
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::{Lang, tr, trf};
use crate::service::Desk;
use crate::service::contacts::{Contact, ContactInput};
use clap::Subcommand;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact with one or more phones.
    Add {
        #[arg(long)]
        name: String,
        /// Repeat for several numbers: --phone 0834-3212345 --phone 13812345678
        #[arg(long = "phone", required = true)]
        phones: Vec<String>,
        /// Organisation: 县疫情防控指挥部办公室, 县疾控中心 …
        #[arg(long)]
        org: Option<String>,
        /// Position or duty: 值班室, 主任 …
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Every contact, with its last answered test call; stale ones are marked "!".
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import contacts from CSV: 姓名/name, 电话/phones (several separated by ; / 、),
    /// 单位/org, 职务/role, 备注/note.
    Import { file: PathBuf },
    /// Remove a contact from the list (kept in the records).
    Remove { id: i64 },
    /// Record a test call: answered unless --no-answer.
    Verify {
        id: i64,
        /// The call was not answered (recorded, but verifies nothing).
        #[arg(long)]
        no_answer: bool,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(session: &Session, cmd: ContactCommand) -> DeskResult<ExitCode> {
    let lang = session.lang;
    match cmd {
        ContactCommand::Add {
            name,
            phones,
            org,
            role,
            note,
            format,
        } => {
            let mut desk = session.open_desk()?;
            let c = desk.contact_add(&ContactInput {
                name,
                phones,
                org,
                role,
                note,
            })?;
            match format {
                Format::Json => println!("{}", contact_json(&desk, &c)),
                Format::Table => println!(
                    "{}",
                    trf(
                        lang,
                        "contact.done.add",
                        &[
                            ("id", c.row.id.to_string()),
                            ("name", sanitize(&c.row.name))
                        ]
                    )
                ),
            }
        }
        ContactCommand::List { format } => {
            let desk = session.open_existing_desk()?;
            let list = desk.contacts()?;
            match format {
                Format::Json => {
                    for c in &list {
                        println!("{}", contact_json(&desk, c));
                    }
                }
                Format::Table => print!("{}", list_table(&desk, lang, &list)),
            }
        }
        ContactCommand::Import { file } => {
            let bytes = super::read_file(session.input_file(&file)?, &file)?;
            let mut desk = session.open_desk()?;
            let added = desk.contact_import(&bytes)?;
            println!(
                "{}",
                trf(
                    lang,
                    "contact.done.import",
                    &[("count", added.len().to_string())]
                )
            );
        }
        ContactCommand::Remove { id } => {
            let mut desk = session.open_desk()?;
            desk.contact_remove(id)?;
            println!(
                "{}",
                trf(lang, "contact.done.remove", &[("id", id.to_string())])
            );
        }
        ContactCommand::Verify {
            id,
            no_answer,
            note,
            format,
        } => {
            let mut desk = session.open_desk()?;
            let v = desk.contact_verify(id, !no_answer, note.as_deref())?;
            match format {
                Format::Json => {
                    let mut j = contact_json(&desk, &v.contact);
                    j["ticked"] = json!(v.ticked);
                    println!("{j}");
                }
                Format::Table => {
                    let key = if no_answer {
                        "contact.done.no_answer"
                    } else {
                        "contact.done.verify"
                    };
                    println!(
                        "{}",
                        trf(
                            lang,
                            key,
                            &[
                                ("id", id.to_string()),
                                ("name", sanitize(&v.contact.row.name))
                            ]
                        )
                    );
                    if let Some(item) = v.ticked {
                        println!("{}", trf(lang, "contact.done.ticked", &[("item", item)]));
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn contact_json(desk: &Desk, c: &Contact) -> Value {
    let zone = desk.zone;
    let r = &c.row;
    json!({
        "id": r.id,
        "name": sanitize(&r.name),
        "phones": r.phones.iter().map(|p| sanitize(p)).collect::<Vec<_>>(),
        "org": r.org.as_deref().map(sanitize),
        "role": r.role.as_deref().map(sanitize),
        "note": r.note.as_deref().map(sanitize),
        "verified_at": r.verified.as_ref().map(|(_, at)| json::time(zone, *at)),
        "verified_by": r.verified.as_ref().map(|(by, _)| sanitize(by)),
        "last_call": r.last_call.as_ref().map(|(by, at, answered)| json!({
            "by": sanitize(by),
            "at": json::time(zone, *at),
            "answered": answered,
        })),
        "stale": c.stale,
    })
}

fn list_table(desk: &Desk, lang: Lang, list: &[Contact]) -> String {
    let t = |k: &str| tr(lang, k).to_string();
    let headers = [
        String::new(),
        "ID".into(),
        t("contact.col.name"),
        t("contact.col.phones"),
        t("contact.col.org"),
        t("contact.col.role"),
        t("contact.col.verified"),
    ];
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            let r = &c.row;
            vec![
                if c.stale { "!".into() } else { String::new() },
                r.id.to_string(),
                r.name.clone(),
                r.phones.join(" / "),
                r.org.clone().unwrap_or_default(),
                r.role.clone().unwrap_or_default(),
                match &r.verified {
                    Some((by, at)) => format!(
                        "{} {}",
                        desk.zone.to_local(*at).format("%m-%d %H:%M"),
                        desk.operator(by).name
                    ),
                    None => t("contact.never_verified"),
                },
            ]
        })
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut out = table::render(&headers, &rows);
    if list.is_empty() {
        out.push_str(&t("list.empty"));
        out.push('\n');
    }
    let stale = list.iter().filter(|c| c.stale).count();
    if stale > 0 {
        out.push_str(&trf(
            lang,
            "contact.stale_line",
            &[
                ("count", stale.to_string()),
                ("days", desk.config.contacts.verify_every_days.to_string()),
            ],
        ));
        out.push('\n');
    }
    out
}
