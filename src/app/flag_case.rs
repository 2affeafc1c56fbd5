//! Fever cases in the console: the flagged view (active cases with countdowns that
//! tick with the clock, recent closed and cleared cases on request), one case's
//! detail, the small form of each step, and the alerts when a deadline falls due.
//!
//! Nothing here judges a step: the form sends what was typed to the same service
//! calls as `dutydesk flag …` (`Desk::flag_recheck` …) and places the service's
//! message beside the field it names. The steps offered for a case are the ones
//! `Desk::flag_steps` allows (its state and the operator's role), loaded with it.
//! Countdowns are computed from `State::now` at drawing time, so the clock tick
//! needs no database read; alerts ask `Desk::flag_alerts_between(previous, now)`.

use super::input::TextInput;
use super::key::Key;
use super::keymap::{Action, Scope};
use super::load::Job;
use super::msg::Effect;
use super::providers::Tone;
use super::state::State;
use super::update::reload;
use super::view::View;
use crate::domain::flag::{FlagAlert, FlagCase, FlagStep, Recheck};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult, ErrorKind};
use crate::i18n::{Lang, tr, trf};
use crate::notify::AlertKind;
use crate::service::Desk;
use crate::service::flags::{done_text, step_key};
use chrono::{DateTime, Utc};

/// Finished (cleared or closed) cases shown under the active ones on request.
pub const HISTORY_ROWS: usize = 30;

/// A case with the steps this operator may take on it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagRow {
    pub case: FlagCase,
    /// `Desk::flag_steps`: allowed by the case's state and the operator's role.
    pub steps: Vec<FlagStep>,
}

/// What the flagged view loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlagQuery {
    /// Also the recent finished cases.
    pub history: bool,
}

/// The flagged view's data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlagList {
    /// Every active case, oldest first (the same set `flag_counts().active` counts).
    pub active: Vec<FlagRow>,
    /// Recent cleared and closed cases, newest first (empty unless asked for).
    pub history: Vec<FlagRow>,
    /// `[flags] observation_places`.
    pub places: Vec<String>,
}

/// One case's detail.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagCaseData {
    pub row: FlagRow,
    pub places: Vec<String>,
}

/// Cleans every text of a case read from the database before it reaches the screen.
pub fn clean(mut c: FlagCase) -> FlagCase {
    let opt = |s: &mut Option<String>| {
        if let Some(v) = s.as_mut() {
            *v = sanitize(v);
        }
    };
    c.name = sanitize(&c.name);
    c.gate = sanitize(&c.gate);
    c.opened_by = sanitize(&c.opened_by);
    for s in [
        &mut c.person_id,
        &mut c.place,
        &mut c.observed_by,
        &mut c.referred_to,
        &mut c.referred_by,
        &mut c.note,
        &mut c.reported_to,
        &mut c.reported_by,
        &mut c.closed_by,
        &mut c.outcome,
    ] {
        opt(s);
    }
    c.rechecks = c
        .rechecks
        .into_iter()
        .map(|r| Recheck {
            method: r.method.as_deref().map(sanitize),
            by: sanitize(&r.by),
            ..r
        })
        .collect();
    c
}

fn row(desk: &Desk, case: FlagCase) -> FlagRow {
    let steps = desk.flag_steps(&case);
    FlagRow {
        case: clean(case),
        steps,
    }
}

fn places(desk: &Desk) -> Vec<String> {
    desk.config
        .flags
        .observation_places
        .iter()
        .map(|p| sanitize(p))
        .collect()
}

/// Every active case, for the dashboard panel: all of them, so its count is
/// `flag_counts().active` and `dutydesk flag list --active` lists the same cases.
pub fn active_cases(desk: &Desk) -> DeskResult<Vec<FlagCase>> {
    Ok(desk.flags(true, None)?.into_iter().map(clean).collect())
}

