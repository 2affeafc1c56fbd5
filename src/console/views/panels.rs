//! The dashboard's side panels: today's counters, the active fever cases with the
//! countdown of each one's most urgent deadline, and the optional panels other
//! features provide.

use super::short_time;
use crate::app::State;
use crate::app::providers::{PanelCell, SidePanel};
use crate::app::update::age_text;
use crate::console::text::{cut, width};
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn counters(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let c = state.board.counts;
    let block = theme.block(Span::styled(state.tr("panel.counters"), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let item = |key: &str, n: i64, alarm: bool| -> Vec<Span<'static>> {
        let style = if alarm && n > 0 {
            theme.denied()
        } else {
            theme.title()
        };
        vec![
            Span::raw(format!("{} ", state.tr(key))),
            Span::styled(n.to_string(), style),
            Span::raw("   "),
        ]
    };
    let mut first: Vec<Span> = Vec::new();
    first.extend(item("count.in", c.entries_in, false));
    first.extend(item("count.out", c.entries_out, false));
    first.extend(item("count.visitors", c.visitors, false));
    let mut second: Vec<Span> = Vec::new();
    second.extend(item("count.denied", c.denied, true));
    second.extend(item("count.flagged", c.flagged, true));
    frame.render_widget(
        Paragraph::new(vec![Line::from(first), Line::from(second)]),
        inner,
    );
}

/// Active fever cases, in short: marker, name, first reading, and the most urgent
/// outstanding deadline ("re-check overdue 18:00") or else the state. The same cases
/// and count as the flagged view and `dutydesk flag list --active`.
pub fn flags(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let title = crate::i18n::trf(
        state.lang,
        "panel.flags",
        &[("n", state.board.flags.len().to_string())],
    );
    let border = if state.board.flags.is_empty() {
        Default::default()
    } else {
        theme.attention_border()
    };
    let block = theme
        .block(Span::styled(title, theme.title()))
        .border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    if state.board.flags.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(
                cut(state.tr("flag.panel.none"), max),
                theme.dim(),
            )),
            inner,
        );
        return;
    }
    // Marker, name, first reading, then the deadline in a column of its own width; the
    // name takes what is left. When the sentences leave the name under 6 cells, the
    // compact words are used ("re-check late 21:15").
    const FIXED: usize = 2 + 6;
    const NAME_MIN: usize = 6;
    let cases = || state.board.flags.iter().take(usize::from(inner.height));
    let urgent = |compact| {
        cases()
            .map(|c| {
                (
                    c,
                    super::flags::most_urgent(state.lang, c, state.now, compact),
                )
            })
            .collect::<Vec<_>>()
    };
    let mut shown = urgent(false);
    if shown
        .iter()
        .any(|(_, (u, _))| FIXED + NAME_MIN + width(u) > max)
    {
        shown = urgent(true);
    }
    let urgent_w = shown
        .iter()
        .map(|(_, (u, _))| width(u))
        .max()
        .unwrap_or(0)
        .min(max.saturating_sub(FIXED + 6));
    let name_w = max.saturating_sub(FIXED + urgent_w);
    let lines: Vec<Line> = shown
        .into_iter()
        .map(|(c, (urgent, late))| {
            let style = if late {
                theme.denied()
            } else {
                theme.flagged()
            };
            Line::from(vec![
                Span::raw(super::flags::marker(c, state.now)),
                Span::raw(crate::console::text::pad(&c.name, name_w)),
                Span::raw(format!(" {} ", c.first_temp)),
                Span::styled(crate::console::text::pad(&urgent, urgent_w), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One optional panel from a provider.
pub fn side(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, panel: &SidePanel) {
    let mut block = theme.block(Span::styled(panel.title.clone(), theme.title()));
    if panel.attention {
        block = block.border_style(theme.attention_border());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    if panel.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(cut(&panel.empty_text, max), theme.dim())),
            inner,
        );
        return;
    }
    let lines: Vec<Line> = panel
        .rows
        .iter()
        .take(usize::from(inner.height))
        .map(|row| {
            let text = row
                .cells
                .iter()
                .map(|c| match c {
                    PanelCell::Text(t) => crate::domain::text::sanitize(t),
                    PanelCell::Age(t) => age_text(state.lang, state.now - *t),
                    PanelCell::Time(t) => short_time(state, *t),
                })
                .collect::<Vec<_>>()
                .join("  ");
            Line::from(Span::styled(cut(&text, max), theme.tone(row.tone)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
