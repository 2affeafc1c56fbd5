//! The handover in the console: the working handover (checklist, carry-over, notes for
//! the next shift, the three signatures), the history of past handovers, one past record
//! (read-only; exported to XLSX once locked), and the reminders.
//!
//! Everything is judged by `service::handover`; the console only shows and asks. Every
//! write carries the version of the record on screen. When someone else changed the
//! record first (`handover.stale`), the view reloads and says so, and whatever the
//! operator typed stays in its prompt or editor to be sent again.
//!
//! Read-only roles (supervisor, guard) get the same screens without the write keys:
//! the keymap leaves them out, and the service refuses them again.

use super::key::{Key, KeyCode};
use super::keymap::{Action, Scope};
use super::load::Job;
use super::msg::{Effect, Msg};
use super::providers::Tone;
use super::state::State;
use super::update::reload;
use super::view::{Prompt, PromptKind, View};
use crate::domain::Permission;
use crate::domain::handover::{Capacity, Handover, ItemState, Reminder, Stamp};
use crate::domain::text::{is_forbidden, sanitize};
use crate::error::{DeskError, DeskResult, ErrorKind};
use crate::i18n::{Lang, tr, trf};
use crate::notify::{Alert, AlertKind};
use crate::service::Desk;
use crate::service::handover::{HandoverSummary, HandoverTarget, STALE, reminder_text};
use chrono::{DateTime, Duration, Utc};
use ratatui_textarea::{Input, TextArea, WrapMode};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// Rows in one page of the handover history.
pub const HISTORY_PAGE: usize = 50;
/// How often the reminders are looked for.
const REMIND_EVERY: Duration = Duration::seconds(30);

/// What the handover screens load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandoverQuery {
    /// The handover the desk is on now (not opened: shown as it would open).
    Working,
    /// One record by id.
    Record(i64),
    /// One page of the history, newest first: shifts starting before `before`.
    History {
        before: Option<DateTime<Utc>>,
        limit: usize,
    },
}

/// A record as the screens show it: text sanitised, logins with display names.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub record: Handover,
    pub names: BTreeMap<String, String>,
}

impl Shown {
    /// The display name of a login.
    pub fn name<'a>(&'a self, login: &'a str) -> &'a str {
        self.names.get(login).map(String::as_str).unwrap_or(login)
    }
}

/// One row of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub summary: HandoverSummary,
    /// Display names of the signers: outgoing, incoming, leader.
    pub signers: [Option<String>; 3],
}

/// The answer to a [`HandoverQuery`].
#[derive(Debug, Clone, PartialEq)]
pub enum HandoverLoaded {
    Working(Shown),
    Record(i64, DeskResult<Shown>),
    History(Vec<HistoryRow>),
}

/// A record's text made safe for the terminal (notes keep their line breaks).
fn clean(mut h: Handover) -> Handover {
    let lines = |s: &str| s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n");
    h.shift.name = sanitize(&h.shift.name);
    h.next_name = sanitize(&h.next_name);
    for i in &mut h.items {
        i.key = sanitize(&i.key);
        i.label = sanitize(&i.label);
        i.label_en = sanitize(&i.label_en);
        i.note = i.note.as_deref().map(lines);
    }
    for c in &mut h.carry {
        c.ref_id = sanitize(&c.ref_id);
        c.summary = sanitize(&c.summary);
    }
    for n in &mut h.notes {
        n.text = lines(&n.text);
    }
    h
}

fn shown(desk: &Desk, h: Handover) -> Shown {
    let names = desk
        .handover_names(&h)
        .into_iter()
        .map(|(k, v)| (k, sanitize(&v)))
        .collect();
    Shown {
        record: clean(h),
        names,
    }
}

/// Answers a handover query (reads only: a record not yet opened stays unopened).
pub fn load(desk: &Desk, q: &HandoverQuery) -> DeskResult<HandoverLoaded> {
    Ok(match q {
        HandoverQuery::Working => HandoverLoaded::Working(shown(desk, desk.handover_peek()?)),
        HandoverQuery::Record(id) => {
            HandoverLoaded::Record(*id, desk.handover(*id).map(|h| shown(desk, h)))
        }
        HandoverQuery::History { before, limit } => HandoverLoaded::History(
            desk.handover_list(*limit, *before)?
                .into_iter()
                .map(|mut s| {
                    s.row.shift.name = sanitize(&s.row.shift.name);
                    s.row.next_name = sanitize(&s.row.next_name);
                    let signer = |c: Capacity| {
                        s.row
                            .signatures
                            .get(c)
                            .map(|st| sanitize(&desk.operator(&st.by).name))
                    };
                    let signers = [
                        signer(Capacity::Outgoing),
                        signer(Capacity::Incoming),
                        signer(Capacity::Leader),
                    ];
                    HistoryRow {
                        summary: s,
                        signers,
                    }
                })
                .collect(),
        ),
    })
}

