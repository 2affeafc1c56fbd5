//! Terminal events to app messages.

use crate::app::{Key, KeyCode, Msg};
use crossterm::event::{
    Event, KeyCode as CKey, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

pub fn to_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if matches!(k.kind, KeyEventKind::Press | KeyEventKind::Repeat) => {
            key(k).map(Msg::Key)
        }
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        // Only the wheel is used when mouse capture is on: it scrolls lists.
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Msg::Key(Key::new(KeyCode::Down))),
            MouseEventKind::ScrollUp => Some(Msg::Key(Key::new(KeyCode::Up))),
            _ => None,
        },
        _ => None,
    }
}

fn key(k: KeyEvent) -> Option<Key> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    let shift = k.modifiers.contains(KeyModifiers::SHIFT);
    let code = match k.code {
        CKey::Char(c) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        CKey::Enter => KeyCode::Enter,
        CKey::Esc => KeyCode::Esc,
        CKey::Tab if shift => KeyCode::BackTab,
        CKey::Tab => KeyCode::Tab,
        CKey::BackTab => KeyCode::BackTab,
        CKey::Backspace => KeyCode::Backspace,
        CKey::Delete => KeyCode::Delete,
        CKey::Up => KeyCode::Up,
        CKey::Down => KeyCode::Down,
        CKey::Left => KeyCode::Left,
        CKey::Right => KeyCode::Right,
        CKey::PageUp => KeyCode::PageUp,
        CKey::PageDown => KeyCode::PageDown,
        CKey::Home => KeyCode::Home,
        CKey::End => KeyCode::End,
        CKey::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl, alt })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_ctrl_shift_and_function_keys() {
        let ev = |code, m| Event::Key(KeyEvent::new(code, m));
        let k = |code, m| match to_msg(ev(code, m)) {
            Some(Msg::Key(k)) => k,
            other => panic!("{other:?}"),
        };
        assert_eq!(k(CKey::Char('c'), KeyModifiers::CONTROL), Key::ctrl('c'));
        assert_eq!(k(CKey::Char('G'), KeyModifiers::SHIFT), Key::ch('G'));
        assert_eq!(
            k(CKey::Tab, KeyModifiers::SHIFT),
            Key::new(KeyCode::BackTab)
        );
        assert_eq!(k(CKey::F(2), KeyModifiers::NONE), Key::new(KeyCode::F(2)));
        let release = Event::Key(KeyEvent::new_with_kind(
            CKey::Char('q'),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        ));
        assert!(to_msg(release).is_none());
    }
}
