//! The handover screens: the working handover (and a past record, read-only), the
//! history, and what opens over them: the selected row in full, the signing
//! confirmation and the note editor. Markers are text (`[x]` done, `[-]` waived,
//! `[ ]` open; `>` the selected row), colour only repeats them.

use super::scroll_offset;
use crate::app::State;
use crate::app::handover::{
    Modal, Row, Shown, capacity_key, item_label, next_step, row_of, sign_missing, stamp_text,
};
use crate::app::providers::Tone;
use crate::app::view::View;
use crate::console::text::{cut, pad, width, wrap};
use crate::console::theme::Theme;
use crate::domain::Permission;
use crate::domain::handover::{Capacity, CarryItem, ChecklistItem, Handover, ItemState};
use crate::i18n::{tr, trf};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let h = &state.handover;
    match state.view {
        View::Handover => record(state, theme, frame, area, h.work.as_ref(), h.sel, None),
        View::HandoverRecord => record(
            state,
            theme,
            frame,
            area,
            h.record.as_ref(),
            h.record_sel,
            h.record_error.as_deref(),
        ),
        View::HandoverHistory => history(state, theme, frame, area),
        _ => {}
    }
    if !matches!(state.view, View::Handover | View::HandoverRecord) {
        return;
    }
    match h.modal {
        Some(Modal::Row) => row_popup(state, theme, frame, area),
        Some(Modal::Sign) => sign_popup(state, theme, frame, area),
        Some(Modal::Note) => note_popup(state, theme, frame, area),
        None => {}
    }
}

fn hhmm(state: &State, t: chrono::DateTime<chrono::Utc>) -> String {
    state.zone.to_local(t).format("%H:%M").to_string()
}

fn item_marker(i: &ChecklistItem) -> &'static str {
    match i.state {
        ItemState::Done => "[x]",
        ItemState::Waived => "[-]",
        ItemState::Open => "[ ]",
    }
}

fn item_tone(i: &ChecklistItem) -> Tone {
    match i.state {
        ItemState::Done => Tone::Good,
        ItemState::Waived => Tone::Warn,
        ItemState::Open => Tone::Normal,
    }
}

/// The header lines above a record: the shift, the record, progress, signatures and
/// what comes next.
fn header_lines(state: &State, theme: &Theme, s: &Shown, max: usize) -> Vec<Line<'static>> {
    let h = &s.record;
    let lang = state.lang;
    let shift = format!(
        "{} {} {}-{} -> {}",
        h.shift.date,
        h.shift.name,
        hhmm(state, h.shift.start),
        hhmm(state, h.shift.end),
        h.next_name
    );
    let rec = match h.id {
        Some(id) => trf(
            lang,
            "hv.record_line",
            &[
                ("id", id.to_string()),
                ("version", h.version.to_string()),
                (
                    "state",
                    tr(
                        lang,
                        if h.is_locked() {
                            "report.locked"
                        } else {
                            "report.unfinished"
                        },
                    )
                    .to_string(),
                ),
            ],
        ),
        None => tr(lang, "hv.not_opened").to_string(),
    };
    let p = h.progress();
    let progress = format!(
        "{}    {}",
        trf(
            lang,
            "handover.status.checklist",
            &[
                ("settled", p.settled.to_string()),
                ("total", p.total.to_string()),
                ("open", p.mandatory_open.to_string()),
            ],
        ),
        if h.carry_frozen {
            trf(
                lang,
                "handover.status.carry_accepted",
                &[("total", p.carry_total.to_string())],
            )
        } else {
            trf(
                lang,
                "handover.status.carry",
                &[
                    ("total", p.carry_total.to_string()),
                    ("unacked", p.carry_unacked.to_string()),
                ],
            )
        }
    );
    let mut sig: Vec<Span<'static>> = vec![Span::styled(
        format!("{}  ", tr(lang, "handover.status.signatures")),
        theme.title(),
    )];
    let roomy = max >= 100;
    for c in Capacity::ALL {
        sig.push(Span::raw(format!("{} ", tr(lang, &capacity_key(*c)))));
        match h.signatures.get(*c) {
            Some(st) if roomy => sig.push(Span::styled(
                stamp_text(state, s, st),
                theme.tone(Tone::Good),
            )),
            Some(st) => sig.push(Span::styled(
                format!("{} {}", s.name(&st.by), hhmm(state, st.at)),
                theme.tone(Tone::Good),
            )),
            None => sig.push(Span::styled(
                tr(
                    lang,
                    if roomy {
                        "report.not_signed"
                    } else {
                        "hv.unsigned_mark"
                    },
                )
                .to_string(),
                theme.dim(),
            )),
        }
        sig.push(Span::raw(if roomy { "    " } else { "  " }));
    }
    let writes = state.operator.role.allows(Permission::WorkHandover)
        || state.operator.role.allows(Permission::SignHandover);
    let mut next = trf(lang, "hv.next", &[("step", next_step(lang, h))]);
    if !writes {
        next = format!("{next}  {}", tr(lang, "hv.read_only"));
    }
    let next_tone = if h.is_locked() {
        Tone::Good
    } else {
        Tone::Warn
    };
    let mut out = vec![
        Line::from(vec![
            Span::styled(cut(&shift, max), theme.title()),
            Span::raw("    "),
            Span::styled(rec, theme.dim()),
        ]),
        Line::from(cut(&progress, max)),
        Line::from(sig),
    ];
    let mut next_lines = wrap(&next, max.max(1));
    if next_lines.len() > 2 {
        next_lines.truncate(2);
        next_lines[1] = cut(&format!("{}~", next_lines[1]), max);
    }
    for l in next_lines {
        out.push(Line::from(Span::styled(l, theme.tone(next_tone))));
    }
    out
}

