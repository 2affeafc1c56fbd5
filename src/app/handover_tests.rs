//! Key-sequence tests of the handover screens: keys go through `update`, the jobs run
//! against a real temporary database, and other operators write through their own
//! connections (as other terminals would).

use super::handover::{HandoverAction, HandoverJob, Modal, Row, row_of};
use super::keymap::{Action, Scope};
use super::load::Job;
use super::testing::Harness;
use super::view::{PromptKind, View};
use super::{Key, KeyCode, Msg};
use crate::domain::Role;
use crate::domain::handover::{Capacity, ItemState};
use crate::i18n::Lang;
use crate::notify::AlertKind;
use crate::service::Desk;
use crate::service::handover::HandoverTarget;
use chrono::{DateTime, TimeZone, Utc};

/// A local time on 2026-11-29 in Shanghai.
pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).unwrap()
        + chrono::Duration::hours(i64::from(h) - 8)
        + chrono::Duration::minutes(i64::from(m))
}

/// The day shift led by 李玉德 and staffed by 赵敏; the night by 李玉德 and 管理员.
pub fn rostered(h: &Harness) {
    h.other(Role::Admin)
        .import_roster(
            "日期,班次,带班领导,值班员\n2026-11-29,白班,李玉德,赵敏\n2026-11-29,夜班,li,root\n"
                .as_bytes(),
        )
        .expect("roster");
}

/// Settles every mandatory item of the working handover through another desk.
pub fn settle(d: &mut Desk) {
    let keys: Vec<String> = d
        .handover_peek()
        .unwrap()
        .items
        .iter()
        .filter(|i| i.mandatory && i.state == ItemState::Open)
        .map(|i| i.key.clone())
        .collect();
    for k in keys {
        d.handover_check(HandoverTarget::Working, &k, None, None)
            .unwrap();
    }
}

/// Outgoing (赵敏), every carry-over item accepted and incoming (管理员), leader (李玉德).
pub fn complete(h: &Harness) {
    let mut zhao = h.other(Role::Officer);
    settle(&mut zhao);
    zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
        .unwrap();
    let mut root = h.other(Role::Admin);
    for id in root.handover_peek().unwrap().unacked() {
        root.handover_ack(HandoverTarget::Working, &id, None)
            .unwrap();
    }
    root.handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
        .unwrap();
    h.other(Role::Leader)
        .handover_sign(HandoverTarget::Working, Capacity::Leader, None)
        .unwrap();
}

fn audit_rows(h: &Harness) -> i64 {
    crate::store::audit::count(h.desk.store.conn()).unwrap()
}

fn status(h: &Harness) -> String {
    h.state
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn work(h: &Harness) -> &crate::domain::handover::Handover {
    &h.state.handover.work.as_ref().expect("loaded").record
}

/// Moves the selection to the checklist item with this key.
fn select_item(h: &mut Harness, key: &str) {
    h.key(Key::ch('g'));
    let i = work(h).items.iter().position(|i| i.key == key).unwrap();
    for _ in 0..i {
        h.key(Key::ch('j'));
    }
}

/// Moves the selection to the first carry-over item.
fn select_carry(h: &mut Harness) {
    h.key(Key::ch('G'));
    while matches!(row_of(work(h), h.state.handover.sel), Some(Row::Carry(i)) if i > 0) {
        h.key(Key::ch('k'));
    }
}

#[test]
fn an_officer_opens_the_handover_from_the_dashboard_and_checks_an_item() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    let before = audit_rows(&h);
    h.key(Key::ch('h'));
    assert_eq!(h.state.view, View::Handover);
    assert_eq!(work(&h).id, None, "looking opens nothing");
    assert_eq!(audit_rows(&h), before);
    h.key(Key::ch('c'));
    let w = work(&h);
    assert_eq!(w.items[0].state, ItemState::Done);
    assert_eq!(w.items[0].settled.as_ref().unwrap().by, "zhao");
    assert!(w.id.is_some(), "the first step opened the record");
    assert!(status(&h).contains("核对校门登记"), "{}", status(&h));
    let audit = h.desk.audit_list(2).unwrap();
    assert_eq!(audit[0].action, "handover.check");
    assert_eq!(audit[1].action, "handover.open");
    // The next step goes out with the new version at once.
    h.key(Key::ch('j'));
    h.key(Key::ch('c'));
    assert_eq!(work(&h).items[1].state, ItemState::Done);
    assert!(!status(&h).contains("他人"));
    // Checking a done item again is refused by the service, and said.
    h.key(Key::ch('k'));
    h.key(Key::ch('c'));
    assert!(status(&h).contains("已由 赵敏") || status(&h).contains("zhao"));
    // `c` on a carry-over row asks for a checklist item.
    select_carry(&mut h);
    h.key(Key::ch('c'));
    assert!(status(&h).contains("交接事项"), "{}", status(&h));
}

