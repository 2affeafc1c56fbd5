//! Store tests on temporary database files (not `:memory:`: WAL, several connections
//! and several processes need a real file), and query-plan tests that keep every list
//! the desk runs an index range: a year of entries must cost what a day does.

mod common;

use dutydesk::domain::person::Person;
use dutydesk::domain::{CodeColour, Decision, Direction, PersonKind, Reason, Tenths};
use dutydesk::store::audit::{self, AuditRecord, Verification};
use dutydesk::store::entries::{self, EntryFilter, NewEntry};
use dutydesk::store::{Store, migrations, people};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

const DAY_MS: i64 = 86_400_000;
/// 2026-11-29 00:00 Beijing time.
const DAY0: i64 = 1_795_968_000_000 - 8 * 3_600_000;

fn person(id: &str) -> Person {
    Person {
        id: id.into(),
        name: format!("人员{id}"),
        kind: PersonKind::Student,
        department: "信息工程系".into(),
        class: None,
        resident_id: None,
        phone: None,
    }
}

fn entry(at_ms: i64, person_id: &str, flagged: bool, denied: bool) -> NewEntry {
    NewEntry {
        at_ms,
        gate: "东门".into(),
        direction: Direction::In,
        person_id: Some(person_id.into()),
        visitor_id: None,
        host_id: None,
        visit_reason: None,
        temp: Tenths(if flagged { 381 } else { 365 }),
        code: Some(CodeColour::Green),
        venue_scan: true,
        decision: if denied {
            Decision::Denied
        } else {
            Decision::Admitted
        },
        reasons: if flagged { vec![Reason::Fever] } else { vec![] },
        flagged,
        threshold: Tenths(373),
        operator: "tester".into(),
        approval_id: None,
        visitor_name: None,
        warnings: vec![],
        open_case_id: None,
    }
}

fn record(action: &str) -> AuditRecord {
    AuditRecord {
        at: dutydesk::clock::from_ms(DAY0),
        operator: "tester".into(),
        action: action.into(),
        entity: "test".into(),
        entity_id: None,
        details: serde_json::json!({ "n": 1 }),
    }
}

fn open(dir: &Path) -> Store {
    Store::open(&dir.join("t.db")).unwrap()
}

#[test]
fn a_new_database_uses_wal_full_sync_foreign_keys_and_a_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    let c = store.conn();
    let text = |p: &str| -> String {
        c.query_row(&format!("PRAGMA {p}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
    };
    assert_eq!(text("journal_mode"), "wal");
    assert_eq!(text("synchronous"), "2", "synchronous=FULL");
    assert_eq!(text("foreign_keys"), "1");
    assert!(text("busy_timeout").parse::<i64>().unwrap() >= 5_000);
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // WAL is a property of the file: a plain connection sees it too.
    let other = Connection::open(dir.path().join("t.db")).unwrap();
    let mode: String = other
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn reopening_applies_no_migration_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    store
        .write(|tx| Ok(people::upsert(tx, &person("S1"), DAY0)?))
        .unwrap();
    drop(store);
    let store = open(dir.path());
    assert_eq!(store.schema_version().unwrap(), migrations::latest());
    assert_eq!(people::count(store.conn()).unwrap(), 1);
}

#[test]
fn booths_opening_a_new_database_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|s| s.schema_version().unwrap()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap(), migrations::latest());
    }
}

#[test]
fn two_connections_see_each_others_commits() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = open(dir.path());
    let b = open(dir.path());
    let before = b.data_version().unwrap();
    a.write(|tx| Ok(people::upsert(tx, &person("S1"), DAY0)?))
        .unwrap();
    assert!(people::get(b.conn(), "S1").unwrap().is_some());
    assert_ne!(b.data_version().unwrap(), before, "the watcher notices");
    // A connection's own commit does not move its data_version.
    let own = a.data_version().unwrap();
    a.write(|tx| Ok(people::upsert(tx, &person("S2"), DAY0)?))
        .unwrap();
    assert_eq!(a.data_version().unwrap(), own);
}

