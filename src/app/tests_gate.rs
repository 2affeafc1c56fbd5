//! Key-sequence tests of what the gate form shows and sends: keys typed at scanner
//! speed while the database is still writing, and a decision box that only ever shows
//! the current outcome.

use super::form::Field;
use super::testing::Harness;
use super::{Key, KeyCode, Msg};
use crate::domain::{Decision, Role};
use crate::i18n::Lang;
use crate::store::entries::EntryFilter;

/// The rostered people of the test desk, with a temperature each.
const PEOPLE: [&str; 5] = [
    "2023010101",
    "2023010102",
    "2023020201",
    "T0001",
    "2023030301",
];

fn burst(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                PEOPLE[i % PEOPLE.len()].to_string(),
                format!("36.{}", i % 10),
            )
        })
        .collect()
}

/// The keys a barcode reader sends for one person: id, Tab, temperature, Enter.
fn scan(h: &mut Harness, id: &str, temp: &str) {
    h.typed(id);
    h.code(KeyCode::Tab);
    h.typed(temp);
    h.code(KeyCode::Enter);
}

/// The entries written after the seeded ones, oldest first, as (person, temp).
fn written_after_seed(h: &Harness) -> Vec<(String, String)> {
    let mut rows = h
        .desk
        .list_entries(&EntryFilter {
            limit: 100,
            ..EntryFilter::default()
        })
        .unwrap();
    rows.retain(|e| e.id > 6);
    rows.reverse();
    rows.into_iter()
        .map(|e| (e.person_id.unwrap_or_default(), e.temp.to_string()))
        .collect()
}

#[test]
fn twelve_people_scanned_in_one_burst_are_all_registered_in_order() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    h.hold_writes = true;
    let people = burst(12);
    for (id, temp) in &people {
        scan(&mut h, id, temp);
    }
    assert!(h.state.form.submitting, "the first is still being written");
    assert_eq!(h.held.len(), 1, "one registration at a time");
    // The worker answers late, one registration after another.
    let mut answered = 0;
    while h.answer_held() {
        answered += 1;
    }
    assert_eq!(answered, 12);
    assert_eq!(written_after_seed(&h), people);
    assert!(h.state.form.queued.is_empty());
    assert_eq!(h.state.form.person.value(), "", "ready for the next person");
    assert_eq!(h.state.form.temp.value(), "");
    assert_eq!(h.state.form.focus, Field::Person);
    let last = h
        .state
        .form
        .last
        .as_ref()
        .expect("the last decision is shown");
    assert_eq!(last.person_id.as_deref(), Some(people[11].0.as_str()));
}

#[test]
fn keys_arriving_between_late_answers_keep_their_order() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    h.hold_writes = true;
    let people = burst(10);
    // Half the keys of each person arrive before the previous answer, half after.
    for (id, temp) in &people {
        h.typed(id);
        h.answer_held();
        h.code(KeyCode::Tab);
        h.typed(temp);
        h.code(KeyCode::Enter);
    }
    while h.answer_held() {}
    assert_eq!(written_after_seed(&h), people);
}

#[test]
fn a_pasted_scan_with_tabs_and_line_breaks_is_typed() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    h.hold_writes = true;
    let people = burst(11);
    let text: String = people
        .iter()
        .enumerate()
        .map(|(i, (id, t))| format!("{id}\t{t}{}", if i % 2 == 0 { "\r\n" } else { "\n" }))
        .collect();
    h.send(Msg::Paste(text));
    while h.answer_held() {}
    assert_eq!(written_after_seed(&h), people);
}

#[test]
fn ctrl_c_still_quits_while_a_registration_is_being_written() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    h.hold_writes = true;
    scan(&mut h, "2023010101", "36.5");
    h.key(Key::ctrl('c'));
    assert!(h.quit);
}

