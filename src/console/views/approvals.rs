//! The approvals screens: the list of requests (pending or all, by kind), one request
//! in full with the keys that are open for it, and the confirmation popup of a step.
//! Columns are planned by display width for the space at hand; statuses are words as
//! well as colours.

use super::entries;
use crate::app::State;
use crate::app::approvals::{Confirm, KindFilter, Row, step_words};
use crate::app::keymap::{Action, Keymap};
use crate::app::providers::Tone;
use crate::app::update::age_text;
use crate::console::text::{cut, pad, skip, width, wrap};
use crate::console::theme::Theme;
use crate::domain::approval::{Request, RequestStatus, ReturnPhase, Step, Subject};
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row as TableRow, Table, TableState};

// ---------------------------------------------------------------------------------
// A table whose columns fit the width

/// A column: its header, the width its content wants, the least it may shrink to,
/// when it is dropped for room (0: never; the highest goes first), and whether it
/// fills what is left (a free-text column).
pub(super) struct Col {
    pub header: String,
    pub want: usize,
    pub min: usize,
    pub drop: u8,
    pub fill: bool,
    /// The header's own width: room left over widens a column whose header is cut.
    pub head: usize,
}

/// Headers wider than this do not widen a column (they are cut instead).
const HEADER_CAP: usize = 8;

impl Col {
    /// A column as wide as its widest cell, at most `max`.
    pub fn new(header: String, cells: &[String], max: usize, min: usize, drop: u8) -> Col {
        let want = cells
            .iter()
            .map(|c| width(c))
            .chain(std::iter::once(width(&header).min(HEADER_CAP)))
            .max()
            .unwrap_or(1)
            .min(max);
        Col {
            head: width(&header),
            header,
            want,
            min: min.min(want),
            drop,
            fill: false,
        }
    }

    /// A free-text column that takes what the others leave, if that is at least `min`.
    pub fn filling(header: String, min: usize, drop: u8) -> Col {
        Col {
            head: width(&header),
            header,
            want: 0,
            min,
            drop,
            fill: true,
        }
    }
}

/// Widths of the columns in `avail` cells (`None`: left out). Columns are dropped,
/// highest `drop` first, until the others fit at the width they want; if even the
/// undroppable ones do not, they shrink towards their least width, widest first. A
/// filling column takes the rest when that is at least its least width.
fn fit(cols: &[Col], avail: usize) -> Vec<Option<usize>> {
    let mut kept: Vec<bool> = vec![true; cols.len()];
    let need = |kept: &[bool]| -> usize {
        let fixed: Vec<&Col> = cols
            .iter()
            .zip(kept)
            .filter(|(c, k)| **k && !c.fill)
            .map(|(c, _)| c)
            .collect();
        fixed.iter().map(|c| c.want).sum::<usize>() + fixed.len().saturating_sub(1)
    };
    while need(&kept) > avail {
        let worst = cols
            .iter()
            .enumerate()
            .filter(|(i, c)| kept[*i] && c.drop > 0)
            .max_by_key(|(i, c)| (c.drop, *i))
            .map(|(i, _)| i);
        match worst {
            Some(i) => kept[i] = false,
            None => break,
        }
    }
    // A column dropped early may fit again after a wider one went: most needed first.
    let mut dropped: Vec<usize> = (0..cols.len())
        .filter(|i| !kept[*i] && !cols[*i].fill)
        .collect();
    dropped.sort_by_key(|i| (cols[*i].drop, *i));
    for i in dropped {
        kept[i] = true;
        if need(&kept) > avail {
            kept[i] = false;
        }
    }
    let mut widths: Vec<Option<usize>> = cols
        .iter()
        .zip(&kept)
        .map(|(c, k)| (*k && !c.fill).then_some(c.want))
        .collect();
    // Still too wide: shrink the widest by one until it fits or nothing can give.
    let mut over = need(&kept).saturating_sub(avail);
    while over > 0 {
        let Some(i) = (0..cols.len())
            .filter(|i| widths[*i].is_some_and(|w| w > cols[*i].min))
            .max_by_key(|i| widths[*i].unwrap_or(0) - cols[*i].min)
        else {
            break;
        };
        if let Some(w) = widths[i].as_mut() {
            *w -= 1;
        }
        over -= 1;
    }
    let mut spare = avail.saturating_sub(need(&kept));
    // Room left: first let cut headers show in full, then the text takes the rest.
    for (i, c) in cols.iter().enumerate() {
        if let Some(w) = widths[i].as_mut().filter(|w| **w < c.head) {
            let more = (c.head - *w).min(spare);
            *w += more;
            spare -= more;
        }
    }
    for (i, c) in cols.iter().enumerate() {
        let rest = spare.saturating_sub(1);
        if c.fill && kept[i] && rest >= c.min {
            widths[i] = Some(rest);
            spare = 0;
        }
    }
    widths
}