/// One step on a handover, with the version the operator saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Check { key: String, note: Option<String> },
    Waive { key: String, note: String },
    Ack { carry_id: String },
    Note { text: String, carry: bool },
    Sign(Capacity),
}

/// Database work for the handover screens.
#[derive(Debug, Clone, PartialEq)]
pub enum HandoverJob {
    Write {
        target: HandoverTarget,
        version: i64,
        step: Step,
    },
    /// Writes a locked record's printable workbook.
    Export { id: i64, path: PathBuf },
    /// The reminders due now.
    Reminders,
}

/// What a handover job answers (travels boxed in `Msg::Handover`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Answer {
    Wrote {
        step: Step,
        result: DeskResult<Shown>,
    },
    Exported {
        id: i64,
        result: DeskResult<PathBuf>,
    },
    Reminders(DeskResult<Vec<Reminder>>),
}

/// Runs a handover job on the worker.
pub fn run(desk: &mut Desk, job: HandoverJob, lang: Lang) -> Msg {
    let answer = match job {
        HandoverJob::Write {
            target,
            version,
            step,
        } => {
            let v = Some(version);
            let result = match &step {
                Step::Check { key, note } => desk.handover_check(target, key, note.as_deref(), v),
                Step::Waive { key, note } => desk.handover_waive(target, key, note, v),
                Step::Ack { carry_id } => desk.handover_ack(target, carry_id, v),
                Step::Note { text, carry } => desk.handover_note(target, text, *carry, v),
                Step::Sign(c) => desk.handover_sign(target, *c, v),
            };
            Answer::Wrote {
                result: result.map(|h| shown(desk, h)),
                step,
            }
        }
        HandoverJob::Export { id, path } => Answer::Exported {
            id,
            result: export(desk, id, &path, lang).map(|_| path),
        },
        HandoverJob::Reminders => Answer::Reminders(desk.handover_reminders()),
    };
    Msg::Handover(Box::new(answer))
}

/// The console's export: into the exports directory, never replacing a file there.
fn export(desk: &Desk, id: i64, path: &std::path::Path, lang: Lang) -> DeskResult<()> {
    // Asked before the directory is made: a read-only role creates nothing at all.
    desk.require(Permission::ExportHandover)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            DeskError::internal("report.write")
                .arg("path", path.display())
                .arg("detail", e)
        })?;
    }
    desk.export_handover_xlsx(id, path, lang, false)
}

/// The multi-line editor of a note for the next shift (`ratatui-textarea`).
#[derive(Debug, Clone)]
pub struct Editor(pub TextArea<'static>);

impl PartialEq for Editor {
    fn eq(&self, other: &Self) -> bool {
        self.0.lines() == other.0.lines() && self.0.cursor() == other.0.cursor()
    }
}

impl Editor {
    fn new() -> Self {
        let mut t = TextArea::default();
        t.set_wrap_mode(WrapMode::WordOrGlyph);
        t.set_cursor_line_style(ratatui::style::Style::new());
        Editor(t)
    }

    /// The text as typed, lines joined.
    pub fn text(&self) -> String {
        self.0.lines().join("\n")
    }

    /// Applies an editing key; false for keys it does not take.
    fn handle(&mut self, key: Key) -> bool {
        use ratatui_textarea::Key as T;
        let code = match key.code {
            KeyCode::Char(c) if is_forbidden(c) => return true,
            KeyCode::Char(c) => T::Char(c),
            KeyCode::Enter => T::Enter,
            KeyCode::Backspace => T::Backspace,
            KeyCode::Delete => T::Delete,
            KeyCode::Left => T::Left,
            KeyCode::Right => T::Right,
            KeyCode::Up => T::Up,
            KeyCode::Down => T::Down,
            KeyCode::Home => T::Home,
            KeyCode::End => T::End,
            KeyCode::PageUp => T::PageUp,
            KeyCode::PageDown => T::PageDown,
            _ => return false,
        };
        self.0.input(Input {
            key: code,
            ctrl: key.ctrl,
            alt: key.alt,
            shift: false,
        });
        true
    }

    fn paste(&mut self, text: &str) {
        let clean: String = text
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| *c == '\n' || !is_forbidden(*c))
            .collect();
        self.0.insert_str(clean);
    }
}

/// A note being written.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteDraft {
    pub editor: Editor,
    /// Carry it as an open item until somebody closes it.
    pub carry: bool,
    pub error: Option<String>,
    pub pending: bool,
}

