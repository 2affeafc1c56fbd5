//! Key-sequence tests of the console's behaviour: keys go through `update`, the
//! jobs run against a real temporary database, and the state is checked.

use super::form::Field;
use super::keymap::Action;
use super::testing::{Harness, person_entry};
use super::view::{PromptKind, View};
use super::{Key, KeyCode, Msg};
use crate::clock::Clock;
use crate::domain::{Decision, Role};
use crate::i18n::Lang;
use crate::notify::AlertKind;
use crate::service::board::Subject;

#[test]
fn opens_on_the_dashboard_with_todays_counters() {
    let h = Harness::new(Role::Officer, Lang::Zh);
    assert_eq!(h.state.view, View::Dashboard);
    let c = h.state.board.counts;
    assert_eq!((c.entries_in, c.entries_out), (5, 1));
    assert_eq!((c.denied, c.flagged, c.visitors), (3, 1, 1));
    assert_eq!(h.state.board.log.rows.len(), 6);
    assert_eq!(
        h.state.board.log.rows[0].name, "阿卜杜热合曼·买买提江",
        "newest on top"
    );
    assert_eq!(h.state.board.flags.len(), 1);
    assert!(!h.state.board.roster_empty);
}

#[test]
fn an_empty_database_is_reported_not_crashed_on() {
    let h = Harness::empty(Role::Admin, Lang::En);
    assert!(h.state.board.roster_empty);
    assert!(h.state.board.log.rows.is_empty());
    assert!(h.state.board.loaded);
}

#[test]
fn a_guard_registers_a_rostered_person_with_id_temperature_and_enter() {
    let mut h = Harness::new(Role::Guard, Lang::Zh);
    assert_eq!(h.state.view, View::Register, "guards start in the form");
    assert_eq!(h.state.form.focus, Field::Person);
    h.typed("2023010101");
    h.code(KeyCode::Enter);
    assert_eq!(
        h.state.form.focus,
        Field::Temp,
        "Enter moves on to the temperature"
    );
    h.typed("36.6");
    h.code(KeyCode::Enter);
    let last = h.state.form.last.clone().expect("a decision is shown");
    assert_eq!(last.decision, Decision::Admitted);
    assert_eq!(last.name, "王小明");
    assert_eq!(h.state.form.person.value(), "", "ready for the next person");
    assert_eq!(h.state.form.focus, Field::Person);
    assert_eq!(h.desk.latest_entry_id().unwrap(), 7);
    assert_eq!(
        h.state.board.counts.entries_in, 6,
        "the board follows at once"
    );
}

#[test]
fn the_services_messages_appear_beside_the_field_they_name() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('a'));
    assert_eq!(h.state.view, View::Register);
    h.typed("9999");
    h.code(KeyCode::Tab);
    h.typed("36.5");
    h.code(KeyCode::Enter);
    assert!(!h.state.form.submitting);
    assert_eq!(h.state.form.focus, Field::Person);
    assert!(h.state.form.error(Field::Person).unwrap().contains("9999"));
    // Fixing the id clears its message; a bad temperature is placed beside it.
    for _ in 0..4 {
        h.code(KeyCode::Backspace);
    }
    h.typed("2023010102");
    assert_eq!(h.state.form.error(Field::Person), None);
    h.code(KeyCode::Tab);
    h.code(KeyCode::Backspace);
    h.code(KeyCode::Backspace);
    h.code(KeyCode::Backspace);
    h.code(KeyCode::Backspace);
    h.typed("3７.x");
    h.code(KeyCode::Enter);
    assert!(
        h.state
            .form
            .error(Field::Temp)
            .unwrap()
            .contains("not a temperature")
    );
    assert_eq!(h.desk.latest_entry_id().unwrap(), 6, "nothing was written");
}

