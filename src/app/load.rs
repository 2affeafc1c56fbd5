//! What the screens need from the database, and the jobs that fetch or write it.
//! A [`Query`] names only what is on screen; [`load`] answers it with windowed
//! queries through the service (never a whole table). [`Job`] is the database side
//! of an effect: the console's worker thread runs jobs, and so do the tests.

use super::flag_case::{self, FlagCaseData, FlagJob, FlagList, FlagQuery};
use super::msg::Msg;
use super::providers::{PanelContext, Providers, ShiftInfo, SidePanel};
use crate::domain::Reason;
use crate::domain::entry::GateEntry;
use crate::domain::flag::FlagCase;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::Lang;
use crate::service::Desk;
use crate::service::board::{Card, Subject};
use crate::service::entries::EntryInput;
use crate::store::entries::{DayCounts, EntryFilter};

/// Rows in one page of the full gate log.
pub const LOG_PAGE: usize = 200;
/// Rows the dashboard's live log keeps.
pub const BOARD_ROWS: usize = 100;
/// Recent entries on a person's card.
pub const DETAIL_ROWS: usize = 50;
/// New flagged or refused entries examined per reload for alerts.
const ALERT_SCAN: usize = 50;

/// One page of the full gate log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogQuery {
    /// Name, id or gate typed after `/` (resolved to ids by the service).
    pub text: Option<String>,
    pub flagged_only: bool,
    pub denied_only: bool,
    /// Keyset paging: entries older than this (at ms, id).
    pub before: Option<(i64, i64)>,
    pub limit: usize,
}

/// What to load for the screen in front of the operator.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Dashboard: live rows, counters, open flags and side panels.
    pub board: bool,
    pub log: Option<LogQuery>,
    /// The flagged view: active cases (and the recent history when asked).
    pub flags: Option<FlagQuery>,
    /// One fever case's detail.
    pub flag_case: Option<i64>,
    pub detail: Option<Subject>,
    /// The handover screens.
    pub handover: Option<super::handover::HandoverQuery>,
    /// Report flagged and red-code entries newer than this id (alerts).
    pub alerts_after: Option<i64>,
    /// Requests, returns and gate context (`app/approvals.rs`).
    pub approvals: Option<super::approvals::ApprovalsQuery>,
}

/// The dashboard's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BoardData {
    pub rows: Vec<GateEntry>,
    pub counts: DayCounts,
    /// Every active fever case, oldest first.
    pub flags: Vec<FlagCase>,
    pub panels: Vec<SidePanel>,
    pub roster_empty: bool,
}

/// The answer to a query. Entries are sanitised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    pub shift: Option<ShiftInfo>,
    pub board: Option<BoardData>,
    pub log: Option<Vec<GateEntry>>,
    pub flags: Option<FlagList>,
    pub flag_case: Option<DeskResult<FlagCaseData>>,
    pub detail: Option<DeskResult<(Card, Vec<GateEntry>)>>,
    pub handover: Option<super::handover::HandoverLoaded>,
    /// Flagged or red-code entries after `alerts_after`, oldest first.
    pub alerts: Vec<GateEntry>,
    /// The newest entry id now.
    pub latest_id: i64,
    pub approvals: Option<super::approvals::ApprovalsData>,
    /// The desk's zone as stored now (it follows `dutydesk site timezone`).
    pub zone: Option<crate::clock::Zone>,
}

/// Cleans the text of an entry read from the database before it reaches the screen.
pub fn clean(mut e: GateEntry) -> GateEntry {
    e.name = sanitize(&e.name);
    e.gate = sanitize(&e.gate);
    e.operator = sanitize(&e.operator);
    e.person_id = e.person_id.as_deref().map(sanitize);
    e.host_id = e.host_id.as_deref().map(sanitize);
    e.visit_reason = e.visit_reason.as_deref().map(sanitize);
    e
}

fn cleaned(v: Vec<GateEntry>) -> Vec<GateEntry> {
    v.into_iter().map(clean).collect()
}

