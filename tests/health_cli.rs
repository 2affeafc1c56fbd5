//! `dutydesk health …` end to end: recording, the refusals, imports (GBK CSV, XLSX with
//! Chinese headers, idempotent, all or nothing), lists, missing, summary, the fever
//! case a reading opens, and a department head limited to their departments.

mod common;

use common::{CONFIG, Env, ROSTER};
use serde_json::Value;

/// Two students and one member of staff in 信息工程系 / 机电系, plus a department head
/// for 机电系 and the usual roles.
fn users_config() -> String {
    format!(
        "{}
[users.zhou]
name = \"周建国\"
role = \"dept_head\"
departments = [\"机电系\"]

[users.tester]
name = \"测试员\"
role = \"officer\"
",
        common::users_config()
    )
}

fn env() -> Env {
    let env = Env::with_config(&users_config());
    let file = env.path("roster.csv");
    std::fs::write(&file, ROSTER).unwrap();
    env.ok(&[
        "--user",
        "admin",
        "people",
        "import",
        file.to_str().unwrap(),
    ]);
    env
}

fn json_lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn readings(env: &Env) -> i64 {
    env.conn()
        .query_row("SELECT count(*) FROM health_readings", [], |r| r.get(0))
        .unwrap()
}

fn audit_rows(env: &Env) -> i64 {
    env.conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_recorded_reading_lists_with_the_issue_json_keys() {
    let env = env();
    env.ok(&[
        "--user",
        "zhao",
        "health",
        "record",
        "--person",
        "S1",
        "--check",
        "morning",
        "--temp",
        "36.5",
        "--location",
        "市内",
    ]);
    let rows = json_lines(&env.ok(&["health", "list", "--format", "json"]));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "abnormal",
            "at",
            "check",
            "class",
            "date",
            "department",
            "location",
            "name",
            "person_id",
            "recorded_by",
            "source",
            "symptoms",
            "temp"
        ]
    );
    assert_eq!(r["person_id"], "S1");
    assert_eq!(r["date"], "2026-11-29");
    assert_eq!(r["temp"], 36.5);
    assert_eq!(r["abnormal"], false);
    assert_eq!(r["source"], "desk");
    assert_eq!(r["recorded_by"], "zhao");
    assert_eq!(r["location"], "市内");
    // The table shows labels, not keys.
    let table = env.ok(&["--lang", "zh", "health", "list"]);
    assert!(
        table.contains("晨检") && table.contains("值班台录入") && table.contains("赵敏"),
        "{table}"
    );
}