/// The signing confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct SignPopup {
    pub capacity: Capacity,
    /// Why the service refused (what is still missing).
    pub error: Option<String>,
    pub pending: bool,
}

/// What is open over the handover view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modal {
    /// The selected row in full.
    Row,
    Note,
    Sign,
}

/// The handover screens' state (a field of [`State`]).
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverState {
    /// The working handover as last loaded.
    pub work: Option<Shown>,
    /// Selection in the working view: checklist items, then carry-over items.
    pub sel: usize,
    /// The past record on screen.
    pub record_id: Option<i64>,
    pub record: Option<Shown>,
    pub record_error: Option<String>,
    pub record_sel: usize,
    /// One page of the history, and where it starts.
    pub history: Vec<HistoryRow>,
    pub history_loaded: bool,
    pub history_sel: usize,
    pub history_before: Option<DateTime<Utc>>,
    /// Where the newer pages started (paging back up).
    pub history_above: Vec<Option<DateTime<Utc>>>,
    pub modal: Option<Modal>,
    /// The checklist item the open prompt is about.
    pub prompt_item: Option<String>,
    /// The note being written; kept when the editor is closed unsaved.
    pub note: Option<NoteDraft>,
    pub sign: Option<SignPopup>,
    /// A write is on its way: the next one waits for its version.
    pub pending: bool,
    /// Reminders already signalled, by key.
    pub reminded: HashSet<String>,
    pub last_remind_check: Option<DateTime<Utc>>,
    /// Where exported workbooks go.
    pub export_dir: PathBuf,
}

impl Default for HandoverState {
    fn default() -> Self {
        Self {
            work: None,
            sel: 0,
            record_id: None,
            record: None,
            record_error: None,
            record_sel: 0,
            history: Vec::new(),
            history_loaded: false,
            history_sel: 0,
            history_before: None,
            history_above: Vec::new(),
            modal: None,
            prompt_item: None,
            note: None,
            sign: None,
            pending: false,
            reminded: HashSet::new(),
            last_remind_check: None,
            export_dir: default_export_dir(),
        }
    }
}

/// `$XDG_DATA_HOME/dutydesk/exports`, or `./exports` where no home is known.
pub fn default_export_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("dutydesk").join("exports"))
        .unwrap_or_else(|| PathBuf::from("exports"))
}

/// A key's meaning on the handover screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoverAction {
    /// The selected checklist item is done.
    Check,
    /// Done, with a note.
    CheckWithNote,
    /// Not done this time; asks why.
    Waive,
    /// The selected carry-over item is accepted.
    Ack,
    /// Write a note for the next shift.
    Note,
    /// Sign (opens the confirmation).
    Sign,
    /// Export the locked record on screen.
    Export,
    /// Note editor: save.
    NoteSave,
    /// Note editor: carry until closed, on/off.
    NoteCarry,
    /// Sign popup: the next / previous capacity.
    SignNext,
    SignPrev,
}

/// What the handover screens need now.
pub fn query(state: &State) -> Option<HandoverQuery> {
    let h = &state.handover;
    match state.view {
        View::Handover => Some(HandoverQuery::Working),
        View::HandoverRecord => h.record_id.map(HandoverQuery::Record),
        View::HandoverHistory => Some(HandoverQuery::History {
            before: h.history_before,
            limit: HISTORY_PAGE,
        }),
        _ => None,
    }
}

/// Applies a load.
pub fn loaded(state: &mut State, l: HandoverLoaded) {
    let h = &mut state.handover;
    match l {
        HandoverLoaded::Working(s) => {
            let rows = s.record.items.len() + s.record.carry.len();
            h.sel = h.sel.min(rows.saturating_sub(1));
            h.work = Some(s);
        }
        HandoverLoaded::Record(id, result) => {
            if h.record_id != Some(id) {
                return;
            }
            match result {
                Ok(s) => {
                    let rows = s.record.items.len() + s.record.carry.len();
                    h.record_sel = h.record_sel.min(rows.saturating_sub(1));
                    h.record = Some(s);
                    h.record_error = None;
                }
                Err(e) => h.record_error = Some(e.render(state.lang)),
            }
        }
        HandoverLoaded::History(rows) => {
            h.history_sel = h.history_sel.min(rows.len().saturating_sub(1));
            h.history = rows;
            h.history_loaded = true;
        }
    }
}

/// The record a row selection refers to: which list and which row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Item(usize),
    Carry(usize),
}

/// The selected row of a record.
pub fn row_of(h: &Handover, sel: usize) -> Option<Row> {
    if sel < h.items.len() {
        Some(Row::Item(sel))
    } else if sel < h.items.len() + h.carry.len() {
        Some(Row::Carry(sel - h.items.len()))
    } else {
        None
    }
}

