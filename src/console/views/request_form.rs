//! Filing a leave or visitor request: the fields, the service's messages under the
//! field they name, the real cursor in the focused field, and the rules beside it.

use super::form_layout;
use crate::app::State;
use crate::app::request_form::{FormKind, RequestForm};
use crate::console::text::wrap;
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
    form_layout::label_width(form.fields().iter().map(|f| state.tr(f.label_key())))
}

/// Rows the form needs: a line per field, message lines, frame, tip.
fn form_height(state: &State, form: &RequestForm, total_w: u16) -> u16 {
    form_layout::form_height(
        total_w,
        form.fields().len(),
        form.errors.iter().map(|(_, m)| m),
        form.general_error.as_deref(),
        state.tr("rform.tip"),
    )
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
    let mut cursor: Option<(usize, usize)> = None;
    if let Some(g) = &form.general_error {
        form_layout::push_wrapped(&mut lines, g, max, theme.error());
    }
    for &f in form.fields() {
        let focused = f == form.focus && !form.submitting;
        let mut spans = form_layout::field_head(theme, state.tr(f.label_key()), label_w, focused);
        if let Some(input) = form.text(f) {
            let x = form_layout::push_text_box(
                &mut spans, theme, input, label_w, INPUT_W, max, focused,
            );
            if focused {
                cursor = Some((x, lines.len()));
            }
            if !f.required() {
                form_layout::push_dim_after(&mut spans, theme, state.tr("form.optional"));
            }
        } else {
            let mark = if form.urgent { "[x]" } else { "[ ]" };
            form_layout::push_choice(
                &mut spans,
                format!("{mark} {}", state.tr("rform.urgent_hint")),
                if form.urgent {
                    theme.flagged()
                } else {
                    Default::default()
                },
            );
        }
        lines.push(Line::from(spans));
        if let Some(msg) = form.error(f) {
            form_layout::push_indented(&mut lines, msg, max, theme.error());
        }
    }
    form_layout::push_wrapped(&mut lines, state.tr("rform.tip"), max, theme.dim());
    frame.render_widget(Paragraph::new(lines), inner);
    form_layout::place_cursor(frame, inner, cursor, state.prompt.is_some());
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
