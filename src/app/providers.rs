//! Extension points of the dashboard: the header's shift segment and the optional
//! side panels (pending approvals, handover, …) are filled by provider functions
//! that other features register in [`Providers::standard`]. A provider that returns
//! `None` leaves its segment or panel out entirely: the layout never draws an empty
//! placeholder.

use crate::error::DeskResult;
use crate::i18n::Lang;
use crate::service::Desk;
use chrono::{DateTime, Utc};

/// The shift on duty now, for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftInfo {
    /// The shift's name ("白班", "day 08:00–20:00").
    pub label: String,
    /// The duty leader's display name, when known.
    pub leader: Option<String>,
}

/// How a panel row is drawn. Words are always present as well, so a row still reads
/// right without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    Normal,
    Good,
    Warn,
    Bad,
}

/// One cell of a panel row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelCell {
    /// Text shown as it is (the provider translates and sanitises it).
    Text(String),
    /// An instant shown as its age ("12 min"), ticking with the clock.
    Age(DateTime<Utc>),
    /// An instant shown as local HH:MM.
    Time(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelRow {
    pub cells: Vec<PanelCell>,
    pub tone: Tone,
}

/// An optional dashboard panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidePanel {
    /// Stable name (`approvals`, `handover`), for ordering and tests.
    pub id: &'static str,
    pub title: String,
    pub rows: Vec<PanelRow>,
    /// Shown when `rows` is empty ("nothing pending").
    pub empty_text: String,
    /// Draw the frame in the attention colour (something waits for this operator).
    pub attention: bool,
}

/// What a provider is told.
#[derive(Debug, Clone, Copy)]
pub struct PanelContext {
    pub lang: Lang,
    pub now: DateTime<Utc>,
}

pub type ShiftFn = fn(&Desk, &PanelContext) -> DeskResult<Option<ShiftInfo>>;
pub type PanelFn = fn(&Desk, &PanelContext) -> DeskResult<Option<SidePanel>>;

/// The registered providers.
#[derive(Debug, Clone, Default)]
pub struct Providers {
    /// Gives the header's shift segment.
    pub shift: Option<ShiftFn>,
    /// Side panels, top to bottom, below the flags and the counters.
    pub panels: Vec<PanelFn>,
}

impl Providers {
    /// The providers the console starts with. Features register their panels here
    /// (`panels: vec![approvals::panel, …]`), top to bottom.
    pub fn standard() -> Self {
        Self {
            shift: Some(super::shift::current),
            panels: vec![super::approvals_panel::panel],
        }
    }
}
