//! Reading and verifying the audit trail.

use super::Desk;
use crate::error::DeskResult;
use crate::store::audit::{self, AuditRow, Verification};

impl Desk {
    pub fn audit_list(&self, limit: usize) -> DeskResult<Vec<AuditRow>> {
        Ok(audit::list(self.store.conn(), limit)?)
    }

    /// Walks the whole chain.
    pub fn audit_verify(&self) -> DeskResult<Verification> {
        Ok(audit::verify(self.store.conn())?)
    }
}
