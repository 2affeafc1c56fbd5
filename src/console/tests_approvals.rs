//! Snapshot tests of the approvals screens, at 120x40 and 80x24 in Chinese and
//! English, from the test desk (Chinese names, a long one in a narrow column, a fixed
//! clock), with times, dates and long ids redacted as in `tests.rs`.

use super::tests::{render, screen, snap};
use crate::app::approvals::person_context;
use crate::app::request_form::RField;
use crate::app::testing::{Harness, person_entry};
use crate::app::tests_approvals::{away_leave, bad_rid, leave, two_pending, visitor, visitor_rid};
use crate::app::view::View;
use crate::app::{Key, KeyCode, Msg};
use crate::clock::Clock;
use crate::domain::Role;
use crate::i18n::Lang;
use chrono::Duration;

/// Three pending requests (a leave, a visitor, and an urgent leave of the student
/// with the long name), filed 12, 5 and 2 minutes ago.
pub(super) fn three_pending(role: Role, lang: Lang) -> Harness {
    let mut h = Harness::new(role, lang);
    two_pending(&mut h);
    let now = h.clock.now();
    h.clock.set(now - Duration::minutes(2));
    h.other(Role::Officer)
        .request_leave(&leave(
            "2023030301",
            "2026-11-29T13:00",
            "2026-11-30T20:00",
            true,
        ))
        .unwrap();
    h.clock.set(now);
    h.send(Msg::DataChanged);
    h
}

#[test]
fn approvals_pending() {
    snap("approvals_pending", |lang| {
        let mut h = three_pending(Role::Leader, lang);
        h.key(Key::ch('A'));
        h.key(Key::ch('j'));
        h
    });
}

#[test]
fn approvals_all_for_an_officer() {
    snap("approvals_all", |lang| {
        let mut h = three_pending(Role::Officer, lang);
        let ids: Vec<i64> = h
            .desk
            .list_requests(&crate::store::approvals::RequestFilter {
                pending_only: true,
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        let mut leader = h.other(Role::Leader);
        leader.approve_request(ids[0], Some("同意")).unwrap();
        leader.reject_request(ids[1], "未说明来访单位").unwrap();
        h.key(Key::ch('A'));
        h.key(Key::ch('f'));
        h
    });
}

#[test]
fn approvals_empty() {
    snap("approvals_empty", |lang| {
        let mut h = Harness::new(Role::Supervisor, lang);
        h.key(Key::ch('A'));
        h
    });
}

#[test]
fn request_detail_of_a_visitor() {
    snap("approvals_request", |lang| {
        let mut h = three_pending(Role::Leader, lang);
        h.key(Key::ch('A'));
        h.key(Key::ch('j'));
        h.code(KeyCode::Enter);
        assert_eq!(h.state.view, View::Request);
        h
    });
}

#[test]
fn request_detail_of_an_approved_leave_for_a_supervisor() {
    snap("approvals_request_leave", |lang| {
        let mut h = Harness::new(Role::Supervisor, lang);
        away_leave(&mut h, "2026-11-29T20:00");
        h.key(Key::ch('R'));
        h.code(KeyCode::Enter);
        h
    });
}

#[test]
fn confirm_approve() {
    snap("approvals_confirm_approve", |lang| {
        let mut h = three_pending(Role::Leader, lang);
        h.key(Key::ch('A'));
        h.key(Key::ch('j'));
        h.key(Key::ch('y'));
        h.typed("同意");
        h
    });
}

#[test]
fn confirm_reject_without_a_note() {
    snap("approvals_confirm_reject", |lang| {
        let mut h = three_pending(Role::Leader, lang);
        h.key(Key::ch('A'));
        h.code(KeyCode::Enter);
        h.key(Key::ch('n'));
        h.code(KeyCode::Enter);
        assert!(h.state.approvals.confirm.as_ref().unwrap().error.is_some());
        h
    });
}

#[test]
fn returns_away_overdue_and_monitoring() {
    snap("approvals_returns", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        away_leave(&mut h, "2026-11-29T20:00");
        // 阿卜杜热合曼·买买提江: left at 07:00, due back at 07:30, not back.
        let now = h.clock.now();
        h.clock.set(now - Duration::hours(2));
        let mut officer = h.other(Role::Officer);
        let mut leader = h.other(Role::Leader);
        let overdue = officer
            .request_leave(&leave(
                "2023030301",
                "2026-11-29T07:00",
                "2026-11-29T07:30",
                true,
            ))
            .unwrap();
        leader.approve_request(overdue.id, None).unwrap();
        // 李雪: left at 06:10 and came back in at 06:30.
        let back = officer
            .request_leave(&leave(
                "2023010102",
                "2026-11-29T06:10",
                "2026-11-29T12:00",
                true,
            ))
            .unwrap();
        leader.approve_request(back.id, None).unwrap();
        h.clock.set(now - Duration::minutes(90));
        officer
            .register_entry(&person_entry(
                "西门",
                "in",
                "2023010102",
                "36.4",
                "green",
                true,
            ))
            .unwrap();
        h.clock.set(now);
        h.key(Key::ch('R'));
        assert_eq!(h.state.approvals.returns.len(), 3);
        h
    });
}

#[test]
fn dashboard_with_the_approvals_panel() {
    snap("approvals_dashboard", |lang| {
        let mut h = three_pending(Role::Leader, lang);
        away_leave(&mut h, "2026-11-29T07:30");
        h.send(Msg::DataChanged);
        h
    });
}

#[test]
fn filing_a_visitor_with_a_bad_resident_id() {
    snap("approvals_file_visitor", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('A'));
        h.key(Key::ch('v'));
        h.typed("钱多多");
        h.code(KeyCode::Tab);
        h.typed(&bad_rid());
        for t in ["13911112222", "T0001", "送实验耗材"] {
            h.code(KeyCode::Tab);
            h.typed(t);
        }
        h.code(KeyCode::Enter);
        assert!(h.state.approvals.form.error(RField::VisitorId).is_some());
        h
    });
}

