//! Key-sequence tests of the fever cases in the console: the flagged view, a case's
//! detail, the step forms (judged by the service, as in the CLI), refusals, roles,
//! countdowns that tick without reloading, and the deadline alerts.

use super::flag_case::FlagJob;
use super::keymap::Action;
use super::load::Job;
use super::msg::Effect;
use super::testing::{Harness, person_entry};
use super::view::View;
use super::{Key, KeyCode, Msg};
use crate::clock::Clock;
use crate::domain::Role;
use crate::domain::flag::{FlagStatus, FlagStep};
use crate::i18n::Lang;
use crate::notify::AlertKind;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// 2026-11-29 at a local (Shanghai) time.
fn local(hms: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-11-29T{hms}+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

/// Moves the clock to a local time and delivers the tick.
fn tick_to(h: &mut Harness, hms: &str) {
    h.clock.set(local(hms));
    let now = h.clock.now();
    h.send(Msg::Tick(now));
}

/// The seeded desk has one active case: 李雪, 37.6 at 07:32, not yet re-checked.
fn first_case_id(h: &Harness) -> i64 {
    h.desk.flags(true, None).unwrap()[0].id
}

fn flag_actions_in_footer(h: &Harness, view: View) -> Vec<Action> {
    h.state
        .keymap
        .footer(view, false)
        .iter()
        .map(|b| b.action)
        .filter(|a| matches!(a, Action::Flag(_)))
        .collect()
}

#[test]
fn the_flagged_view_lists_active_cases_and_enter_opens_one() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('3'));
    assert_eq!(h.state.view, View::Flags);
    let rows = h.state.flags.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].case.name, "李雪");
    assert_eq!(rows[0].steps, [FlagStep::Recheck, FlagStep::Report]);
    let id = rows[0].case.id;
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::FlagCase);
    let row = h.state.flags.case.clone().expect("the case is loaded");
    assert_eq!(row.case.id, id);
    assert_eq!(row.case.gate, "东门");
    assert_eq!(row.steps, [FlagStep::Recheck, FlagStep::Report]);
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Flags);
}

#[test]
fn a_recheck_below_the_threshold_clears_the_case() {
    let mut h = Harness::new(Role::Guard, Lang::Zh);
    h.code(KeyCode::Esc); // guards start in the registration form
    h.key(Key::ch('3'));
    let id = first_case_id(&h);
    assert_eq!(
        flag_actions_in_footer(&h, View::Flags),
        [Action::Flag(FlagStep::Recheck)],
        "a guard may only re-check"
    );
    h.key(Key::ch('r'));
    let form = h
        .state
        .flags
        .form
        .as_ref()
        .expect("the re-check form opens");
    assert_eq!(form.step, FlagStep::Recheck);
    assert_eq!(form.focus, super::flag_case::FormField::Temp);
    h.typed("36.9");
    h.code(KeyCode::Enter);
    assert_eq!(
        h.state.flags.form.as_ref().unwrap().focus,
        super::flag_case::FormField::Method,
        "Enter moves on to the method"
    );
    h.typed("水银体温计");
    h.code(KeyCode::Enter);
    assert!(h.state.flags.form.is_none(), "done: the form closes");
    let status = h.state.status.clone().unwrap().text;
    assert!(status.contains("已排除"), "{status}");
    assert!(h.state.flags.active.is_empty(), "the list follows at once");
    let case = h.desk.flag(id).unwrap();
    assert_eq!(case.status, FlagStatus::Cleared);
    assert_eq!(case.rechecks[0].method.as_deref(), Some("水银体温计"));
    assert_eq!(case.rechecks[0].by, "wu");
    let audit = h.desk.audit_list(1).unwrap();
    assert_eq!(
        (audit[0].action.as_str(), audit[0].operator.as_str()),
        ("flag.recheck", "wu")
    );
    // The history shows it; the next re-check form remembers the method.
    h.key(Key::ch('h'));
    assert_eq!(h.state.flags.rows().len(), 1);
    assert_eq!(h.state.flags.rows()[0].case.status, FlagStatus::Cleared);
    assert_eq!(h.state.flags.last_method, "水银体温计");
}

