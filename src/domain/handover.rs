//! The shift handover (交接班) and its rules: the checklist, the carry-over of open
//! items, the three signatures, the lock, and the reminders. Pure: the service loads a
//! `Handover`, applies one rule here, and stores what changed.
//!
//! Rules, in one place:
//! - A checklist item is open, done or waived. Waiving always needs a note. An open
//!   item may be done or waived; a waived item may still be done; a done item stays
//!   done. Once the outgoing officer has signed, the checklist no longer changes.
//! - Carry-over: everything still open is listed; the *incoming* officer acknowledges
//!   each item once the outgoing officer has signed (handed over). Only someone who
//!   may sign as incoming may acknowledge, and never the outgoing officer. The incoming
//!   signature freezes the list: what appears later belongs to the next handover.
//! - Signatures in order outgoing → incoming → leader, three different people. The
//!   outgoing officer signs only when every mandatory item is done or waived; the
//!   incoming officer only when every carry-over item is acknowledged; the leader
//!   countersigns last. Where the roster names the people, only they sign in that
//!   capacity: outgoing = an officer of the ending shift, incoming = an officer of the
//!   next shift, leader = the leader of the ending or of the next shift. The leader's
//!   signature needs the leader (or admin) role in any case.
//! - After the leader's signature the record is locked: nothing in it changes again.

use super::entry::text_enum;
use super::role::Role;
use chrono::{DateTime, Duration, NaiveDate, Utc};

text_enum!(
    /// Where a checklist item stands.
    ItemState { Open => "open", Done => "done", Waived => "waived" }
);

text_enum!(
    /// What a carry-over item is: a fever case, a pending approval, an overdue return,
    /// or a note an officer asked to carry until it is closed; an open incident, a
    /// directive not yet acknowledged by someone on duty, a call in the duty phone log; the
    /// health checks still missing and the abnormal readings.
    CarryKind {
        Flag => "flag",
        Approval => "approval",
        Return => "return",
        Note => "note",
        Incident => "incident",
        Directive => "directive",
        Call => "call",
        Health => "health",
    }
);

text_enum!(
    /// The three signatures, in the order they are given.
    Capacity { Outgoing => "outgoing", Incoming => "incoming", Leader => "leader" }
);

/// Who did something, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A shift as it was when the handover was opened: name, start date, UTC bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftWindow {
    pub name: String,
    pub date: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub mandatory: bool,
    pub state: ItemState,
    /// Who settled it and when (`None` while open).
    pub settled: Option<Stamp>,
    pub note: Option<String>,
}

impl ChecklistItem {
    /// A fresh, open item.
    pub fn open(key: &str, label: &str, label_en: &str, mandatory: bool) -> Self {
        Self {
            key: key.to_string(),
            label: label.to_string(),
            label_en: label_en.to_string(),
            mandatory,
            state: ItemState::Open,
            settled: None,
            note: None,
        }
    }
}

/// One open matter handed to the next shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarryItem {
    pub kind: CarryKind,
    /// The id where the item lives (flag id, request id, note id).
    pub ref_id: String,
    pub summary: String,
    pub acked: Option<Stamp>,
}

impl CarryItem {
    /// The id used to acknowledge it: `kind:ref_id`, stable across reloads.
    pub fn carry_id(&self) -> String {
        carry_id(self.kind, &self.ref_id)
    }
}

pub fn carry_id(kind: CarryKind, ref_id: &str) -> String {
    format!("{}:{}", kind.as_str(), ref_id)
}

/// Splits `kind:ref_id`.
pub fn parse_carry_id(s: &str) -> Option<(CarryKind, String)> {
    let (kind, ref_id) = s.trim().split_once(':')?;
    let kind = CarryKind::parse(kind)?;
    let ref_id = ref_id.trim();
    (!ref_id.is_empty()).then(|| (kind, ref_id.to_string()))
}

/// A free-text note for the next shift. A note with `carry` set is an open item of
/// its own: it reappears in every handover until somebody closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub text: String,
    pub carry: bool,
    pub written: Stamp,
    /// When a carried note was closed (it lives outside the record, so a locked
    /// record still shows the latest state of its notes).
    pub closed: Option<Stamp>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signatures {
    pub outgoing: Option<Stamp>,
    pub incoming: Option<Stamp>,
    pub leader: Option<Stamp>,
}

