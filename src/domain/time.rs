//! Local date and date-time input as typed on the command line (`2026-11-29`,
//! `2026-11-29T08:00`, `2026-11-29 08:00:30`), and the words the console accepts
//! (`today`, `yesterday`, `今天`, `昨天`, `-7d`, a bare time `08:00` meaning today).
//! Conversion to UTC happens outside the domain, with the site's time zone.

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

    /// As `parse`, plus the words relative to `today` (the site's local date):
    /// `today`/`今天`, `yesterday`/`昨天`, `-Nd` (N days before today, as a date:
    /// from that day's start), and a bare time (`08:00`, `08:00:30`) on today.
    /// Case, surrounding space and full-width characters do not matter.
    pub fn parse_relative(input: &str, today: NaiveDate) -> Option<Self> {
        let folded: String = input
            .trim()
            .chars()
            .map(crate::domain::person_search::fold_full_width)
            .collect();
        let s = folded.trim().to_lowercase();
        match s.as_str() {
            "today" | "今天" => return Some(Self::Date(today)),
            "yesterday" | "昨天" => return today.pred_opt().map(Self::Date),
            _ => {}
        }
        if let Some(n) = s.strip_prefix('-').and_then(|r| r.strip_suffix('d'))
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            let days: u32 = n.parse().ok()?;
            return today
                .checked_sub_days(chrono::Days::new(u64::from(days)))
                .map(Self::Date);
        }
        for fmt in ["%H:%M", "%H:%M:%S"] {
            if let Ok(t) = NaiveTime::parse_from_str(&s, fmt) {
                return Some(Self::DateTime(today.and_time(t)));
            }
        }
        Self::parse(&s.to_uppercase())
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
    fn words_are_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let d = |y, m, dd| LocalInput::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        let p = |s| LocalInput::parse_relative(s, today);
        assert_eq!(p("today"), Some(d(2026, 12, 6)));
        assert_eq!(p(" 今天 "), Some(d(2026, 12, 6)));
        assert_eq!(p("Yesterday"), Some(d(2026, 12, 5)));
        assert_eq!(p("昨天"), Some(d(2026, 12, 5)));
        assert_eq!(p("-7d"), Some(d(2026, 11, 29)));
        assert_eq!(p("－７ｄ"), Some(d(2026, 11, 29)));
        assert_eq!(p("-0d"), Some(d(2026, 12, 6)));
        assert_eq!(
            p("08:30"),
            Some(LocalInput::DateTime(today.and_hms_opt(8, 30, 0).unwrap()))
        );
        assert_eq!(p("2026-12-05"), Some(d(2026, 12, 5)));
        assert_eq!(
            p("2026-12-05t08:00"),
            Some(LocalInput::DateTime(
                NaiveDate::from_ymd_opt(2026, 12, 5)
                    .unwrap()
                    .and_hms_opt(8, 0, 0)
                    .unwrap()
            ))
        );
        for bad in ["", "-d", "-7", "7d", "tomorrow", "25:00", "-99999999999d"] {
            assert_eq!(p(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panicking(s in "\\PC{0,24}") {
            let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
            let _ = LocalInput::parse_relative(&s, today);
        }

        #[test]
        fn n_days_back_is_n_days_before_today(n in 0u32..3650) {
            let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
            let got = LocalInput::parse_relative(&format!("-{n}d"), today);
            proptest::prop_assert_eq!(
                got,
                Some(LocalInput::Date(today - chrono::Duration::days(i64::from(n))))
            );
        }

        #[test]
        fn every_date_parses_as_itself(days in 0i64..100_000) {
            let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let got = LocalInput::parse_relative(&date.format("%Y-%m-%d").to_string(), today);
            proptest::prop_assert_eq!(got, Some(LocalInput::Date(date)));
        }
    }

    #[test]
    fn a_bare_date_as_upper_bound_covers_the_whole_day() {
        let d = LocalInput::parse("2026-11-29").unwrap();
        assert_eq!(d.end_exclusive().to_string(), "2026-11-30 00:00:00");
    }
}
