//! What the console's forms (registration, request, fever-case step) lay out alike: the
//! label column, a field's focus mark and label, the text box scrolled to its cursor,
//! a choice between `< >`, messages indented under a field, wrapped lines such as the
//! general error and the tip, the height all of that takes, and the real cursor.

use crate::app::input::TextInput;
use crate::console::text::{cut, pad, skip, width, wrap};
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Indent of a message under its field.
const INDENT: &str = "    ";

/// Cells of the label column: the widest label and a space.
pub fn label_width<'a>(labels: impl IntoIterator<Item = &'a str>) -> usize {
    labels.into_iter().map(width).max().unwrap_or(8) + 1
}

/// Rows a form needs in a frame `total_w` cells wide: a line per field, the lines of
/// each message indented under a field, the general error, the tip, and the frame.
pub fn form_height<S: AsRef<str>>(
    total_w: u16,
    fields: usize,
    indented: impl IntoIterator<Item = S>,
    general: Option<&str>,
    tip: &str,
) -> u16 {
    let inner_w = usize::from(total_w.saturating_sub(2)).max(1);
    let msg_lines: usize = indented
        .into_iter()
        .map(|m| wrap(m.as_ref(), inner_w.saturating_sub(4)).len())
        .sum();
    let general = general.map_or(0, |m| wrap(m, inner_w).len());
    let tip = wrap(tip, inner_w).len();
    (fields + msg_lines + general + tip + 2) as u16
}

/// `text` wrapped to `max` cells, one styled line each (the general error, the tip).
pub fn push_wrapped(lines: &mut Vec<Line<'static>>, text: &str, max: usize, style: Style) {
    for l in wrap(text, max) {
        lines.push(Line::from(Span::styled(l, style)));
    }
}

/// A message under its field: indented, wrapped to what is left of `max`.
pub fn push_indented(lines: &mut Vec<Line<'static>>, text: &str, max: usize, style: Style) {
    for l in wrap(text, max.saturating_sub(INDENT.len())) {
        lines.push(Line::from(Span::styled(format!("{INDENT}{l}"), style)));
    }
}

/// The start of a field's line: the focus mark and the label padded to `label_w`.
pub fn field_head(theme: &Theme, label: &str, label_w: usize, focused: bool) -> Vec<Span<'static>> {
    let mark = if focused { "> " } else { "  " };
    vec![
        Span::styled(mark, theme.key()),
        Span::styled(
            pad(label, label_w),
            if focused { theme.title() } else { theme.dim() },
        ),
    ]
}

/// Column where a field's value starts.
pub fn value_column(label_w: usize) -> usize {
    2 + label_w
}

/// Appends `[value]`, at most `input_w` cells and no wider than the line of `max` cells
/// allows, scrolled so the cursor shows. Returns the cursor's column in the line.
pub fn push_text_box(
    spans: &mut Vec<Span<'static>>,
    theme: &Theme,
    input: &TextInput,
    label_w: usize,
    input_w: usize,
    max: usize,
    focused: bool,
) -> usize {
    let x0 = value_column(label_w);
    let box_w = input_w.min(max.saturating_sub(x0 + 2)).max(1);
    let scroll = input.scroll(box_w);
    let shown = pad(&cut(&skip(input.value(), scroll), box_w), box_w);
    spans.push(Span::raw("["));
    spans.push(Span::styled(shown, theme.input(focused)));
    spans.push(Span::raw("]"));
    x0 + 1 + input.cursor_column() - scroll
}

/// Appends a choice: `< text >`.
pub fn push_choice(spans: &mut Vec<Span<'static>>, text: String, style: Style) {
    spans.push(Span::raw("< "));
    spans.push(Span::styled(text, style));
    spans.push(Span::raw(" >"));
}

/// Appends a dim ` word` after a field (unit, "optional").
pub fn push_dim_after(spans: &mut Vec<Span<'static>>, theme: &Theme, word: &str) {
    spans.push(Span::styled(format!(" {word}"), theme.dim()));
}

/// Puts the terminal's cursor at (`column`, `row`) inside `inner`, when the row is
/// shown and no prompt is open (the prompt owns the cursor then).
pub fn place_cursor(
    frame: &mut Frame,
    inner: Rect,
    cursor: Option<(usize, usize)>,
    prompt_open: bool,
) {
    if let Some((x, y)) = cursor
        && !prompt_open
        && y < usize::from(inner.height)
    {
        let x = (usize::from(inner.x) + x).min(usize::from(inner.right().saturating_sub(1)));
        frame.set_cursor_position((x as u16, inner.y + y as u16));
    }
}
