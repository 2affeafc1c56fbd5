//! Where "now" comes from, and the site's time zone. Code never reads the system
//! clock directly: it is handed a `Clock`, so tests fix time.

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

/// The zone the desk lives in: the machine's local zone, or one named in the config
/// (a server kept on UTC still shows the college's wall-clock time).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Local,
    Named(chrono_tz::Tz),
}

impl Zone {
    pub fn parse(name: &str) -> Option<Zone> {
        name.parse::<chrono_tz::Tz>().ok().map(Zone::Named)
    }

    /// A UTC instant as local wall-clock time with its offset.
    pub fn to_local(self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => t.with_timezone(&chrono::Local).fixed_offset(),
            Zone::Named(tz) => t.with_timezone(&tz).fixed_offset(),
        }
    }

    /// Local wall-clock time to a UTC instant. An ambiguous time takes the earlier
    /// instant; a time skipped by a clock change takes the first instant after the gap.
    pub fn from_local(self, n: NaiveDateTime) -> DateTime<Utc> {
        fn pick<Tz: TimeZone>(tz: &Tz, n: NaiveDateTime) -> DateTime<Utc> {
            let mut probe = n;
            for _ in 0..48 {
                match tz.from_local_datetime(&probe) {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                        return t.with_timezone(&Utc);
                    }
                    LocalResult::None => probe += chrono::Duration::minutes(30),
                }
            }
            Utc.from_utc_datetime(&n)
        }
        match self {
            Zone::Local => pick(&chrono::Local, n),
            Zone::Named(tz) => pick(&tz, n),
        }
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
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::new(from_ms(1_000));
        assert_eq!(to_ms(c.now()), 1_000);
        c.advance(chrono::Duration::seconds(2));
        assert_eq!(to_ms(c.now()), 3_000);
    }
}