#[test]
fn a_visitor_is_registered_from_the_same_form() {
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    h.key(Key::ch('a'));
    h.code(KeyCode::F(2));
    assert_eq!(h.state.form.focus, Field::VisitorName);
    h.typed("钱多多");
    h.code(KeyCode::Enter);
    h.typed(&super::testing::resident_id("51040219900101001"));
    h.code(KeyCode::Enter);
    h.typed("13911112222");
    h.code(KeyCode::Enter);
    h.typed("面试");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.form.focus, Field::Temp, "host is optional");
    h.typed("36.7");
    // The code is changed on its own field with Space.
    h.code(KeyCode::Tab);
    assert_eq!(h.state.form.focus, Field::Code);
    h.key(Key::ch(' '));
    h.code(KeyCode::Enter);
    let last = h.state.form.last.clone().unwrap();
    assert_eq!(last.decision, Decision::Denied, "yellow code is refused");
    assert!(last.visitor_id.is_some());
    assert_eq!(h.state.form.code, Some(crate::domain::CodeColour::Green));
}

#[test]
fn a_fever_from_another_process_raises_one_alert_and_is_highlighted() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    assert!(h.alerts.is_empty(), "history raises no alerts");
    h.arrives(person_entry(
        "东门",
        "in",
        "2023010101",
        "38.1",
        "green",
        true,
    ));
    assert_eq!(h.alerts.len(), 1);
    let (alert, channels) = &h.alerts[0];
    assert_eq!(alert.kind, AlertKind::Fever);
    assert!(
        alert.body.contains("王**"),
        "names are masked: {}",
        alert.body
    );
    assert!(alert.body.contains("38.1"));
    assert!(channels.bell && channels.osc);
    let id = h.state.board.log.rows[0].id;
    assert!(h.state.is_fresh(id));
    h.tick(4);
    assert!(!h.state.is_fresh(id), "the highlight fades");
    // Nothing new: no second alert.
    h.send(Msg::DataChanged);
    assert_eq!(h.alerts.len(), 1);
}

#[test]
fn red_codes_alert_and_muting_silences_everything() {
    let mut h = Harness::new(Role::Leader, Lang::En);
    h.arrives(person_entry(
        "西门",
        "in",
        "2023010102",
        "36.5",
        "red",
        true,
    ));
    assert_eq!(h.alerts.len(), 1);
    assert_eq!(h.alerts[0].0.kind, AlertKind::RedCode);
    h.key(Key::ch('m'));
    assert!(h.state.notify.muted);
    h.arrives(person_entry(
        "西门",
        "in",
        "2023010102",
        "39.0",
        "red",
        true,
    ));
    assert_eq!(h.alerts.len(), 1);
    h.key(Key::ch('m'));
    h.key(Key::ch(':'));
    h.typed("notify fever off");
    h.code(KeyCode::Enter);
    h.arrives(person_entry(
        "东门",
        "in",
        "2023010101",
        "38.0",
        "green",
        true,
    ));
    assert_eq!(h.alerts.len(), 1, "fever alerts switched off");
    h.arrives(person_entry(
        "东门",
        "in",
        "2023010101",
        "36.0",
        "red",
        true,
    ));
    assert_eq!(h.alerts.len(), 2, "red codes still alert");
}

#[test]
fn the_gate_log_filters_by_name_and_esc_clears() {
    let mut h = Harness::new(Role::Supervisor, Lang::Zh);
    h.key(Key::ch('2'));
    assert_eq!(h.state.view, View::Log);
    assert_eq!(h.state.log.rows.len(), 6);
    h.key(Key::ch('/'));
    assert_eq!(h.state.prompt.as_ref().unwrap().kind, PromptKind::Filter);
    h.typed("欧阳");
    h.code(KeyCode::Enter);
    assert!(h.state.prompt.is_none());
    assert_eq!(h.state.log.rows.len(), 1);
    assert_eq!(h.state.log.rows[0].name, "欧阳娜娜娜");
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Log, "Esc first clears the filter");
    assert_eq!(h.state.log.rows.len(), 6);
    // A gate name and a visitor name work too.
    h.send(Msg::Key(Key::ch(':')));
    h.typed("filter 西门");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.log.rows.len(), 2);
    h.code(KeyCode::Esc);
    h.key(Key::ch('/'));
    h.typed("赵四");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.log.rows.len(), 1);
    assert!(h.state.log.rows[0].visitor_id.is_some());
}

