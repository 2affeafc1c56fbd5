//! Key-sequence tests of the approvals screens: keys go through `update`, the jobs run
//! against a real temporary database (the test desk of `testing.rs`), and the state
//! and the database are checked.

use super::keymap::Action;
use super::request_form::{FormKind, RField};
use super::testing::{Harness, person_entry, resident_id};
use super::view::View;
use super::{Key, KeyCode, Msg};
use crate::clock::Clock;
use crate::domain::approval::{RequestStatus, ReturnPhase, Step};
use crate::domain::{Decision, Role};
use crate::i18n::Lang;
use crate::notify::AlertKind;
use crate::service::Desk;
use crate::service::approvals::{LeaveInput, VisitorRequestInput};
use crate::service::entries::{EntryInput, VisitorInput};
use chrono::Duration;

/// The visitor of these tests: 钱多多, coming to see 张建国 (T0001).
pub(crate) fn visitor_rid() -> String {
    resident_id("51040219900101001")
}

/// The same ID with a wrong check character.
pub(crate) fn bad_rid() -> String {
    let good = visitor_rid();
    let wrong = if good.ends_with('0') { '1' } else { '0' };
    format!("{}{wrong}", &good[..17])
}

pub(crate) fn visitor(from: &str, to: &str) -> VisitorRequestInput {
    VisitorRequestInput {
        name: "钱多多".into(),
        resident_id: visitor_rid(),
        phone: "13911112222".into(),
        host_id: "T0001".into(),
        reason: "送实验耗材".into(),
        from: from.into(),
        to: to.into(),
    }
}

pub(crate) fn leave(person: &str, from: &str, to: &str, urgent: bool) -> LeaveInput {
    LeaveInput {
        person_id: person.into(),
        destination: "成都".into(),
        from: from.into(),
        to: to.into(),
        reason: "参加教学会议".into(),
        transport: Some("高铁".into()),
        urgent,
    }
}

/// Two requests filed by the officer 12 and 5 minutes before the console opened: a
/// leave for next week (oldest) and a visitor for this morning. Returns their ids.
pub(crate) fn two_pending(h: &mut Harness) -> (i64, i64) {
    let now = h.clock.now();
    let mut officer = h.other(Role::Officer);
    h.clock.set(now - Duration::minutes(12));
    let l = officer
        .request_leave(&leave(
            "T0001",
            "2026-12-01T08:00",
            "2026-12-03T18:00",
            false,
        ))
        .unwrap();
    h.clock.set(now - Duration::minutes(5));
    let v = officer
        .request_visitor(&visitor("2026-11-29T09:00", "2026-11-29T12:00"))
        .unwrap();
    h.clock.set(now);
    h.send(Msg::DataChanged);
    (l.id, v.id)
}

fn status(desk: &Desk, id: i64) -> RequestStatus {
    desk.request(id).unwrap().status
}

#[test]
fn a_leader_approves_with_a_j_y_enter_and_the_list_updates() {
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    let (leave_id, visit_id) = two_pending(&mut h);
    // The dashboard panel shows both, oldest first, with their age.
    let panel = h
        .state
        .board
        .panels
        .iter()
        .find(|p| p.id == "approvals")
        .expect("the approvals panel is there");
    assert!(panel.title.contains("待审批 2"), "{}", panel.title);
    assert_eq!(panel.rows.len(), 2);
    assert!(panel.attention);
    h.key(Key::ch('A'));
    assert_eq!(h.state.view, View::Approvals);
    let ids: Vec<i64> = h
        .state
        .approvals
        .rows
        .iter()
        .map(|r| r.request.id)
        .collect();
    assert_eq!(ids, vec![leave_id, visit_id], "pending, oldest first");
    h.key(Key::ch('j'));
    h.key(Key::ch('y'));
    let c = h.state.approvals.confirm.as_ref().expect("a confirmation");
    assert_eq!((c.step, c.request.id), (Step::Approve, visit_id));
    h.typed("同意");
    h.code(KeyCode::Enter);
    assert!(h.state.approvals.confirm.is_none());
    let r = h.desk.request(visit_id).unwrap();
    assert_eq!(r.status, RequestStatus::Approved);
    assert_eq!(r.decided_by.as_deref(), Some("li"));
    assert_eq!(r.note.as_deref(), Some("同意"));
    assert_eq!(h.desk.audit_list(1).unwrap()[0].action, "approval.approve");
    let s = h.state.status.as_ref().unwrap();
    assert!(s.text.contains("已批准"), "{}", s.text);
    // The list follows at once: only the leave is left, and it is selected.
    assert_eq!(h.state.approvals.rows.len(), 1);
    assert_eq!(h.state.approvals.selected().unwrap().request.id, leave_id);
    assert_eq!(status(&h.desk, leave_id), RequestStatus::Pending);
}

