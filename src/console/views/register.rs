//! The registration form, with the service's messages under the field they name,
//! the defaults always visible, the real cursor in the focused field, and the last
//! decision shown large enough to read from a step away.

use super::entries::{self, reasons_text};
use super::form_layout;
use super::gate_context;
use crate::app::State;
use crate::app::form::{Field, RegisterForm, Who};
use crate::app::providers::Tone;
use crate::console::text::{cut, pad, width};
use crate::console::theme::Theme;
use crate::domain::Decision;
use crate::service::entries::{open_case_text, warning_text};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Cells of a text field's box.
const INPUT_W: usize = 22;
/// Rows of the decision box at least (more when an open case or warnings need them).
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
    let lines = decision_lines(state, theme, usize::from(side.width.saturating_sub(2)));
    let height = BANNER_H.max(lines.len() as u16 + 2);
    let [banner, recent] = Layout::vertical([
        Constraint::Length(height.min(side.height)),
        Constraint::Fill(1),
    ])
    .areas(side);
    draw_decision(theme, frame, banner, state.tr("form.decision"), lines);
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
    form_layout::label_width(form.fields().iter().map(|f| state.tr(f.label_key())))
}

/// Rows the form needs: a line per field, message lines, frame, tip.
fn form_height(state: &State, form: &RegisterForm, total_w: u16) -> u16 {
    let notes = form
        .fields()
        .iter()
        .flat_map(|f| gate_context::form_notes(state, *f))
        .map(|(n, _)| n);
    form_layout::form_height(
        total_w,
        form.fields().len(),
        form.errors.iter().map(|(_, m)| m.clone()).chain(notes),
        form.general_error.as_deref(),
        state.tr("form.tip"),
    )
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
            if f == Field::Temp {
                form_layout::push_dim_after(&mut spans, theme, state.tr("form.temp_unit"));
            }
            if matches!(f, Field::Host) {
                form_layout::push_dim_after(&mut spans, theme, state.tr("form.optional"));
            }
        } else {
            let text = choice_text(state, form, f);
            let style = if f == Field::Code {
                theme.code(form.code)
            } else {
                Style::new()
            };
            form_layout::push_choice(&mut spans, text, style);
        }
        lines.push(Line::from(spans));
        if let Some(msg) = form.error(f) {
            form_layout::push_indented(&mut lines, msg, max, theme.error());
        }
        for (note, tone) in gate_context::form_notes(state, f) {
            form_layout::push_indented(&mut lines, &note, max, theme.tone(tone));
        }
    }
    form_layout::push_wrapped(&mut lines, state.tr("form.tip"), max, theme.dim());
    frame.render_widget(Paragraph::new(lines), inner);
    form_layout::place_cursor(frame, inner, cursor, state.prompt.is_some());
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

/// The decision box's lines for a box `max` cells wide: the current outcome only.
fn decision_lines(state: &State, theme: &Theme, max: usize) -> Vec<Line<'static>> {
    let form = &state.form;
    let waiting = || {
        vec![Line::from(Span::styled(
            cut(state.tr("form.waiting"), max),
            theme.dim(),
        ))]
    };
    if let Some(msg) = &form.failed {
        // Nothing was registered: say so where a decision would be, never an earlier one.
        let mut lines = big_word(theme, max, "[X]", state.tr("form.not_registered"), false);
        form_layout::push_wrapped(&mut lines, msg, max, theme.error());
        return lines;
    }
    let Some(e) = &form.last else {
        return waiting();
    };
    if form.has_next_person() {
        // The next person is being typed: the result on screen is not theirs.
        let previous = crate::i18n::trf(
            state.lang,
            "form.previous",
            &[
                ("name", e.name.clone()),
                (
                    "decision",
                    state.tr(&format!("decision.{}", e.decision)).to_string(),
                ),
            ],
        );
        let mut lines = waiting();
        lines.push(Line::from(Span::styled(cut(&previous, max), theme.dim())));
        return lines;
    }
    let admitted = e.decision == Decision::Admitted;
    let mark = if admitted { "[OK]" } else { "[X]" };
    let mut lines = big_word(
        theme,
        max,
        mark,
        state.tr(&format!("decision.{}", e.decision)),
        admitted,
    );
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
    if let Some(id) = e.open_case {
        let case = state.board.flags.iter().find(|c| c.id == id);
        let text = open_case_text(state.lang, id, case);
        form_layout::push_wrapped(&mut lines, &text, max, theme.denied());
    }
    for w in &e.warnings {
        let text = warning_text(state.lang, *w);
        form_layout::push_wrapped(&mut lines, text, max, theme.tone(Tone::Warn));
    }
    if e.flagged {
        lines.push(Line::from(Span::styled(
            cut(state.tr("form.flagged"), max),
            theme.flagged(),
        )));
    }
    lines
}

fn draw_decision(theme: &Theme, frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>) {
    let block = theme.block(Span::styled(title.to_string(), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The banner: a blank line, the mark and the word spread out, a blank line.
fn big_word(theme: &Theme, max: usize, mark: &str, word: &str, good: bool) -> Vec<Line<'static>> {
    let big = format!("{mark}  {}", spread(word));
    let left = max.saturating_sub(width(&big)) / 2;
    let banner = theme.banner(good);
    let blank = Line::from(Span::styled(" ".repeat(max), banner));
    vec![
        blank.clone(),
        Line::from(Span::styled(
            pad(&format!("{}{big}", " ".repeat(left)), max),
            banner,
        )),
        blank,
    ]
}
