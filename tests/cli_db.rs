//! The database file: created private, WAL, refused when it is not ours (not SQLite,
//! another program's, or a newer schema) without a byte of it changing.

mod common;

use common::{Env, sha256_of};
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn siblings_absent(db: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        assert!(
            !Path::new(&p).exists(),
            "{} was not created",
            Path::new(&p).display()
        );
    }
}

/// Every kind of command refuses the file with the given message and leaves it as it was.
fn refused_untouched(env: &Env, message: &str) {
    let before = sha256_of(&env.db);
    let roster = env.path("roster.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    for args in [
        vec!["entry", "list"],
        vec!["info"],
        vec!["people", "import", roster.to_str().unwrap()],
        vec![
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
        ],
        vec!["audit", "verify"],
    ] {
        let err = env.fails(&args);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(
            err.contains(&env.db.display().to_string()),
            "names the file: {err}"
        );
    }
    let out = env
        .cmd()
        .arg("ingest")
        .write_stdin("{}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no acknowledgement");
    assert_eq!(sha256_of(&env.db), before, "not a byte changed");
}

#[test]
fn a_new_database_is_private_and_in_wal_mode() {
    let env = Env::new();
    let nested = env.path("var/lib/dutydesk/desk.db");
    let roster = env.path("roster.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        env.bare()
            .arg("--db")
            .arg(&nested)
            .arg("--config")
            .arg(&env.config)
            .args(args)
            .output()
            .unwrap()
    };
    // A write command creates the database (and its directory).
    let import = run(&["people".as_ref(), "import".as_ref(), roster.as_os_str()]);
    assert!(import.status.success(), "{import:?}");
    let out = run(&["info".as_ref()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(&nested).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "health data: owner only, got {mode:o}");
    let c = Connection::open(&nested).unwrap();
    let journal: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let app: i64 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, dutydesk::store::APPLICATION_ID);
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, dutydesk::store::migrations::latest());
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains(&format!("schema version  {version}")), "{out}");
}

#[test]
fn the_wal_and_shm_files_are_private_too() {
    let env = Env::with_roster();
    // Keep a connection open so the WAL and shared-memory files stay.
    let c = env.conn();
    c.query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0))
        .unwrap();
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
        "--person",
        "S1",
    ]);
    for suffix in ["-wal", "-shm"] {
        let p = env.path(&format!("dutydesk.db{suffix}"));
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{suffix}: {mode:o}");
    }
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    let env = Env::new();
    std::fs::write(&env.db, b"").unwrap();
    env.import(common::ROSTER);
    assert_eq!(env.counts().people, 3);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let env = Env::new();
    std::fs::write(&env.db, "姓名,体温\n王小明,36.5\n".repeat(200)).unwrap();
    refused_untouched(&env, "is not an SQLite database; it was left untouched");
    siblings_absent(&env.db);
    // Shorter than a header, and binary noise.
    std::fs::write(&env.db, b"SQLite").unwrap();
    refused_untouched(&env, "is not an SQLite database");
    std::fs::write(
        &env.db,
        (0..4096u32)
            .map(|i| (i * 7 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    refused_untouched(&env, "is not an SQLite database");
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let env = Env::new();
    {
        let c = Connection::open(&env.db).unwrap();
        c.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
             INSERT INTO notes (body) VALUES ('shopping list'), ('phone numbers');",
        )
        .unwrap();
    }
    refused_untouched(&env, "is another program's SQLite database, not dutydesk's");
    siblings_absent(&env.db);
    let c = Connection::open(&env.db).unwrap();
    let tables: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "no dutydesk table was added");
}

#[test]
fn a_database_with_a_newer_schema_is_refused_untouched() {
    let env = Env::with_roster();
    {
        let c = env.conn();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let counts = env.counts();
    refused_untouched(
        &env,
        "has schema version 99, but this dutydesk knows only up to",
    );
    assert_eq!(env.counts(), counts);
    let err = env.fails(&["--lang", "zh", "info"]);
    assert!(err.contains("请升级 dutydesk"), "{err}");
}

#[test]
fn a_directory_is_not_a_database() {
    let env = Env::new();
    std::fs::create_dir(&env.db).unwrap();
    let err = env.fails(&["info"]);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_read_command_on_a_missing_database_says_so_and_creates_nothing() {
    let env = Env::new();
    let nested = env.path("var/lib/dutydesk/desk.db");
    let db = nested.to_str().unwrap();
    for args in [
        vec!["entry", "list"],
        vec!["info"],
        vec!["audit", "verify"],
        vec!["audit", "list"],
        vec!["people", "list"],
        vec!["flag", "list"],
        vec!["approval", "list"],
        vec!["returns", "list"],
        vec!["roster", "show"],
        vec!["handover", "list"],
        vec!["handover", "show", "1"],
        vec!["--lang", "zh", "entry", "list"],
    ] {
        let out = env
            .bare()
            .args(["--db", db, "--config"])
            .arg(&env.config)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(db), "{args:?} names the path: {err}");
        assert!(
            err.contains("does not exist") || err.contains("不存在"),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    assert!(!nested.exists(), "no database file");
    assert!(!env.path("var").exists(), "nor its directory");
}
