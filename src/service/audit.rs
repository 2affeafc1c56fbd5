//! Reading and verifying the audit trail.

use super::Desk;
use crate::error::DeskResult;
use crate::store::audit::{self, AuditRow, Head, Verification};
use crate::store::audit_verify::{self, Anchor, Report};

impl Desk {
    pub fn audit_list(&self, limit: usize) -> DeskResult<Vec<AuditRow>> {
        Ok(audit::list(self.store.conn(), limit)?)
    }

    /// Walks the chain alone.
    pub fn audit_verify(&self) -> DeskResult<Verification> {
        Ok(audit::verify(self.store.conn())?)
    }

    /// The chain, every record it covers, and the given anchors.
    pub fn audit_check(&self, anchors: &[Anchor]) -> DeskResult<Report> {
        Ok(audit_verify::verify_all(self.store.conn(), anchors)?)
    }

    /// The newest audit row: what the paper record and the log keep.
    pub fn audit_head(&self) -> DeskResult<Option<Head>> {
        Ok(audit::head(self.store.conn())?)
    }
}
