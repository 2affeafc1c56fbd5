//! Reading and verifying the audit trail.

use super::Desk;
use crate::error::{DeskError, DeskResult};
use std::path::Path;

/// Shortest key accepted, in bytes (after surrounding whitespace is trimmed).
const MIN_KEY_BYTES: usize = 16;

/// The chain key named by `[audit] key_file`, if any, read and checked. Commands call
/// it before they open the database, so a bad key file is refused with nothing
/// written; `Desk::new` sets it on the connection before the desk's first write.
pub fn configured_key(config: &crate::config::Config) -> DeskResult<Option<Vec<u8>>> {
    config.audit.key_file.as_deref().map(read_key).transpose()
}

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

    /// The newest audit row: what the paper record and the log keep.
    pub fn audit_head(&self) -> DeskResult<Option<Head>> {
        Ok(audit::head(self.store.conn())?)
    }
}
