//! `update(&mut State, Msg) -> Vec<Effect>`: every change of the console's state
//! happens here, without a terminal or a database, so tests drive it with keys.

use super::alerts;
use super::command::{self, Command, NotifyKey};
use super::flag_case;
use super::form::Field;
use super::key::Key;
use super::keymap::{Action, Scope};
use super::load::{Job, Loaded, Query};
use super::msg::{Effect, Msg};
use super::providers::Tone;
use super::state::{DetailState, FRESH_FOR, ListState, State};
use super::view::{Prompt, PromptKind, View};
use crate::clock::to_ms;
use crate::domain::time::LocalInput;
use crate::error::DeskResult;
use crate::service::board::Subject;
use crate::service::reveal::Personal;
use chrono::{Duration, NaiveDate};

/// The effects to start with: load the first screen.
pub fn start(state: &mut State) -> Vec<Effect> {
    vec![reload(state)]
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            state.dirty = true;
            on_key(state, key)
        }
        Msg::Paste(text) => {
            state.dirty = true;
            paste(state, &text)
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            state.dirty = true;
            Vec::new()
        }
        Msg::Tick(now) => tick(state, now),
        Msg::DataChanged => vec![reload(state)],
        Msg::Loaded { seq, query, result } => loaded(state, seq, &query, result),
        Msg::Registered(result) => {
            state.dirty = true;
            match result {
                Ok(entry) => {
                    let decision = state
                        .tr(&format!("decision.{}", entry.decision))
                        .to_string();
                    let tone = if entry.decision == crate::domain::Decision::Denied {
                        Tone::Bad
                    } else {
                        Tone::Good
                    };
                    state.say(
                        crate::i18n::trf(
                            state.lang,
                            "form.registered",
                            &[("name", entry.name.clone()), ("decision", decision)],
                        ),
                        tone,
                    );
                    state.form.accept(entry);
                    let mut effects = vec![reload(state)];
                    effects.extend(replay_queued(state));
                    effects
                }
                Err(e) => {
                    state.form.apply_error(&e, state.lang);
                    // The footer may still name the previous person's result.
                    state.status = None;
                    replay_queued(state)
                }
            }
        }
        Msg::Revealed { subject, result } => {
            state.dirty = true;
            revealed(state, subject, result);
            Vec::new()
        }
        Msg::Approvals(answer) => super::approvals::answered(state, answer),
        Msg::Flag(m) => flag_case::on_msg(state, m),
        Msg::Handover(a) => super::handover::answer(state, *a),
        Msg::Quit => quit(state),
    }
}

/// Asks for what is on screen now. Answers to older asks are ignored unless they
/// answer the same question (a busy database must not starve the screen).
pub fn reload(state: &mut State) -> Effect {
    state.load_seq += 1;
    state.loading = true;
    Effect::Job(Job::Load {
        seq: state.load_seq,
        query: state.query(),
    })
}

pub(super) fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Quit]
}

fn on_key(state: &mut State, key: Key) -> Vec<Effect> {
    if state.prompt.is_some() {
        return prompt_key(state, key);
    }
    if state.approvals.confirm.is_some() {
        return super::approvals::confirm_key(state, key);
    }
    if state.flags.form.is_some() {
        return flag_case::form_key(state, key);
    }
    if let Some(effects) = super::handover::modal_key(state, key) {
        return effects;
    }
    if state.view == View::Register {
        let mut effects = form_key(state, key);
        effects.extend(super::approvals::after_register_key(state));
        return effects;
    }
    if state.view == View::FileRequest {
        return super::approvals::form_key(state, key);
    }
    match state.keymap.lookup(state.view, key) {
        Some(a) => act(state, a),
        None => Vec::new(),
    }
}

fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    if let Some(p) = &mut state.prompt {
        p.input.paste(text);
    } else if flag_case::paste(state, text) {
        // The open fever-case form took it.
    } else if state.view == View::Register {
        // A scanner's text pasted into the form is typed: a tab moves to the next
        // field and a line break submits, exactly as the keys would.
        return pasted_keys(text)
            .into_iter()
            .flat_map(|k| on_key(state, k))
            .collect();
    } else if super::handover::paste(state, text) {
        // The handover's note editor took it.
    } else {
        super::approvals::paste(state, text);
    }
    Vec::new()
}

