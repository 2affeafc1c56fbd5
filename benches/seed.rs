//! Seed-demo speed: a year of gate traffic for 6,000 people (about ten million
//! entries) into a fresh database, through the release binary.
//!
//! `cargo bench --bench seed` (target: under two minutes on the 2-core CI machine).
//! `DUTYDESK_BENCH_PEOPLE` and `DUTYDESK_BENCH_DAYS` change the size.

mod common;

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` probes bench binaries; nothing to list
    }
    let people: usize = env_or("DUTYDESK_BENCH_PEOPLE", 6_000);
    let days: u32 = env_or("DUTYDESK_BENCH_DAYS", 365);
    let dir = tempfile::tempdir_in(common::data_dir()).unwrap();
    let db = dir.path().join("seed.db");
    let (out, took) = common::run(common::command(dir.path()).arg("--db").arg(&db).args([
        "seed-demo",
        "--people",
        &people.to_string(),
        "--days",
        &days.to_string(),
    ]));
    let entries: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("{}", out.trim());
    println!(
        "seed-demo --people {people} --days {days}: {entries} entries in {:.1} s \
         ({:.0} entries/s), file {:.0} MiB",
        took.as_secs_f64(),
        entries as f64 / took.as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
}

fn env_or<T: std::str::FromStr>(k: &str, default: T) -> T {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
