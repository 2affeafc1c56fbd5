//! Shifts: named duty periods that divide the day, some crossing midnight. All the
//! math here is on local wall-clock time (`NaiveDateTime`); turning it into UTC
//! instants with the site's zone is the caller's job (`service::roster`).
//!
//! A shift is identified by its name and the local date on which it *starts*: the
//! 夜班 of 2026-11-29 runs from 20:00 on the 29th to 08:00 on the 30th.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// Minutes in a day.
pub const DAY_MINUTES: u32 = 24 * 60;

/// Parses "HH:MM" (also "H:MM"; "24:00" is midnight) into minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(0),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// "HH:MM" of minutes after midnight.
pub fn format_hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60)
}

/// One configured shift. `end <= start` crosses midnight; `end == start` is 24 hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftDef {
    pub name: String,
    /// Minutes after local midnight.
    pub start: u32,
    pub end: u32,
}

impl ShiftDef {
    pub fn length_minutes(&self) -> u32 {
        if self.end > self.start {
            self.end - self.start
        } else {
            self.end + DAY_MINUTES - self.start
        }
    }

    pub fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }
}

/// Why a list of shifts is not a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanError {
    /// No shift at all.
    Empty,
    /// The n-th shift (0-based) has an unreadable start time.
    Start(usize),
    /// … an unreadable end time.
    End(usize),
    /// … an empty, malformed or repeated name.
    Name(usize),
    /// The shifts leave a gap or overlap: they must tile the day exactly.
    Cover,
}

/// A particular shift: which definition, on which start date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShiftSlot {
    pub date: NaiveDate,
    /// Index into the plan's shifts (configuration order).
    pub index: usize,
}

/// The day's shifts, checked to tile the day with no gap and no overlap, so every
/// instant belongs to exactly one shift and each shift ends where the next begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftPlan {
    defs: Vec<ShiftDef>,
}

impl ShiftPlan {
    pub fn new(defs: Vec<ShiftDef>) -> Result<ShiftPlan, PlanError> {
        if defs.is_empty() {
            return Err(PlanError::Empty);
        }
        let mut names = std::collections::HashSet::new();
        for (i, d) in defs.iter().enumerate() {
            if d.start >= DAY_MINUTES {
                return Err(PlanError::Start(i));
            }
            if d.end >= DAY_MINUTES {
                return Err(PlanError::End(i));
            }
            let name_ok = super::text::clean_label(&d.name, 20).is_ok()
                && !d.name.contains([':', ';', ','])
                && d.name.trim() == d.name;
            if !name_ok || !names.insert(d.name.as_str()) {
                return Err(PlanError::Name(i));
            }
        }
        // Sorted by start, each shift must end where the next one starts (cyclically),
        // and the lengths must add up to exactly one day.
        let mut order: Vec<&ShiftDef> = defs.iter().collect();
        order.sort_by_key(|d| d.start);
        let total: u32 = order.iter().map(|d| d.length_minutes()).sum();
        let chained = order
            .iter()
            .enumerate()
            .all(|(i, d)| d.end == order[(i + 1) % order.len()].start);
        if total != DAY_MINUTES || !chained {
            return Err(PlanError::Cover);
        }
        Ok(ShiftPlan { defs })
    }

    pub fn defs(&self) -> &[ShiftDef] {
        &self.defs
    }

    pub fn names(&self) -> Vec<&str> {
        self.defs.iter().map(|d| d.name.as_str()).collect()
    }

    pub fn def(&self, slot: ShiftSlot) -> &ShiftDef {
        &self.defs[slot.index.min(self.defs.len() - 1)]
    }

    pub fn name(&self, slot: ShiftSlot) -> &str {
        &self.def(slot).name
    }

    /// The shift of this name on this start date.
    pub fn slot(&self, date: NaiveDate, name: &str) -> Option<ShiftSlot> {
        self.defs
            .iter()
            .position(|d| d.name == name)
            .map(|index| ShiftSlot { date, index })
    }