#[test]
fn recording_again_replaces_the_reading_and_the_audit_keeps_the_old_value() {
    let env = env();
    let rec = |temp: &str| {
        env.ok(&[
            "--user",
            "zhao",
            "health",
            "record",
            "--person",
            "S1",
            "--check",
            "晨检",
            "--temp",
            temp,
            "--symptoms",
            "咳嗽",
        ])
    };
    rec("36.5");
    let out = rec("36.8");
    assert!(out.contains("replaced"), "{out}");
    assert_eq!(readings(&env), 1);
    let details: String = env
        .conn()
        .query_row(
            "SELECT details FROM audit WHERE action = 'health.record' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let d: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(d["previous"]["temp"], 36.5);
    assert_eq!(d["temp"], 36.8);
    assert_eq!(d["symptoms"][0], "cough");
    let rows = json_lines(&env.ok(&["health", "list", "--abnormal", "--format", "json"]));
    assert_eq!(rows[0]["temp"], 36.8, "a symptom makes it abnormal");
    assert!(env.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn bad_input_is_refused_naming_the_problem_and_nothing_is_written() {
    let env = env();
    let audit = audit_rows(&env);
    for (args, needle) in [
        (vec!["--person", "S9", "--temp", "36.5"], "S9"),
        (
            vec!["--person", "S1", "--temp", "36.55"],
            "\"36.55\" has more than one decimal",
        ),
        (
            vec!["--person", "S1", "--temp", "hot"],
            "\"hot\" is not a temperature",
        ),
        (
            vec!["--person", "S1", "--temp", "45"],
            "outside the valid range 34.0–43.0",
        ),
        (
            vec!["--person", "S1", "--temp", "36.5", "--symptoms", "sneezing"],
            "sneezing",
        ),
        (
            vec!["--person", "S1", "--temp", "36.5", "--date", "2026-11-30"],
            "future",
        ),
        (
            vec!["--person", "S1", "--temp", "36.5", "--date", "29/11"],
            "YYYY-MM-DD",
        ),
    ] {
        let mut all = vec!["health", "record", "--check", "morning"];
        all.extend(args);
        let err = env.fails(&all);
        assert!(err.contains(needle), "{all:?}: {err}");
    }
    let err = env.fails(&[
        "health", "record", "--person", "S1", "--check", "night", "--temp", "36.5",
    ]);
    assert!(err.contains("night") && err.contains("morning"), "{err}");
    assert_eq!(readings(&env), 0);
    assert_eq!(audit_rows(&env), audit);
}

#[test]
fn a_fever_reading_opens_a_fever_case_from_the_health_check() {
    let env = env();
    let out = env.ok(&[
        "--user", "zhao", "health", "record", "--person", "S2", "--check", "noon", "--temp", "38.2",
    ]);
    assert!(out.contains("fever case #1"), "{out}");
    let cases = json_lines(&env.ok(&["flag", "list", "--format", "json"]));
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["entry_id"], Value::Null);
    assert_eq!(cases[0]["reading_id"], 1);
    assert_eq!(cases[0]["check"], "noon");
    assert_eq!(cases[0]["first_temp"], 38.2);
    let shown = env.ok(&["--lang", "zh", "flag", "show", "1"]);
    assert!(
        shown.contains("来自健康监测") && shown.contains("午检"),
        "{shown}"
    );
    // The case follows the usual workflow.
    env.ok(&["--user", "zhao", "flag", "recheck", "1", "--temp", "38.0"]);
    // Recording the same check again does not open a second case.
    env.ok(&[
        "--user", "zhao", "health", "record", "--person", "S2", "--check", "noon", "--temp", "38.4",
    ]);
    assert_eq!(
        json_lines(&env.ok(&["flag", "list", "--format", "json"])).len(),
        1
    );
    assert!(env.ok(&["audit", "verify"]).contains("intact"));
}

const GBK_CSV: &str = "学号,姓名,今日体温,症状,所在地,填报时间\r\nS1,王小明,36.4,无,市内,2026-11-29 07:31\r\nS2,李 华,37.8,咳嗽、乏力,外地：成都,2026-11-29 07:45\r\nT1,张老师,36.6,,市内,2026-11-29 12:10\r\n";

#[test]
fn a_gbk_csv_with_chinese_headers_imports_and_importing_it_again_changes_nothing() {
    let env = env();
    let file = env.path("health.csv");
    let (gbk, _, _) = encoding_rs::GBK.encode(GBK_CSV);
    std::fs::write(&file, &gbk).unwrap();
    let out = env.ok(&["--user", "zhao", "health", "import", file.to_str().unwrap()]);
    assert!(
        out.contains("3 added") && out.contains("1 fever case"),
        "{out}"
    );
    let rows = json_lines(&env.ok(&["health", "list", "--format", "json"]));
    let by = |id: &str| rows.iter().find(|r| r["person_id"] == id).unwrap().clone();
    assert_eq!(by("S1")["check"], "morning");
    assert_eq!(by("S1")["at"], "2026-11-29T07:31:00+08:00");
    assert_eq!(
        by("S2")["symptoms"],
        serde_json::json!(["cough", "fatigue"])
    );
    assert_eq!(by("S2")["location"], "外地：成都");
    assert_eq!(by("S2")["source"], "import");
    assert_eq!(by("T1")["check"], "noon", "12:10 belongs to the noon check");
    let audit = audit_rows(&env);
    let again = env.ok(&["--user", "zhao", "health", "import", file.to_str().unwrap()]);
    assert!(
        again.contains("0 added, 0 replaced, 3 unchanged"),
        "{again}"
    );
    assert_eq!(audit_rows(&env), audit, "the second import wrote nothing");
    assert_eq!(readings(&env), 3);
    // Every reading and the fever case are recorded in the audit chain.
    let verify = env.ok(&["audit", "verify"]);
    assert!(
        verify.contains("intact") && !verify.contains("unaudited"),
        "{verify}"
    );
}

#[test]
fn an_xlsx_export_with_chinese_headers_imports() {
    let env = env();
    let file = env.path("health.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["学号", "姓名", "体温", "症状", "检次"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, f64, &str, &str); 2] = [
        ("S1", "王小明", 36.5, "", "晚检"),
        ("T1", "张老师", 36.9, "sore_throat", "evening"),
    ];
    for (i, (id, name, temp, sym, check)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_number(r, 2, *temp).unwrap();
        ws.write_string(r, 3, *sym).unwrap();
        ws.write_string(r, 4, *check).unwrap();
    }
    wb.save(&file).unwrap();
    let out = env.ok(&[
        "--user",
        "zhao",
        "health",
        "import",
        file.to_str().unwrap(),
        "--date",
        "2026-11-28",
    ]);
    assert!(out.contains("2 added"), "{out}");
    let rows = json_lines(&env.ok(&[
        "health",
        "list",
        "--date",
        "2026-11-28",
        "--check",
        "evening",
        "--format",
        "json",
    ]));
    assert_eq!(rows.len(), 2);
    let t1 = rows.iter().find(|r| r["person_id"] == "T1").unwrap();
    assert_eq!(t1["temp"], 36.9);
    assert_eq!(t1["abnormal"], true, "sore throat");
}

#[test]
fn an_import_with_bad_rows_lists_them_by_line_and_writes_nothing() {
    let env = env();
    let file = env.path("bad.csv");
    std::fs::write(
        &file,
        "学号,姓名,体温,症状\nS1,王小明,36.5,\nS9,某某,36.5,\nS2,李明,36.5,\nT1,张老师,41.x,\nS1,王小明,36.7,打喷嚏\n",
    )
    .unwrap();
    let err = env.fails(&[
        "health",
        "import",
        file.to_str().unwrap(),
        "--check",
        "morning",
    ]);
    for needle in [
        "line 3: S9 is not on the roster",
        "line 4: S2 is named \"李明\" but the roster says \"李华\"",
        "line 5, temp: \"41.x\" is not a temperature",
        "line 6, symptoms: unknown symptom \"打喷嚏\"",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    assert_eq!(readings(&env), 0);
    // A dry run of a good file reports and writes nothing either.
    std::fs::write(&file, "学号,姓名,体温\nS1,王小明,36.5\n").unwrap();
    let out = env.ok(&[
        "health",
        "import",
        file.to_str().unwrap(),
        "--check",
        "morning",
        "--dry-run",
    ]);
    assert!(
        out.contains("dry run") && out.contains("would add 1"),
        "{out}"
    );
    assert_eq!(readings(&env), 0);
}

#[test]
fn an_import_lists_the_first_hundred_problems_and_counts_the_rest() {
    let env = env();
    let mut csv = String::from("学号,姓名,体温\n");
    for i in 0..150 {
        csv.push_str(&format!("X{i},某某,36.5\n"));
    }
    let file = env.path("many.csv");
    std::fs::write(&file, csv).unwrap();
    let err = env.fails(&[
        "health",
        "import",
        file.to_str().unwrap(),
        "--check",
        "morning",
    ]);
    assert!(err.contains("150 problem(s)"), "{err}");
    assert!(
        err.contains("line 101:") && !err.contains("line 102:"),
        "{err}"
    );
    assert!(err.contains("50 more problem(s)"), "{err}");
}

#[test]
fn missing_counts_checks_that_are_due_and_summary_has_the_issue_shape() {
    let env = env();
    env.ok(&[
        "health", "record", "--person", "S1", "--check", "morning", "--temp", "37.5",
    ]);
    // At 08:00 nothing is due yet; a named check lists who has none regardless.
    assert!(json_lines(&env.ok(&["health", "missing", "--format", "json"])).is_empty());
    let named = json_lines(&env.ok(&[
        "health", "missing", "--check", "morning", "--format", "json",
    ]));
    let ids: Vec<&str> = named
        .iter()
        .map(|m| m["person_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["T1", "S2"]);
    let mut keys: Vec<&str> = named[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["check", "class", "department", "name", "person_id"]);
    // At 14:30 the morning and noon checks are due.
    let out = env
        .cmd()
        .env("DUTYDESK_NOW", "2026-11-29T14:30:00+08:00")
        .args(["health", "missing", "--format", "json"])
        .output()
        .unwrap();
    let due = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(due.len(), 2 + 3);
    // A past day: every check.
    let past = json_lines(&env.ok(&[
        "health",
        "missing",
        "--date",
        "2026-11-28",
        "--department",
        "机电系",
        "--format",
        "json",
    ]));
    assert_eq!(past.len(), 3);

    let s: Value =
        serde_json::from_str(&env.ok(&["health", "summary", "--format", "json"])).unwrap();
    assert_eq!(s["date"], "2026-11-29");
    let it = s["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department"] == "信息工程系")
        .unwrap();
    assert_eq!(
        it["checks"]["morning"],
        serde_json::json!({"expected": 2, "reported": 1, "missing": 1, "abnormal": 1})
    );
    assert_eq!(s["total"]["checks"]["noon"]["missing"], 3);
    assert_eq!(s["total"]["day"]["expected"], 9);
    assert_eq!(s["total"]["day"]["reported"], 1);
}

#[test]
fn a_department_head_works_only_within_their_departments() {
    let env = env();
    // The officer records for both departments; a leave for S1 and a fever for S1.
    env.ok(&[
        "--user", "zhao", "health", "record", "--person", "S1", "--check", "morning", "--temp",
        "38.5",
    ]);
    env.ok(&[
        "--user",
        "zhao",
        "approval",
        "request",
        "leave",
        "--person",
        "S1",
        "--dest",
        "成都",
        "--from",
        "2026-12-01T08:00",
        "--to",
        "2026-12-02T18:00",
        "--reason",
        "看病",
    ]);
    let as_head = |args: &[&str]| {
        let mut all = vec!["--user", "zhou"];
        all.extend_from_slice(args);
        all.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let ok = |args: &[&str]| {
        let a = as_head(args);
        env.ok(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let fails = |args: &[&str]| {
        let a = as_head(args);
        env.fails(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let before = (readings(&env), audit_rows(&env));
    // Outside: refused, nothing written.
    let err = fails(&[
        "health", "record", "--person", "S1", "--check", "morning", "--temp", "36.5",
    ]);
    assert!(
        err.contains("信息工程系") && err.contains("机电系"),
        "{err}"
    );
    let file = env.path("mixed.csv");
    std::fs::write(&file, "学号,姓名,体温\nS2,李华,36.5\nT1,张老师,36.6\n").unwrap();
    let err = fails(&[
        "health",
        "import",
        file.to_str().unwrap(),
        "--check",
        "noon",
    ]);
    assert!(
        err.contains("line 3: T1 belongs to \"信息工程系\""),
        "{err}"
    );
    for args in [
        &["health", "list", "--department", "信息工程系"][..],
        &["health", "missing", "--department", "信息工程系"],
        &[
            "health",
            "sheet",
            "--date",
            "2026-11-29",
            "--department",
            "信息工程系",
            "--out",
            "x.xlsx",
        ],
        &["flag", "show", "1"],
        &["approval", "show", "1"],
        &[
            "entry",
            "add",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--person",
            "S2",
            "--temp",
            "36.5",
            "--code",
            "green",
            "--venue-scan",
        ],
    ] {
        fails(args);
    }
    assert_eq!((readings(&env), audit_rows(&env)), before);

    // Inside: allowed, and lists see only their people.
    ok(&[
        "health", "record", "--person", "S2", "--check", "morning", "--temp", "36.5",
    ]);
    let rows = json_lines(&ok(&["health", "list", "--format", "json"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["person_id"], "S2");
    let missing = json_lines(&ok(&[
        "health", "missing", "--check", "noon", "--format", "json",
    ]));
    assert_eq!(missing.len(), 1);
    let s: Value = serde_json::from_str(&ok(&["health", "summary", "--format", "json"])).unwrap();
    assert_eq!(s["departments"].as_array().unwrap().len(), 1);
    assert_eq!(s["total"]["day"]["expected"], 3);
    assert!(json_lines(&ok(&["flag", "list", "--format", "json"])).is_empty());
    assert!(json_lines(&ok(&["approval", "list", "--format", "json"])).is_empty());
    // The officer sees everything.
    assert_eq!(
        json_lines(&env.ok(&["--user", "zhao", "flag", "list", "--format", "json"])).len(),
        1
    );
}

#[test]
fn a_department_head_may_get_an_ssh_key() {
    let env = env();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl zhou@laptop";
    let file = env.path("zhou.pub");
    std::fs::write(&file, key).unwrap();
    let out = env
        .cmd()
        .args([
            "--user",
            "zhou",
            "ssh",
            "authorize",
            "--key",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(
        line.contains("zhou") && line.starts_with("command="),
        "{line}"
    );
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("department head"), "{said}");
}

#[test]
fn a_dept_head_without_departments_is_a_config_error_naming_the_line() {
    let env = Env::with_config(&format!(
        "{CONFIG}\n[users.zhou]\nname = \"周建国\"\nrole = \"dept_head\"\n"
    ));
    let err = env.fails(&["health", "list"]);
    let line = CONFIG.lines().count() + 2;
    assert!(err.contains(&format!("config.toml, line {line}")), "{err}");
    assert!(err.contains("users.zhou.departments"), "{err}");
}
