//! Issue 12: an audit trail that proves the records. Each test builds a desk through
//! the real binary, tampers with the file the way someone with the sqlite3 shell
//! would (triggers dropped where they stand in the way), and checks that
//! `audit verify` exits 1 and names what was changed.

mod audit_desk;
mod common;

use audit_desk::{Desk, LATER, assert_names, desk, named};
use common::Env;

#[test]
fn a_clean_desk_verifies_and_says_what_it_checked() {
    let d = desk();
    let (code, report) = d.verify(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["ok"], true);
    assert!(report["problems"].as_array().unwrap().is_empty());
    assert!(report["rows"].as_u64().unwrap() >= 10, "{report}");
    // 3 people, 2 entries, a case, its re-check, a request, the handover and its items.
    assert!(report["records"].as_u64().unwrap() >= 10, "{report}");
    assert_eq!(report["pre_hash"]["records"], 0);
    let out = d.ok("li", LATER, &["audit", "verify"]);
    assert!(out.starts_with("audit chain intact"), "{out}");
    let zh = d.ok("li", LATER, &["--lang", "zh", "audit", "verify"]);
    assert!(zh.contains("业务记录"), "{zh}");
}

#[test]
fn a_temperature_lowered_from_382_to_365_is_named() {
    let d = desk();
    d.tamper("UPDATE entries SET temp = 365, denied = 0, flagged = 0 WHERE id = 1");
    assert_names(&d, &[], "row_changed", "entries", "1");
    let out = d.run("li", LATER, &["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("entry 1: content no longer matches"), "{err}");
    let out = d.run("li", LATER, &["--lang", "zh", "audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("出入记录 1"), "{err}");
}

#[test]
fn edits_to_a_fever_case_and_its_recheck_are_named() {
    let d = desk();
    d.tamper(
        "UPDATE flags SET status = 'cleared', closed_at = 1, closed_by = 'zhao' WHERE id = 1;
         UPDATE flag_rechecks SET temp = 366 WHERE flag_id = 1;",
    );
    let report = assert_names(&d, &[], "row_changed", "flags", "1");
    assert!(named(&report).contains(&("row_changed".into(), "flag_rechecks".into(), "1".into())));
}

#[test]
fn an_edited_approval_is_named() {
    let d = desk();
    d.tamper("UPDATE approvals SET decided_by = 'zhao' WHERE id = 1");
    assert_names(&d, &[], "row_changed", "approvals", "1");
}

#[test]
fn a_changed_resident_id_is_named() {
    let d = desk();
    d.tamper("UPDATE people SET resident_id = '110105194912310021' WHERE id = 'S1'");
    assert_names(&d, &[], "row_changed", "people", "S1");
}

#[test]
fn a_changed_operator_is_named() {
    let d = desk();
    d.tamper("UPDATE entries SET operator = 'li' WHERE id = 2");
    assert_names(&d, &[], "row_changed", "entries", "2");
}

#[test]
fn a_locked_handovers_signatures_rewritten_are_named() {
    let d = desk();
    d.tamper(
        "DROP TRIGGER handovers_locked;
         UPDATE handovers SET leader_by = 'admin', incoming_by = 'li' WHERE id = 1;",
    );
    assert_names(&d, &[], "row_changed", "handovers", "1");
}

#[test]
fn a_row_written_behind_the_programs_back_is_unaudited() {
    let d = desk();
    d.tamper(
        "INSERT INTO entries (at, gate, direction, person_id, temp, code, venue_scan, denied,
                              reasons, flagged, threshold, operator)
         VALUES (1, '东门', 'in', 'S2', 365, 'green', 1, 0, 0, 0, 373, 'zhao')",
    );
    assert_names(&d, &[], "row_unaudited", "entries", "3");
}

#[test]
fn a_stored_hash_moved_to_another_audit_row_is_named() {
    // Content unchanged, its record now claims another audit row: the sums disagree
    // and the slow path names the row.
    let d = desk();
    d.tamper("UPDATE entries SET audit_id = 1 WHERE id = 2");
    assert_names(&d, &[], "row_changed", "entries", "2");
}

#[test]
fn the_last_five_audit_rows_deleted_are_found_by_the_head_and_the_records() {
    let d = desk();
    let head = d.head();
    d.tamper(
        "DROP TRIGGER audit_no_delete;
         DELETE FROM audit WHERE id > (SELECT max(id) - 5 FROM audit);",
    );
    let (code, report) = d.verify(&["--head", &head]);
    assert_eq!(code, 1);
    let kinds: Vec<String> = named(&report).into_iter().map(|p| p.0).collect();
    assert!(kinds.iter().all(|k| k == "chain_truncated"), "{report}");
    assert_eq!(report["anchors_checked"][0]["ok"], false);
    // The handover's rows were recorded by the deleted rows: named without an anchor too.
    assert_names(&d, &[], "chain_truncated", "handovers", "1");
}

#[test]
fn all_audit_rows_deleted_leave_every_record_pointing_past_the_end() {
    let d = desk();
    d.tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit;");
    let report = assert_names(&d, &[], "chain_truncated", "entries", "1");
    assert_eq!(report["rows"], 0);
}

/// Rewrites audit row `id`'s details and recomputes every hash from it to the end,
/// as someone who knows the (plain SHA-256) formula would.
fn rewrite_and_rechain(d: &Desk, id: i64) {
    use dutydesk::store::audit::{Extension, row_hash};
    let c = d.env.conn();
    c.execute_batch("DROP TRIGGER audit_no_update").unwrap();
    c.execute(
        "UPDATE audit SET details = replace(details, '382', '365') WHERE id = ?1",
        [id],
    )
    .unwrap();
    let mut stmt = c
        .prepare(
            "SELECT id, at, operator, action, entity, coalesce(entity_id, ''), details, covers
             FROM audit WHERE id >= ?1 ORDER BY id",
        )
        .unwrap();
    type Row = (i64, i64, String, String, String, String, String, String);
    let rows: Vec<Row> = stmt
        .query_map([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String = c
        .query_row("SELECT prev_hash FROM audit WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    for (rid, at, op, action, entity, eid, details, covers) in rows {
        let hash = row_hash(
            None,
            &prev,
            rid,
            at,
            [&op, &action, &entity, &eid, &details],
            Some(Extension {
                covers: &covers,
                keyed: false,
            }),
        );
        c.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![prev, hash, rid],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn a_row_rewritten_with_the_chain_recomputed_is_found_by_the_head() {
    let d = desk();
    let head = d.head();
    rewrite_and_rechain(&d, 2);
    // The head logged at the leader's signature no longer matches …
    let report = assert_names(&d, &[], "chain_broken", "", "");
    assert_eq!(report["anchors_checked"][0]["source"], "log");
    assert_eq!(report["anchors_checked"][0]["ok"], false);
    // … nothing inside the file alone can tell (that is what the anchors are for) …
    std::fs::remove_file(d.env.path("xdg-state/dutydesk/dutydesk.log")).unwrap();
    let (code, report) = d.verify(&[]);
    assert_eq!(code, 0, "{report}");
    assert!(report["anchors_checked"].as_array().unwrap().is_empty());
    // … and the head written down on paper does not match any more.
    let id = head.split(':').next().unwrap().to_string();
    let report = assert_names(&d, &["--head", &head], "chain_broken", "", "");
    assert_eq!(report["problems"][0]["audit_id"].to_string(), id);
    assert_eq!(report["anchors_checked"][0]["ok"], false);
}

#[test]
fn a_malformed_head_is_refused_naming_the_field() {
    let d = desk();
    let out = d.run("li", LATER, &["audit", "verify", "--head", "12"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--head"), "{err}");
    assert!(err.contains("ID:HASH"), "{err}");
}

#[test]
fn rows_written_before_row_hashes_are_reported_as_pre_hash_not_tampered() {
    use dutydesk::store::audit::{GENESIS, row_hash};
    use dutydesk::store::migrations::STEPS;
    let env = Env::with_config(&common::users_config());
    // A database as the previous release left it: the schema before this change,
    // people, an entry and its audit row hashed the old way.
    {
        let c = env.conn();
        // The schema just before the row-hash step (found by its content: later
        // steps may follow it).
        let before = STEPS
            .iter()
            .position(|s| s.contains("audit_prehash"))
            .expect("the row-hash step");
        for step in &STEPS[..before] {
            c.execute_batch(step).unwrap();
        }
        c.pragma_update(None, "user_version", before as i64)
            .unwrap();
        c.execute_batch(
            "INSERT INTO people (id, name, kind, department, updated_at)
             VALUES ('S1', '王小明', 'student', '信息工程系', 1), ('S2', '李华', 'student', '机电系', 1);
             INSERT INTO entries (at, gate, direction, person_id, temp, code, venue_scan, denied,
                                  reasons, flagged, threshold, operator)
             VALUES (1, '东门', 'in', 'S1', 365, 'green', 1, 0, 0, 0, 373, 'zhao');",
        )
        .unwrap();
        let fields = ["zhao", "entry.add", "entry", "1", "{}"];
        let hash = row_hash(None, GENESIS, 1, 1, fields, None);
        c.execute(
            "INSERT INTO audit (id, at, operator, action, entity, entity_id, details, prev_hash, hash)
             VALUES (1, 1, 'zhao', 'entry.add', 'entry', '1', '{}', ?1, ?2)",
            [GENESIS, hash.as_str()],
        )
        .unwrap();
    }
    let d = Desk { env };
    let (code, report) = d.verify(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["pre_hash"]["records"], 3, "{report}");
    assert_eq!(report["pre_hash"]["audit_rows"], 1, "{report}");
    let out = d.ok("li", LATER, &["audit", "verify"]);
    assert!(out.contains("3 of them pre-hash"), "{out}");
    // Work after the migration is recorded and checked as usual.
    d.ok(
        "zhao",
        LATER,
        &[
            "entry",
            "add",
            "--person",
            "S2",
            "--temp",
            "36.6",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--code",
            "green",
            "--venue-scan",
        ],
    );
    let (code, report) = d.verify(&[]);
    assert_eq!(code, 0, "{report}");
    d.tamper("UPDATE entries SET temp = 362 WHERE id = 2");
    assert_names(&d, &[], "row_changed", "entries", "2");
    // A row slipped in below nothing: above the boundary, so not pre-hash.
    d.tamper(
        "INSERT INTO people (id, name, kind, department, updated_at)
         VALUES ('X9', '假人', 'student', '机电系', 1)",
    );
    assert_names(&d, &[], "row_unaudited", "people", "X9");
}
