//! Text that reaches a terminal or the database: names are checked on input, and
//! everything read back is sanitised before it is printed or drawn.

/// True for characters that must never come from data: C0/C1 controls (ESC starts
/// terminal escape sequences), DEL, and bidirectional overrides that reorder a line.
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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

/// Checks a name or other short label: trimmed, non-empty, no control characters.
pub fn clean_label(input: &str, max_chars: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    clean_optional(s, max_chars).map(|s| s.to_string())
}

/// Checks free text that may be empty (notes, reasons): no control characters but
/// newline and tab, bounded length.
pub fn clean_optional(input: &str, max_chars: usize) -> Result<&str, TextError> {
    if input
        .chars()
        .any(|c| is_forbidden(c) && c != '\n' && c != '\t')
    {
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
    }
}
