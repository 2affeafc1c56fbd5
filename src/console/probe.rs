//! Questions to the terminal at start, once, before the first frame: its background
//! colour (OSC 11, for `[console] theme = "auto"`) and how wide it draws an East
//! Asian ambiguous character (`[console] ambiguous_width = "auto"`: print `·` at the
//! top left and ask for the cursor position). Both questions go out together and are
//! followed by a cursor-position request, which every terminal answers; the answers
//! come back in order, so once the position arrives nothing else will. The wait is
//! short (over SSH the answers travel back like keys do); without an answer the
//! console keeps the dark palette and narrow characters.

use crate::app::state::Look;
use std::io::{self, Write};
use std::time::{Duration, Instant};

/// How long to wait for the answers (a round trip over a slow SSH link included).
pub const TIMEOUT: Duration = Duration::from_millis(400);

/// Which questions to ask (`auto` settings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wanted {
    pub background: bool,
    pub width: bool,
}

/// What the terminal said; `None` where it said nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answers {
    /// The background is light (relative luminance above one half).
    pub light: Option<bool>,
    /// An ambiguous character took two cells.
    pub wide: Option<bool>,
    /// The cursor-position answer arrived (the end of the answers).
    pub complete: bool,
}

impl Answers {
    /// The look with what was measured; what was not keeps the configured value.
    pub fn apply(&self, look: &mut Look) {
        if let Some(light) = self.light {
            look.light = light;
        }
        if let Some(wide) = self.wide {
            look.wide = wide;
        }
    }
}

/// The bytes that ask. The ambiguous character is printed at column 1 of row 1, so
/// the cursor answers column 2 (narrow) or 3 (wide); the line is erased after.
pub fn questions(wanted: Wanted) -> Vec<u8> {
    let mut q = String::new();
    if wanted.background {
        q.push_str("\x1b]11;?\x1b\\");
    }
    if wanted.width {
        q.push_str("\x1b[1;1H\u{b7}");
    }
    q.push_str("\x1b[6n");
    if wanted.width {
        q.push_str("\x1b[1;1H\x1b[2K");
    }
    q.into_bytes()
}

/// Reads the answers out of what the terminal sent (keys typed meanwhile may be
/// mixed in and are ignored).
pub fn parse(bytes: &[u8], wanted: Wanted) -> Answers {
    let mut a = Answers::default();
    let text = String::from_utf8_lossy(bytes);
    if wanted.background
        && let Some(rgb) = background(&text)
    {
        a.light = Some(relative_luminance(rgb) > 0.5);
    }
    if let Some(col) = cursor_column(&text) {
        a.complete = true;
        if wanted.width {
            a.wide = match col {
                2 => Some(false),
                3 => Some(true),
                _ => None,
            };
        }
    }
    a
}

/// `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` (ended by BEL or ST): the colour as fractions.
fn background(text: &str) -> Option<[f64; 3]> {
    let start = text.find("\x1b]11;rgb:")? + "\x1b]11;rgb:".len();
    let rest = &text[start..];
    let end = rest.find(['\x07', '\x1b'])?;
    let mut parts = rest[..end].split('/');
    let mut rgb = [0.0; 3];
    for c in &mut rgb {
        let hex = parts.next()?;
        if hex.is_empty() || hex.len() > 4 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let max = (1u32 << (4 * hex.len() as u32)) - 1;
        *c = f64::from(u32::from_str_radix(hex, 16).ok()?) / f64::from(max);
    }
    parts.next().is_none().then_some(rgb)
}

/// The column of the last `ESC [ row ; col R` in the text.
fn cursor_column(text: &str) -> Option<u16> {
    let mut found = None;
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        let tail = &rest[i + 2..];
        let end = tail.find(|c: char| !(c.is_ascii_digit() || c == ';'));
        if let Some(end) = end
            && tail[end..].starts_with('R')
            && let Some((row, col)) = tail[..end].split_once(';')
            && !row.is_empty()
            && let Ok(col) = col.parse::<u16>()
        {
            found = Some(col);
        }
        rest = tail;
    }
    found
}

