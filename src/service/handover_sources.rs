//! Where carry-over items come from: the seam between the handover and the features
//! that own open matters.
//!
//! Each feature that keeps open items offers one function
//! `fn(&Desk) -> DeskResult<Vec<(String /* ref_id */, String /* summary */)>>` listing
//! what is open *right now* (fever cases being followed, requests awaiting a decision,
//! overdue returns). It is registered once in [`SOURCES`] under its [`CarryKind`].
//! "Still open" is the source's decision: an item disappears from the next handover as
//! soon as its source stops listing it, and reappears at every handover until then.
//!
//! Besides the sources, carried notes (`handover note --carry`) are open items of the
//! handover itself: they stay open until closed with `handover close`.

use super::Desk;
use crate::domain::handover::{CarryItem, CarryKind};
use crate::error::DeskResult;
use crate::store::handover as store;
use chrono::{DateTime, Utc};

/// One source of open items: `(ref_id, summary)` pairs, in the order to show them.
pub type SourceFn = fn(&Desk) -> DeskResult<Vec<(String, String)>>;

/// The registered sources, in the order their items are listed. A feature adds its
/// line here, e.g. `(CarryKind::Flag, Desk::flag_handover_items)`.
pub const SOURCES: &[(CarryKind, SourceFn)] = &[
    (CarryKind::Flag, Desk::flag_handover_items),
    (CarryKind::Approval, Desk::approval_handover_items),
    (CarryKind::Return, Desk::return_handover_items),
    (CarryKind::Incident, Desk::incident_handover_items),
    (CarryKind::Directive, Desk::directive_handover_items),
    (CarryKind::Call, Desk::call_handover_items),
    (CarryKind::Health, Desk::health_handover_items),
];

/// Longest summary kept for one item (characters); longer text is cut with "~".
const SUMMARY_MAX: usize = 200;

fn summary(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > SUMMARY_MAX {
        let mut s: String = one_line.chars().take(SUMMARY_MAX - 1).collect();
        s.push('~');
        s
    } else {
        one_line
    }
}

impl Desk {
    /// Everything still open that a handover of a shift starting at `shift_start`
    /// hands over: the registered sources' items, then carried notes written in that
    /// handover or an earlier one and not yet closed. No acknowledgements are filled in.
    pub fn carry_items(&self, shift_start: DateTime<Utc>) -> DeskResult<Vec<CarryItem>> {
        let mut out: Vec<CarryItem> = Vec::new();
        let mut push = |kind: CarryKind, ref_id: String, text: &str| {
            if !out.iter().any(|c| c.kind == kind && c.ref_id == ref_id) {
                out.push(CarryItem {
                    kind,
                    ref_id,
                    summary: summary(text),
                    acked: None,
                });
            }
        };
        for (kind, source) in SOURCES {
            for (ref_id, text) in source(self)? {
                // Sources name their items "flag:12"; the carry id adds the kind itself.
                let prefix = format!("{}:", kind.as_str());
                let ref_id = ref_id
                    .strip_prefix(&prefix)
                    .map(str::to_string)
                    .unwrap_or(ref_id);
                push(*kind, ref_id, &text);
            }
        }
        #[cfg(test)]
        test_items::ITEMS.with(|items| {
            for (kind, ref_id, text) in items.borrow().iter() {
                push(*kind, ref_id.clone(), text);
            }
        });
        for (note_id, text) in store::open_carry_notes(self.store.conn(), shift_start)? {
            push(CarryKind::Note, note_id.to_string(), &text);
        }
        Ok(out)
    }
}

/// Test-only stand-in for the other features' sources: items set here are listed as
/// if a registered source reported them.
#[cfg(test)]
pub(crate) mod test_items {
    use crate::domain::handover::CarryKind;
    use std::cell::RefCell;

    thread_local! {
        pub static ITEMS: RefCell<Vec<(CarryKind, String, String)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn set(items: &[(CarryKind, &str, &str)]) {
        ITEMS.with(|i| {
            *i.borrow_mut() = items
                .iter()
                .map(|(k, r, s)| (*k, r.to_string(), s.to_string()))
                .collect()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_one_line_and_bounded() {
        assert_eq!(summary("西门\n 体温计  电池低"), "西门 体温计 电池低");
        let long = "很".repeat(500);
        let s = summary(&long);
        assert_eq!(s.chars().count(), SUMMARY_MAX);
        assert!(s.ends_with('~'));
    }
}
