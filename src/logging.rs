//! Logs go to a file in the state directory, never to the terminal (the console owns it).

use std::path::PathBuf;
use std::sync::Mutex;

/// `$XDG_STATE_HOME/dutydesk/dutydesk.log` (falling back to the data directory).
pub fn log_path() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("dutydesk").join("dutydesk.log"))
}

/// Starts file logging; silently does nothing when the file cannot be opened, because
/// a missing log must never stop the desk. `DUTYDESK_LOG` sets the filter (default info).
pub fn init() {
    let Some(path) = log_path() else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("DUTYDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}

/// The word that starts a chain-head line in the log: `audit_head id=N hash=HEX at=…`,
/// written at every handover signature so `audit verify` has an anchor outside the
/// database file.
pub const AUDIT_HEAD: &str = "audit_head";

/// Writes the chain head to the log (see `AUDIT_HEAD`).
pub fn log_audit_head(id: i64, hash: &str, at: &str) {
    tracing::info!("{AUDIT_HEAD} id={id} hash={hash} at={at}");
}

/// The latest chain head written to the log file, if the file is readable and has one.
/// Reads line by line: a log of years costs a scan, never its size in memory.
pub fn latest_audit_head(path: &std::path::Path) -> Option<(i64, String)> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).ok()?;
    let mut latest = None;
    for line in std::io::BufReader::new(file)
        .split(b'\n')
        .map_while(Result::ok)
    {
        let line = String::from_utf8_lossy(&line);
        if let Some(found) = parse_audit_head(&line) {
            latest = Some(found);
        }
    }
    latest
}

/// `… audit_head id=12 hash=ab12… at=…` → (12, "ab12…").
pub fn parse_audit_head(line: &str) -> Option<(i64, String)> {
    let rest = &line[line.rfind(&format!("{AUDIT_HEAD} id="))? + AUDIT_HEAD.len() + 4..];
    let mut words = rest.split_whitespace();
    let id = words.next()?.parse().ok()?;
    let hash = words.next()?.strip_prefix("hash=")?;
    (hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| (id, hash.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_line_is_found_among_other_log_lines() {
        let hash = "ab".repeat(32);
        let line = format!(
            "2026-11-29T00:00:00Z  INFO dutydesk::service::handover: audit_head id=12 hash={hash} at=2026-11-29T08:00:00+08:00"
        );
        assert_eq!(parse_audit_head(&line), Some((12, hash.clone())));
        assert_eq!(parse_audit_head("INFO something else"), None);
        assert_eq!(parse_audit_head("audit_head id=x hash=ab"), None);
        let short = format!("audit_head id=3 hash={}", &hash[..10]);
        assert_eq!(parse_audit_head(&short), None);
    }
}

#[cfg(test)]
mod prop_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_log_line_is_read_without_panicking(line in ".{0,200}") {
            let _ = parse_audit_head(&line);
        }

        #[test]
        fn a_written_head_line_is_found(
            prefix in "[^\n]{0,60}",
            id in 1i64..i64::MAX,
            hash in "[0-9a-f]{64}",
        ) {
            let line = format!("{prefix} {AUDIT_HEAD} id={id} hash={hash} at=2026-11-29T08:00:00+08:00");
            prop_assert_eq!(parse_audit_head(&line), Some((id, hash)));
        }
    }
}
