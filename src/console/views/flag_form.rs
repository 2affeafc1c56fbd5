//! The small form of a fever-case step, drawn over the flagged view or the case: its
//! fields, the service's message under the field it names, a hint where the words
//! are free, and the real cursor in the focused field (for input methods).

use crate::app::State;
use crate::app::flag_case::FormField;
use crate::console::text::{cut, pad, skip, width, wrap};
use crate::console::theme::Theme;
use crate::i18n::{tr, trf};
use crate::service::flags::step_key;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// Widest the box gets.
const BOX_W: u16 = 72;
/// Cells of a text field.
const INPUT_W: usize = 30;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(form) = &state.flags.form else {
        return;
    };
    let lang = state.lang;
    let w = area.width.saturating_sub(2).min(BOX_W);
    let max = usize::from(w.saturating_sub(2)).max(1);
    let label_w = form
        .fields()
        .iter()
        .map(|f| width(tr(lang, form.label_key(*f))))
        .max()
        .unwrap_or(8)
        + 1;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None;
    if let Some(g) = &form.general_error {
        for l in wrap(g, max) {
            lines.push(Line::from(Span::styled(l, theme.error())));
        }
    }
    for &f in form.fields() {
        let focused = f == form.focus && !form.pending;
        let mark = if focused { "> " } else { "  " };
        let mut spans = vec![
            Span::styled(mark, theme.key()),
            Span::styled(
                pad(tr(lang, form.label_key(f)), label_w),
                if focused { theme.title() } else { theme.dim() },
            ),
        ];
        let x0 = 2 + label_w;
        let box_w = INPUT_W.min(max.saturating_sub(x0 + 2)).max(1);
        match form.text(f) {
            Some(input) => {
                let scroll = input.scroll(box_w);
                let shown = pad(&cut(&skip(input.value(), scroll), box_w), box_w);
                spans.push(Span::raw("["));
                spans.push(Span::styled(shown, theme.input(focused)));
                spans.push(Span::raw("]"));
                if focused {
                    cursor = Some((x0 + 1 + input.cursor_column() - scroll, lines.len()));
                }
                if f == FormField::Temp {
                    spans.push(Span::styled(
                        format!(" {}", tr(lang, "form.temp_unit")),
                        theme.dim(),
                    ));
                }
                if form.optional(f) {
                    spans.push(Span::styled(
                        format!(" {}", tr(lang, "form.optional")),
                        theme.dim(),
                    ));
                }
            }
            None => {
                let place = state
                    .flags
                    .places
                    .get(form.place)
                    .cloned()
                    .unwrap_or_default();
                spans.push(Span::raw("< "));
                spans.push(Span::styled(place, theme.input(focused)));
                spans.push(Span::raw(" >"));
            }
        }
        lines.push(Line::from(spans));
        if let Some(msg) = form.error(f) {
            for l in wrap(msg, max.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("    {l}"), theme.error())));
            }
        } else if let Some(hint) = form.hint_key(f) {
            let indent = " ".repeat(x0);
            for l in wrap(tr(lang, hint), max.saturating_sub(x0).max(1)) {
                lines.push(Line::from(Span::styled(
                    format!("{indent}{l}"),
                    theme.dim(),
                )));
            }
        }
    }
    lines.push(Line::default());
    let tip = if form.fields().contains(&FormField::Place) {
        "flag.form.tip_place"
    } else {
        "flag.form.tip"
    };
    for l in wrap(tr(lang, tip), max) {
        lines.push(Line::from(Span::styled(l, theme.dim())));
    }
    let mut title = trf(
        lang,
        "flag.form.title",
        &[
            ("step", tr(lang, step_key(form.step)).to_string()),
            ("name", form.name.clone()),
            ("id", form.case_id.to_string()),
        ],
    );
    if form.pending {
        title.push_str(" ...");
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    );
    let block = theme
        .block(Span::styled(cut(&title, max), theme.title()))
        .border_style(theme.attention_border());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && state.prompt.is_none()
        && (y as u16) < inner.height
    {
        let x = (inner.x as usize + x).min(usize::from(inner.right().saturating_sub(1)));
        frame.set_cursor_position((x as u16, inner.y + y as u16));
    }
}
