//! Issue 12: `[audit] key_file`. With a key the chain is HMAC-SHA-256, so a row
//! forged or a chain recomputed by someone without the key is found.

mod audit_desk;
mod common;

use audit_desk::{Desk, LATER, assert_names, keyed_desk, write_key};
use dutydesk::store::audit::{Extension, row_hash};

/// Appends a row the way someone with the sqlite3 shell and the published formula
/// would: linked to the tip, hashed with plain SHA-256 (or with the wrong key).
fn forge_row(d: &Desk, key: Option<&[u8]>) -> i64 {
    let c = d.env.conn();
    let (tip, prev): (i64, String) = c
        .query_row(
            "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let id = tip + 1;
    let fields = ["li", "approval.approve", "approval", "1", "{}"];
    let ext = Extension {
        covers: "[]",
        keyed: key.is_some(),
    };
    let hash = row_hash(key, &prev, id, 1, fields, Some(ext));
    c.execute(
        "INSERT INTO audit (id, at, operator, action, entity, entity_id, details, prev_hash,
                            hash, covers, keyed)
         VALUES (?1, 1, 'li', 'approval.approve', 'approval', '1', '{}', ?2, ?3, '[]', ?4)",
        rusqlite::params![id, prev, hash, key.is_some()],
    )
    .unwrap();
    id
}

#[test]
fn a_keyed_desk_verifies_and_counts_its_signed_rows() {
    let d = keyed_desk();
    let (code, report) = d.verify(&[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["keyed_rows"], report["rows"]);
}

#[test]
fn a_forged_row_appended_with_plain_sha256_is_an_hmac_mismatch() {
    let d = keyed_desk();
    let id = forge_row(&d, None);
    let report = assert_names(&d, &[], "hmac_mismatch", "", "");
    assert_eq!(report["problems"][0]["audit_id"], id);
    let out = d.run("li", LATER, &["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not signed with the key"), "{err}");
}

#[test]
fn a_forged_row_signed_with_another_key_is_an_hmac_mismatch() {
    let d = keyed_desk();
    let id = forge_row(&d, Some(b"a guess at the key, wrong"));
    let report = assert_names(&d, &[], "hmac_mismatch", "", "");
    assert_eq!(report["problems"][0]["audit_id"], id);
}

#[test]
fn a_chain_recomputed_without_the_key_is_found_without_any_anchor() {
    let d = keyed_desk();
    std::fs::remove_file(d.env.path("xdg-state/dutydesk/dutydesk.log")).unwrap();
    let c = d.env.conn();
    c.execute_batch("DROP TRIGGER audit_no_update").unwrap();
    let rows: Vec<(i64, i64, [String; 5], String)> = c
        .prepare(
            "SELECT id, at, operator, action, entity, coalesce(entity_id, ''), details, covers
             FROM audit WHERE id >= 2 ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                r.get(7)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String = c
        .query_row("SELECT hash FROM audit WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    for (id, at, f, covers) in rows {
        let op = if id == 2 {
            "admin".to_string()
        } else {
            f[0].clone()
        };
        let ext = Extension {
            covers: &covers,
            keyed: false,
        };
        let hash = row_hash(
            None,
            &prev,
            id,
            at,
            [&op, &f[1], &f[2], &f[3], &f[4]],
            Some(ext),
        );
        c.execute(
            "UPDATE audit SET operator = ?1, prev_hash = ?2, hash = ?3, keyed = 0 WHERE id = ?4",
            rusqlite::params![op, prev, hash, id],
        )
        .unwrap();
        prev = hash;
    }
    drop(c);
    let report = assert_names(&d, &[], "hmac_mismatch", "", "");
    assert_eq!(report["problems"][0]["audit_id"], 2, "{report}");
}

#[test]
fn verifying_a_signed_chain_without_the_key_says_the_key_is_needed() {
    let d = keyed_desk();
    d.env.set_config(&common::users_config());
    let report = assert_names(&d, &[], "hmac_mismatch", "", "");
    assert_eq!(report["problems"][0]["why"], "key_needed");
    let out = d.run("li", LATER, &["audit", "verify"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("set [audit] key_file"), "{err}");
}

#[test]
fn a_key_file_others_may_read_is_refused_before_anything_is_written() {
    let env = common::Env::with_config(&common::users_config());
    let key = write_key(&env, 0o644);
    env.set_config(&format!(
        "{}\n[audit]\nkey_file = \"{}\"\n",
        common::users_config(),
        key.display()
    ));
    let d = Desk { env };
    let out = d.run("admin", LATER, &["info"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit.key"), "names the file: {err}");
    assert!(err.contains("644"), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
    let out = d.run("admin", LATER, &["--lang", "zh", "info"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("同组或其他用户可读"), "{err}");
}

#[test]
fn a_key_file_too_short_is_refused() {
    let env = common::Env::with_config(&common::users_config());
    let key = env.path("short.key");
    std::fs::write(&key, "abc").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.set_config(&format!(
        "{}\n[audit]\nkey_file = \"{}\"\n",
        common::users_config(),
        key.display()
    ));
    let d = Desk { env };
    let out = d.run("admin", LATER, &["info"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 16 bytes"));
}
