//! Tests through a terminal model. The console's real output — the bytes the runtime's
//! draw path writes, frame after frame, never cleared in between — is fed into a
//! terminal emulator (`vt100`) the size of the screen, and after every step the
//! emulated screen is compared cell by cell (text, colours, attributes) with what the
//! view meant to show. Steps walk every screen, open and close popups, type Chinese
//! into forms, let new rows arrive from another desk and resize the terminal.
//!
//! Terminals that draw East Asian ambiguous characters wide are modelled by giving
//! `vt100` a wide stand-in (`＃`) for every ambiguous character in the output: what
//! such a terminal does to the layout. The console's wide mode must survive it.

use super::backend::DeskBackend;
use super::tests::render;
use crate::app::testing::{Harness, person_entry};
use crate::app::{Key, KeyCode, Msg};
use crate::domain::Role;
use crate::i18n::Lang;
use ratatui::Terminal;
use ratatui::buffer::Buffer;
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier};
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A writer that keeps what it is given.
#[derive(Clone, Default)]
pub(super) struct Capture(Rc<RefCell<Vec<u8>>>);

impl Capture {
    pub(super) fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How the modelled terminal draws East Asian ambiguous characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ambiguous {
    Narrow,
    Wide,
}

/// What a terminal that draws ambiguous characters two cells wide makes of the
/// output: each such character becomes a wide one. Escape sequences are ASCII, so
/// only printed text is touched.
pub(super) fn as_ambiguous_wide(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .map(|c| if is_ambiguous(c) { '＃' } else { c })
        .collect::<String>()
        .into_bytes()
}

fn is_ambiguous(c: char) -> bool {
    c.width() != c.width_cjk()
}

/// The console drawn into a terminal model.
pub(super) struct Model {
    term: Terminal<DeskBackend<Capture>>,
    out: Capture,
    parser: vt100::Parser,
    ambiguous: Ambiguous,
    /// Bytes sent by the last step.
    pub(super) last_bytes: usize,
    /// Cells the last frame left as the terminal left them although a wide
    /// character there was cut in two (or was just written before them).
    spoiled: Vec<String>,
}

impl Model {
    pub(super) fn new(w: u16, h: u16, ambiguous: Ambiguous) -> Model {
        let out = Capture::default();
        let backend = DeskBackend::with_size(out.clone(), Size::new(w, h));
        Model {
            term: Terminal::new(backend).expect("terminal"),
            out,
            parser: vt100::Parser::new(nz(h), nz(w), 0),
            ambiguous,
            last_bytes: 0,
            spoiled: Vec::new(),
        }
    }

    /// The terminal window changes size: the emulator first, then the console
    /// learns of it and redraws, as the runtime does on a resize event.
    pub(super) fn resize(&mut self, h: &mut Harness, w: u16, hgt: u16) {
        self.parser.screen_mut().set_size(nz(hgt), nz(w));
        self.term.backend_mut().set_size(Size::new(w, hgt));
        h.send(Msg::Resize(w, hgt));
    }

    /// Draws the state as the runtime does and feeds the bytes to the emulator.
    pub(super) fn draw(&mut self, h: &Harness) {
        super::terminal::draw(&mut self.term, &h.state).expect("draw");
        let bytes = self.out.take();
        self.last_bytes = bytes.len();
        let bytes = match self.ambiguous {
            Ambiguous::Narrow => bytes,
            Ambiguous::Wide => as_ambiguous_wide(&bytes),
        };
        let before = wide_spans(self.parser.screen());
        self.parser.process(&bytes);
        self.spoiled = spoiled_cells(&before, self.parser.screen(), &bytes);
    }

    /// Compares the emulated screen with the intended one; the differences, if any.
    pub(super) fn differences(&self, h: &mut Harness) -> Vec<String> {
        let (rows, cols) = self.parser.screen().size();
        let want = render(h, cols.get(), rows.get());
        compare(&want, self.parser.screen())
    }