/// The flagged view's data.
pub fn load_list(desk: &Desk, q: &FlagQuery) -> DeskResult<FlagList> {
    let active: Vec<FlagRow> = desk
        .flags(true, None)?
        .into_iter()
        .map(|c| row(desk, c))
        .collect();
    let history = if q.history {
        // The newest cases of all kinds, enough of them to hold HISTORY_ROWS finished
        // ones even when every active case is newer.
        desk.flags(false, Some(HISTORY_ROWS + active.len()))?
            .into_iter()
            .filter(|c| !c.is_active())
            .take(HISTORY_ROWS)
            .map(|c| row(desk, c))
            .collect()
    } else {
        Vec::new()
    };
    Ok(FlagList {
        active,
        history,
        places: places(desk),
    })
}

/// One case for its detail.
pub fn load_case(desk: &Desk, id: i64) -> DeskResult<FlagCaseData> {
    Ok(FlagCaseData {
        row: row(desk, desk.flag(id)?),
        places: places(desk),
    })
}

/// What a step form sends, as typed: the service validates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepInput {
    Recheck { temp: String, method: String },
    Observe { place: String },
    Refer { to: String, note: String },
    Report { to: String },
    Close { note: String },
}

impl StepInput {
    pub fn step(&self) -> FlagStep {
        match self {
            StepInput::Recheck { .. } => FlagStep::Recheck,
            StepInput::Observe { .. } => FlagStep::Observe,
            StepInput::Refer { .. } => FlagStep::Refer,
            StepInput::Report { .. } => FlagStep::Report,
            StepInput::Close { .. } => FlagStep::Close,
        }
    }
}

/// Database work of the fever cases.
#[derive(Debug, Clone, PartialEq)]
pub enum FlagJob {
    /// One step through the same service call as the CLI.
    Step { id: i64, input: StepInput },
    /// The deadlines that fell due in `(from, to]`.
    Alerts {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// Answers of [`FlagJob`]s.
#[derive(Debug, Clone)]
pub enum FlagMsg {
    Stepped {
        id: i64,
        step: FlagStep,
        result: DeskResult<Box<FlagCase>>,
    },
    Alerts {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        result: DeskResult<Vec<(FlagAlert, FlagCase)>>,
    },
}

impl FlagJob {
    pub fn run(self, desk: &mut Desk) -> FlagMsg {
        match self {
            FlagJob::Step { id, input } => {
                let step = input.step();
                let result = match &input {
                    StepInput::Recheck { temp, method } => {
                        desk.flag_recheck(id, temp, Some(method))
                    }
                    StepInput::Observe { place } => desk.flag_observe(id, Some(place)),
                    StepInput::Refer { to, note } => desk.flag_refer(id, to, Some(note)),
                    StepInput::Report { to } => desk.flag_report(id, to),
                    StepInput::Close { note } => desk.flag_close(id, note),
                };
                FlagMsg::Stepped {
                    id,
                    step,
                    result: result.map(|c| Box::new(clean(c))),
                }
            }
            FlagJob::Alerts { from, to } => FlagMsg::Alerts {
                from,
                to,
                result: desk
                    .flag_alerts_between(from, to)
                    .map(|v| v.into_iter().map(|(a, c)| (a, clean(c))).collect()),
            },
        }
    }
}

/// One field of a step form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    Temp,
    Method,
    /// Chosen from the configured observation places.
    Place,
    /// Referred to / reported to.
    To,
    /// Referral note / outcome.
    Note,
}

impl FormField {
    pub fn is_text(self) -> bool {
        self != FormField::Place
    }
}

/// The small form of one step on one case.
#[derive(Debug, Clone, PartialEq)]
pub struct StepForm {
    pub case_id: i64,
    /// The person's name, for the title.
    pub name: String,
    pub step: FlagStep,
    pub temp: TextInput,
    pub method: TextInput,
    pub to: TextInput,
    pub note: TextInput,
    /// Index into the observation places.
    pub place: usize,
    pub focus: FormField,
    /// Messages beside fields, in the screen's language.
    pub errors: Vec<(FormField, String)>,
    /// A message that belongs to no field.
    pub general_error: Option<String>,
    /// Sent, waiting for the database.
    pub pending: bool,
}

impl StepForm {
    fn new(case: &FlagCase, step: FlagStep, flags: &FlagDesk) -> StepForm {
        let mut form = StepForm {
            case_id: case.id,
            name: case.name.clone(),
            step,
            temp: TextInput::default(),
            method: TextInput::new(&flags.last_method),
            to: TextInput::default(),
            note: TextInput::default(),
            place: 0,
            focus: FormField::Temp,
            errors: Vec::new(),
            general_error: None,
            pending: false,
        };
        if step == FlagStep::Report {
            form.to = TextInput::new(&flags.last_report_to);
        }
        form.focus = form.fields()[0];
        form
    }

