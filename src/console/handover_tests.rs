//! Snapshot tests of the handover screens and the dashboard's duty panel, at 120x40
//! and 80x24 in both languages, with the roster's Chinese names; times and ids
//! redacted as in the other snapshots.

use super::tests::{redact, render, screen, snap};
use crate::app::handover_tests::{at, complete, rostered};
use crate::app::testing::Harness;
use crate::app::view::View;
use crate::app::{Key, KeyCode, Msg};
use crate::domain::Role;
use crate::i18n::Lang;
use crate::service::handover::HandoverTarget;

/// The day handover under way at 10:00: two items settled (one waived with a reason),
/// a carried note over two lines and a plain note, the open fever case carried.
pub(super) fn under_way(role: Role, lang: Lang) -> Harness {
    let mut h = Harness::new(role, lang);
    rostered(&h);
    h.clock.set(at(10, 0));
    let mut zhao = h.other(Role::Officer);
    let t = HandoverTarget::Working;
    zhao.handover_check(t, "gate_book", Some("无异常"), None)
        .unwrap();
    zhao.handover_waive(t, "supplies", "口罩缺货，已报后勤；明日上午补齐", None)
        .unwrap();
    zhao.handover_note(t, "西门体温计电池电量低\n已报后勤，明早更换", true, None)
        .unwrap();
    h.other(Role::Leader)
        .handover_note(t, "夜间注意北门施工围挡", false, None)
        .unwrap();
    h.tick(0);
    h
}

#[test]
fn handover_view() {
    snap("handover", |lang| {
        let mut h = under_way(Role::Officer, lang);
        h.key(Key::ch('h'));
        h.key(Key::ch('j'));
        assert_eq!(h.state.view, View::Handover);
        h
    });
}

#[test]
fn handover_view_read_only_for_a_supervisor() {
    snap("handover_supervisor", |lang| {
        let mut h = under_way(Role::Supervisor, lang);
        h.key(Key::ch('h'));
        h.key(Key::ch('G'));
        h
    });
}

#[test]
fn handover_sign_popup_refused() {
    snap("handover_sign", |lang| {
        let mut h = under_way(Role::Officer, lang);
        h.key(Key::ch('h'));
        h.key(Key::ch('s'));
        h.code(KeyCode::Enter);
        assert!(h.state.handover.sign.as_ref().unwrap().error.is_some());
        h
    });
}

#[test]
fn handover_note_editor() {
    snap("handover_note", |lang| {
        let mut h = under_way(Role::Officer, lang);
        h.key(Key::ch('h'));
        h.key(Key::ch('n'));
        h.typed("东门测温枪已校准");
        h.code(KeyCode::Enter);
        h.typed("备用电池放在值班室抽屉");
        h.key(Key::ctrl('t'));
        h
    });
}

#[test]
fn handover_history() {
    snap("handover_history", |lang| {
        let mut h = Harness::new(Role::Leader, lang);
        rostered(&h);
        complete(&h);
        h.clock.set(at(21, 0));
        h.other(Role::Admin)
            .handover_check(HandoverTarget::Working, "gate_book", None, None)
            .unwrap();
        h.tick(0);
        h.key(Key::ch('h'));
        h.key(Key::ch('H'));
        assert_eq!(h.state.handover.history.len(), 2);
        h
    });
}

#[test]
fn handover_record_locked() {
    snap("handover_record", |lang| {
        let mut h = Harness::new(Role::Supervisor, lang);
        rostered(&h);
        let mut zhao = h.other(Role::Officer);
        zhao.handover_note(HandoverTarget::Working, "交接顺利", false, None)
            .unwrap();
        complete(&h);
        h.key(Key::ch('h'));
        h.key(Key::ch('H'));
        h.code(KeyCode::Enter);
        assert!(h.state.handover.record.as_ref().unwrap().record.is_locked());
        h
    });
}

#[test]
fn dashboard_with_the_duty_panel_at_the_shift_change() {
    snap("handover_dashboard", |lang| {
        let mut h = Harness::new(Role::Leader, lang);
        rostered(&h);
        let mut zhao = h.other(Role::Officer);
        for k in ["gate_book", "fever_cases"] {
            zhao.handover_check(HandoverTarget::Working, k, None, None)
                .unwrap();
        }
        // 20:10: the night is on duty, the day's handover is not signed yet.
        h.clock.set(at(20, 10));
        h.tick(0);
        h.send(Msg::DataChanged);
        h
    });
}

#[test]
fn the_real_cursor_sits_in_the_note_editor() {
    let mut h = under_way(Role::Officer, Lang::Zh);
    h.key(Key::ch('h'));
    h.key(Key::ch('n'));
    h.typed("王");
    h.send(Msg::Resize(80, 24));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| super::view(&h.state, f)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer().clone();
    // The wide character just typed occupies the two cells left of the cursor.
    assert_eq!(buf[(pos.x - 2, pos.y)].symbol(), "王");
}

#[test]
fn handover_screens_never_panic_at_any_size() {
    let mut h = under_way(Role::Admin, Lang::Zh);
    let sequences: [&[Key]; 5] = [
        &[Key::ch('h')],
        &[Key::ch('j'), Key::new(KeyCode::Enter)],
        &[Key::new(KeyCode::Esc), Key::ch('s')],
        &[Key::new(KeyCode::Esc), Key::ch('n'), Key::ch('王')],
        &[Key::new(KeyCode::Esc), Key::ch('H')],
    ];
    for keys in sequences {
        for k in keys {
            h.key(*k);
        }
        for w in (1..=130).step_by(9) {
            for hh in (1..=45).step_by(4) {
                render(&mut h, w, hh);
            }
        }
    }
    let text = redact(&screen(&render(&mut h, 120, 40)));
    assert!(text.contains("#1"), "{text}");
}
