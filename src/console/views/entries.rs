//! The gate-log table shared by the dashboard, the full log, the flags list and a
//! person's card. Columns are sized by display width for the language and the space
//! at hand; every cell is cut by width; denied and flagged rows carry a text marker
//! as well as a colour, and new rows are highlighted for a moment.

use super::{clock_time, scroll_offset};
use crate::app::State;
use crate::app::update::age_text;
use crate::console::text::{cut, pad_left, width};
use crate::console::theme::{RowKind, Theme};
use crate::domain::entry::GateEntry;
use crate::domain::{Decision, Reason};
use crate::i18n::Lang;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

/// The text marker of an entry: `!` refused, `*` fever flagged.
pub fn marker(e: &GateEntry) -> &'static str {
    match (e.decision == Decision::Denied, e.flagged) {
        (true, true) => "!*",
        (true, false) => "! ",
        (false, true) => " *",
        (false, false) => "  ",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Marker,
    Time,
    Age,
    Gate,
    Dir,
    Name,
    Kind,
    Temp,
    Code,
    Decision,
    Reasons,
}

impl Col {
    fn header(self, state: &State) -> String {
        match self {
            Col::Marker => String::new(),
            Col::Time => state.tr("col.time").into(),
            Col::Age => state.tr("col.age").into(),
            Col::Gate => state.tr("col.gate").into(),
            Col::Dir => state.tr("col.dir").into(),
            Col::Name => state.tr("col.name").into(),
            Col::Kind => state.tr("col.kind").into(),
            Col::Temp => state.tr("col.temp_plain").into(),
            Col::Code => state.tr("col.code").into(),
            Col::Decision => state.tr("col.decision").into(),
            Col::Reasons => state.tr("col.reasons").into(),
        }
    }

    /// Fixed width for the language (the name and the reasons share the rest).
    fn width(self, lang: Lang, gate_w: usize) -> usize {
        let zh = lang == Lang::Zh;
        match self {
            Col::Marker => 2,
            Col::Time => 8,
            Col::Age => 10,
            Col::Gate => gate_w,
            Col::Dir => {
                if zh {
                    4
                } else {
                    3
                }
            }
            Col::Name => 0,
            Col::Kind => {
                if zh {
                    6
                } else {
                    7
                }
            }
            Col::Temp => 4,
            Col::Code => 6,
            Col::Decision => {
                if zh {
                    4
                } else {
                    8
                }
            }
            Col::Reasons => 0,
        }
    }
}

const NAME_MIN: usize = 6;
const NAME_MAX: usize = 16;
const REASONS_MIN: usize = 8;

/// Which columns fit in `avail` cells, and their widths.
fn plan(state: &State, avail: usize, with_age: bool, rows: &[GateEntry]) -> Vec<(Col, usize)> {
    let gate_w = rows
        .iter()
        .map(|e| width(&e.gate))
        .chain(std::iter::once(width(state.tr("col.gate"))))
        .max()
        .unwrap_or(4)
        .clamp(4, 8);
    let mut cols = vec![Col::Marker, Col::Time];
    if with_age {
        cols.push(Col::Age);
    }
    cols.extend([
        Col::Gate,
        Col::Dir,
        Col::Name,
        Col::Kind,
        Col::Temp,
        Col::Code,
        Col::Decision,
    ]);
    let fixed = |cols: &[Col]| -> usize {
        cols.iter()
            .map(|c| c.width(state.lang, gate_w))
            .sum::<usize>()
            + cols.len().saturating_sub(1)
    };
    // Least needed first: drop these until the name has room.
    for drop in [Col::Kind, Col::Dir, Col::Code, Col::Age] {
        if fixed(&cols) + NAME_MIN <= avail {
            break;
        }
        cols.retain(|c| *c != drop);
    }
    let rest = avail.saturating_sub(fixed(&cols));
    let name = rest.clamp(NAME_MIN.min(rest), NAME_MAX);
    let reasons = rest.saturating_sub(name + 1);
    let mut out: Vec<(Col, usize)> = cols
        .iter()
        .map(|c| {
            (
                *c,
                if *c == Col::Name {
                    name
                } else {
                    c.width(state.lang, gate_w)
                },
            )
        })
        .collect();
    if reasons >= REASONS_MIN {
        out.push((Col::Reasons, reasons));
    }
    out
}