#[test]
fn a_rejection_asks_for_the_note_and_writes_nothing_without_it() {
    let mut h = Harness::new(Role::Leader, Lang::En);
    let (leave_id, _) = two_pending(&mut h);
    let audit_before = h.desk.audit_list(1).unwrap()[0].id;
    h.key(Key::ch('A'));
    h.key(Key::ch('n'));
    assert_eq!(
        h.state.approvals.confirm.as_ref().unwrap().step,
        Step::Reject
    );
    h.code(KeyCode::Enter);
    let c = h.state.approvals.confirm.as_ref().expect("still open");
    assert!(!c.pending);
    assert!(
        c.error
            .as_ref()
            .unwrap()
            .contains("a rejection must say why"),
        "{:?}",
        c.error
    );
    assert_eq!(status(&h.desk, leave_id), RequestStatus::Pending);
    assert_eq!(h.desk.audit_list(1).unwrap()[0].id, audit_before);
    h.typed("no conference listed");
    h.code(KeyCode::Enter);
    assert!(h.state.approvals.confirm.is_none());
    let r = h.desk.request(leave_id).unwrap();
    assert_eq!(r.status, RequestStatus::Rejected);
    assert_eq!(r.note.as_deref(), Some("no conference listed"));
}

#[test]
fn esc_closes_the_popup_and_nothing_is_decided() {
    let mut h = Harness::new(Role::Admin, Lang::Zh);
    let (leave_id, _) = two_pending(&mut h);
    h.key(Key::ch('A'));
    h.key(Key::ch('y'));
    h.key(Key::ch('q')); // typed into the note, not quitting
    assert!(!h.quit);
    h.code(KeyCode::Esc);
    assert!(h.state.approvals.confirm.is_none());
    assert_eq!(h.state.view, View::Approvals, "Esc closed only the popup");
    assert_eq!(status(&h.desk, leave_id), RequestStatus::Pending);
}

#[test]
fn guards_and_supervisors_get_no_write_keys_and_officers_no_decide_keys() {
    for role in [Role::Guard, Role::Supervisor] {
        let mut h = Harness::new(role, Lang::En);
        let (leave_id, _) = two_pending(&mut h);
        if role == Role::Guard {
            h.code(KeyCode::Esc); // out of the form, where A is typed
        }
        h.key(Key::ch('A'));
        assert_eq!(h.state.view, View::Approvals, "{role}: reading is open");
        assert_eq!(h.state.approvals.rows.len(), 2);
        for k in ['y', 'n', 'c', 'l', 'v'] {
            assert_eq!(h.state.keymap.lookup(View::Approvals, Key::ch(k)), None);
            h.key(Key::ch(k));
        }
        assert!(h.state.approvals.confirm.is_none());
        assert_eq!(h.state.view, View::Approvals);
        let writes = [
            Action::Approve,
            Action::Reject,
            Action::CancelRequest,
            Action::FileLeave,
            Action::FileVisitor,
        ];
        for view in [View::Approvals, View::Request] {
            let footer = h.state.keymap.footer(view, false);
            assert!(footer.iter().all(|b| !writes.contains(&b.action)), "{role}");
        }
        let help = format!("{:?}", super::help::lines(&h.state));
        for word in ["approve", "reject", "cancel request", "file leave"] {
            assert!(!help.contains(word), "{role}: {word} in help");
        }
        for cmd in ["leave", "visitor"] {
            assert_eq!(h.state.keymap.command(cmd), None);
        }
        assert_eq!(status(&h.desk, leave_id), RequestStatus::Pending);
    }
    let h = Harness::new(Role::Officer, Lang::En);
    let km = &h.state.keymap;
    assert_eq!(km.lookup(View::Approvals, Key::ch('y')), None);
    assert_eq!(km.lookup(View::Approvals, Key::ch('n')), None);
    assert_eq!(
        km.lookup(View::Request, Key::ch('c')),
        Some(Action::CancelRequest)
    );
    assert_eq!(
        km.lookup(View::Approvals, Key::ch('v')),
        Some(Action::FileVisitor)
    );
}