/// Pasted text as the keys that would have typed it: `\t` is Tab, a line break
/// (`\r\n`, `\r` or `\n`) is Enter, anything else a character.
fn pasted_keys(text: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        keys.push(match c {
            '\t' => Key::new(super::KeyCode::Tab),
            '\r' => {
                chars.next_if_eq(&'\n');
                Key::new(super::KeyCode::Enter)
            }
            '\n' => Key::new(super::KeyCode::Enter),
            c => Key::ch(c),
        });
    }
    keys
}

/// Applies the keys typed while a registration was being written, in order, to the
/// form as the answer left it; stops again if one of them submits the next person.
fn replay_queued(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    while !state.form.submitting {
        let Some(key) = state.form.queued.pop_front() else {
            break;
        };
        effects.extend(on_key(state, key));
    }
    effects
}

fn prompt_key(state: &mut State, key: Key) -> Vec<Effect> {
    let action = state.keymap.in_scope(Scope::Prompt, key).or_else(|| {
        state
            .keymap
            .global_non_text(key)
            .filter(|a| *a == Action::Quit)
    });
    match action {
        Some(Action::Accept) => accept_prompt(state),
        Some(Action::Cancel) => {
            state.prompt = None;
            Vec::new()
        }
        Some(Action::Quit) => quit(state),
        _ => {
            if let Some(p) = state.prompt.as_mut().filter(|p| !p.pending)
                && p.input.handle(key)
            {
                p.error = None;
            }
            Vec::new()
        }
    }
}

fn accept_prompt(state: &mut State) -> Vec<Effect> {
    let Some(p) = state.prompt.as_ref() else {
        return Vec::new();
    };
    if p.pending {
        return Vec::new();
    }
    let text = p.input.value().trim().to_string();
    match p.kind {
        PromptKind::Command => {
            state.prompt = None;
            if text.is_empty() {
                return Vec::new();
            }
            run_command(state, &text)
        }
        PromptKind::Filter => {
            state.prompt = None;
            set_filter(state, text)
        }
        PromptKind::JumpDate => match parse_date(state, &text) {
            Some(d) => {
                state.prompt = None;
                jump(state, d)
            }
            None => {
                let msg = state.tr("time.date_format").to_string();
                if let Some(p) = &mut state.prompt {
                    p.error = Some(msg);
                }
                Vec::new()
            }
        },
        PromptKind::RevealReason => {
            let Some(subject) = state.detail.as_ref().map(|d| d.subject.clone()) else {
                state.prompt = None;
                return Vec::new();
            };
            if let Some(p) = &mut state.prompt {
                p.pending = true;
                p.error = None;
            }
            vec![Effect::Job(Job::Reveal {
                subject,
                reason: text,
            })]
        }
        kind @ (PromptKind::HandoverWaive | PromptKind::HandoverCheckNote) => {
            super::handover::accept_prompt(state, kind, text)
        }
    }
}

/// `2026-11-29`, `2026-11-29T08:00`, `today`/`今天`, `yesterday`/`昨天`.
fn parse_date(state: &State, text: &str) -> Option<NaiveDate> {
    let today = state.today();
    match text.trim() {
        "today" | "今天" => Some(today),
        "yesterday" | "昨天" => today.pred_opt(),
        t => LocalInput::parse(t).map(|l| l.start().date()),
    }
}

fn run_command(state: &mut State, text: &str) -> Vec<Effect> {
    match command::parse(&state.keymap, text) {
        Ok(Command::Action(a)) => act(state, a),
        Ok(Command::Filter(t)) => set_filter(state, t),
        Ok(Command::Date(d)) => match parse_date(state, &d) {
            Some(d) => jump(state, d),
            None => {
                let msg = state.tr("time.date_format").to_string();
                state.say(msg, Tone::Bad);
                Vec::new()
            }
        },
        Ok(Command::Notify(key, on)) => {
            let n = &mut state.notify;
            let (flag, name) = match key {
                NotifyKey::Desktop => (&mut n.desktop, "desktop"),
                NotifyKey::Bell => (&mut n.bell, "bell"),
                NotifyKey::Osc => (&mut n.osc, "osc"),
                NotifyKey::Fever => (&mut n.on_fever, "fever"),
                NotifyKey::RedCode => (&mut n.on_red_code, "red"),
                NotifyKey::Request => (&mut n.on_request, "request"),
                NotifyKey::Expiring => (&mut n.on_request_expiring, "expiring"),
            };
            *flag = on;
            let state_word = state.tr(if on { "notify.on" } else { "notify.off" });
            let msg = crate::i18n::trf(
                state.lang,
                "notify.changed",
                &[
                    ("channel", name.to_string()),
                    ("state", state_word.to_string()),
                ],
            );
            state.say(msg, Tone::Normal);
            Vec::new()
        }
        Err(e) => {
            let msg = crate::i18n::trf(state.lang, e.key, &[("word", e.word)]);
            state.say(msg, Tone::Bad);
            Vec::new()
        }
    }
}

