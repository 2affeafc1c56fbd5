//! The console's state: plain data, changed only by `update`, read by the views.

use super::flag_case::{FlagDesk, FlagQuery};
use super::form::RegisterForm;
use super::gatelog::LogState;
use super::keymap::Keymap;
use super::load::{self, LogQuery, Query};
use super::providers::{ShiftInfo, SidePanel, Tone};
use super::view::{Prompt, View};
use crate::clock::Zone;
use crate::config::{Config, NotifyConfig};
use crate::domain::Role;
use crate::domain::entry::GateEntry;
use crate::i18n::Lang;
use crate::notify::{AlertKind, Channels};
use crate::service::board::{Card, Subject};
use crate::service::reveal::Personal;
use crate::store::entries::DayCounts;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How long a new row stays highlighted.
pub const FRESH_FOR: Duration = Duration::seconds(3);
/// How long a status message stays in the footer.
pub const STATUS_FOR: Duration = Duration::seconds(6);
/// Most screens remembered for Esc.
const BACK_DEPTH: usize = 16;

/// Who is at the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub login: String,
    pub name: String,
    pub role: Role,
}

/// Drawing options that come from the environment and the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// False under `NO_COLOR`: everything must read from text and attributes.
    pub color: bool,
    /// `[console] ascii_borders`.
    pub ascii: bool,
    /// The terminal draws East Asian ambiguous characters two cells wide
    /// (`[console] ambiguous_width`): only characters of certain width are drawn.
    pub wide: bool,
    /// The terminal's background is light (`[console] theme`): the light palette.
    pub light: bool,
}

/// Which alerts are raised and how (from `[notify]`; changed with `m` and `:notify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifySettings {
    pub desktop: bool,
    pub bell: bool,
    pub osc: bool,
    pub on_fever: bool,
    pub on_red_code: bool,
    /// A leave or visitor request filed (leaders and admins).
    pub on_request: bool,
    /// A pending request about to expire undecided (leaders and admins).
    pub on_request_expiring: bool,
    pub on_recheck_due: bool,
    pub on_report_overdue: bool,
    pub on_handover: bool,
    pub muted: bool,
}

impl NotifySettings {
    pub fn from_config(c: &NotifyConfig) -> Self {
        Self {
            desktop: c.desktop,
            bell: c.bell,
            osc: c.osc,
            on_fever: c.on_fever,
            on_red_code: c.on_red_code,
            on_request: c.on_request,
            on_request_expiring: c.on_request_expiring,
            on_recheck_due: c.on_recheck_due,
            on_report_overdue: c.on_report_overdue,
            on_handover: c.on_handover,
            muted: false,
        }
    }

    pub fn wants(&self, kind: AlertKind) -> bool {
        !self.muted
            && match kind {
                AlertKind::Fever => self.on_fever,
                AlertKind::RedCode => self.on_red_code,
                AlertKind::RequestArrived => self.on_request,
                AlertKind::RequestExpiring => self.on_request_expiring,
                AlertKind::RecheckDue => self.on_recheck_due,
                AlertKind::ReportOverdue => self.on_report_overdue,
                AlertKind::Handover => self.on_handover,
            }
    }

    pub fn channels(&self) -> Channels {
        Channels {
            desktop: self.desktop,
            bell: self.bell,
            osc: self.osc,
        }
    }
}

/// A short message in the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
    pub until: DateTime<Utc>,
}

/// A list with a selection (the dashboard's log).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListState {
    pub rows: Vec<GateEntry>,
    pub sel: usize,
}

impl ListState {
    /// Replaces the rows, keeping the selection on the same entry when it is still
    /// there (a live list moves under the cursor), and at the top when it was there.
    pub fn replace(&mut self, rows: Vec<GateEntry>) {
        let keep = (self.sel > 0)
            .then(|| self.rows.get(self.sel).map(|e| e.id))
            .flatten();
        self.rows = rows;
        self.sel = keep
            .and_then(|id| self.rows.iter().position(|e| e.id == id))
            .unwrap_or(if keep.is_some() { self.sel } else { 0 })
            .min(self.rows.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&GateEntry> {
        self.rows.get(self.sel)
    }
}

/// The dashboard's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Board {
    pub log: ListState,
    pub counts: DayCounts,
    /// Every active fever case, oldest first.
    pub flags: Vec<crate::domain::flag::FlagCase>,
    pub panels: Vec<SidePanel>,
    pub roster_empty: bool,
    pub loaded: bool,
}

/// A person's card.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailState {
    pub subject: Subject,
    pub card: Option<Card>,
    pub entries: Vec<GateEntry>,
    /// The unmasked numbers after an audited reveal; dropped when the card closes.
    pub revealed: Option<Personal>,
    pub error: Option<String>,
}

/// What the console starts from.
#[derive(Debug, Clone)]
pub struct Init {
    pub lang: Lang,
    pub zone: Zone,
    pub now: DateTime<Utc>,
    pub size: (u16, u16),
    pub operator: Operator,
    pub site: String,
    pub gates: Vec<String>,
    /// `[console] gate`.
    pub default_gate: Option<String>,
    pub look: Look,
    pub notify: NotifySettings,
}