#[test]
fn an_officer_cancels_and_a_closed_request_offers_no_step() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    let (leave_id, _) = two_pending(&mut h);
    h.key(Key::ch('A'));
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Request);
    let v = h.state.approvals.detail.as_ref().unwrap();
    assert_eq!(v.id, leave_id);
    assert_eq!(v.data.as_ref().unwrap().1, vec![Step::Cancel]);
    h.key(Key::ch('c'));
    h.typed("会议取消");
    h.code(KeyCode::Enter);
    assert_eq!(status(&h.desk, leave_id), RequestStatus::Cancelled);
    let v = h.state.approvals.detail.as_ref().unwrap();
    let (d, steps) = v.data.as_ref().unwrap();
    assert_eq!(
        d.request.status,
        RequestStatus::Cancelled,
        "the screen follows"
    );
    assert!(steps.is_empty());
    // Pressing c again says why instead of opening a popup.
    h.key(Key::ch('c'));
    assert!(h.state.approvals.confirm.is_none());
    assert!(h.state.status.as_ref().unwrap().text.contains("已撤销"));
}

#[test]
fn a_decision_made_elsewhere_in_between_is_refused_and_shown() {
    let mut h = Harness::new(Role::Leader, Lang::En);
    let (leave_id, _) = two_pending(&mut h);
    h.key(Key::ch('A'));
    h.key(Key::ch('y'));
    // Another leader approves from the CLI while the popup is open.
    let mut other = h.other(Role::Admin);
    other.approve_request(leave_id, None).unwrap();
    h.code(KeyCode::Enter);
    let c = h.state.approvals.confirm.as_ref().expect("still open");
    let e = c.error.as_ref().unwrap();
    assert!(e.contains("already approved") && e.contains("root"), "{e}");
    h.code(KeyCode::Esc);
    assert_eq!(
        h.state.approvals.rows.len(),
        1,
        "reloaded after the refusal"
    );
}

#[test]
fn filters_switch_between_pending_and_all_and_by_kind() {
    let mut h = Harness::new(Role::Leader, Lang::En);
    let (leave_id, visit_id) = two_pending(&mut h);
    h.other(Role::Leader)
        .reject_request(visit_id, "no host confirmation")
        .unwrap();
    h.send(Msg::DataChanged);
    h.key(Key::ch('A'));
    assert_eq!(h.state.approvals.rows.len(), 1);
    h.key(Key::ch('f'));
    assert!(!h.state.approvals.pending_only);
    let ids: Vec<i64> = h
        .state
        .approvals
        .rows
        .iter()
        .map(|r| r.request.id)
        .collect();
    assert_eq!(ids, vec![visit_id, leave_id], "all, newest first");
    h.key(Key::ch('t'));
    assert_eq!(h.state.approvals.rows.len(), 1);
    assert_eq!(h.state.approvals.rows[0].request.id, leave_id);
    h.key(Key::ch('t'));
    assert_eq!(h.state.approvals.rows[0].request.id, visit_id);
    h.key(Key::ch('t'));
    assert_eq!(h.state.approvals.rows.len(), 2);
    // A rejected request has no step left: y says so.
    h.key(Key::ch('y'));
    assert!(h.state.approvals.confirm.is_none());
    assert!(
        h.state
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("cannot be approved")
    );
}

#[test]
fn a_bad_resident_id_in_the_visitor_form_is_shown_beside_the_field() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    let count = |d: &Desk| crate::store::approvals::count(d.store.conn()).unwrap();
    let before = count(&h.desk);
    h.key(Key::ch('A'));
    h.key(Key::ch('v'));
    assert_eq!(h.state.view, View::FileRequest);
    let form = &h.state.approvals.form;
    assert_eq!(form.kind, FormKind::Visitor);
    assert_eq!(form.focus, RField::VisitorName);
    assert_eq!(
        form.from.value(),
        "2026-11-29 08:00",
        "a visit may start now"
    );
    h.typed("钱多多");
    h.code(KeyCode::Tab);
    h.typed(&bad_rid());
    h.code(KeyCode::Tab);
    h.typed("13911112222");
    h.code(KeyCode::Tab);
    h.typed("T0001");
    h.code(KeyCode::Tab);
    h.typed("送货");
    h.code(KeyCode::Enter);
    let form = &h.state.approvals.form;
    assert!(!form.submitting);
    assert_eq!(form.focus, RField::VisitorId);
    let msg = form.error(RField::VisitorId).expect("beside the field");
    assert!(msg.contains("check"), "{msg}");
    assert_eq!(count(&h.desk), before, "nothing was written");
    // Fixed, it is filed and shown selected in the pending list.
    h.key(Key::ctrl('u'));
    h.typed(&visitor_rid());
    assert_eq!(h.state.approvals.form.error(RField::VisitorId), None);
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Approvals);
    let sel = h.state.approvals.selected().unwrap();
    assert_eq!(sel.request.who(), "钱多多");
    assert_eq!(sel.request.status, RequestStatus::Pending);
    assert!(
        h.state.status.as_ref().unwrap().text.contains("filed"),
        "{:?}",
        h.state.status
    );
    assert_eq!(
        h.state.approvals.form.name.value(),
        "",
        "an empty form next time"
    );
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Dashboard, "Esc goes back past the form");
}

