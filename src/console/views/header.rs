//! The header line: site, ticking date and time, the shift on duty (only when a
//! provider knows it), the operator and role, and the alert state. Segments that do
//! not fit are dropped from the right.

use super::clock_time;
use crate::app::State;
use crate::console::text::{cut, width};
use crate::console::theme::Theme;
use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let local = state.zone.to_local(state.now);
    let weekday = state.tr(WEEKDAYS[local.weekday().num_days_from_monday() as usize]);
    // Narrow terminals drop the year first, then whole segments, least needed first:
    // the site, then the shift; the time, the operator and "muted" stay longest.
    let date_format = if area.width >= 100 {
        "%Y-%m-%d"
    } else {
        "%m-%d"
    };
    let mut segments: Vec<(u8, String)> = vec![
        (1, state.site.clone()),
        (
            5,
            format!(
                "{} {} {}",
                local.format(date_format),
                weekday,
                clock_time(state, state.now)
            ),
        ),
    ];
    if let Some(shift) = &state.shift {
        let mut s = shift.label.clone();
        if let Some(leader) = &shift.leader {
            s.push_str(&crate::i18n::trf(
                state.lang,
                "header.leader",
                &[("name", leader.clone())],
            ));
        }
        segments.push((2, s));
    }
    segments.push((
        3,
        crate::i18n::trf(
            state.lang,
            "header.operator",
            &[
                ("name", state.operator.name.clone()),
                (
                    "role",
                    state
                        .tr(&format!("role.{}", state.operator.role))
                        .to_string(),
                ),
            ],
        ),
    ));
    if state.notify.muted {
        segments.push((4, state.tr("header.muted").to_string()));
    }
    let max = usize::from(area.width);
    const SEP: &str = "  |  ";
    let total = |segs: &[(u8, String)]| -> usize {
        1 + segs.iter().map(|(_, s)| width(s)).sum::<usize>()
            + SEP.len() * segs.len().saturating_sub(1)
    };
    while segments.len() > 1 && total(&segments) > max {
        if let Some(i) = (0..segments.len()).min_by_key(|i| segments[*i].0) {
            segments.remove(i);
        }
    }
    let joined = segments
        .iter()
        .map(|(_, s)| s.as_str())
        .collect::<Vec<_>>()
        .join(SEP);
    let text = cut(&format!(" {joined}"), max);
    let fill = max.saturating_sub(width(&text));
    let line = Line::from(vec![Span::raw(text), Span::raw(" ".repeat(fill))]).style(theme.header());
    frame.render_widget(Paragraph::new(line), area);
}

const WEEKDAYS: [&str; 7] = [
    "weekday.mon",
    "weekday.tue",
    "weekday.wed",
    "weekday.thu",
    "weekday.fri",
    "weekday.sat",
    "weekday.sun",
];
