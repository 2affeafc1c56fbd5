//! The full-screen gate log: filter, keyset paging and the selection.
//!
//! The log is read one page at a time, newest first. `anchor` is the key (time, id)
//! the page starts below (`None`: the live top, which follows new entries). Moving
//! past the last row loads the next older page; moving above the first row goes
//! back to the page before, using the anchors remembered in `pages`.

use crate::clock::to_ms;
use crate::domain::entry::GateEntry;
use chrono::NaiveDate;

/// What the log is narrowed to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogFilter {
    /// Name, id or gate (`/`).
    pub text: String,
    pub flagged_only: bool,
    pub denied_only: bool,
}

impl LogFilter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.flagged_only || self.denied_only
    }
}

/// Where the selection goes once the page being loaded arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Land {
    First,
    Last,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogState {
    pub filter: LogFilter,
    /// The date jumped to, shown in the title while browsing from it.
    pub date: Option<NaiveDate>,
    pub anchor: Option<(i64, i64)>,
    /// Anchors of the pages above this one.
    pub pages: Vec<Option<(i64, i64)>>,
    pub rows: Vec<GateEntry>,
    pub sel: usize,
    pub land: Option<Land>,
    pub loaded: bool,
}

/// The paging key of an entry.
pub fn key_of(e: &GateEntry) -> (i64, i64) {
    (to_ms(e.at), e.id)
}

impl LogState {
    /// True when an older page may exist.
    pub fn more(&self) -> bool {
        self.rows.len() >= super::load::LOG_PAGE
    }

    /// Back to the live top. Returns true when a reload is needed.
    pub fn top(&mut self) -> bool {
        self.sel = 0;
        self.date = None;
        let moved = self.anchor.is_some();
        self.anchor = None;
        self.pages.clear();
        moved
    }

    /// Moves the selection by `n` rows (negative: up). Returns true when another page
    /// must be loaded.
    pub fn step(&mut self, n: isize) -> bool {
        if self.land.is_some() {
            return false; // a page is on its way
        }
        let last = self.rows.len().saturating_sub(1);
        let target = self.sel as isize + n;
        if target > last as isize {
            if self.more()
                && let Some(e) = self.rows.last()
            {
                self.pages.push(self.anchor);
                self.anchor = Some(key_of(e));
                self.land = Some(Land::First);
                return true;
            }
            self.sel = last;
        } else if target < 0 {
            if let Some(prev) = self.pages.pop() {
                self.anchor = prev;
                self.land = Some(Land::Last);
                if prev.is_none() {
                    self.date = None;
                }
                return true;
            }
            self.sel = 0;
        } else {
            self.sel = target as usize;
        }
        false
    }

    /// Shows the entries up to the end of a local day (the UTC end given).
    pub fn jump(&mut self, date: NaiveDate, end_ms: i64) {
        self.date = Some(date);
        self.pages = vec![None];
        self.anchor = Some((end_ms, 0));
        self.land = Some(Land::First);
        self.sel = 0;
    }

    /// A new filter starts again from the live top.
    pub fn refilter(&mut self) {
        self.top();
        self.land = None;
    }

    /// Takes a loaded page.
    pub fn apply(&mut self, rows: Vec<GateEntry>) {
        let keep = (self.sel > 0 && self.land.is_none())
            .then(|| self.rows.get(self.sel).map(|e| e.id))
            .flatten();
        self.rows = rows;
        let last = self.rows.len().saturating_sub(1);
        self.sel = match self.land.take() {
            Some(Land::First) => 0,
            Some(Land::Last) => last,
            None => keep
                .and_then(|id| self.rows.iter().position(|e| e.id == id))
                .unwrap_or(self.sel)
                .min(last),
        };
        self.loaded = true;
    }

    pub fn selected(&self) -> Option<&GateEntry> {
        self.rows.get(self.sel)
    }
}
