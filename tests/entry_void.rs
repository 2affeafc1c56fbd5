//! `dutydesk entry void`: a mistaken entry stays, marked void, out of every count;
//! audited; never undone; refused while the fever case it opened is active.

mod common;

use common::Env;
use serde_json::Value;

fn add(env: &Env, person: &str, temp: &str) -> i64 {
    env.add(&[
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
    ])["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_voided_entry_stays_marked_and_leaves_the_counts() {
    let env = Env::with_roster();
    let keep = add(&env, "S1", "36.5");
    let wrong = add(&env, "S2", "36.6");
    let before = env.ok(&["info"]);
    let id = wrong.to_string();
    let out = env.ok(&["entry", "void", &id, "--reason", "登记错人"]);
    assert!(out.contains(&format!("entry {id} is void now")), "{out}");

    let list = env.list(&[]);
    assert_eq!(list.len(), 2, "the entry stays in the log");
    let voided = list.iter().find(|e| e["id"] == wrong).unwrap();
    assert_eq!(voided["void"]["reason"], "登记错人");
    assert_eq!(voided["void"]["by"], "tester");
    assert!(voided["void"]["at"].as_str().unwrap().starts_with("20"));
    let kept = list.iter().find(|e| e["id"] == keep).unwrap();
    assert_eq!(kept["void"], Value::Null);

    let table = env.ok(&["entry", "list"]);
    let row = table.lines().find(|l| l.contains("李华")).unwrap();
    assert!(row.trim_start().starts_with('X'), "{row}");
    assert!(row.contains("VOID: 登记错人"), "{row}");
    let zh = env.ok(&["--lang", "zh", "entry", "show", &id]);
    assert!(zh.contains("作废"), "{zh}");
    assert!(zh.contains("登记错人"), "{zh}");

    let after = env.ok(&["info"]);
    assert_ne!(before, after, "info counts the entry no more");
    let audit = env.ok(&["audit", "list", "--format", "json"]);
    assert!(audit.contains("entry.void"), "{audit}");
    let verify = env.cmd().args(["audit", "verify"]).output().unwrap();
    assert!(verify.status.success(), "{verify:?}");
}

#[test]
fn a_void_cannot_be_repeated_and_needs_a_reason() {
    let env = Env::with_roster();
    let id = add(&env, "S1", "36.5").to_string();
    let err = env.fails(&["entry", "void", &id, "--reason", "  "]);
    assert!(err.contains("void reason"), "{err}");
    env.ok(&["entry", "void", &id, "--reason", "重复登记"]);
    let err = env.fails(&["entry", "void", &id, "--reason", "again"]);
    assert!(err.contains("void already"), "{err}");
    let err = env.fails(&["entry", "void", "999", "--reason", "x"]);
    assert!(err.contains("999"), "{err}");
}

#[test]
fn an_entry_whose_fever_case_is_active_cannot_be_voided_until_the_case_ends() {
    let env = Env::with_roster();
    let id = add(&env, "S1", "38.5");
    let err = env.fails(&["entry", "void", &id.to_string(), "--reason", "体温输错"]);
    assert!(err.contains("still active"), "{err}");
    // A re-check below the threshold clears the case; then the entry may go.
    env.ok(&[
        "flag", "recheck", "1", "--temp", "36.5", "--method", "mercury",
    ]);
    env.ok(&["entry", "void", &id.to_string(), "--reason", "体温输错"]);
}

#[test]
fn a_guard_may_not_void() {
    let env = Env::with_config(&common::users_config());
    let roster = env.path("r.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    env.ok(&[
        "--user",
        "admin",
        "people",
        "import",
        roster.to_str().unwrap(),
    ]);
    env.ok(&[
        "--user",
        "admin",
        "entry",
        "add",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--code",
        "green",
        "--venue-scan",
        "--person",
        "S1",
    ]);
    let out = env
        .cmd()
        .args(["--user", "wang", "entry", "void", "1", "--reason", "x"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("void entries"), "{err}");
    env.ok(&["--user", "zhao", "entry", "void", "1", "--reason", "x"]);
}