/// The scrolled part of a record: checklist, carry-over, notes. Returns the lines and
/// the index of the selected one.
fn body_lines(
    state: &State,
    theme: &Theme,
    s: &Shown,
    sel: usize,
    max: usize,
) -> (Vec<Line<'static>>, usize) {
    let h = &s.record;
    let lang = state.lang;
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut sel_line = 0;
    let selected = row_of(h, sel);
    let style_of = |is_sel: bool, tone: Tone| {
        if is_sel {
            theme.selected()
        } else {
            theme.tone(tone)
        }
    };

    // Checklist.
    out.push(Line::from(Span::styled(
        tr(lang, "hv.section.checklist").to_string(),
        theme.title(),
    )));
    let mark_w = width(tr(lang, "hcol.mandatory_mark")) + 1;
    let state_w = ["item_state.open", "item_state.done", "item_state.waived"]
        .iter()
        .map(|k| width(tr(lang, k)))
        .max()
        .unwrap_or(4)
        + 1;
    let by_w = 15;
    let fixed = 6 + mark_w + state_w + by_w;
    let rest = max.saturating_sub(fixed);
    let longest = h
        .items
        .iter()
        .map(|i| width(item_label(lang, i)))
        .max()
        .unwrap_or(0);
    let label_w = (rest * 55 / 100).min(longest + 1).max(rest.min(8));
    let note_w = rest.saturating_sub(label_w);
    for (n, i) in h.items.iter().enumerate() {
        let is_sel = selected == Some(Row::Item(n));
        if is_sel {
            sel_line = out.len();
        }
        let by = i
            .settled
            .as_ref()
            .map(|st| format!("{} {}", cut(s.name(&st.by), 8), hhmm(state, st.at)))
            .unwrap_or_default();
        let text = format!(
            "{} {} {}{}{}{}{}{}",
            if is_sel { ">" } else { " " },
            item_marker(i),
            pad(item_label(lang, i), label_w.saturating_sub(1)),
            " ",
            pad(
                if i.mandatory {
                    tr(lang, "hcol.mandatory_mark")
                } else {
                    ""
                },
                mark_w
            ),
            pad(tr(lang, &format!("item_state.{}", i.state)), state_w),
            pad(&by, by_w),
            cut(&i.note.as_deref().unwrap_or("").replace('\n', " "), note_w),
        );
        out.push(Line::from(Span::styled(
            pad(&text, max),
            style_of(is_sel, item_tone(i)),
        )));
    }

    // Carry-over.
    out.push(Line::default());
    out.push(Line::from(vec![
        Span::styled(tr(lang, "hv.section.carry").to_string(), theme.title()),
        Span::styled(
            cut(
                &format!("  {}", tr(lang, "hv.section.carry_hint")),
                max.saturating_sub(width(tr(lang, "hv.section.carry"))),
            ),
            theme.dim(),
        ),
    ]));
    if h.carry.is_empty() {
        out.push(Line::from(Span::styled(
            format!("  {}", tr(lang, "report.none")),
            theme.dim(),
        )));
    }
    let kind_w = ["carry.flag", "carry.approval", "carry.return", "carry.note"]
        .iter()
        .map(|k| width(tr(lang, k)))
        .max()
        .unwrap_or(8)
        + 1;
    let id_w = h
        .carry
        .iter()
        .map(|c| width(&c.carry_id()))
        .max()
        .unwrap_or(8)
        + 1;
    let summary_w = max.saturating_sub(6 + id_w + kind_w + by_w);
    for (n, c) in h.carry.iter().enumerate() {
        let is_sel = selected == Some(Row::Carry(n));
        if is_sel {
            sel_line = out.len();
        }
        out.push(Line::from(Span::styled(
            pad(
                &carry_text(state, s, c, is_sel, id_w, kind_w, summary_w),
                max,
            ),
            style_of(
                is_sel,
                if c.acked.is_some() {
                    Tone::Good
                } else {
                    Tone::Normal
                },
            ),
        )));
    }

    // Notes.
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        tr(lang, "hv.section.notes").to_string(),
        theme.title(),
    )));
    if h.notes.is_empty() {
        out.push(Line::from(Span::styled(
            format!("  {}", tr(lang, "report.none")),
            theme.dim(),
        )));
    }
    for n in &h.notes {
        let mut head = format!("  {} {} ", hhmm(state, n.written.at), s.name(&n.written.by));
        if n.carry {
            let mark = if n.closed.is_some() {
                "hv.note.closed"
            } else {
                "hv.note.carried"
            };
            head.push_str(&format!("[{}] ", tr(lang, mark)));
        }
        let indent = width(&head).min(max / 2);
        let text_w = max.saturating_sub(indent).max(1);
        for (k, line) in n.text.split('\n').flat_map(|l| wrap(l, text_w)).enumerate() {
            let lead = if k == 0 {
                pad(&head, indent)
            } else {
                " ".repeat(indent)
            };
            out.push(Line::from(vec![
                Span::styled(lead, theme.dim()),
                Span::raw(line),
            ]));
        }
    }
    (out, sel_line)
}

