//! Peak memory of `dutydesk people import` on a million-row roster, through the real
//! release binary under `/usr/bin/time -v` (its "Maximum resident set size").
//!
//! `cargo bench --bench people_import` (target: under 100 MB for 1 M rows, and a bad
//! file's refusal lists at most 100 rows). `DUTYDESK_BENCH_ROWS` sets the row count.
//!
//! Three runs on generated files (kept under `target/tmp/bench/people/`): every row
//! good into a fresh database; the same file again (every row an update); every row
//! bad (an unknown kind), where the refusal's size is measured too.

mod common;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let rows: usize = std::env::var("DUTYDESK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = common::data_dir().join("people");
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join(format!("good-{rows}.csv"));
    let bad = dir.join(format!("bad-{rows}.csv"));
    write_roster(&good, rows, "student");
    write_roster(&bad, rows, "teacher");
    let db = dir.join("people.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let size = |p: &Path| std::fs::metadata(p).unwrap().len() as f64 / 1e6;
    println!(
        "people import, {rows} rows ({:.0} MB file), release build:",
        size(&good)
    );
    for (what, file) in [
        ("all new", &good),
        ("all updates", &good),
        ("all bad", &bad),
    ] {
        let m = measure(&dir, &db, file);
        println!(
            "  {what:<12} exit {}  peak RSS {:>6.1} MB  {:>6.1} s  stderr {} lines ({} bytes)",
            m.code,
            m.peak_kib as f64 / 1024.0,
            m.seconds,
            m.stderr_lines,
            m.stderr_bytes
        );
    }
}

/// `id,name,kind,department,class,resident_id,phone` rows; `kind` as given.
fn write_roster(path: &Path, rows: usize, kind: &str) {
    if path.exists() {
        return;
    }
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "id,name,kind,department,class,resident_id,phone").unwrap();
    for i in 0..rows {
        writeln!(
            out,
            "S{i:07},学生{i},{kind},信息工程系,软件{:04},,138{:08}",
            i % 3000,
            i
        )
        .unwrap();
    }
    out.flush().unwrap();
}

struct Measured {
    code: i32,
    peak_kib: u64,
    seconds: f64,
    stderr_lines: usize,
    stderr_bytes: usize,
}

fn measure(dir: &Path, db: &Path, file: &Path) -> Measured {
    let report = dir.join("time.txt");
    let mut c = Command::new("/usr/bin/time");
    c.arg("-v").arg("-o").arg(&report).arg(common::bin());
    let env = common::command(dir);
    for (k, v) in env.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.args(env.get_args());
    c.arg("--db").arg(db).args(["people", "import"]).arg(file);
    let started = Instant::now();
    let out = c.output().expect("/usr/bin/time is installed");
    let seconds = started.elapsed().as_secs_f64();
    let time = std::fs::read_to_string(&report).unwrap();
    let peak_kib = time
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("GNU time -v output");
    let code = time
        .lines()
        .find_map(|l| l.trim().strip_prefix("Exit status: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(-1);
    Measured {
        code,
        peak_kib,
        seconds,
        stderr_lines: out.stderr.iter().filter(|b| **b == b'\n').count(),
        stderr_bytes: out.stderr.len(),
    }
}