#[test]
fn a_confirmed_case_goes_to_the_observation_place_chosen() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    let mut config = (*h.desk.config).clone();
    config.flags.observation_places = vec!["医务室临时留观点".into(), "东门留观室".into()];
    h.desk.config = Arc::new(config);
    h.key(Key::ch('3'));
    let id = first_case_id(&h);
    h.key(Key::ch('r'));
    h.typed("38.4");
    h.code(KeyCode::Enter);
    h.code(KeyCode::Enter);
    let row = h.state.flags.selected().unwrap().clone();
    assert!(row.case.confirmed);
    assert_eq!(row.steps, [FlagStep::Observe, FlagStep::Report]);
    assert!(
        h.state
            .status
            .clone()
            .unwrap()
            .text
            .contains("fever confirmed"),
        "{:?}",
        h.state.status
    );
    // Observation: the place is chosen from the configured list.
    h.key(Key::ch('o'));
    assert_eq!(h.state.flags.places.len(), 2);
    h.code(KeyCode::Right);
    assert_eq!(h.state.flags.form.as_ref().unwrap().place, 1);
    h.code(KeyCode::Enter);
    assert!(h.state.flags.form.is_none());
    let case = h.desk.flag(id).unwrap();
    assert_eq!(case.status, FlagStatus::Observing);
    assert_eq!(case.place.as_deref(), Some("东门留观室"));
    assert_eq!(case.observed_by.as_deref(), Some("zhao"));
    // Observation is done: the key now says what the case allows instead.
    h.key(Key::ch('o'));
    assert!(h.state.flags.form.is_none());
    let said = h.state.status.clone().unwrap().text;
    assert_eq!(
        said,
        "this case cannot send to observation now; possible: refer, report"
    );
    assert_eq!(
        flag_actions_in_footer(&h, View::Flags)
            .into_iter()
            .filter(|a| super::flag_case::offered(&h.state, *a))
            .collect::<Vec<_>>(),
        [
            Action::Flag(FlagStep::Refer),
            Action::Flag(FlagStep::Report)
        ],
        "the footer offers only the steps the case allows"
    );
}

#[test]
fn a_supervisor_reads_but_has_no_step_keys() {
    let mut h = Harness::new(Role::Supervisor, Lang::En);
    h.key(Key::ch('3'));
    assert!(h.state.flags.rows()[0].steps.is_empty());
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::FlagCase);
    for c in "rofpx".chars() {
        assert_eq!(h.state.keymap.lookup(View::FlagCase, Key::ch(c)), None);
        h.key(Key::ch(c));
        assert!(h.state.flags.form.is_none());
    }
    assert!(flag_actions_in_footer(&h, View::Flags).is_empty());
    assert!(flag_actions_in_footer(&h, View::FlagCase).is_empty());
    let help = format!("{:?}", super::help::lines(&h.state));
    assert!(
        !help.contains("re-check") && !help.contains("close case"),
        "{help}"
    );
    assert!(help.contains("show/hide recently closed"));
    assert!(h.state.keymap.command("flag-recheck").is_none());
    // An officer has them all.
    let h = Harness::new(Role::Officer, Lang::En);
    assert_eq!(
        h.state.keymap.lookup(View::FlagCase, Key::ch('x')),
        Some(Action::Flag(FlagStep::Close))
    );
    assert_eq!(
        h.state.keymap.command("flag-report"),
        Some(Action::Flag(FlagStep::Report))
    );
}

#[test]
fn bad_input_is_placed_beside_its_field_and_nothing_is_written() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('3'));
    let id = first_case_id(&h);
    h.key(Key::ch('r'));
    h.typed("3x.5");
    h.code(KeyCode::Enter);
    h.code(KeyCode::Enter);
    let form = h.state.flags.form.clone().expect("the form stays open");
    assert!(!form.pending);
    assert_eq!(form.focus, super::flag_case::FormField::Temp);
    let msg = form.error(super::flag_case::FormField::Temp).unwrap();
    assert!(msg.contains("temperature"), "{msg}");
    assert_eq!(h.desk.flag(id).unwrap().version, 1, "nothing written");
    h.code(KeyCode::Backspace);
    assert!(
        h.state.flags.form.as_ref().unwrap().errors.is_empty(),
        "typing clears the message"
    );
    h.code(KeyCode::Esc);
    assert!(h.state.flags.form.is_none(), "Esc cancels");
    assert_eq!(h.state.view, View::Flags, "and stays on the list");
}

#[test]
fn a_step_refused_because_someone_else_was_first_shows_the_message_and_reloads() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('3'));
    let id = first_case_id(&h);
    h.code(KeyCode::Enter);
    h.key(Key::ch('p'));
    h.typed("校防控办");
    // Meanwhile the duty leader records the report at another desk.
    h.other(Role::Leader)
        .flag_report(id, "防控办值班室")
        .unwrap();
    h.code(KeyCode::Enter);
    assert!(h.state.flags.form.is_none());
    let notice = h
        .state
        .flags
        .notice
        .clone()
        .expect("the refusal stays on screen");
    assert_eq!(notice.view, View::FlagCase);
    assert!(
        notice.text.contains("the report is already recorded"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.contains("Allowed next: re-check"),
        "{}",
        notice.text
    );
    let row = h.state.flags.case.clone().unwrap();
    assert_eq!(
        row.case.reported_to.as_deref(),
        Some("防控办值班室"),
        "reloaded"
    );
    assert_eq!(row.steps, [FlagStep::Recheck]);
    let reports = h
        .desk
        .audit_list(10)
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "flag.report")
        .count();
    assert_eq!(reports, 1);
    // The next step clears the message.
    h.key(Key::ch('r'));
    assert!(h.state.flags.notice.is_none());
}