/// WCAG relative luminance of a colour given as fractions.
fn relative_luminance(rgb: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

/// Asks the terminal on standard output and reads the answers from standard input
/// (raw mode is on). Returns at the cursor-position answer or after `TIMEOUT`.
pub fn ask(wanted: Wanted) -> Answers {
    if wanted == Wanted::default() {
        return Answers::default();
    }
    let mut out = io::stdout();
    if out
        .write_all(&questions(wanted))
        .and_then(|()| out.flush())
        .is_err()
    {
        return Answers::default();
    }
    let started = Instant::now();
    let answers = read_answers(wanted, started + TIMEOUT);
    tracing::info!(
        "console: terminal answered {answers:?} in {} ms",
        started.elapsed().as_millis()
    );
    answers
}

/// Reads standard input until the cursor-position answer or the deadline.
fn read_answers(wanted: Wanted, deadline: Instant) -> Answers {
    let mut got: Vec<u8> = Vec::new();
    loop {
        let a = parse(&got, wanted);
        let left = deadline.saturating_duration_since(Instant::now());
        if a.complete || left.is_zero() {
            return a;
        }
        let mut fd = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, for the length given.
        let ready = unsafe { libc::poll(&mut fd, 1, left.as_millis() as libc::c_int) };
        if ready <= 0 {
            return parse(&got, wanted);
        }
        let mut buf = [0u8; 256];
        // SAFETY: reads at most buf.len() bytes into buf.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return parse(&got, wanted);
        }
        got.extend_from_slice(&buf[..n as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BOTH: Wanted = Wanted {
        background: true,
        width: true,
    };

    #[test]
    fn reads_xterms_white_and_puttys_black() {
        let xterm = parse(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[1;2R", BOTH);
        assert_eq!(xterm.light, Some(true));
        assert_eq!(xterm.wide, Some(false));
        let putty = parse(b"\x1b]11;rgb:0000/0000/0000\x07\x1b[1;3R", BOTH);
        assert_eq!(putty.light, Some(false));
        assert_eq!(putty.wide, Some(true));
    }

    #[test]
    fn a_terminal_that_does_not_know_osc_11_still_answers_the_width() {
        let a = parse(b"\x1b[1;2R", BOTH);
        assert_eq!((a.light, a.wide, a.complete), (None, Some(false), true));
    }

    #[test]
    fn nothing_back_means_the_defaults() {
        let mut look = Look {
            color: true,
            ascii: false,
            wide: false,
            light: false,
        };
        parse(b"", BOTH).apply(&mut look);
        assert!(!look.wide && !look.light);
    }

    #[test]
    fn asks_only_what_is_wanted_and_erases_the_probe() {
        let q = String::from_utf8(questions(Wanted {
            background: false,
            width: true,
        }))
        .unwrap();
        assert!(!q.contains("]11;") && q.contains('\u{b7}') && q.ends_with("\x1b[2K"));
        let q = String::from_utf8(questions(Wanted {
            background: true,
            width: false,
        }))
        .unwrap();
        assert!(q.contains("]11;?") && !q.contains('\u{b7}') && q.ends_with("\x1b[6n"));
    }

    proptest! {
        #[test]
        fn never_panics_on_anything_typed(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = parse(&bytes, BOTH);
        }

        #[test]
        fn finds_the_answers_among_keys(
            before in "[a-z0-9 ]{0,20}",
            after in "[a-z0-9 ]{0,20}",
            r in 0u16..=0xffff, g in 0u16..=0xffff, b in 0u16..=0xffff,
            col in 2u16..=3,
        ) {
            let reply = format!(
                "{before}\x1b]11;rgb:{r:04x}/{g:04x}/{b:04x}\x1b\\{after}\x1b[1;{col}R"
            );
            let a = parse(reply.as_bytes(), BOTH);
            let rgb = [r, g, b].map(|c| f64::from(c) / 65535.0);
            prop_assert_eq!(a.light, Some(relative_luminance(rgb) > 0.5));
            prop_assert_eq!(a.wide, Some(col == 3));
            prop_assert!(a.complete);
        }
    }
}
