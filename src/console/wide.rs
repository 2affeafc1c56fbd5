//! Fewer bytes for wide characters. ratatui's crossterm backend tracks the cursor one
//! cell per symbol, so after every CJK character (two cells) it believes the cursor
//! is one cell behind and sends a cursor move (`ESC [ row ; col H`, 6–8 bytes) before
//! the next symbol. On a Chinese screen that is most of a redrawn row. This wrapper
//! tells the backend where the cursor really is by passing, after each wide symbol,
//! an empty cell at its last column: it prints nothing, has the same style (so no
//! colour codes either), and the next symbol follows without a move. Over SSH this
//! roughly halves what a scrolling gate log costs (see the README's benchmark).

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// A backend that sends no cursor move after a wide character.
pub struct WideCursor<B> {
    inner: B,
}

impl<B> WideCursor<B> {
    pub fn new(inner: B) -> Self {
        Self { inner }
    }
}

impl<B: Write> Write for WideCursor<B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<B: Backend> Backend for WideCursor<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, &Cell)> = content.collect();
        // The empty stand-ins, made first so the list below can borrow them.
        let ghosts: Vec<Cell> = cells
            .iter()
            .filter(|(_, _, c)| c.symbol().width() > 1)
            .map(|(_, _, c)| {
                let mut g = (*c).clone();
                g.set_symbol("");
                g
            })
            .collect();
        let mut ghost = ghosts.iter();
        let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(cells.len() + ghosts.len());
        for (x, y, c) in cells {
            out.push((x, y, c));
            let w = c.symbol().width();
            if w > 1
                && let Some(g) = ghost.next()
            {
                // The cursor now stands after the symbol: at x + w.
                out.push((x.saturating_add(w as u16 - 1), y, g));
            }
        }
        self.inner.draw(out.into_iter())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    /// The bytes a backend sends to draw every cell of `buf`.
    fn bytes(wide: bool, buf: &Buffer) -> String {
        let empty = Buffer::empty(buf.area);
        let diff = empty.diff(buf);
        let mut out = Vec::new();
        if wide {
            let mut b = WideCursor::new(CrosstermBackend::new(&mut out));
            b.draw(diff.into_iter()).unwrap();
        } else {
            let mut b = CrosstermBackend::new(&mut out);
            b.draw(diff.into_iter()).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    fn row(text: &str) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 24, 2));
        buf.set_string(0, 0, text, Style::default().fg(Color::Green));
        buf.set_string(0, 1, "ab 东门", Style::default());
        buf
    }

    #[test]
    fn wide_characters_follow_each_other_without_cursor_moves() {
        let buf = row("08:00 东门 in 王芳 学生");
        let plain = bytes(false, &buf);
        let wide = bytes(true, &buf);
        assert!(plain.contains("东\u{1b}[1;9H门"), "{plain:?}");
        assert!(wide.contains("08:00 东门 in 王芳 学生"), "{wide:?}");
        // Moves only to each row's start and over the blank that did not change.
        assert_eq!(wide.matches('H').count(), 3, "{wide:?}");
        assert!(wide.contains("ab\u{1b}[2;4H东门"), "{wide:?}");
        assert!(wide.len() < plain.len());
    }

    #[test]
    fn the_same_cells_with_the_same_styles_are_drawn() {
        let buf = row("东门 王芳");
        let strip = |s: &str| {
            // Drop cursor moves: what remains is symbols and styles, in order.
            let mut out = String::new();
            let mut rest = s;
            while let Some(i) = rest.find("\u{1b}[") {
                out.push_str(&rest[..i]);
                let tail = &rest[i + 2..];
                let end = tail.find(|c: char| c.is_ascii_alphabetic()).unwrap();
                if &tail[end..=end] != "H" {
                    out.push_str(&rest[i..i + 2 + end + 1]);
                }
                rest = &tail[end + 1..];
            }
            out.push_str(rest);
            out
        };
        assert_eq!(strip(&bytes(true, &buf)), strip(&bytes(false, &buf)));
    }
}
