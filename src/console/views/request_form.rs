//! Filing a leave or visitor request: the fields, the service's messages under the
//! field they name, the real cursor in the focused field, and the rules beside it.

use crate::app::State;
use crate::app::request_form::{FormKind, RequestForm};
use crate::console::text::{cut, pad, skip, width, wrap};
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cells of a text field's box.
const INPUT_W: usize = 30;
/// Width of the form on a wide screen.
const FORM_W: u16 = 66;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let form = &state.approvals.form;
    let (form_area, side) = if area.width >= 100 {
        let [f, s] =
            Layout::horizontal([Constraint::Length(FORM_W), Constraint::Fill(1)]).areas(area);
        (f, s)
    } else {
        let h = form_height(state, form, area.width).min(area.height);
        let [f, s] = Layout::vertical([Constraint::Length(h), Constraint::Fill(1)]).areas(area);
        (f, s)
    };
    draw_form(state, theme, frame, form_area);
    if side.height >= 3 {
        rules(state, theme, frame, side);
    }
}

fn label_width(state: &State, form: &RequestForm) -> usize {
    form.fields()
        .iter()
        .map(|f| width(state.tr(f.label_key())))
        .max()
        .unwrap_or(8)
        + 1
}

/// Rows the form needs: a line per field, message lines, frame, tip.
fn form_height(state: &State, form: &RequestForm, total_w: u16) -> u16 {
    let inner_w = usize::from(total_w.saturating_sub(2)).max(1);
    let msg_lines: usize = form
        .errors
        .iter()
        .map(|(_, m)| wrap(m, inner_w.saturating_sub(4)).len())
        .sum();
    let general = form
        .general_error
        .as_ref()
        .map_or(0, |m| wrap(m, inner_w).len());
    let tip = wrap(state.tr("rform.tip"), inner_w).len();
    (form.fields().len() + msg_lines + general + tip + 2) as u16
}

fn title(state: &State, form: &RequestForm) -> String {
    let t = state.tr(match form.kind {
        FormKind::Leave => "rform.title_leave",
        FormKind::Visitor => "rform.title_visitor",
    });
    if form.submitting {
        format!("{t} ...")
    } else {
        t.to_string()
    }
}

fn draw_form(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let form = &state.approvals.form;
    let block = theme.block(Span::styled(title(state, form), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    let label_w = label_width(state, form);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    if let Some(g) = &form.general_error {
        for l in wrap(g, max) {
            lines.push(Line::from(Span::styled(l, theme.error())));
        }
    }
    for &f in form.fields() {
        let focused = f == form.focus && !form.submitting;
        let mark = if focused { "> " } else { "  " };
        let mut spans = vec![
            Span::styled(mark, theme.key()),
            Span::styled(
                pad(state.tr(f.label_key()), label_w),
                if focused { theme.title() } else { theme.dim() },
            ),
        ];
        let x0 = 2 + label_w;
        let box_w = INPUT_W.min(max.saturating_sub(x0 + 2)).max(1);
        if let Some(input) = form.text(f) {
            let scroll = input.scroll(box_w);
            let shown = pad(&cut(&skip(input.value(), scroll), box_w), box_w);
            spans.push(Span::raw("["));
            spans.push(Span::styled(shown, theme.input(focused)));
            spans.push(Span::raw("]"));
            if focused {
                let x = inner.x as usize + x0 + 1 + input.cursor_column() - scroll;
                cursor = Some((x as u16, inner.y + lines.len() as u16));
            }
            if !f.required() {
                spans.push(Span::styled(
                    format!(" {}", state.tr("form.optional")),
                    theme.dim(),
                ));
            }
        } else {
            let mark = if form.urgent { "[x]" } else { "[ ]" };
            spans.push(Span::raw("< "));
            spans.push(Span::styled(
                format!("{mark} {}", state.tr("rform.urgent_hint")),
                if form.urgent {
                    theme.flagged()
                } else {
                    Default::default()
                },
            ));
            spans.push(Span::raw(" >"));
        }
        lines.push(Line::from(spans));
        if let Some(msg) = form.error(f) {
            for l in wrap(msg, max.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("    {l}"), theme.error())));
            }
        }
    }
    for l in wrap(state.tr("rform.tip"), max) {
        lines.push(Line::from(Span::styled(l, theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && y < inner.bottom()
        && state.prompt.is_none()
    {
        frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), y));
    }
}

/// The rules of the kind being filed, beside the form.
fn rules(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = theme.block(Span::styled(state.tr("rform.rules"), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width).max(1);
    let keys: &[&str] = match state.approvals.form.kind {
        FormKind::Leave => &["rform.rule_time", "rform.rule_leave", "rform.rule_decide"],
        FormKind::Visitor => &["rform.rule_time", "rform.rule_visitor", "rform.rule_decide"],
    };
    let mut lines: Vec<Line> = Vec::new();
    for k in keys {
        for l in wrap(state.tr(k), max) {
            lines.push(Line::from(l));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
