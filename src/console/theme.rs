//! Styles and borders. With colour, denied rows are red and flagged ones yellow; under
//! `NO_COLOR` the same rows use attributes only (bold, underline, reverse) — and every
//! such row also carries a text marker, so nothing depends on colour alone.

use crate::app::providers::Tone;
use crate::app::state::Look;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::{Block, Borders};

/// Plain ASCII borders for terminals that draw box lines two cells wide.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub look: Look,
}

impl Theme {
    pub fn new(look: Look) -> Self {
        Self { look }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.look.color { colored } else { plain }
    }

    pub fn block<'a>(&self, title: impl Into<ratatui::text::Line<'a>>) -> Block<'a> {
        let b = Block::new().borders(Borders::ALL).title(title);
        if self.look.ascii {
            b.border_set(ASCII_BORDER)
        } else {
            b
        }
    }

    /// The frame of a panel that wants attention.
    pub fn attention_border(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn header(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A row that arrived a moment ago.
    pub fn fresh(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Green).fg(Color::Black),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn denied(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn flagged(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Normal => Style::new(),
            Tone::Good => self.pick(Style::new().fg(Color::Green), Style::new()),
            Tone::Warn => self.flagged(),
            Tone::Bad => self.denied(),
        }
    }

    pub fn code(&self, code: Option<crate::domain::CodeColour>) -> Style {
        use crate::domain::CodeColour::*;
        match code {
            Some(Green) => self.pick(Style::new().fg(Color::Green), Style::new()),
            Some(Yellow) => self.pick(
                Style::new().fg(Color::Yellow),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Some(Red) => self.denied(),
            None => self.dim(),
        }
    }

    /// The big decision banner after a registration.
    pub fn banner(&self, admitted: bool) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        if !self.look.color {
            return base.add_modifier(Modifier::REVERSED);
        }
        if admitted {
            base.bg(Color::Green).fg(Color::Black)
        } else {
            base.bg(Color::Red).fg(Color::White)
        }
    }

    pub fn error(&self) -> Style {
        self.denied()
    }

    pub fn input(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new()
        }
    }
}
