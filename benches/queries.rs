//! The desk's everyday lists on a year of data (6,000 people x 365 days, about ten
//! million entries) and, for comparison, on two days of the same college (yesterday,
//! the day every "one day" query reads, is complete in both): a year must cost what a
//! day does.
//!
//! `cargo bench --bench queries` (target: `entry list` newest 50 and one day's flagged
//! entries under 20 ms each). The databases are made once with `dutydesk seed-demo`
//! and cached under `target/tmp/bench/`; `DUTYDESK_BENCH_DB` points at another
//! year-sized database instead.
//!
//! Two measurements per query: the query in-process through `Desk::list_entries`
//! (what the console pays on each refresh), and the whole `dutydesk entry list`
//! command as a user or script runs it (process start, config, open, query, print).

mod common;

use criterion::{BenchmarkId, Criterion};
use dutydesk::clock::{SystemClock, Zone, to_ms};
use dutydesk::config::Config;
use dutydesk::domain::Role;
use dutydesk::service::{Actor, Desk};
use dutydesk::store::Store;
use dutydesk::store::entries::EntryFilter;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

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

/// Yesterday in the desk's zone: a whole day of traffic in both databases.
fn yesterday(zone: Zone) -> chrono::NaiveDate {
    zone.date_of(chrono::Utc::now()) - chrono::Duration::days(1)
}

fn queries(zone: Zone, person: &str) -> Vec<(&'static str, EntryFilter, Vec<String>)> {
    let day = yesterday(zone);
    let (start, end) = zone.day_bounds(day);
    let day_arg = day.format("%Y-%m-%d").to_string();
    let base = EntryFilter {
        limit: 50,
        ..EntryFilter::default()
    };
    let one_day = EntryFilter {
        since_ms: Some(to_ms(start)),
        until_ms: Some(to_ms(end)),
        ..base.clone()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        ("newest 50", base.clone(), s(&[])),
        (
            "one day's flagged",
            EntryFilter {
                flagged_only: true,
                limit: 1_000,
                ..one_day.clone()
            },
            s(&[
                "--flagged",
                "--since",
                &day_arg,
                "--until",
                &day_arg,
                "--limit",
                "1000",
            ]),
        ),
        (
            "one day, newest 50",
            one_day.clone(),
            s(&["--since", &day_arg, "--until", &day_arg]),
        ),
        (
            "one person, newest 50",
            EntryFilter {
                person_id: Some(person.to_string()),
                ..base.clone()
            },
            s(&["--person", person]),
        ),
        (
            "denied, newest 50",
            EntryFilter {
                denied_only: true,
                ..base.clone()
            },
            s(&["--denied"]),
        ),
    ]
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let (year, seeded_in) = match std::env::var_os("DUTYDESK_BENCH_DB") {
        Some(p) => (std::path::PathBuf::from(p), None),
        None => common::seeded(6_000, 365),
    };
    let (day, _) = common::seeded(6_000, 2);
    if let Some(t) = seeded_in {
        println!(
            "seed-demo --people 6000 --days 365: {:.1} s",
            t.as_secs_f64()
        );
    }
    let year_desk = desk(&year);
    let entries = year_desk.counts().unwrap().entries;
    println!("year database: {} ({entries} entries)", year.display());
    let person = year_desk.list_people(1, 0).unwrap()[0].id.clone();

    let mut c = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    let mut g = c.benchmark_group("query (in-process)");
    for (label, path) in [("year", &year), ("2 days", &day)] {
        let d = desk(path);
        for (name, filter, _) in queries(d.zone, &person) {
            let rows = d.list_entries(&filter).unwrap().len();
            g.bench_with_input(
                BenchmarkId::new(name, format!("{label} ({rows} rows)")),
                &filter,
                |b, f| b.iter(|| d.list_entries(f).unwrap()),
            );
        }
    }
    g.finish();

    let mut g = c.benchmark_group("dutydesk entry list (whole command)");
    g.sample_size(20);
    let dir = common::data_dir();
    for (name, _, args) in queries(year_desk.zone, &person) {
        g.bench_function(BenchmarkId::new(name, "year"), |b| {
            b.iter(|| {
                common::run(
                    common::command(&dir)
                        .arg("--db")
                        .arg(&year)
                        .args(["entry", "list", "--format", "json"])
                        .args(&args),
                )
            })
        });
    }
    g.finish();
    c.final_summary();
}
