//! The screen shown when the terminal is below the minimum size.

use crate::app::State;
use crate::console::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::console::text::wrap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let msg = crate::i18n::trf(
        state.lang,
        "console.too_small",
        &[
            ("w", MIN_WIDTH.to_string()),
            ("h", MIN_HEIGHT.to_string()),
            ("cw", area.width.to_string()),
            ("ch", area.height.to_string()),
        ],
    );
    let lines: Vec<Line> = wrap(&msg, usize::from(area.width))
        .into_iter()
        .take(usize::from(area.height))
        .map(Line::from)
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
