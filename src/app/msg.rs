//! Messages into `update` and the effects it asks the runtime to carry out.

use super::key::Key;
use super::load::{Job, Loaded, Query};
use crate::domain::entry::GateEntry;
use crate::error::DeskResult;
use crate::notify::{Alert, Channels};
use crate::service::board::Subject;
use crate::service::reveal::Personal;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub enum Msg {
    Key(Key),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// The one-second clock.
    Tick(DateTime<Utc>),
    /// Another connection committed: reload what is on screen.
    DataChanged,
    Loaded {
        seq: u64,
        /// What was asked (an older answer is still used if the screen asks the same).
        query: Query,
        result: DeskResult<Box<Loaded>>,
    },
    Registered(DeskResult<GateEntry>),
    Revealed {
        subject: Subject,
        result: DeskResult<Personal>,
    },
    /// A decision, a filing or the leaders' alert check came back (`app/approvals.rs`).
    Approvals(super::approvals::Answer),
    /// A fever-case job answered (a step, the alerts of a tick).
    Flag(super::flag_case::FlagMsg),
    /// SIGTERM or SIGHUP: leave now.
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Database work for the worker.
    Job(Job),
    /// An attention signal on the allowed channels.
    Alert(Alert, Channels),
    Quit,
}