#[test]
fn waiving_needs_a_reason_and_the_prompt_stays_until_given() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('h'));
    select_item(&mut h, "supplies");
    h.key(Key::ch('w'));
    assert_eq!(
        h.state.prompt.as_ref().unwrap().kind,
        PromptKind::HandoverWaive
    );
    let before = audit_rows(&h);
    h.code(KeyCode::Enter);
    let p = h.state.prompt.as_ref().expect("the prompt stays open");
    assert_eq!(p.error.as_deref(), Some("waiving needs a reason"));
    assert_eq!(audit_rows(&h), before, "nothing written");
    h.typed("口罩缺货，已报后勤");
    assert!(h.state.prompt.as_ref().unwrap().error.is_none());
    h.code(KeyCode::Enter);
    assert!(h.state.prompt.is_none());
    let item = work(&h)
        .items
        .iter()
        .find(|i| i.key == "supplies")
        .unwrap()
        .clone();
    assert_eq!(item.state, ItemState::Waived);
    assert_eq!(item.note.as_deref(), Some("口罩缺货，已报后勤"));
    // Done with a note: `C`.
    select_item(&mut h, "phones");
    h.key(Key::ch('C'));
    h.typed("值班电话已测试");
    h.code(KeyCode::Enter);
    let item = work(&h).items.iter().find(|i| i.key == "phones").unwrap();
    assert_eq!(
        (item.state, item.note.as_deref()),
        (ItemState::Done, Some("值班电话已测试"))
    );
}

#[test]
fn carry_over_is_accepted_item_by_item_after_the_outgoing_signature() {
    let mut h = Harness::new(Role::Admin, Lang::Zh);
    h.key(Key::ch('h'));
    assert_eq!(work(&h).carry.len(), 1, "the open fever case is carried");
    assert_eq!(work(&h).carry[0].carry_id(), "flag:1");
    select_carry(&mut h);
    h.key(Key::ch('y'));
    assert!(status(&h).contains("交班人签字移交后"), "{}", status(&h));
    let mut zhao = h.other(Role::Officer);
    settle(&mut zhao);
    zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
        .unwrap();
    h.send(Msg::DataChanged);
    assert!(work(&h).signatures.outgoing.is_some(), "live reload");
    h.key(Key::ch('y'));
    let c = &work(&h).carry[0];
    assert_eq!(c.acked.as_ref().unwrap().by, "root");
    assert!(status(&h).contains("flag:1"));
    h.key(Key::ch('y'));
    assert!(status(&h).contains("已由"), "{}", status(&h));
    // The incoming officer signs: the popup proposes the next signature.
    h.key(Key::ch('s'));
    assert_eq!(h.state.handover.modal, Some(Modal::Sign));
    assert_eq!(
        h.state.handover.sign.as_ref().unwrap().capacity,
        Capacity::Incoming
    );
    h.code(KeyCode::Enter);
    assert_eq!(h.state.handover.modal, None);
    assert!(work(&h).signatures.incoming.is_some());
    assert!(work(&h).carry_frozen);
}

