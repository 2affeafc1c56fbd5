//! Home: the live gate log, and from 100x30 up a side column with today's counters,
//! the open flags and the optional panels. On an empty database it says what to do.

use super::{entries, panels};
use crate::app::State;
use crate::console::layout;
use crate::console::text::wrap;
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let board = &state.board;
    if board.loaded && board.roster_empty && board.log.rows.is_empty() {
        getting_started(state, theme, frame, area);
        return;
    }
    let full = layout::full_dashboard(frame.area());
    let log_area = if full {
        let [log, side] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(layout::side_width(area.width)),
        ])
        .areas(area);
        side_column(state, theme, frame, side);
        log
    } else {
        area
    };
    let title = Span::styled(state.tr("panel.live"), theme.title());
    let empty = if board.loaded {
        state.tr("list.empty_today")
    } else {
        state.tr("footer.loading")
    };
    entries::render(
        state,
        theme,
        frame,
        log_area,
        theme.block(title),
        &board.log.rows,
        Some(board.log.sel),
        false,
        empty,
    );
}

fn side_column(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let panel_rows: Vec<usize> = state.board.panels.iter().map(|p| p.rows.len()).collect();
    let side = layout::side_column(area, state.board.flags.len(), &panel_rows);
    panels::counters(state, theme, frame, side.counters);
    panels::flags(state, theme, frame, side.flags);
    for (panel, rect) in state.board.panels.iter().zip(side.panels) {
        if let Some(rect) = rect {
            panels::side(state, theme, frame, rect, panel);
        }
    }
}

fn getting_started(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = theme.block(Span::styled(state.tr("start.title"), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width.saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (key, style) in [
        ("start.empty", theme.title()),
        ("start.import", Default::default()),
        ("start.import_cmd", theme.key()),
        ("start.demo", Default::default()),
        ("start.demo_cmd", theme.key()),
        ("start.after", theme.dim()),
    ] {
        for l in wrap(state.tr(key), w) {
            lines.push(Line::from(Span::styled(format!(" {l}"), style)));
        }
        lines.push(Line::default());
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