impl Signatures {
    pub fn get(&self, c: Capacity) -> Option<&Stamp> {
        match c {
            Capacity::Outgoing => self.outgoing.as_ref(),
            Capacity::Incoming => self.incoming.as_ref(),
            Capacity::Leader => self.leader.as_ref(),
        }
    }

    fn set(&mut self, c: Capacity, s: Stamp) {
        match c {
            Capacity::Outgoing => self.outgoing = Some(s),
            Capacity::Incoming => self.incoming = Some(s),
            Capacity::Leader => self.leader = Some(s),
        }
    }

    /// The capacities still to sign, in order.
    pub fn missing(&self) -> Vec<Capacity> {
        Capacity::ALL
            .iter()
            .copied()
            .filter(|c| self.get(*c).is_none())
            .collect()
    }
}

/// Who the roster puts on the ending and the next shift. Empty lists mean the roster
/// says nothing, and then any operator whose role may sign does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duty {
    pub leader: Option<String>,
    pub officers: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DutyPair {
    pub ending: Duty,
    pub next: Duty,
}

impl DutyPair {
    /// The operators the roster allows in a capacity (empty: not restricted).
    pub fn rostered(&self, c: Capacity) -> Vec<String> {
        match c {
            Capacity::Outgoing => self.ending.officers.clone(),
            Capacity::Incoming => self.next.officers.clone(),
            Capacity::Leader => {
                let mut v: Vec<String> = self
                    .ending
                    .leader
                    .iter()
                    .chain(self.next.leader.iter())
                    .cloned()
                    .collect();
                v.dedup();
                v
            }
        }
    }
}

/// Why a handover step was refused. Nothing is written when a step is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Locked,
    UnknownItem(String),
    AlreadyDone {
        key: String,
        by: String,
    },
    AlreadyWaived {
        key: String,
        by: String,
    },
    /// The outgoing officer has signed: the checklist is what they signed for.
    ChecklistSigned,
    WaiveNeedsNote,
    UnknownCarry(String),
    /// The incoming officer has signed: the carry-over list is what they accepted.
    CarryFrozen,
    AlreadyAcked {
        id: String,
        by: String,
    },
    /// The outgoing officer cannot accept their own handover.
    AckByOutgoing,
    /// Carry-over is accepted once the outgoing officer has handed it over (signed).
    AckBeforeOutgoing,
    MandatoryOpen(Vec<String>),
    Unacked(Vec<String>),
    OutOfOrder {
        capacity: Capacity,
        needs: Capacity,
    },
    AlreadySigned {
        capacity: Capacity,
        by: String,
    },
    /// The same person already acted in another capacity.
    SamePerson {
        other: Capacity,
    },
    NotRostered {
        capacity: Capacity,
        rostered: Vec<String>,
    },
    /// The leader capacity needs the leader or admin role.
    LeaderRole,
}

impl Refusal {
    /// The translation key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Locked => "handover.locked",
            Self::UnknownItem(_) => "handover.unknown_item",
            Self::AlreadyDone { .. } => "handover.already_done",
            Self::AlreadyWaived { .. } => "handover.already_waived",
            Self::ChecklistSigned => "handover.checklist_signed",
            Self::WaiveNeedsNote => "handover.waive_needs_note",
            Self::UnknownCarry(_) => "handover.unknown_carry",
            Self::CarryFrozen => "handover.carry_frozen",
            Self::AlreadyAcked { .. } => "handover.already_acked",
            Self::AckByOutgoing => "handover.ack_by_outgoing",
            Self::AckBeforeOutgoing => "handover.ack_before_outgoing",
            Self::MandatoryOpen(_) => "handover.mandatory_open",
            Self::Unacked(_) => "handover.unacked",
            Self::OutOfOrder { .. } => "handover.out_of_order",
            Self::AlreadySigned { .. } => "handover.already_signed",
            Self::SamePerson { .. } => "handover.same_person",
            Self::NotRostered { .. } => "handover.not_rostered",
            Self::LeaderRole => "handover.leader_role",
        }
    }
}

/// Checklist progress for the dashboard: `settled` of `total`, and how many of the
/// still-open items are mandatory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub settled: usize,
    pub total: usize,
    pub mandatory_open: usize,
    pub carry_total: usize,
    pub carry_unacked: usize,
}

