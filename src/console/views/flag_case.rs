//! One fever case: the person, the first reading, state and deadlines (with the
//! countdowns while they are outstanding), observation place, referral, report and
//! outcome with who did each, the steps this operator may take next (with their
//! keys), and the re-checks with method and operator.

use super::flag_form;
use super::flags::notice;
use crate::app::State;
use crate::app::flag_case::{FlagRow, steps_text};
use crate::app::keymap::Action;
use crate::app::view::View;
use crate::console::text::{cut, pad, width, wrap};
use crate::console::theme::Theme;
use crate::domain::flag::{DeadlineKind, FlagCase, FlagStep, TimeLeft};
use crate::i18n::{tr, trf};
use crate::service::flags::{deadline_text, state_key, step_key, step_rows};
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Local `HH:MM:SS` today, `MM-DD HH:MM:SS` on another day.
fn when(state: &State, t: DateTime<Utc>) -> String {
    let local = state.zone.to_local(t);
    if local.date_naive() == state.today() {
        local.format("%H:%M:%S").to_string()
    } else {
        local.format("%m-%d %H:%M:%S").to_string()
    }
}

/// The first key of the binding behind a step, as shown in the footer.
fn step_key_label(state: &State, step: FlagStep) -> Option<String> {
    state
        .keymap
        .bindings()
        .iter()
        .find(|b| b.action == Action::Flag(step))
        .and_then(|b| b.keys.first())
        .map(|k| k.label())
}

/// Label, then the value's spans.
type Field = (String, Vec<Span<'static>>);

fn fields(state: &State, theme: &Theme, row: &FlagRow) -> Vec<Field> {
    let c = &row.case;
    let lang = state.lang;
    let t = |k: &str| tr(lang, k).to_string();
    let by = |who: &Option<String>| match who {
        Some(w) => trf(lang, "flag.show.by", &[("who", w.clone())]),
        None => String::new(),
    };
    let plain = |s: String| vec![Span::raw(s)];
    let who = match (&c.person_id, c.visitor_id) {
        (Some(p), _) => format!("{} ({p}, {})", c.name, t(&format!("kind.{}", c.kind))),
        _ => format!("{} ({})", c.name, t("kind.visitor")),
    };
    let due = |at: DateTime<Utc>, pending: bool, kind: DeadlineKind| -> Vec<Span<'static>> {
        let mut spans = vec![Span::raw(when(state, at))];
        if pending {
            let left = TimeLeft::until(at, state.now);
            let style = if left.is_overdue() {
                theme.denied()
            } else {
                theme.flagged()
            };
            spans.push(Span::raw("  "));
            spans.push(Span::styled(deadline_text(lang, kind, left), style));
        }
        spans
    };
    let state_style = if c.is_active() {
        theme.flagged()
    } else {
        theme.dim()
    };
    let mut out: Vec<Field> = vec![
        (
            t("flag.show.person"),
            vec![Span::styled(who, theme.title())],
        ),
        (
            t("flag.detail.first"),
            plain(format!(
                "{}  {}  {}{}",
                c.first_temp,
                when(state, c.first_at),
                c.gate,
                by(&Some(c.opened_by.clone()))
            )),
        ),
        (t("flag.detail.threshold"), plain(c.threshold.to_string())),
        (
            t("flag.show.state"),
            vec![Span::styled(t(state_key(c.state())), state_style)],
        ),
        (
            t("flag.show.recheck_due"),
            due(c.recheck_due, c.recheck_pending(), DeadlineKind::Recheck),
        ),
        (
            t("flag.show.report_due"),
            due(c.report_due, c.report_pending(), DeadlineKind::Report),
        ),
    ];
    out.extend(
        step_rows(lang, c, |a| when(state, a))
            .into_iter()
            .map(|(k, v)| (t(k), plain(v))),
    );
    out.push((t("flag.show.next"), next_steps(state, theme, row)));
    out
}

/// The steps this operator may take, each with its key; for a role that may take
/// none, what the case waits for, marked read-only.
fn next_steps(state: &State, theme: &Theme, row: &FlagRow) -> Vec<Span<'static>> {
    let lang = state.lang;
    if row.steps.is_empty() {
        let allowed = row.case.state().allowed();
        let text = if allowed.is_empty() {
            tr(lang, "flag.next.none").to_string()
        } else {
            trf(
                lang,
                "flag.detail.readonly",
                &[("steps", steps_text(lang, &allowed))],
            )
        };
        return vec![Span::styled(text, theme.dim())];
    }
    let mut spans = Vec::new();
    for step in &row.steps {
        if let Some(key) = step_key_label(state, *step) {
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(format!("{}  ", tr(lang, step_key(*step)))));
    }
    spans
}