/// The record and selection on screen (working view or a past record).
pub fn on_screen(state: &State) -> Option<(&Shown, usize)> {
    let h = &state.handover;
    match state.view {
        View::Handover => h.work.as_ref().map(|s| (s, h.sel)),
        View::HandoverRecord => h.record.as_ref().map(|s| (s, h.record_sel)),
        _ => None,
    }
}

/// Moves the selection by `n` rows (history: past the ends it pages).
pub fn step(state: &mut State, n: isize) -> Vec<Effect> {
    let move_by = |sel: &mut usize, rows: usize| {
        let last = rows.saturating_sub(1) as isize;
        *sel = (*sel as isize).saturating_add(n).clamp(0, last.max(0)) as usize;
    };
    let h = &mut state.handover;
    match state.view {
        View::Handover => {
            let rows = h
                .work
                .as_ref()
                .map_or(0, |s| s.record.items.len() + s.record.carry.len());
            move_by(&mut h.sel, rows);
        }
        View::HandoverRecord => {
            let rows = h
                .record
                .as_ref()
                .map_or(0, |s| s.record.items.len() + s.record.carry.len());
            move_by(&mut h.record_sel, rows);
        }
        View::HandoverHistory => {
            let last = h.history.len().saturating_sub(1);
            if n > 0 && h.history_sel == last && h.history.len() == HISTORY_PAGE {
                // Past the last row of a full page: the next older page.
                let next = h.history.last().map(|r| r.summary.row.shift.start);
                h.history_above.push(h.history_before);
                h.history_before = next;
                h.history_sel = 0;
                return vec![reload(state)];
            }
            if n < 0
                && h.history_sel == 0
                && let Some(above) = h.history_above.pop()
            {
                // Above the first row of an older page: the newer page, at its end.
                h.history_before = above;
                h.history_sel = HISTORY_PAGE - 1;
                return vec![reload(state)];
            }
            move_by(&mut h.history_sel, h.history.len());
        }
        _ => {}
    }
    Vec::new()
}

/// `g`: the first row (history: back to the newest page).
pub fn top(state: &mut State) -> Vec<Effect> {
    let h = &mut state.handover;
    if state.view == View::HandoverHistory && h.history_before.is_some() {
        h.history_before = None;
        h.history_above.clear();
        h.history_sel = 0;
        return vec![reload(state)];
    }
    step(state, isize::MIN / 2)
}

/// `G`: the last row.
pub fn bottom(state: &mut State) -> Vec<Effect> {
    let h = &mut state.handover;
    if state.view == View::HandoverHistory {
        h.history_sel = h.history.len().saturating_sub(1);
        return Vec::new();
    }
    step(state, isize::MAX / 2)
}

/// Enter: the history opens the selected record; a record shows the selected row in
/// full. `None` when the screen is not a handover screen.
pub fn open(state: &mut State) -> Option<Vec<Effect>> {
    match state.view {
        View::HandoverHistory => {
            let Some(row) = state.handover.history.get(state.handover.history_sel) else {
                return Some(Vec::new());
            };
            let id = row.summary.row.id;
            state.open(View::HandoverRecord);
            let h = &mut state.handover;
            if h.record_id != Some(id) {
                h.record = None;
                h.record_sel = 0;
            }
            h.record_id = Some(id);
            h.record_error = None;
            Some(vec![reload(state)])
        }
        View::Handover | View::HandoverRecord => {
            if let Some((s, sel)) = on_screen(state)
                && row_of(&s.record, sel).is_some()
            {
                state.handover.modal = Some(Modal::Row);
            }
            Some(Vec::new())
        }
        _ => None,
    }
}

/// The target and version of a write to the record on screen.
fn target(state: &State) -> Option<(HandoverTarget, i64)> {
    let s = state.handover.work.as_ref()?;
    let target = match s.record.id {
        Some(id) => HandoverTarget::Id(id),
        None => HandoverTarget::Working,
    };
    Some((target, s.record.version))
}

fn write(state: &mut State, step: Step) -> Vec<Effect> {
    let Some((target, version)) = target(state) else {
        return Vec::new();
    };
    state.handover.pending = true;
    vec![Effect::Job(Job::Handover(HandoverJob::Write {
        target,
        version,
        step,
    }))]
}

/// The checklist item selected in the working view, or a message why not.
fn selected_item(state: &mut State) -> Option<String> {
    let s = state.handover.work.as_ref()?;
    match row_of(&s.record, state.handover.sel) {
        Some(Row::Item(i)) => Some(s.record.items[i].key.clone()),
        _ => {
            let msg = state.tr("hv.select_item").to_string();
            state.say(msg, Tone::Warn);
            None
        }
    }
}

