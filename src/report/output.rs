//! Writing an exported file (the handover workbook: names, fever readings) safely, in
//! one place for every export.
//!
//! - The file is created `0600`: it holds health data, like the database.
//! - A symbolic link at the path is refused, dangling or not: an export run by the duty
//!   account must not be turned into a write to whatever file the link names.
//! - An existing file is kept unless the caller asks to replace it (`--force`).
//!
//! A new file is created with `O_CREAT | O_EXCL | O_NOFOLLOW`: the kernel refuses an
//! existing path of any kind, links included, in the same step that creates it, so
//! there is no gap between a check and the open. A replacement is written to a new
//! private file beside the target (created the same way) and renamed over it: a rename
//! replaces the directory entry itself and never follows a link, and readers see the
//! old file or the new one, never half of either. Whatever fails, the partial file is
//! removed.

use crate::error::{DeskError, DeskResult};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` as a new private file, or replaces an existing regular
/// file there when `replace` is set.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> DeskResult<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(DeskError::invalid("report.symlink").arg("path", path.display()));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(DeskError::invalid("report.not_a_file").arg("path", path.display()));
        }
        Ok(_) if !replace => {
            return Err(DeskError::invalid("report.exists").arg("path", path.display()));
        }
        Ok(_) => return replace_file(path, bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(write_error(path, e)),
    }
    let file = create_new_private(path).map_err(|e| match e.kind() {
        // Appeared since the look above (or is a link the kernel refused to follow).
        std::io::ErrorKind::AlreadyExists => {
            DeskError::invalid("report.exists").arg("path", path.display())
        }
        _ => write_error(path, e),
    })?;
    fill(file, path, bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

/// Writes a private temporary file beside `path` and renames it over `path`.
fn replace_file(path: &Path, bytes: &[u8]) -> DeskResult<()> {
    let (tmp, file) = temporary_beside(path)?;
    let written = fill(file, path, bytes)
        .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| write_error(path, e)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A new private file next to `path`, named after it (`.NAME.PID.N.tmp`).
fn temporary_beside(path: &Path) -> DeskResult<(PathBuf, File)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new(""));
    for n in 0..100 {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match create_new_private(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write_error(path, e)),
        }
    }
    Err(write_error(
        path,
        std::io::Error::other("no free temporary name"),
    ))
}

/// `open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600)`.
fn create_new_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// Writes everything and waits for the disk: an export is the copy someone files.
fn fill(mut file: File, path: &Path, bytes: &[u8]) -> DeskResult<()> {
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| write_error(path, e))
}

fn write_error(path: &Path, e: std::io::Error) -> DeskError {
    DeskError::invalid("report.write")
        .arg("path", path.display())
        .arg("detail", e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        write_private(&path, b"one", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn an_existing_file_is_kept_unless_replaced_and_the_replacement_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = write_private(&path, b"new", false).unwrap_err();
        assert_eq!(err.key, "report.exists");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        write_private(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(mode(&path), 0o600);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn links_are_never_followed_with_or_without_replace() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("victim");
        std::fs::write(&target, b"precious").unwrap();
        let link = dir.path().join("a.xlsx");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let dangling = dir.path().join("b.xlsx");
        std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
        for replace in [false, true] {
            for path in [&link, &dangling] {
                let err = write_private(path, b"x", replace).unwrap_err();
                assert_eq!(err.key, "report.symlink");
            }
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"precious");
        assert!(!dir.path().join("nothing").exists());
    }
}
