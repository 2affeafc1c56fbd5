//! Text measured and cut by display width (a Chinese character is two cells), never
//! in the middle of a character. The cut mark is `~`: `…` has an ambiguous width in
//! CJK terminals. Text is taken a grapheme cluster at a time and each cluster measured
//! as a whole, as ratatui draws it: a character's width alone can be wrong for the
//! cluster (`0` + U+FE0F is two cells, not one).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    s.width()
}

/// At most `max` cells of `s`; a cut text ends in `~`.
pub fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('~');
    out
}

/// Exactly `w` cells: cut or padded with spaces on the right.
pub fn pad(s: &str, w: usize) -> String {
    let c = cut(s, w);
    let fill = w.saturating_sub(c.width());
    format!("{c}{}", " ".repeat(fill))
}

/// Exactly `w` cells, right-aligned.
pub fn pad_left(s: &str, w: usize) -> String {
    let c = cut(s, w);
    let fill = w.saturating_sub(c.width());
    format!("{}{c}", " ".repeat(fill))
}

/// The text without its first `cols` display columns (a scrolled input field).
pub fn skip(s: &str, cols: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for g in s.graphemes(true) {
        if used >= cols {
            out.push_str(g);
        } else {
            used += g.width();
        }
    }
    out
}

/// Wraps text into lines of at most `max` cells, breaking at spaces where it can
/// and between characters otherwise (Chinese has no spaces).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in split_keep_spaces(para) {
            let w = word.width();
            if used + w <= max {
                line.push_str(word);
                used += w;
                continue;
            }
            if word.trim().is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            if used > 0 && w <= max {
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                line.push_str(word);
                used = w;
                continue;
            }
            for g in word.graphemes(true) {
                let gw = g.width();
                if used + gw > max {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(g);
                used += gw;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Splits into runs of non-space and single spaces, keeping both. CJK characters are
/// their own words, so a line may break between any two of them.
fn split_keep_spaces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, g) in s.grapheme_indices(true) {
        let wide = g.width() >= 2;
        if g == " " || wide {
            if start < i {
                out.push(&s[start..i]);
            }
            out.push(g);
            start = i + g.len();
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_width_without_splitting_a_character() {
        assert_eq!(cut("欧阳娜娜娜", 5), "欧阳~");
        assert_eq!(cut("欧阳娜娜娜", 6), "欧阳~");
        assert_eq!(cut("欧阳娜娜娜", 10), "欧阳娜娜娜");
        assert_eq!(pad("王", 4), "王  ");
        assert_eq!(pad_left("37.5", 5), " 37.5");
        assert_eq!(width(&pad("欧阳娜娜娜", 7)), 7);
    }

    #[test]
    fn wraps_chinese_between_characters_and_english_at_spaces() {
        assert_eq!(
            wrap("花名册为空请导入", 6),
            vec!["花名册", "为空请", "导入"]
        );
        assert_eq!(wrap("import the roster", 10), vec!["import the", "roster"]);
        for l in wrap("终端太小：至少需要 60x15", 7) {
            assert!(width(&l) <= 7, "{l}");
        }
    }
}
