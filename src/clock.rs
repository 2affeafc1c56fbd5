//! Where "now" comes from, and the desk's time zone. Code never reads the system
//! clock directly: it is handed a `Clock`, so tests fix time; and it never reads the
//! process's `TZ` for dates or shifts: it is handed the desk's `Zone`.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved: for tests and for replaying a day.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The desk's time zone: one IANA zone for every process on the database, stored in
/// its `meta` table (see `service::site`). Never the process's own `TZ`: a server kept
/// on UTC and a terminal on Beijing time must agree on "today" and on the shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(pub chrono_tz::Tz);

/// Where a desk's zone came from when it was first recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSource {
    /// `[site] timezone` of the config.
    Config,
    /// The `TZ` environment variable, naming an IANA zone.
    TzVariable,
    /// The operating system's zone setting.
    System,
    /// Nothing could be named: UTC.
    Fallback,
    /// Set by an administrator (`dutydesk site timezone`).
    Command,
}

impl ZoneSource {
    /// The stored form (`meta`) and the audit trail's.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::TzVariable => "tz",
            Self::System => "system",
            Self::Fallback => "fallback",
            Self::Command => "command",
        }
    }

    pub fn parse(s: &str) -> Option<ZoneSource> {
        [
            Self::Config,
            Self::TzVariable,
            Self::System,
            Self::Fallback,
            Self::Command,
        ]
        .into_iter()
        .find(|z| z.as_str() == s)
    }
}

impl Zone {
    pub const UTC: Zone = Zone(chrono_tz::UTC);

    /// An IANA zone name (`Asia/Shanghai`, `UTC`); surrounding blanks are ignored.
    pub fn parse(name: &str) -> Option<Zone> {
        name.trim().parse::<chrono_tz::Tz>().ok().map(Zone)
    }

    /// The IANA name, as stored and shown.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The machine's zone as an IANA name: `TZ` when it names one (`:Asia/Shanghai`
    /// is accepted, POSIX rules such as `CST-8` are not names), else the system's
    /// setting, else UTC. Used once, when a database first records its zone.
    pub fn of_machine() -> (Zone, ZoneSource) {
        Self::of_machine_from(
            std::env::var("TZ").ok(),
            iana_time_zone::get_timezone().ok(),
        )
    }

    /// `of_machine` with its two inputs given, for tests.
    pub fn of_machine_from(tz_var: Option<String>, system: Option<String>) -> (Zone, ZoneSource) {
        if let Some(z) = tz_var
            .as_deref()
            .map(|v| v.strip_prefix(':').unwrap_or(v))
            .and_then(Zone::parse)
        {
            return (z, ZoneSource::TzVariable);
        }
        match system.as_deref().and_then(Zone::parse) {
            Some(z) => (z, ZoneSource::System),
            None => (Zone::UTC, ZoneSource::Fallback),
        }
    }

    /// A UTC instant as the desk's wall-clock time with its offset.
    pub fn to_local(self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        t.with_timezone(&self.0).fixed_offset()
    }

    /// The desk's wall-clock time to a UTC instant. An ambiguous time takes the earlier
    /// instant; a time skipped by a clock change takes the first instant after the gap.
    pub fn from_local(self, n: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = n;
        for _ in 0..48 {
            match self.0.from_local_datetime(&probe) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                    return t.with_timezone(&Utc);
                }
                LocalResult::None => probe += chrono::Duration::minutes(30),
            }
        }
        Utc.from_utc_datetime(&n)
    }

    /// The local date of an instant.
    pub fn date_of(self, t: DateTime<Utc>) -> NaiveDate {
        self.to_local(t).date_naive()
    }

    /// The UTC bounds `[start, end)` of a local date.
    pub fn day_bounds(self, d: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.from_local(d.and_time(NaiveTime::MIN));
        let end = self.from_local(d.succ_opt().unwrap_or(d).and_time(NaiveTime::MIN));
        (start, end)
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Milliseconds since the epoch: the storage form of every instant.
pub fn to_ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub fn from_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_zone_converts_both_ways() {
        let z = Zone::parse("Asia/Shanghai").unwrap();
        let n = NaiveDate::from_ymd_opt(2026, 11, 29)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let t = z.from_local(n);
        assert_eq!(t.to_rfc3339(), "2026-11-29T00:00:00+00:00");
        assert_eq!(z.to_local(t).to_rfc3339(), "2026-11-29T08:00:00+08:00");
        let (start, end) = z.day_bounds(n.date());
        assert_eq!((end - start).num_hours(), 24);
        assert_eq!(start.to_rfc3339(), "2026-11-28T16:00:00+00:00");
    }

    #[test]
    fn the_machine_zone_is_tz_when_it_names_one_else_the_system_else_utc() {
        let s = |v: &str| Some(v.to_string());
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        let york = Zone::parse("America/New_York").unwrap();
        assert_eq!(
            Zone::of_machine_from(s("America/New_York"), s("Asia/Shanghai")),
            (york, ZoneSource::TzVariable)
        );
        assert_eq!(
            Zone::of_machine_from(s(":America/New_York"), None),
            (york, ZoneSource::TzVariable)
        );
        // A POSIX rule or an empty TZ names no zone: the system's setting decides.
        for tz in [s("CST-8"), s(""), None] {
            assert_eq!(
                Zone::of_machine_from(tz, s("Asia/Shanghai")),
                (shanghai, ZoneSource::System)
            );
        }
        assert_eq!(
            Zone::of_machine_from(s("CST-8"), s("not/a zone")),
            (Zone::UTC, ZoneSource::Fallback)
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever `TZ` and the system hold, the zone recorded for a new desk is a
        /// name that reads back as the same zone (what `meta` stores must parse), and a
        /// `TZ` that names a zone wins.
        #[test]
        fn the_machine_zone_always_reads_back(
            tz in proptest::option::of(prop_oneof![
                "\\PC{0,40}",
                proptest::sample::select(chrono_tz::TZ_VARIANTS.to_vec()).prop_map(|z| z.name().to_string()),
            ]),
            system in proptest::option::of("\\PC{0,40}"),
        ) {
            let (zone, source) = Zone::of_machine_from(tz.clone(), system);
            prop_assert_eq!(Zone::parse(zone.name()), Some(zone));
            if let Some(named) = tz.as_deref().and_then(Zone::parse) {
                prop_assert_eq!((zone, source), (named, ZoneSource::TzVariable));
            }
        }
    }

    #[test]
    fn zone_sources_read_back_what_they_store() {
        for s in [
            ZoneSource::Config,
            ZoneSource::TzVariable,
            ZoneSource::System,
            ZoneSource::Fallback,
            ZoneSource::Command,
        ] {
            assert_eq!(ZoneSource::parse(s.as_str()), Some(s));
        }
        assert_eq!(ZoneSource::parse("local"), None);
    }

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::new(from_ms(1_000));
        assert_eq!(to_ms(c.now()), 1_000);
        c.advance(chrono::Duration::seconds(2));
        assert_eq!(to_ms(c.now()), 3_000);
    }
}