/// A bound key on the handover screens.
pub fn act(state: &mut State, action: HandoverAction) -> Vec<Effect> {
    use HandoverAction as H;
    if state.view != View::Handover && action != H::Export {
        return Vec::new();
    }
    if state.handover.pending && !matches!(action, H::Export) {
        let msg = state.tr("hv.busy").to_string();
        state.say(msg, Tone::Warn);
        return Vec::new();
    }
    match action {
        H::Check => match selected_item(state) {
            Some(key) => write(state, Step::Check { key, note: None }),
            None => Vec::new(),
        },
        H::CheckWithNote | H::Waive => {
            if let Some(key) = selected_item(state) {
                state.handover.prompt_item = Some(key);
                let kind = if action == H::Waive {
                    PromptKind::HandoverWaive
                } else {
                    PromptKind::HandoverCheckNote
                };
                state.prompt = Some(Prompt::new(kind, ""));
            }
            Vec::new()
        }
        H::Ack => {
            let Some(s) = state.handover.work.as_ref() else {
                return Vec::new();
            };
            match row_of(&s.record, state.handover.sel) {
                Some(Row::Carry(i)) => {
                    let carry_id = s.record.carry[i].carry_id();
                    write(state, Step::Ack { carry_id })
                }
                _ => {
                    let msg = state.tr("hv.select_carry").to_string();
                    state.say(msg, Tone::Warn);
                    Vec::new()
                }
            }
        }
        H::Note => {
            let h = &mut state.handover;
            if h.work.is_some() {
                h.note.get_or_insert_with(|| NoteDraft {
                    editor: Editor::new(),
                    carry: false,
                    error: None,
                    pending: false,
                });
                h.modal = Some(Modal::Note);
            }
            Vec::new()
        }
        H::Sign => {
            let Some(s) = state.handover.work.as_ref() else {
                return Vec::new();
            };
            let capacity = first_to_sign(&s.record);
            state.handover.sign = Some(SignPopup {
                capacity,
                error: None,
                pending: false,
            });
            state.handover.modal = Some(Modal::Sign);
            Vec::new()
        }
        H::Export => export_shown(state),
        // Keys of the open editor or popup arrive through `modal_key`.
        H::NoteSave | H::NoteCarry | H::SignNext | H::SignPrev => Vec::new(),
    }
}

/// The capacity a signing starts from: the first one not yet signed.
pub fn first_to_sign(h: &Handover) -> Capacity {
    h.signatures
        .missing()
        .first()
        .copied()
        .unwrap_or(Capacity::Leader)
}

fn export_shown(state: &mut State) -> Vec<Effect> {
    if state.view != View::HandoverRecord {
        return Vec::new();
    }
    let Some(s) = state.handover.record.as_ref() else {
        return Vec::new();
    };
    let Some(id) = s.record.id.filter(|_| s.record.is_locked()) else {
        let msg = state.tr("hv.export_locked_only").to_string();
        state.say(msg, Tone::Warn);
        return Vec::new();
    };
    let path = state
        .handover
        .export_dir
        .join(format!("handover-{id}.xlsx"));
    let msg = state.tr("hv.exporting").to_string();
    state.say(msg, Tone::Normal);
    vec![Effect::Job(Job::Handover(HandoverJob::Export { id, path }))]
}

/// Enter in a handover prompt (waiver reason, note of a done item).
pub fn accept_prompt(state: &mut State, kind: PromptKind, text: String) -> Vec<Effect> {
    let Some(key) = state.handover.prompt_item.clone() else {
        state.prompt = None;
        return Vec::new();
    };
    let step = if kind == PromptKind::HandoverWaive {
        Step::Waive { key, note: text }
    } else {
        Step::Check {
            key,
            note: Some(text).filter(|t| !t.is_empty()),
        }
    };
    let effects = write(state, step);
    if let Some(p) = &mut state.prompt {
        p.pending = !effects.is_empty();
        p.error = None;
    }
    effects
}

/// The scope whose keys work in the open editor or popup (footer hints).
pub fn modal_scope(state: &State) -> Option<Scope> {
    match state.handover.modal {
        Some(Modal::Note) => Some(Scope::HandoverNote),
        Some(Modal::Sign) => Some(Scope::HandoverSign),
        _ => None,
    }
}

/// Keys while an editor or popup is open over a handover screen; `None` when none is.
pub fn modal_key(state: &mut State, key: Key) -> Option<Vec<Effect>> {
    let modal = state.handover.modal?;
    if !matches!(state.view, View::Handover | View::HandoverRecord) {
        state.handover.modal = None;
        return None;
    }
    let quit = state
        .keymap
        .global_non_text(key)
        .filter(|a| *a == Action::Quit);
    if quit.is_some() {
        state.quit = true;
        return Some(vec![Effect::Quit]);
    }
    Some(match modal {
        Modal::Row => {
            if matches!(
                state.keymap.lookup(state.view, key),
                Some(Action::Back | Action::Open)
            ) {
                state.handover.modal = None;
            }
            Vec::new()
        }
        Modal::Sign => sign_key(state, key),
        Modal::Note => note_key(state, key),
    })
}

