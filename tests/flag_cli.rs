//! The fever follow-up through the real binary: a fever at the gate opens a case that
//! is re-checked, observed, referred, reported and closed; refusals say what is allowed
//! next and write nothing; countdowns follow the pinned clock.

mod common;

mod common_flags {
    use super::common::Env;
    use serde_json::Value;

    pub const T0: &str = "2026-11-29T08:00:00+08:00";

    const CONFIG: &str = r#"
[site]
timezone = "Asia/Shanghai"

[flags]
observation_places = ["医务室临时留观点", "东门留观室"]

[users.gate1]
name = "门卫甲"
role = "guard"

[users.zhao]
name = "赵敏"
role = "officer"

[users.li]
name = "李玉德"
role = "leader"

[users.du]
name = "杜督查"
role = "supervisor"

[users.root]
name = "管理员"
role = "admin"
"#;

    const ROSTER: &str = "学号,姓名,类别,系部\nS001,王小明,学生,机电系\nS002,李娜,学生,护理系\nS003,张伟,学生,建筑系\n";

    pub struct Desk {
        pub env: Env,
    }

    pub struct Out {
        pub ok: bool,
        pub code: i32,
        pub stdout: String,
        pub stderr: String,
    }

    impl Out {
        pub fn json_lines(&self) -> Vec<Value> {
            self.stdout
                .lines()
                .map(|l| serde_json::from_str(l).expect("a JSON line"))
                .collect()
        }
        pub fn json(&self) -> Value {
            let mut lines = self.json_lines();
            assert_eq!(lines.len(), 1, "{}", self.stdout);
            lines.remove(0)
        }
    }

    impl Desk {
        pub fn new() -> Desk {
            let d = Desk {
                env: Env::with_config(CONFIG),
            };
            let roster = d.env.path("roster.csv");
            std::fs::write(&roster, ROSTER).unwrap();
            d.ok("root", T0, &["people", "import", roster.to_str().unwrap()]);
            d
        }

        pub fn run(&self, user: &str, now: &str, args: &[&str]) -> Out {
            self.run_with_input(user, now, args, "")
        }

        /// Runs in the isolated environment of `tests/common` (zone, English messages,
        /// every XDG directory inside the temporary directory) with the clock at `now`.
        pub fn run_with_input(&self, user: &str, now: &str, args: &[&str], input: &str) -> Out {
            let out = self
                .env
                .cmd()
                .env("DUTYDESK_NOW", now)
                .arg("--user")
                .arg(user)
                .args(args)
                .write_stdin(input)
                .output()
                .unwrap();
            Out {
                ok: out.status.success(),
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8(out.stdout).unwrap(),
                stderr: String::from_utf8(out.stderr).unwrap(),
            }
        }

        /// Runs and insists on success.
        pub fn ok(&self, user: &str, now: &str, args: &[&str]) -> Out {
            let out = self.run(user, now, args);
            assert!(
                out.ok,
                "{args:?} failed ({}):\n{}{}",
                out.code, out.stdout, out.stderr
            );
            out
        }

        /// Runs and insists on a refusal (exit 1); returns stderr.
        pub fn refused(&self, user: &str, now: &str, args: &[&str]) -> String {
            let out = self.run(user, now, args);
            assert_eq!(out.code, 1, "{args:?}:\n{}{}", out.stdout, out.stderr);
            assert!(out.stdout.is_empty(), "{}", out.stdout);
            out.stderr
        }

        /// A gate registration by the guard; returns the entry's JSON.
        pub fn gate(&self, now: &str, person: &str, temp: &str) -> Value {
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
                    "--format",
                    "json",
                ],
            )
            .json()
        }

        /// The active cases as JSON.
        pub fn active(&self, now: &str) -> Vec<Value> {
            self.ok("du", now, &["flag", "list", "--active", "--format", "json"])
                .json_lines()
        }

        pub fn show(&self, now: &str, id: i64) -> Value {
            self.ok(
                "du",
                now,
                &["flag", "show", &id.to_string(), "--format", "json"],
            )
            .json()
        }

        pub fn audit_rows(&self) -> usize {
            self.ok(
                "root",
                T0,
                &["audit", "list", "--limit", "100000", "--format", "json"],
            )
            .json_lines()
            .len()
        }
    }
}

use common_flags::{Desk, T0};
use serde_json::Value;

