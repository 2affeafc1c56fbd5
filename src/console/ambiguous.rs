//! Wide mode (`[console] ambiguous_width = "wide"`, or measured at start): the
//! terminal draws East Asian ambiguous characters — · – → ℃ °, box lines, quotes —
//! two cells wide, while the layout counts one. Every such
//! character would push the rest of its row one cell right. In wide mode the finished
//! frame is rewritten so that none reaches the terminal: each becomes an ASCII
//! character of one cell, whose width every terminal agrees on, and the layout holds.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthChar;

/// A character whose width depends on the terminal's setting.
pub fn is_ambiguous(c: char) -> bool {
    c.width() != c.width_cjk()
}

/// The one-cell ASCII stand-in for an ambiguous character.
pub fn replacement(c: char) -> char {
    match c {
        '·' | '•' | '∙' | '・' => '.',
        '–' | '—' | '―' | '─' | '━' | '═' | '┄' | '┈' | '‐' => '-',
        '│' | '┃' | '║' | '┆' | '┊' => '|',
        '→' | '⇒' | '▶' | '►' => '>',
        '←' | '⇐' | '◀' | '◄' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        '℃' => 'C',
        '°' | '○' | '●' | '◯' => 'o',
        '…' => '~',
        '×' => 'x',
        '÷' => '/',
        '±' => '+',
        '“' | '”' | '″' => '"',
        '‘' | '’' | '′' => '\'',
        '§' | '※' => '*',
        // Corners, tees and crossings of box drawing.
        '\u{2500}'..='\u{257f}' => '+',
        _ => '?',
    }
}

/// Rewrites every ambiguous character of a finished frame with its stand-in.
pub fn unambiguous(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let symbol = cell.symbol();
        if symbol.chars().any(is_ambiguous) {
            let plain: String = symbol
                .chars()
                .map(|c| if is_ambiguous(c) { replacement(c) } else { c })
                .collect();
            cell.set_symbol(&plain);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stand_in_is_one_cell_everywhere() {
        for c in "·–—→←↑↓℃°…×─│┌┐└┘├┤┬┴┼═║“”".chars()
        {
            assert!(is_ambiguous(c), "{c}");
            let r = replacement(c);
            assert!(r.is_ascii() && !is_ambiguous(r), "{c} -> {r}");
        }
        assert!(!is_ambiguous('东') && !is_ambiguous('a') && !is_ambiguous('：'));
    }

    #[test]
    fn a_frame_keeps_its_layout_and_loses_its_ambiguous_characters() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 20, 1));
        buf.set_string(0, 0, "│36.5℃ 阿卜·买 →│", ratatui::style::Style::new());
        unambiguous(&mut buf);
        let row: String = (0..20).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        // (A wide character's second cell reads as a blank here.)
        assert_eq!(row.trim_end(), "|36.5C 阿 卜 .买  >|");
    }
}
