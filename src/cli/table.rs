//! Plain-text tables for the terminal, aligned by display width so Chinese names line
//! up, with every cell sanitised (no escape sequence from the database reaches the
//! terminal).

use crate::domain::text::sanitize;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Pads or cuts `s` to exactly `width` display cells; a cut never splits a character.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total = s.width();
    let limit = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    // By grapheme cluster, measured whole (`0` + U+FE0F is two cells, not one).
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > limit {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if total > width && width > 0 {
        out.push('~'); // not '…': ambiguous width in CJK terminals
        used += 1;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Renders rows under a header; the last column is not padded.
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.width()).min(40);
            }
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let n = cells.len();
        let mut s = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i + 1 == n {
                    c.to_string()
                } else {
                    fit(c, widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_names_by_display_width() {
        let out = render(
            &["NAME", "GATE"],
            &[
                vec!["王小明".into(), "东门".into()],
                vec!["Li".into(), "西门".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        let col = |l: &str| l.find("门").map(|i| l[..i].width());
        assert_eq!(col(lines[1]), col(lines[2]));
    }

    #[test]
    fn cuts_by_width_without_splitting_characters() {
        assert_eq!(fit("王小明同学", 5), "王小~");
        assert_eq!(fit("王小明同学", 5).width(), 5);
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn sanitizes_cells() {
        assert!(!render(&["N"], &[vec!["a\u{1b}[2Jb".into()]]).contains('\u{1b}'));
    }
}
