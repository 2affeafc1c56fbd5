//! The footer line: an open prompt (with the real cursor in it, so an input method's
//! window appears there), else a status message and the key hints of this screen,
//! generated from the keymap table.

use crate::app::State;
use crate::console::text::{cut, skip, width};
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let max = usize::from(area.width);
    // A fever-case form takes the keys as a prompt does: Enter and Esc are its hints.
    let prompt_like = state.flags.form.is_some();
    if let Some(p) = &state.prompt {
        let label = if p.kind == crate::app::view::PromptKind::Command {
            ":".to_string()
        } else {
            format!("{}: ", state.tr(p.kind.label_key()))
        };
        let label = cut(&label, max / 2);
        let room = max.saturating_sub(width(&label) + 1);
        let error = p
            .error
            .as_ref()
            .map(|e| format!("  {e}"))
            .unwrap_or_default();
        let input_room = room.saturating_sub(width(&error).min(room / 2)).max(1);
        let scroll = p.input.scroll(input_room);
        let value = skip(p.input.value(), scroll);
        let shown = cut(&value, input_room);
        let cursor_x = area.x + (width(&label) + p.input.cursor_column() - scroll) as u16;
        let used = width(&label) + width(&shown);
        let mut spans = vec![Span::styled(label, theme.key()), Span::raw(shown)];
        if !error.is_empty() {
            spans.push(Span::styled(
                cut(&error, max.saturating_sub(used)),
                theme.error(),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        if !p.pending {
            frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
        }
        return;
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    if let Some(s) = state.status.as_ref().filter(|s| s.until > state.now) {
        let text = cut(&s.text, max);
        used += width(&text) + 2;
        spans.push(Span::styled(text, theme.tone(s.tone)));
        spans.push(Span::raw("  "));
    } else if state.loading && state.view != crate::app::View::Help {
        let text = state.tr("footer.loading").to_string();
        used += width(&text) + 2;
        spans.push(Span::styled(text, theme.dim()));
        spans.push(Span::raw("  "));
    }
    // In the form, plain characters are typed into the field: show the other key.
    let typing = state.view.is_form();
    // The confirmation popup of a request takes Enter and Esc like a prompt too.
    let prompt_like = prompt_like || state.approvals.confirm.is_some();
    for b in state
        .keymap
        .footer(state.view, prompt_like)
        .into_iter()
        .filter(|b| crate::app::flag_case::offered(state, b.action))
    {
        let keys = b
            .keys
            .iter()
            .find(|k| !(typing && b.scope == crate::app::keymap::Scope::Global && k.is_text()))
            .map(|k| k.label())
            .unwrap_or_default();
        let desc = state.tr(b.desc);
        let piece_w = width(&keys) + 1 + width(desc) + 2;
        if used + piece_w > max {
            break;
        }
        used += piece_w;
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {desc}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
