//! Reliability: a registration the desk has acknowledged (ingest) or shown (the
//! console) is stored, even while other SQLite clients open and close the same file.
//!
//! SQLite keeps its WAL locks as POSIX advisory locks, which belong to the process:
//! closing any descriptor of the database file drops all of them. A process that
//! opened the file outside SQLite while holding connections looked, to the next
//! client, like nobody was using the database, and that client deleted the `-wal`
//! and `-shm` files on close while this process kept writing into the deleted WAL.
//! Each test here keeps a real `dutydesk` process writing while the `sqlite3` shell,
//! another `dutydesk` process, a second console and `sqlite3 .backup` come and go,
//! then reads every registration back from a third process, checks `/proc/PID/fd`
//! for a deleted WAL, and reads them again after the writer has quit.

mod common;
mod tmux_harness;

use common::{Env, std_cmd};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use tmux_harness::quote;

const ROSTER: &str = "id,name,kind,department
P1,甲一,student,信息工程系
P2,乙二,student,信息工程系
P3,丙三,student,信息工程系
P4,丁四,student,信息工程系
P5,戊五,student,信息工程系
P6,己六,student,信息工程系
";

const PEOPLE: [(&str, &str); 6] = [
    ("P1", "甲一"),
    ("P2", "乙二"),
    ("P3", "丙三"),
    ("P4", "丁四"),
    ("P5", "戊五"),
    ("P6", "己六"),
];

fn guard_config() -> String {
    format!(
        "{}
[notify]
desktop = false

[users.wu]
name = \"吴刚\"
role = \"guard\"

[users.tester]
name = \"管理员\"
role = \"admin\"
",
        common::CONFIG
    )
}

/// The people with an entry, read by a separate `dutydesk` process.
fn stored_people(env: &Env) -> BTreeSet<String> {
    env.list(&["--limit", "100"])
        .iter()
        .map(|e| e["person_id"].as_str().unwrap().to_string())
        .collect()
}

/// Opens the database with the `sqlite3` shell, reads, and closes it again.
fn sqlite3_reads(db: &Path) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg("SELECT count(*) FROM entries;")
        .output()
        .expect("the sqlite3 shell is installed (.ci/run installs it)");
    assert!(out.status.success(), "sqlite3: {out:?}");
}

/// `sqlite3 DB ".backup OUT"`, the way a backup script copies the desk.
fn sqlite3_backup(db: &Path, out_file: &Path) {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(format!(".backup {}", out_file.display()))
        .output()
        .expect("the sqlite3 shell is installed (.ci/run installs it)");
    assert!(out.status.success(), "sqlite3 .backup: {out:?}");
}

/// Descriptors of `pid` that point at a deleted file next to the database.
fn deleted_db_files(pid: u32, db: &Path) -> Vec<String> {
    let name = db.file_name().unwrap().to_string_lossy().to_string();
    let mut found = Vec::new();
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap() {
        let Ok(target) = std::fs::read_link(fd.unwrap().path()) else {
            continue;
        };
        let target = target.display().to_string();
        if target.contains(&name) && target.ends_with("(deleted)") {
            found.push(target);
        }
    }
    found
}

fn ingest_line(person: &str) -> String {
    format!(
        r#"{{"gate":"东门","direction":"in","temp":36.5,"code":"green","venue_scan":true,"person_id":"{person}"}}"#
    )
}