/// Wraps a field's value under its label; long values continue below, indented.
fn field_lines(
    label: &str,
    label_w: usize,
    value: Vec<Span<'static>>,
    max: usize,
) -> Vec<Line<'static>> {
    let room = max.saturating_sub(label_w).max(1);
    let text: String = value.iter().map(|s| s.content.as_ref()).collect();
    if width(&text) <= room {
        let mut spans = vec![Span::raw(pad(label, label_w))];
        spans.extend(value);
        return vec![Line::from(spans)];
    }
    let style = value.first().map(|s| s.style).unwrap_or_default();
    wrap(&text, room)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let head = if i == 0 {
                pad(label, label_w)
            } else {
                " ".repeat(label_w)
            };
            Line::from(vec![Span::raw(head), Span::styled(l, style)])
        })
        .collect()
}

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let area = notice(state, theme, frame, area, View::FlagCase);
    let f = &state.flags;
    let mut title = state.tr("view.flag_case").to_string();
    if let Some(id) = f.case_id {
        title.push_str(" | ");
        title.push_str(&trf(
            state.lang,
            "flag.detail.title",
            &[("id", id.to_string())],
        ));
    }
    if let Some(row) = &f.case {
        title.push_str(" | ");
        title.push_str(&row.case.name);
    }
    let Some(row) = f.case.as_ref().filter(|r| Some(r.case.id) == f.case_id) else {
        let block = theme.block(Span::styled(title, theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let (text, style) = match &f.case_error {
            Some(e) => (e.clone(), theme.error()),
            None => (state.tr("footer.loading").to_string(), theme.dim()),
        };
        let lines: Vec<Line> = wrap(&text, usize::from(inner.width).max(1))
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let mut block = theme.block(Span::styled(title, theme.title()));
    let now = state.now;
    if row.case.recheck_overdue(now) || row.case.overdue(now) {
        block = block.border_style(theme.attention_border());
    }
    let inner_w = usize::from(area.width.saturating_sub(2));
    let fields = fields(state, theme, row);
    let label_w = fields.iter().map(|(l, _)| width(l)).max().unwrap_or(8) + 2;
    let lines: Vec<Line> = fields
        .into_iter()
        .flat_map(|(label, value)| field_lines(&label, label_w, value, inner_w))
        .collect();
    // The case on top, as tall as it needs; the re-checks below when 3 rows remain.
    let top_h = (lines.len() as u16 + 2).min(area.height);
    let top = Rect::new(area.x, area.y, area.width, top_h);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(Paragraph::new(lines), inner);
    let rest = area.height - top_h;
    if rest >= 3 {
        let bottom = Rect::new(area.x, area.y + top_h, area.width, rest);
        rechecks(state, theme, frame, bottom, &row.case);
    }
    flag_form::render(state, theme, frame, area);
}

fn rechecks(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, c: &FlagCase) {
    let block = theme.block(Span::styled(state.tr("flag.show.rechecks"), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    if c.rechecks.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                cut(state.tr("flag.detail.no_rechecks"), max),
                theme.dim(),
            )),
            inner,
        );
        return;
    }
    let times: Vec<String> = c.rechecks.iter().map(|r| when(state, r.at)).collect();
    let time_w = times
        .iter()
        .map(|t| width(t))
        .chain(std::iter::once(width(state.tr("col.time"))))
        .max()
        .unwrap_or(8);
    let temp_w = width(state.tr("col.temp_plain")).max(4);
    let by_w = c
        .rechecks
        .iter()
        .map(|r| width(&r.by))
        .chain(std::iter::once(width(state.tr("col.operator"))))
        .max()
        .unwrap_or(8)
        .min(16);
    let method_w = c
        .rechecks
        .iter()
        .map(|r| r.method.as_deref().map_or(1, width))
        .chain(std::iter::once(width(state.tr("flag.col.method"))))
        .max()
        .unwrap_or(4)
        .min(max.saturating_sub(time_w + temp_w + by_w + 3).max(4));
    let line = |cells: [(String, usize); 4], style: Style| {
        let text = cells
            .iter()
            .map(|(t, w)| pad(t, *w))
            .collect::<Vec<_>>()
            .join(" ");
        Line::from(Span::styled(cut(text.trim_end(), max), style))
    };
    let mut lines = vec![line(
        [
            (state.tr("col.time").to_string(), time_w),
            (state.tr("col.temp_plain").to_string(), temp_w),
            (state.tr("flag.col.method").to_string(), method_w),
            (state.tr("col.operator").to_string(), by_w),
        ],
        theme.title(),
    )];
    for (r, time) in c.rechecks.iter().zip(times) {
        let fever = r.temp >= c.threshold;
        lines.push(line(
            [
                (time, time_w),
                (r.temp.to_string(), temp_w),
                (r.method.clone().unwrap_or_else(|| "-".into()), method_w),
                (r.by.clone(), by_w),
            ],
            if fever { theme.flagged() } else { Style::new() },
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