#[test]
fn refused_signatures_say_why_in_the_popup() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('h'));
    h.key(Key::ch('s'));
    let p = h.state.handover.sign.clone().unwrap();
    assert_eq!(p.capacity, Capacity::Outgoing);
    let before = audit_rows(&h);
    h.code(KeyCode::Enter);
    let p = h.state.handover.sign.clone().expect("the popup stays");
    let e = p.error.unwrap();
    assert!(e.contains("mandatory") && e.contains("gate_book"), "{e}");
    // Out of order: the incoming signature before the outgoing one.
    h.code(KeyCode::Right);
    assert_eq!(
        h.state.handover.sign.as_ref().unwrap().capacity,
        Capacity::Incoming
    );
    h.code(KeyCode::Enter);
    let e = h.state.handover.sign.clone().unwrap().error.unwrap();
    assert!(e.contains("only after the outgoing officer"), "{e}");
    // The leader's capacity needs the leader role.
    h.code(KeyCode::Right);
    h.code(KeyCode::Enter);
    assert!(h.state.handover.sign.clone().unwrap().error.is_some());
    assert_eq!(audit_rows(&h), before, "refusals write nothing");
    h.code(KeyCode::Esc);
    assert_eq!(h.state.handover.modal, None);
    assert_eq!(h.state.view, View::Handover, "Esc closes only the popup");
    // Settled, the same officer signs.
    settle(&mut h.other(Role::Officer));
    h.send(Msg::DataChanged);
    h.key(Key::ch('s'));
    h.code(KeyCode::Enter);
    assert_eq!(work(&h).signatures.outgoing.as_ref().unwrap().by, "zhao");
    assert!(status(&h).contains("signed as outgoing officer"));
    // Twice is refused.
    h.key(Key::ch('s'));
    assert_eq!(
        h.state.handover.sign.as_ref().unwrap().capacity,
        Capacity::Incoming
    );
    h.code(KeyCode::Left);
    h.code(KeyCode::Enter);
    let e = h.state.handover.sign.clone().unwrap().error.unwrap();
    assert!(e.contains("already signed"), "{e}");
}

#[test]
fn a_stale_version_reloads_and_says_so_in_both_languages() {
    for (lang, said) in [
        (Lang::Zh, "他人刚修改了这份交接记录，已重新加载"),
        (Lang::En, "someone else changed this handover; reloaded"),
    ] {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('h'));
        h.key(Key::ch('c'));
        let seen = work(&h).version;
        // The leader works on the same record from another terminal; this console has
        // not heard of it yet.
        let mut li = h.other(Role::Leader);
        li.handover_check(HandoverTarget::Working, "fever_cases", None, Some(seen))
            .unwrap();
        let before = audit_rows(&h);
        select_item(&mut h, "approvals");
        h.key(Key::ch('c'));
        assert!(status(&h).contains(said), "{}", status(&h));
        assert_eq!(audit_rows(&h), before, "the stale step wrote nothing");
        let w = work(&h);
        assert_eq!(w.version, seen + 1, "reloaded");
        assert_eq!(w.items[1].settled.as_ref().unwrap().by, "li");
        assert_eq!(w.items[2].state, ItemState::Open);
        // Once reloaded, the same key goes through.
        h.key(Key::ch('c'));
        assert_eq!(work(&h).items[2].state, ItemState::Done);
    }
}

#[test]
fn a_stale_waiver_keeps_its_reason_in_the_prompt() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.key(Key::ch('h'));
    select_item(&mut h, "supplies");
    h.key(Key::ch('w'));
    h.typed("仓库未开门");
    h.other(Role::Leader)
        .handover_check(HandoverTarget::Working, "gate_book", None, None)
        .unwrap();
    h.code(KeyCode::Enter);
    let p = h.state.prompt.as_ref().expect("the prompt stays open");
    assert_eq!(p.input.value(), "仓库未开门");
    assert!(p.error.as_ref().unwrap().contains("已重新加载"));
    assert_eq!(
        work(&h).items[0].state,
        ItemState::Done,
        "reloaded behind it"
    );
    h.code(KeyCode::Enter);
    assert!(h.state.prompt.is_none());
    let item = work(&h).items.iter().find(|i| i.key == "supplies").unwrap();
    assert_eq!(item.state, ItemState::Waived);
}

#[test]
fn a_supervisor_sees_the_handover_without_write_keys() {
    let mut h = Harness::new(Role::Supervisor, Lang::En);
    let km = &h.state.keymap;
    assert!(km.bindings().iter().all(|b| b.permission.is_none()));
    for k in ['c', 'C', 'w', 'y', 'n', 's'] {
        assert_eq!(km.lookup(View::Handover, Key::ch(k)), None, "{k}");
    }
    let footer: Vec<_> = km.footer(View::Handover, false);
    assert!(
        footer
            .iter()
            .all(|b| !matches!(b.action, Action::Handover(_)))
    );
    assert!(km.bindings().iter().all(|b| b.scope != Scope::HandoverSign));
    let help = format!("{:?}", super::help::lines(&h.state));
    assert!(!help.contains("waive") && !help.contains("sign"), "{help}");
    assert!(help.contains("past handovers"));
    let before = audit_rows(&h);
    h.key(Key::ch('h'));
    assert_eq!(h.state.view, View::Handover);
    assert_eq!(work(&h).id, None);
    for k in ['c', 'w', 'y', 'n', 's'] {
        h.key(Key::ch(k));
    }
    assert!(h.state.prompt.is_none() && h.state.handover.modal.is_none());
    assert_eq!(audit_rows(&h), before, "a supervisor writes nothing");
    // The service refuses again without the screen.
    let err = h
        .desk
        .handover_check(HandoverTarget::Working, "gate_book", None, None)
        .unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Refused);
    // A guard likewise.
    let g = Harness::new(Role::Guard, Lang::Zh);
    assert_eq!(g.state.keymap.lookup(View::Handover, Key::ch('c')), None);
    assert_eq!(g.state.keymap.lookup(View::Handover, Key::ch('s')), None);
}

