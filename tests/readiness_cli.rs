//! Emergency readiness through the real binary: 24-hour contacts and their test calls
//! (stale after `[contacts] verify_every_days`, ticking the handover item), the duty
//! phone log in the handover of its shift, and directives every rostered leader and
//! officer must acknowledge.

mod common;

use common::{Env, ok, run, users_config};
use serde_json::Value;

const T0: &str = "2026-11-29T08:00:00+08:00";

fn lines(env: &Env, user: &str, now: &str, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    ok(env, user, now, &all)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn one(env: &Env, user: &str, now: &str, args: &[&str]) -> Value {
    let mut l = lines(env, user, now, args);
    assert_eq!(l.len(), 1);
    l.remove(0)
}

fn audit_rows(env: &Env) -> i64 {
    env.conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap()
}

fn refused(env: &Env, user: &str, args: &[&str]) -> String {
    let before = audit_rows(env);
    let o = run(env, user, T0, args);
    assert_eq!(o.code, 1, "{args:?} should be refused: {}", o.stdout);
    assert_eq!(audit_rows(env), before, "{args:?} wrote an audit row");
    o.stderr
}

/// A desk with a roster: 白班 and 夜班 of 2026-11-29 led by li, staffed by zhao.
fn desk() -> Env {
    let env = Env::with_config(&users_config());
    let file = env.path("roster.csv");
    std::fs::write(
        &file,
        "日期,班次,带班领导,值班员\n2026-11-29,白班,li,zhao\n2026-11-29,夜班,li,zhao\n",
    )
    .unwrap();
    ok(
        &env,
        "admin",
        T0,
        &["roster", "import", file.to_str().unwrap()],
    );
    env
}

fn add_contact(env: &Env, name: &str, phones: &[&str]) -> Value {
    let mut args = vec![
        "contact",
        "add",
        "--name",
        name,
        "--org",
        "县疫情防控指挥部办公室",
    ];
    for p in phones {
        args.extend(["--phone", p]);
    }
    one(env, "li", T0, &args)
}

#[test]
fn contacts_keep_several_phones_and_go_stale_without_an_answered_test_call() {
    let env = desk();
    let c = add_contact(
        &env,
        "指挥部值班室",
        &["0834-3212345", "138 1234 5678", "120"],
    );
    assert_eq!(
        c["phones"],
        serde_json::json!(["0834-3212345", "13812345678", "120"])
    );
    assert_eq!(c["stale"], true, "never verified");
    let v = one(
        &env,
        "zhao",
        "2026-11-29T09:00:00+08:00",
        &["contact", "verify", "1", "--no-answer"],
    );
    assert_eq!(v["stale"], true, "an unanswered call verifies nothing");
    assert_eq!(v["last_call"]["answered"], false);
    let v = one(
        &env,
        "zhao",
        "2026-11-29T09:05:00+08:00",
        &["contact", "verify", "1"],
    );
    assert_eq!(v["stale"], false);
    assert_eq!(v["verified_by"], "zhao");
    let at = |now: &str| lines(&env, "sun", now, &["contact", "list"])[0]["stale"].clone();
    assert_eq!(at("2026-12-06T09:04:59+08:00"), false);
    assert_eq!(
        at("2026-12-06T09:05:00+08:00"),
        true,
        "verify_every_days = 7"
    );
    let table = ok(
        &env,
        "sun",
        "2026-12-07T08:00:00+08:00",
        &["contact", "list"],
    );
    assert!(
        table.contains("1 contacts not verified for 7 days"),
        "{table}"
    );
    ok(&env, "li", T0, &["contact", "remove", "1"]);
    assert!(lines(&env, "sun", T0, &["contact", "list"]).is_empty());
    let e = refused(&env, "li", &["contact", "remove", "1"]);
    assert!(e.contains("no contact with id 1"), "{e}");
    let verified = ok(&env, "admin", T0, &["audit", "verify"]);
    assert!(!verified.contains("unaudited"), "{verified}");
}

#[test]
fn a_bad_phone_is_refused_naming_it() {
    let env = desk();
    let e = refused(
        &env,
        "li",
        &["contact", "add", "--name", "疾控", "--phone", "12"],
    );
    assert!(e.contains("phone: \"12\" is not a valid number"), "{e}");
    let e = refused(
        &env,
        "li",
        &["contact", "add", "--name", " ", "--phone", "120"],
    );
    assert!(e.contains("name"), "{e}");
}

#[test]
fn an_import_with_a_bad_row_names_its_line_and_imports_nothing() {
    let env = desk();
    let file = env.path("contacts.csv");
    std::fs::write(
        &file,
        "姓名,电话,单位,职务\n县疾控中心值班室,0834-3210000；13900001111,县疾控中心,值班室\n派出所,110,城关派出所,\n医院,12a,县人民医院,急诊\n",
    )
    .unwrap();
    let e = refused(&env, "li", &["contact", "import", file.to_str().unwrap()]);
    assert!(e.contains("line 4"), "{e}");
    assert!(e.contains("\"12a\""), "{e}");
    assert!(lines(&env, "sun", T0, &["contact", "list"]).is_empty());
    std::fs::write(
        &file,
        "name,phones,org\n县疾控中心值班室,0834-3210000；13900001111,县疾控中心\n派出所,110,城关派出所\n",
    )
    .unwrap();
    let out = ok(
        &env,
        "li",
        T0,
        &["contact", "import", file.to_str().unwrap()],
    );
    assert!(out.contains("2 contacts imported"), "{out}");
    let list = lines(&env, "sun", T0, &["contact", "list"]);
    assert_eq!(list.len(), 2);
    let cdc = list
        .iter()
        .find(|c| c["name"] == "县疾控中心值班室")
        .unwrap();
    assert_eq!(
        cdc["phones"],
        serde_json::json!(["0834-3210000", "13900001111"])
    );
    let verified = ok(&env, "admin", T0, &["audit", "verify"]);
    assert!(!verified.contains("unaudited"), "{verified}");
}

#[test]
fn officers_verify_but_only_leaders_and_admins_manage_the_list() {
    let env = desk();
    add_contact(&env, "医院", &["120"]);
    for user in ["zhao", "wang", "sun"] {
        let e = refused(
            &env,
            user,
            &["contact", "add", "--name", "x", "--phone", "110"],
        );
        assert!(e.contains("manage the contact list"), "{user}: {e}");
        refused(&env, user, &["contact", "remove", "1"]);
    }
    for user in ["wang", "sun"] {
        let e = refused(&env, user, &["contact", "verify", "1"]);
        assert!(e.contains("verify contacts"), "{user}: {e}");
    }
}

#[test]
fn the_handover_contacts_item_is_ticked_once_every_contact_is_verified() {
    let env = desk();
    add_contact(&env, "指挥部", &["0834-3212345"]);
    add_contact(&env, "医院", &["120"]);
    let item = |now: &str| {
        let h = one(&env, "zhao", now, &["handover", "status"]);
        h["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == "contacts")
            .unwrap()
            .clone()
    };
    let out = ok(
        &env,
        "zhao",
        "2026-11-29T09:00:00+08:00",
        &["contact", "verify", "1"],
    );
    assert!(
        !out.contains("ticked"),
        "one contact still unverified: {out}"
    );
    assert_eq!(item("2026-11-29T09:01:00+08:00")["state"], "open");
    let out = ok(
        &env,
        "zhao",
        "2026-11-29T09:10:00+08:00",
        &["contact", "verify", "2"],
    );
    assert!(out.contains("handover item \"contacts\" ticked"), "{out}");
    let it = item("2026-11-29T09:11:00+08:00");
    assert_eq!(it["state"], "done");
    assert_eq!(it["by"], "zhao");
    assert_eq!(it["at"], "2026-11-29T09:10:00+08:00");
    // A later test call leaves the settled item alone.
    let v = one(
        &env,
        "zhao",
        "2026-11-29T09:20:00+08:00",
        &["contact", "verify", "1"],
    );
    assert_eq!(v["ticked"], Value::Null);
    let verified = ok(&env, "admin", T0, &["audit", "verify"]);
    assert!(!verified.contains("unaudited"), "{verified}");
}

#[test]
fn the_phone_log_is_written_by_anyone_on_duty_and_carried_in_its_shift() {
    let env = desk();
    let c = one(
        &env,
        "wang",
        "2026-11-29T09:30:00+08:00",
        &[
            "calllog",
            "add",
            "--from",
            "县疫情防控指挥部办公室",
            "--summary",
            "通知明日起校门实行扫码登记",
            "--notified",
            "李玉德",
        ],
    );
    assert_eq!(c["id"], 1);
    assert_eq!(c["by"], "wang");
    assert_eq!(c["at"], "2026-11-29T09:30:00+08:00");
    let e = refused(
        &env,
        "sun",
        &["calllog", "add", "--from", "x", "--summary", "y"],
    );
    assert!(e.contains("duty phone log"), "{e}");
    let e = refused(
        &env,
        "zhao",
        &["calllog", "add", "--from", " ", "--summary", "y"],
    );
    assert!(e.contains("from"), "{e}");
    let list = lines(
        &env,
        "sun",
        T0,
        &["calllog", "list", "--date", "2026-11-29"],
    );
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["notified"], "李玉德");
    assert!(
        lines(
            &env,
            "sun",
            T0,
            &["calllog", "list", "--date", "2026-11-28"]
        )
        .is_empty()
    );
    let h = one(
        &env,
        "zhao",
        "2026-11-29T10:00:00+08:00",
        &["handover", "status"],
    );
    let call = h["carry_over"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "call")
        .expect("the call is in the handover of its shift");
    assert_eq!(call["id"], "call:1");
    assert!(
        call["summary"]
            .as_str()
            .unwrap()
            .starts_with("09:30 县疫情防控指挥部办公室")
    );
    let verified = ok(&env, "admin", T0, &["audit", "verify"]);
    assert!(!verified.contains("unaudited"), "{verified}");
}

#[test]
fn every_rostered_leader_and_officer_must_acknowledge_a_directive() {
    let env = desk();
    let e = refused(
        &env,
        "zhao",
        &[
            "directive",
            "add",
            "--from",
            "县疫情防控指挥部",
            "--title",
            "x",
            "--text",
            "y",
        ],
    );
    assert!(e.contains("record directives"), "{e}");
    let d = one(
        &env,
        "li",
        T0,
        &[
            "directive",
            "add",
            "--from",
            "县疫情防控指挥部",
            "--title",
            "关于加强校门管控的通知",
            "--text",
            "即日起校外人员一律不得入校",
        ],
    );
    assert_eq!(d["effective"], "2026-11-29");
    assert_eq!(d["pending"], serde_json::json!(["li", "zhao"]));

    let h = one(&env, "zhao", T0, &["handover", "status"]);
    let carried: Vec<&str> = h["carry_over"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "directive")
        .map(|c| c["ref_id"].as_str().unwrap())
        .collect();
    assert_eq!(carried, ["1:li", "1:zhao"]);

    let d = one(
        &env,
        "zhao",
        "2026-11-29T08:30:00+08:00",
        &["directive", "ack", "1"],
    );
    assert_eq!(d["pending"], serde_json::json!(["li"]));
    assert_eq!(d["acks"][0]["by"], "zhao");
    let e = refused(&env, "zhao", &["directive", "ack", "1"]);
    assert!(e.contains("already acknowledged"), "{e}");
    for user in ["wang", "sun"] {
        let e = refused(&env, user, &["directive", "ack", "1"]);
        assert!(e.contains("acknowledge directives"), "{e}");
    }
    assert_eq!(
        lines(&env, "sun", T0, &["directive", "list", "--unacked"]).len(),
        1
    );
    let table = ok(&env, "sun", T0, &["directive", "list", "--unacked"]);
    assert!(table.contains("1/2"), "{table}");
    assert!(table.contains("李玉德"), "names, not logins: {table}");

    ok(
        &env,
        "li",
        "2026-11-29T08:40:00+08:00",
        &["directive", "ack", "1"],
    );
    assert!(lines(&env, "sun", T0, &["directive", "list", "--unacked"]).is_empty());
    assert_eq!(lines(&env, "sun", T0, &["directive", "list"]).len(), 1);
    let h = one(
        &env,
        "zhao",
        "2026-11-29T08:41:00+08:00",
        &["handover", "status"],
    );
    assert!(
        !h["carry_over"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "directive")
    );
    let e = refused(
        &env,
        "li",
        &[
            "directive",
            "add",
            "--from",
            "a",
            "--title",
            "b",
            "--text",
            "c",
            "--effective",
            "12/01",
        ],
    );
    assert!(e.contains("effective date"), "{e}");
    let verified = ok(&env, "admin", T0, &["audit", "verify"]);
    assert!(!verified.contains("unaudited"), "{verified}");
}
