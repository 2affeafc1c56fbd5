//! The palette against real terminal defaults: every style the console draws text
//! in, alone and on a selected row, must reach 4.5:1 (WCAG 2 contrast, from relative
//! luminance) on the background it is meant for — the light palette on xterm's
//! defaults (black on white), the dark palette on PuTTY's (grey on black) — with each
//! emulator's own rules for bold and reverse applied.

use super::theme::{RowKind, Theme};
use crate::app::providers::Tone;
use crate::app::state::Look;
use crate::domain::CodeColour;
use ratatui::style::{Color, Modifier, Style};

type Rgb = (u8, u8, u8);

/// xterm's 16 colours, from its resource defaults (XTerm-col.ad / charproc.c:
/// color0–color15 = black, red3, green3, yellow3, blue2, magenta3, cyan3, gray90,
/// gray50, red, green, yellow, #5c5cff, magenta, cyan, white).
const XTERM_16: [Rgb; 16] = [
    (0x00, 0x00, 0x00),
    (0xcd, 0x00, 0x00),
    (0x00, 0xcd, 0x00),
    (0xcd, 0xcd, 0x00),
    (0x00, 0x00, 0xee),
    (0xcd, 0x00, 0xcd),
    (0x00, 0xcd, 0xcd),
    (0xe5, 0xe5, 0xe5),
    (0x7f, 0x7f, 0x7f),
    (0xff, 0x00, 0x00),
    (0x00, 0xff, 0x00),
    (0xff, 0xff, 0x00),
    (0x5c, 0x5c, 0xff),
    (0xff, 0x00, 0xff),
    (0x00, 0xff, 0xff),
    (0xff, 0xff, 0xff),
];

/// PuTTY's default colours (settings.c, "Colour0".."Colour21"): the 16 ANSI colours
/// here, and the defaults below.
const PUTTY_16: [Rgb; 16] = [
    (0x00, 0x00, 0x00),
    (0xbb, 0x00, 0x00),
    (0x00, 0xbb, 0x00),
    (0xbb, 0xbb, 0x00),
    (0x00, 0x00, 0xbb),
    (0xbb, 0x00, 0xbb),
    (0x00, 0xbb, 0xbb),
    (0xbb, 0xbb, 0xbb),
    (0x55, 0x55, 0x55),
    (0xff, 0x55, 0x55),
    (0x55, 0xff, 0x55),
    (0xff, 0xff, 0x55),
    (0x55, 0x55, 0xff),
    (0xff, 0x55, 0xff),
    (0x55, 0xff, 0xff),
    (0xff, 0xff, 0xff),
];

/// One emulator's defaults and its rules for bold and reverse.
struct Emulator {
    name: &'static str,
    basic: [Rgb; 16],
    fg: Rgb,
    bg: Rgb,
    /// The colour of bold default-colour text; PuTTY has its own for the default
    /// foreground (#ffffff) and the default background (#555555).
    bold_fg: Rgb,
    bold_bg: Rgb,
}

/// xterm with its defaults: black on white; `boldColors` true (bold turns colours
/// 0–7 into 8–15).
const XTERM: Emulator = Emulator {
    name: "xterm",
    basic: XTERM_16,
    fg: (0, 0, 0),
    bg: (0xff, 0xff, 0xff),
    bold_fg: (0, 0, 0),
    bold_bg: (0xff, 0xff, 0xff),
};

/// PuTTY (and pterm) with its defaults: #bbbbbb on black; bold as colour (colours
/// 0–7 become 8–15, the defaults become the bold defaults), applied after reverse.
const PUTTY: Emulator = Emulator {
    name: "PuTTY",
    basic: PUTTY_16,
    fg: (0xbb, 0xbb, 0xbb),
    bg: (0x00, 0x00, 0x00),
    bold_fg: (0xff, 0xff, 0xff),
    bold_bg: (0x55, 0x55, 0x55),
};

