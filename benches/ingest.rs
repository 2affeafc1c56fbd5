//! Ingest throughput through the real `dutydesk ingest` binary (release build,
//! `synchronous=FULL`, one audit row per entry, acknowledgements only after commit).
//!
//! `cargo bench --bench ingest` (target: at least 20,000 acknowledged records per
//! second on the 2-core CI machine). `DUTYDESK_BENCH_RECORDS` sets the stream length.
//!
//! The clock runs from the first byte written to the last acknowledgement read.
//! Four shapes: one process fed as fast as the pipe takes it; four processes at once
//! (four gate booths) on the same database; the same into a copy of the year-sized
//! demo database when `cargo bench --bench queries` has built it (every insert then
//! lands on a random page of a 10-million-row index); and one device that sends a
//! line and waits for its acknowledgement before the next (the latency of a commit).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PEOPLE: usize = 2_000;

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let records: usize = std::env::var("DUTYDESK_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let lines = stream(records);

    let mut single = Vec::new();
    for _ in 0..3 {
        let dir = fresh_db();
        let started = Instant::now();
        let acked = ingest(dir.path(), &lines);
        let took = started.elapsed();
        assert_eq!(acked, records, "every line acknowledged");
        check_stored(dir.path(), records);
        single.push(records as f64 / took.as_secs_f64());
    }
    single.sort_by(f64::total_cmp);
    println!(
        "ingest, 1 process, {records} records: {:.0} acknowledged records/s (median of 3; runs {:.0} / {:.0} / {:.0})",
        single[1], single[0], single[1], single[2]
    );

    let dir = fresh_db();
    let quarter = records / 4;
    let started = Instant::now();
    let handles: Vec<_> = (0..4)
        .map(|p| {
            let path = dir.path().to_path_buf();
            let mine = lines[p * quarter..(p + 1) * quarter].to_vec();
            std::thread::spawn(move || ingest(&path, &mine))
        })
        .collect();
    let acked: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    let took = started.elapsed();
    assert_eq!(acked, 4 * quarter);
    check_stored(dir.path(), 4 * quarter);
    println!(
        "ingest, 4 processes at once, {} records: {:.0} acknowledged records/s in total",
        4 * quarter,
        acked as f64 / took.as_secs_f64()
    );

    // Into a copy of the year-sized demo database (10 million entries): every insert
    // lands on a random page of the per-person index, so this is the heavy case.
    let year = common::data_dir().join("demo-6000x365.db");
    if year.exists() {
        let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
        let db = dir.path().join("bench.db");
        std::fs::copy(&year, &db).unwrap();
        let ids = seeded_people(&db);
        let n = records / 2;
        // Rostered people only (the stream's visitors name a host from the bench roster).
        let lines: Vec<String> = lines
            .iter()
            .filter_map(|l| l.find(r#""person_id":"P"#).map(|at| (l, at)))
            .take(n)
            .enumerate()
            .map(|(i, (l, at))| {
                let id = &ids[(i * 7919) % ids.len()];
                format!(r#"{}"person_id":"{id}"}}"#, &l[..at])
            })
            .collect();
        let n = lines.len();
        let before = count(&db);
        let started = Instant::now();
        let acked = ingest(dir.path(), &lines);
        let took = started.elapsed();
        assert_eq!(count(&db), before + acked as i64);
        println!(
            "ingest into a year-sized database ({before} entries), {n} records: {:.0} acknowledged records/s",
            acked as f64 / took.as_secs_f64()
        );
    } else {
        println!(
            "ingest into a year-sized database: skipped (run `cargo bench --bench queries` first to build it)"
        );
    }

    let dir = fresh_db();
    let n = 300;
    let took = lockstep(dir.path(), &lines[..n]);
    println!(
        "ingest, one line at a time (send, wait for the acknowledgement): {:.2} ms per record",
        took.as_secs_f64() * 1000.0 / n as f64
    );
}

/// A database holding the roster the stream refers to.
fn fresh_db() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let mut csv = String::from("id,name,kind,department\n");
    for i in 0..PEOPLE {
        csv.push_str(&format!("P{i:05},人员{i},student,信息工程系\n"));
    }
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, csv).unwrap();
    common::run(
        common::command(dir.path())
            .arg("--db")
            .arg(dir.path().join("bench.db"))
            .args(["people", "import"])
            .arg(&roster),
    );
    dir
}

/// Gate traffic as devices send it: mostly admitted, some fevers, codes and missed
/// scans, visitors now and then.
fn stream(n: usize) -> Vec<String> {
    let gates = ["东门", "西门", "北门"];
    (0..n)
        .map(|i| {
            let gate = gates[i % 3];
            let direction = if i % 2 == 0 { "in" } else { "out" };
            let temp = if i % 200 == 7 { "37.9" } else { ["36.2", "36.5", "36.8"][i % 3] };
            let code = if i % 500 == 11 { "yellow" } else { "green" };
            let scan = i % 90 != 5;
            if i % 100 == 50 {
                let body = format!("5104021980{:02}{:02}1{:02}", 1 + i % 12, 1 + i % 28, i % 97);
                let rid = format!("{body}{}", dutydesk::domain::resident_id::check_char(&body));
                format!(
                    r#"{{"gate":"{gate}","direction":"{direction}","temp":{temp},"code":"{code}","venue_scan":{scan},"visitor_name":"访客{i}","visitor_id":"{rid}","visitor_phone":"139{:08}","reason":"送材料","host":"P00001"}}"#,
                    i % 100_000_000
                )
            } else {
                format!(
                    r#"{{"gate":"{gate}","direction":"{direction}","temp":{temp},"code":"{code}","venue_scan":{scan},"person_id":"P{:05}"}}"#,
                    i % PEOPLE
                )
            }
        })
        .collect()
}

/// Feeds `lines` to one `dutydesk ingest` as fast as the pipe takes them; returns the
/// number of `"ok":true` acknowledgements.
fn ingest(dir: &Path, lines: &[String]) -> usize {
    let mut child = common::command(dir)
        .arg("--db")
        .arg(dir.join("bench.db"))
        .arg("ingest")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut payload = String::with_capacity(lines.len() * 120);
    for l in lines {
        payload.push_str(l);
        payload.push('\n');
    }
    let feeder = std::thread::spawn(move || {
        stdin.write_all(payload.as_bytes()).unwrap();
    });
    let mut ok = 0;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        assert!(line.contains(r#""ok":true"#), "{line}");
        ok += 1;
    }
    feeder.join().unwrap();
    assert!(child.wait().unwrap().success());
    ok
}

/// One line at a time, each sent only after the previous acknowledgement.
fn lockstep(dir: &Path, lines: &[String]) -> Duration {
    let mut child = common::command(dir)
        .arg("--db")
        .arg(dir.join("bench.db"))
        .arg("ingest")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut acks = BufReader::new(child.stdout.take().unwrap());
    let mut ack = String::new();
    let started = Instant::now();
    for l in lines {
        writeln!(stdin, "{l}").unwrap();
        stdin.flush().unwrap();
        ack.clear();
        acks.read_line(&mut ack).unwrap();
        assert!(ack.contains(r#""ok":true"#), "{ack}");
    }
    let took = started.elapsed();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    took
}

fn count(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap()
}

/// The roster ids of a seeded database.
fn seeded_people(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt = c.prepare("SELECT id FROM people ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn check_stored(dir: &Path, records: usize) {
    let c = rusqlite::Connection::open(dir.join("bench.db")).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, records, "every acknowledged record is stored");
}
