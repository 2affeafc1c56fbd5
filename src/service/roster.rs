//! Shifts in the site's time zone, and the duty roster (排班): import from CSV (UTF-8
//! or GBK, all or nothing), the days ahead, and the coverage check.
//!
//! Names in the roster are operators. When `[users]` exists each name must be one of
//! them — written as the login (`li`) or as the display name (`李玉德`, when exactly one
//! user has it) — and stored as the login; a leader must have the leader or admin role,
//! an officer a role that may sign the handover. In single-operator mode (no `[users]`)
//! names are taken as written.

use super::Desk;
use super::people::{decode_text, read_csv};
use crate::config::Config;
use crate::domain::handover::{Duty, ShiftWindow};
use crate::domain::roster::{DutyColumn, DutyRole, duty_from_row};
use crate::domain::shift::{ShiftPlan, ShiftSlot};
use crate::domain::text::{clean_label, sanitize};
use crate::domain::{Permission, Role};
use crate::error::{DeskError, DeskResult};
use crate::store::audit::Chain;
use crate::store::audit_rows::Covered;
use crate::store::roster;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What a roster import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterImportSummary {
    /// Shifts in the file.
    pub shifts: usize,
    /// Of those, shifts that were rostered before and are now replaced.
    pub replaced: usize,
}

/// One shift of the roster view: when it runs and who is on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterShift {
    pub window: ShiftWindow,
    pub duty: Duty,
}

/// A shift the roster leaves without a leader or without an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterGap {
    pub window: ShiftWindow,
    pub no_leader: bool,
    pub no_officer: bool,
}

/// An operator as shown: login and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub login: String,
    pub name: String,
}

type RowError = (&'static str, Vec<(&'static str, String)>);

/// Resolves a roster name to an operator login, checking the role fits the duty.
fn roster_operator(config: &Config, name: &str, role: DutyRole) -> Result<String, RowError> {
    let name = clean_label(name, 64).map_err(|e| (e.key(), Vec::new()))?;
    let Some(users) = &config.users else {
        return Ok(name);
    };
    let (login, user) = match users.get_key_value(&name) {
        Some(found) => found,
        None => {
            let mut by_name = users.iter().filter(|(_, u)| u.name == name);
            match (by_name.next(), by_name.next()) {
                (Some(found), None) => found,
                (Some(_), Some(_)) => {
                    return Err(("roster.ambiguous_operator", vec![("name", sanitize(&name))]));
                }
                _ => return Err(("roster.unknown_operator", vec![("name", sanitize(&name))])),
            }
        }
    };
    let fits = match role {
        DutyRole::Leader => matches!(user.role, Role::Leader | Role::Admin),
        DutyRole::Officer => user.role.allows(Permission::SignHandover),
    };
    if !fits {
        let key = match role {
            DutyRole::Leader => "roster.not_leader",
            DutyRole::Officer => "roster.cannot_sign",
        };
        return Err((
            key,
            vec![
                ("name", sanitize(&name)),
                ("role", format!("role.{}", user.role)),
            ],
        ));
    }
    Ok(login.clone())
}

impl Desk {
    /// The configured shifts.
    pub fn shift_plan(&self) -> ShiftPlan {
        self.config.shift_plan()
    }

    /// A shift with its UTC bounds in the site's zone.
    pub fn shift_window(&self, plan: &ShiftPlan, slot: ShiftSlot) -> ShiftWindow {
        let zone = self.zone;
        ShiftWindow {
            name: plan.name(slot).to_string(),
            date: slot.date,
            start: zone.from_local(plan.start_local(slot)),
            end: zone.from_local(plan.end_local(slot)),
        }
    }

    /// The shift an instant falls in.
    pub fn shift_slot_at(&self, plan: &ShiftPlan, t: DateTime<Utc>) -> ShiftSlot {
        plan.slot_at(self.zone.to_local(t).naive_local())
    }

    /// The shift on duty now.
    pub fn current_shift(&self) -> ShiftWindow {
        let plan = self.shift_plan();
        let slot = self.shift_slot_at(&plan, self.clock.now());
        self.shift_window(&plan, slot)
    }

    /// Who the roster puts on one shift (empty when not rostered).
    pub fn duty_of(&self, date: NaiveDate, shift: &str) -> DeskResult<Duty> {
        Ok(roster::duty(self.store.conn(), date, shift)?)
    }

    /// An operator's display name from `[users]` (the login itself when not listed).
    pub fn operator(&self, login: &str) -> Operator {
        let name = self
            .config
            .users
            .as_ref()
            .and_then(|u| u.get(login))
            .map(|u| u.name.clone())
            .unwrap_or_else(|| login.to_string());
        Operator {
            login: login.to_string(),
            name,
        }
    }