/// The 256-colour cube and grey ramp (xterm's 256colres.pl; PuTTY the same).
fn indexed(e: &Emulator, i: u8) -> Rgb {
    match i {
        0..=15 => e.basic[usize::from(i)],
        16..=231 => {
            let levels = [0, 95, 135, 175, 215, 255];
            let n = usize::from(i - 16);
            (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// A colour as the terminal is told it: the default, or a palette index.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    DefaultFg,
    DefaultBg,
    Index(u8),
    Rgb(Rgb),
}

fn slot(c: Option<Color>, default: Slot) -> Slot {
    let i = match c {
        None | Some(Color::Reset) => return default,
        Some(Color::Rgb(r, g, b)) => return Slot::Rgb((r, g, b)),
        Some(Color::Indexed(i)) => i,
        Some(Color::Black) => 0,
        Some(Color::Red) => 1,
        Some(Color::Green) => 2,
        Some(Color::Yellow) => 3,
        Some(Color::Blue) => 4,
        Some(Color::Magenta) => 5,
        Some(Color::Cyan) => 6,
        Some(Color::Gray) => 7,
        Some(Color::DarkGray) => 8,
        Some(Color::LightRed) => 9,
        Some(Color::LightGreen) => 10,
        Some(Color::LightYellow) => 11,
        Some(Color::LightBlue) => 12,
        Some(Color::LightMagenta) => 13,
        Some(Color::LightCyan) => 14,
        Some(Color::White) => 15,
    };
    Slot::Index(i)
}

/// The text and background colours an emulator shows for a style.
fn shown(e: &Emulator, style: Style) -> (Rgb, Rgb) {
    let m = style.add_modifier;
    let mut fg = slot(style.fg, Slot::DefaultFg);
    let mut bg = slot(style.bg, Slot::DefaultBg);
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    let bold = m.contains(Modifier::BOLD);
    let rgb = |s: Slot, text: bool| match s {
        Slot::Rgb(c) => c,
        Slot::Index(i) if text && bold && i < 8 => indexed(e, i + 8),
        Slot::Index(i) => indexed(e, i),
        Slot::DefaultFg if text && bold => e.bold_fg,
        Slot::DefaultFg => e.fg,
        Slot::DefaultBg if text && bold => e.bold_bg,
        Slot::DefaultBg => e.bg,
    };
    (rgb(fg, true), rgb(bg, false))
}

fn luminance((r, g, b): Rgb) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every style the console draws text in, by name.
fn styles(t: &Theme) -> Vec<(&'static str, Style)> {
    vec![
        ("plain text", Style::new()),
        ("title", t.title()),
        ("dim", t.dim()),
        ("key", t.key()),
        ("header", t.header()),
        ("attention border", t.attention_border()),
        ("denied", t.denied()),
        ("flagged", t.flagged()),
        ("error", t.error()),
        ("tone good", t.tone(Tone::Good)),
        ("tone warn", t.tone(Tone::Warn)),
        ("code green", t.code(Some(CodeColour::Green))),
        ("code yellow", t.code(Some(CodeColour::Yellow))),
        ("code red", t.code(Some(CodeColour::Red))),
        ("no code", t.code(None)),
        ("new row", t.fresh(RowKind::Plain)),
        ("new flagged row", t.fresh(RowKind::Flagged)),
        ("new refused row", t.fresh(RowKind::Denied)),
        ("admitted banner", t.banner(true)),
        ("refused banner", t.banner(false)),
        ("input", t.input(true)),
    ]
}

/// The failures of one palette on one emulator, alone and selected.
fn failures(look: Look, e: &Emulator) -> Vec<String> {
    let t = Theme::new(look);
    let mut out = Vec::new();
    for (name, style) in styles(&t) {
        for (how, s) in [("", style), (" selected", style.patch(t.selected()))] {
            let (fg, bg) = shown(e, s);
            let c = contrast(fg, bg);
            if c < 4.5 {
                out.push(format!(
                    "{}: {name}{how} {fg:02x?} on {bg:02x?} is {c:.2}:1",
                    e.name
                ));
            }
        }
    }
    out
}

fn look(color: bool, light: bool) -> Look {
    Look {
        color,
        ascii: false,
        wide: false,
        light,
    }
}

#[test]
fn the_light_palette_reads_on_xterms_white() {
    let f = failures(look(true, true), &XTERM);
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn the_dark_palette_reads_on_puttys_black() {
    let f = failures(look(true, false), &PUTTY);
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn without_colour_everything_reads_on_both() {
    for e in [&XTERM, &PUTTY] {
        let f = failures(look(false, false), e);
        assert!(f.is_empty(), "{}", f.join("\n"));
    }
}

#[test]
fn the_model_reproduces_the_reported_defects() {
    // The measurements, from the colours used before: yellow text on
    // xterm's white, and a selected refused row on PuTTY (dark grey on red).
    let yellow = contrast(shown(&XTERM, Style::new().fg(Color::Yellow)).0, XTERM.bg);
    assert!((1.5..1.9).contains(&yellow), "{yellow}");
    let selected_red = Style::new()
        .fg(Color::Red)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let (fg, bg) = shown(&PUTTY, selected_red);
    assert!(contrast(fg, bg) < 1.2, "{fg:?} on {bg:?}");
}
