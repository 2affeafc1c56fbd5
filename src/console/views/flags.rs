//! The flagged view: every active fever case with its state and countdowns (re-check
//! due, report due), recomputed from the clock on every frame; on request the recent
//! closed and cleared cases below them. A late deadline is drawn in the warning style
//! and says "overdue" in words, and its row carries the `!` marker.

use super::{flag_form, scroll_offset};
use crate::app::State;
use crate::app::flag_case::FlagRow;
use crate::app::view::View;
use crate::console::text::{cut, pad_left, width, wrap};
use crate::console::theme::Theme;
use crate::domain::flag::{DeadlineKind, FlagCase, TimeLeft};
use crate::i18n::{Lang, tr, trf};
use crate::service::flags::{deadline_text, state_key};
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

/// A countdown cell: its text and whether the deadline has passed.
pub struct Countdown {
    pub text: String,
    pub overdue: bool,
}

fn countdown(lang: Lang, due: DateTime<Utc>, now: DateTime<Utc>) -> Countdown {
    let left = TimeLeft::until(due, now);
    let key = if left.is_overdue() {
        "flag.cell.overdue"
    } else {
        "flag.cell.due_in"
    };
    Countdown {
        text: trf(lang, key, &[("time", crate::i18n::countdown(lang, left))]),
        overdue: left.is_overdue(),
    }
}

/// The re-check column: the countdown while the re-check is pending, else the newest
/// re-check reading, else `-`.
pub fn recheck_cell(lang: Lang, c: &FlagCase, now: DateTime<Utc>) -> Countdown {
    if c.recheck_pending() {
        return countdown(lang, c.recheck_due, now);
    }
    Countdown {
        text: c
            .last_recheck()
            .map(|r| r.temp.to_string())
            .unwrap_or_else(|| "-".into()),
        overdue: false,
    }
}

/// The report column: the countdown while the report is pending, the time it was
/// made, or `-` for a case finished unreported (cleared).
pub fn report_cell(state: &State, c: &FlagCase) -> Countdown {
    if c.report_pending() {
        return countdown(state.lang, c.report_due, state.now);
    }
    Countdown {
        text: match c.reported_at {
            Some(at) => trf(
                state.lang,
                "flag.cell.reported",
                &[("time", super::short_time(state, at))],
            ),
            None => "-".into(),
        },
        overdue: false,
    }
}

/// The most urgent outstanding deadline as a sentence ("re-check overdue 18:00", or
/// when `compact` "re-check late 18:00"), or the state when nothing is outstanding;
/// true when it is late.
pub fn most_urgent(lang: Lang, c: &FlagCase, now: DateTime<Utc>, compact: bool) -> (String, bool) {
    match c.deadlines().first() {
        Some(d) => {
            let left = TimeLeft::until(d.due, now);
            let text = if compact {
                let key = match (d.kind, left.is_overdue()) {
                    (DeadlineKind::Recheck, false) => "flag.short.recheck_due_in",
                    (DeadlineKind::Recheck, true) => "flag.short.recheck_overdue",
                    (DeadlineKind::Report, false) => "flag.short.report_due_in",
                    (DeadlineKind::Report, true) => "flag.short.report_overdue",
                };
                trf(lang, key, &[("time", crate::i18n::countdown(lang, left))])
            } else {
                deadline_text(lang, d.kind, left)
            };
            (text, left.is_overdue())
        }
        None => (tr(lang, state_key(c.state())).to_string(), false),
    }
}

/// `!` a deadline has passed, `*` active, blank for a finished case.
pub fn marker(c: &FlagCase, now: DateTime<Utc>) -> &'static str {
    if c.recheck_overdue(now) || c.overdue(now) {
        "! "
    } else if c.is_active() {
        "* "
    } else {
        "  "
    }
}

/// The first reading's local time: `07:32`, or `11-28 23:50` on another day.
fn first_at(state: &State, t: DateTime<Utc>) -> String {
    let local = state.zone.to_local(t);
    if local.date_naive() == state.today() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%m-%d %H:%M").to_string()
    }
}

