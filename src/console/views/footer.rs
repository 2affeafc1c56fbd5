//! The footer line: an open prompt (with the real cursor in it, so an input method's
//! window appears there), else a status message and the key hints of this screen,
//! generated from the keymap table.

use crate::app::State;
use crate::app::keymap::{Binding, Scope};
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
    // In the form, plain characters are typed into the field: show the other key.
    let typing = state.view.is_form();
    // The confirmation popup of a request takes Enter and Esc like a prompt too.
    let prompt_like = prompt_like || state.approvals.confirm.is_some();
    // An editor or popup over the handover shows its own keys.
    let bindings: Vec<&Binding> = match crate::app::handover::modal_scope(state) {
        Some(scope) => state
            .keymap
            .bindings()
            .iter()
            .copied()
            .filter(|b| b.footer && b.scope == scope)
            .collect(),
        None => state
            .keymap
            .footer(state.view, prompt_like)
            .into_iter()
            .filter(|b| crate::app::flag_case::offered(state, b.action))
            .collect(),
    };
    let hints: Vec<Hint> = bindings
        .iter()
        .map(|b| {
            let keys = b
                .keys
                .iter()
                .find(|k| !(typing && b.scope == Scope::Global && k.is_text()))
                .map(|k| k.label())
                .unwrap_or_default();
            Hint {
                keys,
                desc: state.tr(b.desc).to_string(),
                rank: rank(b, state.view),
            }
        })
        .collect();
    let more = state.tr("key.help_more");

    // A status message (the result of what was just done) comes first, cut so that
    // `?` still fits after it; the hints take the rest of the line.
    let help_w = width("?") + 1 + width(more) + 2;
    let status_room = max.saturating_sub(help_w + 2);
    let mut spans: Vec<Span> = Vec::new();
    if let Some(s) = state.status.as_ref().filter(|s| s.until > state.now) {
        spans.push(Span::styled(cut(&s.text, status_room), theme.tone(s.tone)));
        spans.push(Span::raw("  "));
    } else if state.loading && state.view != crate::app::View::Help {
        let text = cut(state.tr("footer.loading"), status_room);
        spans.push(Span::styled(text, theme.dim()));
        spans.push(Span::raw("  "));
    }
    let mut used: usize = spans.iter().map(|s| width(&s.content)).sum();
    for h in fit(&hints, max.saturating_sub(used), more) {
        if used + h.width() > max {
            break;
        }
        used += h.width();
        spans.push(Span::styled(h.keys, theme.key()));
        spans.push(Span::raw(format!(" {}  ", h.desc)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// One key hint: `keys desc`, and how much it matters on this screen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hint {
    keys: String,
    desc: String,
    rank: Rank,
}

impl Hint {
    fn width(&self) -> usize {
        width(&self.keys) + 1 + width(&self.desc) + 2
    }
}

/// What stays when the line is short, first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The screen's own keys (or the form's, the prompt's, the popup's).
    Primary,
    /// `?`: every key is listed there, those cut from the line included.
    Help,
    /// Esc, the way back from any screen but the first.
    Back,
    Other,
}

fn rank(b: &Binding, view: crate::app::View) -> Rank {
    use crate::app::keymap::Action;
    match (b.scope, b.action) {
        (Scope::Global, Action::Help) => Rank::Help,
        (Scope::Global, Action::Back) if view != crate::app::View::Dashboard => Rank::Back,
        (Scope::Global, _) => Rank::Other,
        _ => Rank::Primary,
    }
}

/// The hints that fit in `max` cells, in their table order: the screen's own keys
/// first, then `?`, then Esc, then the rest; when any is left out, `?` says that
/// more keys are under it (`more`, the words for that).
fn fit(hints: &[Hint], max: usize, more: &str) -> Vec<Hint> {
    let all: usize = hints.iter().map(Hint::width).sum();
    if all <= max {
        return hints.to_vec();
    }
    let mut hints = hints.to_vec();
    for h in hints.iter_mut().filter(|h| h.rank == Rank::Help) {
        h.desc = more.to_string();
    }
    let mut order: Vec<usize> = (0..hints.len()).collect();
    order.sort_by_key(|&i| (hints[i].rank, i));
    let mut keep = vec![false; hints.len()];
    let mut used = 0;
    // `?` first, so no primary key can crowd it out; then by rank.
    for &i in order.iter().filter(|&&i| hints[i].rank == Rank::Help) {
        used += hints[i].width();
        keep[i] = true;
    }
    for &i in order.iter().filter(|&&i| hints[i].rank != Rank::Help) {
        if used + hints[i].width() <= max {
            used += hints[i].width();
            keep[i] = true;
        }
    }
    hints
        .into_iter()
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(keys: &str, desc: &str, rank: Rank) -> Hint {
        Hint {
            keys: keys.into(),
            desc: desc.into(),
            rank,
        }
    }

    fn line(hints: &[Hint]) -> String {
        hints
            .iter()
            .map(|h| format!("{} {}", h.keys, h.desc))
            .collect::<Vec<_>>()
            .join("  ")
    }

    fn handover() -> Vec<Hint> {
        vec![
            hint("Enter", "详情", Rank::Primary),
            hint("c", "选中事项已办", Rank::Primary),
            hint("s", "签字", Rank::Primary),
            hint("?", "帮助", Rank::Help),
            hint(":", "命令行", Rank::Other),
            hint("q", "退出", Rank::Other),
            hint("Esc", "返回", Rank::Back),
            hint("2", "出入记录", Rank::Other),
            hint("h", "交接班", Rank::Other),
        ]
    }

    #[test]
    fn everything_shows_when_it_fits() {
        let all = handover();
        assert_eq!(fit(&all, 200, "帮助/更多"), all);
    }

    #[test]
    fn what_does_not_fit_moves_under_help_and_the_screens_keys_help_and_back_stay() {
        let shown = fit(&handover(), 60, "帮助/更多");
        assert_eq!(
            line(&shown),
            "Enter 详情  c 选中事项已办  s 签字  ? 帮助/更多  Esc 返回"
        );
        assert!(shown.iter().map(Hint::width).sum::<usize>() <= 60);
    }

    #[test]
    fn help_stays_even_when_the_screens_own_keys_do_not_fit() {
        let shown = fit(&handover(), 30, "帮助/更多");
        assert!(line(&shown).contains("? 帮助/更多"), "{}", line(&shown));
        assert!(shown.iter().map(Hint::width).sum::<usize>() <= 30);
    }
}