    /// The fields in Tab order.
    pub fn fields(&self) -> &'static [FormField] {
        match self.step {
            FlagStep::Recheck => &[FormField::Temp, FormField::Method],
            FlagStep::Observe => &[FormField::Place],
            FlagStep::Refer => &[FormField::To, FormField::Note],
            FlagStep::Report => &[FormField::To],
            FlagStep::Close => &[FormField::Note],
        }
    }

    /// Catalog key of a field's label (the same words the service's messages use).
    pub fn label_key(&self, f: FormField) -> &'static str {
        match (f, self.step) {
            (FormField::Temp, _) => "field.temp",
            (FormField::Method, _) => "field.method",
            (FormField::Place, _) => "field.place",
            (FormField::To, FlagStep::Report) => "field.reported_to",
            (FormField::To, _) => "field.referred_to",
            (FormField::Note, FlagStep::Close) => "field.outcome",
            (FormField::Note, _) => "field.note",
        }
    }

    /// Fields the service accepts empty.
    pub fn optional(&self, f: FormField) -> bool {
        matches!(
            (f, self.step),
            (FormField::Method, _) | (FormField::Note, FlagStep::Refer)
        )
    }

    /// Catalog key of the hint shown under a field.
    pub fn hint_key(&self, f: FormField) -> Option<&'static str> {
        match (f, self.step) {
            (FormField::Method, _) => Some("flag.form.method_hint"),
            (FormField::To, FlagStep::Refer) => Some("flag.form.refer_hint"),
            _ => None,
        }
    }

    pub fn text(&self, f: FormField) -> Option<&TextInput> {
        Some(match f {
            FormField::Temp => &self.temp,
            FormField::Method => &self.method,
            FormField::To => &self.to,
            FormField::Note => &self.note,
            FormField::Place => return None,
        })
    }

    pub fn text_mut(&mut self, f: FormField) -> Option<&mut TextInput> {
        Some(match f {
            FormField::Temp => &mut self.temp,
            FormField::Method => &mut self.method,
            FormField::To => &mut self.to,
            FormField::Note => &mut self.note,
            FormField::Place => return None,
        })
    }

    pub fn error(&self, f: FormField) -> Option<&str> {
        self.errors
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, m)| m.as_str())
    }

    fn clear_error(&mut self, f: FormField) {
        self.errors.retain(|(g, _)| *g != f);
        self.general_error = None;
    }

    fn move_focus(&mut self, forward: bool) {
        let fields = self.fields();
        let n = fields.len();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = fields[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// What the service is asked to do.
    pub fn input(&self, places: &[String]) -> StepInput {
        let v = |t: &TextInput| t.value().to_string();
        match self.step {
            FlagStep::Recheck => StepInput::Recheck {
                temp: v(&self.temp),
                method: v(&self.method),
            },
            FlagStep::Observe => StepInput::Observe {
                place: places.get(self.place).cloned().unwrap_or_default(),
            },
            FlagStep::Refer => StepInput::Refer {
                to: v(&self.to),
                note: v(&self.note),
            },
            FlagStep::Report => StepInput::Report { to: v(&self.to) },
            FlagStep::Close => StepInput::Close {
                note: v(&self.note),
            },
        }
    }

    /// The field a service error names, when it is one of this form's.
    fn field_of(&self, e: &DeskError) -> Option<FormField> {
        let f = if e.key == "flag.unknown_place" {
            FormField::Place
        } else {
            match e.get("field")? {
                "field.temp" => FormField::Temp,
                "field.method" => FormField::Method,
                "field.place" => FormField::Place,
                "field.referred_to" | "field.reported_to" => FormField::To,
                "field.note" | "field.outcome" => FormField::Note,
                _ => return None,
            }
        };
        self.fields().contains(&f).then_some(f)
    }
}

/// A message from the service that ended a form (a refusal): shown above the list
/// or the detail it arose on until the next step, Enter or history toggle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub view: View,
    pub text: String,
}

