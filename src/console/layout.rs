//! Where things go on the screen: the size thresholds and the dashboard's side
//! column, in which the optional panels (pending approvals, handover …) get room only
//! when they exist and fit — a panel that does not fit is left out, never squeezed
//! into an empty frame.

use ratatui::layout::Rect;

/// Below this the console shows "terminal too small".
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this size the dashboard shows its side column; below, the gate log alone.
pub const FULL_WIDTH: u16 = 100;
pub const FULL_HEIGHT: u16 = 30;

/// Rows of the counters panel (frame included).
pub const COUNTERS_HEIGHT: u16 = 4;
const FLAGS_MIN: u16 = 5;
const PANEL_MIN: u16 = 4;
const PANEL_MAX: u16 = 10;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn full_dashboard(area: Rect) -> bool {
    area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT
}

/// Width of the dashboard's side column.
pub fn side_width(total: u16) -> u16 {
    (total * 36 / 100).clamp(34, 50)
}

/// The side column's areas: counters, open flags, and one area per optional panel
/// that fits (`None` for one that does not), top to bottom.
pub struct Side {
    pub counters: Rect,
    pub flags: Rect,
    pub panels: Vec<Option<Rect>>,
}

/// `flag_rows`: open flags to show; `panel_rows`: rows each optional panel has.
pub fn side_column(area: Rect, flag_rows: usize, panel_rows: &[usize]) -> Side {
    let want = |rows: usize, max: u16| (rows.max(1) as u16).saturating_add(2).min(max);
    let mut left = area.height.saturating_sub(COUNTERS_HEIGHT + FLAGS_MIN);
    let mut heights: Vec<Option<u16>> = Vec::new();
    for rows in panel_rows {
        let h = want(*rows, PANEL_MAX).max(PANEL_MIN);
        if h <= left {
            heights.push(Some(h));
            left -= h;
        } else if left >= PANEL_MIN {
            heights.push(Some(left));
            left = 0;
        } else {
            heights.push(None);
        }
    }
    // The flags take what their rows need; what remains stays below them.
    let flags_h = FLAGS_MIN + left.min(want(flag_rows, u16::MAX).saturating_sub(FLAGS_MIN));
    let mut y = area.y;
    let mut take = |h: u16| {
        let r = Rect::new(
            area.x,
            y,
            area.width,
            h.min(area.bottom().saturating_sub(y)),
        );
        y += r.height;
        r
    };
    let counters = take(COUNTERS_HEIGHT);
    let flags = take(flags_h);
    let panels = heights.into_iter().map(|h| h.map(&mut take)).collect();
    Side {
        counters,
        flags,
        panels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_panels_get_room_only_when_they_fit() {
        let s = side_column(Rect::new(0, 1, 40, 30), 3, &[2, 5]);
        assert_eq!(s.counters.height, COUNTERS_HEIGHT);
        assert_eq!(s.flags.height, 5);
        assert_eq!(s.panels[0].unwrap().height, 4);
        assert_eq!(s.panels[1].unwrap().height, 7);
        let s = side_column(Rect::new(0, 1, 40, 14), 3, &[2, 5]);
        assert!(s.panels[0].is_some());
        assert!(
            s.panels[1].is_none(),
            "the second panel is left out, not squeezed"
        );
        let s = side_column(Rect::new(0, 1, 40, 30), 40, &[]);
        assert_eq!(
            s.flags.height, 26,
            "with no panels the flags take the column"
        );
        assert!(s.flags.bottom() <= 31);
    }
}
