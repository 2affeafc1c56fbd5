//! The backend between ratatui and the terminal. ratatui sends only the cells that
//! changed, assuming the terminal keeps every other cell as it was. Terminals do not
//! when wide characters are involved: printing over one half of a Chinese character
//! erases the other half (xterm blanks it, PuTTY keeps the old colours, others leave
//! the glyph), so a cell that did not change in ratatui's buffer can still be wrong
//! on the screen — the coloured cells left after 杨阳华 when leaving the approvals bar.
//!
//! This backend keeps what the program means the screen to show, and adds to every
//! frame the cells the terminal may have spoiled:
//! - every cell a wide character covered before, when part of it is overwritten;
//! - the cell right after every wide character written (some terminals draw a wide
//!   glyph into it, and some erase it when the character's other half is hit).
//!
//! Bytes: ratatui's crossterm backend moves the cursor before the symbol after every
//! wide character (it counts one cell per symbol). Here a character that every
//! terminal draws two cells wide (CJK ideographs, kana, hangul, full-width forms) is
//! followed without a move; anything else whose width terminals disagree on (emoji,
//! ambiguous-width symbols) is followed by an absolute move, so one terminal's idea of
//! a width never shifts the rest of a row.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::rc::Rc;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The console's backend: crossterm underneath, plus the model of the screen.
pub struct DeskBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// What the program means the terminal to show, as of the last frame.
    shown: Buffer,
    /// The whole frame about to be drawn, when the caller shows it first
    /// (`next_frame`); else the model is kept from the changed cells alone.
    next: Rc<RefCell<Option<Buffer>>>,
    /// A size given instead of asking the terminal (the terminal-model tests).
    fixed_size: Option<Size>,
}

impl<W: Write> DeskBackend<W> {
    pub fn new(writer: W) -> Self {
        Self {
            inner: CrosstermBackend::new(writer),
            shown: Buffer::empty(Rect::ZERO),
            next: Rc::default(),
            fixed_size: None,
        }
    }

    /// A backend whose size is set by the caller, not read from a terminal: output
    /// captured into a terminal model in tests, where there is no terminal to ask.
    #[cfg(test)]
    pub fn with_size(writer: W, size: Size) -> Self {
        let mut b = Self::new(writer);
        b.fixed_size = Some(size);
        b
    }

    /// Changes the size a test backend reports (a simulated resize).
    #[cfg(test)]
    pub fn set_size(&mut self, size: Size) {
        self.fixed_size = Some(size);
    }

    /// Where the caller puts the whole frame the next `draw` brings the screen to
    /// (from inside ratatui's draw, before it sends the changed cells). With the
    /// whole frame a cell a wide character spoiled is redrawn exactly as it is meant
    /// to be, cells ratatui never sends included.
    pub fn next_frame(&self) -> Rc<RefCell<Option<Buffer>>> {
        Rc::clone(&self.next)
    }

    /// Width of a symbol in cells (a blank when empty).
    fn cells(symbol: &str) -> u16 {
        symbol.width().max(1) as u16
    }

    /// The wide character covering `(x, y)` in `buf`, if any: its column and width.
    fn wide_at(buf: &Buffer, x: u16, y: u16) -> Option<(u16, u16)> {
        // A wide character starts at most one cell to the left (no symbol is wider
        // than two cells on a terminal).
        for start in [x, x.checked_sub(1)?] {
            let w = Self::cells(buf.cell((start, y))?.symbol());
            if w > 1 && start + w > x {
                return Some((start, w));
            }
        }
        None
    }

    /// Grows the model to hold `(x, y)` (a frame larger than the last known size),
    /// keeping every cell where it is.
    fn fit(&mut self, x: u16, y: u16) {
        let area = self.shown.area;
        if x < area.right() && y < area.bottom() {
            return;
        }
        let mut grown = Buffer::empty(Rect::new(
            0,
            0,
            area.width.max(x + 1),
            area.height.max(y + 1),
        ));
        for row in 0..area.height {
            for col in 0..area.width {
                grown[(col, row)] = self.shown[(col, row)].clone();
            }
        }
        self.shown = grown;
    }

    /// Keeps the model from the changed cells alone (no whole frame was given).
    fn apply(&mut self, writes: &BTreeMap<(u16, u16), Cell>) {
        for (&(y, x), cell) in writes {
            if let Some(c) = self.shown.cell_mut((x, y)) {
                *c = cell.clone();
            }
        }
        // ratatui never sends the cells under a wide character's right half, and
        // changes them without saying: in the model they are blanks in its style,
        // which is what the terminal shows if the character is later cut in two.
        for (&(y, x), cell) in writes {
            for under in x + 1..x + Self::cells(cell.symbol()) {
                if let Some(c) = self.shown.cell_mut((under, y)) {
                    *c = cell.clone();
                    c.set_symbol(" ");
                }
            }
        }
    }