/// Counters of the flagged view, computed at `now` from the loaded cases with the
/// same predicates (`now >= due`) as `store::flags::counts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlagTally {
    pub active: usize,
    pub recheck_overdue: usize,
    pub report_overdue: usize,
}

/// Everything the console keeps about fever cases.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlagDesk {
    pub active: Vec<FlagRow>,
    pub history: Vec<FlagRow>,
    pub show_history: bool,
    /// Selected row of `rows()`.
    pub sel: usize,
    pub loaded: bool,
    pub places: Vec<String>,
    /// The case open in `View::FlagCase`.
    pub case_id: Option<i64>,
    pub case: Option<FlagRow>,
    pub case_error: Option<String>,
    pub form: Option<StepForm>,
    pub notice: Option<Notice>,
    /// Remembered for the next form in this session (the same thermometer, the same
    /// group to report to).
    pub last_method: String,
    pub last_report_to: String,
    /// Alerts have been asked for up to this instant.
    pub alert_from: Option<DateTime<Utc>>,
    /// An alert query is with the worker.
    pub alerts_pending: bool,
}

impl FlagDesk {
    /// The rows of the list: active cases, then (when shown) the recent finished ones.
    pub fn rows(&self) -> Vec<&FlagRow> {
        let history: &[FlagRow] = if self.show_history {
            &self.history
        } else {
            &[]
        };
        self.active.iter().chain(history.iter()).collect()
    }

    pub fn selected(&self) -> Option<&FlagRow> {
        self.rows().get(self.sel).copied()
    }

    /// The case in front of the operator on `view`.
    pub fn current(&self, view: View) -> Option<&FlagRow> {
        match view {
            View::Flags => self.selected(),
            View::FlagCase => self.case.as_ref(),
            _ => None,
        }
    }

    pub fn step(&mut self, n: isize) {
        let last = self.rows().len().saturating_sub(1) as isize;
        self.sel = (self.sel as isize + n).clamp(0, last.max(0)) as usize;
    }

    pub fn bottom(&mut self) {
        self.sel = self.rows().len().saturating_sub(1);
    }

    pub fn tally(&self, now: DateTime<Utc>) -> FlagTally {
        FlagTally {
            active: self.active.len(),
            recheck_overdue: self
                .active
                .iter()
                .filter(|r| r.case.recheck_overdue(now))
                .count(),
            report_overdue: self.active.iter().filter(|r| r.case.overdue(now)).count(),
        }
    }

    /// New rows, keeping the selection on the same case when it is still listed.
    fn apply_list(&mut self, list: FlagList) {
        let keep = self.selected().map(|r| r.case.id);
        self.active = list.active;
        self.history = list.history;
        self.places = list.places;
        self.loaded = true;
        let rows = self.rows();
        self.sel = keep
            .and_then(|id| rows.iter().position(|r| r.case.id == id))
            .unwrap_or(self.sel)
            .min(rows.len().saturating_sub(1));
    }

    fn notice_clear(&mut self) {
        self.notice = None;
    }
}

/// Whether a binding's action is offered now: a step only when the case in front of
/// the operator allows it (footer hints, detail). Other actions always are.
pub fn offered(state: &State, action: Action) -> bool {
    match action {
        Action::Flag(step) => state
            .flags
            .current(state.view)
            .is_some_and(|r| r.steps.contains(&step)),
        _ => true,
    }
}

/// Enter on the list: the selected case's detail.
pub fn open_selected(state: &mut State) -> Vec<Effect> {
    let Some(id) = state.flags.selected().map(|r| r.case.id) else {
        return Vec::new();
    };
    state.flags.notice_clear();
    if state.flags.case_id != Some(id) {
        state.flags.case = None;
        state.flags.case_error = None;
    }
    state.flags.case_id = Some(id);
    state.open(View::FlagCase);
    vec![reload(state)]
}