#[test]
fn a_refusal_replaces_the_previous_admitted_in_the_decision_box() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    scan(&mut h, "2023010101", "36.5");
    assert_eq!(
        h.state.form.last.as_ref().map(|e| e.decision),
        Some(Decision::Admitted)
    );
    // An unknown id: nothing registered, and the box says so instead of "admitted".
    scan(&mut h, "9999", "36.5");
    assert!(h.state.form.last.is_none(), "no earlier result on show");
    let failed = h.state.form.failed.clone().expect("the refusal is shown");
    assert!(failed.contains("9999"), "{failed}");
    // Fixing the id starts the next attempt; a bad temperature is refused the same way.
    h.code(KeyCode::Backspace);
    assert!(h.state.form.failed.is_none());
    for _ in 0..3 {
        h.code(KeyCode::Backspace);
    }
    h.typed("2023010102");
    h.code(KeyCode::Tab);
    h.code(KeyCode::Backspace);
    h.code(KeyCode::Backspace);
    h.code(KeyCode::Backspace);
    h.code(KeyCode::Backspace);
    h.typed("3x");
    h.code(KeyCode::Enter);
    assert!(h.state.form.last.is_none());
    assert!(h.state.form.failed.is_some());
}

#[test]
fn typing_the_next_person_marks_the_shown_result_as_the_previous_one() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    scan(&mut h, "2023010101", "36.5");
    assert!(!h.state.form.has_next_person());
    h.typed("2023");
    assert!(
        h.state.form.has_next_person(),
        "the result on show belongs to someone else now"
    );
}

#[test]
fn a_person_with_an_open_fever_case_is_refused_and_the_case_is_named() {
    // 李雪 (2023010102) was flagged at 07:32 this morning; her case is still open.
    let mut h = Harness::new(Role::Guard, Lang::En);
    let case = h.state.board.flags[0].id;
    scan(&mut h, "2023010102", "36.5");
    let last = h.state.form.last.clone().expect("a decision");
    assert_eq!(last.decision, Decision::Denied);
    assert_eq!(last.reasons, vec![crate::domain::Reason::OpenCase]);
    assert_eq!(last.open_case, Some(case));
    assert!(!last.flagged, "a normal reading opens no second case");
}

#[test]
fn a_new_code_colour_after_a_refusal_today_is_admitted_with_a_warning() {
    // 欧阳娜娜娜 (2023020201) was refused for a red code at 07:40.
    let mut h = Harness::new(Role::Guard, Lang::En);
    scan(&mut h, "2023020201", "36.5");
    let last = h.state.form.last.clone().expect("a decision");
    assert_eq!(last.decision, Decision::Admitted);
    assert_eq!(
        last.warnings,
        vec![crate::domain::entry::Warning::RefusedToday]
    );
}

#[test]
fn a_known_resident_id_under_another_name_is_registered_with_a_warning() {
    // 赵四 came in yesterday evening with this resident ID.
    let mut h = Harness::new(Role::Leader, Lang::En);
    h.key(Key::ch('a'));
    h.code(KeyCode::F(2));
    h.typed("赵五");
    h.code(KeyCode::Enter);
    h.typed(&super::testing::resident_id("11010519491231002"));
    // The form says so before anything is submitted.
    let known = h
        .state
        .approvals
        .visitor
        .as_ref()
        .and_then(|v| v.known_name.clone());
    assert_eq!(known.as_deref(), Some("赵四"));
    h.code(KeyCode::Enter);
    h.typed("13700001111");
    h.code(KeyCode::Enter);
    h.typed("送货");
    h.code(KeyCode::Enter);
    h.typed("36.6");
    h.code(KeyCode::Enter);
    let last = h.state.form.last.clone().expect("registered");
    assert_eq!(last.name, "赵五");
    assert_eq!(
        last.warnings,
        vec![crate::domain::entry::Warning::VisitorNameChanged]
    );
    // The earlier entry keeps its name.
    let rows = h
        .desk
        .list_entries(&EntryFilter {
            limit: 20,
            ..EntryFilter::default()
        })
        .unwrap();
    let names: Vec<&str> = rows
        .iter()
        .filter(|e| e.visitor_id.is_some())
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["赵五", "赵四"]);
}