    /// Draws, then fails the test naming the step if the screen is not as meant.
    pub(super) fn check(&mut self, h: &mut Harness, step: &str) {
        self.draw(h);
        let diffs = self.differences(h);
        let diffs: Vec<String> = self.spoiled.iter().cloned().chain(diffs).collect();
        assert!(
            diffs.is_empty(),
            "after {step} ({:?} ambiguous, {:?}): {} cells differ:\n{}\n--- emulated screen:\n{}",
            self.ambiguous,
            h.state.lang,
            diffs.len(),
            diffs
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
            self.parser.screen().contents()
        );
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a screen is at least one cell")
}

/// Where the screen has wide characters: (row, first column).
fn wide_spans(screen: &vt100::Screen) -> Vec<(u16, u16)> {
    let (rows, cols) = screen.size();
    let mut out = Vec::new();
    for y in 0..rows.get() {
        for x in 0..cols.get() {
            if screen.cell(y, x).is_some_and(|c| c.is_wide()) {
                out.push((y, x));
            }
        }
    }
    out
}

/// The cells a frame's bytes write: replayed on a screen the same size filled with
/// a letter the console never shows (runic ᚠ), every cell they touch changes.
fn written_cells(screen: &vt100::Screen, bytes: &[u8]) -> std::collections::HashSet<(u16, u16)> {
    let (rows, cols) = screen.size();
    let mut runes = vt100::Parser::new(rows, cols, 0);
    for y in 0..rows.get() {
        runes.process(
            format!("\x1b[{};1H{}", y + 1, "ᚠ".repeat(usize::from(cols.get()))).as_bytes(),
        );
    }
    runes.process(bytes);
    let mut out = std::collections::HashSet::new();
    for y in 0..rows.get() {
        for x in 0..cols.get() {
            if runes
                .screen()
                .cell(y, x)
                .is_some_and(|c| c.contents() != "ᚠ")
            {
                out.insert((y, x));
            }
        }
    }
    out
}

/// The strict terminal's view. vt100 blanks the other half of a wide character
/// printed over; real terminals differ (PuTTY keeps its colours, some keep the
/// glyph), so a frame must itself write every cell of a wide character it cuts into,
/// and the cell right after every wide character it writes.
fn spoiled_cells(before: &[(u16, u16)], after: &vt100::Screen, bytes: &[u8]) -> Vec<String> {
    let written = written_cells(after, bytes);
    let (_, cols) = after.size();
    let mut out = Vec::new();
    for &(y, x) in before {
        let halves = [(y, x), (y, x + 1)];
        let hit = halves.iter().filter(|c| written.contains(c)).count();
        if hit == 1 {
            let left = halves.iter().find(|c| !written.contains(c)).unwrap();
            out.push(format!(
                "({},{}) half of a wide character cut in two, not rewritten",
                left.1, left.0
            ));
        }
    }
    for &(y, x) in &written {
        let wide = after.cell(y, x).is_some_and(|c| c.is_wide());
        if wide && x + 2 < cols.get() && !written.contains(&(y, x + 2)) {
            out.push(format!(
                "({},{y}) after a wide character, not rewritten",
                x + 2
            ));
        }
    }
    out.sort();
    out
}

/// vt100's colour for a ratatui colour, as crossterm sends it.
fn vt_color(c: Color) -> vt100::Color {
    use vt100::Color::{Default, Idx, Rgb};
    match c {
        Color::Reset => Default,
        Color::Black => Idx(0),
        Color::Red => Idx(1),
        Color::Green => Idx(2),
        Color::Yellow => Idx(3),
        Color::Blue => Idx(4),
        Color::Magenta => Idx(5),
        Color::Cyan => Idx(6),
        Color::Gray => Idx(7),
        Color::DarkGray => Idx(8),
        Color::LightRed => Idx(9),
        Color::LightGreen => Idx(10),
        Color::LightYellow => Idx(11),
        Color::LightBlue => Idx(12),
        Color::LightMagenta => Idx(13),
        Color::LightCyan => Idx(14),
        Color::White => Idx(15),
        Color::Indexed(i) => Idx(i),
        Color::Rgb(r, g, b) => Rgb(r, g, b),
    }
}

/// Every cell where the emulated screen differs from the intended buffer.
fn compare(want: &Buffer, got: &vt100::Screen) -> Vec<String> {
    let mut diffs = Vec::new();
    for y in 0..want.area.height {
        let mut x = 0;
        while x < want.area.width {
            let cell = &want[(x, y)];
            let sym = cell.symbol();
            let w = sym.width().max(1) as u16;
            let Some(g) = got.cell(y, x) else {
                diffs.push(format!("({x},{y}) missing in the emulator"));
                break;
            };
            let want_text = if sym.trim().is_empty() { "" } else { sym };
            let got_text = g.contents();
            let got_text = if got_text.trim().is_empty() {
                ""
            } else {
                got_text
            };
            let m = cell.modifier;
            let mut why = Vec::new();
            if want_text != got_text {
                why.push(format!("text {want_text:?} shown as {got_text:?}"));
            }
            if w > 1 && !g.is_wide() {
                why.push("wide character drawn narrow".into());
            }
            if w == 1 && g.is_wide_continuation() {
                why.push("covered by a wide character".into());
            }
            if vt_color(cell.fg) != g.fgcolor() && !want_text.is_empty() {
                why.push(format!("fg {:?} shown as {:?}", cell.fg, g.fgcolor()));
            }
            if vt_color(cell.bg) != g.bgcolor() {
                why.push(format!("bg {:?} shown as {:?}", cell.bg, g.bgcolor()));
            }
            if m.contains(Modifier::REVERSED) != g.inverse() {
                why.push(format!(
                    "reverse {} shown as {}",
                    m.contains(Modifier::REVERSED),
                    g.inverse()
                ));
            }
            if m.contains(Modifier::UNDERLINED) != g.underline() {
                why.push("underline differs".into());
            }
            if !want_text.is_empty() && m.contains(Modifier::BOLD) != g.bold() {
                why.push("bold differs".into());
            }
            if !why.is_empty() {
                diffs.push(format!("({x},{y}) {}", why.join(", ")));
            }
            x += w;
        }
    }
    diffs
}

/// Keys as the operator types them.
fn keys(h: &mut Harness, m: &mut Model, steps: &[(&str, &[Key])]) {
    for (name, ks) in steps {
        for k in *ks {
            h.key(*k);
        }
        m.check(h, name);
    }
}

fn ch(c: char) -> Key {
    Key::ch(c)
}

fn code(c: KeyCode) -> Key {
    Key::new(c)
}

/// Every screen in turn, popups opened and closed, Chinese typed into forms, rows
/// arriving from another desk, resizes — checked after every step.
fn walk(lang: Lang, ambiguous: Ambiguous, wide_mode: bool) {
    let mut h = super::tests_approvals::three_pending(Role::Leader, lang);
    h.state.look.wide = wide_mode;
    let mut m = Model::new(120, 40, ambiguous);
    m.resize(&mut h, 120, 40);
    m.check(&mut h, "the first frame");
    keys(
        &mut h,
        &mut m,
        &[
            ("j on the dashboard", &[ch('j')]),
            ("2: the gate log", &[ch('2')]),
            ("/ and 欧阳 typed", &[ch('/'), ch('欧'), ch('阳')]),
            ("Esc", &[code(KeyCode::Esc)]),
            ("3: fever cases", &[ch('3')]),
            ("j", &[ch('j')]),
            ("A: approvals", &[ch('A')]),
            ("Esc back to the fever list", &[code(KeyCode::Esc)]),
            ("Enter: a fever case", &[code(KeyCode::Enter)]),
            ("Esc", &[code(KeyCode::Esc)]),
            ("A: approvals", &[ch('A')]),
            ("j", &[ch('j')]),
            ("Enter: a request", &[code(KeyCode::Enter)]),
            ("Esc", &[code(KeyCode::Esc)]),
            ("y: the confirmation popup", &[ch('y')]),
            ("同意 typed", &[ch('同'), ch('意')]),
            ("Esc closes the popup", &[code(KeyCode::Esc)]),
            ("R: returns", &[ch('R')]),
            ("h: handover", &[ch('h')]),
            ("n: the note editor", &[ch('n')]),
            (
                "测温枪已校准 typed",
                &[ch('测'), ch('温'), ch('枪'), ch('已'), ch('校'), ch('准')],
            ),
            ("Esc closes the editor", &[code(KeyCode::Esc)]),
            ("H: handover history", &[ch('H')]),
            ("Esc", &[code(KeyCode::Esc)]),
            ("?: help", &[ch('?')]),
            ("Esc", &[code(KeyCode::Esc)]),
            ("a: the registration form", &[ch('a')]),
            (
                "a student number typed, Enter",
                &[
                    ch('2'),
                    ch('0'),
                    ch('2'),
                    ch('3'),
                    ch('0'),
                    ch('2'),
                    ch('0'),
                    ch('2'),
                    ch('0'),
                    ch('1'),
                    code(KeyCode::Enter),
                ],
            ),
            (
                "37.8 and Enter: a refusal",
                &[ch('3'), ch('7'), ch('.'), ch('8'), code(KeyCode::Enter)],
            ),
            ("F2: a visitor", &[code(KeyCode::F(2))]),
            ("钱多多 typed", &[ch('钱'), ch('多'), ch('多')]),
            ("Esc", &[code(KeyCode::Esc)]),
            ("1: the dashboard", &[ch('1')]),
            ("Enter: a person's card", &[code(KeyCode::Enter)]),
            ("Esc", &[code(KeyCode::Esc)]),
        ],
    );
    h.arrives(person_entry(
        "东门",
        "in",
        "2023010101",
        "36.6",
        "green",
        true,
    ));
    m.check(&mut h, "an admitted row arriving");
    h.arrives(person_entry(
        "东门",
        "in",
        "2023020201",
        "38.2",
        "green",
        true,
    ));
    m.check(&mut h, "a refused fever row arriving");
    h.tick(10);
    m.check(&mut h, "the highlight ending");
    for (w, hgt) in [(80, 24), (140, 40), (100, 30), (120, 40)] {
        m.resize(&mut h, w, hgt);
        m.check(&mut h, &format!("a resize to {w}x{hgt}"));
        keys(
            &mut h,
            &mut m,
            &[
                ("3", &[ch('3')]),
                ("A", &[ch('A')]),
                ("Esc", &[code(KeyCode::Esc)]),
                ("h", &[ch('h')]),
                ("a", &[ch('a')]),
                ("Esc", &[code(KeyCode::Esc)]),
                ("1", &[ch('1')]),
            ],
        );
    }
}

#[test]
fn every_screen_shows_what_it_means_to_in_chinese() {
    walk(Lang::Zh, Ambiguous::Narrow, false);
}

#[test]
fn every_screen_shows_what_it_means_to_in_english() {
    walk(Lang::En, Ambiguous::Narrow, false);
}

#[test]
fn the_wide_model_shows_what_ambiguous_characters_do_to_a_narrow_drawing() {
    // Box lines and · drawn one cell wide by the console but two by the terminal:
    // the model sees the borders and the right panel pushed out of place.
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    let mut m = Model::new(120, 40, Ambiguous::Wide);
    m.resize(&mut h, 120, 40);
    m.draw(&h);
    assert!(m.differences(&mut h).len() > 100);
}

#[test]
fn wide_mode_holds_in_a_terminal_that_draws_ambiguous_characters_wide_in_chinese() {
    walk(Lang::Zh, Ambiguous::Wide, true);
}

#[test]
fn wide_mode_holds_in_a_terminal_that_draws_ambiguous_characters_wide_in_english() {
    walk(Lang::En, Ambiguous::Wide, true);
}

#[test]
fn wide_mode_also_holds_in_a_narrow_terminal() {
    walk(Lang::Zh, Ambiguous::Narrow, true);
}