fn act(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::approvals::act(state, action) {
        return effects;
    }
    match action {
        Action::Quit => quit(state),
        Action::Back => back(state),
        Action::Help => go(state, View::Help),
        Action::CommandLine => {
            state.prompt = Some(Prompt::new(PromptKind::Command, ""));
            Vec::new()
        }
        Action::Go(v) => go(state, v),
        Action::ToggleMute => {
            state.notify.muted = !state.notify.muted;
            let msg = state.tr(if state.notify.muted {
                "notify.muted"
            } else {
                "notify.unmuted"
            });
            state.say(msg.to_string(), Tone::Normal);
            Vec::new()
        }
        Action::Down => step(state, 1),
        Action::Up => step(state, -1),
        Action::PageDown => step(state, state.page_rows() as isize),
        Action::PageUp => step(state, -(state.page_rows() as isize)),
        Action::Top => top(state),
        Action::Bottom => bottom(state),
        Action::Open => open_selected(state),
        Action::Filter => {
            let effects = go(state, View::Log);
            let text = state.log.filter.text.clone();
            state.prompt = Some(Prompt::new(PromptKind::Filter, &text));
            effects
        }
        Action::ToggleFlagged => {
            state.log.filter.flagged_only = !state.log.filter.flagged_only;
            state.log.refilter();
            vec![reload(state)]
        }
        Action::ToggleDenied => {
            state.log.filter.denied_only = !state.log.filter.denied_only;
            state.log.refilter();
            vec![reload(state)]
        }
        Action::JumpDate => {
            state.prompt = Some(Prompt::new(PromptKind::JumpDate, ""));
            Vec::new()
        }
        Action::Reveal => {
            if state
                .detail
                .as_ref()
                .is_some_and(|d| d.card.is_some() && d.revealed.is_none())
                && state.view == View::Detail
            {
                state.prompt = Some(Prompt::new(PromptKind::RevealReason, ""));
            }
            Vec::new()
        }
        Action::Flag(step) => flag_case::start_step(state, step),
        Action::FlagHistory => flag_case::toggle_history(state),
        // Form and prompt actions arrive through their own handlers.
        Action::NextField
        | Action::PrevField
        | Action::Submit
        | Action::ChoiceNext
        | Action::ChoicePrev
        | Action::ToggleVisitor
        | Action::Accept
        | Action::Cancel => Vec::new(),
        // Handled by `approvals::act` above.
        Action::TogglePending
        | Action::CycleKind
        | Action::FileLeave
        | Action::FileVisitor
        | Action::Approve
        | Action::Reject
        | Action::CancelRequest => Vec::new(),
        Action::Handover(a) => super::handover::act(state, a),
    }
}

fn go(state: &mut State, view: View) -> Vec<Effect> {
    if view == state.view {
        return Vec::new();
    }
    state.open(view);
    if view == View::Help {
        return Vec::new();
    }
    vec![reload(state)]
}

pub(super) fn back(state: &mut State) -> Vec<Effect> {
    if state.view == View::Log && (state.log.filter.is_active() || state.log.date.is_some()) {
        state.log.filter = Default::default();
        state.log.refilter();
        return vec![reload(state)];
    }
    if state.go_back() {
        if state.view == View::Help {
            return Vec::new();
        }
        return vec![reload(state)];
    }
    // Nothing behind (a guard starts in the form): Esc leads home.
    go(state, View::Dashboard)
}

fn step_list(list: &mut ListState, n: isize) {
    let last = list.rows.len().saturating_sub(1) as isize;
    list.sel = (list.sel as isize + n).clamp(0, last.max(0)) as usize;
}

fn step(state: &mut State, n: isize) -> Vec<Effect> {
    match state.view {
        View::Dashboard => step_list(&mut state.board.log, n),
        View::Flags => state.flags.step(n),
        View::Log => {
            if state.log.step(n) {
                return vec![reload(state)];
            }
        }
        View::Help => {
            let max = super::help::lines(state).len().saturating_sub(1) as isize;
            state.help_scroll = (state.help_scroll as isize + n).clamp(0, max) as usize;
        }
        // The approvals screens move in `approvals::act`.
        View::Register
        | View::Detail
        | View::FlagCase
        | View::Approvals
        | View::Request
        | View::Returns
        | View::FileRequest => {}
        View::Handover | View::HandoverHistory | View::HandoverRecord => {
            return super::handover::step(state, n);
        }
    }
    Vec::new()
}

