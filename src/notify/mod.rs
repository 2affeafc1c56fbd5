//! Attention signals: a new fever flag or a red-code refusal makes the duty room
//! look up. One trait, [`Notifier`], with three implementations:
//!
//! - [`Signals`]: a desktop notification (notify-rust) when a desktop session is
//!   present; otherwise, or when the desktop refuses, the terminal bell and an OSC 777
//!   notification, handed as bytes to the console's output path (they travel over SSH);
//! - [`terminal::TerminalNotifier`]: bell and OSC only;
//! - [`recording::RecordingNotifier`]: remembers what it was asked, for tests.
//!
//! A signal never blocks the caller and never fails the action that caused it: desktop
//! calls run on their own thread and every error means "fall back".

pub mod desktop;
pub mod recording;
pub mod terminal;

pub use desktop::Signals;
pub use recording::RecordingNotifier;
pub use terminal::TerminalNotifier;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    /// A reading at or above the fever threshold was flagged.
    Fever,
    /// Someone with a red health code was refused.
    RedCode,
    /// A leave or visitor request was filed (to leaders and admins).
    RequestArrived,
    /// A pending request is about to expire undecided (to leaders and admins).
    RequestExpiring,
    /// A fever case's re-check has fallen due.
    RecheckDue,
    /// A fever case's report to the epidemic-control group is overdue.
    ReportOverdue,
}

/// One signal: what, and the words to show (already translated and sanitised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub kind: AlertKind,
    pub title: String,
    pub body: String,
}

/// Which channels may be used (from `[notify]`, changeable from the console).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channels {
    pub desktop: bool,
    pub bell: bool,
    pub osc: bool,
}

/// Raises attention signals. Implementations return at once and never fail.
pub trait Notifier: Send + Sync {
    fn signal(&self, alert: &Alert, channels: Channels);
}