fn carry_text(
    state: &State,
    s: &Shown,
    c: &CarryItem,
    is_sel: bool,
    id_w: usize,
    kind_w: usize,
    summary_w: usize,
) -> String {
    let by = c
        .acked
        .as_ref()
        .map(|st| format!("{} {}", cut(s.name(&st.by), 8), hhmm(state, st.at)))
        .unwrap_or_default();
    format!(
        "{} {} {}{}{}{}",
        if is_sel { ">" } else { " " },
        if c.acked.is_some() { "[x]" } else { "[ ]" },
        pad(&c.carry_id(), id_w),
        pad(tr(state.lang, &format!("carry.{}", c.kind)), kind_w),
        pad(&c.summary, summary_w),
        by
    )
}

fn record(
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    shown: Option<&Shown>,
    sel: usize,
    error: Option<&str>,
) {
    let lang = state.lang;
    let title = match (state.view, shown.and_then(|s| s.record.id)) {
        (View::HandoverRecord, Some(id)) => trf(lang, "hv.record_title", &[("id", id.to_string())]),
        _ => tr(lang, state.view.title_key()).to_string(),
    };
    let block = theme.block(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    let Some(s) = shown else {
        let (text, style) = match error {
            Some(e) => (e.to_string(), theme.error()),
            None => (tr(lang, "footer.loading").to_string(), theme.dim()),
        };
        frame.render_widget(Paragraph::new(Span::styled(cut(&text, max), style)), inner);
        return;
    };
    let head = header_lines(state, theme, s, max);
    let head_h = (head.len() as u16 + 1).min(inner.height);
    frame.render_widget(
        Paragraph::new(head),
        Rect::new(inner.x, inner.y, inner.width, head_h),
    );
    let body = Rect::new(
        inner.x,
        inner.y + head_h,
        inner.width,
        inner.height.saturating_sub(head_h),
    );
    let (lines, sel_line) = body_lines(state, theme, s, sel, max);
    let rows = usize::from(body.height);
    let selectable = s.record.items.len() + s.record.carry.len();
    // On the last row the notes below it come into view as well.
    let offset = if sel + 1 >= selectable {
        lines.len().saturating_sub(rows).min(sel_line)
    } else {
        scroll_offset(sel_line, rows)
    };
    let shown_lines: Vec<Line> = lines.into_iter().skip(offset).take(rows).collect();
    frame.render_widget(Paragraph::new(shown_lines), body);
}

fn history(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let lang = state.lang;
    let h = &state.handover;
    let block = theme.block(Span::styled(
        tr(lang, "view.handover_history").to_string(),
        theme.title(),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    if h.history.is_empty() {
        let text = if h.history_loaded {
            tr(lang, "hv.history_empty")
        } else {
            tr(lang, "footer.loading")
        };
        frame.render_widget(
            Paragraph::new(Span::styled(cut(text, max), theme.dim())),
            inner,
        );
        return;
    }
    let wide = max >= 100;
    let shift_w = h
        .history
        .iter()
        .map(|r| width(&r.summary.row.shift.name))
        .max()
        .unwrap_or(4)
        .max(width(tr(lang, "hcol.shift")))
        + 2;
    let name_w = if wide { 10 } else { 8 };
    let cols: Vec<(String, usize)> = [
        ("#".to_string(), if wide { 6 } else { 5 }),
        (
            tr(lang, "hcol.date").to_string(),
            if wide { 12 } else { 11 },
        ),
        (tr(lang, "hcol.shift").to_string(), shift_w),
    ]
    .into_iter()
    .chain(wide.then(|| (tr(lang, "hcol.hours").to_string(), 13)))
    .chain([
        (
            tr(lang, "hcol.checklist").to_string(),
            width(tr(lang, "hcol.checklist")).max(5) + 2,
        ),
        (
            tr(lang, "hcol.carry_count").to_string(),
            width(tr(lang, "hcol.carry_count")).max(3) + 2,
        ),
    ])
    .chain(Capacity::ALL.iter().map(|c| {
        (
            tr(lang, &format!("hv.col.{}", c.as_str())).to_string(),
            name_w,
        )
    }))
    .collect();
    let header: String = cols.iter().map(|(t, w)| pad(t, *w)).collect();
    let mut lines = vec![Line::from(Span::styled(
        cut(&format!("  {header}{}", tr(lang, "hcol.state")), max),
        theme.title(),
    ))];
    let rows = usize::from(inner.height.saturating_sub(1));
    let offset = scroll_offset(h.history_sel, rows);
    for (n, r) in h.history.iter().enumerate().skip(offset).take(rows) {
        let row = &r.summary.row;
        let is_sel = n == h.history_sel;
        let mut cells = vec![
            format!("#{}", row.id),
            row.shift.date.to_string(),
            row.shift.name.clone(),
        ];
        if wide {
            cells.push(format!(
                "{}-{}",
                hhmm(state, row.shift.start),
                hhmm(state, row.shift.end)
            ));
        }
        cells.push(format!("{}/{}", r.summary.settled, r.summary.total));
        cells.push(r.summary.carry.to_string());
        for name in &r.signers {
            cells.push(
                name.clone()
                    .unwrap_or_else(|| tr(lang, "hv.unsigned_mark").to_string()),
            );
        }
        let mut text = format!("{} ", if is_sel { ">" } else { " " });
        for (cell, (_, w)) in cells.iter().zip(&cols) {
            text.push_str(&pad(cell, *w));
        }
        text.push_str(tr(
            lang,
            if row.is_locked() {
                "report.locked"
            } else {
                "report.unfinished"
            },
        ));
        let style = if is_sel {
            theme.selected()
        } else if row.is_locked() {
            Style::new()
        } else {
            theme.tone(Tone::Warn)
        };
        lines.push(Line::from(Span::styled(pad(&text, max), style)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Makes room for a popup over `rect`: a wide character drawn underneath across its
/// left or right edge would otherwise swallow the popup's border.
fn clear_edges(frame: &mut Frame, rect: Rect) {
    let buf = frame.buffer_mut();
    let area = buf.area;
    for y in rect.top()..rect.bottom() {
        if rect.x > area.x {
            let cell = &mut buf[(rect.x - 1, y)];
            if width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
        if rect.right() < area.right() {
            let cell = &mut buf[(rect.right(), y)];
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
        }
    }
}

/// A box in the middle of `area`, at most `w` x `h`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(1);
    let h = h.min(area.height.saturating_sub(2)).max(1);
    Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

fn popup_width(area: Rect) -> u16 {
    area.width.saturating_sub(8).clamp(20, 76)
}

fn wrapped(text: &str, w: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, w)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, style)))
        .collect()
}

/// Draws a framed popup with these lines, as tall as they need (within `area`).
fn popup(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    title: String,
    lines: Vec<Line<'static>>,
    w: u16,
) -> Rect {
    let rect = centered(area, w, lines.len() as u16 + 2);
    clear_edges(frame, rect);
    frame.render_widget(Clear, rect);
    let block = theme
        .block(Span::styled(title, theme.title()))
        .border_style(theme.attention_border());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
    inner
}

fn row_popup(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some((s, sel)) = crate::app::handover::on_screen(state) else {
        return;
    };
    let lang = state.lang;
    let w = popup_width(area);
    let tw = usize::from(w.saturating_sub(2)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let field = |key: &str, value: String| -> Vec<Line<'static>> {
        wrapped(&format!("{}: {value}", tr(lang, key)), tw, Style::new())
    };
    let title;
    match row_of(&s.record, sel) {
        Some(Row::Item(i)) => {
            let i = &s.record.items[i];
            title = tr(lang, "hv.section.checklist").to_string();
            lines.extend(wrapped(item_label(lang, i), tw, theme.title()));
            lines.extend(field("hcol.key", i.key.clone()));
            lines.extend(field(
                "hcol.state",
                format!(
                    "{} {}{}",
                    item_marker(i),
                    tr(lang, &format!("item_state.{}", i.state)),
                    if i.mandatory {
                        format!(" ({})", tr(lang, "hcol.mandatory"))
                    } else {
                        String::new()
                    }
                ),
            ));
            if let Some(st) = &i.settled {
                lines.extend(field("hcol.by", stamp_text(state, s, st)));
            }
            if let Some(n) = &i.note {
                for (k, l) in n.split('\n').enumerate() {
                    if k == 0 {
                        lines.extend(field("hcol.note", l.to_string()));
                    } else {
                        lines.extend(wrapped(l, tw, Style::new()));
                    }
                }
            }
        }
        Some(Row::Carry(c)) => {
            let c = &s.record.carry[c];
            title = tr(lang, "hv.section.carry").to_string();
            lines.extend(wrapped(&c.summary, tw, theme.title()));
            lines.extend(field(
                "hcol.kind",
                tr(lang, &format!("carry.{}", c.kind)).to_string(),
            ));
            lines.extend(field("hv.carry_id", c.carry_id()));
            lines.extend(field(
                "hcol.acked_by",
                c.acked
                    .as_ref()
                    .map(|st| stamp_text(state, s, st))
                    .unwrap_or_else(|| tr(lang, "report.not_acked").to_string()),
            ));
        }
        None => return,
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        tr(lang, "hv.row_close").to_string(),
        theme.dim(),
    )));
    popup(theme, frame, area, title, lines, w);
}

fn sign_popup(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (Some(s), Some(p)) = (state.handover.work.as_ref(), state.handover.sign.as_ref()) else {
        return;
    };
    let lang = state.lang;
    let h: &Handover = &s.record;
    let w = popup_width(area);
    let tw = usize::from(w.saturating_sub(2)).max(1);
    let cap = tr(lang, &capacity_key(p.capacity)).to_string();
    let mut lines: Vec<Line<'static>> = Vec::new();
    lines.extend(wrapped(
        &trf(
            lang,
            "hv.sign.who",
            &[
                ("name", state.operator.name.clone()),
                ("capacity", cap.clone()),
            ],
        ),
        tw,
        theme.title(),
    ));
    lines.extend(wrapped(
        tr(lang, &format!("hv.sign.means.{}", p.capacity.as_str())),
        tw,
        Style::new(),
    ));
    lines.push(Line::default());
    let missing = sign_missing(lang, h, p.capacity);
    if missing.is_empty() {
        lines.extend(wrapped(
            tr(lang, "hv.sign.ready"),
            tw,
            theme.tone(Tone::Good),
        ));
    } else {
        lines.extend(wrapped(tr(lang, "hv.sign.missing"), tw, theme.flagged()));
        for m in &missing {
            lines.extend(wrapped(&format!("- {m}"), tw, theme.flagged()));
        }
    }
    if let Some(e) = &p.error {
        lines.push(Line::default());
        lines.extend(wrapped(
            &trf(lang, "hv.sign.refused", &[("reason", e.clone())]),
            tw,
            theme.error(),
        ));
    }
    if p.pending {
        lines.extend(wrapped(tr(lang, "hv.saving"), tw, theme.dim()));
    }
    lines.push(Line::default());
    let mut choice: Vec<Span<'static>> = vec![Span::raw(tr(lang, "hv.sign.capacity").to_string())];
    for c in Capacity::ALL {
        let name = tr(lang, &capacity_key(*c)).to_string();
        if *c == p.capacity {
            choice.push(Span::styled(format!("[{name}]"), theme.selected()));
        } else {
            choice.push(Span::raw(format!(" {name} ")));
        }
        choice.push(Span::raw(" "));
    }
    lines.push(Line::from(choice));
    popup(
        theme,
        frame,
        area,
        trf(lang, "hv.sign.title", &[("capacity", cap)]),
        lines,
        w,
    );
}

fn note_popup(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(d) = state.handover.note.as_ref() else {
        return;
    };
    let lang = state.lang;
    let w = popup_width(area);
    let tw = usize::from(w.saturating_sub(2)).max(1);
    let edit_h: u16 = if area.height >= 24 { 8 } else { 4 };
    let mut top: Vec<Line<'static>> = wrapped(tr(lang, "hv.note.help"), tw, theme.dim());
    top.push(Line::from(Span::styled(
        cut(
            &format!(
                "{} {}",
                if d.carry { "[x]" } else { "[ ]" },
                tr(lang, "hv.note.carry")
            ),
            tw,
        ),
        if d.carry {
            theme.flagged()
        } else {
            Style::new()
        },
    )));
    let mut bottom: Vec<Line<'static>> = Vec::new();
    if let Some(e) = &d.error {
        bottom.extend(wrapped(e, tw, theme.error()));
    }
    if d.pending {
        bottom.extend(wrapped(tr(lang, "hv.saving"), tw, theme.dim()));
    }
    let total = top.len() as u16 + edit_h + 2 + bottom.len() as u16;
    let rect = centered(area, w, total + 2);
    clear_edges(frame, rect);
    frame.render_widget(Clear, rect);
    let block = theme
        .block(Span::styled(
            tr(lang, "hv.note.title").to_string(),
            theme.title(),
        ))
        .border_style(theme.attention_border());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let top_h = (top.len() as u16).min(inner.height);
    frame.render_widget(
        Paragraph::new(top),
        Rect::new(inner.x, inner.y, inner.width, top_h),
    );
    let edit_outer = Rect::new(
        inner.x,
        inner.y + top_h,
        inner.width,
        (edit_h + 2).min(inner.height.saturating_sub(top_h)),
    );
    let edit_block = theme.block(Span::raw(""));
    let edit_area = edit_block.inner(edit_outer);
    frame.render_widget(edit_block, edit_outer);
    if edit_area.width > 0 && edit_area.height > 0 {
        frame.render_widget(&d.editor.0, edit_area);
        if !d.pending {
            let c = d.editor.0.screen_cursor();
            let (top_row, left) = d.editor.0.scroll_offset();
            let x = edit_area.x as usize + c.col.saturating_sub(usize::from(left));
            let y = edit_area.y as usize + c.row.saturating_sub(usize::from(top_row));
            frame.set_cursor_position((
                (x as u16).min(edit_area.right().saturating_sub(1)),
                (y as u16).min(edit_area.bottom().saturating_sub(1)),
            ));
        }
    }
    let below_y = edit_outer.bottom();
    if below_y < inner.bottom() {
        frame.render_widget(
            Paragraph::new(bottom),
            Rect::new(inner.x, below_y, inner.width, inner.bottom() - below_y),
        );
    }
}
