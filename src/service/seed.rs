//! `seed-demo`: fills a database with a believable college and its gate traffic, so a
//! newcomer (and the benchmarks) see the desk working. One audit row for the run.

use super::Desk;
use crate::clock::to_ms;
use crate::domain::demo::{self, VISIT_REASONS};
use crate::domain::screening::{Reading, screen};
use crate::domain::{Direction, Permission, Tenths};
use crate::error::{DeskError, DeskResult};
use crate::store::entries::{self, NewEntry};
use crate::store::{audit, bulk, people, visitors};
use chrono::{Duration, NaiveTime};
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    pub people: usize,
    pub days: u32,
    pub seed: u64,
    /// Seed into a database that already holds data (adds; never deletes or overwrites).
    pub force: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self {
            people: 2000,
            days: 3,
            seed: 2026,
            force: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedSummary {
    pub people: usize,
    pub visitors: usize,
    pub entries: u64,
}

/// Visitors a day at a college of this size.
const VISITORS_PER_DAY: u32 = 12;

impl Desk {
    /// Generates `opts.days` days ending now (today up to the current time).
    pub fn seed_demo(&mut self, opts: &SeedOptions) -> DeskResult<SeedSummary> {
        self.require(Permission::SeedDemo)?;
        if !(1..=200_000).contains(&opts.people) {
            return Err(DeskError::field("field.people", "seed.people_range"));
        }
        if !(1..=3660).contains(&opts.days) {
            return Err(DeskError::field("field.days", "seed.days_range"));
        }
        if !opts.force && !bulk::is_empty(self.store.conn())? {
            return Err(
                DeskError::invalid("seed.not_empty").arg("path", self.store.path().display())
            );
        }
        let now = self.clock.now();
        let zone = self.config.zone();
        let rules = self.config.screening_rules();
        let gates = self.config.gate_names();
        let operator = self.actor.login.clone();
        let mut rng = SmallRng::seed_from_u64(opts.seed);
        let roster = demo::people(&mut rng, opts.people);
        let staff: Vec<&str> = roster
            .iter()
            .filter(|p| p.kind == crate::domain::PersonKind::Staff)
            .map(|p| p.id.as_str())
            .collect();
        let record = self.audit_record(
            "demo.seed",
            "database",
            None,
            json!({ "people": opts.people, "days": opts.days, "seed": opts.seed }),
        );
        let today = zone.date_of(now);
        self.store.set_bulk_mode(true)?;
        let result = self.store.write(|tx| {
            bulk::set_cache_kib(tx, 512 * 1024)?;
            bulk::drop_entry_indexes(tx)?;
            let mut added = 0;
            for p in &roster {
                if people::insert_if_absent(tx, p, to_ms(now))? {
                    added += 1;
                }
            }
            let mut summary = SeedSummary {
                people: added,
                visitors: 0,
                entries: 0,
            };
            for back in (0..opts.days).rev() {
                let date = today - Duration::days(i64::from(back));
                let midnight = zone.from_local(date.and_time(NaiveTime::MIN));
                let mut day: Vec<(i64, NewEntry)> = Vec::new();
                for p in demo::day(&mut rng, roster.len(), gates.len()) {
                    let at = midnight
                        + Duration::seconds(i64::from(p.second_of_day))
                        + Duration::milliseconds(rng.random_range(0..1000));
                    let reading = Reading {
                        direction: p.direction,
                        temp: p.temp,
                        code: p.code,
                        venue_scan: p.venue_scan,
                    };
                    day.push((
                        to_ms(at),
                        new_entry(
                            &rules,
                            &reading,
                            &gates[p.gate],
                            &operator,
                            Some(roster[p.person].id.clone()),
                            None,
                        ),
                    ));
                }
                for _ in 0..VISITORS_PER_DAY {
                    let arrive =
                        midnight + Duration::seconds(rng.random_range(8 * 3600..17 * 3600));
                    let name = demo::name(&mut rng);
                    let rid = demo::resident_id(&mut rng, 1960..=2000);
                    let vid =
                        visitors::upsert(tx, &rid, &name, &demo::mobile(&mut rng), to_ms(now))?;
                    summary.visitors += 1;
                    let host = staff.choose(&mut rng).map(|s| s.to_string());
                    let reason = VISIT_REASONS
                        .choose(&mut rng)
                        .copied()
                        .unwrap_or("送货")
                        .to_string();
                    let gate = &gates[0];
                    for (offset, direction) in [
                        (0, Direction::In),
                        (rng.random_range(1800..4 * 3600), Direction::Out),
                    ] {
                        let (temp, code, venue_scan) = demo::reading(&mut rng);
                        let reading = Reading {
                            direction,
                            temp,
                            code,
                            venue_scan,
                        };
                        let mut e = new_entry(&rules, &reading, gate, &operator, None, Some(vid));
                        e.host_id = host.clone();
                        e.visit_reason = Some(reason.clone());
                        day.push((to_ms(arrive + Duration::seconds(offset)), e));
                    }
                }
                day.sort_by_key(|(at, _)| *at);
                for (at, mut e) in day.into_iter().filter(|(at, _)| *at <= to_ms(now)) {
                    e.at_ms = at;
                    entries::insert(tx, &e)?;
                    summary.entries += 1;
                }
            }
            bulk::create_entry_indexes(tx)?;
            let mut record = record;
            record.details["entries"] = json!(summary.entries);
            audit::append(tx, &record)?;
            Ok(summary)
        });
        self.store.set_bulk_mode(false)?;
        result
    }
}

fn new_entry(
    rules: &crate::domain::screening::ScreeningRules,
    reading: &Reading,
    gate: &str,
    operator: &str,
    person_id: Option<String>,
    visitor_id: Option<i64>,
) -> NewEntry {
    let s = screen(rules, reading);
    NewEntry {
        at_ms: 0,
        gate: gate.to_string(),
        direction: reading.direction,
        person_id,
        visitor_id,
        host_id: None,
        visit_reason: None,
        temp: reading.temp,
        code: reading.code,
        venue_scan: reading.venue_scan,
        decision: s.decision,
        reasons: s.reasons,
        flagged: s.flagged,
        threshold: Tenths(rules.fever_threshold.0),
        operator: operator.to_string(),
    }
}
