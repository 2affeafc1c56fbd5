//! Styles and borders. With colour, denied rows are red and flagged ones amber; under
//! `NO_COLOR` the same rows use attributes only (bold, underline, reverse) — and every
//! such row also carries a text marker, so nothing depends on colour alone.
//!
//! Two palettes, for dark and light terminal backgrounds (`[console] theme`). Text
//! colours come from the xterm 256-colour cube, which xterm, PuTTY, Windows Terminal,
//! Xshell and SecureCRT share, rather than the 16 basic colours each emulator (and
//! user) sets differently; and bold never turns a basic colour into its bright twin
//! (xterm and PuTTY do that by default). Every pair is at least 4.5:1 against the
//! background it is meant for (`theme_contrast.rs` computes it), also when a row is
//! selected (reversed, without bold: PuTTY draws reversed bold text in grey).

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

/// Cube colours (index: red/green/blue levels 0, 95, 135, 175, 215, 255).
mod cube {
    use ratatui::style::Color;
    pub const WHITE: Color = Color::Indexed(231);
    pub const BLACK: Color = Color::Indexed(16);
    /// Bars under white text: header, admitted, refused.
    pub const BLUE_BAR: Color = Color::Indexed(24);
    pub const GREEN_BAR: Color = Color::Indexed(22);
    pub const RED_BAR: Color = Color::Indexed(124);
    pub const AMBER_BAR: Color = Color::Indexed(220);
}

/// Text colours for one kind of background.
struct Palette {
    red: Color,
    amber: Color,
    green: Color,
    grey: Color,
    key: Color,
}

/// On black or dark backgrounds (PuTTY's default).
const DARK: Palette = Palette {
    red: Color::Indexed(203),
    amber: Color::Indexed(220),
    green: Color::Indexed(40),
    grey: Color::Indexed(245),
    key: Color::Indexed(44),
};

/// On white or light backgrounds (xterm's default).
const LIGHT: Palette = Palette {
    red: Color::Indexed(160),
    amber: Color::Indexed(130),
    green: Color::Indexed(28),
    grey: Color::Indexed(242),
    key: Color::Indexed(25),
};

/// What a row of the gate log is, for its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Plain,
    Flagged,
    Denied,
}

impl Theme {
    pub fn new(look: Look) -> Self {
        Self { look }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.look.color { colored } else { plain }
    }

    fn palette(&self) -> &'static Palette {
        if self.look.light { &LIGHT } else { &DARK }
    }

    pub fn block<'a>(&self, title: impl Into<ratatui::text::Line<'a>>) -> Block<'a> {
        let b = Block::new().borders(Borders::ALL).title(title);
        // In wide mode box lines (ambiguous width) would take two cells each.
        if self.look.ascii || self.look.wide {
            b.border_set(ASCII_BORDER)
        } else {
            b
        }
    }

    /// The frame of a panel that wants attention.
    pub fn attention_border(&self) -> Style {
        self.pick(
            Style::new().fg(self.palette().amber),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn header(&self) -> Style {
        self.pick(
            Style::new().bg(cube::BLUE_BAR).fg(cube::WHITE),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        self.pick(
            Style::new().fg(self.palette().grey),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette().key)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The selected row: reversed, so its own colour becomes the bar. Without bold:
    /// PuTTY draws reversed bold text in its bold-background grey (1.1:1 on red).
    pub fn selected(&self) -> Style {
        Style::new()
            .add_modifier(Modifier::REVERSED)
            .remove_modifier(Modifier::BOLD)
    }

    /// A row that arrived a moment ago: a bar in the colour of what the row is, so a
    /// new refusal flashes red, never in an admission's green.
    pub fn fresh(&self, kind: RowKind) -> Style {
        let (bar, text) = match kind {
            RowKind::Plain => (cube::GREEN_BAR, cube::WHITE),
            RowKind::Flagged => (cube::AMBER_BAR, cube::BLACK),
            RowKind::Denied => (cube::RED_BAR, cube::WHITE),
        };
        let plain = Style::new().add_modifier(Modifier::UNDERLINED);
        let (colored, plain) = match kind {
            RowKind::Plain => (Style::new().bg(bar).fg(text), plain),
            _ => (
                Style::new().bg(bar).fg(text).add_modifier(Modifier::BOLD),
                plain.add_modifier(Modifier::BOLD),
            ),
        };
        self.pick(colored, plain)
    }

    pub fn denied(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette().red)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn flagged(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette().amber)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Normal => Style::new(),
            Tone::Good => self.pick(Style::new().fg(self.palette().green), Style::new()),
            Tone::Warn => self.flagged(),
            Tone::Bad => self.denied(),
        }
    }

    pub fn code(&self, code: Option<crate::domain::CodeColour>) -> Style {
        use crate::domain::CodeColour::*;
        match code {
            Some(Green) => self.pick(Style::new().fg(self.palette().green), Style::new()),
            Some(Yellow) => self.pick(
                Style::new().fg(self.palette().amber),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Some(Red) => self.denied(),
            None => self.dim(),
        }
    }

    /// The big decision banner after a registration.
    pub fn banner(&self, admitted: bool) -> Style {
        if !self.look.color {
            // Reversed without bold: PuTTY greys reversed bold text.
            return Style::new().add_modifier(Modifier::REVERSED);
        }
        let base = Style::new().add_modifier(Modifier::BOLD).fg(cube::WHITE);
        if admitted {
            base.bg(cube::GREEN_BAR)
        } else {
            base.bg(cube::RED_BAR)
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