fn sign_key(state: &mut State, key: Key) -> Vec<Effect> {
    let action = state.keymap.in_scope(Scope::HandoverSign, key);
    let Some(popup) = state.handover.sign.as_mut() else {
        state.handover.modal = None;
        return Vec::new();
    };
    if popup.pending {
        return Vec::new();
    }
    let cycle = |c: Capacity, forward: bool| {
        let all = Capacity::ALL;
        let i = all.iter().position(|x| *x == c).unwrap_or(0);
        let n = all.len();
        all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    };
    match action {
        Some(Action::Handover(HandoverAction::SignNext)) => {
            popup.capacity = cycle(popup.capacity, true);
            popup.error = None;
        }
        Some(Action::Handover(HandoverAction::SignPrev)) => {
            popup.capacity = cycle(popup.capacity, false);
            popup.error = None;
        }
        Some(Action::Cancel) => {
            state.handover.sign = None;
            state.handover.modal = None;
        }
        Some(Action::Accept) => {
            let capacity = popup.capacity;
            popup.pending = true;
            popup.error = None;
            let effects = write(state, Step::Sign(capacity));
            if effects.is_empty()
                && let Some(p) = state.handover.sign.as_mut()
            {
                p.pending = false;
            }
            return effects;
        }
        _ => {}
    }
    Vec::new()
}

fn note_key(state: &mut State, key: Key) -> Vec<Effect> {
    let action = state.keymap.in_scope(Scope::HandoverNote, key);
    let Some(draft) = state.handover.note.as_mut() else {
        state.handover.modal = None;
        return Vec::new();
    };
    if draft.pending {
        return Vec::new();
    }
    match action {
        Some(Action::Handover(HandoverAction::NoteSave)) => {
            let text = draft.editor.text().trim().to_string();
            let carry = draft.carry;
            draft.pending = true;
            draft.error = None;
            let effects = write(state, Step::Note { text, carry });
            if effects.is_empty()
                && let Some(d) = state.handover.note.as_mut()
            {
                d.pending = false;
            }
            effects
        }
        Some(Action::Handover(HandoverAction::NoteCarry)) => {
            draft.carry = !draft.carry;
            Vec::new()
        }
        Some(Action::Cancel) => {
            // The draft stays for the next `n`.
            state.handover.modal = None;
            Vec::new()
        }
        _ => {
            if draft.editor.handle(key) {
                draft.error = None;
            }
            Vec::new()
        }
    }
}

/// Pasted text goes into the open note editor. True when it was taken.
pub fn paste(state: &mut State, text: &str) -> bool {
    if state.handover.modal != Some(Modal::Note) {
        return false;
    }
    match state.handover.note.as_mut().filter(|d| !d.pending) {
        Some(d) => {
            d.editor.paste(text);
            d.error = None;
            true
        }
        None => false,
    }
}

/// The message of a refused step, in the console's words where the service's speak
/// of command-line options.
fn refusal_text(lang: Lang, e: &DeskError) -> String {
    if e.key == "handover.waive_needs_note" {
        return tr(lang, "hv.waive_needs_note").to_string();
    }
    e.render(lang)
}

fn is_stale(e: &DeskError) -> bool {
    e.kind == ErrorKind::Conflict && e.key == STALE
}

/// What happened, in one line.
fn done_text(state: &State, step: &Step, s: &Shown) -> (String, Tone) {
    let h = &s.record;
    let label = |key: &str| {
        h.items
            .iter()
            .find(|i| i.key == key)
            .map(|i| item_label(state.lang, i).to_string())
            .unwrap_or_else(|| key.to_string())
    };
    let lang = state.lang;
    match step {
        Step::Check { key, .. } => (
            trf(lang, "hv.did.check", &[("item", label(key))]),
            Tone::Good,
        ),
        Step::Waive { key, .. } => (
            trf(lang, "hv.did.waive", &[("item", label(key))]),
            Tone::Good,
        ),
        Step::Ack { carry_id } => (
            trf(
                lang,
                "hv.did.ack",
                &[
                    ("carry", carry_id.clone()),
                    ("left", h.unacked().len().to_string()),
                ],
            ),
            Tone::Good,
        ),
        Step::Note { carry, .. } => (
            tr(
                lang,
                if *carry {
                    "hv.did.note_carry"
                } else {
                    "hv.did.note"
                },
            )
            .to_string(),
            Tone::Good,
        ),
        Step::Sign(c) if h.is_locked() => (
            trf(
                lang,
                "hv.did.lock",
                &[("capacity", tr(lang, &capacity_key(*c)).to_string())],
            ),
            Tone::Good,
        ),
        Step::Sign(c) => (
            trf(
                lang,
                "hv.did.sign",
                &[("capacity", tr(lang, &capacity_key(*c)).to_string())],
            ),
            Tone::Good,
        ),
    }
}