    fn reset_model(&mut self) {
        let size = self.size().unwrap_or_default();
        self.shown = Buffer::empty(Rect::new(0, 0, size.width, size.height));
    }
}

/// True when every terminal advances the cursor by the symbol's width: a single
/// East Asian wide character (not an emoji, whose width terminals disagree on).
fn advance_is_certain(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => (c as u32) < 0x1F000 && c.width() == Some(2) && c.width_cjk() == Some(2),
        _ => false,
    }
}

impl<W: Write> Write for DeskBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for DeskBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // What to write, by position (row first, so the output runs left to right).
        let mut writes: BTreeMap<(u16, u16), Cell> = BTreeMap::new();
        if self.shown.area.is_empty() {
            // The first frame: the alternate screen starts blank.
            self.reset_model();
        }
        for (x, y, cell) in content {
            self.fit(x, y);
            writes.insert((y, x), cell.clone());
        }
        let prev = self.shown.clone();
        // The frame as it is meant to be once drawn: given whole by the caller, else
        // the last one with the changed cells applied.
        let next = self.next.borrow_mut().take();
        match next {
            Some(frame) if frame.area == self.shown.area => self.shown = frame,
            _ => self.apply(&writes),
        }
        // Every write may spoil cells: those of a wide character it cuts into, and
        // the cell after it when it is wide. Redrawing a spoiled cell is a write too.
        let mut todo: Vec<(u16, u16)> = writes.keys().map(|&(y, x)| (x, y)).collect();
        while let Some((x, y)) = todo.pop() {
            let w = Self::cells(writes[&(y, x)].symbol());
            let mut spoiled: Vec<u16> = Vec::new();
            for probe in x..x + w {
                if let Some((start, ow)) = Self::wide_at(&prev, probe, y) {
                    spoiled.extend(start..start + ow);
                }
            }
            if w > 1 {
                spoiled.push(x + w);
            }
            for p in spoiled {
                if p >= self.shown.area.right() {
                    continue;
                }
                // A cell under the right half of a wide character is redrawn by
                // drawing the character.
                let at = match Self::wide_at(&self.shown, p, y) {
                    Some((start, _)) => start,
                    None => p,
                };
                if writes.contains_key(&(y, at)) || covered(&writes, at, y) {
                    continue;
                }
                writes.insert((y, at), self.shown[(at, y)].clone());
                todo.push((at, y));
            }
        }
        // A cell under the right half of a wide character is drawn by the character;
        // any other cell with an empty symbol (a widget wrote over half of a wide
        // character) is a blank, and must be printed as one or the old text stays.
        let keys: Vec<(u16, u16)> = writes.keys().copied().collect();
        for (y, x) in keys {
            if Self::wide_at(&self.shown, x, y).is_some_and(|(start, _)| start < x) {
                writes.remove(&(y, x));
            } else if let Some(cell) = writes.get_mut(&(y, x))
                && cell.symbol().is_empty()
            {
                cell.set_symbol(" ");
            }
        }

        // The crossterm backend moves the cursor unless a cell follows the previous
        // one; after a wide character whose advance is certain, an empty stand-in at
        // its last column says where the cursor is, so the next symbol needs no move.
        // After any other wide symbol the next cell is not adjacent, so it gets an
        // absolute move.
        let stand_ins: Vec<(u16, u16, Cell)> = writes
            .iter()
            .filter(|(_, c)| Self::cells(c.symbol()) > 1 && advance_is_certain(c.symbol()))
            .map(|(&(y, x), c)| {
                let mut s = c.clone();
                s.set_symbol("");
                (x + Self::cells(c.symbol()) - 1, y, s)
            })
            .collect();
        let mut stand_in = stand_ins.iter().peekable();
        let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(writes.len() * 2);
        for (&(y, x), cell) in &writes {
            out.push((x, y, cell));
            if let Some((sx, sy, s)) = stand_in.peek()
                && *sy == y
                && *sx == x + Self::cells(cell.symbol()) - 1
                && Self::cells(cell.symbol()) > 1
            {
                out.push((*sx, *sy, s));
                stand_in.next();
            }
        }
        self.inner.draw(out.into_iter())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.reset_model();
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        if clear_type == ClearType::All {
            self.reset_model();
        }
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(s) => Ok(s),
            None => self.inner.size(),
        }
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        match self.fixed_size {
            Some(columns_rows) => Ok(WindowSize {
                columns_rows,
                pixels: Size::default(),
            }),
            None => self.inner.window_size(),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// True when `(x, y)` lies under the right part of a wide character in `writes`.
fn covered(writes: &BTreeMap<(u16, u16), Cell>, x: u16, y: u16) -> bool {
    x.checked_sub(1)
        .and_then(|left| writes.get(&(y, left)))
        .is_some_and(|c| c.symbol().width() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    /// Draws `frames` one after another as the console does (each frame the diff
    /// from the previous one) and returns the terminal model and the last bytes.
    fn shown(frames: &[Buffer]) -> (vt100::Parser, String) {
        let area = frames[0].area;
        let mut out: Vec<u8> = Vec::new();
        let mut parser = vt100::Parser::new(
            std::num::NonZeroU16::new(area.height).unwrap(),
            std::num::NonZeroU16::new(area.width).unwrap(),
            0,
        );
        let mut prev = Buffer::empty(area);
        let mut last = String::new();
        for f in frames {
            let mut b = DeskBackend::with_size(&mut out, Size::new(area.width, area.height));
            b.shown = prev.clone();
            *b.next.borrow_mut() = Some(f.clone());
            b.draw(prev.diff(f).into_iter()).unwrap();
            drop(b);
            parser.process(&out);
            last = String::from_utf8(std::mem::take(&mut out)).unwrap();
            prev = f.clone();
        }
        (parser, last)
    }

    fn frame(w: u16, rows: &[(u16, &str, Style)]) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, 1));
        for (x, text, style) in rows {
            buf.set_string(*x, 0, text, *style);
        }
        buf
    }

    /// The columns the last frame's bytes write: replayed on a screen full of a
    /// letter never drawn here (runic ᚠ), every cell they touch changes.
    fn written(bytes: &str, width: u16) -> Vec<u16> {
        let mut p = vt100::Parser::new(
            std::num::NonZeroU16::new(1).unwrap(),
            std::num::NonZeroU16::new(width).unwrap(),
            0,
        );
        p.process("ᚠ".repeat(usize::from(width)).as_bytes());
        p.process(bytes.as_bytes());
        (0..width)
            .filter(|x| p.screen().cell(0, *x).unwrap().contents() != "ᚠ")
            .collect()
    }

    #[test]
    fn a_wide_character_cut_in_two_is_redrawn_whole() {
        // 东 on a yellow bar at columns 1–2, then 华 at 0–1 cuts it in two. The
        // terminal erases 东; PuTTY keeps its yellow on column 2. ratatui's buffer
        // says column 2 did not change, so only this backend rewrites it.
        let before = frame(
            4,
            &[
                (0, "a", Style::new()),
                (1, "东", Style::new().bg(Color::Yellow)),
            ],
        );
        let after = frame(4, &[(0, "华", Style::new().fg(Color::Red))]);
        assert!(!before.diff(&after).iter().any(|(x, _, _)| *x == 2));
        let (term, bytes) = shown(&[before, after]);
        assert_eq!(written(&bytes, 4), vec![0, 1, 2], "{bytes:?}");
        assert_eq!(
            term.screen().cell(0, 2).unwrap().bgcolor(),
            vt100::Color::Default
        );
    }

    #[test]
    fn the_cells_a_wide_character_covered_are_rewritten() {
        // 门 at 2–3 replaced by a narrow 'x' at 3 only: column 2 (the left half the
        // terminal blanks) is redrawn from the frame.
        let before = frame(6, &[(0, "ab门", Style::new().bg(Color::Blue))]);
        let after = frame(6, &[(0, "abcx", Style::new().bg(Color::Blue))]);
        let (term, _) = shown(&[before, after]);
        let row: String = (0..4)
            .map(|x| term.screen().cell(0, x).unwrap().contents().to_string())
            .collect();
        assert_eq!(row, "abcx");
    }

    #[test]
    fn chinese_runs_need_no_cursor_move_between_characters() {
        let plain = frame(24, &[(0, "08:00 东门 in 王芳 学生", Style::new())]);
        let (term, bytes) = shown(&[plain]);
        assert!(bytes.contains("东门 in"), "{bytes:?}");
        assert!(bytes.contains("王芳 学生"), "{bytes:?}");
        // Moves only to the row's start and over the blanks that did not change.
        assert_eq!(bytes.matches('H').count(), 3, "{bytes:?}");
        assert!(
            term.screen()
                .contents()
                .starts_with("08:00 东门 in 王芳 学生")
        );
    }

    #[test]
    fn an_emoji_is_followed_by_an_absolute_move() {
        // Terminals disagree on emoji widths: what follows one is placed absolutely.
        let f = frame(10, &[(0, "a😀b", Style::new())]);
        let (_, bytes) = shown(&[f]);
        assert!(bytes.contains("😀\u{1b}[1;4Hb"), "{bytes:?}");
    }

    #[test]
    fn an_empty_symbol_left_by_a_cut_wide_character_prints_a_blank() {
        // A widget wrote 'x' over the left half of 东: the right half's cell holds an
        // empty symbol, which must reach the terminal as a blank.
        let before = frame(4, &[(0, "1234", Style::new())]);
        let mut after = frame(4, &[(0, "东", Style::new())]);
        after.set_string(0, 0, "x", Style::new());
        let (term, _) = shown(&[before, after]);
        assert_eq!(term.screen().contents().trim_end(), "x");
    }
}
