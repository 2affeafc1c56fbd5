//! Pure rendering: `view(&State, &mut Frame)` draws the state and changes nothing.
//! One file per screen or panel.

mod approvals;
mod dashboard;
mod detail;
mod entries;
mod flag_case;
mod flag_form;
mod flags;
mod footer;
mod form_layout;
mod gate_context;
mod handover;
mod header;
mod help;
mod log;
mod panels;
mod register;
mod request_form;
mod returns;
mod small;

use super::layout;
use super::theme::Theme;
use crate::app::State;
use crate::app::view::View;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

/// Draws the whole screen; in wide mode without ambiguous-width characters.
pub fn view(state: &State, frame: &mut Frame) {
    draw(state, frame);
    if state.look.wide {
        super::ambiguous::unambiguous(frame.buffer_mut());
    }
}

fn draw(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(state.look);
    if layout::too_small(area) {
        small::render(state, frame, area);
        return;
    }
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(state, &theme, frame, head);
    match state.view {
        View::Dashboard => dashboard::render(state, &theme, frame, body),
        View::Log => log::render(state, &theme, frame, body),
        View::Flags => flags::render(state, &theme, frame, body),
        View::FlagCase => flag_case::render(state, &theme, frame, body),
        View::Register => register::render(state, &theme, frame, body),
        View::Detail => detail::render(state, &theme, frame, body),
        View::Help => help::render(state, &theme, frame, body),
        View::Approvals => approvals::render(state, &theme, frame, body),
        View::Request => approvals::render_request(state, &theme, frame, body),
        View::Returns => returns::render(state, &theme, frame, body),
        View::FileRequest => request_form::render(state, &theme, frame, body),
        View::Handover | View::HandoverHistory | View::HandoverRecord => {
            handover::render(state, &theme, frame, body)
        }
    }
    footer::render(state, &theme, frame, foot);
}

/// Local `HH:MM:SS`.
fn clock_time(state: &State, t: DateTime<Utc>) -> String {
    state.zone.to_local(t).format("%H:%M:%S").to_string()
}

/// Local `HH:MM`.
fn short_time(state: &State, t: DateTime<Utc>) -> String {
    state.zone.to_local(t).format("%H:%M").to_string()
}

/// The first row to show so that `sel` is visible in `rows` rows.
fn scroll_offset(sel: usize, rows: usize) -> usize {
    if rows == 0 {
        0
    } else {
        (sel + 1).saturating_sub(rows)
    }
}
