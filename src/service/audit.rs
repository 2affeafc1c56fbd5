//! Reading and verifying the audit trail.

use super::Desk;
use crate::error::{DeskError, DeskResult};
use std::path::Path;

/// Shortest key accepted, in bytes (after surrounding whitespace is trimmed).
const MIN_KEY_BYTES: usize = 16;

/// Reads the chain key, refusing a file others may read: whoever reads the key can
/// rewrite the chain undetected.
pub fn read_key(path: &Path) -> DeskResult<Vec<u8>> {
    let unreadable = |e: std::io::Error| {
        DeskError::invalid("audit.key_unreadable")
            .arg("path", path.display())
            .arg("detail", e)
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(DeskError::invalid("audit.key_shared")
                .arg("path", path.display())
                .arg("mode", format!("{mode:o}")));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let key = bytes.trim_ascii();
    if key.len() < MIN_KEY_BYTES {
        return Err(DeskError::invalid("audit.key_short")
            .arg("path", path.display())
            .arg("min", MIN_KEY_BYTES));
    }
    Ok(key.to_vec())
}
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

    /// Signs (and verifies) the chain with `[audit] key_file` when it is set. Called
    /// when a desk is opened for an operator, before anything is written.
    pub fn use_audit_key(&self) -> DeskResult<()> {
        let Some(path) = self.config.audit.key_file.clone() else {
            return Ok(());
        };
        let key = read_key(&path)?;
        Ok(audit::set_key(self.store.conn(), Some(&key))?)
    }

    /// The newest audit row: what the paper record and the log keep.
    pub fn audit_head(&self) -> DeskResult<Option<Head>> {
        Ok(audit::head(self.store.conn())?)
    }
}
