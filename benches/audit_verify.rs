//! `dutydesk audit verify` on a year of demo data (6,000 people x 365 days, about ten
//! million entries), the release binary as a duty leader would run it: the chain, every
//! record's content hash, and the sums. The year database is seeded once and cached
//! under `target/tmp/bench/` (shared with the `queries` bench); set DUTYDESK_BENCH_DB
//! to time another file. Issue 12 asks for under 30 s on the 2-core duty server.
//!
//! `cargo bench --bench audit_verify` (the first run seeds for about a minute and a half).

mod common;

use std::path::PathBuf;
use std::time::Duration;

const RUNS: usize = 3;

fn main() {
    let (db, seeded_in) = match std::env::var_os("DUTYDESK_BENCH_DB") {
        Some(p) => (PathBuf::from(p), None),
        None => common::seeded(6_000, 365),
    };
    if let Some(t) = seeded_in {
        println!(
            "seed-demo --people 6000 --days 365: {:.1} s",
            t.as_secs_f64()
        );
    }
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "database: {} ({:.0} MiB)",
        db.display(),
        size as f64 / (1024.0 * 1024.0)
    );
    let dir = common::data_dir();
    let mut times: Vec<Duration> = Vec::new();
    let mut report = serde_json::Value::Null;
    for _ in 0..RUNS {
        let (out, took) = common::run(
            common::command(&dir)
                .arg("--db")
                .arg(&db)
                .args(["audit", "verify", "--format", "json"]),
        );
        report = serde_json::from_str(out.trim()).expect("the verify report");
        times.push(took);
    }
    times.sort();
    println!(
        "audit verify: ok={} audit rows={} records={} (pre-hash {})",
        report["ok"], report["rows"], report["records"], report["pre_hash"]["records"]
    );
    println!(
        "audit verify on the year: min {:.1} s, median {:.1} s, max {:.1} s ({RUNS} runs)",
        times[0].as_secs_f64(),
        times[RUNS / 2].as_secs_f64(),
        times[RUNS - 1].as_secs_f64()
    );
}