#[test]
fn a_note_for_the_next_shift_is_written_over_several_lines() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.key(Key::ch('h'));
    h.key(Key::ch('n'));
    assert_eq!(h.state.handover.modal, Some(Modal::Note));
    h.typed("西门体温计电池电量低");
    h.code(KeyCode::Enter);
    h.typed("已报后勤，明早更换");
    // q is text here, and Esc closes the editor but keeps the draft.
    h.key(Key::ch('q'));
    h.code(KeyCode::Backspace);
    assert!(!h.quit);
    h.code(KeyCode::Esc);
    assert_eq!(h.state.handover.modal, None);
    assert_eq!(h.state.view, View::Handover);
    h.key(Key::ch('n'));
    h.send(Msg::Paste("（东门正常）".into()));
    h.key(Key::ctrl('t'));
    assert!(h.state.handover.note.as_ref().unwrap().carry);
    h.key(Key::ctrl('s'));
    assert_eq!(h.state.handover.modal, None);
    assert!(h.state.handover.note.is_none(), "saved: the draft is gone");
    let n = &work(&h).notes[0];
    assert_eq!(
        n.text,
        "西门体温计电池电量低\n已报后勤，明早更换（东门正常）"
    );
    assert!(n.carry);
    let carried = work(&h)
        .carry
        .iter()
        .any(|c| c.carry_id() == format!("note:{}", n.id));
    assert!(carried, "a carried note is an open item");
    // An empty note is refused by the service, in the editor.
    h.key(Key::ch('n'));
    h.key(Key::ctrl('s'));
    assert!(h.state.handover.note.as_ref().unwrap().error.is_some());
    assert_eq!(h.state.handover.modal, Some(Modal::Note));
}

#[test]
fn reminders_are_signalled_once_and_respect_mute() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.clock.set(at(19, 35));
    h.tick(0);
    let reminders: Vec<_> = h
        .alerts
        .iter()
        .filter(|(a, _)| a.kind == AlertKind::Handover)
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(reminders[0].0.body.contains("白班 还有 25 分钟结束"));
    assert!(status(&h).contains("交接尚未开始"));
    h.tick(31);
    h.tick(31);
    let handover_alerts = |h: &Harness| {
        h.alerts
            .iter()
            .filter(|(a, _)| a.kind == AlertKind::Handover)
            .count()
    };
    assert_eq!(handover_alerts(&h), 1, "each reminder once");
    // Started: no more "due soon"; after the end, the missing signatures.
    h.other(Role::Officer)
        .handover_check(HandoverTarget::Working, "gate_book", None, None)
        .unwrap();
    h.key(Key::ch('m'));
    h.clock.set(at(20, 10));
    h.tick(0);
    assert_eq!(handover_alerts(&h), 1, "muted: no signal");
    assert!(status(&h).contains("已结束"), "{}", status(&h));
    h.key(Key::ch('m'));
    h.tick(31);
    assert_eq!(handover_alerts(&h), 1, "not raised again after unmuting");
    // A supervisor's console does not look for them.
    let mut s = Harness::new(Role::Supervisor, Lang::Zh);
    s.clock.set(at(19, 35));
    s.tick(0);
    assert_eq!(handover_alerts(&s), 0);
}

#[test]
fn the_duty_panel_shows_the_shift_who_is_on_duty_and_the_progress() {
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    rostered(&h);
    h.other(Role::Officer)
        .handover_check(HandoverTarget::Working, "gate_book", None, None)
        .unwrap();
    h.send(Msg::DataChanged);
    let p = h
        .state
        .board
        .panels
        .iter()
        .find(|p| p.id == "handover")
        .expect("the duty panel");
    let text = format!("{:?}", p.rows);
    assert!(text.contains("带班领导 李玉德"), "{text}");
    assert!(text.contains("值班员 赵敏"), "{text}");
    assert!(text.contains("交接事项 1/9"), "{text}");
    assert!(text.contains("遗留事项 1（未确认 1）"), "{text}");
    let end = at(20, 0);
    assert!(
        p.rows[0]
            .cells
            .contains(&super::providers::PanelCell::Until(end))
    );
    // At the end of the shift the dashboard reloads by itself: the night is on duty.
    h.clock.set(end - chrono::Duration::seconds(1));
    h.tick(0);
    h.tick(1);
    let p = h
        .state
        .board
        .panels
        .iter()
        .find(|p| p.id == "handover")
        .unwrap();
    assert!(format!("{:?}", p.rows[0]).contains("夜班"));
    assert!(format!("{:?}", p.rows).contains("值班员 管理员"));
}

