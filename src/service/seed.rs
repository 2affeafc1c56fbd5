//! `seed-demo`: fills a database with a believable college and its gate traffic, so a
//! newcomer (and the benchmarks) see the desk working. One audit row for the run.

use super::Desk;
use crate::clock::{from_ms, to_ms};
use crate::domain::approval::RequestStatus;
use crate::domain::demo::{self, VISIT_REASONS};
use crate::domain::flag::FlagChange;
use crate::domain::screening::VisitorApproval;
use crate::domain::screening::{Reading, screen};
use crate::domain::{Direction, Permission, Tenths};
use crate::error::{DeskError, DeskResult};
use crate::store::approvals as store_approvals;
use crate::store::audit::Chain;
use crate::store::audit_rows::{self, Covered};
use crate::store::entries::{self, NewEntry};
use crate::store::flags as store_flags;
use crate::store::{bulk, people, visitors};
use chrono::{DateTime, Utc};
use chrono::{Duration, NaiveTime};
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
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
        let zone = self.zone;
        let rules = self.config.screening_rules(self.zone);
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
        let place = self
            .config
            .flags
            .observation_places
            .first()
            .cloned()
            .unwrap_or_default();
        self.store.set_bulk_mode(true)?;
        let result = self.store.write(|tx| {
            let before = bulk_tables_before(tx)?;
            // One audit row for the run covers every row it adds. Entries are hashed
            // day by day, while the day's pages are still in the cache.
            let mut chain = Chain::load(tx)?;
            let mut entries_covered = audit_rows::max_rowid(tx, "entries")?;
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
                        visitor_approval: Default::default(),
                        open_case: false,
                        refused_today: None,
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
                    let phone = demo::mobile(&mut rng);
                    let vid = visitors::upsert(tx, &rid, &name, &phone, to_ms(now))?;
                    summary.visitors += 1;
                    let host = staff
                        .choose(&mut rng)
                        .copied()
                        .unwrap_or_default()
                        .to_string();
                    let reason = VISIT_REASONS
                        .choose(&mut rng)
                        .copied()
                        .unwrap_or("送货")
                        .to_string();
                    let stay = rng.random_range(1800..4 * 3600);
                    // Visitors come in on an approved request, filed an hour ahead.
                    let approval = (arrive <= now).then_some(()).map(|_| {
                        let request = store_approvals::NewRequest {
                            visitor: Some(store_approvals::NewVisitor {
                                name: name.clone(),
                                resident_id: rid.clone(),
                                phone: phone.clone(),
                                host_id: host.clone(),
                            }),
                            reason: reason.clone(),
                            window_from_ms: to_ms(arrive - Duration::minutes(30)),
                            window_to_ms: to_ms(
                                arrive + Duration::seconds(stay) + Duration::hours(1),
                            ),
                            requested_by: operator.clone(),
                            requested_at_ms: to_ms(arrive - Duration::hours(1)),
                            ..Default::default()
                        };
                        (request, to_ms(arrive - Duration::minutes(40)))
                    });
                    let approval_id = match approval {
                        Some((request, decided_ms)) => {
                            let id = store_approvals::insert(tx, &request)?;
                            store_approvals::set_status(
                                tx,
                                id,
                                RequestStatus::Pending,
                                RequestStatus::Approved,
                                &operator,
                                decided_ms,
                                None,
                            )?;
                            Some(id)
                        }
                        None => None,
                    };
                    let gate = &gates[0];
                    for (offset, direction) in [(0, Direction::In), (stay, Direction::Out)] {
                        let (temp, code, venue_scan) = demo::reading(&mut rng);
                        let reading = Reading {
                            direction,
                            temp,
                            code,
                            venue_scan,
                            visitor_approval: if approval_id.is_some() {
                                VisitorApproval::Covered
                            } else {
                                VisitorApproval::Missing
                            },
                            open_case: false,
                            refused_today: None,
                        };
                        let mut e = new_entry(&rules, &reading, gate, &operator, None, Some(vid));
                        e.host_id = Some(host.clone());
                        e.visit_reason = Some(reason.clone());
                        e.visitor_name = Some(name.clone());
                        e.approval_id = approval_id;
                        day.push((to_ms(arrive + Duration::seconds(offset)), e));
                    }
                }
                day.sort_by_key(|(at, _)| *at);
                for (at, mut e) in day.into_iter().filter(|(at, _)| *at <= to_ms(now)) {
                    e.at_ms = at;
                    let id = entries::insert(tx, &e)?;
                    summary.entries += 1;
                    if e.flagged {
                        let first = from_ms(at);
                        let policy = rules.flags;
                        let case = store_flags::open_for_entry(
                            tx,
                            id,
                            to_ms(policy.recheck_due(first)),
                            to_ms(policy.report_due(first)),
                        )?;
                        resolve_case(tx, &mut rng, case, first, now, &operator, &place)?;
                    }
                }
                let last = audit_rows::max_rowid(tx, "entries")?;
                chain.cover(
                    tx,
                    &[Covered::filter(
                        "entries",
                        "rowid > ?2 AND rowid <= ?3",
                        vec![entries_covered.into(), last.into()],
                    )],
                )?;
                entries_covered = last;
            }
            pending_requests(tx, &mut rng, &roster, &operator, now)?;
            bulk::create_entry_indexes(tx)?;
            let mut record = record;
            record.details["entries"] = json!(summary.entries);
            let rows: Vec<Covered> = before
                .into_iter()
                .map(|(table, max)| Covered::after(table, max))
                .collect();
            chain.cover(tx, &rows)?;
            chain.append(tx, &record)?;
            Ok(summary)
        });
        self.store.set_bulk_mode(false)?;
        result
    }
}

