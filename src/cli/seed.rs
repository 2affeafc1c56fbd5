//! `dutydesk seed-demo`: a believable college with days of gate traffic.

use super::Session;
use crate::error::DeskResult;
use crate::service::seed::SeedOptions;
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many students and staff.
    #[arg(long, default_value_t = 2000)]
    people: usize,
    /// How many days of entries, ending now.
    #[arg(long, default_value_t = 3)]
    days: u32,
    /// Random seed: the same seed gives the same college.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Seed a database that already holds data (adds to it; deletes and overwrites nothing).
    #[arg(long)]
    force: bool,
}

pub fn run(session: &Session, a: SeedArgs) -> DeskResult<ExitCode> {
    let mut desk = session.open_desk()?;
    let started = std::time::Instant::now();
    let s = desk.seed_demo(&SeedOptions {
        people: a.people,
        days: a.days,
        seed: a.seed,
        force: a.force,
    })?;
    println!(
        "{}",
        crate::i18n::trf(
            session.lang,
            "seed.done",
            &[
                ("people", s.people.to_string()),
                ("visitors", s.visitors.to_string()),
                ("entries", s.entries.to_string()),
                ("seconds", format!("{:.1}", started.elapsed().as_secs_f64())),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}