#[test]
fn flagged_only_and_denied_only_toggle() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('2'));
    h.key(Key::ch('f'));
    assert_eq!(h.state.log.rows.len(), 1);
    h.key(Key::ch('f'));
    h.key(Key::ch('d'));
    assert_eq!(h.state.log.rows.len(), 3);
    assert!(
        h.state
            .log
            .rows
            .iter()
            .all(|e| e.decision == Decision::Denied)
    );
}

#[test]
fn moving_and_opening_a_person_shows_masked_numbers() {
    let mut h = Harness::new(Role::Supervisor, Lang::Zh);
    h.key(Key::ch('j'));
    h.key(Key::ch('j'));
    assert_eq!(h.state.board.log.sel, 2);
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Detail);
    let d = h.state.detail.clone().unwrap();
    let card = d.card.unwrap();
    assert_eq!(card.name, "张建国");
    assert_eq!(card.phone_masked.as_deref(), Some("081*****4455"));
    assert!(card.resident_id_masked.unwrap().contains("********"));
    assert_eq!(d.entries.len(), 1);
    // A supervisor has no reveal key.
    h.key(Key::ch('r'));
    assert!(h.state.prompt.is_none());
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Dashboard);
    assert!(h.state.detail.is_none());
}

#[test]
fn an_officer_reveals_with_a_reason_and_the_audit_trail_records_it() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.code(KeyCode::Enter); // newest: 阿卜杜热合曼·买买提江
    h.key(Key::ch('r'));
    assert_eq!(
        h.state.prompt.as_ref().unwrap().kind,
        PromptKind::RevealReason
    );
    h.code(KeyCode::Enter);
    let p = h.state.prompt.as_ref().expect("an empty reason is refused");
    assert!(p.error.as_ref().unwrap().contains("reason"));
    h.typed("家长来电核实");
    h.code(KeyCode::Enter);
    assert!(h.state.prompt.is_none());
    let revealed = h.state.detail.as_ref().unwrap().revealed.clone().unwrap();
    assert_eq!(revealed.phone.as_deref(), Some("18612345678"));
    let audit = h.desk.audit_list(1).unwrap();
    assert_eq!(audit[0].action, "personal.reveal");
    assert_eq!(audit[0].operator, "zhao");
    assert!(audit[0].details.contains("家长来电核实"));
    assert!(!audit[0].details.contains("18612345678"));
    // Leaving the card forgets the numbers.
    h.code(KeyCode::Esc);
    h.code(KeyCode::Enter);
    assert!(h.state.detail.as_ref().unwrap().revealed.is_none());
}

#[test]
fn the_service_refuses_a_reveal_even_without_the_screen() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    let err = h.desk.reveal_personal("2023010101", "curious").unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Refused);
    let mut s = h.other(Role::Supervisor);
    assert!(s.reveal(&Subject::Person("T0001".into()), "x").is_err());
    h.key(Key::ch('x'));
}

#[test]
fn the_command_line_opens_views_and_reports_unknown_commands() {
    let mut h = Harness::new(Role::Leader, Lang::En);
    h.key(Key::ch(':'));
    h.typed("flags");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Flags);
    assert_eq!(h.state.flags.rows().len(), 1);
    h.key(Key::ch(':'));
    h.typed("nope");
    h.code(KeyCode::Enter);
    assert!(h.state.status.as_ref().unwrap().text.contains("nope"));
    h.key(Key::ch(':'));
    h.typed("help");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Help);
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Flags);
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Dashboard);
    h.key(Key::ch(':'));
    h.typed("quit");
    h.code(KeyCode::Enter);
    assert!(h.quit);
}

