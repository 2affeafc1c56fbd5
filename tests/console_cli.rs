//! The console's entry points on the command line: no subcommand without a terminal,
//! and `--demo` preparing its desk.

use assert_cmd::Command;
use predicates::prelude::*;

mod common_console_cli {
    pub fn cmd(dir: &std::path::Path) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("dutydesk").unwrap();
        c.env("XDG_CONFIG_HOME", dir.join("config"))
            .env("XDG_STATE_HOME", dir.join("state"))
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("TZ", "Asia/Shanghai")
            .env("USER", "tester")
            .env("DUTYDESK_NOW", "2026-11-29T08:00:00+08:00")
            .env_remove("DUTYDESK_DB")
            .env_remove("DUTYDESK_CONFIG");
        c
    }
}
use common_console_cli::cmd;

#[test]
fn without_a_terminal_the_console_says_to_use_a_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    cmd(dir.path())
        .args([
            "--db",
            &dir.path().join("d.db").display().to_string(),
            "--lang",
            "en",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the console needs a terminal"));
}

#[test]
fn demo_prepares_its_config_and_database_and_runs_subcommands_on_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = cmd(dir.path())
        .args(["--demo", "--lang", "en", "info"])
        .assert()
        .success()
        .stderr(predicate::str::contains("creating the demo database"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("2000"), "{out}");
    assert!(out.contains("tester (tester)"), "{out}");
    assert!(out.contains("duty leader"), "{out}");
    let demo = dir.path().join("data/dutydesk/demo");
    assert!(demo.join("config.toml").is_file());
    assert!(demo.join("dutydesk.db").is_file());
    // A second run reuses both and does not seed again.
    cmd(dir.path())
        .args(["--demo", "--lang", "en", "info"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn demo_does_not_take_another_config() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("dutydesk")
        .unwrap()
        .env("XDG_DATA_HOME", dir.path())
        .args(["--demo", "--config", "x.toml", "info"])
        .assert()
        .code(2);
}
