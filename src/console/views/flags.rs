//! The flagged temperatures still open, with their age.

use super::entries;
use crate::app::State;
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = crate::i18n::trf(
        state.lang,
        "panel.flags",
        &[("n", state.flags.rows.len().to_string())],
    );
    entries::render(
        state,
        theme,
        frame,
        area,
        theme.block(Span::styled(title, theme.title())),
        &state.flags.rows,
        Some(state.flags.sel),
        true,
        state.tr("panel.flags_none"),
    );
}