/// Where the person is or went: the referral once made, else the observation place.
fn whereabouts(c: &FlagCase) -> String {
    c.referred_to
        .clone()
        .or_else(|| c.place.clone())
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Marker,
    Id,
    At,
    Name,
    Gate,
    Temp,
    State,
    Recheck,
    Report,
    Where,
}

impl Col {
    fn header(self, lang: Lang) -> &'static str {
        match self {
            Col::Marker => "",
            Col::Id => tr(lang, "col.id"),
            Col::At => tr(lang, "col.time"),
            Col::Name => tr(lang, "col.name"),
            Col::Gate => tr(lang, "col.gate"),
            Col::Temp => tr(lang, "flag.col.first"),
            Col::State => tr(lang, "flag.col.state"),
            Col::Recheck => tr(lang, "flag.col.recheck_cell"),
            Col::Report => tr(lang, "flag.col.report"),
            Col::Where => tr(lang, "flag.col.where"),
        }
    }
}

const NAME_MIN: usize = 6;
const NAME_MAX: usize = 16;
const WHERE_MIN: usize = 8;

/// One row's cells (text, style) in column order.
fn cells(state: &State, theme: &Theme, row: &FlagRow) -> Vec<(Col, String, Style)> {
    let c = &row.case;
    let now = state.now;
    let late = |d: &Countdown| {
        if d.overdue {
            theme.denied()
        } else {
            Style::new()
        }
    };
    let re = recheck_cell(state.lang, c, now);
    let rep = report_cell(state, c);
    let (re_style, rep_style) = (late(&re), late(&rep));
    vec![
        (Col::Marker, marker(c, now).to_string(), Style::new()),
        (Col::Id, c.id.to_string(), Style::new()),
        (Col::At, first_at(state, c.first_at), Style::new()),
        (Col::Name, c.name.clone(), Style::new()),
        (Col::Gate, c.gate.clone(), Style::new()),
        (Col::Temp, c.first_temp.to_string(), Style::new()),
        (
            Col::State,
            tr(state.lang, state_key(c.state())).to_string(),
            Style::new(),
        ),
        (Col::Recheck, re.text, re_style),
        (Col::Report, rep.text, rep_style),
        (Col::Where, whereabouts(c), Style::new()),
    ]
}

/// Which columns fit in `avail` cells, and their widths. Fixed columns are as wide
/// as their widest cell; the name takes what is left (6 to 16), the whereabouts the
/// rest. The gate goes first, then the case number, when space is short.
fn plan(state: &State, avail: usize, table: &[Vec<(Col, String, Style)>]) -> Vec<(Col, usize)> {
    let widest = |col: Col| -> usize {
        table
            .iter()
            .flat_map(|r| r.iter().filter(|(c, _, _)| *c == col))
            .map(|(_, t, _)| width(t))
            .chain(std::iter::once(width(col.header(state.lang))))
            .max()
            .unwrap_or(0)
    };
    let mut cols: Vec<(Col, usize)> = [
        Col::Marker,
        Col::Id,
        Col::At,
        Col::Gate,
        Col::Temp,
        Col::State,
        Col::Recheck,
        Col::Report,
    ]
    .iter()
    .map(|c| (*c, if *c == Col::Marker { 2 } else { widest(*c) }))
    .collect();
    let fixed = |cols: &[(Col, usize)]| -> usize {
        // one space between columns, the name's included
        cols.iter().map(|(_, w)| w + 1).sum::<usize>()
    };
    for drop in [Col::Gate, Col::Id] {
        if fixed(&cols) + NAME_MIN <= avail {
            break;
        }
        cols.retain(|(c, _)| *c != drop);
    }
    let rest = avail.saturating_sub(fixed(&cols));
    let name_w = rest.clamp(
        NAME_MIN.min(rest),
        NAME_MAX.min(widest(Col::Name).max(NAME_MIN)),
    );
    let after_time = cols
        .iter()
        .position(|(c, _)| *c == Col::At)
        .map_or(0, |i| i + 1);
    cols.insert(after_time, (Col::Name, name_w));
    let where_w = rest.saturating_sub(name_w + 1);
    if where_w >= WHERE_MIN {
        cols.push((Col::Where, where_w));
    }
    cols
}

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let f = &state.flags;
    let area = notice(state, theme, frame, area, View::Flags);
    let tally = f.tally(state.now);
    let mut title = trf(
        state.lang,
        "flag.list.title",
        &[
            ("active", tally.active.to_string()),
            ("recheck", tally.recheck_overdue.to_string()),
            ("report", tally.report_overdue.to_string()),
        ],
    );
    if f.show_history {
        title.push_str(&trf(
            state.lang,
            "flag.list.history",
            &[("n", f.history.len().to_string())],
        ));
    }
    let mut block = theme.block(Span::styled(title, theme.title()));
    if tally.recheck_overdue + tally.report_overdue > 0 {
        block = block.border_style(theme.attention_border());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width > 0 && inner.height > 0 {
        table(state, theme, frame, inner);
    }
    flag_form::render(state, theme, frame, area);
}