/// Draws rows of cells under headers in `block`, the selected row reversed, scrolled
/// so the selection is visible.
#[allow(clippy::too_many_arguments)]
pub(super) fn table(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    block: Block,
    cols: &[Col],
    rows: &[(Vec<String>, Style)],
    sel: Option<usize>,
    empty_text: &str,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let widths = fit(cols, usize::from(inner.width));
    let shown: Vec<(usize, usize)> = widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (i, w)))
        .collect();
    let header = TableRow::new(
        shown
            .iter()
            .map(|(i, w)| Cell::from(cut(&cols[*i].header, *w)))
            .collect::<Vec<_>>(),
    )
    .style(theme.title());
    let constraints: Vec<Constraint> = shown
        .iter()
        .map(|(_, w)| Constraint::Length(*w as u16))
        .collect();
    if rows.is_empty() {
        frame.render_widget(
            Table::new(Vec::<TableRow>::new(), constraints).header(header),
            inner,
        );
        if inner.height > 1 {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    cut(empty_text, usize::from(inner.width)),
                    theme.dim(),
                )),
                Rect::new(inner.x, inner.y + 1, inner.width, 1),
            );
        }
        return;
    }
    let visible = usize::from(inner.height.saturating_sub(1));
    let sel_row = sel.unwrap_or(0).min(rows.len() - 1);
    let offset = super::scroll_offset(sel_row, visible);
    let body: Vec<TableRow> = rows
        .iter()
        .skip(offset)
        .take(visible)
        .map(|(cells, style)| {
            TableRow::new(
                shown
                    .iter()
                    .map(|(i, w)| Cell::from(cut(cells.get(*i).map_or("", String::as_str), *w)))
                    .collect::<Vec<_>>(),
            )
            .style(*style)
        })
        .collect();
    let mut ts = TableState::default().with_selected(sel.map(|_| sel_row - offset));
    frame.render_stateful_widget(
        Table::new(body, constraints)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(theme.selected()),
        inner,
        &mut ts,
    );
}

// ---------------------------------------------------------------------------------
// Words shared by the screens

/// Local `MM-DD HH:MM`.
pub(super) fn day_time(state: &State, t: DateTime<Utc>) -> String {
    state.zone.to_local(t).format("%m-%d %H:%M").to_string()
}

