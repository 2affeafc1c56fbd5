//! `dutydesk audit verify` and `dutydesk audit list`.

use super::{Format, Session, json, table};
use crate::error::{DeskError, DeskResult};
use crate::store::audit::Verification;
use clap::Subcommand;
use serde_json::json;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain; exit 1 naming the first row that does not match.
    Verify,
    /// The newest audit rows.
    List {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(session: &Session, cmd: AuditCommand) -> DeskResult<ExitCode> {
    let desk = session.open_existing_desk()?;
    match cmd {
        AuditCommand::Verify => match desk.audit_verify()? {
            Verification::Intact { rows } => {
                println!(
                    "{}",
                    crate::i18n::trf(session.lang, "audit.intact", &[("rows", rows.to_string())])
                );
                Ok(ExitCode::SUCCESS)
            }
            Verification::Broken { row, checked } => Err(DeskError::conflict("audit.broken")
                .arg("row", row)
                .arg("checked", checked)),
        },
        AuditCommand::List { limit, format } => {
            let zone = desk.zone;
            let rows = desk.audit_list(limit)?;
            match format {
                Format::Json => {
                    for r in &rows {
                        let details: serde_json::Value =
                            serde_json::from_str(&r.details).unwrap_or(serde_json::Value::Null);
                        json::print(&json!({
                            "id": r.id, "at": json::time(zone, r.at), "operator": r.operator, "action": r.action,
                            "entity": r.entity, "entity_id": r.entity_id, "details": details, "hash": r.hash,
                        }));
                    }
                }
                Format::Table => {
                    let t = |k: &str| session.tr(k).to_string();
                    let headers = [
                        "ID",
                        &t("col.time"),
                        &t("col.operator"),
                        &t("col.action"),
                        &t("col.entity"),
                        &t("col.details"),
                    ]
                    .map(|s| s.to_string());
                    let body: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            vec![
                                r.id.to_string(),
                                zone.to_local(r.at).format("%Y-%m-%d %H:%M:%S").to_string(),
                                r.operator.clone(),
                                r.action.clone(),
                                format!("{} {}", r.entity, r.entity_id.clone().unwrap_or_default()),
                                r.details.clone(),
                            ]
                        })
                        .collect();
                    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                    print!("{}", table::render(&headers, &body));
                }
            }
            if rows.len() == limit {
                let total = desk.counts()?.audit;
                super::more::report(session.lang, rows.len(), total.max(0) as usize);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
