//! The console's header shows the desk's time, not the terminal's: the real binary in
//! tmux, started with a `TZ` other than the zone its database keeps.

mod tmux_harness;

use tmux_harness::{Tmux, quote};

const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");

/// No `[site] timezone`: the zone comes from the database.
const CONFIG: &str = r#"
[site]
name = "测试学院"

[notify]
desktop = false

[users.zhao]
name = "赵敏"
role = "officer"
"#;

/// 08:00 in Beijing; 19:00 the evening before in New York.
const NOW: &str = "2026-11-29T08:00:00+08:00";

#[test]
fn a_console_in_new_york_shows_the_desks_beijing_time_and_shift() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
    let env = |tz: &str| {
        [
            ("XDG_CONFIG_HOME", format!("{d}/xdg-config")),
            ("XDG_STATE_HOME", format!("{d}/xdg-state")),
            ("XDG_DATA_HOME", format!("{d}/xdg-data")),
            ("TZ", tz.to_string()),
            ("DUTYDESK_NOW", NOW.to_string()),
            ("LANG", "C.UTF-8".to_string()),
        ]
    };
    let args = [
        "--db".to_string(),
        format!("{d}/desk.db"),
        "--config".to_string(),
        format!("{d}/config.toml"),
        "--user".to_string(),
        "zhao".to_string(),
        "--lang".to_string(),
        "en".to_string(),
    ];
    // The desk is created on a machine kept on Beijing time (an empty file first: read
    // commands never create one; `info` then records the zone).
    dutydesk::store::Store::open(&dir.path().join("desk.db")).unwrap();
    let out = std::process::Command::new(BIN)
        .args(&args)
        .arg("info")
        .envs(env("Asia/Shanghai"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let vars: Vec<String> = env("America/New_York")
        .iter()
        .map(|(k, v)| format!("{k}={}", quote(v)))
        .collect();
    let words: Vec<String> = args.iter().map(|a| quote(a)).collect();
    let cmd = format!(
        "env {} {BIN} {}; echo EXIT=$?; sleep 600",
        vars.join(" "),
        words.join(" ")
    );
    let t = Tmux::named(
        &format!("dutydesk-site-zone-{}", std::process::id()),
        120,
        30,
        &cmd,
    );
    let screen = t.expect("08:00:00");
    let header = screen.lines().next().unwrap_or_default();
    assert!(header.contains("2026-11-29"), "the desk's date:\n{screen}");
    assert!(
        header.contains("白班 08:00-20:00"),
        "the desk's shift:\n{screen}"
    );
    assert!(
        !screen.contains("19:00:00"),
        "not New York's time:\n{screen}"
    );
    t.keys(&["q"]);
    t.expect("EXIT=0");
}