#[test]
fn a_leave_filed_too_late_says_to_tick_urgent_and_goes_through_when_ticked() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.key(Key::ch(':'));
    h.typed("leave");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::FileRequest);
    assert_eq!(h.state.approvals.form.kind, FormKind::Leave);
    for (text, enter) in [
        ("2023010102", true),
        ("西昌", true),
        ("2026-11-29 14:00", true),
        ("2026-11-30", true),
    ] {
        h.typed(text);
        if enter {
            h.code(KeyCode::Enter);
        }
    }
    assert_eq!(
        h.state.approvals.form.focus,
        RField::Reason,
        "Enter skips the optional transport"
    );
    h.typed("家中急事");
    h.code(KeyCode::Enter);
    let form = &h.state.approvals.form;
    assert_eq!(form.focus, RField::From);
    let msg = form.error(RField::From).unwrap();
    assert!(msg.contains("勾选「紧急」") && !msg.contains("--"), "{msg}");
    // Tick urgent (Space on the box) and send again.
    for _ in 0..4 {
        h.code(KeyCode::Tab);
    }
    assert_eq!(h.state.approvals.form.focus, RField::Urgent);
    h.key(Key::ch(' '));
    assert!(h.state.approvals.form.urgent);
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Approvals);
    let r = &h.state.approvals.selected().unwrap().request;
    assert_eq!(r.person_id(), Some("2023010102"));
    assert!(matches!(
        r.subject,
        crate::domain::approval::Subject::Leave { urgent: true, .. }
    ));
}

/// The alerts about requests raised so far (the test desk's fever case has its own).
fn request_alerts(h: &Harness) -> Vec<(crate::notify::Alert, crate::notify::Channels)> {
    h.alerts
        .iter()
        .filter(|(a, _)| {
            matches!(
                a.kind,
                AlertKind::RequestArrived | AlertKind::RequestExpiring
            )
        })
        .cloned()
        .collect()
}

#[test]
fn leaders_are_alerted_once_per_request_and_muting_silences_it() {
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    h.tick(1);
    assert!(request_alerts(&h).is_empty(), "nothing filed, nothing said");
    let mut officer = h.other(Role::Officer);
    let r = officer
        .request_visitor(&visitor("2026-11-29T09:00", "2026-11-29T12:00"))
        .unwrap();
    h.tick(1);
    let alerts = request_alerts(&h);
    assert_eq!(alerts.len(), 1);
    let (alert, channels) = &alerts[0];
    assert_eq!(alert.kind, AlertKind::RequestArrived);
    assert!(alert.body.contains("钱**"), "masked: {}", alert.body);
    assert!(alert.body.contains(&r.id.to_string()));
    assert!(channels.bell);
    h.tick(1);
    h.tick(60);
    assert_eq!(request_alerts(&h).len(), 1, "once");
    // Half an hour before it expires, still undecided.
    h.clock
        .set(h.clock.now() + Duration::hours(3) + Duration::minutes(29));
    h.tick(1);
    let alerts = request_alerts(&h);
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert_eq!(alerts[1].0.kind, AlertKind::RequestExpiring);
    h.tick(1);
    assert_eq!(request_alerts(&h).len(), 2);
    // Muted: a new request passes silently (and does not come later either).
    h.key(Key::ch('m'));
    officer
        .request_visitor(&visitor("2026-11-29T12:00", "2026-11-29T13:00"))
        .unwrap();
    h.tick(1);
    h.key(Key::ch('m'));
    h.tick(1);
    assert_eq!(request_alerts(&h).len(), 2);
    // `:notify request off` silences only arrivals.
    h.key(Key::ch(':'));
    h.typed("notify request off");
    h.code(KeyCode::Enter);
    officer
        .request_visitor(&visitor("2026-11-29T12:00", "2026-11-29T14:00"))
        .unwrap();
    h.tick(1);
    assert_eq!(request_alerts(&h).len(), 2);
}

