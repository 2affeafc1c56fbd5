//! Every binding of this role with its description, from the keymap table, and the
//! row markers.

use crate::app::State;
use crate::app::help::{HelpLine, lines};
use crate::console::text::{cut, pad, width};
use crate::console::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let all = lines(state);
    let mut block = theme.block(Span::styled(state.tr("view.help"), theme.title()));
    // Two lines of markers above the bindings; say when more are below.
    if all.len().saturating_sub(state.help_scroll) + 2 > usize::from(area.height.saturating_sub(2))
    {
        block = block.title_bottom(Span::styled(state.tr("help.more"), theme.dim()));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let max = usize::from(inner.width);
    let keys_w = all
        .iter()
        .filter_map(|l| match l {
            HelpLine::Binding { keys, .. } => Some(width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(8)
        .min(max / 3)
        + 2;
    let mut out: Vec<Line> = vec![
        Line::from(Span::styled(
            cut(state.tr("help.markers"), max),
            theme.dim(),
        )),
        Line::default(),
    ];
    for l in all.iter().skip(state.help_scroll) {
        out.push(match l {
            HelpLine::Heading(h) => Line::from(Span::styled(cut(h, max), theme.title())),
            HelpLine::Blank => Line::default(),
            HelpLine::Binding {
                keys,
                desc,
                commands,
            } => {
                let keys = pad(keys, keys_w);
                let desc_w = max.saturating_sub(keys_w);
                let mut text = desc.clone();
                if !commands.is_empty() {
                    text = format!("{text}  {commands}");
                }
                Line::from(vec![
                    Span::styled(keys, theme.key()),
                    Span::raw(cut(&text, desc_w)),
                ])
            }
        });
    }
    frame.render_widget(Paragraph::new(out), inner);
}
