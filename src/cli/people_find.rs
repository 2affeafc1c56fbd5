//! `dutydesk people find TEXT`: the gate's person search on the command line.

use super::{Format, Session, table};
use crate::domain::resident_id::mask_resident_id;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use clap::Args;
use serde_json::json;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct FindArgs {
    /// Student/staff number (any case, full width), resident ID, name, or pinyin
    /// (zhangsan, zs).
    text: String,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(session: &Session, a: FindArgs) -> DeskResult<ExitCode> {
    let desk = session.open_existing_desk()?;
    let found = desk.find_people(&a.text, a.limit)?;
    let t = |k: &str| session.tr(k).to_string();
    match a.format {
        Format::Json => {
            for h in &found.hits {
                let p = &h.person;
                super::json::print(&json!({
                    "id": sanitize(&p.id),
                    "name": sanitize(&p.name),
                    "kind": p.kind,
                    "department": sanitize(&p.department),
                    "class": p.class.as_deref().map(sanitize),
                    "resident_id": p.resident_id.as_deref().map(mask_resident_id),
                    "match": h.matched.as_str(),
                }));
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
                &t("col.match"),
            ]
            .map(|s| s.to_string());
            let rows: Vec<Vec<String>> = found
                .hits
                .iter()
                .map(|h| {
                    let p = &h.person;
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
                        t(&format!("match.{}", h.matched.as_str())),
                    ]
                })
                .collect();
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            print!("{}", table::render(&headers, &rows));
            if found.hits.is_empty() {
                println!("{}", t("list.empty"));
            }
        }
    }
    super::more::report(session.lang, found.hits.len(), found.total);
    Ok(ExitCode::SUCCESS)
}
