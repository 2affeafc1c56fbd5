//! Voiding a mistaken gate entry: it stays in the log, marked with who voided it,
//! when and why, and is left out of every count from then on.
//!
//! An entry whose fever reading opened a case that is still active cannot be
//! voided: the case is the desk's follow-up of a possible fever and must be settled
//! by its own steps (a re-check below the threshold clears it; closing records the
//! outcome). Voiding the entry underneath would take the fever out of the counts
//! while the case still runs. Once the case is cleared or closed the entry may be
//! voided; the case keeps its own record.

use super::Desk;
use crate::domain::Permission;
use crate::domain::entry::GateEntry;
use crate::domain::text::{clean_label, sanitize};
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::store::{entries as store_entries, flags as store_flags};
use serde_json::json;

/// Longest void reason, in characters.
const MAX_REASON: usize = 200;

impl Desk {
    /// Voids entry `id` for `reason`. Officers, leaders and admins; refused for an
    /// entry that is void already or whose fever case is still active. Audited.
    pub fn void_entry(&mut self, id: i64, reason: &str) -> DeskResult<GateEntry> {
        self.require(Permission::VoidEntry)?;
        let reason = clean_label(reason, MAX_REASON)
            .map_err(|e| DeskError::field("field.void_reason", e.key()))?;
        let now = self.clock.now();
        let operator = self.actor.login.clone();
        let record = self.audit_record(
            "entry.void",
            "entry",
            Some(id.to_string()),
            json!({ "reason": reason }),
        );
        self.store.write(|tx| {
            let entry = store_entries::get(tx, id)?
                .ok_or_else(|| DeskError::not_found("entry.not_found").arg("id", id))?;
            if entry.void.is_some() {
                return Err(DeskError::conflict("entry.already_void").arg("id", id));
            }
            if let Some(case_id) = store_flags::id_for_entry(tx, id)?
                && let Some(case) = store_flags::get(tx, case_id)?
                && case.is_active()
            {
                return Err(DeskError::refused("entry.void_active_case")
                    .arg("id", id)
                    .arg("case", case_id)
                    .arg("state", super::flags::state_key(case.state())));
            }
            store_entries::mark_void(tx, id, &operator, crate::clock::to_ms(now), &reason)?;
            // The entry row changed: the audit row records its new content hash.
            crate::store::audit::append_covering(
                tx,
                &record,
                &[crate::store::audit_rows::Covered::row("entries", id)],
            )?;
            Ok(())
        })?;
        self.entry(id)
    }
}

/// The void as one line for a table: "VOID: reason" / "已作废：reason".
pub fn void_mark(lang: Lang, e: &GateEntry) -> Option<String> {
    e.void
        .as_ref()
        .map(|v| crate::i18n::trf(lang, "entry.void_mark", &[("reason", sanitize(&v.reason))]))
}
