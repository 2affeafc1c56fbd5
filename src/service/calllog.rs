//! The duty phone log (值班电话记录): incoming calls and messages and what was done
//! about them. The calls of the shift being handed over are part of its handover.

use super::Desk;
use crate::domain::Permission;
use crate::domain::text::{clean_label, clean_optional, sanitize};
use crate::error::{DeskError, DeskResult};
use crate::store::audit;
use crate::store::audit_rows::Covered;
use crate::store::calllog::{self as store, CallRow};
use chrono::{DateTime, Utc};
use serde_json::json;

const FROM_MAX: usize = 60;
const SUMMARY_MAX: usize = 500;
const NOTIFIED_MAX: usize = 100;

impl Desk {
    /// Writes one call in the log (who: the operator; when: now).
    pub fn calllog_add(
        &mut self,
        from: &str,
        summary: &str,
        notified: Option<&str>,
    ) -> DeskResult<CallRow> {
        self.require(Permission::LogCall)?;
        let from =
            clean_label(from, FROM_MAX).map_err(|e| DeskError::field("field.from", e.key()))?;
        let summary = clean_label(summary, SUMMARY_MAX)
            .map_err(|e| DeskError::field("field.summary", e.key()))?;
        let notified = match notified.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(n) => Some(
                clean_optional(n, NOTIFIED_MAX)
                    .map_err(|e| DeskError::field("field.notified", e.key()))?
                    .to_string(),
            ),
        };
        let mut call = CallRow {
            id: 0,
            at: self.clock.now(),
            from,
            summary,
            notified,
            by: self.actor.login.clone(),
        };
        let mut record = self.audit_record(
            "calllog.add",
            "call",
            None,
            json!({ "from": call.from, "summary": call.summary, "notified": call.notified }),
        );
        call.id = self.store.write(|tx| {
            let id = store::insert(tx, &call)?;
            record.entity_id = Some(id.to_string());
            audit::append_covering(tx, &record, &[Covered::row("call_log", id)])?;
            Ok(id)
        })?;
        Ok(call)
    }

    /// Calls logged in `[from, until)`, oldest first.
    pub fn call_log(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> DeskResult<Vec<CallRow>> {
        Ok(store::between(self.store.conn(), from, until)?)
    }

    /// Carry-over items: the calls logged during the shift of the working handover,
    /// `("call:ID", "HH:MM from: summary -> notified")`.
    pub fn call_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        let window = self.working_handover_window()?;
        Ok(self
            .call_log(window.start, window.end)?
            .into_iter()
            .map(|c| {
                let mut s = format!(
                    "{} {}: {}",
                    self.zone.to_local(c.at).format("%H:%M"),
                    sanitize(&c.from),
                    sanitize(&c.summary)
                );
                if let Some(n) = &c.notified {
                    s.push_str(&format!(" -> {}", sanitize(n)));
                }
                (format!("call:{}", c.id), s)
            })
            .collect())
    }
}
