//! The registration form, with the service's messages under the field they name,
//! the defaults always visible, the real cursor in the focused field, and the last
//! decision shown large enough to read from a step away.

use super::entries::{self, reasons_text};
use super::gate_context;
use crate::app::State;
use crate::app::form::{Field, RegisterForm, Who};
use crate::console::text::{cut, pad, skip, width, wrap};
use crate::console::theme::Theme;
use crate::domain::Decision;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cells of a text field's box.
const INPUT_W: usize = 22;
const BANNER_H: u16 = 8;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let form = &state.form;
    let wide = area.width >= 100;
    let form_lines = form_height(state, form, if wide { 58 } else { area.width });
    let (form_area, side) = if wide {
        let [f, s] = Layout::horizontal([Constraint::Length(58), Constraint::Fill(1)]).areas(area);
        (f, s)
    } else {
        let [f, s] =
            Layout::vertical([Constraint::Length(form_lines), Constraint::Fill(1)]).areas(area);
        (f, s)
    };
    draw_form(state, theme, frame, form_area);
    if side.height < 3 {
        return;
    }
    let [banner, recent] = Layout::vertical([
        Constraint::Length(BANNER_H.min(side.height)),
        Constraint::Fill(1),
    ])
    .areas(side);
    draw_decision(state, theme, frame, banner);
    if recent.height >= 4 {
        entries::render(
            state,
            theme,
            frame,
            recent,
            theme.block(Span::styled(state.tr("panel.live"), theme.title())),
            &state.board.log.rows,
            None,
            false,
            state.tr("list.empty_today"),
        );
    }
}

fn label_width(state: &State, form: &RegisterForm) -> usize {
    form.fields()
        .iter()
        .map(|f| width(state.tr(f.label_key())))
        .max()
        .unwrap_or(8)
        + 1
}

/// Rows the form needs: a line per field, message lines, frame, tip.
fn form_height(state: &State, form: &RegisterForm, total_w: u16) -> u16 {
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
    let tip = wrap(state.tr("form.tip"), inner_w).len();
    let notes: usize = form
        .fields()
        .iter()
        .flat_map(|f| gate_context::form_notes(state, *f))
        .map(|(n, _)| wrap(&n, inner_w.saturating_sub(4)).len())
        .sum();
    (form.fields().len() + msg_lines + general + tip + notes + 2) as u16
}

fn choice_text(state: &State, form: &RegisterForm, f: Field) -> String {
    let t = |k: &str| state.tr(k).to_string();
    match f {
        Field::Who => match form.who {
            Who::Rostered => t("form.rostered"),
            Who::Visitor => t("kind.visitor"),
        },
        Field::Code => form
            .code
            .map(|c| t(&format!("code.{c}")))
            .unwrap_or_else(|| t("form.no_code")),
        Field::Venue => {
            if form.venue_scan {
                format!("[x] {}", t("form.scanned"))
            } else {
                format!("[ ] {}", t("form.not_scanned"))
            }
        }
        Field::Direction => t(&format!("direction.{}", form.direction)),
        Field::Gate => state.gates.get(form.gate).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

fn draw_form(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let form = &state.form;
    let title = if form.submitting {
        format!("{} ...", state.tr("view.register"))
    } else {
        state.tr("view.register").to_string()
    };
    let block = theme.block(Span::styled(title, theme.title()));
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
        let label = pad(state.tr(f.label_key()), label_w);
        let mut spans = vec![
            Span::styled(mark, theme.key()),
            Span::styled(label, if focused { theme.title() } else { theme.dim() }),
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
            if f == Field::Temp {
                spans.push(Span::styled(
                    format!(" {}", state.tr("form.temp_unit")),
                    theme.dim(),
                ));
            }
            if matches!(f, Field::Host) {
                spans.push(Span::styled(
                    format!(" {}", state.tr("form.optional")),
                    theme.dim(),
                ));
            }
        } else {
            let text = choice_text(state, form, f);
            let style = if f == Field::Code {
                theme.code(form.code)
            } else {
                Style::new()
            };
            spans.push(Span::raw("< "));
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" >"));
        }
        lines.push(Line::from(spans));
        if let Some(msg) = form.error(f) {
            for l in wrap(msg, max.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(format!("    {l}"), theme.error())));
            }
        }
        for (note, tone) in gate_context::form_notes(state, f) {
            for l in wrap(&note, max.saturating_sub(4)) {
                lines.push(Line::from(Span::styled(
                    format!("    {l}"),
                    theme.tone(tone),
                )));
            }
        }
    }
    for l in wrap(state.tr("form.tip"), max) {
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

/// The word spread out so it reads from a distance: `放  行`, `A D M I T T E D`.
fn spread(word: &str) -> String {
    let sep = if word.is_ascii() { " " } else { "  " };
    word.to_uppercase()
        .chars()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(sep)
}

fn draw_decision(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = theme.block(Span::styled(state.tr("form.decision"), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    let Some(e) = &state.form.last else {
        frame.render_widget(
            Paragraph::new(Span::styled(
                cut(state.tr("form.waiting"), max),
                theme.dim(),
            )),
            inner,
        );
        return;
    };
    let admitted = e.decision == Decision::Admitted;
    let word = spread(state.tr(&format!("decision.{}", e.decision)));
    let mark = if admitted { "[OK]" } else { "[X]" };
    let big = format!("{mark}  {word}");
    let left = max.saturating_sub(width(&big)) / 2;
    let banner = theme.banner(admitted);
    let blank = Line::from(Span::styled(" ".repeat(max), banner));
    let mut lines = vec![
        blank.clone(),
        Line::from(Span::styled(
            pad(&format!("{}{big}", " ".repeat(left)), max),
            banner,
        )),
        blank,
    ];
    let who = format!(
        "{}  {}  {}  {}",
        e.name,
        e.temp,
        e.gate,
        state.tr(&format!("direction.{}", e.direction))
    );
    lines.push(Line::from(cut(&who, max)));
    if !e.reasons.is_empty() {
        let r = crate::i18n::trf(
            state.lang,
            "form.reasons",
            &[("reasons", reasons_text(state, &e.reasons))],
        );
        lines.push(Line::from(Span::styled(cut(&r, max), theme.denied())));
    }
    if e.flagged {
        lines.push(Line::from(Span::styled(
            cut(state.tr("form.flagged"), max),
            theme.flagged(),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
