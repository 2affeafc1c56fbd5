//! `dutydesk ingest` fed one line at a time, as a gate device sends them: each line is
//! committed and acknowledged as soon as it arrives, not when the next one comes.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CONFIG: &str = "[site]\ntimezone = \"Asia/Shanghai\"\n";
const ROSTER: &str =
    "id,name,kind,department\nS1001,张小明,student,信息工程系\nS1002,刘洋,student,机电系\n";

fn dutydesk(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dutydesk"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TZ", "Asia/Shanghai")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_STATE_HOME", dir.join("xdg-state"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("DUTYDESK_NOW", "2026-11-29T08:00:00+08:00")
        .arg("--db")
        .arg(dir.join("desk.db"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(["--lang", "en"]);
    c
}

fn entries(dir: &std::path::Path) -> usize {
    let out = dutydesk(dir)
        .args(["entry", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().lines().count()
}

#[test]
fn each_line_is_committed_and_acknowledged_before_the_next_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("config.toml"), CONFIG).unwrap();
    std::fs::write(d.join("people.csv"), ROSTER).unwrap();
    let out = dutydesk(d)
        .args(["people", "import"])
        .arg(d.join("people.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let mut ingest = dutydesk(d)
        .arg("ingest")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut feed = ingest.stdin.take().unwrap();
    let acks = BufReader::new(ingest.stdout.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in acks.lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    // A generous bound, only so that a regression fails instead of hanging.
    let next_ack = || {
        rx.recv_timeout(Duration::from_secs(60))
            .expect("no acknowledgement while the input stays open")
    };

    for (n, person) in ["S1001", "S1002"].iter().enumerate() {
        writeln!(
            feed,
            r#"{{"gate":"东门","direction":"in","temp":"36.5","code":"green","venue_scan":true,"person_id":"{person}"}}"#
        )
        .unwrap();
        feed.flush().unwrap();
        let ack: serde_json::Value = serde_json::from_str(&next_ack()).unwrap();
        assert_eq!(ack["ok"], true, "{ack}");
        assert_eq!(ack["line"], n + 1);
        // Acknowledged means committed: another process sees it already.
        assert_eq!(entries(d), n + 1);
    }
    drop(feed);
    assert!(ingest.wait().unwrap().success());
}