    /// Imports a roster file. Every bad row is reported with its line and reason and
    /// then nothing is imported; otherwise each shift in the file replaces what the
    /// roster held for it, in one transaction. Shifts not in the file stay as they were.
    pub fn import_roster(&mut self, bytes: &[u8]) -> DeskResult<RosterImportSummary> {
        self.require(Permission::ImportRoster)?;
        let text = decode_text(bytes)?;
        let (present, rows, mut problems) = read_csv(&text, DutyColumn::from_header)?;
        for c in DutyColumn::ALL {
            if !present.contains(&c) {
                return Err(DeskError::invalid("import.missing_column")
                    .arg("column", c.headers().join(" / ")));
            }
        }
        let plan = self.shift_plan();
        let names = plan.names();
        let mut valid = Vec::new();
        let mut first_line: HashMap<(NaiveDate, String), u64> = HashMap::new();
        for (line, map) in rows {
            let row = duty_from_row(
                |c| map.get(&c).cloned(),
                &names,
                |name, role| roster_operator(&self.config, name, role),
            );
            match row {
                Ok(r) => {
                    let key = (r.date, r.shift.clone());
                    if let Some(first) = first_line.get(&key) {
                        problems.push(
                            DeskError::invalid("roster.duplicate_shift")
                                .arg("line", line)
                                .arg("date", r.date)
                                .arg("shift", sanitize(&r.shift))
                                .arg("first", first),
                        );
                    } else {
                        first_line.insert(key, line);
                        valid.push(r);
                    }
                }
                Err(list) => {
                    for p in list {
                        let mut e = DeskError::invalid("import.row_problem")
                            .arg("line", line)
                            .arg("column", p.column.name())
                            .arg("problem", p.key);
                        e.args.extend(p.args);
                        problems.push(e);
                    }
                }
            }
        }
        super::people::reject_if_any(problems)?;
        if valid.is_empty() {
            return Err(DeskError::invalid("import.empty"));
        }
        let from = valid.iter().map(|r| r.date).min();
        let until = valid.iter().map(|r| r.date).max();
        let record = self.audit_record(
            "roster.import",
            "roster",
            None,
            json!({
                "shifts": valid.len(),
                "from": from.map(|d| d.to_string()),
                "to": until.map(|d| d.to_string()),
                "sha256": hex::encode(Sha256::digest(bytes)),
            }),
        );
        self.store.write(|tx| {
            let mut replaced = 0;
            let mut chain = Chain::load(tx)?;
            for r in &valid {
                let shift = Covered::filter(
                    "roster",
                    "date = ?2 AND shift = ?3",
                    vec![r.date.to_string().into(), r.shift.clone().into()],
                );
                // The rows replaced leave the chain's account; the new ones enter it.
                chain.release(tx, &shift)?;
                if roster::replace_shift(tx, r.date, &r.shift, &r.duty)? {
                    replaced += 1;
                }
                chain.cover(tx, &[shift])?;
            }
            let mut record = record;
            record.details["replaced"] = json!(replaced);
            chain.append(tx, &record)?;
            Ok(RosterImportSummary {
                shifts: valid.len(),
                replaced,
            })
        })
    }

    /// Every shift starting on `days` dates from `from`, in order, with its duty.
    pub fn roster(&self, from: NaiveDate, days: u32) -> DeskResult<Vec<RosterShift>> {
        let plan = self.shift_plan();
        let until = from + Duration::days(i64::from(days));
        let map = roster::range(self.store.conn(), from, until)?;
        let mut out = Vec::new();
        let mut date = from;
        while date < until {
            for slot in plan.slots_on(date) {
                let duty = map
                    .get(&(date, plan.name(slot).to_string()))
                    .cloned()
                    .unwrap_or_default();
                out.push(RosterShift {
                    window: self.shift_window(&plan, slot),
                    duty,
                });
            }
            date = date.succ_opt().unwrap_or(until);
        }
        Ok(out)
    }

    /// The 7x24 coverage check: the shift on duty now and every shift that starts
    /// within the next `days` × 24 hours, when it has no leader or no officer.
    ///
    /// The window is measured in hours from now, not in calendar dates: asked at
    /// 19:30 for two days, the day shift starting at 08:00 the day after tomorrow
    /// is 36 hours away and must be reported.
    pub fn roster_gaps(&self, days: u32) -> DeskResult<Vec<RosterGap>> {
        let plan = self.shift_plan();
        let now = self.clock.now();
        let window_end = now + Duration::hours(24 * i64::from(days));
        let mut slot = self.shift_slot_at(&plan, now);
        // Slots are dated by the local day they start on, so no slot in the
        // window carries a date after the window end's.
        let last_date = self.zone.date_of(window_end);
        let until = last_date + Duration::days(1);
        let map = roster::range(self.store.conn(), slot.date, until)?;
        let mut out = Vec::new();
        while self.zone.from_local(plan.start_local(slot)) < window_end {
            let duty = map
                .get(&(slot.date, plan.name(slot).to_string()))
                .cloned()
                .unwrap_or_default();
            if duty.leader.is_none() || duty.officers.is_empty() {
                out.push(RosterGap {
                    window: self.shift_window(&plan, slot),
                    no_leader: duty.leader.is_none(),
                    no_officer: duty.officers.is_empty(),
                });
            }
            slot = plan.next(slot);
        }
        Ok(out)
    }
}
