//! Shared by the benchmarks: the release binary, an isolated environment, and the
//! year-long demo database cached under `target/`.
#![allow(dead_code)] // each bench uses a part

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The `dutydesk` binary built with the bench (release) profile.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dutydesk"))
}

/// A config with the demo gates and no `[users]` (single-operator mode).
pub const CONFIG: &str = r#"
[site]
name = "基准测试学院"

[[gates]]
name = "东门"

[[gates]]
name = "西门"

[[gates]]
name = "北门"
"#;

/// Where benchmark data lives: `target/tmp/bench` (kept between runs).
pub fn data_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary in an environment that reads no user config and writes no user log.
pub fn command(dir: &Path) -> Command {
    let config = dir.join("bench-config.toml");
    if !config.exists() {
        std::fs::write(&config, CONFIG).unwrap();
    }
    let mut c = Command::new(bin());
    for var in [
        "DUTYDESK_DB",
        "DUTYDESK_CONFIG",
        "DUTYDESK_LOG",
        "LC_ALL",
        "LC_MESSAGES",
    ] {
        c.env_remove(var);
    }
    c.env("LANG", "C")
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_STATE_HOME", dir.join("xdg-state"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .arg("--config")
        .arg(config);
    c
}

/// Runs a command that must succeed; returns stdout and the wall time.
pub fn run(c: &mut Command) -> (String, Duration) {
    let started = Instant::now();
    let out = c.output().unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{:?}: {}",
        c,
        String::from_utf8_lossy(&out.stderr)
    );
    (String::from_utf8(out.stdout).unwrap(), took)
}

/// A database seeded with `dutydesk seed-demo --people P --days D`, built once and
/// cached. Returns the path and, when it was built now, how long seeding took.
pub fn seeded(people: usize, days: u32) -> (PathBuf, Option<Duration>) {
    let dir = data_dir();
    let path = dir.join(format!("demo-{people}x{days}.db"));
    if path.exists() {
        return (path, None);
    }
    let partial = dir.join(format!("demo-{people}x{days}.partial.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    eprintln!(
        "seeding {people} people x {days} days into {} ...",
        path.display()
    );
    let (out, took) = run(command(&dir).arg("--db").arg(&partial).args([
        "seed-demo",
        "--people",
        &people.to_string(),
        "--days",
        &days.to_string(),
    ]));
    eprintln!("{}", out.trim());
    std::fs::rename(&partial, &path).unwrap();
    (path, Some(took))
}