fn cell_text(state: &State, col: Col, e: &GateEntry, w: usize) -> String {
    let t = |k: String| state.tr(&k).to_string();
    let s = match col {
        Col::Marker => marker(e).to_string(),
        Col::Time => clock_time(state, e.at),
        Col::Age => age_text(state.lang, state.now - e.at),
        Col::Gate => e.gate.clone(),
        Col::Dir => t(format!("direction.{}", e.direction)),
        Col::Name => e.name.clone(),
        Col::Kind => t(format!("kind.{}", e.kind)),
        Col::Temp => return pad_left(&e.temp.to_string(), w),
        Col::Code => e
            .code
            .map(|c| t(format!("code.{c}")))
            .unwrap_or_else(|| "-".into()),
        Col::Decision => t(format!("decision.{}", e.decision)),
        Col::Reasons => reasons_text(state, &e.reasons),
    };
    cut(&s, w)
}

pub fn reasons_text(state: &State, reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| state.tr(&format!("reason.{r}")).to_string())
        .collect::<Vec<_>>()
        .join(state.tr("list.sep"))
}

/// Draws entries in `block`; `sel` is the selected row (None: no selection).
#[allow(clippy::too_many_arguments)]
pub fn render(
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    block: Block,
    rows: &[GateEntry],
    sel: Option<usize>,
    with_age: bool,
    empty_text: &str,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let cols = plan(state, usize::from(inner.width), with_age, rows);
    let header = Row::new(
        cols.iter()
            .map(|(c, w)| Cell::from(cut(&c.header(state), *w)))
            .collect::<Vec<_>>(),
    )
    .style(theme.title());
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|(_, w)| Constraint::Length(*w as u16))
        .collect();
    if rows.is_empty() {
        let table = Table::new(Vec::<Row>::new(), widths.clone()).header(header);
        frame.render_widget(table, inner);
        if inner.height > 1 {
            let msg = Rect::new(inner.x, inner.y + 1, inner.width, 1);
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    cut(empty_text, usize::from(inner.width)),
                    theme.dim(),
                ))),
                msg,
            );
        }
        return;
    }
    let visible = usize::from(inner.height.saturating_sub(1));
    let sel_row = sel.unwrap_or(0).min(rows.len() - 1);
    let offset = scroll_offset(sel_row, visible);
    let body: Vec<Row> = rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|e| {
            let kind = if e.decision == Decision::Denied {
                RowKind::Denied
            } else if e.flagged {
                RowKind::Flagged
            } else {
                RowKind::Plain
            };
            let style = if state.is_fresh(e.id) {
                theme.fresh(kind)
            } else {
                match kind {
                    RowKind::Denied => theme.denied(),
                    RowKind::Flagged => theme.flagged(),
                    RowKind::Plain => Default::default(),
                }
            };
            Row::new(
                cols.iter()
                    .map(|(c, w)| {
                        let text = cell_text(state, *c, e, *w);
                        if *c == Col::Code && !state.is_fresh(e.id) {
                            Cell::from(Span::styled(text, theme.code(e.code)))
                        } else {
                            Cell::from(text)
                        }
                    })
                    .collect::<Vec<_>>(),
            )
            .style(style)
        })
        .collect();
    let mut table_state =
        TableState::default().with_selected(sel.map(|s| s.min(rows.len() - 1) - offset));
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selected());
    frame.render_stateful_widget(table, inner, &mut table_state);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_ascii_and_two_cells() {
        for (denied, flagged) in [(true, true), (true, false), (false, true), (false, false)] {
            let e = GateEntry {
                id: 1,
                at: chrono::DateTime::default(),
                gate: String::new(),
                direction: crate::domain::Direction::In,
                person_id: None,
                visitor_id: None,
                name: String::new(),
                kind: crate::domain::PersonKind::Student,
                temp: crate::domain::Tenths(365),
                code: None,
                venue_scan: true,
                decision: if denied {
                    Decision::Denied
                } else {
                    Decision::Admitted
                },
                reasons: vec![],
                flagged,
                threshold: crate::domain::Tenths(373),
                operator: String::new(),
                host_id: None,
                visit_reason: None,
                approval_id: None,
                warnings: vec![],
                open_case: None,
                void: None,
            };
            assert_eq!(marker(&e).len(), 2);
            assert!(marker(&e).is_ascii());
        }
    }
}
