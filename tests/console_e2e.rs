//! End-to-end tests of the real console binary in tmux at a fixed size: typing keys
//! with `send-keys`, reading the screen with `capture-pane`. Each test has its own
//! tmux server (`-L` socket) that is killed at the end, its own temporary database,
//! configuration and XDG directories, and a pinned clock.

mod tmux_harness;

mod common_console {
    use super::tmux_harness::{self, quote};
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    pub const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");
    pub const NOW: &str = "2026-11-29T08:00:00+08:00";

    pub const CONFIG: &str = r#"
[site]
name = "攀西职业学院"
timezone = "Asia/Shanghai"

[[gates]]
name = "东门"

[[gates]]
name = "西门"

[notify]
desktop = false

[users.root]
name = "管理员"
role = "admin"

[users.zhao]
name = "赵敏"
role = "officer"

[users.wu]
name = "吴刚"
role = "guard"
"#;

    pub const ROSTER: &str = "学号,姓名,类别,部门\n2023010101,王小明,学生,信息工程系\n2023010102,欧阳娜娜娜,学生,护理系\n";

    /// A temporary desk: database, config, XDG directories.
    pub struct Desk {
        pub dir: tempfile::TempDir,
    }

    impl Desk {
        pub fn new(with_roster: bool) -> Desk {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
            let desk = Desk { dir };
            if with_roster {
                std::fs::write(desk.path("roster.csv"), ROSTER).unwrap();
                let out = desk.cli("root", &["people", "import", &desk.path_str("roster.csv")]);
                assert!(out.status.success(), "{out:?}");
            }
            desk
        }

        pub fn path(&self, name: &str) -> PathBuf {
            self.dir.path().join(name)
        }

        pub fn path_str(&self, name: &str) -> String {
            self.path(name).display().to_string()
        }

        /// The environment every process of this desk runs with.
        pub fn env(&self) -> Vec<(String, String)> {
            let d = self.dir.path().display();
            vec![
                ("XDG_CONFIG_HOME".into(), format!("{d}/xdg-config")),
                ("XDG_STATE_HOME".into(), format!("{d}/xdg-state")),
                ("XDG_DATA_HOME".into(), format!("{d}/xdg-data")),
                ("TZ".into(), "Asia/Shanghai".into()),
                ("DUTYDESK_NOW".into(), NOW.into()),
                ("LANG".into(), "C.UTF-8".into()),
            ]
        }

        pub fn args(&self, user: &str) -> Vec<String> {
            vec![
                "--db".into(),
                self.path_str("desk.db"),
                "--config".into(),
                self.path_str("config.toml"),
                "--user".into(),
                user.into(),
            ]
        }

        /// Runs the CLI as another process would.
        pub fn cli(&self, user: &str, args: &[&str]) -> Output {
            Command::new(BIN)
                .args(self.args(user))
                .args(args)
                .envs(self.env())
                .output()
                .unwrap()
        }
    }

    /// A tmux server with one window running the console.
    pub struct Tmux {
        term: tmux_harness::Tmux,
        pub desk: Desk,
    }

    impl std::ops::Deref for Tmux {
        type Target = tmux_harness::Tmux;
        fn deref(&self) -> &tmux_harness::Tmux {
            &self.term
        }
    }

    impl Tmux {
        /// Starts the console as `user` in a `w`x`h` window. After it exits the shell
        /// prints `EXIT=<status>` and the terminal settings, and waits.
        pub fn start(name: &str, desk: Desk, user: &str, extra: &[&str], w: u16, h: u16) -> Tmux {
            let socket = format!("dutydesk-e2e-{}-{name}", std::process::id());
            let env: Vec<String> = desk
                .env()
                .iter()
                .map(|(k, v)| format!("{k}={}", quote(v)))
                .collect();
            let args: Vec<String> = desk
                .args(user)
                .iter()
                .map(|a| a.as_str())
                .chain(extra.iter().copied())
                .map(quote)
                .collect();
            let pid_file = desk.path_str("console.pid");
            let cmd = format!(
                "sh -c 'echo $$ > {pid}; exec env {env} {bin} {args}'; echo EXIT=$?; stty -a; sleep 600",
                pid = pid_file,
                env = env.join(" "),
                bin = BIN,
                args = args.join(" "),
            );
            let term = tmux_harness::Tmux::named(&socket, w, h, &cmd);
            Tmux { term, desk }
        }