#[test]
fn countdowns_tick_with_the_clock_without_reloading() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('3'));
    let seq = h.state.load_seq;
    let next = h.clock.now() + chrono::Duration::seconds(1);
    let effects = super::update(&mut h.state, Msg::Tick(next));
    assert_eq!(h.state.load_seq, seq, "no reload on a tick");
    assert!(
        effects
            .iter()
            .all(|e| matches!(e, Effect::Job(Job::Flag(FlagJob::Alerts { .. })))),
        "{effects:?}"
    );
    assert_eq!(h.state.now, next, "countdowns are drawn from the new time");
}

#[test]
fn deadlines_alert_once_each_through_the_notifier_and_respect_mute_and_config() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    tick_to(&mut h, "08:00:00");
    // A fever at 08:00:30: the gate alert now, the re-check alert at 08:10:30.
    h.clock.set(local("08:00:30"));
    h.arrives(person_entry(
        "东门",
        "in",
        "2023010101",
        "38.1",
        "green",
        true,
    ));
    let seen = h.notifier.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0.kind, AlertKind::Fever);
    tick_to(&mut h, "08:10:29");
    assert_eq!(h.notifier.seen().len(), 1, "not before it is due");
    tick_to(&mut h, "08:10:30");
    let seen = h.notifier.seen();
    assert_eq!(seen.len(), 2);
    let (alert, channels) = &seen[1];
    assert_eq!(alert.kind, AlertKind::RecheckDue);
    assert_eq!(alert.title, "复测时间到");
    assert!(
        alert.body.contains("王**") && !alert.body.contains("王小明"),
        "{}",
        alert.body
    );
    assert!(alert.body.contains("38.1"), "{}", alert.body);
    assert!(channels.bell && channels.osc);
    tick_to(&mut h, "08:10:31");
    tick_to(&mut h, "09:00:00");
    assert_eq!(h.notifier.seen().len(), 2, "each alert once");
    // 李雪's report falls due at 09:32:00 (first reading 07:32).
    tick_to(&mut h, "09:32:00");
    let seen = h.notifier.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2].0.kind, AlertKind::ReportOverdue);
    assert!(seen[2].0.body.contains("李*"), "{}", seen[2].0.body);
    // Muted, 王小明's report deadline (10:00:30) passes silently and is not replayed.
    h.key(Key::ch('m'));
    tick_to(&mut h, "10:00:40");
    h.key(Key::ch('m'));
    tick_to(&mut h, "10:00:41");
    assert_eq!(h.notifier.seen().len(), 3);
    // With `on_recheck_due = false` the gate alert still sounds, the re-check one not.
    h.state.notify.on_recheck_due = false;
    h.clock.set(local("10:01:00"));
    h.arrives(person_entry("西门", "in", "T0001", "37.8", "green", true));
    tick_to(&mut h, "10:12:00");
    let kinds: Vec<AlertKind> = h.notifier.seen().iter().map(|(a, _)| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AlertKind::Fever,
            AlertKind::RecheckDue,
            AlertKind::ReportOverdue,
            AlertKind::Fever
        ]
    );
    assert_eq!(h.alerts.len(), 4, "the harness saw the same effects");
}

#[test]
fn the_flagged_view_the_dashboard_and_the_service_count_the_same() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    // Four more cases in different states beside the seeded one.
    for (at, person, temp) in [
        ("07:40:00", "2023010101", "37.5"),
        ("07:50:00", "2023020201", "38.2"),
        ("07:55:00", "2023030301", "37.9"),
        ("08:20:00", "T0001", "37.4"),
    ] {
        h.clock.set(local(at));
        let mut guard = h.other(Role::Guard);
        guard
            .register_entry(&person_entry("东门", "in", person, temp, "green", true))
            .unwrap();
    }
    let ids: Vec<i64> = h
        .desk
        .flags(true, None)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids.len(), 5);
    let mut officer = h.other(Role::Officer);
    h.clock.set(local("07:45:00"));
    officer.flag_recheck(ids[1], "36.6", None).unwrap(); // cleared
    h.clock.set(local("07:58:00"));
    officer.flag_recheck(ids[2], "38.4", Some("水银")).unwrap();
    officer.flag_observe(ids[2], None).unwrap();
    officer.flag_report(ids[2], "校防控办").unwrap();
    for at in ["08:21:00", "09:32:00", "09:55:00", "10:30:00"] {
        tick_to(&mut h, at);
        h.key(Key::ch('3'));
        let counts = h.desk.flag_counts().unwrap();
        let t = h.state.flags.tally(h.state.now);
        assert_eq!(
            (
                t.active as i64,
                t.recheck_overdue as i64,
                t.report_overdue as i64
            ),
            (counts.active, counts.recheck_overdue, counts.report_overdue),
            "at {at}"
        );
        h.key(Key::ch('1'));
        assert_eq!(h.state.board.flags.len() as i64, counts.active, "at {at}");
    }
    assert_eq!(h.desk.flag_counts().unwrap().active, 4);
}
