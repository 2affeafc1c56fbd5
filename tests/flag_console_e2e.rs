//! The fever cases in the real console, in tmux at a fixed size: the list follows a
//! step taken by another process, and a re-check typed into the form goes through the
//! database worker and clears the case.

mod tmux_harness;

mod common_flag_e2e {
    use super::tmux_harness::{self, quote};
    use std::process::Command;

    pub const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");
    pub const NOW: &str = "2026-11-29T08:00:00+08:00";

    const CONFIG: &str = r#"
[site]
name = "攀西职业学院"
timezone = "Asia/Shanghai"

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

    const ROSTER: &str = "学号,姓名,类别,部门\n2023010101,王小明,学生,信息工程系\n";

    pub struct Desk {
        pub dir: tempfile::TempDir,
    }

    impl Desk {
        pub fn new() -> Desk {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("config.toml"), CONFIG).unwrap();
            std::fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
            let desk = Desk { dir };
            let roster = desk.path("roster.csv");
            desk.cli_ok("root", &["people", "import", &roster]);
            desk
        }

        pub fn path(&self, name: &str) -> String {
            self.dir.path().join(name).display().to_string()
        }

        fn env(&self) -> Vec<(String, String)> {
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

        fn args(&self, user: &str) -> Vec<String> {
            vec![
                "--db".into(),
                self.path("desk.db"),
                "--config".into(),
                self.path("config.toml"),
                "--user".into(),
                user.into(),
            ]
        }

        pub fn cli_ok(&self, user: &str, args: &[&str]) -> String {
            let out = Command::new(BIN)
                .args(self.args(user))
                .args(args)
                .envs(self.env())
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}: {out:?}");
            String::from_utf8(out.stdout).unwrap()
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
        pub fn start(name: &str, desk: Desk, user: &str, w: u16, h: u16) -> Tmux {
            let socket = format!("dutydesk-flag-e2e-{}-{name}", std::process::id());
            let env: Vec<String> = desk
                .env()
                .iter()
                .map(|(k, v)| format!("{k}={}", quote(v)))
                .collect();
            let args: Vec<String> = desk
                .args(user)
                .iter()
                .map(String::as_str)
                .chain(["--lang", "en"])
                .map(quote)
                .collect();
            let cmd = format!(
                "env {} {BIN} {}; echo EXIT=$?; sleep 600",
                env.join(" "),
                args.join(" ")
            );
            let term = tmux_harness::Tmux::named(&socket, w, h, &cmd);
            Tmux { term, desk }
        }
    }
}

use common_flag_e2e::{Desk, Tmux};

#[test]
fn a_report_from_another_process_shows_and_a_recheck_from_the_form_clears_the_case() {
    let desk = Desk::new();
    desk.cli_ok(
        "wu",
        &[
            "entry",
            "add",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "37.8",
            "--code",
            "green",
            "--venue-scan",
            "--person",
            "2023010101",
        ],
    );
    let t = Tmux::start("recheck", desk, "zhao", 100, 30);
    t.expect("Open fever flags (1)");
    // 100 columns: the side panel uses the compact words.
    t.expect("re-check in 10m 0s");
    t.keys(&["3"]);
    t.expect("Fever cases: 1 active, 0 re-check overdue, 0 report overdue");
    // Another process records the report while the console is open.
    t.desk
        .cli_ok("root", &["flag", "report", "1", "--to", "校防控办"]);
    let screen = t.expect("done 08:00");
    assert!(screen.contains("due in 10m 0s"), "{screen}");
    // The re-check through the form: temperature, Enter, method, Enter.
    t.keys(&["r"]);
    t.expect("re-check: 王小明 (case 1)");
    t.type_text("36.5");
    t.keys(&["Enter"]);
    t.type_text("mercury");
    t.keys(&["Enter"]);
    t.expect("cleared as a false alarm");
    t.expect("Fever cases: 0 active");
    let active = t
        .desk
        .cli_ok("root", &["flag", "list", "--active", "--format", "json"]);
    assert!(active.trim().is_empty(), "{active}");
    let shown = t
        .desk
        .cli_ok("root", &["flag", "show", "1", "--format", "json"]);
    let case: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(case["status"], "cleared");
    assert_eq!(case["rechecks"][0]["method"], "mercury");
    assert_eq!(case["rechecks"][0]["by"], "zhao");
    t.keys(&["q"]);
    t.expect("EXIT=0");
}
