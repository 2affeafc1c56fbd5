//! The demo's daily health checks: every configured check of every demo day up to now,
//! with about one person in forty missing each check, the odd symptom, and one fever
//! reading (on the latest check that has begun) whose fever case is left open for the
//! desk to follow. Runs inside the seeding transaction, on the bulk path: secondary
//! indexes are dropped for the load and rebuilt once.

use crate::clock::{Zone, to_ms};
use crate::domain::Tenths;
use crate::domain::demo;
use crate::domain::flag::FlagPolicy;
use crate::domain::health::CheckDef;
use crate::domain::person::Person;
use crate::error::DeskResult;
use crate::store::bulk;
use crate::store::flags as store_flags;
use crate::store::health::{self as store, NewReading};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;
use rand::rngs::SmallRng;
use rusqlite::Connection;

/// Readings of a check are taken in the hour and a half before it falls due.
const WINDOW_MINUTES: i64 = 90;

pub(super) struct HealthSeed<'a> {
    pub roster: &'a [Person],
    pub checks: &'a [CheckDef],
    pub symptoms: &'a [String],
    pub threshold: Tenths,
    pub policy: FlagPolicy,
    pub zone: Zone,
    pub operator: &'a str,
}

/// What was seeded: readings, and the fever case opened.
pub(super) struct HealthSeeded {
    pub readings: u64,
    pub flag_id: Option<i64>,
}

impl HealthSeed<'_> {
    fn window(&self, day: NaiveDate, c: &CheckDef) -> (DateTime<Utc>, DateTime<Utc>) {
        let due = self.zone.from_local(day.and_time(c.due_time()));
        (due - Duration::minutes(WINDOW_MINUTES), due)
    }

    /// The latest (day, check) whose window has begun by `now`: where the fever goes.
    fn fever_slot(&self, days: &[NaiveDate], now: DateTime<Utc>) -> Option<(NaiveDate, usize)> {
        days.iter()
            .rev()
            .flat_map(|d| (0..self.checks.len()).rev().map(move |i| (*d, i)))
            .find(|(d, i)| self.window(*d, &self.checks[*i]).0 < now)
    }

    pub fn run(
        &self,
        tx: &Connection,
        rng: &mut SmallRng,
        days: &[NaiveDate],
        now: DateTime<Utc>,
    ) -> DeskResult<HealthSeeded> {
        bulk::drop_health_indexes(tx)?;
        let fever = self.fever_slot(days, now);
        let mut out = HealthSeeded {
            readings: 0,
            flag_id: None,
        };
        let mut fever_reading = None;
        for day in days {
            for (ci, c) in self.checks.iter().enumerate() {
                let (start, _) = self.window(*day, c);
                if start >= now {
                    continue;
                }
                let planted =
                    (fever == Some((*day, ci))).then(|| rng.random_range(0..self.roster.len()));
                for (pi, p) in self.roster.iter().enumerate() {
                    let mut at =
                        start + Duration::seconds(rng.random_range(0..WINDOW_MINUTES * 60));
                    let (temp, symptoms) = if planted == Some(pi) {
                        at = at.min(now - Duration::minutes(1)).max(start);
                        (Tenths(rng.random_range(380..=389)), Vec::new())
                    } else {
                        match demo::health_reading(rng, self.symptoms) {
                            Some(r) if at <= now => r,
                            _ => continue,
                        }
                    };
                    let abnormal = temp >= self.threshold || !symptoms.is_empty();
                    let id = store::insert_if_absent(
                        tx,
                        &NewReading {
                            day: *day,
                            check: c.key.clone(),
                            person_id: p.id.clone(),
                            temp,
                            symptoms: symptoms.into_iter().cloned().collect(),
                            location: None,
                            abnormal,
                            threshold: self.threshold,
                            source: "desk",
                            recorded_by: self.operator.to_string(),
                            at,
                        },
                    )?;
                    if let Some(id) = id {
                        out.readings += 1;
                        if planted == Some(pi) {
                            fever_reading = Some((id, at));
                        }
                    }
                }
            }
        }
        bulk::create_health_indexes(tx)?;
        if let Some((id, at)) = fever_reading {
            // Left open, as the desk found it: the re-check is the operator's to do.
            let opened = at.max(now - Duration::minutes(5));
            out.flag_id = Some(store_flags::open_for_reading(
                tx,
                id,
                to_ms(self.policy.recheck_due(opened)),
                to_ms(self.policy.report_due(opened)),
            )?);
        }
        Ok(out)
    }
}
