//! Daily health monitoring at the size of a year (6,000 people x 3 checks x 365 days,
//! about 6.6 M readings), and the import of a day's health-form export.
//!
//! `cargo bench --bench health` (targets: `health missing` and `health summary` for one
//! day under 50 ms on a year; a 6,000-row XLSX import under 1 s). The year database is
//! built once and cached under `target/tmp/bench/`: the roster from `seed-demo`, then a
//! year of readings written straight into the table (what a year of imports leaves).
//!
//! Each query is measured in-process (`Desk::health_missing` / `health_summary`, what a
//! console refresh will pay) and as the whole command a user runs.

mod common;

use dutydesk::clock::SystemClock;
use dutydesk::config::Config;
use dutydesk::domain::Role;
use dutydesk::service::{Actor, Desk};
use dutydesk::store::Store;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PEOPLE: usize = 6_000;
const DAYS: i64 = 365;

fn desk(path: &Path) -> Desk {
    let actor = Actor {
        login: "bench".into(),
        name: "bench".into(),
        role: Role::Supervisor,
    };
    Desk::new(
        Store::open(path).unwrap(),
        Arc::new(Config::default()),
        actor,
        Arc::new(SystemClock),
    )
    .expect("the bench desk's zone")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The roster of 6,000 (and today's readings), from seed-demo, cached.
fn roster_db() -> PathBuf {
    common::seeded(PEOPLE, 1).0
}

/// A year of readings for the roster, cached: every day before today, three checks,
/// one person in forty missing a check, one reading in two hundred with a symptom.
fn year_db() -> PathBuf {
    let dir = common::data_dir();
    let path = dir.join(format!("health-{PEOPLE}x{DAYS}-v2.db"));
    if path.exists() {
        return path;
    }
    let partial = dir.join(format!("health-{PEOPLE}x{DAYS}.partial.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    std::fs::copy(roster_db(), &partial).unwrap();
    let today = {
        let d = desk(&partial);
        d.health_today().format("%Y-%m-%d").to_string()
    };
    eprintln!("writing a year of readings into {} ...", path.display());
    let started = Instant::now();
    let conn = Connection::open(&partial).unwrap();
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA cache_size = -524288;
         DROP INDEX health_readings_person; DROP INDEX health_readings_abnormal;",
    )
    .unwrap();
    conn.execute(
        "WITH RECURSIVE d(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM d WHERE n < ?2),
              c(k) AS (VALUES ('morning'), ('noon'), ('evening'))
         INSERT OR IGNORE INTO health_readings (day, check_key, person_id, temp, symptoms,
                                     location, abnormal, threshold, source, recorded_by, at)
         SELECT day, k, id, temp, sym, NULL, sym <> '', 373, 'import', 'bench', 0
         FROM (SELECT date(?1, '-' || n || ' days') AS day, k, p.id AS id,
                      358 + abs(random() % 14) AS temp,
                      CASE WHEN abs(random() % 200) = 0 THEN 'cough' ELSE '' END AS sym,
                      -- p.id keeps the draw per row (a term naming no column of the
                      -- inner loop would be drawn once per day).
                      abs((random() + length(p.id) * 0) % 40) AS skip
               FROM d CROSS JOIN c CROSS JOIN people p)
         WHERE skip <> 0",
        rusqlite::params![today, DAYS - 1],
    )
    .unwrap();
    conn.execute_batch(
        "CREATE INDEX health_readings_person ON health_readings (person_id, day);
         CREATE INDEX health_readings_abnormal ON health_readings (day) WHERE abnormal = 1;
         ANALYZE;",
    )
    .unwrap();
    drop(conn);
    eprintln!("  done in {:.1} s", started.elapsed().as_secs_f64());
    std::fs::rename(&partial, &path).unwrap();
    path
}

fn one_day_queries(path: &Path) {
    let d = desk(path);
    let readings: i64 = d
        .store
        .conn()
        .query_row("SELECT count(*) FROM health_readings", [], |r| r.get(0))
        .unwrap();
    let day = d.health_today() - chrono::Duration::days(1);
    let day_arg = day.format("%Y-%m-%d").to_string();
    println!("year database: {readings} readings; the day: {day_arg}");
    let runs = 25;
    let missing = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let m = d.health_missing(day, None, None).unwrap();
                std::hint::black_box(m);
                t.elapsed()
            })
            .collect(),
    );
    let summary = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(d.health_summary(day).unwrap());
                t.elapsed()
            })
            .collect(),
    );
    let n_missing = d.health_missing(day, None, None).unwrap().len();
    println!(
        "in-process, median of {runs}: health missing (all three checks, {n_missing} rows) {}, health summary {}",
        ms(missing),
        ms(summary)
    );
    let dir = common::data_dir();
    for (what, args) in [
        (
            "health missing",
            vec!["health", "missing", "--date", &day_arg, "--format", "json"],
        ),
        (
            "health summary",
            vec!["health", "summary", "--date", &day_arg, "--format", "json"],
        ),
    ] {
        let times: Vec<Duration> = (0..9)
            .map(|_| common::run(common::command(&dir).arg("--db").arg(path).args(&args)).1)
            .collect();
        println!("whole command, median of 9: {what} {}", ms(median(times)));
    }
}

/// A day's health-form export of the whole roster, as DingTalk writes it.
fn write_xlsx(roster: &Path, out: &Path) -> usize {
    let conn = Connection::open(roster).unwrap();
    let people: Vec<(String, String)> = conn
        .prepare("SELECT id, name FROM people ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["学号", "姓名", "今日体温", "症状", "所在地", "填报时间"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (id, name)) in people.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, id).unwrap();
        ws.write_string(r, 1, name).unwrap();
        ws.write_number(r, 2, 36.0 + (i % 10) as f64 / 10.0)
            .unwrap();
        ws.write_string(r, 3, if i % 500 == 0 { "咳嗽" } else { "无" })
            .unwrap();
        ws.write_string(r, 4, "市内").unwrap();
        ws.write_string(r, 5, format!("2020-01-01 07:{:02}", i % 60))
            .unwrap();
    }
    wb.save(out).unwrap();
    people.len()
}

fn import_xlsx() {
    let dir = common::data_dir();
    let roster = roster_db();
    let xlsx = dir.join("health-6000.xlsx");
    let rows = write_xlsx(&roster, &xlsx);
    let mut first = Vec::new();
    let mut again = Vec::new();
    for i in 0..5 {
        let db = dir.join(format!("health-import-{i}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        std::fs::copy(&roster, &db).unwrap();
        let import = || {
            common::run(
                common::command(&dir)
                    .arg("--db")
                    .arg(&db)
                    .args(["health", "import"])
                    .arg(&xlsx),
            )
        };
        let (out, took) = import();
        assert!(out.contains(&format!("{rows} added")), "{out}");
        first.push(took);
        let (out, took) = import();
        assert!(out.contains(&format!("{rows} unchanged")), "{out}");
        again.push(took);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    println!(
        "health import of a {rows}-row XLSX (whole command, median of 5): {}; the same file again (nothing written): {}",
        ms(median(first)),
        ms(median(again))
    );
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is not used here.
    import_xlsx();
    one_day_queries(&year_db());
}
