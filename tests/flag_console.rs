//! The console and `dutydesk flag list --format json` count the same fever cases: the
//! cases are made and moved through the real binary at pinned instants, then the
//! console (the library's app and views, drawn into a test backend) is opened on the
//! same database at the same instants and its numbers are read off the screen.

mod common;

mod common_flag_console {
    use super::common::Env;
    use dutydesk::app::load::Job;
    use dutydesk::app::providers::Providers;
    use dutydesk::app::state::{Init, Look, Operator, State};
    use dutydesk::app::{Effect, Key, Msg};
    use dutydesk::clock::FixedClock;
    use dutydesk::config::Config;
    use dutydesk::domain::Role;
    use dutydesk::i18n::Lang;
    use dutydesk::service::{Actor, Desk};
    use dutydesk::store::Store;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use serde_json::Value;
    use std::sync::Arc;

    const CONFIG: &str = r#"
[site]
timezone = "Asia/Shanghai"

[users.gate1]
name = "门卫甲"
role = "guard"

[users.zhao]
name = "赵敏"
role = "officer"

[users.root]
name = "管理员"
role = "admin"
"#;

    const ROSTER: &str = "学号,姓名,类别,系部\nS001,王小明,学生,机电系\nS002,李娜,学生,护理系\nS003,张伟,学生,建筑系\nS004,阿卜杜热合曼·买买提江,学生,机电系\n";

    pub struct Desk2 {
        pub env: Env,
    }

    /// 2026-11-29 at a local time, RFC 3339.
    pub fn at(hms: &str) -> String {
        format!("2026-11-29T{hms}+08:00")
    }

    impl Desk2 {
        pub fn new() -> Desk2 {
            let d = Desk2 {
                env: Env::with_config(CONFIG),
            };
            let roster = d.env.path("roster.csv");
            std::fs::write(&roster, ROSTER).unwrap();
            d.ok(
                "root",
                &at("07:00:00"),
                &["people", "import", roster.to_str().unwrap()],
            );
            d
        }

        /// Runs the binary in the isolated environment of `tests/common` with the clock
        /// at `now`; insists on success and returns stdout.
        pub fn ok(&self, user: &str, now: &str, args: &[&str]) -> String {
            let out = self
                .env
                .cmd()
                .env("DUTYDESK_NOW", now)
                .arg("--user")
                .arg(user)
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        }

        /// A fever at the gate; returns the case id.
        pub fn fever(&self, now: &str, person: &str, temp: &str) -> i64 {
            self.ok(
                "gate1",
                now,
                &[
                    "entry",
                    "add",
                    "--gate",
                    "东门",
                    "--direction",
                    "in",
                    "--temp",
                    temp,
                    "--code",
                    "green",
                    "--venue-scan",
                    "--person",
                    person,
                ],
            );
            let list = self.list(now, true);
            list.last().unwrap()["id"].as_i64().unwrap()
        }

        /// `flag list [--active] --format json`.
        pub fn list(&self, now: &str, active: bool) -> Vec<Value> {
            let mut args = vec!["flag", "list", "--format", "json"];
            if active {
                args.push("--active");
            }
            self.ok("zhao", now, &args)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        }

        /// The console of the officer at `now`, first screen loaded.
        pub fn console(&self, now: &str) -> Console {
            let text = std::fs::read_to_string(&self.env.config).unwrap();
            let config: Config = toml::from_str(&text).unwrap();
            let now = chrono::DateTime::parse_from_rfc3339(now)
                .unwrap()
                .with_timezone(&chrono::Utc);
            let desk = Desk::new(
                Store::open(&self.env.db).unwrap(),
                Arc::new(config.clone()),
                Actor {
                    login: "zhao".into(),
                    name: "赵敏".into(),
                    role: Role::Officer,
                },
                Arc::new(FixedClock::new(now)),
            )
            .unwrap();
            let state = State::new(Init::from_config(
                &config,
                desk.zone,
                Operator {
                    login: "zhao".into(),
                    name: "赵敏".into(),
                    role: Role::Officer,
                },
                Lang::En,
                now,
                Look {
                    color: false,
                    ascii: true,
                    wide: false,
                    light: false,
                },
            ));
            let mut c = Console { desk, state };
            let effects = dutydesk::app::start(&mut c.state);
            c.settle(effects);
            c
        }
    }

