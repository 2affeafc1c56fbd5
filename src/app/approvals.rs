//! Leave and visitor requests in the console: the approvals list (pending or all, by
//! kind) and one request's screen, deciding or cancelling through a confirmation popup,
//! the returns list, filing from a form (`request_form`), the gate context shown in the
//! registration form and on a person's card, and the leaders' alerts.
//!
//! Everything is judged by the service (`service/approvals.rs`), the same code as
//! `dutydesk approval …`: permissions, validation, the state machine. The console only
//! offers what would succeed — keys by role through the keymap, steps by request
//! through `Desk::allowed_steps` — and shows the service's refusal when something
//! changed in between.
//!
//! Hooks in the shared console code, one line each: `State::approvals`, the
//! `approvals` parts of `load::Query`/`Loaded`, `Job::Approvals` and `Msg::Approvals`,
//! and calls from `update` (`act`, `confirm_key`, `form_key`, `after_register_key`,
//! `paste`, `tick`, `apply`, `answered`).

use super::form::Who;
use super::gatelog::Land;
use super::input::TextInput;
use super::key::Key;
use super::keymap::{Action, Scope};
use super::load::Job;
use super::msg::Effect;
use super::providers::Tone;
use super::request_form::{FileInput, FormKind, RequestForm};
use super::state::State;
use super::update::{back, quit, reload};
use super::view::View;
use crate::domain::Permission;
use crate::domain::approval::{
    ApprovalAlert, PersonGateContext, Request, RequestKind, ReturnItem, ReturnRecord, Step, Subject,
};
use crate::domain::phone::mask_phone;
use crate::domain::resident_id::{ResidentId, mask_resident_id};
use crate::domain::text::sanitize;
use crate::error::{DeskResult, ErrorKind};
use crate::i18n::{Lang, tr, trf};
use crate::notify::{Alert, AlertKind};
use crate::service::Desk;
use crate::service::approvals::RequestDetail;
use crate::service::board::Subject as CardSubject;
use crate::store::approvals::RequestFilter;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// Rows in one page of the list of all requests (newest first, paged by id).
pub const LIST_PAGE: usize = 100;
/// Most pending requests listed (there are never this many waiting).
pub const PENDING_ROWS: usize = 500;
/// Each alert check looks this far behind the previous one: a request whose filing
/// read the clock just before a check but committed just after it is still found.
/// Alerts already raised are remembered, so the overlap never repeats one.
const ALERT_OVERLAP: chrono::Duration = chrono::Duration::seconds(10);

/// Which kinds the list shows (`t` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    #[default]
    All,
    Leave,
    Visitor,
}

impl KindFilter {
    pub fn next(self) -> Self {
        match self {
            KindFilter::All => KindFilter::Leave,
            KindFilter::Leave => KindFilter::Visitor,
            KindFilter::Visitor => KindFilter::All,
        }
    }

    pub fn kind(self) -> Option<RequestKind> {
        match self {
            KindFilter::All => None,
            KindFilter::Leave => Some(RequestKind::Leave),
            KindFilter::Visitor => Some(RequestKind::Visitor),
        }
    }
}

/// The list as asked of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub pending_only: bool,
    pub kind: Option<RequestKind>,
    /// Paging of the list of all requests: ids below this one.
    pub before_id: Option<i64>,
}

/// What the approvals screens and the gate context need from the database.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApprovalsQuery {
    pub list: Option<ListQuery>,
    /// One request's screen.
    pub detail: Option<i64>,
    pub returns: bool,
    /// A rostered person's leave and return (registration form, person card).
    pub person: Option<String>,
    /// The approval covering now for a visitor's resident ID (registration form).
    pub visitor: Option<String>,
}

/// A request as the console keeps it: text sanitised, the visitor's resident ID and
/// phone masked, and the steps this operator may take on it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub request: Request,
    pub steps: Vec<Step>,
}