#[test]
fn the_history_lists_past_handovers_and_exports_a_locked_one() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    complete(&h);
    h.key(Key::ch('h'));
    assert!(
        work(&h).is_locked(),
        "until the shift changes, the locked one is shown"
    );
    h.key(Key::ch('H'));
    assert_eq!(h.state.view, View::HandoverHistory);
    assert_eq!(h.state.handover.history.len(), 1);
    let row = &h.state.handover.history[0];
    assert!(row.summary.row.is_locked());
    assert_eq!(row.signers[0].as_deref(), Some("赵敏"));
    assert_eq!(row.signers[2].as_deref(), Some("李玉德"));
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::HandoverRecord);
    let rec = h.state.handover.record.as_ref().unwrap();
    assert!(rec.record.is_locked());
    assert_eq!(rec.name("root"), "管理员");
    // Enter shows the selected row in full; Esc closes it, then goes back.
    h.code(KeyCode::Enter);
    assert_eq!(h.state.handover.modal, Some(Modal::Row));
    h.code(KeyCode::Esc);
    assert_eq!(h.state.handover.modal, None);
    assert_eq!(h.state.view, View::HandoverRecord);
    let dir = tempfile::tempdir().unwrap();
    h.state.handover.export_dir = dir.path().join("exports");
    h.key(Key::ch('x'));
    let path = dir.path().join("exports").join("handover-1.xlsx");
    assert!(path.exists());
    assert!(status(&h).contains("handover-1.xlsx"), "{}", status(&h));
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::HandoverHistory);
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Handover);
}

#[test]
fn a_supervisor_writes_no_file_from_the_console() {
    let mut h = Harness::new(Role::Supervisor, Lang::En);
    complete(&h);
    h.key(Key::ch('h'));
    h.key(Key::ch('H'));
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::HandoverRecord);
    let footer = h.state.keymap.footer(View::HandoverRecord, false);
    assert!(
        footer
            .iter()
            .all(|b| b.action != Action::Handover(HandoverAction::Export)),
        "no export key is offered"
    );
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    h.state.handover.export_dir = exports.clone();
    h.key(Key::ch('x'));
    assert!(!exports.exists(), "no directory, no file");
    // The export job itself, as if the key had got through: refused by the service
    // before the directory is made.
    let path = exports.join("handover-1.xlsx");
    let answer = Job::run(
        Job::Handover(HandoverJob::Export {
            id: 1,
            path: path.clone(),
        }),
        &mut h.desk,
        &h.providers,
        Lang::En,
    );
    let text = format!("{answer:?}");
    assert!(text.contains("perm.refused"), "{text}");
    assert!(!exports.exists(), "no directory, no file");
    let err = h
        .desk
        .export_handover_xlsx(1, &dir.path().join("x.xlsx"), Lang::En, false)
        .unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Refused);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_unlocked_record_is_not_exported() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    h.key(Key::ch('h'));
    h.key(Key::ch('c'));
    h.key(Key::ch('H'));
    h.code(KeyCode::Enter);
    let dir = tempfile::tempdir().unwrap();
    h.state.handover.export_dir = dir.path().to_path_buf();
    h.key(Key::ch('x'));
    assert!(status(&h).contains("only a locked record"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // A record screen has no write keys, whoever looks.
    h.key(Key::ch('c'));
    assert_eq!(h.state.view, View::HandoverRecord);
    assert_eq!(work(&h).progress().settled, 1);
}

#[test]
fn the_command_line_opens_the_handover_and_its_history() {
    let mut h = Harness::new(Role::Leader, Lang::En);
    h.key(Key::ch(':'));
    h.typed("handover");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Handover);
    h.key(Key::ch(':'));
    h.typed("handovers");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::HandoverHistory);
    assert!(h.state.handover.history_loaded);
    assert!(h.state.handover.history.is_empty());
}
