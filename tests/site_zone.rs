//! One clock for the whole desk: the zone is stored in the database, and every process
//! on it reckons "today", the shift and day filters in that zone, whatever its `TZ`.
//! The configs here name no `[site] timezone` unless a test is about it, and each
//! command runs with its own `TZ`.

mod common;

use common::{Env, ROSTER, sha256_of};
use dutydesk::store::audit::{AuditRecord, GENESIS, row_hash};
use dutydesk::store::migrations::{self, STEPS};
use rusqlite::Connection;
use serde_json::Value;
use std::process::Output;

const ZONES: [&str; 3] = ["UTC", "Asia/Shanghai", "America/New_York"];

/// The test site without `[site] timezone`, one operator per role.
const NO_ZONE: &str = r#"
[site]
name = "测试学院"

[[gates]]
name = "东门"

[users.zhao]
name = "赵敏"
role = "officer"

[users.li]
name = "李玉德"
role = "leader"

[users.admin]
name = "管理员"
role = "admin"
"#;

fn config_naming(zone: &str) -> String {
    NO_ZONE.replace(
        "name = \"测试学院\"\n",
        &format!("name = \"测试学院\"\ntimezone = \"{zone}\"\n"),
    )
}

/// Runs `dutydesk --user USER ARGS` with the process's `TZ` and clock given.
fn run(env: &Env, tz: &str, now: &str, user: &str, args: &[&str]) -> Output {
    env.cmd()
        .env("TZ", tz)
        .env("DUTYDESK_NOW", now)
        .arg("--user")
        .arg(user)
        .args(args)
        .output()
        .unwrap()
}