fn table(state: &State, theme: &Theme, frame: &mut Frame, inner: Rect) {
    let f = &state.flags;
    let rows = f.rows();
    let data: Vec<Vec<(Col, String, Style)>> =
        rows.iter().map(|r| cells(state, theme, r)).collect();
    let cols = plan(state, usize::from(inner.width), &data);
    let header = Row::new(
        cols.iter()
            .map(|(c, w)| Cell::from(cut(c.header(state.lang), *w)))
            .collect::<Vec<_>>(),
    )
    .style(theme.title());
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|(_, w)| Constraint::Length(*w as u16))
        .collect();
    if rows.is_empty() {
        frame.render_widget(Table::new(Vec::<Row>::new(), widths).header(header), inner);
        if inner.height > 1 {
            let text = if f.loaded {
                tr(state.lang, "flag.list.none")
            } else {
                tr(state.lang, "footer.loading")
            };
            frame.render_widget(
                Paragraph::new(Span::styled(
                    cut(text, usize::from(inner.width)),
                    theme.dim(),
                )),
                Rect::new(inner.x, inner.y + 1, inner.width, 1),
            );
        }
        return;
    }
    let visible = usize::from(inner.height.saturating_sub(1));
    let sel = f.sel.min(rows.len() - 1);
    let offset = scroll_offset(sel, visible);
    let body: Vec<Row> = rows
        .iter()
        .zip(&data)
        .skip(offset)
        .take(visible)
        .map(|(row, cells)| {
            let row_style = if row.case.is_active() {
                Style::new()
            } else {
                theme.dim()
            };
            Row::new(
                cols.iter()
                    .map(|(col, w)| {
                        // Every column has a cell; an empty one rather than a panic
                        // mid-frame if that ever stops being true.
                        let empty = (*col, String::new(), Style::new());
                        let (_, text, style) =
                            cells.iter().find(|(c, _, _)| c == col).unwrap_or(&empty);
                        let text = if *col == Col::Temp || *col == Col::Id {
                            pad_left(text, *w)
                        } else {
                            cut(text, *w)
                        };
                        Cell::from(Span::styled(text, *style))
                    })
                    .collect::<Vec<_>>(),
            )
            .style(row_style)
        })
        .collect();
    let mut table_state = TableState::default().with_selected(Some(sel - offset));
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selected());
    frame.render_stateful_widget(table, inner, &mut table_state);
}

/// A refusal from the service above the view it arose on; returns the area left.
pub fn notice(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, view: View) -> Rect {
    let Some(n) = state.flags.notice.as_ref().filter(|n| n.view == view) else {
        return area;
    };
    let lines: Vec<Line> = wrap(&n.text, usize::from(area.width).max(1))
        .into_iter()
        .take(usize::from(area.height / 3).max(1))
        .map(|l| Line::from(Span::styled(l, theme.error())))
        .collect();
    let h = (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, area.y, area.width, h),
    );
    Rect::new(area.x, area.y + h, area.width, area.height - h)
}
