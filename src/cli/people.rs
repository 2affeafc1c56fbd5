//! `dutydesk people import`, `people list` and `people find`.

use super::{Format, Session, table};
use crate::domain::phone::mask_phone;
use crate::domain::resident_id::mask_resident_id;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Import or update people from a CSV file (UTF-8 or GBK; headers in English or Chinese).
    Import { file: PathBuf },
    /// List the roster (resident ID and phone masked).
    List(ListArgs),
    /// Find people by id, resident ID, name or pinyin (best match first).
    Find(super::people_find::FindArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, default_value_t = 10_000)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(session: &Session, cmd: PeopleCommand) -> DeskResult<ExitCode> {
    match cmd {
        PeopleCommand::Import { file } => {
            let source = session.input_file(&file)?;
            let mut desk = session.open_desk()?;
            let s = desk.import_people_from(std::io::BufReader::new(source))?;
            println!(
                "{}",
                crate::i18n::trf(
                    session.lang,
                    "people.imported",
                    &[
                        ("added", s.added.to_string()),
                        ("updated", s.updated.to_string())
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        PeopleCommand::Find(a) => super::people_find::run(session, a),
        PeopleCommand::List(a) => {
            let desk = session.open_existing_desk()?;
            let people = desk.list_people(a.limit, a.offset)?;
            let t = |k: &str| session.tr(k).to_string();
            match a.format {
                Format::Json => {
                    for p in &people {
                        let v = json!({
                            "id": sanitize(&p.id),
                            "name": sanitize(&p.name),
                            "kind": p.kind,
                            "department": sanitize(&p.department),
                            "class": p.class.as_deref().map(sanitize),
                            "resident_id": p.resident_id.as_deref().map(mask_resident_id),
                            "phone": p.phone.as_deref().map(mask_phone),
                        });
                        super::json::print(&v);
                    }
                }
                Format::Table => {
                    let headers = [
                        "ID",
                        &t("col.name"),
                        &t("col.kind"),
                        &t("col.department"),
                        &t("col.class"),
                        &t("col.resident_id"),
                        &t("col.phone"),
                    ]
                    .map(|s| s.to_string());
                    let rows: Vec<Vec<String>> = people
                        .iter()
                        .map(|p| {
                            vec![
                                p.id.clone(),
                                p.name.clone(),
                                t(&format!("kind.{}", p.kind)),
                                p.department.clone(),
                                p.class.clone().unwrap_or_default(),
                                p.resident_id
                                    .as_deref()
                                    .map(mask_resident_id)
                                    .unwrap_or_default(),
                                p.phone.as_deref().map(mask_phone).unwrap_or_default(),
                            ]
                        })
                        .collect();
                    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                    print!("{}", table::render(&headers, &rows));
                    if people.is_empty() {
                        println!("{}", t("list.empty"));
                    }
                }
            }
            if people.len() == a.limit {
                let total = desk.counts()?.people.max(0) as usize;
                let after = total.saturating_sub(a.offset);
                super::more::report(session.lang, people.len(), after);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