#[test]
fn a_reader_does_not_block_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = open(dir.path());
    let reader = Connection::open(dir.path().join("t.db")).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    writer
        .write(|tx| Ok(people::upsert(tx, &person("S1"), DAY0)?))
        .unwrap();
    // The reader keeps its snapshot until its transaction ends.
    let n: i64 = reader
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    reader.execute_batch("COMMIT").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_second_writer_waits_for_the_first_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    drop(open(dir.path()));
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let p = path.clone();
    let waiter = std::thread::spawn(move || {
        // Opening a current database takes no lock, so it does not wait...
        let mut store = Store::open(&p).unwrap();
        tx.send(()).unwrap();
        // ...but writing does, until the first writer commits.
        store.write(|tx| Ok(people::upsert(tx, &person("S1"), DAY0)?))
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("opening does not wait for another writer");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!waiter.is_finished(), "the second writer waits");
    holder.execute_batch("COMMIT").unwrap();
    assert!(waiter.join().unwrap().unwrap(), "and then writes");
}

#[test]
fn another_process_writing_waits_for_a_held_write_transaction() {
    let env = common::Env::with_roster();
    let holder = env.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = common::std_cmd(&env)
        .args([
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
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1_000));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the process waits for the lock instead of failing"
    );
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.counts().entries, 1);
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    let result: Result<(), _> = store.write(|tx| {
        people::upsert(tx, &person("S1"), DAY0)?;
        audit::append(tx, &record("people.add"))?;
        // Refused by the foreign key: no such person.
        entries::insert(tx, &entry(DAY0, "NOBODY", false, false))?;
        Ok(())
    });
    assert!(result.is_err());
    assert_eq!(people::count(store.conn()).unwrap(), 0);
    assert_eq!(audit::count(store.conn()).unwrap(), 0);
}

#[test]
fn the_audit_chain_verifies_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(dir.path());
    for i in 0..5 {
        store
            .write(|tx| Ok(audit::append(tx, &record(&format!("a{i}")))?))
            .unwrap();
    }
    assert_eq!(
        audit::verify(store.conn()).unwrap(),
        Verification::Intact { rows: 5 }
    );
    let c = store.conn();
    let update = c.execute("UPDATE audit SET operator = 'x' WHERE id = 2", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = c.execute("DELETE FROM audit WHERE id = 5", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    // Behind the program's back: drop the trigger and edit row 3.
    c.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET details = '{}' WHERE id = 3")
        .unwrap();
    assert_eq!(
        audit::verify(c).unwrap(),
        Verification::Broken { row: 3, checked: 2 }
    );
}

// ---------------------------------------------------------------- query plans

/// A database with a month of entries for 200 people: rare fevers and refusals, as
/// at a real gate. Small enough to build in a blink; the plans are what matters.
fn month_of_entries(dir: &Path, analyzed: bool) -> Store {
    let mut store = open(dir);
    store
        .write(|tx| {
            for p in 0..200 {
                people::upsert(tx, &person(&format!("S{p:03}")), DAY0)?;
            }
            for i in 0..6_000i64 {
                let at = DAY0 - 30 * DAY_MS + i * (30 * DAY_MS / 6_000);
                let who = format!("S{:03}", i % 200);
                entries::insert(tx, &entry(at, &who, i % 200 == 7, i % 50 == 3))?;
            }
            Ok(())
        })
        .unwrap();
    if analyzed {
        store.conn().execute_batch("ANALYZE").unwrap();
    }
    store
}

fn filter() -> EntryFilter {
    EntryFilter {
        limit: 50,
        ..EntryFilter::default()
    }
}

fn one_day() -> EntryFilter {
    EntryFilter {
        since_ms: Some(DAY0),
        until_ms: Some(DAY0 + DAY_MS),
        ..filter()
    }
}

/// The desk's everyday lists and the index each must use.
fn desk_queries() -> Vec<(&'static str, EntryFilter, &'static str)> {
    vec![
        ("newest 50", filter(), "USING INDEX entries_at"),
        (
            "one day",
            one_day(),
            "USING INDEX entries_at (at>? AND at<?)",
        ),
        (
            "one day's flagged",
            EntryFilter {
                flagged_only: true,
                ..one_day()
            },
            "USING INDEX entries_flagged_at (at>? AND at<?)",
        ),
        (
            "flagged",
            EntryFilter {
                flagged_only: true,
                ..filter()
            },
            "USING INDEX entries_flagged_at",
        ),
        (
            "one day's denied",
            EntryFilter {
                denied_only: true,
                ..one_day()
            },
            "USING INDEX entries_denied_at (at>? AND at<?)",
        ),
        (
            "denied",
            EntryFilter {
                denied_only: true,
                ..filter()
            },
            "USING INDEX entries_denied_at",
        ),
        (
            "one person's",
            EntryFilter {
                person_id: Some("S007".into()),
                ..filter()
            },
            "USING INDEX entries_person_at (person_id=?)",
        ),
        (
            "one visitor's",
            EntryFilter {
                visitor_id: Some(1),
                ..filter()
            },
            "USING INDEX entries_visitor_at (visitor_id=?)",
        ),
    ]
}

fn check_plans(store: &Store) {
    for (name, f, index) in desk_queries() {
        let plan = entries::list_plan(store.conn(), &f).unwrap();
        let main = &plan[0];
        assert!(
            main.starts_with("SCAN e USING INDEX") || main.starts_with("SEARCH e USING INDEX"),
            "{name}: the entries table is read through an index: {plan:?}"
        );
        assert!(
            main.ends_with(index),
            "{name}: expected {index}, got {plan:?}"
        );
        assert!(
            plan.iter().all(|s| !s.contains("TEMP B-TREE")),
            "{name}: no sort of the whole result (the index gives the order): {plan:?}"
        );
        for joined in &plan[1..] {
            assert!(
                joined.starts_with("SEARCH"),
                "{name}: names are looked up, not scanned: {plan:?}"
            );
        }
    }
    let counts = entries::counts_plan(store.conn()).unwrap();
    assert_eq!(
        counts,
        vec!["SEARCH entries USING INDEX entries_at (at>? AND at<?)"]
    );
    // Asked at every registration: a seek in a small partial index, however many
    // times the person passed the gate today.
    let refused = entries::refused_code_plans(store.conn()).unwrap();
    assert_eq!(
        refused,
        vec![
            "SEARCH entries USING INDEX entries_code_refused_person (person_id=? AND at>?)",
            "SEARCH entries USING INDEX entries_code_refused_visitor (visitor_id=? AND at>?)",
        ]
    );
}

#[test]
fn the_desks_queries_use_their_indexes_on_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    check_plans(&open(dir.path()));
}