pub fn capacity_key(c: Capacity) -> String {
    format!("capacity.{}", c.as_str())
}

/// A checklist item's label in the console's language.
pub fn item_label(lang: Lang, i: &crate::domain::handover::ChecklistItem) -> &str {
    match lang {
        Lang::Zh => &i.label,
        Lang::En => &i.label_en,
    }
}

/// An answer from the worker.
pub fn answer(state: &mut State, a: Answer) -> Vec<Effect> {
    state.dirty = true;
    match a {
        Answer::Wrote { step, result } => wrote(state, step, result),
        Answer::Exported { id, result } => {
            match result {
                Ok(path) => {
                    let msg = trf(
                        state.lang,
                        "handover.exported",
                        &[("id", id.to_string()), ("path", path.display().to_string())],
                    );
                    state.say(msg, Tone::Good);
                }
                Err(e) => {
                    let msg = e.render(state.lang);
                    state.say(msg, Tone::Bad);
                }
            }
            Vec::new()
        }
        Answer::Reminders(result) => reminders(state, result),
    }
}

fn wrote(state: &mut State, step: Step, result: DeskResult<Shown>) -> Vec<Effect> {
    state.handover.pending = false;
    let lang = state.lang;
    match result {
        Ok(mut s) => {
            s.names
                .entry(state.operator.login.clone())
                .or_insert_with(|| state.operator.name.clone());
            let (msg, tone) = done_text(state, &step, &s);
            state.say(msg, tone);
            let h = &mut state.handover;
            match step {
                Step::Check { .. } | Step::Waive { .. } => {
                    if state
                        .prompt
                        .as_ref()
                        .is_some_and(|p| is_handover_prompt(p.kind))
                    {
                        state.prompt = None;
                    }
                    h.prompt_item = None;
                }
                Step::Note { .. } => {
                    h.note = None;
                    h.modal = None;
                }
                Step::Sign(_) => {
                    h.sign = None;
                    h.modal = None;
                }
                Step::Ack { .. } => {}
            }
            // The record just written is the one on screen, with its new version, at
            // once: a second step does not wait for the reload.
            h.work = Some(s);
            vec![reload(state)]
        }
        Err(e) if is_stale(&e) => {
            let msg = state.tr("hv.stale").to_string();
            state.say(msg.clone(), Tone::Warn);
            if let Some(p) = state.prompt.as_mut().filter(|p| is_handover_prompt(p.kind)) {
                p.pending = false;
                p.error = Some(msg.clone());
            }
            let h = &mut state.handover;
            if let Some(d) = &mut h.note {
                d.pending = false;
                if h.modal == Some(Modal::Note) {
                    d.error = Some(msg);
                }
            }
            // Signing is done on what one has seen: the popup closes with the reload.
            if matches!(step, Step::Sign(_)) {
                h.sign = None;
                if h.modal == Some(Modal::Sign) {
                    h.modal = None;
                }
            }
            vec![reload(state)]
        }
        Err(e) => {
            let msg = refusal_text(lang, &e);
            let h = &mut state.handover;
            match step {
                Step::Check { note: Some(_), .. } | Step::Waive { .. }
                    if state
                        .prompt
                        .as_ref()
                        .is_some_and(|p| is_handover_prompt(p.kind)) =>
                {
                    if let Some(p) = &mut state.prompt {
                        p.pending = false;
                        p.error = Some(msg);
                    }
                }
                Step::Note { .. } if h.note.is_some() => {
                    if let Some(d) = &mut h.note {
                        d.pending = false;
                        d.error = Some(msg);
                    }
                }
                Step::Sign(_) if h.sign.is_some() => {
                    if let Some(p) = &mut h.sign {
                        p.pending = false;
                        p.error = Some(msg);
                    }
                }
                _ => state.say(msg, Tone::Bad),
            }
            Vec::new()
        }
    }
}

fn is_handover_prompt(kind: PromptKind) -> bool {
    matches!(
        kind,
        PromptKind::HandoverWaive | PromptKind::HandoverCheckNote
    )
}

