//! Console benchmarks: the work behind the first frame and behind a refresh after
//! another process writes, on a real database.
//!
//! `DUTYDESK_BENCH_DB=/path/to/big.db cargo bench --bench console` measures an
//! existing database (the README's figures use one made with
//! `dutydesk seed-demo --people 6000 --days 365`, about 10 million entries). Without
//! the variable a 30-day demo database is generated in a temporary directory.
//! Process-level figures (first frame of the real binary, resident memory, idle bytes
//! per second) come from `benches/console-bench.sh`.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dutydesk::app::load::Job;
use dutydesk::app::providers::Providers;
use dutydesk::app::state::{Init, Look, Operator, State};
use dutydesk::app::{Effect, Msg};
use dutydesk::clock::SystemClock;
use dutydesk::config::Config;
use dutydesk::domain::Role;
use dutydesk::i18n::Lang;
use dutydesk::service::entries::EntryInput;
use dutydesk::service::seed::SeedOptions;
use dutydesk::service::{Actor, Desk};
use dutydesk::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn desk(path: &Path, role: Role) -> Desk {
    Desk::new(
        Store::open(path).expect("open database"),
        Arc::new(Config::default()),
        Actor {
            login: "bench".into(),
            name: "bench".into(),
            role,
        },
        Arc::new(SystemClock),
    )
    .expect("the bench desk's zone")
}

/// The database to measure, and the temp dir keeping a generated one alive.
fn database() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Some(p) = std::env::var_os("DUTYDESK_BENCH_DB") {
        return (PathBuf::from(p), None);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    desk(&path, Role::Admin)
        .seed_demo(&SeedOptions {
            people: 2000,
            days: 30,
            seed: 2026,
            force: false,
        })
        .unwrap();
    (path, Some(dir))
}

fn state(desk: &Desk) -> State {
    State::new(Init::from_config(
        &Config::default(),
        desk.zone,
        Operator {
            login: "bench".into(),
            name: "bench".into(),
            role: Role::Officer,
        },
        Lang::Zh,
        desk.clock.now(),
        Look {
            color: true,
            ascii: false,
            wide: false,
            light: false,
        },
    ))
}

/// Runs database jobs to completion, as the worker would.
fn settle(desk: &mut Desk, state: &mut State, effects: Vec<Effect>) {
    let providers = Providers::standard();
    let mut queue = effects;
    while let Some(e) = queue.pop() {
        if let Effect::Job(job) = e {
            let msg = Job::run(job, desk, &providers, state.lang);
            queue.extend(dutydesk::app::update(state, msg));
        }
    }
}

fn draw(term: &mut Terminal<TestBackend>, state: &State) {
    term.draw(|f| dutydesk::console::view(state, f)).unwrap();
}

fn benches(c: &mut Criterion) {
    let (path, _keep) = database();
    let mut g = c.benchmark_group("console");
    g.sample_size(20);

    g.bench_function("first_frame_open_load_render_120x40", |b| {
        b.iter(|| {
            let mut d = desk(&path, Role::Officer);
            let mut s = state(&d);
            let effects = dutydesk::app::start(&mut s);
            settle(&mut d, &mut s, effects);
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            draw(&mut term, &s);
        })
    });

    let mut d = desk(&path, Role::Officer);
    let mut s = state(&d);
    let effects = dutydesk::app::start(&mut s);
    settle(&mut d, &mut s, effects);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    draw(&mut term, &s);
    let mut writer = desk(&path, Role::Admin);
    let person = d.list_people(1, 0).unwrap()[0].id.clone();
    let input = EntryInput {
        gate: "东门".into(),
        direction: "in".into(),
        temp: "36.5".into(),
        code: Some("green".into()),
        venue_scan: true,
        person_id: Some(person),
        visitor: None,
    };

    g.bench_function("refresh_after_change_load_render_120x40", |b| {
        b.iter_batched(
            || writer.register_entry(&input).unwrap(),
            |_| {
                let effects = dutydesk::app::update(&mut s, Msg::DataChanged);
                settle(&mut d, &mut s, effects);
                draw(&mut term, &s);
            },
            BatchSize::PerIteration,
        )
    });

    g.bench_function("render_only_dashboard_120x40", |b| {
        b.iter(|| draw(&mut term, &s))
    });
    g.finish();

    let mut g = c.benchmark_group("console_filter");
    g.sample_size(10);
    // A common surname (dense matches) and one visitor's resident ID (one match).
    let rare = dutydesk::store::visitors::get(d.store.conn(), 1)
        .unwrap()
        .map(|v| v.resident_id)
        .unwrap_or_default();
    for (name, text) in [("common_name", "欧阳".to_string()), ("one_visitor", rare)] {
        g.bench_function(format!("gate_log_filtered_{name}"), |b| {
            b.iter(|| {
                let filter = dutydesk::app::load::LogQuery {
                    text: Some(text.clone()),
                    limit: dutydesk::app::load::LOG_PAGE,
                    ..Default::default()
                };
                let q = dutydesk::app::load::Query {
                    log: Some(filter),
                    ..Default::default()
                };
                dutydesk::app::load::load(&d, &q, &Providers::standard(), Lang::Zh).unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(console, benches);
criterion_main!(console);
