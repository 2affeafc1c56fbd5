//! Incidents through the real binary: the statutory clocks under a pinned clock, the
//! report order (first, progress, final, close), plan steps, escalation of a fever
//! case, refusals that write nothing, and what the handover carries.

mod common;

use common::{Env, ok, run, users_config};
use serde_json::Value;

/// 2026-11-29 08:00 Beijing time, as `common::NOW`.
const T0: &str = "2026-11-29T08:00:00+08:00";

fn json(env: &Env, user: &str, now: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(ok(env, user, now, &all).trim()).unwrap()
}

fn refused(env: &Env, user: &str, now: &str, args: &[&str]) -> String {
    let audit_before = audit_rows(env);
    let o = run(env, user, now, args);
    assert_eq!(o.code, 1, "{args:?} should be refused: {}", o.stdout);
    assert!(o.stdout.is_empty());
    assert_eq!(audit_rows(env), audit_before, "{args:?} wrote an audit row");
    o.stderr
}

fn audit_rows(env: &Env) -> i64 {
    if !env.db.exists() {
        return 0;
    }
    env.conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

fn desk() -> Env {
    let env = Env::with_config(&users_config());
    ok(
        &env,
        "admin",
        T0,
        &["people", "import", &write(&env, "p.csv", common::ROSTER)],
    );
    env
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let p = env.path(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn open(env: &Env, at: Option<&str>) -> Value {
    let mut args = vec![
        "incident",
        "open",
        "--kind",
        "suspected_case",
        "--title",
        "学生宿舍发热",
        "--people",
        "S1,S2",
    ];
    if let Some(at) = at {
        args.extend(["--at", at]);
    }
    json(env, "zhao", T0, &args)
}

#[test]
fn the_first_report_clock_starts_when_the_desk_learned_of_it() {
    let env = desk();
    let i = open(&env, Some("07:40"));
    assert_eq!(i["status"], "open");
    assert_eq!(i["kind"], "suspected_case");
    assert_eq!(i["opened_at"], "2026-11-29T07:40:00+08:00");
    assert_eq!(i["first_report_due"], "2026-11-29T09:40:00+08:00");
    assert_eq!(i["first_reported_at"], Value::Null);
    assert_eq!(i["next_progress_due"], Value::Null);
    assert_eq!(i["overdue"], false);
    assert_eq!(i["people"][1]["name"], "李华");
    assert_eq!(i["plan"].as_array().unwrap().len(), 6);
    assert_eq!(i["plan"][0]["step"], "隔离至临时留观点");
    assert_eq!(i["plan"][0]["done_by"], Value::Null);

    let show = |now: &str| json(&env, "sun", now, &["incident", "show", "1"]);
    assert_eq!(show("2026-11-29T09:39:59+08:00")["overdue"], false);
    assert_eq!(show("2026-11-29T09:40:00+08:00")["overdue"], true);
    let table = ok(
        &env,
        "sun",
        "2026-11-29T09:45:00+08:00",
        &["incident", "list", "--open"],
    );
    assert!(table.contains("first report overdue 5m 0s"), "{table}");
    let table = ok(
        &env,
        "sun",
        "2026-11-29T08:10:00+08:00",
        &["incident", "list"],
    );
    assert!(table.contains("first report due in 1h 30m"), "{table}");
}

#[test]
fn progress_is_due_after_each_report_and_the_final_one_allows_closing() {
    let env = desk();
    open(&env, None);
    let i = json(
        &env,
        "zhao",
        "2026-11-29T09:00:00+08:00",
        &[
            "incident",
            "report",
            "1",
            "--stage",
            "first",
            "--to",
            "县疾控中心",
            "--text",
            "电话报告疑似病例1例",
        ],
    );
    assert_eq!(i["first_reported_at"], "2026-11-29T09:00:00+08:00");
    assert_eq!(i["next_progress_due"], "2026-11-30T09:00:00+08:00");
    assert_eq!(i["reports"][0]["stage"], "first");
    assert_eq!(i["reports"][0]["to"], "县疾控中心");
    assert_eq!(i["reports"][0]["by"], "zhao");
    assert_eq!(i["reports"][0]["at"], "2026-11-29T09:00:00+08:00");
    let late = json(
        &env,
        "sun",
        "2026-11-30T09:00:00+08:00",
        &["incident", "show", "1"],
    );
    assert_eq!(
        late["overdue"], true,
        "a progress report is due every 24 hours"
    );
    let i = json(
        &env,
        "li",
        "2026-11-30T08:30:00+08:00",
        &[
            "incident",
            "report",
            "1",
            "--stage",
            "progress",
            "--to",
            "县疾控中心",
            "--text",
            "核酸阴性，继续观察",
        ],
    );
    assert_eq!(i["next_progress_due"], "2026-12-01T08:30:00+08:00");
    assert_eq!(i["overdue"], false);

    let stderr = refused(
        &env,
        "zhao",
        T0,
        &["incident", "close", "1", "--summary", "排除"],
    );
    assert!(stderr.contains("closing needs a final report"), "{stderr}");

    let i = json(
        &env,
        "li",
        "2026-11-30T12:00:00+08:00",
        &[
            "incident",
            "report",
            "1",
            "--stage",
            "final",
            "--to",
            "县疾控中心",
            "--text",
            "排除疑似",
        ],
    );
    assert_eq!(i["next_progress_due"], Value::Null);
    assert_eq!(i["overdue"], false);
    let i = json(
        &env,
        "li",
        "2026-11-30T12:05:00+08:00",
        &[
            "incident",
            "close",
            "1",
            "--summary",
            "排除疑似病例，解除隔离",
        ],
    );
    assert_eq!(i["status"], "closed");
    assert_eq!(i["reports"].as_array().unwrap().len(), 3);

    let stderr = refused(
        &env,
        "li",
        "2026-11-30T13:00:00+08:00",
        &[
            "incident", "report", "1", "--stage", "progress", "--to", "x", "--text", "y",
        ],
    );
    assert!(stderr.contains("it is closed"), "{stderr}");
    refused(
        &env,
        "li",
        "2026-11-30T13:00:00+08:00",
        &["incident", "step", "1", "2"],
    );
    assert!(ok(&env, "sun", T0, &["incident", "list", "--open"]).contains("(no records)"));
}

#[test]
fn reports_out_of_order_are_refused_saying_what_comes_first() {
    let env = desk();
    open(&env, None);
    let e = refused(
        &env,
        "zhao",
        T0,
        &[
            "incident",
            "report",
            "1",
            "--stage",
            "progress",
            "--to",
            "县疾控中心",
            "--text",
            "x",
        ],
    );
    assert!(e.contains("record the first report first"), "{e}");
    ok(
        &env,
        "zhao",
        T0,
        &[
            "incident",
            "report",
            "1",
            "--stage",
            "first",
            "--to",
            "县疾控中心",
            "--text",
            "x",
        ],
    );
    let e = refused(
        &env,
        "zhao",
        T0,
        &[
            "incident",
            "report",
            "1",
            "--stage",
            "first",
            "--to",
            "县疾控中心",
            "--text",
            "x",
        ],
    );
    assert!(e.contains("already recorded"), "{e}");
    let e = refused(
        &env,
        "zhao",
        T0,
        &[
            "incident", "report", "1", "--stage", "later", "--to", "a", "--text", "x",
        ],
    );
    assert!(e.contains("stage"), "{e}");
    let e = refused(
        &env,
        "zhao",
        T0,
        &[
            "incident", "report", "1", "--stage", "final", "--to", " ", "--text", "x",
        ],
    );
    assert!(e.contains("to whom"), "{e}");
    let e = refused(
        &env,
        "zhao",
        T0,
        &[
            "incident", "report", "9", "--stage", "first", "--to", "a", "--text", "x",
        ],
    );
    assert!(e.contains("no incident with id 9"), "{e}");
}

#[test]
fn plan_steps_are_ticked_with_who_and_when_once() {
    let env = desk();
    open(&env, None);
    let i = json(
        &env,
        "zhao",
        "2026-11-29T08:05:00+08:00",
        &["incident", "step", "1", "1"],
    );
    assert_eq!(i["plan"][0]["done_by"], "zhao");
    assert_eq!(i["plan"][0]["done_at"], "2026-11-29T08:05:00+08:00");
    assert_eq!(i["plan"][1]["done_by"], Value::Null);
    let e = refused(&env, "li", T0, &["incident", "step", "1", "1"]);
    assert!(e.contains("already done"), "{e}");
    let e = refused(&env, "li", T0, &["incident", "step", "1", "7"]);
    assert!(e.contains("no step 7 (6 steps)"), "{e}");
    let md = ok(
        &env,
        "sun",
        T0,
        &["incident", "show", "1", "--format", "md"],
    );
    assert!(
        md.contains("- [x] 1. Isolate at the temporary observation point"),
        "{md}"
    );
    assert!(md.contains("- [ ] 2. Inform the leader on duty"), "{md}");
    assert!(
        md.contains("| People affected | 2: 王小明（S1）、李华（S2） |"),
        "{md}"
    );
}

#[test]
fn opening_checks_the_kind_the_people_the_fever_case_and_the_time() {
    let env = desk();
    for (args, says) in [
        (vec!["--kind", "flood"], "unknown kind \"flood\""),
        (
            vec!["--kind", "other", "--people", "S9"],
            "no one with id \"S9\"",
        ),
        (
            vec!["--kind", "other", "--flag", "4"],
            "no fever case with id 4",
        ),
        (
            vec!["--kind", "other", "--at", "09:00"],
            "cannot be later than now",
        ),
        (vec!["--kind", "other", "--at", "早上"], "time learned"),
    ] {
        let mut all = vec!["incident", "open", "--title", "x"];
        all.extend(args.iter());
        let e = refused(&env, "zhao", T0, &all);
        assert!(e.contains(says), "{all:?}: {e}");
    }
    assert_eq!(
        env.conn()
            .query_row("SELECT count(*) FROM incidents", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );
}

#[test]
fn a_fever_case_is_escalated_into_an_incident() {
    let env = desk();
    ok(
        &env,
        "zhao",
        T0,
        &[
            "entry",
            "add",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "38.4",
            "--code",
            "green",
            "--venue-scan",
            "--person",
            "S1",
        ],
    );
    let i = json(
        &env,
        "zhao",
        T0,
        &[
            "incident",
            "open",
            "--kind",
            "suspected_case",
            "--title",
            "发热学生复测仍高",
            "--flag",
            "1",
            "--people",
            "S1",
        ],
    );
    assert_eq!(i["flag_id"], 1);
    let md = ok(
        &env,
        "sun",
        T0,
        &["incident", "show", "1", "--format", "md"],
    );
    assert!(md.contains("fever: 王小明 38.4 °C (fever case #1)"), "{md}");
}

#[test]
fn roles_guards_and_supervisors_may_not_handle_incidents() {
    let env = desk();
    for user in ["wang", "sun"] {
        let e = refused(
            &env,
            user,
            T0,
            &["incident", "open", "--kind", "other", "--title", "x"],
        );
        assert!(e.contains("not allowed to handle incidents"), "{e}");
    }
    open(&env, None);
    let e = refused(&env, "sun", T0, &["incident", "step", "1", "1"]);
    assert!(e.contains("supervisor"), "{e}");
    let e = refused(
        &env,
        "wang",
        T0,
        &[
            "incident", "report", "1", "--stage", "first", "--to", "a", "--text", "b",
        ],
    );
    assert!(e.contains("guard"), "{e}");
}

#[test]
fn every_write_is_audited_and_the_chain_verifies() {
    let env = desk();
    let before = audit_rows(&env);
    open(&env, None);
    ok(&env, "zhao", T0, &["incident", "step", "1", "1"]);
    ok(
        &env,
        "zhao",
        T0,
        &[
            "incident", "report", "1", "--stage", "first", "--to", "a", "--text", "b",
        ],
    );
    assert_eq!(audit_rows(&env), before + 3);
    let actions: Vec<String> = env
        .conn()
        .prepare("SELECT action FROM audit ORDER BY id DESC LIMIT 3")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        actions,
        ["incident.report", "incident.step", "incident.open"]
    );
    ok(&env, "admin", T0, &["audit", "verify"]);
    // A report changed behind the program's back is found and named.
    env.conn()
        .execute_batch(
            "DROP TRIGGER incident_reports_kept; UPDATE incident_reports SET to_whom = '无' WHERE id = 1;",
        )
        .unwrap();
    let o = run(&env, "admin", T0, &["audit", "verify"]);
    assert_ne!(o.code, 0, "{}", o.stdout);
    let said = format!("{}{}", o.stdout, o.stderr);
    assert!(said.contains("incident_reports"), "{said}");
}

#[test]
fn the_handover_carries_open_incidents_until_closed() {
    let env = desk();
    open(&env, None);
    let h = json(&env, "zhao", T0, &["handover", "status"]);
    let carry = h["carry_over"].as_array().unwrap();
    let item = carry
        .iter()
        .find(|c| c["kind"] == "incident")
        .expect("carried");
    assert_eq!(item["id"], "incident:1");
    assert!(
        item["summary"].as_str().unwrap().contains("学生宿舍发热"),
        "{item}"
    );
    for (stage, at) in [("first", "08:10"), ("final", "08:20")] {
        ok(
            &env,
            "zhao",
            &format!("2026-11-29T{at}:00+08:00"),
            &[
                "incident",
                "report",
                "1",
                "--stage",
                stage,
                "--to",
                "县疾控中心",
                "--text",
                "x",
            ],
        );
    }
    ok(
        &env,
        "zhao",
        "2026-11-29T08:30:00+08:00",
        &["incident", "close", "1", "--summary", "排除"],
    );
    let h = json(
        &env,
        "zhao",
        "2026-11-29T08:31:00+08:00",
        &["handover", "status"],
    );
    assert!(
        !h["carry_over"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "incident")
    );
}

#[test]
fn chinese_output_names_the_kind_and_the_deadline() {
    let env = desk();
    open(&env, Some("07:40"));
    let out = env
        .cmd()
        .args([
            "--user", "zhao", "--lang", "zh", "incident", "list", "--open",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("疑似病例"), "{text}");
    assert!(text.contains("初次报告 1 小时 40 分 后到期"), "{text}");
    let out = env
        .cmd()
        .args([
            "--user",
            "zhao",
            "--lang",
            "zh",
            "incident",
            "close",
            "1",
            "--summary",
            "x",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("结案前须记录终报"), "{err}");
}
