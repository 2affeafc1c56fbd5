//! The notifier the console uses: a desktop notification where a desktop session is
//! present, otherwise (or when the desktop refuses) the terminal's bell and OSC 777.

use super::terminal::TerminalNotifier;
use super::{Alert, Channels, Notifier};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// True when the environment names a graphical session with a session bus. Over a
/// plain SSH login none of these are set.
pub fn desktop_session_present(env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    (set("DISPLAY") || set("WAYLAND_DISPLAY"))
        && (set("DBUS_SESSION_BUS_ADDRESS") || set("XDG_RUNTIME_DIR"))
}

/// Desktop first, terminal as the fallback. Once the desktop has failed it is not
/// tried again in this session, so later alerts go straight to the terminal.
pub struct Signals {
    terminal: TerminalNotifier,
    desktop_failed: Arc<AtomicBool>,
}

impl Signals {
    /// `desktop_present`: from [`desktop_session_present`] at start-up.
    pub fn new(terminal: TerminalNotifier, desktop_present: bool) -> Self {
        Self {
            terminal,
            desktop_failed: Arc::new(AtomicBool::new(!desktop_present)),
        }
    }

    /// True while desktop notifications are still believed to work.
    pub fn desktop_available(&self) -> bool {
        !self.desktop_failed.load(Ordering::Relaxed)
    }
}

impl Notifier for Signals {
    fn signal(&self, alert: &Alert, channels: Channels) {
        if !channels.desktop || !self.desktop_available() {
            self.terminal.signal(alert, channels);
            return;
        }
        let for_thread = alert.clone();
        let terminal = self.terminal.clone();
        let failed = Arc::clone(&self.desktop_failed);
        // The session bus may be slow or absent: never on the caller's thread.
        let spawned = std::thread::Builder::new()
            .name("desktop-notify".into())
            .spawn(move || {
                let shown = notify_rust::Notification::new()
                    .appname("dutydesk")
                    .summary(&for_thread.title)
                    .body(&for_thread.body)
                    .show();
                if let Err(e) = shown {
                    tracing::info!("desktop notifications unavailable: {e}");
                    failed.store(true, Ordering::Relaxed);
                    terminal.signal(&for_thread, channels);
                }
            });
        if spawned.is_err() {
            // No thread to spare: the terminal still gets the alert.
            self.terminal.signal(alert, channels);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::AlertKind;

    #[test]
    fn detects_a_desktop_only_with_a_display_and_a_bus() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(!desktop_session_present(env(&[])));
        assert!(!desktop_session_present(env(&[("DISPLAY", ":0")])));
        assert!(desktop_session_present(env(&[
            ("DISPLAY", ":0"),
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
        ])));
        assert!(desktop_session_present(env(&[
            ("WAYLAND_DISPLAY", "wayland-0"),
            ("XDG_RUNTIME_DIR", "/run/user/1000")
        ])));
    }

    #[test]
    fn without_a_desktop_the_terminal_gets_bell_and_osc_at_once() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let s = Signals::new(TerminalNotifier::new(tx), false);
        s.signal(
            &Alert {
                kind: AlertKind::RedCode,
                title: "红码".into(),
                body: "西门".into(),
            },
            Channels {
                desktop: true,
                bell: true,
                osc: false,
            },
        );
        assert_eq!(rx.try_recv().unwrap(), vec![0x07]);
    }
}
