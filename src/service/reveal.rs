//! Revealing one person's full resident ID and phone number: allowed to officers,
//! leaders and admins, with a reason, and always written to the audit trail in the
//! same transaction that reads the numbers.

use super::Desk;
use super::board::Subject;
use crate::domain::Permission;
use crate::domain::text::{clean_label, sanitize};
use crate::error::{DeskError, DeskResult};
use crate::store::{audit, people, visitors};
use serde_json::json;

/// The unmasked numbers of one person or visitor (`None`: not on record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personal {
    pub resident_id: Option<String>,
    pub phone: Option<String>,
}

/// Longest reason accepted, in characters.
const REASON_MAX: usize = 200;

impl Desk {
    /// Shows a rostered person's numbers, recording who looked, at whom and why.
    pub fn reveal_personal(&mut self, person_id: &str, reason: &str) -> DeskResult<Personal> {
        self.reveal(&Subject::Person(person_id.to_string()), reason)
    }

    /// The same for a visitor, by visitor row id.
    pub fn reveal_visitor(&mut self, visitor_id: i64, reason: &str) -> DeskResult<Personal> {
        self.reveal(&Subject::Visitor(visitor_id), reason)
    }

    /// Shared by both: permission, reason, then read and audit in one transaction.
    pub fn reveal(&mut self, subject: &Subject, reason: &str) -> DeskResult<Personal> {
        self.require(Permission::RevealPersonal)?;
        let reason = clean_label(reason, REASON_MAX)
            .map_err(|e| DeskError::field("field.reveal_reason", e.key()))?;
        let (entity, entity_id) = match subject {
            Subject::Person(id) => ("person", id.clone()),
            Subject::Visitor(id) => ("visitor", id.to_string()),
        };
        let record = self.audit_record(
            "personal.reveal",
            entity,
            Some(entity_id),
            json!({ "reason": reason }),
        );
        let subject = subject.clone();
        self.store.write(move |tx| {
            let personal = match &subject {
                Subject::Person(id) => {
                    let p = people::get(tx, id)?.ok_or_else(|| {
                        DeskError::not_found("entry.unknown_person").arg("id", sanitize(id))
                    })?;
                    Personal {
                        resident_id: p.resident_id,
                        phone: p.phone,
                    }
                }
                Subject::Visitor(vid) => {
                    let v = visitors::get(tx, *vid)?.ok_or_else(|| {
                        DeskError::not_found("board.unknown_visitor").arg("id", vid)
                    })?;
                    Personal {
                        resident_id: Some(v.resident_id),
                        phone: Some(v.phone),
                    }
                }
            };
            audit::append(tx, &record)?;
            Ok(personal)
        })
    }
}
