//! The report of `audit verify`: sentences in the operator's language, or JSON.

use super::{Format, Session};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::trf;
use crate::store::audit_verify::{Anchor, Problem, Report};
use serde_json::{Value, json};
use std::path::Path;

/// `ID:HASH` as printed by `audit head` and on the handover record. At least 16 hex
/// digits of the hash, so a person may copy a shortened one from paper.
pub fn parse_head(text: &str) -> DeskResult<Anchor> {
    let bad = || DeskError::field("field.head", "audit.head_format").arg("value", sanitize(text));
    let (id, hash) = text.trim().split_once(':').ok_or_else(bad)?;
    let id: i64 = id.trim().parse().map_err(|_| bad())?;
    let hash = hash.trim().to_ascii_lowercase();
    if id < 1 || hash.len() < 16 || hash.len() > 64 || !hash.chars().all(|c| c.is_ascii_hexdigit())
    {
        return Err(bad());
    }
    Ok(Anchor {
        source: "head",
        id,
        hash,
    })
}

/// A record id as JSON: a number when it is one, else text.
fn id_json(id: &Option<String>) -> Value {
    match id {
        None => Value::Null,
        Some(s) => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(sanitize(s))),
    }
}

pub fn to_json(report: &Report) -> Value {
    json!({
        "ok": report.ok(),
        "rows": report.audit_rows,
        "records": report.records,
        "pre_hash": {
            "audit_rows": report.prehash_audit_rows,
            "records": report.prehash_records,
        },
        "keyed_rows": report.keyed_rows,
        "head": report.head.as_ref().map(|(id, hash)| json!({ "id": id, "hash": hash })),
        "anchors_checked": report.anchors.iter().map(|a| json!({
            "source": a.anchor.source,
            "id": a.anchor.id,
            "hash": a.anchor.hash,
            "ok": a.ok,
        })).collect::<Vec<_>>(),
        "problems": report.problems.iter().map(|p| json!({
            "kind": p.kind.as_str(),
            "why": p.why,
            "table": p.table,
            "id": id_json(&p.id),
            "audit_id": p.audit_id,
        })).collect::<Vec<_>>(),
        "problems_total": report.problems_total,
    })
}

/// One problem as a sentence naming the table (translated) and the record.
pub fn sentence(session: &Session, p: &Problem) -> String {
    let table = p
        .table
        .map(|t| session.tr(&format!("audit.table.{t}")).to_string())
        .unwrap_or_default();
    trf(
        session.lang,
        &format!("audit.why.{}", p.why),
        &[
            ("table", table),
            ("id", p.id.as_deref().map(sanitize).unwrap_or_default()),
            (
                "audit_id",
                p.audit_id.map(|a| a.to_string()).unwrap_or_default(),
            ),
        ],
    )
}

fn anchors_line(session: &Session, report: &Report, log: Option<&Path>) -> String {
    if report.anchors.is_empty() {
        return session.tr("audit.anchors_none").to_string();
    }
    let list: Vec<String> = report
        .anchors
        .iter()
        .map(|a| {
            let source = match a.anchor.source {
                "log" => trf(
                    session.lang,
                    "audit.anchor_log",
                    &[(
                        "path",
                        log.map(|p| p.display().to_string()).unwrap_or_default(),
                    )],
                ),
                _ => session.tr("audit.anchor_head").to_string(),
            };
            trf(
                session.lang,
                if a.ok {
                    "audit.anchor_ok"
                } else {
                    "audit.anchor_bad"
                },
                &[("id", a.anchor.id.to_string()), ("source", source)],
            )
        })
        .collect();
    trf(session.lang, "audit.anchors", &[("list", list.join("; "))])
}

pub fn print(session: &Session, report: &Report, format: Format, log: Option<&Path>) {
    if format == Format::Json {
        println!("{}", to_json(report));
        return;
    }
    let summary = trf(
        session.lang,
        "audit.records",
        &[
            ("records", report.records.to_string()),
            ("prehash", report.prehash_records.to_string()),
            ("prehash_rows", report.prehash_audit_rows.to_string()),
        ],
    );
    if report.ok() {
        println!(
            "{}",
            trf(
                session.lang,
                "audit.intact",
                &[("rows", report.audit_rows.to_string())]
            )
        );
        println!("{summary}");
        println!("{}", anchors_line(session, report, log));
        return;
    }
    if let Some((row, checked)) = report.first_break {
        eprintln!(
            "{}",
            trf(
                session.lang,
                "audit.broken",
                &[("row", row.to_string()), ("checked", checked.to_string())],
            )
        );
    }
    for p in &report.problems {
        eprintln!("{}", sentence(session, p));
    }
    let more = report.problems_total - report.problems.len() as u64;
    if more > 0 {
        eprintln!(
            "{}",
            trf(session.lang, "audit.more", &[("n", more.to_string())])
        );
    }
    eprintln!("{summary}");
    eprintln!("{}", anchors_line(session, report, log));
    eprintln!(
        "{}",
        trf(
            session.lang,
            "audit.problems",
            &[("n", report.problems_total.to_string())]
        )
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_written_down_head_is_read_back(id in 1i64..i64::MAX, hash in "[0-9a-fA-F]{16,64}") {
            let a = parse_head(&format!(" {id}:{hash} ")).unwrap();
            prop_assert_eq!(a.id, id);
            prop_assert_eq!(a.hash, hash.to_ascii_lowercase());
        }

        #[test]
        fn anything_else_is_refused_naming_the_field(text in ".{0,80}") {
            match parse_head(&text) {
                Ok(a) => prop_assert!(a.id >= 1 && a.hash.len() >= 16),
                Err(e) => prop_assert_eq!(e.get("field"), Some("field.head")),
            }
        }
    }

    #[test]
    fn short_or_non_hex_hashes_are_refused() {
        for bad in [
            "12",
            "12:abc",
            "x:0123456789abcdef",
            "0:0123456789abcdef",
            "3:0123456789abcdeg",
        ] {
            assert!(parse_head(bad).is_err(), "{bad}");
        }
    }
}