    pub struct Console {
        pub desk: Desk,
        pub state: State,
    }

    impl Console {
        fn settle(&mut self, effects: Vec<Effect>) {
            let providers = Providers::standard();
            let mut queue = effects;
            while let Some(e) = queue.pop() {
                if let Effect::Job(job) = e {
                    let msg = Job::run(job, &mut self.desk, &providers, self.state.lang);
                    queue.extend(dutydesk::app::update(&mut self.state, msg));
                }
            }
        }

        pub fn key(&mut self, c: char) {
            let effects = dutydesk::app::update(&mut self.state, Msg::Key(Key::ch(c)));
            self.settle(effects);
        }

        /// The screen at 120x40 as text.
        pub fn screen(&mut self) -> String {
            let effects = dutydesk::app::update(&mut self.state, Msg::Resize(120, 40));
            self.settle(effects);
            let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
            t.draw(|f| dutydesk::console::view(&self.state, f)).unwrap();
            let buf = t.backend().buffer().clone();
            let mut out = String::new();
            for y in 0..buf.area.height {
                let mut skip = 0;
                for x in 0..buf.area.width {
                    let sym = buf[(x, y)].symbol();
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    out.push_str(sym);
                    skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                }
                out.push('\n');
            }
            out
        }
    }
}

use common_flag_console::{Desk2, at};
use serde_json::Value;

fn count(list: &[Value], key: &str) -> usize {
    list.iter().filter(|c| c[key] == Value::Bool(true)).count()
}

#[test]
fn the_console_and_flag_list_json_agree_on_every_count() {
    let d = Desk2::new();
    d.fever(&at("07:32:00"), "S001", "37.6");
    let b = d.fever(&at("07:40:00"), "S002", "37.5");
    let c = d.fever(&at("07:50:00"), "S003", "38.2");
    d.fever(&at("08:04:00"), "S004", "37.9");
    d.ok(
        "zhao",
        &at("07:45:00"),
        &["flag", "recheck", &b.to_string(), "--temp", "36.6"],
    );
    d.ok(
        "zhao",
        &at("07:58:00"),
        &["flag", "recheck", &c.to_string(), "--temp", "38.4"],
    );
    d.ok(
        "zhao",
        &at("08:01:00"),
        &["flag", "observe", &c.to_string()],
    );
    d.ok(
        "zhao",
        &at("08:03:00"),
        &["flag", "report", &c.to_string(), "--to", "校防控办"],
    );
    for hms in ["08:05:00", "08:30:00", "09:32:00", "10:31:00"] {
        let now = at(hms);
        // `flag list --format json` lists the history (every case here); the active
        // cases are those with "active": true, and the same as `--active` lists.
        let all = d.list(&now, false);
        let active = d.list(&now, true);
        assert_eq!(all.len(), 4);
        assert_eq!(count(&all, "active"), active.len(), "at {hms}");
        let (n, re, rep) = (
            active.len(),
            count(&all, "recheck_overdue"),
            count(&all, "overdue"),
        );
        let mut console = d.console(&now);
        let counts = console.desk.flag_counts().unwrap();
        assert_eq!(
            (counts.active, counts.recheck_overdue, counts.report_overdue),
            (n as i64, re as i64, rep as i64),
            "flag_counts at {hms}"
        );
        let board = console.screen();
        assert!(
            board.contains(&format!("Open fever flags ({n})")),
            "dashboard at {hms}:\n{board}"
        );
        // The side panel's rows follow the log's right border: `||! ` or `||* `.
        let rows = board
            .lines()
            .filter(|l| l.contains("||! ") || l.contains("||* "))
            .count();
        assert_eq!(
            rows, n,
            "one dashboard row per active case at {hms}:\n{board}"
        );
        console.key('3');
        let view = console.screen();
        let title = format!("Fever cases: {n} active, {re} re-check overdue, {rep} report overdue");
        assert!(view.contains(&title), "flagged view at {hms}:\n{view}");
        for case in &active {
            let name = case["name"].as_str().unwrap();
            let short: String = name.chars().take(3).collect();
            assert!(view.contains(&short), "{name} listed at {hms}:\n{view}");
        }
    }
}
