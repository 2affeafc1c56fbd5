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