/// One handover record: the shift it closes, its checklist, carry-over, notes and
/// signatures, and the version used to detect concurrent changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// `None`: not opened yet (a read-only view of what opening it would show).
    pub id: Option<i64>,
    /// Bumped by every change; 0 while not opened.
    pub version: i64,
    /// The shift that hands over (the outgoing officer's).
    pub shift: ShiftWindow,
    /// The shift that takes over (name and start date).
    pub next_name: String,
    pub next_date: NaiveDate,
    pub opened: Option<Stamp>,
    pub items: Vec<ChecklistItem>,
    pub carry: Vec<CarryItem>,
    /// True once the incoming officer has signed: `carry` is then the accepted list.
    pub carry_frozen: bool,
    pub notes: Vec<Note>,
    pub signatures: Signatures,
}

impl Handover {
    pub fn is_locked(&self) -> bool {
        self.signatures.leader.is_some()
    }

    /// Anything done on it yet: an item settled, a note, an acknowledgement, a signature.
    pub fn started(&self) -> bool {
        self.items.iter().any(|i| i.state != ItemState::Open)
            || !self.notes.is_empty()
            || self.carry.iter().any(|c| c.acked.is_some())
            || self.signatures.outgoing.is_some()
    }

    pub fn progress(&self) -> Progress {
        Progress {
            settled: self
                .items
                .iter()
                .filter(|i| i.state != ItemState::Open)
                .count(),
            total: self.items.len(),
            mandatory_open: self.mandatory_open().len(),
            carry_total: self.carry.len(),
            carry_unacked: self.unacked().len(),
        }
    }