    /// The shift that a local wall-clock time falls in. Start is inclusive, end exclusive.
    pub fn slot_at(&self, local: NaiveDateTime) -> ShiftSlot {
        let secs = local.time().num_seconds_from_midnight();
        for (index, d) in self.defs.iter().enumerate() {
            let start = d.start * 60;
            let offset = (secs + DAY_MINUTES * 60 - start) % (DAY_MINUTES * 60);
            if offset < d.length_minutes() * 60 {
                let date = if secs >= start {
                    local.date()
                } else {
                    local.date().pred_opt().unwrap_or(local.date())
                };
                return ShiftSlot { date, index };
            }
        }
        // Unreachable for a plan that tiles the day; the first shift is a safe answer.
        ShiftSlot {
            date: local.date(),
            index: 0,
        }
    }

    /// Local start of a shift.
    pub fn start_local(&self, slot: ShiftSlot) -> NaiveDateTime {
        let d = self.def(slot);
        slot.date.and_time(time_of(d.start))
    }

    /// Local end of a shift (the next shift's start).
    pub fn end_local(&self, slot: ShiftSlot) -> NaiveDateTime {
        self.start_local(slot) + Duration::minutes(i64::from(self.def(slot).length_minutes()))
    }

    /// The shift that takes over when this one ends.
    pub fn next(&self, slot: ShiftSlot) -> ShiftSlot {
        self.slot_at(self.end_local(slot))
    }

    /// The shift that hands over to this one.
    pub fn prev(&self, slot: ShiftSlot) -> ShiftSlot {
        self.slot_at(self.start_local(slot) - Duration::seconds(1))
    }

    /// The shifts starting on a date, in order of start time.
    pub fn slots_on(&self, date: NaiveDate) -> Vec<ShiftSlot> {
        let mut slots: Vec<ShiftSlot> = (0..self.defs.len())
            .map(|index| ShiftSlot { date, index })
            .collect();
        slots.sort_by_key(|s| self.def(*s).start);
        slots
    }
}

