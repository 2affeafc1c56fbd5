//! `dutydesk roster import|show|gaps`: the duty roster (排班).

use super::{Format, Session, json, table};
use crate::domain::handover::ShiftWindow;
use crate::domain::roster::parse_date;
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::service::Desk;
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Longest span `show` and `gaps` cover, in days.
const MAX_DAYS: u32 = 366;

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Import the roster from CSV (columns date, shift, leader, officers — or 日期, 班次,
    /// 带班领导, 值班员; officers separated by ';'; UTF-8 or GBK). All or nothing: each
    /// shift in the file replaces what the roster held for it.
    Import { file: PathBuf },
    /// Who leads and staffs each shift, day by day.
    Show {
        /// First date (2026-11-29, today, 昨天, -7d); default today.
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        #[arg(long, default_value_t = 7)]
        days: u32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The 7x24 coverage check: shifts from now on without a leader or an officer.
    Gaps {
        #[arg(long, default_value_t = 14)]
        days: u32,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

fn check_days(days: u32) -> DeskResult<()> {
    if days == 0 || days > MAX_DAYS {
        return Err(DeskError::field("field.days", "roster.days_range").arg("max", MAX_DAYS));
    }
    Ok(())
}

pub fn run(session: &Session, cmd: RosterCommand) -> DeskResult<ExitCode> {
    match cmd {
        RosterCommand::Import { file } => {
            let bytes = super::read_file(session.input_file(&file)?, &file)?;
            let mut desk = session.open_desk()?;
            let s = desk.import_roster(&bytes)?;
            println!(
                "{}",
                crate::i18n::trf(
                    session.lang,
                    "roster.imported",
                    &[
                        ("shifts", s.shifts.to_string()),
                        ("replaced", s.replaced.to_string())
                    ]
                )
            );
        }
        RosterCommand::Show { from, days, format } => {
            check_days(days)?;
            let desk = session.open_existing_desk()?;
            let from = match from {
                // Dates as the roster file writes them, or the words (today, 昨天, -7d).
                Some(f) => parse_date(&f)
                    .or_else(|| {
                        crate::domain::time::LocalInput::parse_relative(
                            &f,
                            desk.zone.date_of(desk.clock.now()),
                        )
                        .map(|t| t.start().date())
                    })
                    .ok_or_else(|| DeskError::field("field.from", "roster.date"))?,
                None => desk.zone.date_of(desk.clock.now()),
            };
            let shifts = desk.roster(from, days)?;
            match format {
                Format::Json => {
                    for s in &shifts {
                        let mut v = window_json(&desk, &s.window);
                        v["leader"] = json!(s.duty.leader.as_deref().map(sanitize));
                        v["officers"] = json!(
                            s.duty
                                .officers
                                .iter()
                                .map(|o| sanitize(o))
                                .collect::<Vec<_>>()
                        );
                        super::json::print(&v);
                    }
                }
                Format::Table => {
                    let t = |k: &str| session.tr(k).to_string();
                    let rows: Vec<Vec<String>> = shifts
                        .iter()
                        .map(|s| {
                            let mut row = window_cells(&desk, &s.window);
                            row.push(
                                s.duty
                                    .leader
                                    .as_deref()
                                    .map(|l| who(&desk, l))
                                    .unwrap_or_else(|| "-".into()),
                            );
                            row.push(if s.duty.officers.is_empty() {
                                "-".into()
                            } else {
                                s.duty
                                    .officers
                                    .iter()
                                    .map(|o| who(&desk, o))
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            });
                            row
                        })
                        .collect();
                    print!(
                        "{}",
                        table::render(
                            &[
                                &t("hcol.date"),
                                &t("hcol.shift"),
                                &t("hcol.hours"),
                                &t("hcol.leader"),
                                &t("hcol.officers"),
                            ],
                            &rows
                        )
                    );
                }
            }
        }
        RosterCommand::Gaps { days, format } => {
            check_days(days)?;
            let desk = session.open_existing_desk()?;
            let gaps = desk.roster_gaps(days)?;
            match format {
                Format::Json => {
                    for g in &gaps {
                        let mut v = window_json(&desk, &g.window);
                        let mut missing = Vec::new();
                        if g.no_leader {
                            missing.push("leader");
                        }
                        if g.no_officer {
                            missing.push("officer");
                        }
                        v["missing"] = json!(missing);
                        super::json::print(&v);
                    }
                }
                Format::Table => {
                    let t = |k: &str| session.tr(k).to_string();
                    if gaps.is_empty() {
                        println!(
                            "{}",
                            crate::i18n::trf(
                                session.lang,
                                "roster.no_gaps",
                                &[("days", days.to_string())]
                            )
                        );
                        return Ok(ExitCode::SUCCESS);
                    }
                    let rows: Vec<Vec<String>> = gaps
                        .iter()
                        .map(|g| {
                            let mut row = window_cells(&desk, &g.window);
                            let mut missing = Vec::new();
                            if g.no_leader {
                                missing.push(t("hcol.leader"));
                            }
                            if g.no_officer {
                                missing.push(t("hcol.officers"));
                            }
                            row.push(missing.join(", "));
                            row
                        })
                        .collect();
                    print!(
                        "{}",
                        table::render(
                            &[
                                &t("hcol.date"),
                                &t("hcol.shift"),
                                &t("hcol.hours"),
                                &t("hcol.missing"),
                            ],
                            &rows
                        )
                    );
                    println!(
                        "{}",
                        crate::i18n::trf(
                            session.lang,
                            "roster.gap_count",
                            &[
                                ("count", gaps.len().to_string()),
                                ("days", days.to_string())
                            ]
                        )
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "赵敏(zhao)", or the login when no other name is known.
fn who(desk: &Desk, login: &str) -> String {
    let op = desk.operator(login);
    if op.name == op.login {
        op.login
    } else {
        format!("{}({})", op.name, op.login)
    }
}

fn window_cells(desk: &Desk, w: &ShiftWindow) -> Vec<String> {
    let zone = desk.zone;
    vec![
        w.date.to_string(),
        w.name.clone(),
        format!(
            "{}–{}",
            zone.to_local(w.start).format("%H:%M"),
            zone.to_local(w.end).format("%H:%M")
        ),
    ]
}

fn window_json(desk: &Desk, w: &ShiftWindow) -> serde_json::Value {
    let zone = desk.zone;
    json!({
        "date": w.date.to_string(),
        "shift": sanitize(&w.name),
        "start": json::time(zone, w.start),
        "end": json::time(zone, w.end),
    })
}