fn top(state: &mut State) -> Vec<Effect> {
    match state.view {
        View::Dashboard => state.board.log.sel = 0,
        View::Flags => state.flags.sel = 0,
        View::Help => state.help_scroll = 0,
        View::Log => {
            if state.log.top() {
                return vec![reload(state)];
            }
        }
        // The approvals screens move in `approvals::act`.
        View::Register
        | View::Detail
        | View::FlagCase
        | View::Approvals
        | View::Request
        | View::Returns
        | View::FileRequest => {}
        View::Handover | View::HandoverHistory | View::HandoverRecord => {
            return super::handover::top(state);
        }
    }
    Vec::new()
}

fn bottom(state: &mut State) -> Vec<Effect> {
    match state.view {
        View::Dashboard => state.board.log.sel = state.board.log.rows.len().saturating_sub(1),
        View::Flags => state.flags.bottom(),
        View::Log => state.log.sel = state.log.rows.len().saturating_sub(1),
        View::Help => {
            state.help_scroll = super::help::lines(state).len().saturating_sub(1);
        }
        // The approvals screens move in `approvals::act`.
        View::Register
        | View::Detail
        | View::FlagCase
        | View::Approvals
        | View::Request
        | View::Returns
        | View::FileRequest => {}
        View::Handover | View::HandoverHistory | View::HandoverRecord => {
            return super::handover::bottom(state);
        }
    }
    Vec::new()
}

fn open_selected(state: &mut State) -> Vec<Effect> {
    if let Some(effects) = super::handover::open(state) {
        return effects;
    }
    let entry = match state.view {
        View::Dashboard => state.board.log.selected(),
        View::Flags => return flag_case::open_selected(state),
        View::Log => state.log.selected(),
        _ => None,
    };
    let Some(subject) = entry.and_then(Subject::of) else {
        return Vec::new();
    };
    state.open(View::Detail);
    state.detail = Some(DetailState {
        subject,
        card: None,
        entries: Vec::new(),
        revealed: None,
        error: None,
    });
    vec![reload(state)]
}

fn set_filter(state: &mut State, text: String) -> Vec<Effect> {
    state.log.filter.text = text;
    state.log.refilter();
    if state.view != View::Log {
        state.open(View::Log);
    }
    vec![reload(state)]
}

fn jump(state: &mut State, date: NaiveDate) -> Vec<Effect> {
    let (_, end) = state.zone.day_bounds(date);
    state.log.jump(date, to_ms(end));
    if state.view != View::Log {
        state.open(View::Log);
    }
    vec![reload(state)]
}

fn form_key(state: &mut State, key: Key) -> Vec<Effect> {
    let global = state.keymap.global_non_text(key);
    if state.form.submitting {
        // Held, not dropped: applied once the answer has reset the form.
        if global == Some(Action::Quit) {
            return quit(state);
        }
        state.form.queued.push_back(key);
        return Vec::new();
    }
    let focus = state.form.focus;
    if focus.is_text()
        && let Some(t) = state.form.text_mut(focus)
        && t.handle(key)
    {
        state.form.clear_error(focus);
        state.form.general_error = None;
        // Editing after a refusal starts the next attempt: the refusal has been read.
        state.form.failed = None;
        return Vec::new();
    }
    let gates = state.gates.len();
    match state.keymap.in_scope(Scope::Form, key).or(global) {
        Some(Action::NextField) => state.form.focus_next(),
        Some(Action::PrevField) => state.form.focus_prev(),
        Some(Action::ChoiceNext) if !focus.is_text() => state.form.cycle(true, gates),
        Some(Action::ChoicePrev) if !focus.is_text() => state.form.cycle(false, gates),
        Some(Action::ToggleVisitor) => state.form.toggle_who(),
        Some(Action::Submit) => return submit(state),
        Some(Action::Back) => return back(state),
        Some(Action::Quit) => return quit(state),
        _ => {}
    }
    Vec::new()
}

fn submit(state: &mut State) -> Vec<Effect> {
    let form = &mut state.form;
    if form.focus.is_text()
        && let Some(f) = form.next_missing()
    {
        form.focus = f;
        return Vec::new();
    }
    if form.focus == Field::Who {
        form.focus_next();
        return Vec::new();
    }
    form.submitting = true;
    form.errors.clear();
    form.general_error = None;
    vec![Effect::Job(Job::Register(form.input(&state.gates)))]
}