    /// Keys of mandatory items that are still open.
    pub fn mandatory_open(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| i.mandatory && i.state == ItemState::Open)
            .map(|i| i.key.clone())
            .collect()
    }

    /// Ids of carry-over items nobody has acknowledged.
    pub fn unacked(&self) -> Vec<String> {
        self.carry
            .iter()
            .filter(|c| c.acked.is_none())
            .map(CarryItem::carry_id)
            .collect()
    }

    fn unlocked(&self) -> Result<(), Refusal> {
        if self.is_locked() {
            Err(Refusal::Locked)
        } else {
            Ok(())
        }
    }

    fn item_mut(&mut self, key: &str) -> Result<&mut ChecklistItem, Refusal> {
        self.unlocked()?;
        if self.signatures.outgoing.is_some() {
            return Err(Refusal::ChecklistSigned);
        }
        let key = key.trim();
        self.items
            .iter_mut()
            .find(|i| i.key == key)
            .ok_or_else(|| Refusal::UnknownItem(key.to_string()))
    }

    /// Marks an item done, with an optional note.
    pub fn check_item(
        &mut self,
        key: &str,
        note: Option<&str>,
        stamp: Stamp,
    ) -> Result<&ChecklistItem, Refusal> {
        let item = self.item_mut(key)?;
        if item.state == ItemState::Done {
            return Err(Refusal::AlreadyDone {
                key: item.key.clone(),
                by: item
                    .settled
                    .as_ref()
                    .map(|s| s.by.clone())
                    .unwrap_or_default(),
            });
        }
        item.state = ItemState::Done;
        item.settled = Some(stamp);
        item.note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        Ok(item)
    }

    /// Waives an item: not done this time, and the note says why.
    pub fn waive_item(
        &mut self,
        key: &str,
        note: &str,
        stamp: Stamp,
    ) -> Result<&ChecklistItem, Refusal> {
        let note = note.trim();
        let item = self.item_mut(key)?;
        match item.state {
            ItemState::Done => {
                return Err(Refusal::AlreadyDone {
                    key: item.key.clone(),
                    by: item
                        .settled
                        .as_ref()
                        .map(|s| s.by.clone())
                        .unwrap_or_default(),
                });
            }
            ItemState::Waived => {
                return Err(Refusal::AlreadyWaived {
                    key: item.key.clone(),
                    by: item
                        .settled
                        .as_ref()
                        .map(|s| s.by.clone())
                        .unwrap_or_default(),
                });
            }
            ItemState::Open => {}
        }
        if note.is_empty() {
            return Err(Refusal::WaiveNeedsNote);
        }
        item.state = ItemState::Waived;
        item.settled = Some(stamp);
        item.note = Some(note.to_string());
        Ok(item)
    }

    /// May `who` acknowledge carry-over items? Only someone who could sign as incoming,
    /// and not the outgoing officer.
    fn may_accept(&self, who: &str, duty: &DutyPair) -> Result<(), Refusal> {
        if self
            .signatures
            .outgoing
            .as_ref()
            .is_some_and(|s| s.by == who)
        {
            return Err(Refusal::AckByOutgoing);
        }
        let rostered = duty.rostered(Capacity::Incoming);
        if !rostered.is_empty() && !rostered.iter().any(|r| r == who) {
            return Err(Refusal::NotRostered {
                capacity: Capacity::Incoming,
                rostered,
            });
        }
        Ok(())
    }

    /// The incoming officer acknowledges one carry-over item (`kind:ref_id`).
    pub fn ack(&mut self, id: &str, stamp: Stamp, duty: &DutyPair) -> Result<&CarryItem, Refusal> {
        self.unlocked()?;
        if self.carry_frozen {
            return Err(Refusal::CarryFrozen);
        }
        if self.signatures.outgoing.is_none() {
            return Err(Refusal::AckBeforeOutgoing);
        }
        let Some((kind, ref_id)) = parse_carry_id(id) else {
            return Err(Refusal::UnknownCarry(id.trim().to_string()));
        };
        self.may_accept(&stamp.by, duty)?;
        let item = self
            .carry
            .iter_mut()
            .find(|c| c.kind == kind && c.ref_id == ref_id)
            .ok_or_else(|| Refusal::UnknownCarry(carry_id(kind, &ref_id)))?;
        if let Some(a) = &item.acked {
            return Err(Refusal::AlreadyAcked {
                id: item.carry_id(),
                by: a.by.clone(),
            });
        }
        item.acked = Some(stamp);
        Ok(item)
    }

    /// Notes may be written until the record is locked.
    pub fn may_add_note(&self) -> Result<(), Refusal> {
        self.unlocked()
    }

    /// Signs in a capacity. `role` is the signer's role; `duty` the roster.
    pub fn sign(
        &mut self,
        capacity: Capacity,
        stamp: Stamp,
        role: Role,
        duty: &DutyPair,
    ) -> Result<(), Refusal> {
        self.unlocked()?;
        if let Some(s) = self.signatures.get(capacity) {
            return Err(Refusal::AlreadySigned {
                capacity,
                by: s.by.clone(),
            });
        }
        let needs = match capacity {
            Capacity::Outgoing => None,
            Capacity::Incoming => Some(Capacity::Outgoing),
            Capacity::Leader => Some(Capacity::Incoming),
        };
        if let Some(needs) = needs
            && self.signatures.get(needs).is_none()
        {
            return Err(Refusal::OutOfOrder { capacity, needs });
        }
        if capacity == Capacity::Leader && !matches!(role, Role::Leader | Role::Admin) {
            return Err(Refusal::LeaderRole);
        }
        let rostered = duty.rostered(capacity);
        if !rostered.is_empty() && !rostered.contains(&stamp.by) {
            return Err(Refusal::NotRostered { capacity, rostered });
        }
        if let Some(other) = Capacity::ALL
            .iter()
            .copied()
            .find(|c| self.signatures.get(*c).is_some_and(|s| s.by == stamp.by))
        {
            return Err(Refusal::SamePerson { other });
        }
        match capacity {
            Capacity::Outgoing => {
                let open = self.mandatory_open();
                if !open.is_empty() {
                    return Err(Refusal::MandatoryOpen(open));
                }
            }
            Capacity::Incoming => {
                let open = self.unacked();
                if !open.is_empty() {
                    return Err(Refusal::Unacked(open));
                }
                self.carry_frozen = true;
            }
            Capacity::Leader => {}
        }
        self.signatures.set(capacity, stamp);
        Ok(())
    }
}

/// A handover reminder for the notify module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// The shift ends within the reminder window and its handover has not started.
    DueSoon {
        shift: ShiftWindow,
        minutes_left: i64,
    },
    /// A shift has ended without all three signatures.
    Unsigned {
        shift: ShiftWindow,
        handover_id: Option<i64>,
        missing: Vec<Capacity>,
    },
}

impl Reminder {
    /// A stable key, so a notifier signals each reminder once.
    pub fn key(&self) -> String {
        match self {
            Self::DueSoon { shift, .. } => format!("due_soon:{}:{}", shift.date, shift.name),
            Self::Unsigned { shift, .. } => format!("unsigned:{}:{}", shift.date, shift.name),
        }
    }
}