#[test]
fn a_supervisor_typing_register_is_told_it_is_not_permitted() {
    for (lang, needle) in [(Lang::En, "not permitted"), (Lang::Zh, "无权")] {
        let mut h = Harness::new(Role::Supervisor, lang);
        h.key(Key::ch(':'));
        h.typed("register");
        h.code(KeyCode::Enter);
        let status = &h.state.status.as_ref().unwrap().text;
        assert!(status.contains(needle), "{status}");
        assert!(status.contains("register"), "{status}");
        assert_ne!(h.state.view, View::Register);
    }
}

#[test]
fn q_quits_but_only_outside_text_fields() {
    let mut h = Harness::new(Role::Guard, Lang::Zh);
    h.key(Key::ch('q'));
    assert!(!h.quit, "q is typed into the id field");
    assert_eq!(h.state.form.person.value(), "q");
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Dashboard);
    h.key(Key::ch('q'));
    assert!(h.quit);
    let mut h = Harness::new(Role::Guard, Lang::Zh);
    h.key(Key::ctrl('c'));
    assert!(h.quit, "Ctrl-C quits from anywhere");
}

#[test]
fn pages_through_a_long_log_by_key_and_back() {
    let mut h = Harness::new(Role::Admin, Lang::En);
    {
        let rules = h.desk.config.screening_rules(h.desk.zone);
        let mut other = h.other(Role::Admin);
        let valid = other
            .validate_entry(&person_entry(
                "东门",
                "in",
                "2023010101",
                "36.5",
                "green",
                true,
            ))
            .unwrap();
        let now = h.clock.now();
        other
            .store
            .write(|tx| {
                let mut chain = crate::store::audit::Chain::load(tx)?;
                for i in 0..450 {
                    let at = now - chrono::Duration::seconds(600 + i);
                    crate::service::entries::insert_valid(
                        tx, &mut chain, &rules, at, "root", &valid,
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
    h.key(Key::ch('2'));
    assert_eq!(h.state.log.rows.len(), super::load::LOG_PAGE);
    let top_id = h.state.log.rows[0].id;
    let first_page_last = h.state.log.rows.last().unwrap().id;
    let boundary = super::gatelog::key_of(h.state.log.rows.last().unwrap());
    h.key(Key::ch('G'));
    assert_eq!(h.state.log.sel, super::load::LOG_PAGE - 1);
    h.key(Key::ch('j'));
    assert_eq!(h.state.log.sel, 0, "the next page starts at its top");
    assert!(
        h.state
            .log
            .rows
            .iter()
            .all(|e| super::gatelog::key_of(e) < boundary)
    );
    h.key(Key::ch('k'));
    assert_eq!(h.state.log.rows.last().unwrap().id, first_page_last);
    h.key(Key::ch('j'));
    h.code(KeyCode::PageDown);
    h.key(Key::ch('g'));
    assert_eq!(h.state.log.anchor, None, "g goes back to the live top");
    assert_eq!(h.state.log.rows[0].id, top_id);
}

#[test]
fn jumps_to_a_date() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.key(Key::ch('2'));
    h.key(Key::ch('t'));
    h.typed("11/28");
    h.code(KeyCode::Enter);
    assert!(h.state.prompt.as_ref().unwrap().error.is_some());
    for _ in 0..5 {
        h.code(KeyCode::Backspace);
    }
    h.typed("2026-11-28");
    h.code(KeyCode::Enter);
    assert!(h.state.prompt.is_none());
    assert!(h.state.log.rows.is_empty(), "nothing before the 29th");
    h.key(Key::ch(':'));
    h.typed("date 今天");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.log.rows.len(), 6);
}

#[test]
fn a_live_list_keeps_the_selection_on_the_same_entry() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('j'));
    let id = h.state.board.log.selected().unwrap().id;
    h.arrives(person_entry("东门", "in", "T0001", "36.5", "green", true));
    assert_eq!(h.state.board.log.selected().unwrap().id, id);
    h.key(Key::ch('g'));
    h.arrives(person_entry("东门", "in", "T0001", "36.5", "green", true));
    assert_eq!(h.state.board.log.sel, 0, "at the top it follows new rows");
}

#[test]
fn answers_to_older_questions_are_dropped() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    let before = h.state.board.clone();
    let stale = super::load::Query {
        flags: Some(Default::default()),
        ..Default::default()
    };
    h.send(Msg::Loaded {
        seq: 0,
        query: stale,
        result: Ok(Box::new(super::load::Loaded {
            flags: Some(Default::default()),
            ..Default::default()
        })),
    });
    assert_eq!(h.state.board, before);
    assert_eq!(h.state.flags.rows().len(), 0);
}

