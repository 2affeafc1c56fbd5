//! A one-line text input (filter, command line, form fields) on top of `tui-input`,
//! which moves by grapheme and measures by display width, so Chinese text typed
//! through an input method edits and scrolls correctly.

use super::key::{Key, KeyCode};
use crate::domain::text::is_forbidden;
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone, Default)]
pub struct TextInput {
    inner: Input,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.inner.value() == other.inner.value() && self.inner.cursor() == other.inner.cursor()
    }
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        Self {
            inner: Input::new(value.to_string()),
        }
    }

    pub fn value(&self) -> &str {
        self.inner.value()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.value().trim().is_empty()
    }

    pub fn clear(&mut self) {
        self.inner.reset();
    }

    pub fn set(&mut self, value: &str) {
        self.inner = Input::new(value.to_string());
    }

    /// Display columns from the start of the text to the cursor.
    pub fn cursor_column(&self) -> usize {
        self.inner.visual_cursor()
    }

    /// Columns scrolled off the left when shown `width` columns wide.
    pub fn scroll(&self, width: usize) -> usize {
        self.inner.visual_scroll(width)
    }

    /// Applies an editing key. Returns false for keys that do not edit text (they are
    /// left to the keymap): Enter, Esc, Tab, Up, Down and function keys.
    pub fn handle(&mut self, key: Key) -> bool {
        let Some(req) = request(key) else {
            return false;
        };
        if let InputRequest::InsertChar(c) = req
            && is_forbidden(c)
        {
            return true; // swallowed: control characters never enter a field
        }
        self.inner.handle(req);
        true
    }

    /// Inserts pasted text at the cursor, dropping line breaks and control characters.
    pub fn paste(&mut self, text: &str) {
        for c in text.chars().filter(|c| !is_forbidden(*c)) {
            self.inner.handle(InputRequest::InsertChar(c));
        }
    }
}

fn request(key: Key) -> Option<InputRequest> {
    use InputRequest::*;
    if key.ctrl {
        return match key.code {
            KeyCode::Char('a') => Some(GoToStart),
            KeyCode::Char('e') => Some(GoToEnd),
            KeyCode::Char('u') => Some(DeleteLine),
            KeyCode::Char('w') => Some(DeletePrevWord),
            KeyCode::Char('k') => Some(DeleteTillEnd),
            KeyCode::Left => Some(GoToPrevWord),
            KeyCode::Right => Some(GoToNextWord),
            _ => None,
        };
    }
    if key.alt {
        return None;
    }
    match key.code {
        KeyCode::Char(c) => Some(InsertChar(c)),
        KeyCode::Backspace => Some(DeletePrevChar),
        KeyCode::Delete => Some(DeleteNextChar),
        KeyCode::Left => Some(GoToPrevChar),
        KeyCode::Right => Some(GoToNextChar),
        KeyCode::Home => Some(GoToStart),
        KeyCode::End => Some(GoToEnd),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> TextInput {
        let mut i = TextInput::default();
        for c in s.chars() {
            i.handle(Key::ch(c));
        }
        i
    }

    #[test]
    fn edits_chinese_text_by_character_and_measures_by_width() {
        let mut i = typed("王小明");
        assert_eq!(i.cursor_column(), 6);
        i.handle(Key::new(KeyCode::Backspace));
        assert_eq!(i.value(), "王小");
        i.handle(Key::new(KeyCode::Left));
        assert_eq!(i.cursor_column(), 2);
    }

    #[test]
    fn refuses_control_characters_typed_or_pasted() {
        let mut i = typed("a\u{1b}b");
        assert_eq!(i.value(), "ab");
        i.paste("c\n\u{1b}[2Jd");
        assert_eq!(i.value(), "abc[2Jd");
    }

    #[test]
    fn leaves_navigation_keys_to_the_keymap() {
        let mut i = TextInput::default();
        assert!(!i.handle(Key::new(KeyCode::Enter)));
        assert!(!i.handle(Key::new(KeyCode::Tab)));
        assert!(!i.handle(Key::new(KeyCode::Up)));
        assert!(i.handle(Key::ctrl('u')));
    }
}