/// What the gate would find for a visitor now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorCover {
    /// The resident ID asked about (as typed, checked).
    pub resident_id: String,
    /// The approved request covering now (masked), if any.
    pub approval: Option<Request>,
    /// `[screening] visitors_need_approval`: without one, an `in` entry is refused.
    pub required: bool,
    /// The name this resident ID was last registered under (sanitised), if known:
    /// the form says so when the typed name differs (`visitor_name_changed`).
    pub known_name: Option<String>,
}

/// The answer to an [`ApprovalsQuery`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApprovalsData {
    pub list: Option<Vec<Row>>,
    pub detail: Option<DeskResult<(RequestDetail, Vec<Step>)>>,
    pub returns: Option<Vec<ReturnItem>>,
    /// The person asked about and their context (`None`: not on the roster).
    pub person: Option<(String, Option<PersonGateContext>)>,
    pub visitor: Option<VisitorCover>,
}

/// One request's screen.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView {
    pub id: i64,
    pub data: Option<(RequestDetail, Vec<Step>)>,
    pub error: Option<String>,
}

/// The confirmation popup of a step: the request, a note, and the service's answer
/// when it refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub step: Step,
    pub request: Request,
    pub note: TextInput,
    pub error: Option<String>,
    /// Sent, waiting for the database.
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub struct ApprovalsState {
    /// Pending only (oldest first) or all requests (newest first).
    pub pending_only: bool,
    pub kind: KindFilter,
    /// The page of the list of all requests: ids below this one (`None`: the newest).
    pub before: Option<i64>,
    pages: Vec<Option<i64>>,
    land: Option<Land>,
    pub rows: Vec<Row>,
    pub sel: usize,
    pub loaded: bool,
    /// Select this request when the list arrives (one just filed).
    select_id: Option<i64>,
    pub detail: Option<RequestView>,
    pub returns: Vec<ReturnItem>,
    pub returns_sel: usize,
    pub returns_loaded: bool,
    pub confirm: Option<Confirm>,
    pub form: RequestForm,
    pub person: Option<(String, Option<PersonGateContext>)>,
    pub visitor: Option<VisitorCover>,
    /// The registration form's look-up last asked for (person id, resident ID).
    gate_key: (Option<String>, Option<String>),
    /// Leaders' alerts: checked up to this instant of the desk's clock.
    pub alerts_since: DateTime<Utc>,
    alerts_busy: bool,
    /// Alerts already raised (request id, expiring): each exactly once.
    alerted: HashSet<(i64, bool)>,
}

impl ApprovalsState {
    /// Alerts count from `now`: what was filed before the console opened is on the
    /// dashboard, not in a burst of notifications.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            pending_only: true,
            kind: KindFilter::All,
            before: None,
            pages: Vec::new(),
            land: None,
            rows: Vec::new(),
            sel: 0,
            loaded: false,
            select_id: None,
            detail: None,
            returns: Vec::new(),
            returns_sel: 0,
            returns_loaded: false,
            confirm: None,
            form: RequestForm::new(),
            person: None,
            visitor: None,
            gate_key: (None, None),
            alerts_since: now,
            alerts_busy: false,
            alerted: HashSet::new(),
        }
    }

    pub fn selected(&self) -> Option<&Row> {
        self.rows.get(self.sel)
    }

    /// True when an older page of all requests may exist.
    pub fn more(&self) -> bool {
        !self.pending_only && self.rows.len() >= LIST_PAGE
    }

    /// A new filter starts from the top.
    fn refilter(&mut self) {
        self.before = None;
        self.pages.clear();
        self.land = Some(Land::First);
        self.sel = 0;
    }

    /// Takes a loaded list. The selection stays on the same request while it is
    /// there (a live list moves under the cursor); when it left the list (decided),
    /// the row now at its place is selected.
    fn apply_rows(&mut self, rows: Vec<Row>) {
        let wanted = self.select_id.take();
        let keep = self.selected().map(|r| r.request.id);
        self.rows = rows;
        let last = self.rows.len().saturating_sub(1);
        let at = |id: i64| self.rows.iter().position(|r| r.request.id == id);
        self.sel = match (wanted, self.land.take()) {
            (Some(id), _) => at(id).unwrap_or(0),
            (None, Some(Land::First)) => 0,
            (None, Some(Land::Last)) => last,
            (None, None) => keep.and_then(at).unwrap_or(self.sel).min(last),
        };
        self.loaded = true;
    }

    /// Moves in the list by `n`; true when another page must be loaded.
    fn step(&mut self, n: isize) -> bool {
        if self.land.is_some() {
            return false; // a page is on its way
        }
        let last = self.rows.len().saturating_sub(1);
        let target = self.sel as isize + n;
        if target > last as isize {
            if self.more()
                && let Some(r) = self.rows.last()
            {
                self.pages.push(self.before);
                self.before = Some(r.request.id);
                self.land = Some(Land::First);
                return true;
            }
            self.sel = last;
        } else if target < 0 {
            if let Some(prev) = self.pages.pop() {
                self.before = prev;
                self.land = Some(Land::Last);
                return true;
            }
            self.sel = 0;
        } else {
            self.sel = target as usize;
        }
        false
    }
}

