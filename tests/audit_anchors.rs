//! Issue 12: anchors outside the database. `audit head`, the head written to the log
//! at every handover signature and printed on the exported record, and `audit verify`
//! comparing the chain with them.

mod audit_desk;
mod common;

use audit_desk::{LATER, assert_names, desk};
use serde_json::Value;

#[test]
fn head_prints_the_newest_row_as_json_and_as_a_sentence() {
    let d = desk();
    let v: Value =
        serde_json::from_str(&d.ok("li", LATER, &["audit", "head", "--format", "json"])).unwrap();
    let count: i64 = d
        .env
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v["id"], count);
    assert_eq!(v["hash"].as_str().unwrap().len(), 64);
    assert_eq!(v["at"], "2026-11-29T19:30:00+08:00");
    let out = d.ok("li", LATER, &["audit", "head"]);
    assert!(
        out.starts_with(&format!("audit chain head: row {count}")),
        "{out}"
    );
    let zh = d.ok("li", LATER, &["--lang", "zh", "audit", "head"]);
    assert!(zh.contains(&format!("第 {count} 条")), "{zh}");
}

#[test]
fn every_handover_signature_writes_the_head_to_the_log_and_verify_checks_it() {
    let d = desk();
    let log = std::fs::read_to_string(d.env.path("xdg-state/dutydesk/dutydesk.log")).unwrap();
    let heads: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("audit_head id="))
        .collect();
    assert_eq!(heads.len(), 3, "outgoing, incoming, leader: {log}");
    let head = d.head();
    let (id, hash) = head.split_once(':').unwrap();
    assert!(
        heads[2].contains(&format!("audit_head id={id} hash={hash}")),
        "{}",
        heads[2]
    );
    let (code, report) = d.verify(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["anchors_checked"][0]["source"], "log");
    assert_eq!(report["anchors_checked"][0]["id"].to_string(), id);
    assert_eq!(report["anchors_checked"][0]["ok"], true);
    let out = d.ok("li", LATER, &["audit", "verify"]);
    assert!(out.contains("latest head in the log"), "{out}");
    assert!(out.contains("matches"), "{out}");
}

#[test]
fn the_last_five_rows_deleted_are_caught_by_the_logged_head_without_arguments() {
    let d = desk();
    let head = d.head();
    d.tamper(
        "DROP TRIGGER audit_no_delete;
         DELETE FROM audit WHERE id > (SELECT max(id) - 5 FROM audit);",
    );
    let id = head.split(':').next().unwrap();
    let report = assert_names(&d, &[], "chain_truncated", "", "");
    let anchor_problem = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["table"].is_null())
        .unwrap();
    assert_eq!(anchor_problem["audit_id"].to_string(), id);
    let out = d.run("li", LATER, &["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("anchored row {id} is no longer in the chain")),
        "{err}"
    );
}

#[test]
fn a_head_given_on_the_command_line_is_checked_and_a_shortened_hash_is_enough() {
    let d = desk();
    let head = d.head();
    let (id, hash) = head.split_once(':').unwrap();
    let short = format!("{id}:{}", &hash[..16]);
    let (code, report) = d.verify(&["--head", &short]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["anchors_checked"][0]["source"], "head");
    assert_eq!(report["anchors_checked"][0]["ok"], true);
    // A head from another chain (or written down wrong) does not match.
    let wrong = format!("{id}:{}", "0".repeat(64));
    let report = assert_names(&d, &["--head", &wrong], "chain_broken", "", "");
    assert_eq!(report["anchors_checked"][0]["ok"], false);
    // A head beyond the end: the chain was cut below it.
    let beyond = format!("{}:{hash}", id.parse::<i64>().unwrap() + 3);
    assert_names(&d, &["--head", &beyond], "chain_truncated", "", "");
}

#[test]
fn the_exported_record_and_its_markdown_carry_the_chain_head() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let d = desk();
    let head = d.head();
    let out = d.env.path("record.xlsx");
    d.ok(
        "li",
        LATER,
        &["handover", "export", "1", "--out", out.to_str().unwrap()],
    );
    let mut wb: Xlsx<_> = open_workbook(&out).expect("a valid xlsx");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let texts: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let line = texts
        .iter()
        .find(|t| t.starts_with("Audit chain head"))
        .unwrap_or_else(|| panic!("{texts:?}"));
    let (id, hash) = head.split_once(':').unwrap();
    assert!(line.contains(&format!("row {id} {hash}")), "{line}");
    assert!(line.contains(&format!("--head {head}")), "{line}");
    let md = d.ok("li", LATER, &["handover", "show", "1", "--format", "md"]);
    assert!(
        md.contains(&format!("**Audit chain head**: row {id} {hash}")),
        "{md}"
    );
    let zh = d.ok(
        "li",
        LATER,
        &["--lang", "zh", "handover", "show", "1", "--format", "md"],
    );
    assert!(zh.contains(&format!("**审计链头**: 第 {id} 条")), "{zh}");
}