#[test]
fn ingest_acknowledgements_survive_other_sqlite_clients() {
    let env = Env::with_config(&guard_config());
    env.import(ROSTER);
    let mut child = std_cmd(&env)
        .args(["--user", "wu", "ingest"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let mut acks = BufReader::new(child.stdout.take().unwrap());
    let backup = env.path("backup.db");
    let others: [&dyn Fn(); 5] = [
        &|| sqlite3_reads(&env.db),
        &|| {
            env.ok(&["info"]);
        },
        &|| sqlite3_backup(&env.db, &backup),
        &|| sqlite3_reads(&env.db),
        &|| {
            env.list(&[]);
        },
    ];
    let mut acknowledged = BTreeSet::new();
    for (i, (id, _)) in PEOPLE.iter().enumerate() {
        writeln!(stdin, "{}", ingest_line(id)).unwrap();
        stdin.flush().unwrap();
        let mut ack = String::new();
        acks.read_line(&mut ack).unwrap();
        assert!(ack.contains("\"ok\":true"), "{id}: {ack}");
        acknowledged.insert(id.to_string());
        // Another client opens and closes the file between two registrations.
        if let Some(other) = others.get(i) {
            other();
        }
        assert_eq!(
            stored_people(&env),
            acknowledged,
            "every acknowledged line is visible to another process"
        );
        assert_eq!(deleted_db_files(pid, &env.db), Vec::<String>::new());
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert_eq!(stored_people(&env), acknowledged, "after ingest ended");
    let ok: String = env
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

/// A console in tmux as the guard `wu`, or a second one as `tester`.
fn console(env: &Env, name: &str, user: &str, pid_file: &Path) -> tmux_harness::Tmux {
    let d = env.dir.path().display();
    let vars = [
        format!("XDG_CONFIG_HOME={}", quote(&format!("{d}/xdg-config"))),
        format!("XDG_STATE_HOME={}", quote(&format!("{d}/xdg-state"))),
        format!("XDG_DATA_HOME={}", quote(&format!("{d}/xdg-data"))),
        "TZ=Asia/Shanghai".into(),
        format!("DUTYDESK_NOW={}", common::NOW),
        "LANG=C.UTF-8".into(),
    ];
    let args = [
        "--db".to_string(),
        env.db.display().to_string(),
        "--config".into(),
        env.config.display().to_string(),
        "--user".into(),
        user.into(),
        "--lang".into(),
        "en".into(),
    ];
    let args: Vec<String> = args.iter().map(|a| quote(a)).collect();
    let cmd = format!(
        "sh -c 'echo $$ > {pid}; exec env {vars} {bin} {args}'; echo EXIT=$?; sleep 600",
        pid = pid_file.display(),
        vars = vars.join(" "),
        bin = common::bin().display(),
        args = args.join(" "),
    );
    let socket = format!("dutydesk-wal-{}-{name}", std::process::id());
    tmux_harness::Tmux::named(&socket, 100, 30, &cmd)
}

fn pid_in(file: &Path) -> u32 {
    std::fs::read_to_string(file)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_console_keeps_what_it_showed_while_other_sqlite_clients_come_and_go() {
    let env = Env::with_config(&guard_config());
    env.import(ROSTER);
    let pid_file = env.path("console.pid");
    let t = console(&env, "guard", "wu", &pid_file);
    t.expect_within("Register at the gate", Duration::from_secs(20));
    let pid = pid_in(&pid_file);
    let backup = env.path("backup.db");
    let second_pid = env.path("second.pid");
    let others: [&dyn Fn(); 5] = [
        &|| sqlite3_reads(&env.db),
        &|| {
            env.ok(&["info"]);
        },
        &|| {
            // A second console opens the file, shows its first screen and quits.
            let other = console(&env, "second", "tester", &second_pid);
            other.expect_within("Live gate log", Duration::from_secs(20));
            other.keys(&["q"]);
            other.expect("EXIT=0");
        },
        &|| sqlite3_backup(&env.db, &backup),
        &|| sqlite3_reads(&env.db),
    ];
    let mut shown = BTreeSet::new();
    for (i, (id, name)) in PEOPLE.iter().enumerate() {
        t.type_text(id);
        t.keys(&["Enter"]);
        t.type_text("36.6");
        t.keys(&["Enter"]);
        // The status line the guard reads once the entry is written.
        t.expect(&format!("registered: {name}"));
        shown.insert(id.to_string());
        if let Some(other) = others.get(i) {
            other();
        }
        assert_eq!(
            stored_people(&env),
            shown,
            "every registration the console showed is visible to another process"
        );
        assert_eq!(deleted_db_files(pid, &env.db), Vec::<String>::new());
    }
    t.keys(&["C-c"]);
    t.expect("EXIT=0");
    assert_eq!(stored_people(&env), shown, "after the console quit");
    let restored = Env::with_config(&guard_config());
    std::fs::copy(&backup, &restored.db).unwrap();
    assert!(
        stored_people(&restored).len() >= 4,
        "the backup holds what was registered before it"
    );
}