fn id_of(case: &Value) -> String {
    case["id"].as_i64().unwrap().to_string()
}

#[test]
fn a_fever_at_the_gate_goes_the_whole_way_to_closed() {
    let d = Desk::new();
    let entry = d.gate(T0, "S001", "37.8");
    assert_eq!(entry["flagged"], true);

    // The case is listed at once, with its deadlines.
    let active = d.active("2026-11-29T08:02:48+08:00");
    assert_eq!(active.len(), 1);
    let case = &active[0];
    let id = id_of(case);
    assert_eq!(case["entry_id"], entry["id"]);
    assert_eq!(case["person_id"], "S001");
    assert_eq!(case["name"], "王小明");
    assert_eq!(case["first_temp"], 37.8);
    assert_eq!(case["status"], "open");
    assert_eq!(case["recheck_due"], "2026-11-29T08:10:00+08:00");
    assert_eq!(case["report_due"], "2026-11-29T10:00:00+08:00");
    assert_eq!(case["overdue"], false);
    assert_eq!(case["rechecks"], serde_json::json!([]));

    // The table counts down from the pinned clock.
    let table = d.ok(
        "du",
        "2026-11-29T08:02:48+08:00",
        &["flag", "list", "--active"],
    );
    assert!(
        table.stdout.contains("re-check due in 7m 12s"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("report due in 1h 57m"));
    let late = d.ok(
        "du",
        "2026-11-29T08:13:10+08:00",
        &["flag", "list", "--active"],
    );
    assert!(
        late.stdout.contains("re-check overdue 3m 10s"),
        "{}",
        late.stdout
    );
    assert!(late.stdout.lines().nth(1).unwrap().starts_with('!'));

    // The guard re-checks with a mercury thermometer: still a fever.
    let out = d.ok(
        "gate1",
        "2026-11-29T08:07:00+08:00",
        &[
            "flag", "recheck", &id, "--temp", "38.1", "--method", "mercury",
        ],
    );
    assert!(out.stdout.contains("fever confirmed"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("next: send to observation (flag observe) or report (flag report)"),
        "{}",
        out.stdout
    );

    // The officer sends them to the default observation place.
    let out = d.ok(
        "zhao",
        "2026-11-29T08:12:00+08:00",
        &["flag", "observe", &id, "--format", "json"],
    );
    let c = out.json();
    assert_eq!(c["status"], "observing");
    assert_eq!(c["place"], "医务室临时留观点");
    assert_eq!(c["arrived_at"], "2026-11-29T08:12:00+08:00");

    d.ok(
        "zhao",
        "2026-11-29T08:40:00+08:00",
        &[
            "flag",
            "refer",
            &id,
            "--to",
            "发热门诊",
            "--note",
            "班主任陪同前往",
        ],
    );
    d.ok(
        "li",
        "2026-11-29T08:45:00+08:00",
        &["flag", "report", &id, "--to", "校疫情防控领导小组"],
    );
    let out = d.ok(
        "zhao",
        "2026-11-29T11:00:00+08:00",
        &["flag", "close", &id, "--note", "诊断为普通感冒，居家休息"],
    );
    assert!(out.stdout.contains("is closed"), "{}", out.stdout);

    let c = d.show("2026-11-29T11:00:00+08:00", id.parse().unwrap());
    assert_eq!(c["status"], "closed");
    assert_eq!(c["referred_to"], "发热门诊");
    assert_eq!(c["note"], "班主任陪同前往");
    assert_eq!(c["reported_to"], "校疫情防控领导小组");
    assert_eq!(c["reported_at"], "2026-11-29T08:45:00+08:00");
    assert_eq!(c["reported_by"], "li");
    assert_eq!(c["closed_at"], "2026-11-29T11:00:00+08:00");
    assert_eq!(c["outcome"], "诊断为普通感冒，居家休息");
    assert_eq!(c["overdue"], false);
    assert_eq!(
        c["rechecks"],
        serde_json::json!([{
            "at": "2026-11-29T08:07:00+08:00", "temp": 38.1, "method": "mercury", "by": "gate1"
        }])
    );
    assert!(d.active("2026-11-29T11:00:00+08:00").is_empty());

    // Every step is in the audit trail, and the chain holds.
    let audit = d
        .ok("root", T0, &["audit", "list", "--format", "json"])
        .json_lines();
    let actions: Vec<&str> = audit
        .iter()
        .filter(|r| r["entity"] == "flag")
        .map(|r| r["action"].as_str().unwrap())
        .rev()
        .collect();
    assert_eq!(
        actions,
        [
            "flag.open",
            "flag.recheck",
            "flag.observe",
            "flag.refer",
            "flag.report",
            "flag.close"
        ]
    );
    d.ok("root", T0, &["audit", "verify"]);

    // The human view shows the record and that nothing comes next.
    let show = d.ok("du", "2026-11-29T11:00:00+08:00", &["flag", "show", &id]);
    for text in [
        "closed",
        "医务室临时留观点",
        "发热门诊",
        "校疫情防控领导小组",
        "mercury",
        "nothing (the case is finished)",
    ] {
        assert!(show.stdout.contains(text), "{text}:\n{}", show.stdout);
    }
}

#[test]
fn a_normal_recheck_clears_the_case_and_the_person_may_enter() {
    let d = Desk::new();
    d.gate(T0, "S002", "37.4");
    let id = id_of(&d.active(T0)[0]);
    let out = d.ok(
        "gate1",
        "2026-11-29T08:05:00+08:00",
        &[
            "flag",
            "recheck",
            &id,
            "--temp",
            "３６．９",
            "--method",
            "second device",
        ],
    );
    assert!(
        out.stdout.contains("cleared as a false alarm"),
        "{}",
        out.stdout
    );
    let c = d.show("2026-11-29T08:05:00+08:00", id.parse().unwrap());
    assert_eq!(c["status"], "cleared");
    assert_eq!(c["closed_at"], "2026-11-29T08:05:00+08:00");
    assert_eq!(c["rechecks"][0]["temp"], 36.9);
    assert!(d.active("2026-11-29T12:00:00+08:00").is_empty());
    let again = d.gate("2026-11-29T08:06:00+08:00", "S002", "36.9");
    assert_eq!(again["decision"], "admitted");
    let err = d.refused(
        "zhao",
        "2026-11-29T08:07:00+08:00",
        &["flag", "report", &id, "--to", "防控办"],
    );
    assert!(
        err.contains("the case is finished") && err.contains("Allowed next: nothing"),
        "{err}"
    );
}

#[test]
fn refused_transitions_say_what_is_allowed_and_write_nothing() {
    let d = Desk::new();
    d.gate(T0, "S001", "38.5");
    let id = id_of(&d.active(T0)[0]);
    let now = "2026-11-29T08:03:00+08:00";
    let before = d.audit_rows();

    let err = d.refused("zhao", now, &["flag", "close", &id, "--note", "已离校"]);
    assert!(
        err.contains("cannot close: the first reading must be re-checked first")
            && err.contains("Allowed next: re-check (flag recheck) or report (flag report)"),
        "{err}"
    );
    let err = d.refused("zhao", now, &["flag", "observe", &id]);
    assert!(err.contains("re-checked first"), "{err}");
    let err = d.refused("zhao", now, &["flag", "refer", &id, "--to", "发热门诊"]);
    assert!(err.contains("re-checked first"), "{err}");
    let zh = d.refused(
        "zhao",
        now,
        &["--lang", "zh", "flag", "close", &id, "--note", "x"],
    );
    assert!(
        zh.contains("不能结案") && zh.contains("复测（flag recheck）或上报（flag report）"),
        "{zh}"
    );
    assert_eq!(d.audit_rows(), before);

    d.ok("gate1", now, &["flag", "recheck", &id, "--temp", "38.4"]);
    let err = d.refused("gate1", now, &["flag", "recheck", &id, "--temp", "37.0"]);
    assert!(
        err.contains("confirmed the fever")
            && err.contains("send to observation (flag observe) or report (flag report)"),
        "{err}"
    );
    d.ok(
        "zhao",
        now,
        &["flag", "observe", &id, "--place", "东门留观室"],
    );
    let err = d.refused("zhao", now, &["flag", "close", &id, "--note", "x"]);
    assert!(
        err.contains("referred first") && err.contains("refer (flag refer)"),
        "{err}"
    );
    d.ok("zhao", now, &["flag", "refer", &id, "--to", "家长接回"]);
    let err = d.refused("zhao", now, &["flag", "close", &id, "--note", "x"]);
    assert!(
        err.contains("report to the epidemic-control group first")
            && err.contains("Allowed next: report (flag report)"),
        "{err}"
    );
    d.ok("zhao", now, &["flag", "report", &id, "--to", "防控办"]);
    let err = d.refused("zhao", now, &["flag", "report", &id, "--to", "防控办"]);
    assert!(err.contains("already recorded"), "{err}");
    let err = d.refused("zhao", now, &["flag", "observe", &id]);
    assert!(
        err.contains("already past this step") && err.contains("close (flag close)"),
        "{err}"
    );
    let rows = d.audit_rows();
    d.ok(
        "zhao",
        now,
        &["flag", "close", &id, "--note", "家长接回，居家观察"],
    );
    let err = d.refused("zhao", now, &["flag", "close", &id, "--note", "again"]);
    assert!(err.contains("finished"), "{err}");
    assert_eq!(d.audit_rows(), rows + 1);
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let d = Desk::new();
    d.gate(T0, "S001", "38.0");
    let id = id_of(&d.active(T0)[0]);
    let before = d.audit_rows();
    let err = d.refused("gate1", T0, &["flag", "recheck", &id, "--temp", "abc"]);
    assert!(
        err.contains("temperature") && err.contains("\"abc\""),
        "{err}"
    );
    let err = d.refused("gate1", T0, &["flag", "recheck", &id, "--temp", "47"]);
    assert!(err.contains("outside the valid range 34.0–43.0"), "{err}");
    let err = d.refused("gate1", T0, &["flag", "recheck", "9999", "--temp", "36.5"]);
    assert!(err.contains("no fever case with id 9999"), "{err}");
    let err = d.refused("zhao", T0, &["flag", "report", &id, "--to", "  "]);
    assert!(err.contains("reported to: must not be empty"), "{err}");
    d.ok("gate1", T0, &["flag", "recheck", &id, "--temp", "38.0"]);
    let rows = d.audit_rows();
    let err = d.refused("zhao", T0, &["flag", "observe", &id, "--place", "操场"]);
    assert!(
        err.contains("\"操场\" is not a configured observation place")
            && err.contains("医务室临时留观点, 东门留观室"),
        "{err}"
    );
    assert_eq!(d.audit_rows(), rows);
    assert_eq!(rows, before + 1);
    // A required option left out is a usage error.
    let out = d.run("zhao", T0, &["flag", "close", &id]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn supervisors_only_read_and_guards_only_recheck() {
    let d = Desk::new();
    d.gate(T0, "S001", "38.0");
    let id = id_of(&d.active(T0)[0]);
    let before = d.audit_rows();
    let steps: [&[&str]; 5] = [
        &["flag", "recheck", &id, "--temp", "36.5"],
        &["flag", "observe", &id],
        &["flag", "refer", &id, "--to", "发热门诊"],
        &["flag", "report", &id, "--to", "防控办"],
        &["flag", "close", &id, "--note", "x"],
    ];
    for args in steps {
        let err = d.refused("du", T0, args);
        assert!(
            err.contains("not allowed to") && err.contains("your role is supervisor"),
            "{err}"
        );
    }
    for args in &steps[1..] {
        let err = d.refused("gate1", T0, args);
        assert!(
            err.contains("not allowed to handle fever cases")
                && err.contains("officer, leader, admin"),
            "{err}"
        );
    }
    assert_eq!(d.audit_rows(), before);
    let c = d.show(T0, id.parse().unwrap());
    assert_eq!(
        (c["status"].as_str(), c["version"].as_i64()),
        (Some("open"), Some(1))
    );
    // Reading stays open to the supervisor.
    d.ok("du", T0, &["flag", "list"]);
    d.ok("du", T0, &["flag", "show", &id]);
}

#[test]
fn json_lines_carry_every_documented_key() {
    let d = Desk::new();
    d.gate(T0, "S001", "38.0");
    let case = &d.active(T0)[0];
    for key in [
        "id",
        "entry_id",
        "person_id",
        "name",
        "first_temp",
        "status",
        "recheck_due",
        "rechecks",
        "place",
        "referred_to",
        "reported_to",
        "reported_at",
        "closed_at",
        "report_due",
        "overdue",
    ] {
        assert!(case.get(key).is_some(), "missing {key}: {case}");
    }
    for key in [
        "place",
        "referred_to",
        "reported_to",
        "reported_at",
        "closed_at",
    ] {
        assert!(case[key].is_null(), "{key} should be null: {case}");
    }
}

#[test]
fn visitors_and_ingested_lines_open_cases_too() {
    let d = Desk::new();
    d.ok(
        "gate1",
        T0,
        &[
            "entry",
            "add",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "37.9",
            "--code",
            "green",
            "--venue-scan",
            "--visitor-name",
            "周师傅",
            "--visitor-id",
            "510402199003071230",
            "--visitor-phone",
            "13800138000",
            "--reason",
            "送货",
        ],
    );
    let out = d.run_with_input(
        "gate1",
        T0,
        &["ingest"],
        "{\"gate\":\"东门\",\"direction\":\"out\",\"temp\":\"38.3\",\"person_id\":\"S003\"}\n",
    );
    assert!(
        out.ok && out.stdout.contains("\"ok\":true"),
        "{}",
        out.stdout
    );
    let active = d.active(T0);
    assert_eq!(active.len(), 2);
    assert_eq!(active[0]["name"], "周师傅");
    assert!(active[0]["person_id"].is_null());
    assert_eq!(active[0]["kind"], "visitor");
    assert_eq!(active[1]["person_id"], "S003");
}

#[test]
fn the_list_and_the_service_agree_on_every_count() {
    use dutydesk::clock::FixedClock;
    use dutydesk::config::Config;
    use dutydesk::domain::Role;
    use dutydesk::service::{Actor, Desk as Service};
    use dutydesk::store::Store;
    use std::sync::Arc;

    let d = Desk::new();
    d.gate(T0, "S001", "38.0"); // left alone: re-check and report will be overdue
    d.gate("2026-11-29T08:01:00+08:00", "S002", "37.6"); // cleared
    d.gate("2026-11-29T08:02:00+08:00", "S003", "38.8"); // observed and reported
    let cases = d
        .ok("du", T0, &["flag", "list", "--format", "json"])
        .json_lines();
    let by_person = |p: &str| {
        cases
            .iter()
            .find(|c| c["person_id"] == p)
            .map(id_of)
            .unwrap()
    };
    let (b, c) = (by_person("S002"), by_person("S003"));
    let t = "2026-11-29T08:05:00+08:00";
    d.ok("gate1", t, &["flag", "recheck", &b, "--temp", "36.8"]);
    d.ok("gate1", t, &["flag", "recheck", &c, "--temp", "38.6"]);
    d.ok("zhao", t, &["flag", "observe", &c]);
    d.ok("zhao", t, &["flag", "report", &c, "--to", "防控办"]);

    for now in [
        "2026-11-29T08:05:00+08:00",
        "2026-11-29T08:10:00+08:00",
        "2026-11-29T10:00:00+08:00",
    ] {
        let listed = d.active(now);
        let overdue = listed.iter().filter(|c| c["overdue"] == true).count() as i64;
        let recheck_overdue = listed
            .iter()
            .filter(|c| c["recheck_overdue"] == true)
            .count() as i64;
        let at = chrono::DateTime::parse_from_rfc3339(now)
            .unwrap()
            .with_timezone(&chrono::Utc);
        let service = Service::new(
            Store::open(&d.env.db).unwrap(),
            Arc::new(Config::default()),
            Actor {
                login: "du".into(),
                name: "杜督查".into(),
                role: Role::Supervisor,
            },
            Arc::new(FixedClock::new(at)),
        )
        .unwrap();
        let counts = service.flag_counts().unwrap();
        assert_eq!(
            service.active_flag_count().unwrap(),
            listed.len() as i64,
            "{now}"
        );
        assert_eq!(counts.active, 2, "{now}");
        assert_eq!(counts.report_overdue, overdue, "{now}");
        assert_eq!(counts.recheck_overdue, recheck_overdue, "{now}");
        let status = |s: &str| listed.iter().filter(|c| c["status"] == s).count() as i64;
        assert_eq!(
            (counts.open, counts.observing, counts.referred),
            (status("open"), status("observing"), status("referred"))
        );
        assert_eq!(service.flag_handover_items().unwrap().len(), listed.len());
    }
    // At 10:00 the untouched case is overdue on both counts.
    let late = d.active("2026-11-29T10:00:00+08:00");
    let a = late.iter().find(|c| c["person_id"] == "S001").unwrap();
    assert_eq!(
        (a["overdue"].as_bool(), a["recheck_overdue"].as_bool()),
        (Some(true), Some(true))
    );
}