fn ok(env: &Env, tz: &str, now: &str, user: &str, args: &[&str]) -> String {
    let out = run(env, tz, now, user, args);
    assert!(
        out.status.success(),
        "TZ={tz} dutydesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn refused(env: &Env, tz: &str, now: &str, user: &str, args: &[&str]) -> String {
    let out = run(env, tz, now, user, args);
    assert_eq!(out.status.code(), Some(1), "TZ={tz} dutydesk {args:?}");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The value on the line of `info` labelled `label` (the padding depends on the
/// longest label, so it is left out).
fn info_line(info: &str, label: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label} line in:\n{info}"))
        .trim()
        .to_string()
}

fn stored_zone(env: &Env) -> (Option<String>, Option<String>) {
    let c = env.conn();
    let get = |k: &str| {
        c.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .ok()
    };
    (get("site.timezone"), get("site.timezone.source"))
}

fn audit_rows(env: &Env) -> Vec<Value> {
    json_lines(&ok(
        env,
        "UTC",
        common::NOW,
        "admin",
        &["audit", "list", "--limit", "1000", "--format", "json"],
    ))
}

/// Every file of the database (with its WAL, when one is left), hashed.
fn file_hashes(env: &Env) -> Vec<String> {
    let wal = env.db.with_extension("db-wal");
    let mut out = vec![sha256_of(&env.db)];
    if wal.exists() {
        out.push(sha256_of(&wal));
    }
    out
}

const AT_0930: &str = "2026-12-06T09:30:00+08:00";

fn register(env: &Env, tz: &str, at: &str) -> i64 {
    let out = ok(
        env,
        tz,
        at,
        "zhao",
        &[
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
            "--format",
            "json",
        ],
    );
    json_lines(&out)[0]["id"].as_i64().unwrap()
}

#[test]
fn processes_in_three_zones_share_one_shift_one_record_one_today_and_one_day_filter() {
    let env = Env::with_config(NO_ZONE);
    std::fs::write(env.path("roster.csv"), ROSTER).unwrap();
    // The desk is created on a machine set to Beijing time.
    ok(
        &env,
        "Asia/Shanghai",
        AT_0930,
        "admin",
        &["people", "import", env.path("roster.csv").to_str().unwrap()],
    );
    assert_eq!(
        stored_zone(&env),
        (Some("Asia/Shanghai".into()), Some("tz".into()))
    );
    // Three entries, each registered by a process in another zone: 23:30 on the 5th,
    // 07:30 and 09:00 on the 6th, Beijing time (in New York all three fall on the 5th).
    let late = register(&env, "America/New_York", "2026-12-05T23:30:00+08:00");
    let early = register(&env, "UTC", "2026-12-06T07:30:00+08:00");
    let nine = register(&env, "Asia/Shanghai", "2026-12-06T09:00:00+08:00");
    assert!(late < early && early < nine);

    let mut seen = Vec::new();
    for tz in ZONES {
        // 09:30 in Beijing is 01:30 UTC and 20:30 the day before in New York: the
        // desk's day shift of the 6th all the same.
        let h = &json_lines(&ok(
            &env,
            tz,
            AT_0930,
            "zhao",
            &["handover", "status", "--format", "json"],
        ))[0];
        let day = json_lines(&ok(
            &env,
            tz,
            AT_0930,
            "zhao",
            &[
                "entry",
                "list",
                "--since",
                "2026-12-06",
                "--until",
                "2026-12-06",
                "--format",
                "json",
            ],
        ));
        let info = ok(&env, tz, AT_0930, "zhao", &["info"]);
        seen.push((
            tz,
            h["id"].clone(),
            h["shift"].clone(),
            h["shift_date"].clone(),
            h["shift_start"].clone(),
            h["shift_end"].clone(),
            day.iter()
                .map(|e| e["id"].as_i64().unwrap())
                .collect::<Vec<_>>(),
            day.iter().map(|e| e["at"].clone()).collect::<Vec<_>>(),
            info_line(&info, "today"),
            info_line(&info, "desk time zone"),
        ));
    }
    for s in &seen {
        assert_eq!(s.1, 1, "{} works on the one record: {s:?}", s.0);
        assert_eq!(s.2, "白班");
        assert_eq!(s.3, "2026-12-06");
        assert_eq!(s.4, "2026-12-06T08:00:00+08:00");
        assert_eq!(s.5, "2026-12-06T20:00:00+08:00");
        assert_eq!(s.6, vec![nine, early], "the 6th in the desk's zone");
        assert_eq!(
            s.7,
            vec!["2026-12-06T09:00:00+08:00", "2026-12-06T07:30:00+08:00"]
        );
        assert_eq!(s.8, "2026-12-06: 2 in, 0 out, 0 refused, 0 flagged");
        assert!(s.9.contains("Asia/Shanghai"), "{}", s.9);
    }
    let records: i64 = env
        .conn()
        .query_row("SELECT count(*) FROM handovers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(records, 1, "one desk, one handover record");
}

#[test]
fn a_new_desk_takes_the_config_zone_over_the_machine_and_says_where_it_came_from() {
    let env = Env::with_config(&config_naming("Asia/Shanghai"));
    // Read commands never create a database: make an empty one first (its zone
    // is still recorded by the first command that opens it).
    env.init_db();
    let info = ok(&env, "America/New_York", AT_0930, "zhao", &["info"]);
    assert_eq!(
        info_line(&info, "desk time zone"),
        "Asia/Shanghai (from [site] timezone)"
    );
    assert_eq!(
        env.counts().audit,
        0,
        "a new desk has no history to re-read"
    );
    // Without the config's zone, the machine's: TZ when it names a zone.
    let env = Env::with_config(NO_ZONE);
    // Read commands never create a database: make an empty one first (its zone
    // is still recorded by the first command that opens it).
    env.init_db();
    let info = ok(&env, "America/New_York", AT_0930, "zhao", &["info"]);
    assert!(
        info_line(&info, "desk time zone")
            .contains("America/New_York (from the TZ variable of the process"),
        "{info}"
    );
}

#[test]
fn a_config_naming_another_zone_is_refused_and_writes_nothing() {
    let env = Env::with_config(NO_ZONE);
    std::fs::write(env.path("roster.csv"), ROSTER).unwrap();
    ok(
        &env,
        "Asia/Shanghai",
        AT_0930,
        "admin",
        &["people", "import", env.path("roster.csv").to_str().unwrap()],
    );
    let before = (env.counts(), file_hashes(&env));
    env.set_config(&config_naming("America/New_York"));
    for args in [
        &[
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
        ][..],
        &["handover", "status"],
        &["info"],
    ] {
        let err = refused(&env, "America/New_York", AT_0930, "zhao", args);
        assert!(err.contains("America/New_York"), "{err}");
        assert!(err.contains("Asia/Shanghai"), "{err}");
        assert!(
            err.contains("dutydesk site timezone America/New_York"),
            "names the command that changes it: {err}"
        );
    }
    let err = refused(
        &env,
        "UTC",
        AT_0930,
        "zhao",
        &["--lang", "zh", "handover", "status"],
    );
    assert!(
        err.contains("本值班台的数据库按 Asia/Shanghai 计时"),
        "{err}"
    );
    assert_eq!((env.counts(), file_hashes(&env)), before);
}

#[test]
fn an_admin_moves_the_desk_to_another_zone_audited_and_nobody_else_may() {
    let env = Env::with_config(NO_ZONE);
    // Read commands never create a database: make an empty one first (its zone
    // is still recorded by the first command that opens it).
    env.init_db();
    ok(&env, "Asia/Shanghai", AT_0930, "admin", &["info"]);
    // The day shift's record is open (Beijing time) when the desk is moved.
    ok(
        &env,
        "Asia/Shanghai",
        AT_0930,
        "zhao",
        &["handover", "status"],
    );
    let before = (env.counts(), file_hashes(&env));
    for user in ["zhao", "li"] {
        let err = refused(&env, "UTC", AT_0930, user, &["site", "timezone", "UTC"]);
        assert!(err.contains("change the desk's time zone"), "{err}");
        assert!(err.contains("needs one of: admin"), "{err}");
    }
    let err = refused(
        &env,
        "UTC",
        AT_0930,
        "admin",
        &["site", "timezone", "Mars/Olympus"],
    );
    assert!(err.contains("time zone"), "{err}");
    assert!(err.contains("Mars/Olympus"), "{err}");
    assert_eq!(
        (env.counts(), file_hashes(&env)),
        before,
        "refusals write nothing"
    );

    let out = ok(
        &env,
        "America/New_York",
        AT_0930,
        "admin",
        &["site", "timezone", "UTC"],
    );
    assert!(out.contains("from Asia/Shanghai to UTC"), "{out}");
    assert!(
        out.contains(
            "unfinished handover record #1 (2026-12-06 白班, 12-06 00:00–12-06 12:00 in UTC) keeps its times"
        ),
        "{out}"
    );
    assert_eq!(
        stored_zone(&env),
        (Some("UTC".into()), Some("command".into()))
    );
    let audit = audit_rows(&env);
    assert_eq!(
        audit.len(),
        2,
        "the record opened, then the zone: {audit:?}"
    );
    assert_eq!(audit[0]["action"], "site.timezone");
    assert_eq!(audit[0]["operator"], "admin");
    assert_eq!(audit[0]["details"]["from"], "Asia/Shanghai");
    assert_eq!(audit[0]["details"]["zone"], "UTC");

    // Every process now reckons in UTC: 09:30 Beijing is 01:30 UTC, the night shift
    // of the 5th.
    for tz in ZONES {
        let h = &json_lines(&ok(
            &env,
            tz,
            AT_0930,
            "zhao",
            &["handover", "status", "--format", "json"],
        ))[0];
        assert_eq!(
            (h["shift"].as_str(), h["shift_start"].as_str()),
            (Some("夜班"), Some("2026-12-05T20:00:00+00:00")),
            "TZ={tz}"
        );
    }
    // Again with the same zone: nothing to change, nothing written.
    let audit_before = env.counts().audit;
    let out = ok(&env, "UTC", AT_0930, "admin", &["site", "timezone", "UTC"]);
    assert!(out.contains("already keeps its time in UTC"), "{out}");
    assert_eq!(env.counts().audit, audit_before);
}

#[test]
fn the_way_out_of_a_conflict_is_the_site_command_and_it_follows_the_config() {
    let env = Env::with_config(NO_ZONE);
    // Read commands never create a database: make an empty one first (its zone
    // is still recorded by the first command that opens it).
    env.init_db();
    ok(&env, "Asia/Shanghai", AT_0930, "admin", &["info"]);
    env.set_config(&config_naming("UTC"));
    refused(&env, "UTC", AT_0930, "zhao", &["info"]);
    // A zone the config contradicts would lock this config out: refused.
    let err = refused(
        &env,
        "UTC",
        AT_0930,
        "admin",
        &["site", "timezone", "Asia/Tokyo"],
    );
    assert!(err.contains("[site] timezone is UTC"), "{err}");
    assert_eq!(stored_zone(&env).0.as_deref(), Some("Asia/Shanghai"));
    // The zone the config names: done, and the config is accepted again.
    ok(&env, "UTC", AT_0930, "admin", &["site", "timezone", "UTC"]);
    let info = ok(&env, "Asia/Shanghai", AT_0930, "zhao", &["info"]);
    assert!(info_line(&info, "desk time zone").contains("UTC"), "{info}");
}

/// A database at the schema before the stored zone, with one audited change, made
/// with the earlier migration steps behind the program's back.
fn old_database(env: &Env) {
    let before_zone = STEPS
        .iter()
        .position(|s| s.contains("meta_site_timezone_kept"))
        .expect("the site zone step");
    let mut c = Connection::open(&env.db).unwrap();
    c.pragma_update(None, "application_id", dutydesk::store::APPLICATION_ID)
        .unwrap();
    let tx = c.transaction().unwrap();
    for step in &STEPS[..before_zone] {
        tx.execute_batch(step).unwrap();
    }
    tx.pragma_update(None, "user_version", before_zone as i64)
        .unwrap();
    let record = AuditRecord {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-01T08:00:00+08:00")
            .unwrap()
            .to_utc(),
        operator: "admin".into(),
        action: "people.import".into(),
        entity: "people".into(),
        entity_id: None,
        details: serde_json::json!({ "added": 0 }),
    };
    // Hashed as the schema of that time had it (no record hashes yet).
    let at = record.at.timestamp_millis();
    let details = record.details.to_string();
    let fields = [
        record.operator.as_str(),
        &record.action,
        &record.entity,
        "",
        &details,
    ];
    let hash = row_hash(None, GENESIS, 1, at, fields, None);
    tx.execute(
        "INSERT INTO audit (id, at, operator, action, entity, entity_id, details, prev_hash, hash)
         VALUES (1, ?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7)",
        rusqlite::params![
            at,
            record.operator,
            record.action,
            record.entity,
            details,
            GENESIS,
            hash
        ],
    )
    .unwrap();
    tx.commit().unwrap();
}

#[test]
fn an_old_database_adopts_the_zone_of_the_first_process_to_open_it_with_one_audit_row() {
    let env = Env::with_config(NO_ZONE);
    old_database(&env);
    assert!(stored_zone(&env).0.is_none());
    ok(&env, "America/New_York", AT_0930, "zhao", &["info"]);
    assert_eq!(
        stored_zone(&env),
        (Some("America/New_York".into()), Some("tz".into()))
    );
    let schema: i64 = env
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(schema, migrations::latest());
    // A second process elsewhere takes what the first recorded, and writes nothing.
    ok(&env, "Asia/Shanghai", AT_0930, "zhao", &["info"]);
    let audit = audit_rows(&env);
    assert_eq!(
        audit.len(),
        2,
        "the old row and one adoption row: {audit:?}"
    );
    assert_eq!(audit[0]["action"], "site.timezone");
    assert_eq!(audit[0]["operator"], "zhao");
    assert_eq!(audit[0]["details"]["zone"], "America/New_York");
    assert_eq!(audit[0]["details"]["adopted"], true);
    ok(&env, "UTC", AT_0930, "zhao", &["audit", "verify"]);
}

#[test]
fn an_old_database_adopts_the_config_zone_when_the_config_names_one() {
    let env = Env::with_config(&config_naming("Asia/Shanghai"));
    old_database(&env);
    ok(&env, "UTC", AT_0930, "zhao", &["info"]);
    assert_eq!(
        stored_zone(&env),
        (Some("Asia/Shanghai".into()), Some("config".into()))
    );
    assert_eq!(env.counts().audit, 2);
}

#[test]
fn the_stored_zone_cannot_be_removed_or_emptied_behind_the_programs_back() {
    let env = Env::with_config(NO_ZONE);
    // Read commands never create a database: make an empty one first (its zone
    // is still recorded by the first command that opens it).
    env.init_db();
    ok(&env, "Asia/Shanghai", AT_0930, "zhao", &["info"]);
    let c = env.conn();
    assert!(
        c.execute("DELETE FROM meta WHERE key = 'site.timezone'", [])
            .is_err()
    );
    assert!(
        c.execute(
            "UPDATE meta SET value = ' ' WHERE key = 'site.timezone'",
            []
        )
        .is_err()
    );
    assert_eq!(stored_zone(&env).0.as_deref(), Some("Asia/Shanghai"));
}

#[test]
fn processes_opening_a_new_desk_at_once_record_one_zone_and_check_their_config_against_it() {
    use dutydesk::clock::FixedClock;
    use dutydesk::config::Config;
    use dutydesk::domain::Role;
    use dutydesk::service::{Actor, Desk};
    use dutydesk::store::Store;
    use std::sync::{Arc, Barrier};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let zones = ["Asia/Shanghai", "America/New_York", "UTC"];
    let start = Arc::new(Barrier::new(6));
    let threads: Vec<_> = (0..6)
        .map(|i| {
            let (db, start) = (db.clone(), start.clone());
            let configured = zones[i % 3];
            std::thread::spawn(move || {
                let mut config = Config::default();
                config.site.timezone = Some(configured.to_string());
                start.wait();
                let desk = Desk::new(
                    Store::open(&db).unwrap(),
                    Arc::new(config),
                    Actor {
                        login: format!("gate{i}"),
                        name: format!("gate{i}"),
                        role: Role::Guard,
                    },
                    Arc::new(FixedClock::new(chrono::Utc::now())),
                );
                (configured, desk.map(|d| d.zone.name()).map_err(|e| e.key))
            })
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let c = Connection::open(&db).unwrap();
    let stored: String = c
        .query_row(
            "SELECT value FROM meta WHERE key = 'site.timezone'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for (configured, result) in results {
        if configured == stored {
            assert_eq!(result, Ok(stored.as_str()));
        } else {
            assert_eq!(
                result,
                Err("site.zone_conflict"),
                "{configured} vs {stored}"
            );
        }
    }
    let rows: i64 = c
        .query_row(
            "SELECT count(*) FROM meta WHERE key LIKE 'site.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 2, "one zone and its source");
}

#[test]
fn a_stored_zone_this_build_does_not_know_is_named_safely_and_the_admin_can_replace_it() {
    let env = Env::with_config(NO_ZONE);
    // Read commands never create a database: make an empty one first (its zone
    // is still recorded by the first command that opens it).
    env.init_db();
    ok(&env, "Asia/Shanghai", AT_0930, "zhao", &["info"]);
    env.conn()
        .execute(
            "UPDATE meta SET value = 'Mars/Olympus\x1b[2J' WHERE key = 'site.timezone'",
            [],
        )
        .unwrap();
    let err = refused(&env, "UTC", AT_0930, "zhao", &["handover", "status"]);
    assert!(err.contains("Mars/Olympus"), "{err}");
    assert!(
        !err.contains('\x1b'),
        "no escape sequence reaches the terminal"
    );
    assert!(err.contains("dutydesk site timezone ZONE"), "{err}");
    ok(
        &env,
        "UTC",
        AT_0930,
        "admin",
        &["site", "timezone", "Asia/Shanghai"],
    );
    let info = ok(&env, "UTC", AT_0930, "zhao", &["info"]);
    assert!(
        info_line(&info, "desk time zone").contains("Asia/Shanghai"),
        "{info}"
    );
}
