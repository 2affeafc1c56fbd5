//! The full-screen gate log, with what it is narrowed to in the title.

use super::entries;
use crate::app::State;
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let log = &state.log;
    let mut title = vec![Span::styled(state.tr("view.log"), theme.title())];
    let mut notes: Vec<String> = Vec::new();
    if !log.filter.text.trim().is_empty() {
        notes.push(crate::i18n::trf(
            state.lang,
            "log.filter",
            &[(
                "text",
                crate::domain::text::sanitize(log.filter.text.trim()),
            )],
        ));
    }
    if log.filter.flagged_only {
        notes.push(state.tr("log.flagged_only").into());
    }
    if log.filter.denied_only {
        notes.push(state.tr("log.denied_only").into());
    }
    if let Some(d) = log.date {
        notes.push(crate::i18n::trf(
            state.lang,
            "log.until",
            &[("date", d.format("%Y-%m-%d").to_string())],
        ));
    } else if log.anchor.is_some() {
        notes.push(state.tr("log.older").into());
    }
    if !notes.is_empty() {
        title.push(Span::styled(
            format!(" | {}", notes.join(" | ")),
            theme.flagged(),
        ));
    }
    let empty = if !log.loaded {
        state.tr("footer.loading")
    } else if log.filter.is_active() || log.date.is_some() {
        state.tr("list.empty_filtered")
    } else {
        state.tr("list.empty")
    };
    entries::render(
        state,
        theme,
        frame,
        area,
        theme.block(Line::from(title)),
        &log.rows,
        Some(log.sel),
        false,
        empty,
    );
}