/// Local `YYYY-MM-DD HH:MM`.
fn full_time(state: &State, t: DateTime<Utc>) -> String {
    state.zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn status_tone(s: RequestStatus) -> Tone {
    match s {
        RequestStatus::Pending => Tone::Warn,
        RequestStatus::Approved => Tone::Good,
        RequestStatus::Rejected => Tone::Bad,
        RequestStatus::Cancelled | RequestStatus::Expired => Tone::Normal,
    }
}

pub(super) fn phase_tone(p: ReturnPhase) -> Tone {
    match p {
        ReturnPhase::Overdue => Tone::Bad,
        ReturnPhase::Away | ReturnPhase::Monitoring => Tone::Warn,
        ReturnPhase::Upcoming | ReturnPhase::Completed => Tone::Normal,
    }
}

/// The person on leave (`T0001 张建国`) or the visitor.
pub(super) fn who(r: &Request) -> String {
    match &r.subject {
        Subject::Leave { person_id, .. } => format!("{person_id} {}", r.who()),
        Subject::Visitor { .. } => r.who().to_string(),
    }
}

/// Where a leave goes, or whom a visitor comes to see.
pub(super) fn target(r: &Request) -> String {
    match &r.subject {
        Subject::Leave { destination, .. } => destination.clone(),
        Subject::Visitor {
            host_id, host_name, ..
        } => format!("{host_id} {host_name}").trim_end().to_string(),
    }
}

fn one_line(s: &str) -> String {
    s.replace('\n', " ")
}

// ---------------------------------------------------------------------------------
// The list

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let a = &state.approvals;
    let t = |k: &str| state.tr(k).to_string();
    let mut notes = vec![t(if a.pending_only {
        "rq.filter_pending"
    } else {
        "rq.filter_all"
    })];
    notes.push(match a.kind {
        KindFilter::All => t("rq.kind_all"),
        KindFilter::Leave => t("request_kind.leave"),
        KindFilter::Visitor => t("request_kind.visitor"),
    });
    if a.before.is_some() {
        notes.push(t("log.older"));
    }
    let title = format!(
        "{} | {} ({})",
        t("view.approvals"),
        notes.join(" | "),
        a.rows.len()
    );
    let empty = if !a.loaded {
        t("footer.loading")
    } else if a.pending_only {
        t("rq.none_pending")
    } else {
        t("rq.none")
    };
    let rows: Vec<(Vec<String>, Style)> = a
        .rows
        .iter()
        .map(|r| (cells(state, r), theme.tone(status_tone(r.request.status))))
        .collect();
    let column = |i: usize| -> Vec<String> { rows.iter().map(|(c, _)| c[i].clone()).collect() };
    let (last_head, by_head) = if a.pending_only {
        (t("rq.col_waiting"), t("col.requested_by"))
    } else {
        (t("col.requested_at"), t("col.decided_by"))
    };
    let cols = [
        Col::new(t("col.id"), &column(0), 8, 2, 0),
        Col::new(t("col.request_kind"), &column(1), 8, 4, 4),
        Col::new(t("col.status"), &column(2), 10, 4, 0),
        Col::new(t("col.who"), &column(3), 22, 6, 0),
        Col::new(t("col.target"), &column(4), 16, 6, 3),
        Col::new(t("col.window_from"), &column(5), 11, 11, 0),
        Col::new(t("col.window_to"), &column(6), 11, 11, 7),
        Col::new(last_head, &column(7), 12, 6, 5),
        Col::new(by_head, &column(8), 10, 4, 8),
        Col::filling(t("rq.col_reason"), 8, 9),
    ];
    table(
        theme,
        frame,
        area,
        theme.block(Span::styled(title, theme.title())),
        &cols,
        &rows,
        Some(a.sel),
        &empty,
    );
    if let Some(c) = &a.confirm {
        popup(state, theme, frame, area, c);
    }
}

fn cells(state: &State, row: &Row) -> Vec<String> {
    let r = &row.request;
    let pending = state.approvals.pending_only;
    vec![
        r.id.to_string(),
        state.tr(&format!("request_kind.{}", r.kind())).to_string(),
        state.tr(&format!("status.{}", r.status)).to_string(),
        r.who().to_string(),
        target(r),
        day_time(state, r.window_from),
        day_time(state, r.window_to),
        if pending {
            age_text(state.lang, state.now - r.requested_at)
        } else {
            day_time(state, r.requested_at)
        },
        if pending {
            r.requested_by.clone()
        } else {
            r.decided_by.clone().unwrap_or_default()
        },
        one_line(&r.reason),
    ]
}

// ---------------------------------------------------------------------------------
// One request

