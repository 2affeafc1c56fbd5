//! Text that reaches a terminal or the database: names are checked on input, and
//! everything read back is sanitised before it is printed or drawn.
//!
//! "Forbidden" is every character a reader cannot see or that changes how the rest
//! is shown: controls (Unicode general category Cc: ESC starts terminal escape
//! sequences), format characters (Cf: bidi overrides and marks, zero-width space,
//! joiners, U+061C, soft hyphen, BOM, tags), the line and paragraph separators
//! (Zl, Zp), and the blank "filler" letters that render as nothing (Hangul fillers,
//! braille blank, combining grapheme joiner, Mongolian variation selectors, Khmer
//! inherent vowels). They let two different names look alike in a list. The Cf set is
//! listed here from the Unicode tables (16.0) rather than taken from a crate: it is
//! short, changes rarely, and the standard library does not expose categories.

/// True for characters that must never come from data (see the module comment).
pub fn is_forbidden(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}') || is_filler(c)
}

/// Unicode general category Cf (format characters), Unicode 16.0.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Letters and marks that display as nothing at all.
fn is_filler(c: char) -> bool {
    matches!(
        c,
        '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'
            ..='\u{180F}' | '\u{2800}' | '\u{3164}' | '\u{FFA0}'
    )
}

/// Replaces every forbidden character with U+FFFD so nothing stored can drive the terminal.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(is_forbidden) {
        return s.to_string();
    }
    s.chars()
        .map(|c| if is_forbidden(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Why a free-text field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Empty,
    ControlCharacters,
    TooLong,
}

impl TextError {
    pub fn key(self) -> &'static str {
        match self {
            Self::Empty => "text.empty",
            Self::ControlCharacters => "text.control",
            Self::TooLong => "text.too_long",
        }
    }
}

/// Checks a name or other single-line label (names, ids, reasons, titles): trimmed,
/// non-empty, one line, nothing invisible.
pub fn clean_label(input: &str, max_chars: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    clean_line(s, max_chars).map(|s| s.to_string())
}

/// Checks a single-line text that may be empty: no line break, tab or invisible
/// character, bounded length.
pub fn clean_line(input: &str, max_chars: usize) -> Result<&str, TextError> {
    checked(input, max_chars, is_forbidden)
}

/// Checks free text that may be empty and may run over several lines (notes): line
/// feeds are kept, every other forbidden character (tabs included) is refused.
pub fn clean_optional(input: &str, max_chars: usize) -> Result<&str, TextError> {
    checked(input, max_chars, |c| c != '\n' && is_forbidden(c))
}

/// A required note: trimmed, non-empty, as `clean_optional`.
pub fn clean_note(input: &str, max_chars: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    clean_optional(s, max_chars).map(|s| s.to_string())
}

fn checked(
    input: &str,
    max_chars: usize,
    refused: impl Fn(char) -> bool,
) -> Result<&str, TextError> {
    if input.chars().any(refused) {
        return Err(TextError::ControlCharacters);
    }
    if input.chars().count() > max_chars {
        return Err(TextError::TooLong);
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_escape_sequences() {
        assert_eq!(sanitize("张\u{1b}[31m三"), "张\u{FFFD}[31m三");
        assert_eq!(sanitize("a\u{9b}b"), "a\u{FFFD}b");
        assert_eq!(sanitize("普通名字"), "普通名字");
    }

    #[test]
    fn refuses_names_with_control_characters() {
        assert_eq!(
            clean_label("张\u{1b}]0;x\u{7}", 40),
            Err(TextError::ControlCharacters)
        );
        assert_eq!(clean_label("  ", 40), Err(TextError::Empty));
        assert_eq!(clean_label(" 李玉德 ", 40), Ok("李玉德".to_string()));
        assert_eq!(clean_label("abcdef", 3), Err(TextError::TooLong));
    }

    #[test]
    fn notes_may_hold_newlines_but_not_escapes() {
        assert!(clean_optional("第一行\n第二行", 100).is_ok());
        assert!(clean_optional("x\u{1b}[2J", 100).is_err());
        assert!(clean_optional("a\tb", 100).is_err());
        assert_eq!(
            clean_note(" 第一行\n第二行 ", 100).as_deref(),
            Ok("第一行\n第二行")
        );
    }

    #[test]
    fn single_line_fields_refuse_line_breaks_tabs_and_invisible_characters() {
        for bad in [
            "张\n三",
            "张\t三",
            "张\u{200B}三",
            "张\u{200C}三",
            "张\u{200D}三",
            "张\u{061C}三",
            "张\u{2028}三",
            "张\u{2029}三",
            "张\u{3164}三",
            "张\u{00AD}三",
            "\u{FEFF}张三",
            "张三\u{E0041}",
            "张\u{202E}三",
        ] {
            assert_eq!(
                clean_label(bad, 40),
                Err(TextError::ControlCharacters),
                "{bad:?}"
            );
            assert!(clean_line(bad, 40).is_err(), "{bad:?}");
            assert!(!sanitize(bad).chars().any(is_forbidden), "{bad:?}");
        }
        assert_eq!(
            clean_label("阿卜杜热合曼·买买提江", 40).as_deref(),
            Ok("阿卜杜热合曼·买买提江")
        );
        assert_eq!(clean_line("", 40), Ok(""));
    }
}