/// What the reminder rule looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderFacts {
    pub now: DateTime<Utc>,
    pub remind_before_minutes: u32,
    /// The shift now on duty, and whether its handover has been started.
    pub current: ShiftWindow,
    pub current_started: bool,
    /// The previous shift, when a handover is expected for it and it is not locked:
    /// its record id (if opened) and the signatures still missing.
    pub previous: Option<(ShiftWindow, Option<i64>, Vec<Capacity>)>,
}

/// The reminders due at `facts.now`.
pub fn reminders_due(facts: &ReminderFacts) -> Vec<Reminder> {
    let mut out = Vec::new();
    if let Some((shift, handover_id, missing)) = &facts.previous
        && shift.end <= facts.now
        && !missing.is_empty()
    {
        out.push(Reminder::Unsigned {
            shift: shift.clone(),
            handover_id: *handover_id,
            missing: missing.clone(),
        });
    }
    let window = Duration::minutes(i64::from(facts.remind_before_minutes));
    let left = facts.current.end - facts.now;
    if !facts.current_started && left > Duration::zero() && left <= window {
        let minutes_left = (left.num_seconds() + 59) / 60;
        out.push(Reminder::DueSoon {
            shift: facts.current.clone(),
            minutes_left,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, h, m, 0).unwrap()
    }

    fn stamp(by: &str) -> Stamp {
        Stamp {
            by: by.into(),
            at: t(11, 0),
        }
    }

    fn window() -> ShiftWindow {
        ShiftWindow {
            name: "白班".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            start: t(0, 0),
            end: t(12, 0),
        }
    }

    fn handover() -> Handover {
        Handover {
            id: Some(1),
            version: 1,
            shift: window(),
            next_name: "夜班".into(),
            next_date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            opened: Some(stamp("zhao")),
            items: vec![
                ChecklistItem::open("gate_book", "核对校门登记", "Gate register", true),
                ChecklistItem::open("supplies", "物资", "Supplies", true),
                ChecklistItem::open("daily_report", "每日上报", "Daily report", false),
            ],
            carry: vec![
                CarryItem {
                    kind: CarryKind::Approval,
                    ref_id: "17".into(),
                    summary: "访客 王某 待审批".into(),
                    acked: None,
                },
                CarryItem {
                    kind: CarryKind::Note,
                    ref_id: "3".into(),
                    summary: "西门体温计电池电量低".into(),
                    acked: None,
                },
            ],
            carry_frozen: false,
            notes: vec![],
            signatures: Signatures::default(),
        }
    }

    fn free() -> DutyPair {
        DutyPair::default()
    }

    /// Settles the mandatory items.
    fn ready(h: &mut Handover) {
        h.check_item("gate_book", None, stamp("zhao")).unwrap();
        h.waive_item("supplies", "仓库未开门", stamp("zhao"))
            .unwrap();
    }

    /// Acknowledges every carry-over item, as `by`.
    fn accept_all(h: &mut Handover, by: &str) {
        for id in h.unacked() {
            h.ack(&id, stamp(by), &free()).unwrap();
        }
    }

    /// Settles the checklist and signs as outgoing (zhao), then accepts as `by`.
    fn handed_over(h: &mut Handover, by: &str) {
        ready(h);
        h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free())
            .unwrap();
        accept_all(h, by);
    }

    #[test]
    fn checking_and_waiving_items() {
        let mut h = handover();
        assert!(!h.started());
        let item = h
            .check_item("gate_book", Some(" 无异常 "), stamp("zhao"))
            .unwrap();
        assert_eq!(item.state, ItemState::Done);
        assert_eq!(item.note.as_deref(), Some("无异常"));
        assert!(h.started());
        assert_eq!(
            h.check_item("gate_book", None, stamp("qian")),
            Err(Refusal::AlreadyDone {
                key: "gate_book".into(),
                by: "zhao".into()
            })
        );
        assert_eq!(
            h.check_item("nope", None, stamp("zhao")),
            Err(Refusal::UnknownItem("nope".into()))
        );
        assert_eq!(
            h.waive_item("supplies", "  ", stamp("zhao")),
            Err(Refusal::WaiveNeedsNote)
        );
        assert_eq!(h.items[1].state, ItemState::Open, "refusal changed nothing");
        h.waive_item("supplies", "口罩缺货，已报后勤", stamp("zhao"))
            .unwrap();
        assert!(matches!(
            h.waive_item("supplies", "again", stamp("zhao")),
            Err(Refusal::AlreadyWaived { .. })
        ));
        assert!(matches!(
            h.waive_item("gate_book", "why", stamp("zhao")),
            Err(Refusal::AlreadyDone { .. })
        ));
        // A waived item may still be done later.
        let item = h.check_item("supplies", None, stamp("zhao")).unwrap();
        assert_eq!((item.state, item.note.clone()), (ItemState::Done, None));
        let p = h.progress();
        assert_eq!((p.settled, p.total, p.mandatory_open), (2, 3, 0));
    }

    #[test]
    fn the_outgoing_signature_needs_every_mandatory_item_settled() {
        let mut h = handover();
        h.check_item("gate_book", None, stamp("zhao")).unwrap();
        assert_eq!(
            h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free()),
            Err(Refusal::MandatoryOpen(vec!["supplies".into()]))
        );
        assert!(h.signatures.outgoing.is_none());
        h.waive_item("supplies", "缺货", stamp("zhao")).unwrap();
        // The optional daily report may stay open.
        h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free())
            .unwrap();
        assert_eq!(
            h.check_item("daily_report", None, stamp("zhao")),
            Err(Refusal::ChecklistSigned)
        );
    }

    #[test]
    fn signatures_go_in_order() {
        let mut h = handover();
        ready(&mut h);
        assert_eq!(
            h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &free()),
            Err(Refusal::OutOfOrder {
                capacity: Capacity::Incoming,
                needs: Capacity::Outgoing
            })
        );
        assert_eq!(
            h.sign(Capacity::Leader, stamp("li"), Role::Leader, &free()),
            Err(Refusal::OutOfOrder {
                capacity: Capacity::Leader,
                needs: Capacity::Incoming
            })
        );
        h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free())
            .unwrap();
        assert_eq!(
            h.sign(Capacity::Leader, stamp("li"), Role::Leader, &free()),
            Err(Refusal::OutOfOrder {
                capacity: Capacity::Leader,
                needs: Capacity::Incoming
            })
        );
        accept_all(&mut h, "qian");
        h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &free())
            .unwrap();
        assert!(h.carry_frozen);
        h.sign(Capacity::Leader, stamp("li"), Role::Leader, &free())
            .unwrap();
        assert!(h.is_locked());
        assert!(h.signatures.missing().is_empty());
    }

    #[test]
    fn signing_twice_is_refused() {
        let mut h = handover();
        handed_over(&mut h, "qian");
        assert_eq!(
            h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free()),
            Err(Refusal::AlreadySigned {
                capacity: Capacity::Outgoing,
                by: "zhao".into()
            })
        );
        assert_eq!(
            h.sign(Capacity::Outgoing, stamp("sun"), Role::Officer, &free()),
            Err(Refusal::AlreadySigned {
                capacity: Capacity::Outgoing,
                by: "zhao".into()
            })
        );
    }

    #[test]
    fn three_different_people() {
        let mut h = handover();
        handed_over(&mut h, "qian");
        assert_eq!(
            h.sign(Capacity::Incoming, stamp("zhao"), Role::Officer, &free()),
            Err(Refusal::SamePerson {
                other: Capacity::Outgoing
            })
        );
        h.sign(Capacity::Incoming, stamp("qian"), Role::Leader, &free())
            .unwrap();
        assert_eq!(
            h.sign(Capacity::Leader, stamp("qian"), Role::Leader, &free()),
            Err(Refusal::SamePerson {
                other: Capacity::Incoming
            })
        );
        assert_eq!(
            h.sign(Capacity::Leader, stamp("zhao"), Role::Admin, &free()),
            Err(Refusal::SamePerson {
                other: Capacity::Outgoing
            })
        );
        h.sign(Capacity::Leader, stamp("li"), Role::Leader, &free())
            .unwrap();
    }

    #[test]
    fn the_leader_signature_needs_the_leader_role() {
        let mut h = handover();
        handed_over(&mut h, "qian");
        h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &free())
            .unwrap();
        assert_eq!(
            h.sign(Capacity::Leader, stamp("sun"), Role::Officer, &free()),
            Err(Refusal::LeaderRole)
        );
        h.sign(Capacity::Leader, stamp("root"), Role::Admin, &free())
            .unwrap();
    }

    #[test]
    fn the_incoming_signature_needs_every_carry_item_acknowledged() {
        let mut h = handover();
        h.check_item("gate_book", None, stamp("zhao")).unwrap();
        h.check_item("supplies", None, stamp("zhao")).unwrap();
        h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free())
            .unwrap();
        h.ack("approval:17", stamp("qian"), &free()).unwrap();
        assert_eq!(
            h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &free()),
            Err(Refusal::Unacked(vec!["note:3".into()]))
        );
        assert!(!h.carry_frozen);
        h.ack("note:3", stamp("qian"), &free()).unwrap();
        h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &free())
            .unwrap();
        assert_eq!(
            h.ack("note:3", stamp("qian"), &free()),
            Err(Refusal::CarryFrozen)
        );
    }

    #[test]
    fn acknowledging_carry_over() {
        let mut h = handover();
        assert_eq!(
            h.ack("approval:17", stamp("qian"), &free()),
            Err(Refusal::AckBeforeOutgoing)
        );
        ready(&mut h);
        h.sign(Capacity::Outgoing, stamp("zhao"), Role::Officer, &free())
            .unwrap();
        assert_eq!(
            h.ack("approval:99", stamp("qian"), &free()),
            Err(Refusal::UnknownCarry("approval:99".into()))
        );
        assert_eq!(
            h.ack("17", stamp("qian"), &free()),
            Err(Refusal::UnknownCarry("17".into()))
        );
        // The outgoing officer cannot accept their own handover.
        assert_eq!(
            h.ack("note:3", stamp("zhao"), &free()),
            Err(Refusal::AckByOutgoing)
        );
        let a = h.ack(" approval:17 ", stamp("qian"), &free()).unwrap();
        assert_eq!(a.acked.as_ref().unwrap().by, "qian");
        assert_eq!(
            h.ack("approval:17", stamp("sun"), &free()),
            Err(Refusal::AlreadyAcked {
                id: "approval:17".into(),
                by: "qian".into()
            })
        );
        assert_eq!(h.unacked(), vec!["note:3".to_string()]);
        assert_eq!(h.progress().carry_unacked, 1);
    }

    #[test]
    fn the_roster_decides_who_signs_in_each_capacity() {
        let duty = DutyPair {
            ending: Duty {
                leader: Some("li".into()),
                officers: vec!["zhao".into(), "zhou".into()],
            },
            next: Duty {
                leader: Some("wu".into()),
                officers: vec!["qian".into()],
            },
        };
        let mut h = handover();
        h.check_item("gate_book", None, stamp("zhao")).unwrap();
        h.check_item("supplies", None, stamp("zhao")).unwrap();
        assert_eq!(
            h.sign(Capacity::Outgoing, stamp("qian"), Role::Officer, &duty),
            Err(Refusal::NotRostered {
                capacity: Capacity::Outgoing,
                rostered: vec!["zhao".into(), "zhou".into()]
            })
        );
        h.sign(Capacity::Outgoing, stamp("zhou"), Role::Officer, &duty)
            .unwrap();
        assert_eq!(
            h.ack("note:3", stamp("sun"), &duty),
            Err(Refusal::NotRostered {
                capacity: Capacity::Incoming,
                rostered: vec!["qian".into()]
            })
        );
        h.ack("note:3", stamp("qian"), &duty).unwrap();
        h.ack("approval:17", stamp("qian"), &duty).unwrap();
        assert!(matches!(
            h.sign(Capacity::Incoming, stamp("sun"), Role::Officer, &duty),
            Err(Refusal::NotRostered { .. })
        ));
        h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &duty)
            .unwrap();
        assert_eq!(
            h.sign(Capacity::Leader, stamp("chen"), Role::Leader, &duty),
            Err(Refusal::NotRostered {
                capacity: Capacity::Leader,
                rostered: vec!["li".into(), "wu".into()]
            })
        );
        // Either shift's leader may countersign.
        h.sign(Capacity::Leader, stamp("wu"), Role::Leader, &duty)
            .unwrap();
    }

    #[test]
    fn nothing_changes_after_the_third_signature() {
        let mut h = handover();
        handed_over(&mut h, "qian");
        h.sign(Capacity::Incoming, stamp("qian"), Role::Officer, &free())
            .unwrap();
        h.sign(Capacity::Leader, stamp("li"), Role::Leader, &free())
            .unwrap();
        let before = h.clone();
        assert_eq!(
            h.check_item("daily_report", None, stamp("zhao")),
            Err(Refusal::Locked)
        );
        assert_eq!(
            h.waive_item("daily_report", "x", stamp("zhao")),
            Err(Refusal::Locked)
        );
        assert_eq!(
            h.ack("note:3", stamp("qian"), &free()),
            Err(Refusal::Locked)
        );
        assert_eq!(h.may_add_note(), Err(Refusal::Locked));
        for c in Capacity::ALL {
            assert_eq!(
                h.sign(*c, stamp("other"), Role::Admin, &free()),
                Err(Refusal::Locked)
            );
        }
        assert_eq!(h, before);
    }

    #[test]
    fn every_refusal_has_a_distinct_message_key() {
        let all = [
            Refusal::Locked,
            Refusal::UnknownItem(String::new()),
            Refusal::AlreadyDone {
                key: String::new(),
                by: String::new(),
            },
            Refusal::AlreadyWaived {
                key: String::new(),
                by: String::new(),
            },
            Refusal::ChecklistSigned,
            Refusal::WaiveNeedsNote,
            Refusal::UnknownCarry(String::new()),
            Refusal::CarryFrozen,
            Refusal::AlreadyAcked {
                id: String::new(),
                by: String::new(),
            },
            Refusal::AckByOutgoing,
            Refusal::AckBeforeOutgoing,
            Refusal::MandatoryOpen(vec![]),
            Refusal::Unacked(vec![]),
            Refusal::OutOfOrder {
                capacity: Capacity::Leader,
                needs: Capacity::Incoming,
            },
            Refusal::AlreadySigned {
                capacity: Capacity::Leader,
                by: String::new(),
            },
            Refusal::SamePerson {
                other: Capacity::Leader,
            },
            Refusal::NotRostered {
                capacity: Capacity::Leader,
                rostered: vec![],
            },
            Refusal::LeaderRole,
        ];
        let keys: std::collections::HashSet<_> = all.iter().map(Refusal::key).collect();
        assert_eq!(keys.len(), all.len());
    }

    #[test]
    fn carry_ids_round_trip() {
        assert_eq!(
            parse_carry_id("flag:42"),
            Some((CarryKind::Flag, "42".into()))
        );
        assert_eq!(
            parse_carry_id("Return: r-7 "),
            Some((CarryKind::Return, "r-7".into()))
        );
        assert_eq!(parse_carry_id("flag:"), None);
        assert_eq!(parse_carry_id("thing:1"), None);
        assert_eq!(carry_id(CarryKind::Note, "3"), "note:3");
    }

    fn facts(now: DateTime<Utc>, started: bool) -> ReminderFacts {
        ReminderFacts {
            now,
            remind_before_minutes: 30,
            current: window(),
            current_started: started,
            previous: None,
        }
    }

    #[test]
    fn reminds_before_the_shift_ends_when_the_handover_has_not_started() {
        assert!(reminders_due(&facts(t(11, 29), false)).is_empty());
        let r = reminders_due(&facts(t(11, 30), false));
        assert_eq!(
            r,
            vec![Reminder::DueSoon {
                shift: window(),
                minutes_left: 30
            }]
        );
        assert_eq!(r[0].key(), "due_soon:2026-11-29:白班");
        let r = reminders_due(&facts(t(11, 59) + Duration::seconds(30), false));
        assert!(matches!(
            r[..],
            [Reminder::DueSoon {
                minutes_left: 1,
                ..
            }]
        ));
        assert!(reminders_due(&facts(t(11, 45), true)).is_empty());
        assert!(reminders_due(&facts(t(12, 0), false)).is_empty());
    }

    #[test]
    fn reminds_when_a_shift_ended_without_all_signatures() {
        let prev = ShiftWindow {
            name: "夜班".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            start: t(0, 0) - Duration::hours(12),
            end: t(0, 0),
        };
        let mut f = facts(t(0, 10), true);
        f.previous = Some((prev.clone(), Some(7), vec![Capacity::Leader]));
        assert_eq!(
            reminders_due(&f),
            vec![Reminder::Unsigned {
                shift: prev.clone(),
                handover_id: Some(7),
                missing: vec![Capacity::Leader]
            }]
        );
        f.previous = Some((prev, Some(7), vec![]));
        assert!(reminders_due(&f).is_empty());
    }
}