fn revealed(state: &mut State, subject: Subject, result: DeskResult<Personal>) {
    let lang = state.lang;
    let Some(d) = state.detail.as_mut().filter(|d| d.subject == subject) else {
        state.prompt = None;
        return;
    };
    match result {
        Ok(p) => {
            d.revealed = Some(p);
            state.prompt = None;
            let msg = state.tr("reveal.done").to_string();
            state.say(msg, Tone::Warn);
        }
        Err(e) => {
            if let Some(p) = state
                .prompt
                .as_mut()
                .filter(|p| p.kind == PromptKind::RevealReason)
            {
                p.pending = false;
                p.error = Some(e.render(lang));
            } else {
                state.say(e.render(lang), Tone::Bad);
            }
        }
    }
}

fn tick(state: &mut State, now: chrono::DateTime<chrono::Utc>) -> Vec<Effect> {
    let day = state.today();
    let previous = state.now;
    state.now = now;
    state.dirty = true;
    if state.status.as_ref().is_some_and(|s| s.until <= now) {
        state.status = None;
    }
    state.fresh.retain(|(_, until)| *until > now);
    let mut effects = flag_case::tick(state, previous);
    effects.extend(super::approvals::tick(state));
    if state.today() != day {
        effects.push(reload(state));
    }
    effects.extend(super::handover::tick(state, previous, now));
    effects
}

fn loaded(
    state: &mut State,
    seq: u64,
    query: &Query,
    result: DeskResult<Box<Loaded>>,
) -> Vec<Effect> {
    if seq == state.load_seq {
        state.loading = false;
    } else {
        // An answer to an older ask: still good if it asked what the screen needs now
        // (under a steady stream of changes the newest answer may always be late).
        let mut now = state.query();
        now.alerts_after = query.alerts_after;
        if now != *query {
            return Vec::new();
        }
    }
    state.dirty = true;
    let l = match result {
        Ok(l) => *l,
        Err(e) => {
            state.say(e.render(state.lang), Tone::Bad);
            return Vec::new();
        }
    };
    if let Some(zone) = l.zone {
        state.zone = zone;
    }
    let mut effects = Vec::new();
    let previous = state.watermark;
    if let Some(mark) = previous {
        let until = state.now + FRESH_FOR;
        let new_ids: Vec<i64> = l
            .board
            .iter()
            .flat_map(|b| b.rows.iter())
            .chain(l.log.iter().flatten())
            .map(|e| e.id)
            .filter(|id| *id > mark)
            .collect();
        for id in new_ids {
            if !state.fresh.iter().any(|(i, _)| *i == id) {
                state.fresh.push((id, until));
            }
        }
        for e in l.alerts.iter().filter(|e| e.id > mark) {
            if let Some(a) = alerts::alert_for(state, e)
                && state.notify.wants(a.kind)
            {
                effects.push(Effect::Alert(a, state.notify.channels()));
            }
        }
    }
    state.watermark = Some(previous.map_or(l.latest_id, |w| w.max(l.latest_id)));
    state.shift = l.shift;
    if let Some(b) = l.board {
        state.board.log.replace(b.rows);
        state.board.counts = b.counts;
        state.board.flags = b.flags;
        state.board.panels = b.panels;
        state.board.roster_empty = b.roster_empty;
        state.board.loaded = true;
    }
    if let Some(rows) = l.log {
        state.log.apply(rows);
    }
    flag_case::apply_loaded(state, l.flags, l.flag_case);
    if let Some(a) = l.approvals {
        super::approvals::apply(state, a);
    }
    if let Some(h) = l.handover {
        super::handover::loaded(state, h);
    }
    if let (Some(result), Some(d)) = (l.detail, state.detail.as_mut()) {
        match result {
            Ok((card, entries)) => {
                d.card = Some(card);
                d.entries = entries;
                d.error = None;
            }
            Err(e) => d.error = Some(e.render(state.lang)),
        }
    }
    effects
}

/// How long ago, for ages on screen: `5 min`, `2 h 05 min` (in the console's language).
pub fn age_text(lang: crate::i18n::Lang, age: Duration) -> String {
    let mins = age.num_minutes().max(0);
    if mins < 60 {
        crate::i18n::trf(lang, "age.minutes", &[("m", mins.to_string())])
    } else {
        crate::i18n::trf(
            lang,
            "age.hours",
            &[
                ("h", (mins / 60).to_string()),
                ("m", format!("{:02}", mins % 60)),
            ],
        )
    }
}
