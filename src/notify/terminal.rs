//! The terminal's own signals: the bell (BEL) and an OSC 777 desktop-style
//! notification (`ESC ] 777 ; notify ; TITLE ; BODY BEL`), understood by many terminal
//! emulators and carried over SSH. The bytes are not written here: they go through a
//! channel to the console, which writes them between frames on its output path.

use super::{Alert, Channels, Notifier};
use crate::domain::text::is_forbidden;
use tokio::sync::mpsc::UnboundedSender;

/// The bytes for one alert on the enabled terminal channels (empty if none).
pub fn terminal_bytes(alert: &Alert, channels: Channels) -> Vec<u8> {
    let mut out = Vec::new();
    if channels.osc {
        out.extend_from_slice(b"\x1b]777;notify;");
        out.extend_from_slice(osc_text(&alert.title, true).as_bytes());
        out.push(b';');
        out.extend_from_slice(osc_text(&alert.body, false).as_bytes());
        out.push(0x07);
    }
    if channels.bell {
        out.push(0x07);
    }
    out
}

/// Text safe inside an OSC string: no control characters (they would end or hijack
/// the sequence), and no `;` in the title (it separates title from body).
fn osc_text(s: &str, title: bool) -> String {
    s.chars()
        .map(|c| {
            if is_forbidden(c) {
                ' '
            } else if title && c == ';' {
                ','
            } else {
                c
            }
        })
        .collect()
}

/// Sends bell/OSC bytes to the console's output.
#[derive(Clone)]
pub struct TerminalNotifier {
    out: UnboundedSender<Vec<u8>>,
}

impl TerminalNotifier {
    pub fn new(out: UnboundedSender<Vec<u8>>) -> Self {
        Self { out }
    }
}

impl Notifier for TerminalNotifier {
    fn signal(&self, alert: &Alert, channels: Channels) {
        let bytes = terminal_bytes(alert, channels);
        if !bytes.is_empty() {
            // The console may already be closing: a lost bell is not an error.
            let _ = self.out.send(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::AlertKind;

    fn alert(title: &str, body: &str) -> Alert {
        Alert {
            kind: AlertKind::Fever,
            title: title.into(),
            body: body.into(),
        }
    }

    const ALL: Channels = Channels {
        desktop: false,
        bell: true,
        osc: true,
    };

    #[test]
    fn writes_osc_777_then_the_bell() {
        let b = terminal_bytes(&alert("体温异常", "东门 王小明 37.6"), ALL);
        assert_eq!(
            b,
            "\x1b]777;notify;体温异常;东门 王小明 37.6\x07\x07".as_bytes()
        );
    }

    #[test]
    fn escape_sequences_in_names_cannot_break_out_of_the_osc_string() {
        let b = terminal_bytes(&alert("a;b\x1b]0;x", "n\x07\x1b[2J"), ALL);
        let s = String::from_utf8(b).unwrap();
        assert_eq!(s, "\x1b]777;notify;a,b ]0,x;n  [2J\x07\x07");
    }

    #[test]
    fn sends_nothing_when_both_channels_are_off() {
        let none = Channels {
            desktop: false,
            bell: false,
            osc: false,
        };
        assert!(terminal_bytes(&alert("t", "b"), none).is_empty());
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        TerminalNotifier::new(tx).signal(&alert("t", "b"), none);
        assert!(rx.try_recv().is_err());
    }
}
