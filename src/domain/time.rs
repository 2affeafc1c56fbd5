//! Local date and date-time input as typed on the command line (`2026-11-29`,
//! `2026-11-29T08:00`, `2026-11-29 08:00:30`). Conversion to UTC happens outside
//! the domain, with the site's time zone.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// A parsed local point in time, remembering whether only a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalInput {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl LocalInput {
    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(Self::Date(d));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(Self::DateTime(dt));
            }
        }
        None
    }

    /// The start of the given minute, or midnight of the given date.
    pub fn start(self) -> NaiveDateTime {
        match self {
            Self::Date(d) => d.and_time(NaiveTime::MIN),
            Self::DateTime(dt) => dt,
        }
    }

    /// For an upper bound: a bare date means "through the end of that day".
    pub fn end_exclusive(self) -> NaiveDateTime {
        match self {
            Self::Date(d) => d.succ_opt().unwrap_or(d).and_time(NaiveTime::MIN),
            Self::DateTime(dt) => dt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_date_times() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(LocalInput::parse("2026-11-29"), Some(LocalInput::Date(d)));
        let t = d.and_hms_opt(8, 0, 0).unwrap();
        assert_eq!(
            LocalInput::parse("2026-11-29T08:00"),
            Some(LocalInput::DateTime(t))
        );
        assert_eq!(
            LocalInput::parse("2026-11-29 08:00:00"),
            Some(LocalInput::DateTime(t))
        );
        assert_eq!(LocalInput::parse("yesterday"), None);
        assert_eq!(LocalInput::parse("2026-13-01"), None);
    }

    #[test]
    fn a_bare_date_as_upper_bound_covers_the_whole_day() {
        let d = LocalInput::parse("2026-11-29").unwrap();
        assert_eq!(d.end_exclusive().to_string(), "2026-11-30 00:00:00");
    }
}