#[test]
fn the_desks_queries_use_their_indexes_with_data_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    check_plans(&month_of_entries(dir.path(), false));
    drop(dir);
    let dir = tempfile::tempdir().unwrap();
    check_plans(&month_of_entries(dir.path(), true));
}

#[test]
fn lists_are_newest_first_and_windowed() {
    let dir = tempfile::tempdir().unwrap();
    let store = month_of_entries(dir.path(), false);
    let day = entries::list(store.conn(), &one_day()).unwrap();
    assert_eq!(day.len(), 0, "the month ends before DAY0");
    let f = EntryFilter {
        since_ms: Some(DAY0 - DAY_MS),
        until_ms: Some(DAY0),
        limit: 1_000,
        ..EntryFilter::default()
    };
    let day = entries::list(store.conn(), &f).unwrap();
    assert_eq!(day.len(), 200);
    assert!(
        day.windows(2)
            .all(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id))
    );
    let flagged = entries::list(
        store.conn(),
        &EntryFilter {
            flagged_only: true,
            ..f.clone()
        },
    )
    .unwrap();
    assert!(flagged.iter().all(|e| e.flagged));
    assert_eq!(flagged.len(), 1);
    // Keyset paging continues exactly where the last page stopped.
    let first = entries::list(
        store.conn(),
        &EntryFilter {
            limit: 10,
            ..f.clone()
        },
    )
    .unwrap();
    let last = first.last().unwrap();
    let next = entries::list(
        store.conn(),
        &EntryFilter {
            before: Some((dutydesk::clock::to_ms(last.at), last.id)),
            limit: 10,
            ..f
        },
    )
    .unwrap();
    assert_eq!(next[0].id, day[10].id);
}