/// The tables seeding adds to, each with its highest rowid before the run.
fn bulk_tables_before(conn: &Connection) -> rusqlite::Result<Vec<(&'static str, i64)>> {
    ["people", "visitors", "flags", "flag_rechecks", "approvals"]
        .into_iter()
        .map(|t| Ok((t, audit_rows::max_rowid(conn, t)?)))
        .collect()
}

/// Today's open business for the demo: two leave requests and a visitor waiting for
/// the duty leader, filed by the seeding operator.
fn pending_requests(
    conn: &Connection,
    rng: &mut SmallRng,
    roster: &[crate::domain::person::Person],
    by: &str,
    now: DateTime<Utc>,
) -> DeskResult<()> {
    let staff: Vec<&crate::domain::person::Person> = roster
        .iter()
        .filter(|p| p.kind == crate::domain::PersonKind::Staff)
        .collect();
    for (i, (dest, reason)) in [("成都", "参加省教育厅会议"), ("西昌", "探望生病的母亲")]
        .iter()
        .enumerate()
    {
        let Some(p) = staff.choose(rng) else { break };
        let depart = now + Duration::days(2 + i as i64) + Duration::hours(1);
        store_approvals::insert(
            conn,
            &store_approvals::NewRequest {
                leave: Some(store_approvals::NewLeave {
                    person_id: p.id.clone(),
                    destination: dest.to_string(),
                    transport: Some("高铁".into()),
                    urgent: false,
                }),
                reason: reason.to_string(),
                window_from_ms: to_ms(depart),
                window_to_ms: to_ms(depart + Duration::days(3)),
                requested_by: by.to_string(),
                requested_at_ms: to_ms(now - Duration::minutes(40 + 30 * i as i64)),
                ..Default::default()
            },
        )?;
    }
    if let Some(host) = staff.choose(rng) {
        store_approvals::insert(
            conn,
            &store_approvals::NewRequest {
                visitor: Some(store_approvals::NewVisitor {
                    name: demo::name(rng),
                    resident_id: demo::resident_id(rng, 1970..=1995),
                    phone: demo::mobile(rng),
                    host_id: host.id.clone(),
                }),
                reason: "设备维修".into(),
                window_from_ms: to_ms(now - Duration::minutes(10)),
                window_to_ms: to_ms(now + Duration::hours(3)),
                requested_by: by.to_string(),
                requested_at_ms: to_ms(now - Duration::minutes(12)),
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

/// Walks a fever case through what the desk did up to `now`: most re-checks clear; the
/// rest go to observation, are reported, referred and closed. Recent cases are left
/// part-way, as they would be on a real morning.
fn resolve_case(
    conn: &Connection,
    rng: &mut SmallRng,
    id: i64,
    first: DateTime<Utc>,
    now: DateTime<Utc>,
    by: &str,
    place: &str,
) -> DeskResult<()> {
    let Some(mut case) = store_flags::get(conn, id)? else {
        return Ok(());
    };
    let version = case.version;
    let confirmed = rng.random_bool(0.15);
    let recheck = if confirmed {
        rng.random_range(373..=386)
    } else {
        rng.random_range(362..=371)
    };
    let mut steps = vec![(
        8,
        FlagChange::Recheck {
            temp: Tenths(recheck),
            method: Some("水银体温计".into()),
        },
    )];
    if confirmed {
        let to = ["发热门诊", "回家隔离观察", "家长接回"]
            .choose(rng)
            .copied()
            .unwrap_or("发热门诊");
        steps.extend([
            (
                15,
                FlagChange::Observe {
                    place: place.to_string(),
                },
            ),
            (
                30,
                FlagChange::Report {
                    to: "学校疫情防控工作组".into(),
                },
            ),
            (
                150,
                FlagChange::Refer {
                    to: to.into(),
                    note: None,
                },
            ),
            (
                180,
                FlagChange::Close {
                    outcome: "已转出，由校医院跟踪".into(),
                },
            ),
        ]);
    }
    for (minutes, change) in steps {
        let at = first + Duration::minutes(minutes);
        if at > now || case.apply(change, at, by).is_err() {
            break;
        }
    }
    if case.version == version {
        return Ok(());
    }
    store_flags::save(conn, &case, version)?;
    if let Some(rc) = case.rechecks.last() {
        store_flags::insert_recheck(conn, id, rc)?;
    }
    Ok(())
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
        approval_id: None,
        visitor_name: None,
        warnings: s.warnings,
        open_case_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::config::Config;
    use crate::domain::Role;
    use crate::service::Actor;
    use crate::store::Store;
    use std::sync::Arc;

    fn desk(dir: &std::path::Path, role: Role) -> Desk {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-29T09:00:00+08:00")
            .unwrap()
            .to_utc();
        let mut config = Config::default();
        config.site.timezone = Some("Asia/Shanghai".into());
        Desk::new(
            Store::open(&dir.join("d.db")).unwrap(),
            Arc::new(config),
            Actor {
                login: "admin".into(),
                name: "admin".into(),
                role,
            },
            Arc::new(FixedClock::new(now)),
        )
        .unwrap()
    }

    #[test]
    fn seeds_people_entries_and_handled_fever_cases_with_one_audit_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path(), Role::Admin);
        let s = d
            .seed_demo(&SeedOptions {
                people: 300,
                days: 3,
                seed: 1,
                force: false,
            })
            .unwrap();
        assert_eq!(s.people, 300);
        assert!(s.entries > 2 * 300 * 4, "{s:?}");
        let counts = d.counts().unwrap();
        assert_eq!(counts.entries as u64, s.entries);
        assert_eq!(counts.audit, 1);
        // Nothing in the future.
        let newest = d
            .list_entries(&crate::store::entries::EntryFilter {
                limit: 1,
                ..Default::default()
            })
            .unwrap();
        assert!(newest[0].at <= d.clock.now());
        // Every flagged entry has a case; the old ones were handled.
        let flagged = d
            .list_entries(&crate::store::entries::EntryFilter {
                flagged_only: true,
                limit: 100_000,
                ..Default::default()
            })
            .unwrap();
        let cases = d.flags(false, Some(100_000)).unwrap();
        assert_eq!(cases.len(), flagged.len());
        let stale_active = cases
            .iter()
            .filter(|c| c.is_active() && d.clock.now() - c.first_at > Duration::hours(4))
            .count();
        assert_eq!(stale_active, 0);
        assert!(matches!(
            d.audit_verify().unwrap(),
            crate::store::audit::Verification::Intact { rows: 1 }
        ));
    }

    #[test]
    fn refuses_a_non_empty_database_unless_forced_and_then_overwrites_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path(), Role::Admin);
        let opts = SeedOptions {
            people: 50,
            days: 1,
            seed: 1,
            force: false,
        };
        d.seed_demo(&opts).unwrap();
        let before = d.counts().unwrap();
        assert_eq!(d.seed_demo(&opts).unwrap_err().key, "seed.not_empty");
        assert_eq!(d.counts().unwrap(), before);
        let again = d
            .seed_demo(&SeedOptions {
                force: true,
                ..opts
            })
            .unwrap();
        assert_eq!(again.people, 0, "existing ids are kept, not overwritten");
        assert!(d.counts().unwrap().entries > before.entries);
    }

    #[test]
    fn only_admins_seed() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path(), Role::Leader);
        let e = d
            .seed_demo(&SeedOptions {
                people: 10,
                days: 1,
                seed: 1,
                force: false,
            })
            .unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Refused);
        assert_eq!(d.counts().unwrap().people, 0);
    }
}