fn time_of(minutes: u32) -> NaiveTime {
    NaiveTime::from_hms_opt((minutes / 60) % 24, minutes % 60, 0).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, start: &str, end: &str) -> ShiftDef {
        ShiftDef {
            name: name.into(),
            start: parse_hhmm(start).unwrap(),
            end: parse_hhmm(end).unwrap(),
        }
    }

    fn day_night() -> ShiftPlan {
        ShiftPlan::new(vec![
            def("白班", "08:00", "20:00"),
            def("夜班", "20:00", "08:00"),
        ])
        .unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_clock_times() {
        assert_eq!(parse_hhmm("08:00"), Some(480));
        assert_eq!(parse_hhmm("8:05"), Some(485));
        assert_eq!(parse_hhmm("23:59"), Some(1439));
        assert_eq!(parse_hhmm("24:00"), Some(0));
        for bad in [
            "24:01", "08:60", "0800", "08:0", "", "ab:cd", "-1:00", "08:00:00",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(format_hhmm(485), "08:05");
    }

    #[test]
    fn finds_the_shift_of_a_local_time_across_midnight() {
        let p = day_night();
        let day = |d: &str| ShiftSlot {
            date: date(d),
            index: 0,
        };
        let night = |d: &str| ShiftSlot {
            date: date(d),
            index: 1,
        };
        assert_eq!(p.slot_at(at("2026-11-29 08:00:00")), day("2026-11-29"));
        assert_eq!(p.slot_at(at("2026-11-29 19:59:59")), day("2026-11-29"));
        assert_eq!(p.slot_at(at("2026-11-29 20:00:00")), night("2026-11-29"));
        assert_eq!(p.slot_at(at("2026-11-29 23:59:59")), night("2026-11-29"));
        // After midnight it is still the night shift that started the evening before.
        assert_eq!(p.slot_at(at("2026-11-30 00:00:00")), night("2026-11-29"));
        assert_eq!(p.slot_at(at("2026-11-30 07:59:59")), night("2026-11-29"));
        assert_eq!(p.slot_at(at("2026-11-30 08:00:00")), day("2026-11-30"));
        // Across a month and a year boundary.
        assert_eq!(p.slot_at(at("2027-01-01 03:00:00")), night("2026-12-31"));
    }

    #[test]
    fn the_night_shift_of_the_29th_runs_to_the_30th() {
        let p = day_night();
        let night = p.slot(date("2026-11-29"), "夜班").unwrap();
        assert_eq!(p.start_local(night), at("2026-11-29 20:00:00"));
        assert_eq!(p.end_local(night), at("2026-11-30 08:00:00"));
        let next = p.next(night);
        assert_eq!(p.name(next), "白班");
        assert_eq!(next.date, date("2026-11-30"));
        assert_eq!(p.prev(next), night);
        let day = p.slot(date("2026-11-29"), "白班").unwrap();
        assert_eq!(p.next(day), night);
        assert_eq!(p.prev(day), p.slot(date("2026-11-28"), "夜班").unwrap());
    }

    #[test]
    fn three_shifts_and_a_single_day_long_duty() {
        let p = ShiftPlan::new(vec![
            def("晚", "16:00", "00:00"),
            def("早", "00:00", "08:00"),
            def("中", "08:00", "16:00"),
        ])
        .unwrap();
        let s = p.slot_at(at("2026-11-29 23:00:00"));
        assert_eq!((p.name(s), s.date), ("晚", date("2026-11-29")));
        assert_eq!(p.end_local(s), at("2026-11-30 00:00:00"));
        let n = p.next(s);
        assert_eq!((p.name(n), n.date), ("早", date("2026-11-30")));
        assert_eq!(
            p.slots_on(date("2026-11-29"))
                .iter()
                .map(|s| p.name(*s))
                .collect::<Vec<_>>(),
            vec!["早", "中", "晚"]
        );

        let one = ShiftPlan::new(vec![def("全天", "08:00", "08:00")]).unwrap();
        let s = one.slot_at(at("2026-11-30 07:00:00"));
        assert_eq!(s.date, date("2026-11-29"));
        assert_eq!(one.end_local(s), at("2026-11-30 08:00:00"));
        assert_eq!(one.next(s).date, date("2026-11-30"));
        assert_eq!(one.prev(s).date, date("2026-11-28"));
    }

    #[test]
    fn refuses_plans_that_do_not_tile_the_day() {
        let err = |defs| ShiftPlan::new(defs).unwrap_err();
        assert_eq!(err(vec![]), PlanError::Empty);
        assert_eq!(
            err(vec![def("A", "08:00", "18:00"), def("B", "20:00", "08:00")]),
            PlanError::Cover
        );
        assert_eq!(
            err(vec![def("A", "08:00", "21:00"), def("B", "20:00", "08:00")]),
            PlanError::Cover
        );
        // Two 24-hour shifts overlap completely.
        assert_eq!(
            err(vec![def("A", "08:00", "08:00"), def("B", "20:00", "20:00")]),
            PlanError::Cover
        );
        assert_eq!(
            err(vec![def("A", "08:00", "20:00"), def("A", "20:00", "08:00")]),
            PlanError::Name(1)
        );
        assert_eq!(
            err(vec![def("", "08:00", "20:00"), def("B", "20:00", "08:00")]),
            PlanError::Name(0)
        );
        assert_eq!(
            err(vec![
                def("A;B", "08:00", "20:00"),
                def("B", "20:00", "08:00")
            ]),
            PlanError::Name(0)
        );
    }

    #[test]
    fn every_minute_of_a_day_belongs_to_exactly_one_shift_and_chains() {
        let p = day_night();
        let mut t = at("2026-11-29 00:00:00");
        while t < at("2026-11-30 00:00:00") {
            let s = p.slot_at(t);
            assert!(p.start_local(s) <= t && t < p.end_local(s), "{t}");
            assert_eq!(p.end_local(s), p.start_local(p.next(s)));
            t += Duration::minutes(7);
        }
    }
}