/// Shows or hides the recent closed and cleared cases.
pub fn toggle_history(state: &mut State) -> Vec<Effect> {
    if state.view != View::Flags {
        return Vec::new();
    }
    state.flags.notice_clear();
    state.flags.show_history = !state.flags.show_history;
    state.flags.sel = state
        .flags
        .sel
        .min(state.flags.rows().len().saturating_sub(1));
    vec![reload(state)]
}

/// The step names of a set, joined (`复测、上报`), or "none".
pub fn steps_text(lang: Lang, steps: &[FlagStep]) -> String {
    if steps.is_empty() {
        return tr(lang, "flag.steps.none").to_string();
    }
    steps
        .iter()
        .map(|s| tr(lang, step_key(*s)))
        .collect::<Vec<_>>()
        .join(tr(lang, "list.sep"))
}

/// A step key: opens its form for the case in front of the operator, or says what
/// the case allows instead.
pub fn start_step(state: &mut State, step: FlagStep) -> Vec<Effect> {
    let Some(row) = state.flags.current(state.view) else {
        return Vec::new();
    };
    if !row.steps.contains(&step) {
        let msg = trf(
            state.lang,
            "flag.not_now",
            &[
                ("step", tr(state.lang, step_key(step)).to_string()),
                ("next", steps_text(state.lang, &row.steps)),
            ],
        );
        state.say(msg, Tone::Bad);
        return Vec::new();
    }
    let form = StepForm::new(&row.case, step, &state.flags);
    state.flags.notice_clear();
    state.flags.form = Some(form);
    Vec::new()
}

/// Keys while a step form is open.
pub fn form_key(state: &mut State, key: Key) -> Vec<Effect> {
    let global = state.keymap.global_non_text(key);
    let scoped = state.keymap.in_scope(Scope::Form, key);
    let places = state.flags.places.len().max(1);
    let Some(form) = state.flags.form.as_mut() else {
        return Vec::new();
    };
    if form.pending {
        return match global {
            Some(Action::Quit) => quit(state),
            _ => Vec::new(),
        };
    }
    let focus = form.focus;
    if focus.is_text()
        && let Some(t) = form.text_mut(focus)
        && t.handle(key)
    {
        form.clear_error(focus);
        return Vec::new();
    }
    match scoped.or(global) {
        Some(Action::NextField) => form.move_focus(true),
        Some(Action::PrevField) => form.move_focus(false),
        Some(Action::ChoiceNext) if !focus.is_text() => {
            form.place = (form.place + 1) % places;
            form.clear_error(focus);
        }
        Some(Action::ChoicePrev) if !focus.is_text() => {
            form.place = (form.place + places - 1) % places;
            form.clear_error(focus);
        }
        Some(Action::Submit) => return submit(state),
        Some(Action::Back) => state.flags.form = None,
        Some(Action::Quit) => return quit(state),
        _ => {}
    }
    Vec::new()
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Quit]
}

/// Pasted text goes into the focused field of an open form; false when none is open.
pub fn paste(state: &mut State, text: &str) -> bool {
    let Some(form) = state.flags.form.as_mut().filter(|f| !f.pending) else {
        return false;
    };
    let focus = form.focus;
    if let Some(t) = form.text_mut(focus) {
        t.paste(text);
        form.clear_error(focus);
    }
    true
}

/// Enter: on to the next field, and from the last one to the service.
fn submit(state: &mut State) -> Vec<Effect> {
    let places = state.flags.places.clone();
    let Some(form) = state.flags.form.as_mut() else {
        return Vec::new();
    };
    let fields = form.fields();
    let at = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
    if at + 1 < fields.len() {
        form.focus = fields[at + 1];
        return Vec::new();
    }
    form.pending = true;
    form.errors.clear();
    form.general_error = None;
    vec![Effect::Job(Job::Flag(FlagJob::Step {
        id: form.case_id,
        input: form.input(&places),
    }))]
}