        pub fn pid(&self) -> i32 {
            let p: &Path = &self.desk.path("console.pid");
            std::fs::read_to_string(p).unwrap().trim().parse().unwrap()
        }
    }
}

use common_console::{Desk, Tmux};
use std::time::Duration;

#[test]
fn an_entry_added_by_another_process_appears_within_two_seconds() {
    let t = Tmux::start("live", Desk::new(true), "zhao", &["--lang", "en"], 120, 40);
    t.expect("Live gate log");
    t.expect("(no entries today yet)");
    let out = t.desk.cli(
        "root",
        &[
            "entry",
            "add",
            "--gate",
            "西门",
            "--direction",
            "in",
            "--temp",
            "37.9",
            "--person",
            "2023010102",
            "--code",
            "green",
            "--venue-scan",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let screen = t
        .wait_for("欧阳娜娜娜", Duration::from_secs(2))
        .unwrap_or_else(|s| panic!("not on screen within 2 s:\n{s}"));
    assert!(
        screen.contains("!*"),
        "refused and flagged marker:\n{screen}"
    );
    assert!(screen.contains("Open fever flags (1)"), "{screen}");
    t.keys(&["q"]);
    t.expect("EXIT=0");
}

#[test]
fn question_mark_shows_help_and_q_exits_with_status_0() {
    let t = Tmux::start("help", Desk::new(true), "zhao", &["--lang", "en"], 100, 30);
    t.expect("Live gate log");
    t.keys(&["?"]);
    let screen = t.expect("Row markers");
    assert!(screen.contains("Everywhere"));
    assert!(screen.contains("command line"));
    t.keys(&["Escape"]);
    t.expect("Live gate log");
    t.keys(&["q"]);
    t.expect("EXIT=0");
    let screen = t.expect("baud"); // `stty -a` has run
    assert!(
        screen.contains(" icanon") && screen.contains(" echo"),
        "terminal restored:\n{screen}"
    );
}

#[test]
fn resizing_to_30x8_and_back_leaves_it_running() {
    let t = Tmux::start(
        "resize",
        Desk::new(true),
        "zhao",
        &["--lang", "en"],
        120,
        40,
    );
    t.expect("Live gate log");
    t.resize(30, 8);
    t.expect("terminal too small");
    t.resize(120, 40);
    t.expect("Live gate log");
    t.resize(80, 24);
    t.expect("Live gate log");
    t.keys(&["q"]);
    t.expect("EXIT=0");
}

#[test]
fn an_empty_database_says_what_to_do_next() {
    let t = Tmux::start(
        "empty",
        Desk::new(false),
        "root",
        &["--lang", "zh"],
        100,
        30,
    );
    let screen = t.expect("dutydesk --demo");
    assert!(screen.contains("people import"), "{screen}");
    t.keys(&["q"]);
    t.expect("EXIT=0");
}

#[test]
fn a_guard_registers_with_id_temperature_and_enter() {
    let t = Tmux::start("guard", Desk::new(true), "wu", &["--lang", "en"], 100, 30);
    t.expect("Register at the gate");
    t.type_text("2023010101");
    t.keys(&["Enter"]);
    t.type_text("36.6");
    t.keys(&["Enter"]);
    t.expect("A D M I T T E D");
    let out = t.desk.cli("root", &["entry", "list", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"person_id\":\"2023010101\""), "{text}");
    assert!(text.contains("\"operator\":\"wu\""), "{text}");
    t.keys(&["C-c"]);
    t.expect("EXIT=0");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (name, sig) in [("term", "-TERM"), ("hup", "-HUP")] {
        let t = Tmux::start(name, Desk::new(true), "zhao", &["--lang", "en"], 100, 30);
        t.expect("Live gate log");
        let status = std::process::Command::new("kill")
            .arg(sig)
            .arg(t.pid().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        t.expect("EXIT=0");
        let screen = t.expect("baud");
        assert!(
            screen.contains(" icanon") && screen.contains(" echo"),
            "{screen}"
        );
        assert!(
            !screen.contains("Live gate log"),
            "alternate screen left:\n{screen}"
        );
    }
}

#[test]
fn the_demo_creates_its_desk_and_the_gate_feed_registers_people() {
    let desk = Desk::new(false);
    let home = desk.dir.path().display().to_string();
    let env = |cmd: &mut std::process::Command| {
        cmd.env("XDG_CONFIG_HOME", format!("{home}/xdg-config"))
            .env("XDG_STATE_HOME", format!("{home}/xdg-state"))
            .env("XDG_DATA_HOME", format!("{home}/xdg-data"))
            .env("TZ", "Asia/Shanghai")
            .env("USER", "tester");
    };
    // The console, with no --db or --config: everything comes from the demo directory.
    let socket = format!("dutydesk-e2e-{}-demo", std::process::id());
    let cmd = format!(
        "env XDG_CONFIG_HOME={home}/xdg-config XDG_STATE_HOME={home}/xdg-state \
         XDG_DATA_HOME={home}/xdg-data TZ=Asia/Shanghai USER=tester LANG=C.UTF-8 {} --demo --lang en; \
         echo EXIT=$?; sleep 600",
        common_console::BIN
    );
    // Killed, with its socket, however the test ends.
    let t = tmux_harness::Tmux::named(&socket, 120, 40, &cmd);
    let wait = |text: &str, secs: u64| t.expect_within(text, Duration::from_secs(secs));
    let first = wait("Live gate log", 30);
    assert!(first.contains("operator tester (duty leader)"), "{first}");
    // The feed writes as the demo's gate operator within a few seconds.
    let start = std::time::Instant::now();
    loop {
        let mut cmd = std::process::Command::new(common_console::BIN);
        env(&mut cmd);
        let out = cmd
            .args([
                "--demo", "entry", "list", "--limit", "5", "--format", "json",
            ])
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stdout).contains("\"operator\":\"demo-gate\"") {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("the gate feed registered nobody: {out:?}");
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    t.keys(&["q"]);
    wait("EXIT=0", 10);
    let demo = desk.dir.path().join("xdg-data/dutydesk/demo");
    let config = std::fs::read_to_string(demo.join("config.toml")).unwrap();
    assert!(config.contains("[users.\"tester\"]") && config.contains("role = \"leader\""));
}

/// A barcode or ID-card reader types like a keyboard with no pause between keys.
/// Fifty registrations sent in one burst must all be stored, in order, each with its
/// own person and temperature: keys typed while a registration is being written wait
/// for it instead of being lost or landing in the wrong field.
#[test]
fn fifty_registrations_typed_at_scanner_speed_are_all_stored_in_order() {
    let desk = Desk::new(true);
    let mut roster = String::from("学号,姓名,类别,部门\n");
    for i in 1..=50 {
        roster.push_str(&format!("S{i:03},扫描{i:03},学生,信息工程系\n"));
    }
    std::fs::write(desk.path("scanner.csv"), roster).unwrap();
    let out = desk.cli("root", &["people", "import", &desk.path_str("scanner.csv")]);
    assert!(out.status.success(), "{out:?}");
    let t = Tmux::start("scanner", desk, "wu", &["--lang", "en"], 100, 30);
    t.expect("Register at the gate");
    let temp = |i: usize| format!("36.{}", i % 10);
    let burst: String = (1..=50)
        .map(|i| format!("S{i:03}\t{}\r", temp(i)))
        .collect();
    t.type_text(&burst);
    // Wait (bounded) until the fiftieth is on the live log, then read the database.
    t.expect_within("扫描050", Duration::from_secs(30));
    let out = t.desk.cli(
        "root",
        &["entry", "list", "--limit", "100", "--format", "json"],
    );
    assert!(out.status.success(), "{out:?}");
    let mut stored: Vec<(String, f64)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["person_id"].as_str().unwrap_or_default().to_string(),
                v["temp"].as_f64().unwrap(),
            )
        })
        .collect();
    stored.reverse(); // the list is newest first
    let expected: Vec<(String, f64)> = (1..=50)
        .map(|i| (format!("S{i:03}"), temp(i).parse().unwrap()))
        .collect();
    assert_eq!(stored, expected);
    let screen = t.screen();
    assert!(
        !screen.contains("not registered"),
        "no registration was refused:\n{screen}"
    );
    t.keys(&["C-c"]);
    t.expect("EXIT=0");
}
