//! `dutydesk ingest`: acknowledgements, bad lines, several writers at once, and a
//! crash in the middle of a stream.

mod common;

use common::{Env, std_cmd};
use serde_json::Value;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::Duration;

fn person_line(gate: &str, temp: &str, person: &str) -> String {
    format!(
        r#"{{"gate":"{gate}","direction":"in","temp":{temp},"code":"green","venue_scan":true,"person_id":"{person}"}}"#
    )
}

fn acks(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn ok_ids(acks: &[Value]) -> Vec<i64> {
    acks.iter()
        .filter(|a| a["ok"] == true)
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn every_line_is_acknowledged_and_bad_lines_do_not_stop_the_stream() {
    let env = Env::with_roster();
    let rid = common::resident_id("51040219800101123");
    let input = [
        person_line("东门", "36.5", "S1"),
        String::new(),
        "not json".into(),
        r#"{"gate":"东门","direction":"in","temp":"37.5℃","person_id":"S2","venue_scan":true}"#.into(),
        r#"{"gate":"东门","direction":"in","tmp":36.5,"person_id":"S1"}"#.into(),
        person_line("东门", "\"abc\"", "S1"),
        person_line("南门", "36.5", "S1"),
        person_line("东门", "36.5", "S999"),
        r#"{"gate":"东门","direction":"in","temp":36.5,"venue_scan":"yes","person_id":"S1"}"#.into(),
        format!(
            r#"{{"gate":"西门","direction":"in","temp":36.4,"code":"green","venue_scan":true,"visitor_name":"赵访客","visitor_id":"{rid}","visitor_phone":"13900001111","reason":"送材料","host":"T1"}}"#
        ),
        format!(
            r#"{{"gate":"西门","direction":"in","temp":36.4,"visitor_name":"赵访客","visitor_id":"{rid}","reason":"送材料"}}"#
        ),
        "   ".into(),
        "[1,2,3]".into(),
        // The last line has no newline: it still counts.
        r#"{"gate":"北门","direction":"out","temp":"３６．８","person_id":"T1"}"#.into(),
    ]
    .join("\n");
    let out = env.cmd().arg("ingest").write_stdin(input).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let acks = acks(&out.stdout);
    let lines: Vec<u64> = acks.iter().map(|a| a["line"].as_u64().unwrap()).collect();
    assert_eq!(
        lines,
        [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14],
        "blank lines get none"
    );
    let ok: Vec<bool> = acks.iter().map(|a| a["ok"] == true).collect();
    assert_eq!(
        ok,
        [
            true, false, true, false, false, false, false, false, true, false, false, true
        ]
    );
    let error = |line: u64| {
        acks.iter().find(|a| a["line"] == line).unwrap()["error"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(error(3).contains("not valid JSON"));
    assert!(error(5).contains("unknown key \"tmp\""));
    assert!(error(6).contains("temperature"));
    assert!(error(7).contains("unknown gate"));
    assert!(error(8).contains("S999"));
    assert!(error(9).contains("venue_scan"));
    assert!(error(11).contains("visitor phone"));
    assert!(error(13).contains("JSON object"));
    // Exactly the acknowledged lines were written, each with its audit row (and the
    // fever of line 4 with its case).
    let ids = ok_ids(&acks);
    assert_eq!(ids.len(), 4);
    let counts = env.counts();
    assert_eq!(counts.entries, 4);
    assert_eq!(counts.audit, 1 + 4 + 1);
    let listed = env.list(&[]);
    let fever = listed.iter().find(|e| e["person_id"] == "S2").unwrap();
    assert_eq!(fever["temp"].to_string(), "37.5");
    assert_eq!(fever["flagged"], true);
    let visitor = listed.iter().find(|e| e["kind"] == "visitor").unwrap();
    assert_eq!(visitor["host"], "T1");
}

#[test]
fn acknowledgements_have_the_documented_form() {
    let env = Env::with_roster();
    let input = format!("{}\n{{\"gate\":true}}\n", person_line("东门", "36.5", "S1"));
    let out = env.cmd().arg("ingest").write_stdin(input).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        r#"{"line":1,"ok":true,"id":1,"decision":"admitted","reasons":[],"warnings":[]}"#
    );
    assert_eq!(
        lines[1],
        r#"{"line":2,"ok":false,"error":"key gate must be a string"}"#
    );
    let out = env
        .cmd()
        .args(["--lang", "zh", "ingest"])
        .write_stdin("{\"gate\":true}\n")
        .output()
        .unwrap();
    let a = &acks(&out.stdout)[0];
    assert!(a["error"].as_str().unwrap().contains("字段 gate"), "{a}");
}

#[test]
fn empty_input_ends_at_once() {
    let env = Env::with_roster();
    let out = env.cmd().arg("ingest").write_stdin("").output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn a_read_only_operator_may_not_ingest() {
    let env = Env::with_config(&common::users_config());
    let out = env
        .cmd()
        .args(["--user", "sun", "ingest"])
        .write_stdin(person_line("东门", "36.5", "S1") + "\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no acknowledgement");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not allowed to register entries"), "{err}");
    assert_eq!(env.counts().entries, 0);
}

#[test]
fn a_long_stream_is_committed_in_groups_and_acknowledged_in_order() {
    let env = Env::with_roster();
    let n = 5_000;
    let input: String = (0..n)
        .map(|i| person_line("东门", if i % 100 == 0 { "38.2" } else { "36.5" }, "S1") + "\n")
        .collect();
    let out = env.cmd().arg("ingest").write_stdin(input).output().unwrap();
    assert!(out.status.success());
    let acks = acks(&out.stdout);
    assert_eq!(acks.len(), n);
    assert!(
        acks.iter()
            .enumerate()
            .all(|(i, a)| a["line"] == i + 1 && a["ok"] == true)
    );
    let ids = ok_ids(&acks);
    assert!(
        ids.windows(2).all(|w| w[1] == w[0] + 1),
        "ids in input order"
    );
    assert_eq!(env.counts().entries, n as i64);
    assert_eq!(env.list(&["--flagged", "--limit", "100"]).len(), n / 100);
    env.ok(&["audit", "verify"]);
}

#[test]
fn four_processes_ingesting_at_once_lose_nothing() {
    let env = Env::with_roster();
    let gates = ["东门", "西门", "北门", "东门"];
    let per_process = 3_000;
    let children: Vec<_> = gates
        .iter()
        .enumerate()
        .map(|(p, gate)| {
            let mut child = std_cmd(&env)
                .arg("ingest")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let gate = gate.to_string();
            // Feed in chunks so the four writers interleave their transactions.
            let feeder = std::thread::spawn(move || {
                for chunk in 0..30 {
                    let mut buf = String::new();
                    for i in 0..per_process / 30 {
                        let n = chunk * 1000 + i;
                        if n % 97 == 0 {
                            buf.push_str("{\"gate\":\"nowhere\"}\n"); // a bad line
                        } else {
                            let person = ["S1", "S2", "T1"][(n + p) % 3];
                            buf.push_str(&person_line(&gate, "36.6", person));
                            buf.push('\n');
                        }
                    }
                    stdin.write_all(buf.as_bytes()).unwrap();
                    stdin.flush().unwrap();
                }
            });
            // Read the acknowledgements while feeding, or both pipes fill up.
            let waiter = std::thread::spawn(move || child.wait_with_output().unwrap());
            (feeder, waiter)
        })
        .collect();
    let mut all_ok = Vec::new();
    let mut failed = 0;
    for (feeder, waiter) in children {
        feeder.join().unwrap();
        let out = waiter.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "no error: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let acks = acks(&out.stdout);
        assert_eq!(acks.len(), per_process, "one acknowledgement per line");
        for a in &acks {
            if a["ok"] == false {
                let e = a["error"].as_str().unwrap();
                assert!(e.contains("unknown gate"), "only the bad lines fail: {e}");
                failed += 1;
            }
        }
        all_ok.extend(ok_ids(&acks));
    }
    let distinct: HashSet<i64> = all_ok.iter().copied().collect();
    assert_eq!(distinct.len(), all_ok.len(), "no id acknowledged twice");
    assert_eq!(all_ok.len() + failed, 4 * per_process);
    let counts = env.counts();
    assert_eq!(
        counts.entries,
        all_ok.len() as i64,
        "no lost row, no extra row"
    );
    assert_eq!(counts.audit, 1 + all_ok.len() as i64);
    let out = env.ok(&["audit", "verify"]);
    assert!(
        out.contains(&format!("{} rows checked", counts.audit)),
        "{out}"
    );
}

#[test]
fn a_killed_ingest_loses_no_acknowledged_record() {
    let env = Env::with_roster();
    let mut child = std_cmd(&env)
        .arg("ingest")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    // Lines trickle in (a gate device), then come in bursts, until the pipe breaks.
    let feeder = std::thread::spawn(move || {
        let mut sent = 0usize;
        loop {
            let burst = if sent < 300 { 1 } else { 50 };
            let mut buf = String::new();
            for _ in 0..burst {
                buf.push_str(&person_line("东门", "36.7", ["S1", "S2", "T1"][sent % 3]));
                buf.push('\n');
                sent += 1;
            }
            if stdin
                .write_all(buf.as_bytes())
                .and_then(|_| stdin.flush())
                .is_err()
            {
                return sent;
            }
            std::thread::sleep(Duration::from_millis(2));
            if sent > 1_000_000 {
                return sent;
            }
        }
    });
    let mut reader = BufReader::new(stdout);
    let mut acked = Vec::new();
    let mut line = String::new();
    while acked.len() < 500 {
        line.clear();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "ingest ended early"
        );
        let a: Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(a["ok"], true, "{a}");
        acked.push(a["id"].as_i64().unwrap());
    }
    child.kill().unwrap(); // SIGKILL, mid-stream
    // Acknowledgements already in the pipe were written after their commit too.
    for l in reader.lines() {
        let Ok(l) = l else { break };
        if let Ok(a) = serde_json::from_str::<Value>(&l)
            && a["ok"] == true
        {
            acked.push(a["id"].as_i64().unwrap());
        }
    }
    child.wait().unwrap();
    let sent = feeder.join().unwrap();
    assert!(sent > acked.len(), "killed while lines were still coming");

    let c = env.conn();
    let integrity: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut stmt = c.prepare("SELECT 1 FROM entries WHERE id = ?1").unwrap();
    for id in &acked {
        assert!(
            stmt.exists([id]).unwrap(),
            "acknowledged entry {id} is stored"
        );
    }
    drop(stmt);
    drop(c);
    let counts = env.counts();
    assert!(counts.entries >= acked.len() as i64);
    assert_eq!(
        counts.audit,
        1 + counts.entries,
        "every stored entry has its audit row"
    );
    env.ok(&["audit", "verify"]);
}

#[test]
fn a_key_given_twice_in_one_line_fails_that_line_naming_the_key() {
    let env = Env::with_roster();
    let input = [
        r#"{"gate":"东门","direction":"in","temp":36.5,"venue_scan":true,"person_id":"S1","person_id":"S2"}"#,
        &person_line("东门", "36.6", "T1"),
        r#"{"gate":"东门","temp":36.5,"direction":"in","venue_scan":true,"temp":38.5,"person_id":"S2"}"#,
    ]
    .join("\n");
    let out = env.cmd().arg("ingest").write_stdin(input).output().unwrap();
    assert!(out.status.success());
    let acks = acks(&out.stdout);
    assert_eq!(acks.len(), 3);
    assert_eq!(acks[0]["ok"], false);
    assert_eq!(
        acks[0]["error"],
        "key \"person_id\" appears more than once; each key may be given once"
    );
    assert_eq!(acks[1]["ok"], true, "the next line is not affected");
    assert_eq!(acks[2]["ok"], false);
    assert!(acks[2]["error"].as_str().unwrap().contains("\"temp\""));
    let stored: Vec<String> = env
        .list(&[])
        .iter()
        .map(|e| e["person_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        stored,
        ["T1"],
        "neither S1 nor S2 was registered by the bad lines"
    );
}
