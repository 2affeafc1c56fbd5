//! The small form of a fever-case step, drawn over the flagged view or the case: its
//! fields, the service's message under the field it names, a hint where the words
//! are free, and the real cursor in the focused field (for input methods).

use super::form_layout;
use crate::app::State;
use crate::app::flag_case::FormField;
use crate::console::text::{cut, wrap};
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
    let label_w =
        form_layout::label_width(form.fields().iter().map(|f| tr(lang, form.label_key(*f))));
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None;
    if let Some(g) = &form.general_error {
        form_layout::push_wrapped(&mut lines, g, max, theme.error());
    }
    for &f in form.fields() {
        let focused = f == form.focus && !form.pending;
        let mut spans =
            form_layout::field_head(theme, tr(lang, form.label_key(f)), label_w, focused);
        match form.text(f) {
            Some(input) => {
                let x = form_layout::push_text_box(
                    &mut spans, theme, input, label_w, INPUT_W, max, focused,
                );
                if focused {
                    cursor = Some((x, lines.len()));
                }
                if f == FormField::Temp {
                    form_layout::push_dim_after(&mut spans, theme, tr(lang, "form.temp_unit"));
                }
                if form.optional(f) {
                    form_layout::push_dim_after(&mut spans, theme, tr(lang, "form.optional"));
                }
            }
            None => {
                let place = state
                    .flags
                    .places
                    .get(form.place)
                    .cloned()
                    .unwrap_or_default();
                form_layout::push_choice(&mut spans, place, theme.input(focused));
            }
        }
        lines.push(Line::from(spans));
        if let Some(msg) = form.error(f) {
            form_layout::push_indented(&mut lines, msg, max, theme.error());
        } else if let Some(hint) = form.hint_key(f) {
            let x0 = form_layout::value_column(label_w);
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
    form_layout::push_wrapped(&mut lines, tr(lang, tip), max, theme.dim());
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
    form_layout::place_cursor(frame, inner, cursor, state.prompt.is_some());
}
