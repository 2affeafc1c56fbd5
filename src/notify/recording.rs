//! A notifier that only remembers: tests check which alerts were raised and on which
//! channels, without a desktop or a terminal.

use super::{Alert, Channels, Notifier};
use std::sync::Mutex;

#[derive(Default)]
pub struct RecordingNotifier {
    seen: Mutex<Vec<(Alert, Channels)>>,
}

impl RecordingNotifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything signalled so far, oldest first.
    pub fn seen(&self) -> Vec<(Alert, Channels)> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Notifier for RecordingNotifier {
    fn signal(&self, alert: &Alert, channels: Channels) {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((alert.clone(), channels));
    }
}