#[test]
fn officers_file_but_are_not_alerted() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.tick(1);
    h.other(Role::Officer)
        .request_visitor(&visitor("2026-11-29T09:00", "2026-11-29T12:00"))
        .unwrap();
    h.tick(1);
    h.tick(1);
    assert!(request_alerts(&h).is_empty());
}

/// An urgent leave of 张建国 (T0001) that began at 07:00, approved.
pub(crate) fn away_leave(h: &mut Harness, to: &str) -> i64 {
    let now = h.clock.now();
    h.clock.set(now - Duration::hours(2));
    let id = h
        .other(Role::Officer)
        .request_leave(&leave("T0001", "2026-11-29T07:00", to, true))
        .unwrap()
        .id;
    h.other(Role::Leader).approve_request(id, None).unwrap();
    h.clock.set(now);
    id
}

#[test]
fn the_registration_form_shows_the_leave_and_the_visitor_approval() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    let leave_id = away_leave(&mut h, "2026-11-29T20:00");
    let mut officer = h.other(Role::Officer);
    let visit = officer
        .request_visitor(&visitor("2026-11-29T07:30", "2026-11-29T12:00"))
        .unwrap();
    h.other(Role::Leader)
        .approve_request(visit.id, None)
        .unwrap();
    h.key(Key::ch('a'));
    h.typed("T0001");
    let ctx = super::approvals::person_context(&h.state, "T0001").expect("looked up");
    let (r, phase) = ctx.leave.as_ref().unwrap();
    assert_eq!((r.id, *phase), (leave_id, ReturnPhase::Away));
    // Registering the person in ends the leave: the return shows at once.
    h.code(KeyCode::Enter);
    h.typed("36.5");
    h.code(KeyCode::Enter);
    assert_eq!(h.state.form.last.as_ref().unwrap().name, "张建国");
    h.typed("T0001");
    let ctx = super::approvals::person_context(&h.state, "T0001").unwrap();
    assert!(ctx.leave.is_none());
    assert_eq!(ctx.open_return.as_ref().unwrap().approval_id, leave_id);
    // A visitor: the approval is found once the resident ID is valid.
    h.key(Key::ctrl('u'));
    h.code(KeyCode::F(2));
    h.typed("钱多多");
    h.code(KeyCode::Tab);
    let rid = visitor_rid();
    h.typed(&rid[..17]);
    assert!(super::approvals::visitor_cover(&h.state).is_none());
    h.typed(&rid[17..]);
    let cover = super::approvals::visitor_cover(&h.state).expect("looked up");
    assert_eq!(cover.approval.as_ref().unwrap().id, visit.id);
    assert!(!cover.required);
    // Registered, the entry is linked to the approval by the service.
    h.code(KeyCode::Enter);
    for t in ["13911112222", "送货", "36.6"] {
        h.typed(t);
        h.code(KeyCode::Enter);
    }
    let last = h.state.form.last.clone().unwrap();
    assert_eq!(last.decision, Decision::Admitted);
    assert_eq!(last.approval_id, Some(visit.id));
}

#[test]
fn a_persons_card_shows_their_leave() {
    let mut h = Harness::new(Role::Supervisor, Lang::En);
    let leave_id = away_leave(&mut h, "2026-11-29T20:00");
    h.send(Msg::DataChanged);
    let row = h
        .state
        .board
        .log
        .rows
        .iter()
        .position(|e| e.person_id.as_deref() == Some("T0001"))
        .unwrap();
    for _ in 0..row {
        h.key(Key::ch('j'));
    }
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Detail);
    let ctx = super::approvals::person_context(&h.state, "T0001").expect("loaded with the card");
    assert_eq!(ctx.leave.as_ref().unwrap().0.id, leave_id);
}