pub fn render_request(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(v) = &state.approvals.detail else {
        return;
    };
    let title = format!("{} #{}", state.tr("view.request"), v.id);
    let block = theme.block(Span::styled(title, theme.title()));
    let Some((d, steps)) = &v.data else {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let (text, style) = match &v.error {
            Some(e) => (e.clone(), theme.error()),
            None => (state.tr("footer.loading").to_string(), theme.dim()),
        };
        let lines: Vec<Line> = wrap(&text, usize::from(inner.width))
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let r = &d.request;
    let t = |k: &str| state.tr(k).to_string();
    let mut fields: Vec<(String, String, Style)> = Vec::new();
    let mut field = |k: &str, v: String, style: Style| fields.push((t(k), v, style));
    let kind = t(&format!("request_kind.{}", r.kind()));
    field("show.kind", kind, Style::new());
    field(
        "show.status",
        t(&format!("status.{}", r.status)),
        theme.tone(status_tone(r.status)),
    );
    if let Some(p) = d.leave_phase {
        field(
            "show.phase",
            t(&format!("phase.{p}")),
            theme.tone(phase_tone(p)),
        );
    }
    match &r.subject {
        Subject::Leave {
            destination,
            transport,
            urgent,
            ..
        } => {
            field("show.person", who(r), theme.title());
            field("show.destination", destination.clone(), Style::new());
            if let Some(tr) = transport {
                field("show.transport", tr.clone(), Style::new());
            }
            if *urgent {
                field("show.urgent", t("yes"), theme.tone(Tone::Warn));
            }
        }
        Subject::Visitor {
            name,
            resident_id,
            phone,
            ..
        } => {
            field("show.visitor", name.clone(), theme.title());
            field("show.resident_id", resident_id.clone(), Style::new());
            field("show.phone", phone.clone(), Style::new());
            field("show.host", target(r), Style::new());
        }
    }
    field(
        "show.window_from",
        full_time(state, r.window_from),
        Style::new(),
    );
    field(
        "show.window_to",
        full_time(state, r.window_to),
        Style::new(),
    );
    field("show.reason", r.reason.clone(), Style::new());
    field(
        "show.requested",
        format!(
            "{}  {}  ({})",
            r.requested_by,
            full_time(state, r.requested_at),
            age_text(state.lang, state.now - r.requested_at)
        ),
        Style::new(),
    );
    if let (Some(by), Some(at)) = (&r.decided_by, r.decided_at) {
        field(
            "show.decided",
            format!("{by}  {}", full_time(state, at)),
            Style::new(),
        );
    }
    if let Some(note) = &r.note {
        field("show.note", note.clone(), Style::new());
    }
    if let Some(rec) = &d.return_record {
        field(
            "show.returned_at",
            full_time(state, rec.returned_at),
            Style::new(),
        );
        field(
            "show.report_due",
            full_time(state, rec.report_due),
            Style::new(),
        );
        field(
            "show.monitoring_until",
            full_time(state, rec.monitoring_until),
            Style::new(),
        );
    }
    let inner_w = usize::from(area.width.saturating_sub(2));
    let label_w = fields.iter().map(|(l, _, _)| width(l)).max().unwrap_or(4) + 2;
    let value_w = inner_w.saturating_sub(label_w).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (label, value, style) in &fields {
        for (i, l) in wrap(value, value_w).into_iter().enumerate() {
            let head = if i == 0 {
                pad(label, label_w)
            } else {
                " ".repeat(label_w)
            };
            lines.push(Line::from(vec![
                Span::styled(head, theme.dim()),
                Span::styled(l, *style),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(keys_line(state, theme, steps, inner_w));
    let with_entries = r.kind() == crate::domain::approval::RequestKind::Visitor;
    let top_h = (lines.len() as u16 + 2).min(if with_entries {
        area.height.saturating_sub(4).max(3)
    } else {
        area.height
    });
    let [top, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
    let inner = block.inner(top);
    frame.render_widget(block, top);
    frame.render_widget(Paragraph::new(lines), inner);
    if with_entries && bottom.height >= 3 {
        entries::render(
            state,
            theme,
            frame,
            bottom,
            theme.block(Span::styled(t("rq.entries"), theme.title())),
            &d.entries,
            None,
            false,
            state.tr("rq.no_entries"),
        );
    }
    if let Some(c) = &state.approvals.confirm {
        popup(state, theme, frame, area, c);
    }
}

/// The keys open for this request and this operator: `y 批准  n 驳回  c 撤销`; or why
/// there are none.
fn keys_line(state: &State, theme: &Theme, steps: &[Step], max: usize) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for step in steps {
        let action = match step {
            Step::Approve => Action::Approve,
            Step::Reject => Action::Reject,
            Step::Cancel => Action::CancelRequest,
        };
        if let Some(b) = state.keymap.bindings().iter().find(|b| b.action == action) {
            spans.push(Span::styled(Keymap::keys_label(b), theme.key()));
            spans.push(Span::raw(format!(" {}  ", state.tr(b.desc))));
        }
    }
    if spans.is_empty() {
        return Line::from(Span::styled(cut(state.tr("rq.no_steps"), max), theme.dim()));
    }
    spans.insert(
        0,
        Span::styled(state.tr("rq.keys").to_string(), theme.dim()),
    );
    Line::from(spans)
}

// ---------------------------------------------------------------------------------
// The confirmation popup

fn popup(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, c: &Confirm) {
    let words = step_words(c.step);
    let w = area.width.saturating_sub(4).min(64);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let r = &c.request;
    let mut lines: Vec<Line> = Vec::new();
    let summary = format!(
        "{} #{}  {} -> {}",
        state.tr(&format!("request_kind.{}", r.kind())),
        r.id,
        who(r),
        target(r)
    );
    for l in wrap(&summary, inner_w) {
        lines.push(Line::from(Span::styled(l, theme.title())));
    }
    let window = crate::i18n::trf(
        state.lang,
        "rq.window",
        &[
            ("from", full_time(state, r.window_from)),
            ("to", full_time(state, r.window_to)),
        ],
    );
    lines.push(Line::from(cut(&window, inner_w)));
    for l in wrap(&one_line(&r.reason), inner_w).into_iter().take(2) {
        lines.push(Line::from(Span::styled(l, theme.dim())));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        cut(state.tr(words.note), inner_w),
        theme.key(),
    )));
    // The note's input box, with the real cursor in it.
    let box_w = inner_w.saturating_sub(2).max(1);
    let scroll = c.note.scroll(box_w);
    let shown = pad(&cut(&skip(c.note.value(), scroll), box_w), box_w);
    let input_row = lines.len() as u16;
    lines.push(Line::from(vec![
        Span::raw("["),
        Span::styled(shown, theme.input(true)),
        Span::raw("]"),
    ]));
    if let Some(e) = &c.error {
        for l in wrap(e, inner_w) {
            lines.push(Line::from(Span::styled(l, theme.error())));
        }
    }
    let hint = if c.pending {
        state.tr("footer.loading").to_string()
    } else {
        state.tr("rq.confirm_keys").to_string()
    };
    lines.push(Line::from(Span::styled(cut(&hint, inner_w), theme.dim())));
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w,
        h,
    );
    // One column more on each side: a wide character straddling the frame's edge
    // would otherwise spill its second half over the border.
    let x0 = rect.x.saturating_sub(1).max(area.x);
    let x1 = (rect.right() + 1).min(area.right());
    frame.render_widget(Clear, Rect::new(x0, rect.y, x1 - x0, rect.height));
    let mut block = theme.block(Span::styled(state.tr(words.title), theme.title()));
    if c.step != Step::Approve {
        block = block.border_style(theme.attention_border());
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
    if !c.pending && input_row < inner.height && state.prompt.is_none() {
        let x = inner.x as usize + 1 + c.note.cursor_column() - scroll;
        frame.set_cursor_position((
            (x as u16).min(inner.right().saturating_sub(1)),
            inner.y + input_row,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(want: usize, min: usize, drop: u8) -> Col {
        Col {
            header: String::new(),
            want,
            min,
            drop,
            fill: false,
            head: 0,
        }
    }

    #[test]
    fn columns_drop_in_order_then_shrink_and_the_text_takes_the_rest() {
        let cols = [
            col(4, 4, 0),
            col(10, 6, 0),
            col(11, 11, 2),
            Col::filling(String::new(), 8, 3),
        ];
        // 4+10+11 + 2 spaces = 27; the text gets the rest after one more space.
        assert_eq!(fit(&cols, 40), vec![Some(4), Some(10), Some(11), Some(12)]);
        assert_eq!(fit(&cols, 30), vec![Some(4), Some(10), Some(11), None]);
        assert_eq!(fit(&cols, 20), vec![Some(4), Some(10), None, None]);
        assert_eq!(fit(&cols, 12), vec![Some(4), Some(7), None, None]);
        assert_eq!(fit(&cols, 5), vec![Some(4), Some(6), None, None]);
        // The narrow column went first, then the wide one; now the narrow one fits.
        let cols = [col(4, 4, 0), col(12, 12, 1), col(5, 5, 2)];
        assert_eq!(fit(&cols, 12), vec![Some(4), None, Some(5)]);
    }
}
