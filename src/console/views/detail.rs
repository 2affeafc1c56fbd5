//! A person's or visitor's card: numbers masked unless revealed (audited), then their
//! recent entries.

use super::entries;
use crate::app::State;
use crate::app::keymap::Action;
use crate::console::text::{pad, width};
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(d) = &state.detail else {
        return;
    };
    // A person's approved leave and open return, under the card (issue 5).
    let notes = match &d.subject {
        crate::service::board::Subject::Person(id) => super::gate_context::person_notes(state, id),
        crate::service::board::Subject::Visitor(_) => Vec::new(),
    };
    let notes_w = usize::from(area.width.saturating_sub(2)).max(1);
    let note_lines: Vec<Line> = notes
        .iter()
        .flat_map(|(n, tone)| {
            crate::console::text::wrap(n, notes_w)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.tone(*tone))))
        })
        .collect();
    let top_h = 8 + note_lines.len() as u16;
    let [top, bottom] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
    let name = d.card.as_ref().map(|c| c.name.clone()).unwrap_or_default();
    let title = if name.is_empty() {
        state.tr("view.detail").to_string()
    } else {
        format!("{} | {name}", state.tr("view.detail"))
    };
    let block = theme.block(Span::styled(title, theme.title()));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let Some(card) = &d.card else {
        let text = d
            .error
            .clone()
            .unwrap_or_else(|| state.tr("footer.loading").to_string());
        let style = if d.error.is_some() {
            theme.error()
        } else {
            theme.dim()
        };
        frame.render_widget(Paragraph::new(Span::styled(text, style)), inner);
        return;
    };
    let labels = [
        "col.id",
        "col.name",
        "col.kind",
        "col.department",
        "col.class",
        "col.resident_id",
        "col.phone",
    ];
    let label_w = labels.iter().map(|k| width(state.tr(k))).max().unwrap_or(8) + 2;
    let field = |key: &str, value: String, style: Style| -> Vec<Span<'static>> {
        vec![
            Span::styled(pad(state.tr(key), label_w), theme.dim()),
            Span::styled(value, style),
        ]
    };
    // A second field on the same line: its label is not padded.
    let inline = |key: &str, value: String| -> Vec<Span<'static>> {
        vec![
            Span::raw("   "),
            Span::styled(format!("{} ", state.tr(key)), theme.dim()),
            Span::raw(value),
        ]
    };
    let none = || state.tr("detail.none").to_string();
    let kind = state.tr(&format!("kind.{}", card.kind)).to_string();
    let mut l1 = field("col.name", card.name.clone(), theme.title());
    l1.extend(inline("col.kind", kind));
    let mut lines = vec![Line::from(l1)];
    if !card.id.is_empty() {
        lines.insert(
            0,
            Line::from(field("col.id", card.id.clone(), Style::new())),
        );
    }
    if let Some(dep) = &card.department {
        let mut l = field("col.department", dep.clone(), Style::new());
        if let Some(class) = &card.class {
            l.extend(inline("col.class", class.clone()));
        }
        lines.push(Line::from(l));
    }
    let (rid, phone, style) = match &d.revealed {
        Some(p) => (
            p.resident_id.clone().unwrap_or_else(none),
            p.phone.clone().unwrap_or_else(none),
            theme.flagged(),
        ),
        None => (
            card.resident_id_masked.clone().unwrap_or_else(none),
            card.phone_masked.clone().unwrap_or_else(none),
            Style::new(),
        ),
    };
    lines.push(Line::from(field("col.resident_id", rid, style)));
    lines.push(Line::from(field("col.phone", phone, style)));
    let may_reveal = state
        .keymap
        .bindings()
        .iter()
        .any(|b| b.action == Action::Reveal);
    if d.revealed.is_some() {
        lines.push(Line::from(Span::styled(
            state.tr("detail.revealed"),
            theme.flagged(),
        )));
    } else if may_reveal {
        lines.push(Line::from(Span::styled(
            state.tr("detail.reveal_hint"),
            theme.dim(),
        )));
    } else {
        lines.push(Line::from(Span::styled(
            state.tr("detail.masked"),
            theme.dim(),
        )));
    }
    lines.extend(note_lines);
    frame.render_widget(Paragraph::new(lines), inner);
    entries::render(
        state,
        theme,
        frame,
        bottom,
        theme.block(Span::styled(state.tr("detail.recent"), theme.title())),
        &d.entries,
        None,
        false,
        state.tr("list.empty"),
    );
}