/// Answers a query.
pub fn load(desk: &Desk, q: &Query, providers: &Providers, lang: Lang) -> DeskResult<Loaded> {
    let ctx = PanelContext {
        lang,
        now: desk.clock.now(),
    };
    let mut out = Loaded {
        latest_id: desk.latest_entry_id()?,
        zone: Some(desk.zone),
        ..Loaded::default()
    };
    if let Some(shift) = providers.shift {
        out.shift = shift(desk, &ctx)?;
    }
    if q.board {
        let mut panels = Vec::new();
        for p in &providers.panels {
            panels.extend(p(desk, &ctx)?);
        }
        out.board = Some(BoardData {
            rows: cleaned(desk.list_entries(&EntryFilter {
                limit: BOARD_ROWS,
                ..EntryFilter::default()
            })?),
            counts: desk.today_counts()?,
            flags: flag_case::active_cases(desk)?,
            panels,
            roster_empty: desk.roster_is_empty()?,
        });
    }
    if let Some(l) = &q.log {
        let matching = match l.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Some(desk.resolve_search(t)?),
            None => None,
        };
        out.log = Some(cleaned(desk.search_entries(&EntryFilter {
            flagged_only: l.flagged_only,
            denied_only: l.denied_only,
            matching,
            before: l.before,
            limit: l.limit,
            ..EntryFilter::default()
        })?));
    }
    if let Some(f) = &q.flags {
        out.flags = Some(flag_case::load_list(desk, f)?);
    }
    if let Some(id) = q.flag_case {
        out.flag_case = Some(flag_case::load_case(desk, id));
    }
    if let Some(s) = &q.detail {
        out.detail = Some(
            desk.card(s)
                .and_then(|c| Ok((c, cleaned(desk.subject_entries(s, DETAIL_ROWS)?)))),
        );
    }
    if let Some(aq) = &q.approvals {
        out.approvals = Some(super::approvals::load(desk, aq)?);
    }
    if let Some(hq) = &q.handover {
        out.handover = Some(super::handover::load(desk, hq)?);
    }
    if let Some(after) = q.alerts_after.filter(|a| out.latest_id > *a) {
        out.alerts = alerts_after(desk, after)?;
    }
    Ok(out)
}

/// New fever flags and red-code refusals after an entry id (both lists are small:
/// partial indexes on flagged and denied entries).
fn alerts_after(desk: &Desk, after: i64) -> DeskResult<Vec<GateEntry>> {
    let scan = |flagged_only, denied_only| {
        desk.list_entries(&EntryFilter {
            flagged_only,
            denied_only,
            limit: ALERT_SCAN,
            ..EntryFilter::default()
        })
    };
    let mut found: Vec<GateEntry> = scan(true, false)?
        .into_iter()
        .chain(
            scan(false, true)?
                .into_iter()
                .filter(|e| e.reasons.contains(&Reason::CodeRed)),
        )
        .filter(|e| e.id > after)
        .collect();
    found.sort_by_key(|e| e.id);
    found.dedup_by_key(|e| e.id);
    Ok(cleaned(found))
}

/// The database side of an effect.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Load what is on screen; `seq` lets the app ignore answers to older queries.
    Load { seq: u64, query: Query },
    /// Register one entry through `Desk::register_entry`.
    Register(EntryInput),
    /// Reveal one person's numbers through `Desk::reveal` (audited).
    Reveal { subject: Subject, reason: String },
    /// Decide, cancel or file a request; check for leaders' alerts (`app/approvals.rs`).
    Approvals(super::approvals::ApprovalJob),
    /// A fever-case step or the alerts of a tick.
    Flag(FlagJob),
    /// A handover step, export or reminder look (`app::handover`).
    Handover(super::handover::HandoverJob),
}

impl Job {
    /// True for loads, which may be dropped when a newer load is waiting.
    pub fn is_load(&self) -> bool {
        matches!(self, Job::Load { .. })
    }

    /// Runs the job and returns the message that reports its outcome.
    pub fn run(self, desk: &mut Desk, providers: &Providers, lang: Lang) -> Msg {
        match self {
            Job::Load { seq, query } => Msg::Loaded {
                seq,
                result: desk
                    .follow_stored_zone()
                    .and_then(|_| load(desk, &query, providers, lang))
                    .map(Box::new),
                query,
            },
            Job::Register(input) => Msg::Registered(desk.register_entry(&input).map(clean)),
            Job::Reveal { subject, reason } => Msg::Revealed {
                subject: subject.clone(),
                result: desk.reveal(&subject, &reason),
            },
            Job::Approvals(job) => Msg::Approvals(job.run(desk, lang)),
            Job::Flag(job) => Msg::Flag(job.run(desk)),
            Job::Handover(job) => super::handover::run(desk, job, lang),
        }
    }
}
