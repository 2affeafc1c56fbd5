//! Directives (传达最新要求) received from the command or the education bureau. Every
//! leader and officer rostered on a shift dated on or after the day a directive takes
//! effect must acknowledge it; until they have, it is a carry-over item of the
//! handovers of their shifts.

use super::Desk;
use crate::domain::Permission;
use crate::domain::incident::pending_acks;
use crate::domain::text::{clean_label, sanitize};
use crate::error::{DeskError, DeskResult};
use crate::store::audit;
use crate::store::audit_rows::Covered;
use crate::store::directives::{self as store, DirectiveRow};
use chrono::NaiveDate;
use serde_json::json;

const FROM_MAX: usize = 60;
const TITLE_MAX: usize = 100;
const TEXT_MAX: usize = 4000;

/// A directive with who must still acknowledge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub row: DirectiveRow,
    /// Leaders and officers rostered since it took effect.
    pub required: Vec<String>,
    pub pending: Vec<String>,
}

/// What `directive add` takes, as typed.
#[derive(Debug, Clone, Default)]
pub struct DirectiveInput {
    pub from: String,
    pub title: String,
    pub text: String,
    /// `YYYY-MM-DD`; today when `None`.
    pub effective: Option<String>,
}

fn not_found(id: i64) -> DeskError {
    DeskError::not_found("directive.not_found").arg("id", id)
}

impl Desk {
    fn directive_of(&self, row: DirectiveRow) -> DeskResult<Directive> {
        let required = store::rostered_since(self.store.conn(), row.effective)?;
        let acked: Vec<String> = row.acks.iter().map(|(o, _)| o.clone()).collect();
        Ok(Directive {
            pending: pending_acks(&required, &acked),
            required,
            row,
        })
    }

    /// Records a directive received now.
    pub fn directive_add(&mut self, input: &DirectiveInput) -> DeskResult<Directive> {
        self.require(Permission::AddDirective)?;
        let from = clean_label(&input.from, FROM_MAX)
            .map_err(|e| DeskError::field("field.from", e.key()))?;
        let title = clean_label(&input.title, TITLE_MAX)
            .map_err(|e| DeskError::field("field.title", e.key()))?;
        let text = clean_label(&input.text, TEXT_MAX)
            .map_err(|e| DeskError::field("field.text", e.key()))?;
        let now = self.clock.now();
        let effective = match input.effective.as_deref().map(str::trim) {
            None | Some("") => self.zone.date_of(now),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| DeskError::field("field.effective", "directive.date_format"))?,
        };
        let mut row = DirectiveRow {
            id: 0,
            from,
            title,
            text,
            effective,
            received_at: now,
            by: self.actor.login.clone(),
            acks: Vec::new(),
        };
        let mut record = self.audit_record(
            "directive.add",
            "directive",
            None,
            json!({ "from": row.from, "title": row.title, "effective": effective.to_string() }),
        );
        row.id = self.store.write(|tx| {
            let id = store::insert(tx, &row)?;
            record.entity_id = Some(id.to_string());
            audit::append_covering(tx, &record, &[Covered::row("directives", id)])?;
            Ok(id)
        })?;
        self.directive(row.id)
    }

    /// The operator acknowledges a directive (once).
    pub fn directive_ack(&mut self, id: i64) -> DeskResult<Directive> {
        self.require(Permission::AckDirective)?;
        let now = self.clock.now();
        let login = self.actor.login.clone();
        let record = self.audit_record(
            "directive.ack",
            "directive",
            Some(id.to_string()),
            json!({}),
        );
        self.store.write(|tx| {
            store::get(tx, id)?.ok_or_else(|| not_found(id))?;
            if !store::insert_ack(tx, id, &login, now)? {
                return Err(DeskError::conflict("directive.already_acked").arg("id", id));
            }
            let ack = Covered::filter(
                "directive_acks",
                "directive_id = ?2 AND operator = ?3",
                vec![id.into(), login.clone().into()],
            );
            audit::append_covering(tx, &record, &[ack])?;
            Ok(())
        })?;
        self.directive(id)
    }

    pub fn directive(&self, id: i64) -> DeskResult<Directive> {
        let row = store::get(self.store.conn(), id)?.ok_or_else(|| not_found(id))?;
        self.directive_of(row)
    }

    /// Every directive, newest first; with `unacked_only`, those someone still owes an
    /// acknowledgement.
    pub fn directives(&self, unacked_only: bool) -> DeskResult<Vec<Directive>> {
        let mut out = Vec::new();
        for row in store::list(self.store.conn())? {
            let d = self.directive_of(row)?;
            if !unacked_only || !d.pending.is_empty() {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Carry-over items: for each directive, every leader or officer on duty in the
    /// working handover (the shift handing over and the one taking over) who has not
    /// acknowledged it, `("directive:ID:login", "title: login")`.
    pub fn directive_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        let (ending, next) = self.working_handover_duties()?;
        let on_duty: Vec<&String> = [&ending, &next]
            .into_iter()
            .flat_map(|d| d.leader.iter().chain(d.officers.iter()))
            .collect();
        let mut out = Vec::new();
        for d in self.directives(true)? {
            for who in d.pending.iter().filter(|p| on_duty.contains(p)) {
                out.push((
                    format!("directive:{}:{who}", d.row.id),
                    format!(
                        "{} ({}) {}",
                        sanitize(&d.row.title),
                        sanitize(&d.row.from),
                        sanitize(who)
                    ),
                ));
            }
        }
        Ok(out)
    }
}