// ---------------------------------------------------------------------------------
// Loading

/// What the screen in front of the operator needs (`None`: nothing of this module).
pub fn query(state: &State) -> Option<ApprovalsQuery> {
    let a = &state.approvals;
    let mut q = ApprovalsQuery::default();
    match state.view {
        View::Approvals => {
            q.list = Some(ListQuery {
                pending_only: a.pending_only,
                kind: a.kind.kind(),
                before_id: a.before.filter(|_| !a.pending_only),
            })
        }
        View::Request => q.detail = a.detail.as_ref().map(|d| d.id),
        View::Returns => q.returns = true,
        View::Register => (q.person, q.visitor) = gate_key(state),
        View::Detail => {
            if let Some(CardSubject::Person(id)) = state.detail.as_ref().map(|d| &d.subject) {
                q.person = Some(id.clone());
            }
        }
        _ => {}
    }
    (q != ApprovalsQuery::default()).then_some(q)
}

/// What the registration form looks up: the rostered person's id as typed, or the
/// visitor's resident ID once it is a valid one.
fn gate_key(state: &State) -> (Option<String>, Option<String>) {
    let f = &state.form;
    match f.who {
        Who::Rostered => (
            Some(f.person.value().trim().to_string()).filter(|s| !s.is_empty()),
            None,
        ),
        Who::Visitor => (
            None,
            ResidentId::parse(f.resident_id.value())
                .ok()
                .map(|r| r.as_str().to_string()),
        ),
    }
}

