//! `dutydesk audit verify`, `audit head` and `audit list`.

use super::{Format, Session, json, table};
use crate::error::{DeskError, DeskResult};
use clap::Subcommand;
use serde_json::json;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and every record it covers, and compare with the
    /// anchors (--head, the latest head in the log file); exit 1 naming each problem.
    Verify {
        /// A chain head kept outside the database, as printed by `audit head` or on
        /// the handover record: ID:HASH.
        #[arg(long = "head", value_name = "ID:HASH")]
        heads: Vec<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The newest audit row: its id, hash and time (write it down, or keep it).
    Head {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
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
        AuditCommand::Verify { heads, format } => {
            let mut anchors = heads
                .iter()
                .map(|h| super::audit_report::parse_head(h))
                .collect::<DeskResult<Vec<_>>>()?;
            let log = crate::logging::log_path();
            if anchors.is_empty()
                && let Some((id, hash)) = log.as_deref().and_then(crate::logging::latest_audit_head)
            {
                anchors.push(crate::store::audit_verify::Anchor {
                    source: "log",
                    id,
                    hash,
                });
            }
            let report = desk.audit_check(&anchors)?;
            super::audit_report::print(session, &report, format, log.as_deref());
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        AuditCommand::Head { format } => {
            let zone = desk.zone;
            let Some(head) = desk.audit_head()? else {
                return Err(DeskError::not_found("audit.no_head"));
            };
            match format {
                Format::Json => println!(
                    "{}",
                    json!({ "id": head.id, "hash": head.hash, "at": json::time(zone, head.at) })
                ),
                Format::Table => println!(
                    "{}",
                    crate::i18n::trf(
                        session.lang,
                        "audit.head",
                        &[
                            ("id", head.id.to_string()),
                            ("hash", head.hash.clone()),
                            (
                                "at",
                                zone.to_local(head.at)
                                    .format("%Y-%m-%d %H:%M:%S")
                                    .to_string()
                            ),
                        ],
                    )
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
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
