//! `dutydesk entry add` and `dutydesk entry list`: screening, visitors, bad input,
//! filters and the JSON form.

mod common;

use common::{Env, resident_id};
use serde_json::Value;

/// A rostered student going in, green code scanned, at the given temperature.
fn person_in(temp: &str) -> Vec<String> {
    someone_in("S1", temp)
}

/// The same for another person of the roster (S1, S2, T1).
fn someone_in(person: &str, temp: &str) -> Vec<String> {
    [
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
    ]
    .map(String::from)
    .to_vec()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn reasons(e: &Value) -> Vec<&str> {
    e["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

fn ids(entries: &[Value]) -> Vec<i64> {
    entries.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

// ------------------------------------------------------------------ screening

#[test]
fn screening_at_the_threshold_boundary() {
    let env = Env::with_roster();
    let e = env.add(&strs(&person_in("37.2")));
    assert_eq!(e["decision"], "admitted");
    assert_eq!(e["flagged"], false);
    assert!(reasons(&e).is_empty());
    // Another person each: a fever case, once open, refuses its person at the gate.
    for (person, temp) in [("S2", "37.3"), ("T1", "37.4")] {
        let e = env.add(&strs(&someone_in(person, temp)));
        assert_eq!(e["decision"], "denied", "{temp}");
        assert_eq!(e["flagged"], true, "{temp}");
        assert_eq!(reasons(&e), ["fever"], "{temp}");
    }
}

#[test]
fn temperature_is_accepted_with_units_and_full_width_digits() {
    let env = Env::with_roster();
    for temp in ["37.5", "37.5℃", "37.5°C", "３７．５", " 36 "] {
        let e = env.add(&strs(&person_in(temp)));
        let expected = if temp.trim() == "36" { "36.0" } else { "37.5" };
        assert_eq!(e["temp"].to_string(), expected, "{temp}");
    }
}

#[test]
fn health_code_colours_and_the_venue_scan_decide() {
    let env = Env::with_roster();
    let with = |code: Option<&str>, scan: bool| {
        let mut a = vec![
            "--gate",
            "西门",
            "--direction",
            "in",
            "--temp",
            "36.5",
            "--person",
            "S2",
        ];
        if let Some(c) = code {
            a.extend(["--code", c]);
        }
        if scan {
            a.push("--venue-scan");
        }
        env.add(&a)
    };
    let e = with(Some("green"), true);
    assert_eq!(
        (e["decision"].as_str(), reasons(&e)),
        (Some("admitted"), vec![])
    );
    let e = with(Some("yellow"), true);
    assert_eq!(reasons(&e), ["code_yellow"]);
    assert_eq!(e["decision"], "denied");
    assert_eq!(e["flagged"], false, "only a fever flags an entry");
    let e = with(Some("red"), true);
    assert_eq!(reasons(&e), ["code_red"]);
    let e = with(Some("green"), false);
    assert_eq!(reasons(&e), ["no_venue_scan"]);
    let e = with(None, true);
    assert_eq!(
        e["decision"], "admitted",
        "no code shown is allowed by default"
    );
    assert_eq!(e["code"], Value::Null);
    let e = with(Some("red"), false);
    assert_eq!(reasons(&e), ["code_red", "no_venue_scan"]);
}

#[test]
fn going_out_is_recorded_but_never_refused() {
    let env = Env::with_roster();
    let e = env.add(&[
        "--gate",
        "北门",
        "--direction",
        "out",
        "--temp",
        "38.5",
        "--code",
        "red",
        "--person",
        "S1",
    ]);
    assert_eq!(e["direction"], "out");
    assert_eq!(e["decision"], "admitted");
    assert!(reasons(&e).is_empty());
    assert_eq!(e["flagged"], true, "the fever still needs follow-up");
    assert_eq!(env.counts().entries, 1);
}

#[test]
fn a_denied_entry_is_recorded_with_its_audit_row() {
    let env = Env::with_roster();
    let before = env.counts();
    let e = env.add(&[
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--code",
        "red",
        "--person",
        "S1",
    ]);
    assert_eq!(e["decision"], "denied");
    let after = env.counts();
    assert_eq!(after.entries, before.entries + 1);
    assert_eq!(after.audit, before.audit + 1);
    // A fever is refused and recorded too, and opens its case in the same transaction.
    let e = env.add(&strs(&person_in("38.0")));
    assert_eq!(e["decision"], "denied");
    assert_eq!(env.counts().entries, after.entries + 1);
    let actions: Vec<String> = env
        .conn()
        .prepare("SELECT action FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        actions,
        ["people.import", "entry.add", "entry.add", "flag.open"]
    );
}

#[test]
fn the_stored_threshold_stays_when_the_rules_change() {
    let env = Env::with_roster();
    let old = env.add(&strs(&person_in("37.3")));
    assert_eq!(old["threshold"].to_string(), "37.3");
    env.set_config(&format!(
        "{}\n[screening]\nfever_threshold = 37.5\n",
        common::CONFIG
    ));
    let new = env.add(&strs(&someone_in("S2", "37.3")));
    assert_eq!(new["decision"], "admitted");
    assert_eq!(new["threshold"].to_string(), "37.5");
    let listed = env.list(&[]);
    let old_again = listed.iter().find(|e| e["id"] == old["id"]).unwrap();
    assert_eq!(old_again["decision"], "denied");
    assert_eq!(old_again["flagged"], true);
    assert_eq!(old_again["threshold"].to_string(), "37.3");
}

// ------------------------------------------------------------------- bad input

#[test]
fn bad_temperatures_are_refused_naming_the_field_and_nothing_is_written() {
    let env = Env::with_roster();
    let before = env.counts();
    for (temp, why) in [
        ("abc", "is not a temperature"),
        ("52", "outside the valid range"),
        ("-1", "outside the valid range"),
        ("37.5.1", "is not a temperature"),
        ("", "a temperature is required"),
        ("37.55", "more than one decimal"),
    ] {
        let person = person_in(temp);
        let mut args = vec!["entry", "add"];
        args.extend(strs(&person));
        let err = env.fails(&args);
        assert!(err.contains("temperature"), "{temp:?}: {err}");
        assert!(err.contains(why), "{temp:?}: {err}");
    }
    assert_eq!(env.counts(), before);
}

#[test]
fn bad_temperatures_are_named_in_chinese_too() {
    let env = Env::with_roster();
    let mut args = vec!["--lang", "zh", "entry", "add"];
    let person = person_in("abc");
    args.extend(strs(&person));
    let err = env.fails(&args);
    assert!(err.contains("体温"), "{err}");
}

#[test]
fn unknown_gate_and_unknown_person_are_input_errors() {
    let env = Env::with_roster();
    let before = env.counts();
    let err = env.fails(&[
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "南门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        "S1",
    ]);
    assert!(err.contains("unknown gate \"南门\""), "{err}");
    assert!(
        err.contains("东门, 西门, 北门"),
        "lists the configured gates: {err}"
    );
    let err = env.fails(&[
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        "S999",
    ]);
    assert!(err.contains("no person with id \"S999\""), "{err}");
    let err = env.fails(&[
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "up",
        "--temp",
        "36.5",
        "--person",
        "S1",
    ]);
    assert!(err.contains("direction"), "{err}");
    let err = env.fails(&[
        "entry",
        "add",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--code",
        "blue",
        "--person",
        "S1",
    ]);
    assert!(err.contains("health code"), "{err}");
    assert_eq!(env.counts(), before);
}

#[test]
fn neither_person_nor_visitor_is_an_input_error() {
    let env = Env::with_roster();
    let err = env.fails(&[
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
    ]);
    assert!(err.contains("--person"), "{err}");
}

// -------------------------------------------------------------------- visitors

fn visitor_args<'a>(rid: &'a str, skip: Option<&str>) -> Vec<&'a str> {
    let fields: [(&str, &'a str); 4] = [
        ("--visitor-name", "赵访客"),
        ("--visitor-id", rid),
        ("--visitor-phone", "13900001111"),
        ("--reason", "送材料"),
    ];
    let mut a = vec![
        "entry",
        "add",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.4",
        "--code",
        "green",
        "--venue-scan",
    ];
    for (flag, value) in fields {
        if Some(flag) != skip {
            a.extend([flag, value]);
        }
    }
    a
}

#[test]
fn a_visitor_is_registered_with_a_host() {
    let env = Env::with_roster();
    let rid = resident_id("51040219800101123");
    let mut args = visitor_args(&rid, None);
    args.extend(["--host", "T1", "--format", "json"]);
    let out = env.ok(&args);
    let e: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(e["kind"], "visitor");
    assert_eq!(e["person_id"], Value::Null);
    assert_eq!(e["name"], "赵访客");
    assert_eq!(e["host"], "T1");
    assert_eq!(e["reason"], "送材料");
    assert_eq!(e["decision"], "admitted");
    assert_eq!(env.counts().visitors, 1);
    // The same visitor again: one visitor row, two entries.
    env.ok(&visitor_args(&rid, None));
    assert_eq!(env.counts().visitors, 1);
    assert_eq!(env.counts().entries, 2);
}

#[test]
fn missing_visitor_fields_are_named() {
    let env = Env::with_roster();
    let rid = resident_id("51040219800101123");
    let before = env.counts();
    for (skip, field) in [
        ("--visitor-name", "visitor name"),
        ("--visitor-phone", "visitor phone"),
        ("--reason", "reason"),
    ] {
        let err = env.fails(&visitor_args(&rid, Some(skip)));
        assert!(err.contains(field), "without {skip}: {err}");
    }
    let mut args = visitor_args(&rid, Some("--visitor-id"));
    let err = env.fails(&args);
    assert!(err.contains("visitor resident ID: is required"), "{err}");
    args.extend(["--visitor-id", "510402198001011230"]);
    let err = env.fails(&args);
    assert!(err.contains("visitor resident ID"), "{err}");
    assert!(err.contains("check digit"), "{err}");
    let mut args = visitor_args(&rid, None);
    args.extend(["--host", "NOBODY"]);
    let err = env.fails(&args);
    assert!(err.contains("host \"NOBODY\""), "{err}");
    let mut args = visitor_args(&rid, Some("--visitor-phone"));
    args.extend(["--visitor-phone", "12345"]);
    let err = env.fails(&args);
    assert!(err.contains("visitor phone"), "{err}");
    assert_eq!(env.counts(), before);
}

#[test]
fn a_name_carrying_an_escape_sequence_is_refused() {
    let env = Env::with_roster();
    let rid = resident_id("51040219800101123");
    let mut args = visitor_args(&rid, Some("--visitor-name"));
    args.extend(["--visitor-name", "赵\u{1b}[2J访客"]);
    let before = env.counts();
    let err = env.fails(&args);
    assert!(err.contains("visitor name"), "{err}");
    assert!(err.contains("escape"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "the refusal does not echo the escape"
    );
    assert_eq!(env.counts(), before);
}

#[test]
fn a_person_id_with_visitor_details_is_a_usage_error() {
    let env = Env::with_roster();
    let out = env
        .cmd()
        .args([
            "entry",
            "add",
            "--code",
            "none",
            "--no-venue-scan",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "36.5",
            "--person",
            "S1",
            "--reason",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_from_the_database_is_sanitised_before_printing() {
    let env = Env::with_roster();
    env.add(&strs(&person_in("36.5")));
    // Behind the program's back: a name and a gate carrying escape sequences.
    env.conn()
        .execute_batch(
            "UPDATE people SET name = '王' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) || '小明' WHERE id = 'S1';
             UPDATE entries SET gate = '东' || char(155) || '门';",
        )
        .unwrap();
    let table = env.ok(&["entry", "list"]);
    let json = env.ok(&["entry", "list", "--format", "json"]);
    for out in [&table, &json] {
        assert!(
            !out.contains('\u{1b}'),
            "no ESC reaches the terminal: {out:?}"
        );
        assert!(
            !out.contains('\u{9b}'),
            "no CSI reaches the terminal: {out:?}"
        );
        assert!(
            !out.contains('\u{7}'),
            "no BEL reaches the terminal: {out:?}"
        );
    }
    assert!(table.contains("王\u{FFFD}[2J"), "{table}");
}

// -------------------------------------------------------------------- listing

/// Six entries over three days.
fn three_days() -> Env {
    let env = Env::with_roster();
    let p = |gate: &'static str, dir: &'static str, temp: &'static str, code: &'static str, who| {
        vec![
            "--gate",
            gate,
            "--direction",
            dir,
            "--temp",
            temp,
            "--code",
            code,
            "--venue-scan",
            "--person",
            who,
        ]
    };
    env.add_at(
        "2026-11-28T07:30:00",
        &p("东门", "in", "36.5", "green", "S1"),
    );
    env.add_at(
        "2026-11-28T12:00:00",
        &p("西门", "out", "36.8", "green", "S2"),
    );
    env.add_at(
        "2026-11-29T07:50:00",
        &p("东门", "in", "37.6", "green", "S2"),
    );
    env.add_at(
        "2026-11-29T08:10:00",
        &p("北门", "in", "36.4", "yellow", "T1"),
    );
    env.add_at(
        "2026-11-29T09:00:00",
        &p("东门", "in", "36.6", "green", "S1"),
    );
    let rid = resident_id("11010119900307447");
    let mut v = visitor_args(&rid, None);
    v.drain(0..2);
    v[1] = "西门";
    env.add_at("2026-11-30T08:00:00", &v);
    env
}

#[test]
fn list_filters_and_order() {
    let env = three_days();
    assert_eq!(ids(&env.list(&[])), [6, 5, 4, 3, 2, 1], "newest first");
    assert_eq!(ids(&env.list(&["--since", "2026-11-29"])), [6, 5, 4, 3]);
    assert_eq!(
        ids(&env.list(&["--since", "2026-11-29", "--until", "2026-11-29"])),
        [5, 4, 3],
        "a bare --until date includes that whole day"
    );
    assert_eq!(
        ids(&env.list(&["--since", "2026-11-29T08:00", "--until", "2026-11-29T09:00"])),
        [4],
        "date-times: from inclusive, until exclusive"
    );
    assert_eq!(ids(&env.list(&["--gate", "东门"])), [5, 3, 1]);
    assert_eq!(ids(&env.list(&["--person", "S2"])), [3, 2]);
    assert_eq!(ids(&env.list(&["--flagged"])), [3]);
    assert_eq!(ids(&env.list(&["--denied"])), [4, 3]);
    assert_eq!(ids(&env.list(&["--denied", "--gate", "北门"])), [4]);
    assert_eq!(ids(&env.list(&["--limit", "2"])), [6, 5]);
    assert_eq!(
        ids(&env.list(&["--flagged", "--since", "2026-11-30"])),
        Vec::<i64>::new()
    );
}

#[test]
fn list_refuses_a_bad_time_and_a_zero_limit() {
    let env = three_days();
    let err = env.fails(&["entry", "list", "--since", "tomorrow"]);
    assert!(err.contains("--since"), "{err}");
    let err = env.fails(&["entry", "list", "--until", "2026-11-31"]);
    assert!(err.contains("--until"), "{err}");
    let err = env.fails(&["entry", "list", "--limit", "0"]);
    assert!(err.contains("--limit"), "{err}");
}

#[test]
fn the_limit_defaults_to_fifty() {
    let env = Env::with_roster();
    let line = r#"{"gate":"东门","direction":"in","temp":36.5,"code":"green","venue_scan":true,"person_id":"S1"}"#;
    let input = format!("{line}\n").repeat(60);
    env.cmd()
        .arg("ingest")
        .write_stdin(input)
        .assert()
        .success();
    assert_eq!(env.list(&[]).len(), 50);
    assert_eq!(env.list(&["--limit", "55"]).len(), 55);
}

#[test]
fn json_lines_have_the_documented_keys_and_types() {
    let env = three_days();
    let all = env.list(&[]);
    for e in &all {
        let o = e.as_object().unwrap();
        for key in [
            "id",
            "at",
            "gate",
            "direction",
            "person_id",
            "name",
            "kind",
            "temp",
            "code",
            "venue_scan",
            "decision",
            "reasons",
            "flagged",
        ] {
            assert!(o.contains_key(key), "missing {key}: {e}");
        }
        assert!(e["id"].is_i64());
        let at = e["at"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with("+08:00"),
            "RFC 3339 with the local offset: {at}"
        );
        assert!(["in", "out"].contains(&e["direction"].as_str().unwrap()));
        assert!(["student", "staff", "visitor"].contains(&e["kind"].as_str().unwrap()));
        assert!(e["temp"].is_f64(), "temp is a number: {e}");
        let temp = e["temp"].to_string();
        assert_eq!(
            temp.split('.').nth(1).map(str::len),
            Some(1),
            "one decimal: {temp}"
        );
        assert!(e["code"].is_null() || e["code"].is_string());
        assert!(e["venue_scan"].is_boolean());
        assert!(["admitted", "denied"].contains(&e["decision"].as_str().unwrap()));
        assert!(e["reasons"].is_array());
        assert!(e["flagged"].is_boolean());
    }
    let fever = &all[3];
    assert_eq!(fever["at"], "2026-11-29T07:50:00+08:00");
    assert_eq!(fever["gate"], "东门");
    assert_eq!(fever["person_id"], "S2");
    assert_eq!(fever["name"], "李华");
    assert_eq!(fever["kind"], "student");
    assert_eq!(fever["temp"].to_string(), "37.6");
    assert_eq!(fever["code"], "green");
    assert_eq!(fever["reasons"], serde_json::json!(["fever"]));
    let visitor = &all[0];
    assert_eq!(visitor["kind"], "visitor");
    assert_eq!(visitor["person_id"], Value::Null);
    assert_eq!(all[2]["kind"], "staff");
    assert_eq!(all[2]["reasons"], serde_json::json!(["code_yellow"]));
}

#[test]
fn add_with_json_prints_the_stored_entry_in_the_list_form() {
    let env = Env::with_roster();
    let added = env.add(&strs(&person_in("36.0")));
    assert_eq!(added["temp"].to_string(), "36.0");
    assert_eq!(added["at"], common::NOW);
    assert_eq!(added["operator"], "tester");
    let listed = env.list(&[]);
    assert_eq!(listed, vec![added]);
}

#[test]
fn the_table_marks_refusals_and_speaks_chinese() {
    let env = three_days();
    let out = env.ok(&["--lang", "zh", "entry", "list"]);
    let header = out.lines().next().unwrap();
    for col in ["时间", "校门", "姓名", "体温", "结果"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(out.contains("体温异常"), "{out}");
    assert!(out.contains("赵访客"), "{out}");
    let fever_row = out.lines().find(|l| l.contains("37.6")).unwrap();
    assert!(
        fever_row.starts_with("!!"),
        "denied and flagged: {fever_row}"
    );
    let out = env.ok(&["entry", "list", "--flagged", "--since", "2026-12-01"]);
    assert!(out.contains("(no records)"), "{out}");
}

/// A script must say which code was shown and whether the venue code was scanned:
/// leaving either out, or giving both scan flags, is a usage error naming the flag,
/// and nothing is written.
#[test]
fn entry_add_requires_code_and_venue_scan_explicitly() {
    let env = Env::with_roster();
    let before = env.counts();
    let base = [
        "entry",
        "add",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        "S1",
    ];
    for (extra, needle) in [
        (vec!["--venue-scan"], "--code"),
        (vec!["--code", "green"], "--venue-scan"),
        (
            vec!["--code", "green", "--venue-scan", "--no-venue-scan"],
            "--no-venue-scan",
        ),
    ] {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra.iter().copied());
        let out = env.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(env.counts(), before);
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--code", "none", "--no-venue-scan", "--format", "json"]);
    let e: serde_json::Value = serde_json::from_str(env.ok(&args).trim()).unwrap();
    assert_eq!(e["code"], serde_json::Value::Null);
    assert_eq!(e["venue_scan"], false);
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--code", "purple", "--venue-scan"]);
    let err = env.fails(&args);
    assert!(err.contains("code"), "{err}");
}