/// Answers a query through the service.
pub fn load(desk: &Desk, q: &ApprovalsQuery) -> DeskResult<ApprovalsData> {
    let mut out = ApprovalsData::default();
    if let Some(l) = &q.list {
        let list = desk.list_requests(&RequestFilter {
            pending_only: l.pending_only,
            kind: l.kind,
            before_id: l.before_id,
            limit: if l.pending_only {
                PENDING_ROWS
            } else {
                LIST_PAGE
            },
            ..RequestFilter::default()
        })?;
        out.list = Some(list.into_iter().map(|r| row(desk, r)).collect());
    }
    if let Some(id) = q.detail {
        out.detail = Some(desk.request_detail(id).map(|d| {
            let steps = desk.allowed_steps(&d.request);
            (clean_detail(d), steps)
        }));
    }
    if q.returns {
        out.returns = Some(
            desk.returns_list(false)?
                .into_iter()
                .map(clean_return_item)
                .collect(),
        );
    }
    if let Some(p) = &q.person {
        let ctx = match desk.person_gate_context(p) {
            Ok(c) => Some(PersonGateContext {
                leave: c.leave.map(|(r, phase)| (clean_request(r), phase)),
                open_return: c.open_return.map(clean_return),
            }),
            Err(e) if e.kind == ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        out.person = Some((p.clone(), ctx));
    }
    if let Some(v) = &q.visitor {
        out.visitor = Some(VisitorCover {
            resident_id: v.clone(),
            approval: desk.visitor_approval_now(v)?.map(clean_request),
            required: desk.config.screening.visitors_need_approval,
            known_name: desk.visitor_known_name(v)?.map(|n| sanitize(&n)),
        });
    }
    Ok(out)
}

fn row(desk: &Desk, r: Request) -> Row {
    let steps = desk.allowed_steps(&r);
    Row {
        request: clean_request(r),
        steps,
    }
}

/// Free text from the database: controls neutralised, line breaks kept (the detail
/// wraps them), tabs as spaces.
fn clean_text(s: &str) -> String {
    s.split('\n')
        .map(|l| sanitize(&l.replace('\t', " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A request ready for the screen: text sanitised, the visitor's numbers masked.
pub fn clean_request(mut r: Request) -> Request {
    r.reason = clean_text(&r.reason);
    r.requested_by = sanitize(&r.requested_by);
    r.decided_by = r.decided_by.as_deref().map(sanitize);
    r.note = r.note.as_deref().map(clean_text);
    r.subject = match r.subject {
        Subject::Leave {
            person_id,
            person_name,
            destination,
            transport,
            urgent,
        } => Subject::Leave {
            person_id: sanitize(&person_id),
            person_name: sanitize(&person_name),
            destination: sanitize(&destination),
            transport: transport.as_deref().map(sanitize),
            urgent,
        },
        Subject::Visitor {
            name,
            resident_id,
            phone,
            host_id,
            host_name,
        } => Subject::Visitor {
            name: sanitize(&name),
            resident_id: mask_resident_id(&sanitize(&resident_id)),
            phone: mask_phone(&sanitize(&phone)),
            host_id: sanitize(&host_id),
            host_name: sanitize(&host_name),
        },
    };
    r
}

fn clean_return(mut r: ReturnRecord) -> ReturnRecord {
    r.person_id = sanitize(&r.person_id);
    r.person_name = sanitize(&r.person_name);
    r
}

fn clean_return_item(i: ReturnItem) -> ReturnItem {
    ReturnItem {
        leave: clean_request(i.leave),
        record: i.record.map(clean_return),
        phase: i.phase,
    }
}

fn clean_detail(d: RequestDetail) -> RequestDetail {
    RequestDetail {
        request: clean_request(d.request),
        entries: d.entries.into_iter().map(super::load::clean).collect(),
        return_record: d.return_record.map(clean_return),
        leave_phase: d.leave_phase,
    }
}

/// Takes what a load brought.
pub fn apply(state: &mut State, d: ApprovalsData) {
    let lang = state.lang;
    let a = &mut state.approvals;
    if let Some(rows) = d.list {
        a.apply_rows(rows);
    }
    if let (Some(result), Some(v)) = (d.detail, a.detail.as_mut()) {
        match result {
            Ok(data) => {
                v.data = Some(data);
                v.error = None;
            }
            Err(e) => v.error = Some(e.render(lang)),
        }
    }
    if let Some(items) = d.returns {
        a.returns = items;
        a.returns_sel = a.returns_sel.min(a.returns.len().saturating_sub(1));
        a.returns_loaded = true;
    }
    if d.person.is_some() {
        a.person = d.person;
    }
    if d.visitor.is_some() {
        a.visitor = d.visitor;
    }
}

/// The gate context of a rostered person, when it is the one asked about.
pub fn person_context<'a>(state: &'a State, person_id: &str) -> Option<&'a PersonGateContext> {
    match &state.approvals.person {
        Some((id, Some(ctx))) if id == person_id.trim() => Some(ctx),
        _ => None,
    }
}

/// What the gate finds for the resident ID in the registration form, when it is the
/// one asked about.
pub fn visitor_cover(state: &State) -> Option<&VisitorCover> {
    let (_, key) = gate_key(state);
    state
        .approvals
        .visitor
        .as_ref()
        .filter(|v| key.as_deref() == Some(v.resident_id.as_str()))
}

// ---------------------------------------------------------------------------------
// Keys

/// The actions of the approvals screens; `None` leaves the action to `update`.
pub fn act(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    let view = state.view;
    let listing = matches!(view, View::Approvals | View::Returns);
    let page = state.page_rows() as isize;
    Some(match action {
        Action::Down if listing => move_by(state, 1),
        Action::Up if listing => move_by(state, -1),
        Action::PageDown if listing => move_by(state, page),
        Action::PageUp if listing => move_by(state, -page),
        Action::Top if listing => top(state),
        Action::Bottom if listing => bottom(state),
        Action::Open if listing => open_selected(state),
        Action::TogglePending if view == View::Approvals => {
            let a = &mut state.approvals;
            a.pending_only = !a.pending_only;
            a.refilter();
            vec![reload(state)]
        }
        Action::CycleKind if view == View::Approvals => {
            let a = &mut state.approvals;
            a.kind = a.kind.next();
            a.refilter();
            vec![reload(state)]
        }
        Action::TogglePending | Action::CycleKind => Vec::new(),
        Action::FileLeave => open_form(state, FormKind::Leave),
        Action::FileVisitor => open_form(state, FormKind::Visitor),
        Action::Approve => ask(state, Step::Approve),
        Action::Reject => ask(state, Step::Reject),
        Action::CancelRequest => ask(state, Step::Cancel),
        _ => return None,
    })
}

fn move_by(state: &mut State, n: isize) -> Vec<Effect> {
    if state.view == View::Returns {
        let a = &mut state.approvals;
        let last = a.returns.len().saturating_sub(1) as isize;
        a.returns_sel = (a.returns_sel as isize + n).clamp(0, last.max(0)) as usize;
        return Vec::new();
    }
    if state.approvals.step(n) {
        return vec![reload(state)];
    }
    Vec::new()
}

fn top(state: &mut State) -> Vec<Effect> {
    let a = &mut state.approvals;
    if state.view == View::Returns {
        a.returns_sel = 0;
        return Vec::new();
    }
    a.sel = 0;
    if a.before.is_some() {
        a.refilter();
        return vec![reload(state)];
    }
    Vec::new()
}

fn bottom(state: &mut State) -> Vec<Effect> {
    let a = &mut state.approvals;
    if state.view == View::Returns {
        a.returns_sel = a.returns.len().saturating_sub(1);
    } else {
        a.sel = a.rows.len().saturating_sub(1);
    }
    Vec::new()
}

fn open_selected(state: &mut State) -> Vec<Effect> {
    let a = &state.approvals;
    let id = match state.view {
        View::Approvals => a.selected().map(|r| r.request.id),
        View::Returns => a.returns.get(a.returns_sel).map(|i| i.leave.id),
        _ => None,
    };
    let Some(id) = id else {
        return Vec::new();
    };
    state.approvals.detail = Some(RequestView {
        id,
        data: None,
        error: None,
    });
    state.open(View::Request);
    vec![reload(state)]
}

fn open_form(state: &mut State, kind: FormKind) -> Vec<Effect> {
    if !state.operator.role.allows(Permission::FileRequest) {
        return Vec::new(); // the keymap offers no such key; a `:` name cannot reach it either
    }
    let (now, zone) = (state.now, state.zone);
    state.approvals.form.start(kind, now, zone);
    state.open(View::FileRequest);
    vec![reload(state)]
}

/// The request the decide keys act on: the selected row, or the one on screen.
fn current(state: &State) -> Option<(Request, Vec<Step>)> {
    match state.view {
        View::Approvals => state
            .approvals
            .selected()
            .map(|r| (r.request.clone(), r.steps.clone())),
        View::Request => state
            .approvals
            .detail
            .as_ref()
            .and_then(|d| d.data.as_ref())
            .map(|(d, steps)| (d.request.clone(), steps.clone())),
        _ => None,
    }
}

/// Opens the confirmation popup of a step, if the step is open for this request.
fn ask(state: &mut State, step: Step) -> Vec<Effect> {
    let Some((request, steps)) = current(state) else {
        return Vec::new();
    };
    if !steps.contains(&step) {
        let msg = trf(
            state.lang,
            "rq.step_closed",
            &[
                ("id", request.id.to_string()),
                (
                    "status",
                    tr(state.lang, &format!("status.{}", request.status)).to_string(),
                ),
                ("step", tr(state.lang, step_words(step).verb).to_string()),
            ],
        );
        state.say(msg, Tone::Warn);
        return Vec::new();
    }
    state.approvals.confirm = Some(Confirm {
        step,
        request,
        note: TextInput::default(),
        error: None,
        pending: false,
    });
    Vec::new()
}

/// Catalog keys of a step's words: the verb ("approved"), the popup's title, the
/// label of its note, and the message when it is done.
pub struct StepWords {
    pub verb: &'static str,
    pub title: &'static str,
    pub note: &'static str,
    pub done: &'static str,
}

pub fn step_words(step: Step) -> StepWords {
    match step {
        Step::Approve => StepWords {
            verb: "rq.step.approve",
            title: "rq.confirm.approve",
            note: "rq.note.optional",
            done: "approval.approved",
        },
        Step::Reject => StepWords {
            verb: "rq.step.reject",
            title: "rq.confirm.reject",
            note: "rq.note.required",
            done: "approval.rejected",
        },
        Step::Cancel => StepWords {
            verb: "rq.step.cancel",
            title: "rq.confirm.cancel",
            note: "rq.note.optional",
            done: "approval.cancelled",
        },
    }
}

/// Keys while the confirmation popup is open: the note is typed, Enter sends, Esc
/// closes; nothing else reaches the screen below.
pub fn confirm_key(state: &mut State, key: Key) -> Vec<Effect> {
    let action = state.keymap.in_scope(Scope::Prompt, key).or_else(|| {
        state
            .keymap
            .global_non_text(key)
            .filter(|a| *a == Action::Quit)
    });
    let Some(c) = state.approvals.confirm.as_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Accept) => {
            if c.pending {
                return Vec::new();
            }
            c.pending = true;
            c.error = None;
            vec![Effect::Job(Job::Approvals(ApprovalJob::Step {
                id: c.request.id,
                step: c.step,
                note: c.note.value().to_string(),
            }))]
        }
        Some(Action::Cancel) => {
            if !c.pending {
                state.approvals.confirm = None;
            }
            Vec::new()
        }
        Some(Action::Quit) => quit(state),
        _ => {
            if !c.pending && c.note.handle(key) {
                c.error = None;
            }
            Vec::new()
        }
    }
}

/// Keys in the filing form (the registration form's bindings: Tab, Enter, Space, F2
/// switches leave ↔ visitor).
pub fn form_key(state: &mut State, key: Key) -> Vec<Effect> {
    let global = state.keymap.global_non_text(key);
    let (now, zone) = (state.now, state.zone);
    if state.approvals.form.submitting {
        return match global {
            Some(Action::Quit) => quit(state),
            _ => Vec::new(),
        };
    }
    let form = &mut state.approvals.form;
    let focus = form.focus;
    if focus.is_text()
        && let Some(t) = form.text_mut(focus)
        && t.handle(key)
    {
        form.clear_error(focus);
        form.general_error = None;
        return Vec::new();
    }
    let form = &mut state.approvals.form;
    match state.keymap.in_scope(Scope::Form, key).or(global) {
        Some(Action::NextField) => form.focus_next(),
        Some(Action::PrevField) => form.focus_prev(),
        Some(Action::ChoiceNext | Action::ChoicePrev) => form.toggle_choice(),
        Some(Action::ToggleVisitor) => form.switch_kind(now, zone),
        Some(Action::Submit) => return submit_form(state),
        Some(Action::Back) => return back(state),
        Some(Action::Quit) => return quit(state),
        _ => {}
    }
    Vec::new()
}

fn submit_form(state: &mut State) -> Vec<Effect> {
    let form = &mut state.approvals.form;
    // A required field left empty elsewhere: go there first (one empty at the focus
    // is sent, and the service's message appears beside it).
    if let Some(f) = form.next_missing() {
        form.focus = f;
        return Vec::new();
    }
    form.submitting = true;
    form.errors.clear();
    form.general_error = None;
    vec![Effect::Job(Job::Approvals(ApprovalJob::File(form.input())))]
}

/// After a key in the registration form: look up the person or visitor again when
/// the id typed changed.
pub fn after_register_key(state: &mut State) -> Vec<Effect> {
    if state.view != View::Register {
        return Vec::new();
    }
    let key = gate_key(state);
    if key == state.approvals.gate_key {
        return Vec::new();
    }
    state.approvals.gate_key = key;
    vec![reload(state)]
}

/// Pasted text goes into the popup's note or the focused field of the filing form.
pub fn paste(state: &mut State, text: &str) {
    if let Some(c) = state.approvals.confirm.as_mut().filter(|c| !c.pending) {
        c.note.paste(text);
        c.error = None;
    } else if state.view == View::FileRequest {
        let form = &mut state.approvals.form;
        let f = form.focus;
        if let Some(t) = form.text_mut(f) {
            t.paste(text);
            form.clear_error(f);
        }
    }
}

// ---------------------------------------------------------------------------------
// Writes and alerts

/// Database work of this module, run by the console's worker (and the tests).
#[derive(Debug, Clone, PartialEq)]
pub enum ApprovalJob {
    /// Approve, reject or cancel; an empty note is no note.
    Step {
        id: i64,
        step: Step,
        note: String,
    },
    File(FileInput),
    /// Leaders' alerts due after `since` (`Desk::approval_alerts`).
    Alerts {
        since: DateTime<Utc>,
    },
}

/// What came back.
#[derive(Debug, Clone)]
pub enum Answer {
    Stepped {
        id: i64,
        step: Step,
        result: DeskResult<Request>,
    },
    Filed(DeskResult<Request>),
    Alerts {
        /// The desk's clock when asked: the next check starts here.
        at: DateTime<Utc>,
        /// Each alert with its identity (request id, expiring).
        result: DeskResult<Vec<((i64, bool), Alert)>>,
    },
}

impl ApprovalJob {
    pub fn run(self, desk: &mut Desk, lang: Lang) -> Answer {
        match self {
            ApprovalJob::Step { id, step, note } => {
                let given = Some(note.as_str()).filter(|n| !n.trim().is_empty());
                let result = match step {
                    Step::Approve => desk.approve_request(id, given),
                    Step::Reject => desk.reject_request(id, &note),
                    Step::Cancel => desk.cancel_request(id, given),
                };
                Answer::Stepped {
                    id,
                    step,
                    result: result.map(clean_request),
                }
            }
            ApprovalJob::File(input) => Answer::Filed(
                match input {
                    FileInput::Leave(i) => desk.request_leave(&i),
                    FileInput::Visitor(i) => desk.request_visitor(&i),
                }
                .map(clean_request),
            ),
            ApprovalJob::Alerts { since } => {
                let at = desk.clock.now();
                let result = desk
                    .approval_alerts(since)
                    .map(|list| list.into_iter().map(|a| alert_of(desk, lang, a)).collect());
                Answer::Alerts { at, result }
            }
        }
    }
}

/// The notification of a leaders' alert. The name is masked (`王**`) as in every
/// alert: a notification may show on a locked screen.
fn alert_of(desk: &Desk, lang: Lang, a: ApprovalAlert) -> ((i64, bool), Alert) {
    let (id, expiring, masked) = match a {
        ApprovalAlert::Arrived {
            id,
            kind,
            who,
            expires_at,
        } => (
            id,
            false,
            ApprovalAlert::Arrived {
                id,
                kind,
                who: super::alerts::mask_name(&who),
                expires_at,
            },
        ),
        ApprovalAlert::ExpiringSoon {
            id,
            kind,
            who,
            expires_at,
        } => (
            id,
            true,
            ApprovalAlert::ExpiringSoon {
                id,
                kind,
                who: super::alerts::mask_name(&who),
                expires_at,
            },
        ),
    };
    let (kind, title) = if expiring {
        (AlertKind::RequestExpiring, "alert.request_expiring")
    } else {
        (AlertKind::RequestArrived, "alert.request_arrived")
    };
    (
        (id, expiring),
        Alert {
            kind,
            title: tr(lang, title).to_string(),
            body: desk.alert_text(lang, &masked),
        },
    )
}

/// On the clock tick, a leader's or admin's console asks for the alerts due since
/// the last check (one check at a time).
pub fn tick(state: &mut State) -> Vec<Effect> {
    let a = &mut state.approvals;
    if a.alerts_busy || !state.operator.role.allows(Permission::DecideRequest) {
        return Vec::new();
    }
    a.alerts_busy = true;
    vec![Effect::Job(Job::Approvals(ApprovalJob::Alerts {
        since: a.alerts_since,
    }))]
}

/// Takes the answer to a job of this module. The alert check changes nothing on
/// screen, so it does not ask for a redraw (an idle leader's console stays quiet).
pub fn answered(state: &mut State, answer: Answer) -> Vec<Effect> {
    let lang = state.lang;
    if !matches!(answer, Answer::Alerts { .. }) {
        state.dirty = true;
    }
    match answer {
        Answer::Stepped { id, step, result } => match result {
            Ok(r) => {
                state.approvals.confirm = None;
                let msg = trf(
                    lang,
                    step_words(step).done,
                    &[("id", r.id.to_string()), ("who", r.who().to_string())],
                );
                state.say(msg, Tone::Good);
                vec![reload(state)]
            }
            Err(e) => {
                let text = e.render(lang);
                match state
                    .approvals
                    .confirm
                    .as_mut()
                    .filter(|c| c.request.id == id)
                {
                    Some(c) => {
                        c.pending = false;
                        c.error = Some(text);
                    }
                    None => state.say(text, Tone::Bad),
                }
                // Someone else may have decided in between: show the list as it is now.
                if e.kind == ErrorKind::Conflict {
                    vec![reload(state)]
                } else {
                    Vec::new()
                }
            }
        },
        Answer::Filed(result) => match result {
            Ok(r) => {
                state.approvals.form.reset();
                let msg = trf(
                    lang,
                    "approval.filed",
                    &[("id", r.id.to_string()), ("who", r.who().to_string())],
                );
                state.say(msg, Tone::Good);
                // The new request, selected in the pending list.
                let a = &mut state.approvals;
                a.pending_only = true;
                a.kind = KindFilter::All;
                a.refilter();
                a.land = None;
                a.select_id = Some(r.id);
                if state.view == View::FileRequest {
                    state.go_back();
                }
                state.open(View::Approvals);
                vec![reload(state)]
            }
            Err(e) => {
                state.approvals.form.apply_error(&e, lang);
                Vec::new()
            }
        },
        Answer::Alerts { at, result } => {
            let a = &mut state.approvals;
            a.alerts_busy = false;
            let Ok(list) = result else {
                return Vec::new(); // asked again on the next tick, from the same instant
            };
            a.alerts_since = at - ALERT_OVERLAP;
            let mut effects = Vec::new();
            for (identity, alert) in list {
                if a.alerted.insert(identity) && state.notify.wants(alert.kind) {
                    effects.push(Effect::Alert(alert, state.notify.channels()));
                }
            }
            effects
        }
    }
}