/// Applies what a load brought for the fever screens.
pub fn apply_loaded(
    state: &mut State,
    list: Option<FlagList>,
    case: Option<DeskResult<FlagCaseData>>,
) {
    if let Some(list) = list {
        state.flags.apply_list(list);
    }
    let Some(result) = case else {
        return;
    };
    match result {
        Ok(data) if state.flags.case_id == Some(data.row.case.id) => {
            state.flags.places = data.places;
            state.flags.case = Some(data.row);
            state.flags.case_error = None;
        }
        Ok(_) => {}
        Err(e) => state.flags.case_error = Some(e.render(state.lang)),
    }
}

/// Answers of the fever jobs.
pub fn on_msg(state: &mut State, msg: FlagMsg) -> Vec<Effect> {
    match msg {
        FlagMsg::Stepped { id, step, result } => {
            state.dirty = true;
            stepped(state, id, step, result)
        }
        FlagMsg::Alerts { from, to, result } => {
            state.flags.alerts_pending = false;
            match result {
                Ok(found) => found
                    .iter()
                    .filter_map(|(alert, case)| {
                        let a = super::alerts::flag_alert(state, alert, case);
                        state
                            .notify
                            .wants(a.kind)
                            .then(|| Effect::Alert(a, state.notify.channels()))
                    })
                    .collect(),
                Err(e) => {
                    // Ask again for the same interval on the next tick: nothing is lost.
                    if state.flags.alert_from == Some(to) {
                        state.flags.alert_from = Some(from);
                    }
                    state.dirty = true;
                    state.say(e.render(state.lang), Tone::Bad);
                    Vec::new()
                }
            }
        }
    }
}

fn stepped(
    state: &mut State,
    id: i64,
    step: FlagStep,
    result: DeskResult<Box<FlagCase>>,
) -> Vec<Effect> {
    let lang = state.lang;
    match result {
        Ok(case) => {
            if let Some(form) = state.flags.form.take() {
                match step {
                    FlagStep::Recheck => {
                        state.flags.last_method = form.method.value().trim().to_string()
                    }
                    FlagStep::Report => {
                        state.flags.last_report_to = form.to.value().trim().to_string()
                    }
                    _ => {}
                }
            }
            let tone = if case.is_active() {
                Tone::Warn
            } else {
                Tone::Good
            };
            let text = done_text(lang, state.zone, step, &case);
            state.say(text, tone);
            if state.flags.case_id == Some(id)
                && let Some(row) = state.flags.case.as_mut()
            {
                row.case = *case; // the steps follow with the reload
            }
            vec![reload(state)]
        }
        Err(e) => {
            let text = e.render(lang);
            if let Some(form) = state.flags.form.as_mut().filter(|f| f.case_id == id) {
                form.pending = false;
                if let Some(f) = form.field_of(&e) {
                    form.errors.retain(|(g, _)| *g != f);
                    form.errors.push((f, text));
                    form.focus = f;
                    return Vec::new();
                }
            }
            if matches!(e.kind, ErrorKind::Conflict | ErrorKind::NotFound) {
                // Refused by the case's state (someone else moved it first): the form
                // has nothing left to do; the message stays on screen and the case is
                // read again.
                state.flags.form = None;
                state.flags.notice = Some(Notice {
                    view: state.view,
                    text: text.clone(),
                });
                state.say(text, Tone::Bad);
                return vec![reload(state)];
            }
            match state.flags.form.as_mut() {
                Some(form) => form.general_error = Some(text),
                None => state.say(text, Tone::Bad),
            }
            Vec::new()
        }
    }
}

/// The clock ticked from `previous` to `state.now`: ask which deadlines fell due in
/// between (one query at a time; a tick while one is out widens the next interval).
pub fn tick(state: &mut State, previous: DateTime<Utc>) -> Vec<Effect> {
    let now = state.now;
    let f = &mut state.flags;
    if f.alerts_pending {
        return Vec::new();
    }
    let from = *f.alert_from.get_or_insert(previous);
    if now <= from {
        return Vec::new();
    }
    f.alert_from = Some(now);
    let wanted = [AlertKind::RecheckDue, AlertKind::ReportOverdue]
        .iter()
        .any(|k| state.notify.wants(*k));
    if !wanted {
        return Vec::new(); // muted or switched off: these deadlines pass silently
    }
    state.flags.alerts_pending = true;
    vec![Effect::Job(Job::Flag(FlagJob::Alerts { from, to: now }))]
}