#[test]
fn filing_a_leave() {
    snap("approvals_file_leave", |lang| {
        let mut h = Harness::new(Role::Leader, lang);
        h.key(Key::ch(':'));
        h.typed("leave");
        h.code(KeyCode::Enter);
        h.typed("T0001");
        h.code(KeyCode::Tab);
        h.typed("成都");
        h
    });
}

#[test]
fn register_shows_the_leave_of_a_person_away() {
    snap("approvals_register_leave", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        away_leave(&mut h, "2026-11-29T20:00");
        h.typed("T0001");
        assert!(person_context(&h.state, "T0001").is_some());
        h
    });
}

#[test]
fn register_shows_the_visitor_approval() {
    snap("approvals_register_visitor", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        let r = h
            .other(Role::Officer)
            .request_visitor(&visitor("2026-11-29T07:30", "2026-11-29T12:00"))
            .unwrap();
        h.other(Role::Leader).approve_request(r.id, None).unwrap();
        h.code(KeyCode::F(2));
        h.typed("钱多多");
        h.code(KeyCode::Tab);
        h.typed(&visitor_rid());
        h
    });
}

#[test]
fn a_persons_card_with_a_return_under_monitoring() {
    snap("approvals_card_return", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        away_leave(&mut h, "2026-11-29T20:00");
        h.arrives(person_entry("东门", "in", "T0001", "36.5", "green", true));
        h.code(KeyCode::Enter); // the newest entry: 张建国 coming back
        assert_eq!(h.state.view, View::Detail);
        h
    });
}

#[test]
fn the_popup_never_panics_and_keeps_the_cursor_in_the_note() {
    let mut h = three_pending(Role::Admin, Lang::Zh);
    h.key(Key::ch('A'));
    h.key(Key::ch('n'));
    h.typed("未说明来访单位，也没有联系人电话，请补充后重新提交");
    for w in (1..=130).step_by(7) {
        for hh in (1..=45).step_by(4) {
            render(&mut h, w, hh);
        }
    }
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    h.send(Msg::Resize(80, 24));
    t.draw(|f| super::view(&h.state, f)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    let text = screen(t.backend().buffer());
    let line = text.lines().nth(usize::from(pos.y)).unwrap();
    assert!(
        line.contains('['),
        "the cursor is on the note's line: {line}"
    );
    for view in [Key::ch('1'), Key::ch('R'), Key::ch('A')] {
        h.code(KeyCode::Esc);
        h.key(view);
        for w in (1..=130).step_by(11) {
            for hh in (1..=45).step_by(6) {
                render(&mut h, w, hh);
            }
        }
    }
}