#[test]
fn the_returns_view_lists_the_overdue_and_opens_their_leave() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    let overdue = away_leave(&mut h, "2026-11-29T07:30");
    h.key(Key::ch('R'));
    assert_eq!(h.state.view, View::Returns);
    let items = &h.state.approvals.returns;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].phase, ReturnPhase::Overdue);
    h.code(KeyCode::Enter);
    assert_eq!(h.state.view, View::Request);
    assert_eq!(h.state.approvals.detail.as_ref().unwrap().id, overdue);
    h.code(KeyCode::Esc);
    assert_eq!(h.state.view, View::Returns);
    // The dashboard panel counts the overdue return.
    h.key(Key::ch('1'));
    let panel = &h.state.board.panels[0];
    assert_eq!(panel.title, "Overdue returns 1 (R)");
    // Back in: the return record opens and the list says monitoring.
    h.arrives(person_entry("东门", "in", "T0001", "36.5", "green", true));
    h.key(Key::ch('R'));
    assert_eq!(h.state.approvals.returns[0].phase, ReturnPhase::Monitoring);
}

#[test]
fn the_panel_is_absent_when_nothing_waits() {
    let h = Harness::new(Role::Leader, Lang::Zh);
    assert!(h.state.board.panels.is_empty());
}

#[test]
fn a_visitor_without_approval_is_marked_when_the_gate_requires_one() {
    let mut h = Harness::new(Role::Guard, Lang::En);
    let mut config = (*h.desk.config).clone();
    config.screening.visitors_need_approval = true;
    h.desk.config = std::sync::Arc::new(config);
    h.code(KeyCode::F(2));
    h.typed("钱多多");
    h.code(KeyCode::Tab);
    h.typed(&visitor_rid());
    let cover = super::approvals::visitor_cover(&h.state).unwrap();
    assert!(cover.approval.is_none() && cover.required);
    // The service refuses the entry, as the form said it would.
    let entry = h.desk.register_entry(&EntryInput {
        gate: "东门".into(),
        direction: "in".into(),
        temp: "36.5".into(),
        code: Some("green".into()),
        venue_scan: true,
        person_id: None,
        visitor: Some(VisitorInput {
            name: "钱多多".into(),
            resident_id: visitor_rid(),
            phone: "13911112222".into(),
            reason: "送货".into(),
            host: None,
        }),
    });
    assert_eq!(entry.unwrap().decision, Decision::Denied);
}

#[test]
fn the_panel_lists_the_oldest_and_counts_the_rest() {
    let mut h = Harness::new(Role::Officer, Lang::En);
    let mut officer = h.other(Role::Officer);
    for hour in 9..15 {
        officer
            .request_visitor(&visitor(
                &format!("2026-11-29T{hour:02}:00"),
                &format!("2026-11-29T{:02}:00", hour + 1),
            ))
            .unwrap();
    }
    h.send(Msg::DataChanged);
    let panel = &h.state.board.panels[0];
    assert_eq!(panel.title, "Pending 6 (A)");
    assert_eq!(panel.rows.len(), 5);
    assert!(!panel.attention, "officers do not decide");
    let last = format!("{:?}", panel.rows[4].cells);
    assert!(last.contains("and 2 more"), "{last}");
}

#[test]
fn all_requests_page_back_by_id_and_return() {
    let mut h = Harness::new(Role::Supervisor, Lang::En);
    let mut officer = h.other(Role::Officer);
    for i in 0..105 {
        let mut v = visitor("2026-11-29T09:00", "2026-11-29T12:00");
        v.name = format!("访客{i}");
        officer.request_visitor(&v).unwrap();
    }
    h.key(Key::ch('A'));
    assert_eq!(h.state.approvals.rows.len(), 105, "pending: all of them");
    h.key(Key::ch('f'));
    let a = &h.state.approvals;
    assert_eq!(a.rows.len(), super::approvals::LIST_PAGE);
    assert_eq!(a.rows[0].request.who(), "访客104", "newest first");
    h.key(Key::ch('G'));
    h.key(Key::ch('j'));
    let a = &h.state.approvals;
    assert_eq!(a.rows.len(), 5, "the older page");
    assert_eq!((a.sel, a.rows[0].request.who()), (0, "访客4"));
    h.key(Key::ch('k'));
    let a = &h.state.approvals;
    assert_eq!(a.rows.len(), super::approvals::LIST_PAGE);
    assert_eq!(a.sel, super::approvals::LIST_PAGE - 1, "back at the bottom");
    h.key(Key::ch('g'));
    assert_eq!(h.state.approvals.before, None);
}