impl Init {
    /// From the configuration, with the desk's zone (the one its database keeps, so
    /// the header shows the desk's time, not the terminal's).
    pub fn from_config(
        config: &Config,
        zone: Zone,
        operator: Operator,
        lang: Lang,
        now: DateTime<Utc>,
        look: Look,
    ) -> Init {
        Init {
            lang,
            zone,
            now,
            size: (120, 40),
            operator,
            site: crate::domain::text::sanitize(&config.site.name),
            gates: config.gate_names(),
            default_gate: config.console.gate.clone(),
            look,
            notify: NotifySettings::from_config(&config.notify),
        }
    }
}

#[derive(Debug, Clone)]
pub struct State {
    pub lang: Lang,
    pub zone: Zone,
    pub now: DateTime<Utc>,
    pub size: (u16, u16),
    pub operator: Operator,
    pub keymap: Keymap,
    pub site: String,
    pub gates: Vec<String>,
    pub look: Look,
    pub notify: NotifySettings,
    pub view: View,
    pub back: Vec<View>,
    pub prompt: Option<Prompt>,
    pub status: Option<Status>,
    pub shift: Option<ShiftInfo>,
    pub board: Board,
    pub log: LogState,
    /// Fever cases: the flagged view, a case's detail, a step form, alert progress.
    pub flags: FlagDesk,
    pub detail: Option<DetailState>,
    pub form: RegisterForm,
    /// Requests, returns, the filing form, gate context, leaders' alerts.
    pub approvals: super::approvals::ApprovalsState,
    pub help_scroll: usize,
    /// The handover screens.
    pub handover: super::handover::HandoverState,
    /// Entries that arrived a moment ago, highlighted until the instant given.
    pub fresh: Vec<(i64, DateTime<Utc>)>,
    /// The newest entry id seen; `None` before the first load (no alerts for history).
    pub watermark: Option<i64>,
    /// Number of the newest load asked for.
    pub load_seq: u64,
    pub loading: bool,
    /// Something on screen changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

impl State {
    pub fn new(init: Init) -> State {
        let gate = init
            .default_gate
            .as_ref()
            .and_then(|g| init.gates.iter().position(|x| x == g))
            .unwrap_or(0);
        // Gate guards come to register; everyone else to the overview.
        let view = if init.operator.role == Role::Guard {
            View::Register
        } else {
            View::Dashboard
        };
        State {
            lang: init.lang,
            zone: init.zone,
            now: init.now,
            size: init.size,
            keymap: Keymap::for_role(init.operator.role),
            operator: init.operator,
            site: init.site,
            gates: init.gates,
            look: init.look,
            notify: init.notify,
            view,
            back: Vec::new(),
            prompt: None,
            status: None,
            shift: None,
            board: Board::default(),
            log: LogState::default(),
            flags: FlagDesk::default(),
            detail: None,
            form: RegisterForm::new(gate),
            approvals: super::approvals::ApprovalsState::new(init.now),
            help_scroll: 0,
            handover: Default::default(),
            fresh: Vec::new(),
            watermark: None,
            load_seq: 0,
            loading: false,
            dirty: true,
            quit: false,
        }
    }

    /// What the current screen needs from the database.
    pub fn query(&self) -> Query {
        let mut q = Query {
            alerts_after: self.watermark,
            ..Query::default()
        };
        match self.view {
            View::Dashboard | View::Register => q.board = true,
            View::Log => {
                q.log = Some(LogQuery {
                    text: Some(self.log.filter.text.clone()).filter(|t| !t.trim().is_empty()),
                    flagged_only: self.log.filter.flagged_only,
                    denied_only: self.log.filter.denied_only,
                    before: self.log.anchor,
                    limit: load::LOG_PAGE,
                })
            }
            View::Flags => {
                q.flags = Some(FlagQuery {
                    history: self.flags.show_history,
                })
            }
            View::FlagCase => q.flag_case = self.flags.case_id,
            View::Detail => q.detail = self.detail.as_ref().map(|d| d.subject.clone()),
            View::Help | View::Approvals | View::Request | View::Returns | View::FileRequest => {}
            View::Handover | View::HandoverHistory | View::HandoverRecord => {
                q.handover = super::handover::query(self)
            }
        }
        q.approvals = super::approvals::query(self);
        q
    }

    /// The local date of now.
    pub fn today(&self) -> NaiveDate {
        self.zone.date_of(self.now)
    }

    pub fn tr<'a>(&self, key: &'a str) -> &'a str {
        crate::i18n::tr(self.lang, key)
    }

    /// True while the entry is highlighted as new.
    pub fn is_fresh(&self, id: i64) -> bool {
        self.fresh
            .iter()
            .any(|(i, until)| *i == id && *until > self.now)
    }

    /// Rows a page scroll moves.
    pub fn page_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(8)).max(1)
    }

    /// Shows a message in the footer for a few seconds.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some(Status {
            text: text.into(),
            tone,
            until: self.now + STATUS_FOR,
        });
    }

    /// Opens a screen, remembering the current one for Esc.
    pub fn open(&mut self, view: View) {
        if view == self.view {
            return;
        }
        if self.view == View::Detail {
            self.detail = None; // revealed numbers do not outlive the card
        }
        self.back.retain(|v| *v != view);
        self.back.push(self.view);
        if self.back.len() > BACK_DEPTH {
            self.back.remove(0);
        }
        self.view = view;
        self.help_scroll = 0;
    }

    /// Back to the previous screen; false when already at the first one.
    pub fn go_back(&mut self) -> bool {
        let Some(v) = self.back.pop() else {
            return false;
        };
        if self.view == View::Detail {
            self.detail = None; // revealed numbers do not outlive the card
        }
        self.view = v;
        true
    }
}
