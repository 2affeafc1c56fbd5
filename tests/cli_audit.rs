//! The audit trail: one row per write in the same transaction, a SHA-256 chain that
//! `audit verify` walks, and triggers that refuse UPDATE and DELETE.

mod common;

use common::Env;
use serde_json::Value;

fn desk_with_history() -> Env {
    let env = Env::with_roster();
    // Admitted, then refused for a yellow code (no fever, so no case opens).
    for (temp, code) in [("36.5", "green"), ("36.8", "yellow")] {
        let args = [
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            temp,
            "--code",
            code,
        ];
        let mut all = vec!["entry", "add", "--venue-scan", "--person", "S1"];
        all.extend(args);
        env.ok(&all);
    }
    env.cmd()
        .arg("ingest")
        .write_stdin(
            r#"{"gate":"西门","direction":"out","temp":36.6,"person_id":"S2"}
{"gate":"西门","direction":"in","temp":"bad","person_id":"S2"}
"#,
        )
        .assert()
        .success();
    env
}

#[test]
fn verify_counts_the_rows_of_an_intact_chain() {
    let env = Env::new();
    env.init_db();
    let out = env.ok(&["audit", "verify"]);
    assert_eq!(
        out.lines().next(),
        Some("audit chain intact: 0 rows checked")
    );
    let env = desk_with_history();
    // Import, two entries, one ingested line (the bad line wrote nothing).
    assert_eq!(env.counts().audit, 4);
    let out = env.ok(&["audit", "verify"]);
    assert_eq!(
        out.lines().next(),
        Some("audit chain intact: 4 rows checked")
    );
    let out = env.ok(&["--lang", "zh", "audit", "verify"]);
    assert!(out.contains("已核对 4 条记录"), "{out}");
}

#[test]
fn the_triggers_refuse_update_and_delete() {
    let env = desk_with_history();
    let c = env.conn();
    let err = c
        .execute(
            "UPDATE audit SET operator = 'someone else' WHERE id = 2",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = c.execute("DELETE FROM audit WHERE id = 4", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = c.execute("DELETE FROM audit", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    drop(c);
    assert_eq!(env.counts().audit, 4);
    env.ok(&["audit", "verify"]);
}

#[test]
fn an_edit_behind_the_programs_back_is_found_and_named() {
    let env = desk_with_history();
    env.conn()
        .execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit SET details = replace(details, '368', '365') WHERE id = 3;",
        )
        .unwrap();
    let err = env.fails(&["audit", "verify"]);
    assert!(err.contains("audit chain broken at row 3"), "{err}");
    assert!(err.contains("2 rows before it check out"), "{err}");
    let err = env.fails(&["--lang", "zh", "audit", "verify"]);
    assert!(err.contains("第 3 条记录处不一致"), "{err}");
}

#[test]
fn a_deleted_row_is_found() {
    let env = desk_with_history();
    env.conn()
        .execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2;")
        .unwrap();
    let err = env.fails(&["audit", "verify"]);
    assert!(
        err.contains("audit chain broken at row 3"),
        "the row after the gap: {err}"
    );
}

#[test]
fn a_rewritten_hash_does_not_hide_an_edit() {
    // Recomputing one row's own hash is not enough: the next row links to the old one.
    let env = desk_with_history();
    let c = env.conn();
    c.execute_batch("DROP TRIGGER audit_no_update;").unwrap();
    c.execute(
        "UPDATE audit SET operator = 'mallory', hash = ?1 WHERE id = 2",
        ["0".repeat(64)],
    )
    .unwrap();
    drop(c);
    let err = env.fails(&["audit", "verify"]);
    assert!(err.contains("row 2"), "{err}");
}

#[test]
fn list_shows_the_newest_rows_first() {
    let env = desk_with_history();
    let out = env.ok(&["audit", "list", "--format", "json"]);
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    let ids: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [4, 3, 2, 1]);
    let import = &rows[3];
    assert_eq!(import["action"], "people.import");
    assert_eq!(import["operator"], "tester");
    assert_eq!(import["at"], common::NOW);
    assert_eq!(import["details"]["added"], 3);
    let entry = &rows[1];
    assert_eq!(entry["action"], "entry.add");
    assert_eq!(entry["entity"], "entry");
    assert_eq!(entry["entity_id"], "2");
    assert_eq!(entry["details"]["decision"], "denied");
    assert_eq!(
        entry["details"]["reasons"],
        serde_json::json!(["code_yellow"])
    );
    assert_eq!(entry["hash"].as_str().unwrap().len(), 64);
    let out = env.ok(&["audit", "list", "--limit", "2"]);
    assert_eq!(out.lines().count(), 3, "header and two rows: {out}");
    let zh = env.ok(&["--lang", "zh", "audit", "list"]);
    assert!(zh.lines().next().unwrap().contains("操作员"), "{zh}");
}

#[test]
fn visitors_resident_ids_are_masked_in_the_trail() {
    let env = Env::with_roster();
    let rid = common::resident_id("51040219800101123");
    env.ok(&[
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
        "--visitor-name",
        "赵访客",
        "--visitor-id",
        &rid,
        "--visitor-phone",
        "13900001111",
        "--reason",
        "送材料",
    ]);
    let out = env.ok(&["audit", "list", "--format", "json"]);
    assert!(!out.contains(&rid), "{out}");
    assert!(out.contains("510402********123X"), "{out}");
}
