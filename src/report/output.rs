//! Writing an export file safely: never through a symlink, never over an existing file
//! unless asked (`--force`), readable by the owner only (0600): a printed record holds
//! names and temperatures.

use crate::error::{DeskError, DeskResult};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a new file at `path`. With `force` an existing file (or symlink,
/// which is removed, not followed) is replaced; a directory never is.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> DeskResult<()> {
    let err = |key: &'static str, e: &dyn std::fmt::Display| {
        DeskError::invalid(key)
            .arg("path", path.display())
            .arg("detail", e)
    };
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_dir() || !force {
            return Err(DeskError::invalid("report.exists").arg("path", path.display()));
        }
        std::fs::remove_file(path).map_err(|e| err("report.write", &e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            DeskError::invalid("report.exists").arg("path", path.display())
        }
        _ => err("report.write", &e),
    })?;
    file.write_all(bytes)
        .and_then(|_| file.sync_all())
        .map_err(|e| err("report.write", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_or_follow_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        write_private(&path, b"one", false).unwrap();
        assert_eq!(
            write_private(&path, b"two", false).unwrap_err().key,
            "report.exists"
        );
        write_private(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let target = dir.path().join("target");
            std::fs::write(&target, b"keep").unwrap();
            let link = dir.path().join("link.xlsx");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert_eq!(
                write_private(&link, b"x", false).unwrap_err().key,
                "report.exists"
            );
            write_private(&link, b"x", true).unwrap();
            assert_eq!(
                std::fs::read(&target).unwrap(),
                b"keep",
                "the link's target is untouched"
            );
        }
    }
}