/// The reminders due: each is signalled once (by its key), when alerts are wanted.
fn reminders(state: &mut State, result: DeskResult<Vec<Reminder>>) -> Vec<Effect> {
    let Ok(due) = result else {
        return Vec::new(); // a busy database: the next look finds them
    };
    let lang = state.lang;
    let mut effects = Vec::new();
    for r in &due {
        if !state.handover.reminded.insert(r.key()) {
            continue;
        }
        let body = reminder_text(lang, r);
        state.say(body.clone(), Tone::Warn);
        if state.notify.wants(AlertKind::Handover) {
            let alert = Alert {
                kind: AlertKind::Handover,
                title: tr(lang, "hv.alert_title").to_string(),
                body,
            };
            effects.push(Effect::Alert(alert, state.notify.channels()));
        }
    }
    effects
}

/// On the clock tick: look for reminders now and then (for operators who work on the
/// handover), and reload the dashboard when the shift its panel counts down to ends.
pub fn tick(state: &mut State, before: DateTime<Utc>, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    let role = state.operator.role;
    let works = role.allows(Permission::WorkHandover) || role.allows(Permission::SignHandover);
    let due = state
        .handover
        .last_remind_check
        .is_none_or(|t| now - t >= REMIND_EVERY || now < t);
    if works && due {
        state.handover.last_remind_check = Some(now);
        effects.push(Effect::Job(Job::Handover(HandoverJob::Reminders)));
    }
    let crossed = state.board.panels.iter().any(|p| {
        p.rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .any(|c| matches!(c, super::providers::PanelCell::Until(t) if *t > before && *t <= now))
    });
    let shift_over = state.view == View::Handover
        && state
            .handover
            .work
            .as_ref()
            .is_some_and(|s| s.record.shift.end > before && s.record.shift.end <= now);
    if (crossed && matches!(state.view, View::Dashboard | View::Register)) || shift_over {
        effects.push(reload(state));
    }
    effects
}

/// Who signed in a capacity, as shown: name and local time.
pub fn stamp_text(state: &State, s: &Shown, st: &Stamp) -> String {
    format!(
        "{} {}",
        s.name(&st.by),
        state.zone.to_local(st.at).format("%m-%d %H:%M")
    )
}

/// What the record waits for next, as one line (no keys named: read-only roles see it
/// too).
pub fn next_step(lang: Lang, h: &Handover) -> String {
    let sig = &h.signatures;
    if h.is_locked() {
        return tr(lang, "hv.next.locked").to_string();
    }
    if sig.outgoing.is_none() {
        let open = h.mandatory_open().len();
        if open > 0 {
            return trf(lang, "hv.next.mandatory", &[("n", open.to_string())]);
        }
        return tr(lang, "hv.next.outgoing").to_string();
    }
    if sig.incoming.is_none() {
        let open = h.unacked().len();
        if open > 0 {
            return trf(lang, "hv.next.ack", &[("n", open.to_string())]);
        }
        return tr(lang, "hv.next.incoming").to_string();
    }
    tr(lang, "hv.next.leader").to_string()
}

/// What the selected capacity still lacks, from the record on screen (the service
/// decides; this only says in advance what it will look at).
pub fn sign_missing(lang: Lang, h: &Handover, c: Capacity) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(st) = h.signatures.get(c) {
        out.push(trf(
            lang,
            "hv.sign.already",
            &[("capacity", tr(lang, &capacity_key(c)).to_string())],
        ));
        let _ = st;
        return out;
    }
    let needs = match c {
        Capacity::Outgoing => None,
        Capacity::Incoming => Some(Capacity::Outgoing),
        Capacity::Leader => Some(Capacity::Incoming),
    };
    if let Some(n) = needs.filter(|n| h.signatures.get(*n).is_none()) {
        out.push(trf(
            lang,
            "hv.sign.needs",
            &[("capacity", tr(lang, &capacity_key(n)).to_string())],
        ));
    }
    match c {
        Capacity::Outgoing => {
            let open: Vec<String> = h
                .items
                .iter()
                .filter(|i| i.mandatory && i.state == ItemState::Open)
                .map(|i| item_label(lang, i).to_string())
                .collect();
            if !open.is_empty() {
                out.push(trf(
                    lang,
                    "hv.sign.mandatory_open",
                    &[
                        ("n", open.len().to_string()),
                        ("items", open.join(tr(lang, "hv.list_sep"))),
                    ],
                ));
            }
        }
        Capacity::Incoming => {
            let open = h.unacked();
            if !open.is_empty() {
                out.push(trf(
                    lang,
                    "hv.sign.unacked",
                    &[
                        ("n", open.len().to_string()),
                        ("items", open.join(tr(lang, "hv.list_sep"))),
                    ],
                ));
            }
        }
        Capacity::Leader => {}
    }
    out
}