#[test]
fn help_lists_only_what_the_role_may_press() {
    let h = Harness::new(Role::Supervisor, Lang::En);
    let lines = super::help::lines(&h.state);
    let text = format!("{lines:?}");
    assert!(text.contains("gate log"));
    assert!(!text.contains("register"));
    assert!(!text.contains("reveal"));
    let h = Harness::new(Role::Officer, Lang::En);
    let text = format!("{:?}", super::help::lines(&h.state));
    assert!(text.contains("register") && text.contains("reveal"));
    assert_eq!(h.state.keymap.command("log"), Some(Action::Go(View::Log)));
}

#[test]
fn the_day_rolls_over_at_local_midnight() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.clock
        .set(h.clock.now() + chrono::Duration::hours(16) - chrono::Duration::seconds(1));
    h.tick(0);
    assert_eq!(h.state.board.counts.entries_in, 5);
    h.tick(2);
    assert_eq!(
        h.state.board.counts.entries_in, 0,
        "a new day starts from zero"
    );
}

#[test]
fn a_cleared_fever_case_leaves_the_open_flags_at_once() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    assert_eq!(h.state.board.flags.len(), 1);
    let case = h.state.board.flags[0].clone();
    assert_eq!(
        h.desk
            .flag_for_entry(case.entry_id.unwrap())
            .unwrap()
            .map(|c| c.id),
        Some(case.id),
        "the flagged entry opened the case shown"
    );
    let mut other = h.other(Role::Guard);
    other.flag_recheck(case.id, "36.6", None).unwrap();
    h.send(Msg::DataChanged);
    assert!(h.state.board.flags.is_empty());
    assert_eq!(
        h.state.board.counts.flagged, 1,
        "today's counter still counts it"
    );
}

#[test]
fn a_filter_for_a_few_people_reads_their_indexes_and_agrees_with_the_scan() {
    use crate::store::entries::{EntryFilter, Matching};
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.arrives(person_entry(
        "东门",
        "in",
        "2023010101",
        "38.0",
        "green",
        true,
    ));
    let visitor = h.desk.resolve_search("赵四").unwrap().visitor_ids;
    let cases = [
        (vec!["2023010101".to_string()], vec![]),
        (vec![], visitor.clone()),
        (vec!["2023010101".to_string(), "T0001".to_string()], visitor),
    ];
    for (people, visitors) in cases {
        for (flagged_only, before) in [(false, None), (true, None), (false, Some((i64::MAX, 0)))] {
            let f = EntryFilter {
                matching: Some(Matching {
                    person_ids: people.clone(),
                    visitor_ids: visitors.clone(),
                    gate: None,
                }),
                flagged_only,
                before,
                limit: 50,
                ..EntryFilter::default()
            };
            let fast: Vec<i64> = h
                .desk
                .search_entries(&f)
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect();
            let scan: Vec<i64> = h
                .desk
                .list_entries(&f)
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect();
            assert_eq!(fast, scan, "{people:?} {flagged_only} {before:?}");
            assert!(!fast.is_empty() || flagged_only);
        }
    }
}
