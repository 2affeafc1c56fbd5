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
    let mut segments: Vec<String> = vec![
        state.site.clone(),
        format!(
            "{} {} {}",
            local.format("%Y-%m-%d"),
            weekday,
            clock_time(state, state.now)
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
        segments.push(s);
    }
    segments.push(crate::i18n::trf(
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
    ));
    if state.notify.muted {
        segments.push(state.tr("header.muted").to_string());
    }
    let max = usize::from(area.width);
    let mut text = String::from(" ");
    for (i, s) in segments.iter().enumerate() {
        let piece = if i == 0 {
            s.clone()
        } else {
            format!("  |  {s}")
        };
        if width(&text) + width(&piece) > max {
            if i == 0 {
                text.push_str(&cut(s, max.saturating_sub(1)));
            }
            break;
        }
        text.push_str(&piece);
    }
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
