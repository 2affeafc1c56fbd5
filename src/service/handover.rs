//! The shift handover (交接班): open the record, work the checklist, acknowledge the
//! carry-over, write notes, sign three times, and read the history. The CLI and the
//! console call these functions.
//!
//! Which record: every write names a [`HandoverTarget`]. `Working` is the handover the
//! desk is on now: the previous shift's while it is not locked (a shift change in
//! progress; opened if missing once the desk keeps handovers at all), otherwise the
//! current shift's (opened if missing). `Id` names any record.
//!
//! Concurrency: every write takes the version the client saw (`expected_version`;
//! `None` = whatever is latest, as the CLI does). If the record has moved on, the write
//! is refused with a conflict whose key is [`STALE`] and nothing is written: the console
//! reloads and says someone else changed it. Rule refusals (signing out of order, a
//! mandatory item open, a locked record…) are `Refused`/`Invalid`, never `Conflict`.
//!
//! Every step, including opening a record, is audited in the same transaction.

use super::Desk;
use super::roster::Operator;
use crate::domain::Permission;
use crate::domain::handover::{
    Capacity, CarryItem, CarryKind, ChecklistItem, DutyPair, Handover, Note, Progress, Refusal,
    Reminder, ReminderFacts, ShiftWindow, Signatures, Stamp, parse_carry_id, reminders_due,
};
use crate::domain::text::{clean_note, clean_optional, sanitize};
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::store::audit::{self, AuditRecord};
use crate::store::audit_rows::Covered;
use crate::store::handover::{self as store, HandoverRow, NewHandover};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// The error key of a write refused because the record changed since the client read
/// it (`ErrorKind::Conflict`).
pub const STALE: &str = "handover.stale";

/// Longest note, waiver or item note (characters).
const NOTE_MAX: usize = 1000;

/// Which handover a write is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverTarget {
    /// The one the desk is on now (see the module documentation).
    Working,
    Id(i64),
}

/// A row of the handover history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverSummary {
    pub row: HandoverRow,
    /// Checklist items done or waived, of `total`.
    pub settled: usize,
    pub total: usize,
    /// Carry-over items: the accepted list once the incoming officer signed, the live
    /// list before.
    pub carry: usize,
}

/// Everything the dashboard panel shows in one glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyPanel {
    pub now: DateTime<Utc>,
    /// The shift on duty, and the one after it.
    pub shift: ShiftWindow,
    pub next_name: String,
    /// Who the roster puts on the current shift.
    pub leader: Option<Operator>,
    pub officers: Vec<Operator>,
    /// The working handover (not opened: `id` is `None`).
    pub handover: Handover,
    pub progress: Progress,
    pub reminders: Vec<Reminder>,
}

impl DutyPanel {
    /// Time left in the current shift at `now` (the console ticks every second).
    pub fn ends_in(&self, now: DateTime<Utc>) -> Duration {
        self.shift.end - now
    }
}

/// What a handover is for before it is stored: the shift, the next, and the record.
struct Located {
    window: ShiftWindow,
    next_name: String,
    next_date: NaiveDate,
    row: Option<HandoverRow>,
}

impl Located {
    fn of_row(row: HandoverRow) -> Self {
        Self {
            window: row.shift.clone(),
            next_name: row.next_name.clone(),
            next_date: row.next_date,
            row: Some(row),
        }
    }
}

/// One change, as decided by the domain rules, to be stored.
enum Change {
    Item(ChecklistItem),
    Ack(CarryItem),
    Note { text: String, carry: bool },
    Sign(Capacity, Option<Vec<CarryItem>>),
}

/// Builds the record from storage; `live` is the carry-over list gathered now (used
/// until the incoming signature froze the list).
fn load_state(conn: &Connection, row: &HandoverRow, live: &[CarryItem]) -> DeskResult<Handover> {
    let frozen = row.signatures.incoming.is_some();
    let carry = if frozen {
        store::accepted_carry(conn, row.id)?
    } else {
        let acks = store::acks(conn, row.id)?;
        live.iter()
            .map(|c| {
                let mut c = c.clone();
                c.acked = acks
                    .iter()
                    .find(|(k, r, _)| *k == c.kind && *r == c.ref_id)
                    .map(|(_, _, s)| s.clone());
                c
            })
            .collect()
    };
    Ok(Handover {
        id: Some(row.id),
        version: row.version,
        shift: row.shift.clone(),
        next_name: row.next_name.clone(),
        next_date: row.next_date,
        opened: Some(row.opened.clone()),
        items: store::items(conn, row.id)?,
        carry,
        carry_frozen: frozen,
        notes: store::notes(conn, row.id)?,
        signatures: row.signatures.clone(),
    })
}

/// Finds the located record inside the write transaction, or opens it (with its audit
/// row). Returns the record and the version the client could have seen (0 if new).
fn ensure_row(
    conn: &Connection,
    located: &Located,
    opened: &Stamp,
    checklist: &[ChecklistItem],
    open_record: AuditRecord,
) -> DeskResult<(HandoverRow, i64)> {
    let existing = match &located.row {
        Some(r) => store::get(conn, r.id)?,
        None => store::find(conn, located.window.date, &located.window.name)?,
    };
    if let Some(row) = existing {
        let seen = row.version;
        return Ok((row, seen));
    }
    let id = store::insert(
        conn,
        &NewHandover {
            shift: &located.window,
            next_name: &located.next_name,
            next_date: located.next_date,
            opened,
            items: checklist,
        },
    )?;
    let mut record = open_record;
    record.entity_id = Some(id.to_string());
    audit::append_covering(conn, &record, &Covered::handover(id))?;
    let row = store::get(conn, id)?.ok_or_else(|| DeskError::internal("handover.vanished"))?;
    Ok((row, 0))
}

fn capacity_key(c: Capacity) -> String {
    format!("capacity.{}", c.as_str())
}

/// The message for a refused step.
fn refusal_error(r: Refusal, h: &Handover) -> DeskError {
    let key = r.key();
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.iter().map(|s| sanitize(s)).collect::<Vec<_>>().join(", ")
        }
    };
    match r {
        Refusal::UnknownItem(k) => DeskError::invalid(key).arg("key", sanitize(&k)).arg(
            "known",
            list(&h.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>()),
        ),
        Refusal::WaiveNeedsNote => DeskError::invalid(key),
        Refusal::UnknownCarry(id) => DeskError::invalid(key)
            .arg("id", sanitize(&id))
            .arg("known", list(&h.unacked())),
        Refusal::Locked => DeskError::refused(key).arg(
            "by",
            h.signatures
                .leader
                .as_ref()
                .map(|s| s.by.clone())
                .unwrap_or_default(),
        ),
        Refusal::AlreadyDone { key: k, by } | Refusal::AlreadyWaived { key: k, by } => {
            DeskError::refused(key).arg("key", k).arg("by", by)
        }
        Refusal::ChecklistSigned
        | Refusal::CarryFrozen
        | Refusal::AckByOutgoing
        | Refusal::AckBeforeOutgoing => DeskError::refused(key),
        Refusal::AlreadyAcked { id, by } => DeskError::refused(key).arg("id", id).arg("by", by),
        Refusal::MandatoryOpen(keys) => DeskError::refused(key).arg("items", list(&keys)),
        Refusal::Unacked(ids) => DeskError::refused(key).arg("items", list(&ids)),
        Refusal::OutOfOrder { capacity, needs } => DeskError::refused(key)
            .arg("capacity", capacity_key(capacity))
            .arg("needs", capacity_key(needs)),
        Refusal::AlreadySigned { capacity, by } => DeskError::refused(key)
            .arg("capacity", capacity_key(capacity))
            .arg("by", by),
        Refusal::SamePerson { other } => DeskError::refused(key).arg("other", capacity_key(other)),
        Refusal::NotRostered { capacity, rostered } => DeskError::refused(key)
            .arg("capacity", capacity_key(capacity))
            .arg("rostered", list(&rostered)),
        Refusal::LeaderRole => DeskError::refused(key),
    }
}

fn shift_label(w: &ShiftWindow) -> String {
    format!("{} {}", w.date, w.name)
}

impl Desk {
    /// The checklist a new record starts with, from the configuration.
    fn checklist(&self) -> Vec<ChecklistItem> {
        self.config
            .handover
            .items
            .iter()
            .map(|i| ChecklistItem::open(&i.key, &i.label, &i.label_en, i.mandatory))
            .collect()
    }

    fn locate_working(&self, now: DateTime<Utc>) -> DeskResult<Located> {
        let plan = self.shift_plan();
        let conn = self.store.conn();
        let current = self.shift_slot_at(&plan, now);
        let prev = plan.prev(current);
        let prev_window = self.shift_window(&plan, prev);
        match store::find(conn, prev.date, &prev_window.name)? {
            Some(row) if !row.is_locked() => return Ok(Located::of_row(row)),
            None if store::exists_before(conn, prev_window.start)? => {
                return Ok(Located {
                    window: prev_window,
                    next_name: plan.name(current).to_string(),
                    next_date: current.date,
                    row: None,
                });
            }
            _ => {}
        }
        let window = self.shift_window(&plan, current);
        if let Some(row) = store::find(conn, current.date, &window.name)? {
            return Ok(Located::of_row(row));
        }
        let next = plan.next(current);
        Ok(Located {
            window,
            next_name: plan.name(next).to_string(),
            next_date: next.date,
            row: None,
        })
    }

    fn locate(&self, target: HandoverTarget, now: DateTime<Utc>) -> DeskResult<Located> {
        match target {
            HandoverTarget::Working => self.locate_working(now),
            HandoverTarget::Id(id) => store::get(self.store.conn(), id)?
                .map(Located::of_row)
                .ok_or_else(|| DeskError::not_found("handover.not_found").arg("id", id)),
        }
    }

    /// A record as it stands, with its live carry-over list until the incoming
    /// officer signed.
    pub fn handover(&self, id: i64) -> DeskResult<Handover> {
        let conn = self.store.conn();
        let row = store::get(conn, id)?
            .ok_or_else(|| DeskError::not_found("handover.not_found").arg("id", id))?;
        let live = if row.signatures.incoming.is_none() {
            self.carry_items(row.shift.start)?
        } else {
            Vec::new()
        };
        load_state(conn, &row, &live)
    }

    /// The working handover without writing anything: a record not yet opened is shown
    /// as opening it would make it (`id` `None`, version 0). For read-only roles and
    /// the dashboard.
    pub fn handover_peek(&self) -> DeskResult<Handover> {
        let located = self.locate_working(self.clock.now())?;
        if let Some(row) = &located.row {
            return self.handover(row.id);
        }
        Ok(Handover {
            id: None,
            version: 0,
            carry: self.carry_items(located.window.start)?,
            shift: located.window,
            next_name: located.next_name,
            next_date: located.next_date,
            opened: None,
            items: self.checklist(),
            carry_frozen: false,
            notes: Vec::new(),
            signatures: Signatures::default(),
        })
    }

    /// The working handover, opened (and audited) if it is not yet.
    pub fn handover_open(&mut self) -> DeskResult<Handover> {
        self.require(Permission::WorkHandover)?;
        let now = self.clock.now();
        let located = self.locate_working(now)?;
        if let Some(row) = &located.row {
            return self.handover(row.id);
        }
        let stamp = Stamp {
            by: self.actor.login.clone(),
            at: now,
        };
        let checklist = self.checklist();
        let open_record = self.open_record(&located.window);
        let id = self.store.write(|tx| {
            let (row, _) = ensure_row(tx, &located, &stamp, &checklist, open_record)?;
            Ok(row.id)
        })?;
        self.handover(id)
    }

    /// `handover status`: opens the working record when the operator may work on it,
    /// otherwise only looks.
    pub fn handover_status(&mut self) -> DeskResult<Handover> {
        if self.actor.role.allows(Permission::WorkHandover) {
            self.handover_open()
        } else {
            self.handover_peek()
        }
    }

    fn open_record(&self, window: &ShiftWindow) -> AuditRecord {
        self.audit_record(
            "handover.open",
            "handover",
            None,
            json!({ "shift": shift_label(window) }),
        )
    }

    /// Applies one rule to the target record inside one write transaction: open if
    /// needed, check the version, apply, store, bump the version, audit.
    fn apply(
        &mut self,
        target: HandoverTarget,
        expected_version: Option<i64>,
        action: &str,
        details: Value,
        op: impl FnOnce(&mut Handover, &Stamp, &DutyPair) -> Result<Change, Refusal>,
    ) -> DeskResult<Handover> {
        let now = self.clock.now();
        let stamp = Stamp {
            by: self.actor.login.clone(),
            at: now,
        };
        let located = self.locate(target, now)?;
        let live = self.carry_items(located.window.start)?;
        let duty = DutyPair {
            ending: self.duty_of(located.window.date, &located.window.name)?,
            next: self.duty_of(located.next_date, &located.next_name)?,
        };
        let checklist = self.checklist();
        let open_record = self.open_record(&located.window);
        let mut record = self.audit_record(action, "handover", None, details);
        let id = self.store.write(|tx| {
            let (row, seen) = ensure_row(tx, &located, &stamp, &checklist, open_record)?;
            if let Some(v) = expected_version
                && v != seen
            {
                return Err(DeskError::conflict(STALE)
                    .arg("expected", v)
                    .arg("current", seen));
            }
            let mut h = load_state(tx, &row, &live)?;
            let change = match op(&mut h, &stamp, &duty) {
                Ok(c) => c,
                Err(r) => return Err(refusal_error(r, &h)),
            };
            // The version moves first: the leader's signature locks the row.
            if !store::bump_version(tx, row.id, row.version)? {
                return Err(DeskError::conflict(STALE)
                    .arg("expected", row.version)
                    .arg("current", row.version + 1));
            }
            let extra = match &change {
                Change::Item(item) => {
                    store::set_item(tx, row.id, item)?;
                    json!({ "state": item.state, "note": item.note })
                }
                Change::Ack(c) => {
                    store::insert_ack(tx, row.id, c.kind, &c.ref_id, &stamp)?;
                    json!({ "summary": c.summary })
                }
                Change::Note { text, carry } => {
                    let note_id = store::insert_note(tx, row.id, row.shift.start, text, *carry, &stamp)?;
                    json!({ "note_id": note_id })
                }
                Change::Sign(capacity, accepted) => {
                    if let Some(list) = accepted {
                        store::insert_carry(tx, row.id, list)?;
                    }
                    store::set_signature(tx, row.id, *capacity, &stamp)?;
                    json!({
                        "accepted": accepted.as_ref().map(|l| l.iter().map(CarryItem::carry_id).collect::<Vec<_>>()),
                        "locked": *capacity == Capacity::Leader,
                    })
                }
            };
            record.entity_id = Some(row.id.to_string());
            record.details["shift"] = json!(shift_label(&row.shift));
            record.details["version"] = json!(row.version + 1);
            if let (Some(d), Value::Object(extra)) = (record.details.as_object_mut(), extra) {
                d.extend(extra);
            }
            audit::append_covering(tx, &record, &Covered::handover(row.id))?;
            Ok(row.id)
        })?;
        self.handover(id)
    }

    /// Marks a checklist item done, with an optional note.
    pub fn handover_check(
        &mut self,
        target: HandoverTarget,
        key: &str,
        note: Option<&str>,
        expected_version: Option<i64>,
    ) -> DeskResult<Handover> {
        self.require(Permission::WorkHandover)?;
        let note = match note {
            Some(n) => Some(
                clean_optional(n, NOTE_MAX)
                    .map_err(|e| DeskError::field("field.note", e.key()))?
                    .to_string(),
            ),
            None => None,
        };
        let key = key.trim().to_string();
        self.apply(
            target,
            expected_version,
            "handover.check",
            json!({ "key": key }),
            |h, s, _| {
                h.check_item(&key, note.as_deref(), s.clone())
                    .map(|i| Change::Item(i.clone()))
            },
        )
    }

    /// Waives a checklist item; the note (why) is required.
    pub fn handover_waive(
        &mut self,
        target: HandoverTarget,
        key: &str,
        note: &str,
        expected_version: Option<i64>,
    ) -> DeskResult<Handover> {
        self.require(Permission::WorkHandover)?;
        let note = clean_optional(note, NOTE_MAX)
            .map_err(|e| DeskError::field("field.note", e.key()))?
            .to_string();
        let key = key.trim().to_string();
        self.apply(
            target,
            expected_version,
            "handover.waive",
            json!({ "key": key }),
            |h, s, _| {
                h.waive_item(&key, &note, s.clone())
                    .map(|i| Change::Item(i.clone()))
            },
        )
    }

    /// The incoming officer acknowledges one carry-over item (`kind:ref_id`).
    pub fn handover_ack(
        &mut self,
        target: HandoverTarget,
        carry_id: &str,
        expected_version: Option<i64>,
    ) -> DeskResult<Handover> {
        self.require(Permission::WorkHandover)?;
        let id = carry_id.trim().to_string();
        self.apply(
            target,
            expected_version,
            "handover.ack",
            json!({ "carry": id }),
            |h, s, duty| h.ack(&id, s.clone(), duty).map(|c| Change::Ack(c.clone())),
        )
    }

    /// Writes a note for the next shift. `carry`: it is an open matter that reappears
    /// in every handover until closed with [`Desk::handover_close_note`].
    pub fn handover_note(
        &mut self,
        target: HandoverTarget,
        text: &str,
        carry: bool,
        expected_version: Option<i64>,
    ) -> DeskResult<Handover> {
        self.require(Permission::WorkHandover)?;
        let text =
            clean_note(text, NOTE_MAX).map_err(|e| DeskError::field("field.note", e.key()))?;
        self.apply(
            target,
            expected_version,
            "handover.note",
            json!({ "carry": carry, "text": text }),
            |h, _, _| {
                h.may_add_note().map(|_| Change::Note {
                    text: text.clone(),
                    carry,
                })
            },
        )
    }

    /// Signs the handover in a capacity.
    pub fn handover_sign(
        &mut self,
        target: HandoverTarget,
        capacity: Capacity,
        expected_version: Option<i64>,
    ) -> DeskResult<Handover> {
        self.require(Permission::SignHandover)?;
        let role = self.actor.role;
        let signed = self.apply(
            target,
            expected_version,
            "handover.sign",
            json!({ "capacity": capacity }),
            |h, s, duty| {
                h.sign(capacity, s.clone(), role, duty)?;
                let accepted = (capacity == Capacity::Incoming).then(|| h.carry.clone());
                Ok(Change::Sign(capacity, accepted))
            },
        )?;
        // An anchor outside the database: `audit verify` compares the chain with the
        // latest head in the log.
        if let Some(head) = self.audit_head()? {
            crate::logging::log_audit_head(head.id, &head.hash, &head.at.to_rfc3339());
        }
        Ok(signed)
    }

    /// Closes a carried note (`note:ID` or the bare note id): it stops reappearing.
    /// Other kinds are closed where they live (the fever case, the request).
    pub fn handover_close_note(
        &mut self,
        carry_id: &str,
        remark: Option<&str>,
    ) -> DeskResult<Note> {
        self.require(Permission::WorkHandover)?;
        let raw = carry_id.trim();
        let note_id = match parse_carry_id(raw) {
            Some((CarryKind::Note, r)) => r.parse::<i64>().ok(),
            Some((kind, _)) => {
                return Err(DeskError::invalid("handover.close_elsewhere")
                    .arg("kind", format!("carry.{}", kind.as_str())));
            }
            None => raw.parse::<i64>().ok(),
        }
        .ok_or_else(|| DeskError::invalid("handover.unknown_note").arg("id", sanitize(raw)))?;
        let remark = match remark.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => Some(
                clean_optional(r, NOTE_MAX)
                    .map_err(|e| DeskError::field("field.note", e.key()))?
                    .to_string(),
            ),
            None => None,
        };
        let (note, handover_id) = store::note(self.store.conn(), note_id)?.ok_or_else(|| {
            DeskError::not_found("handover.unknown_note").arg("id", sanitize(raw))
        })?;
        if !note.carry {
            return Err(DeskError::invalid("handover.note_not_carried").arg("id", note_id));
        }
        if let Some(c) = &note.closed {
            return Err(DeskError::refused("handover.note_closed")
                .arg("id", note_id)
                .arg("by", &c.by));
        }
        let stamp = Stamp {
            by: self.actor.login.clone(),
            at: self.clock.now(),
        };
        let record = self.audit_record(
            "handover.note_close",
            "handover_note",
            Some(note_id.to_string()),
            json!({ "handover_id": handover_id, "remark": remark }),
        );
        self.store.write(|tx| {
            if !store::close_note(tx, note_id, &stamp, remark.as_deref())? {
                return Err(DeskError::refused("handover.note_closed")
                    .arg("id", note_id)
                    .arg("by", "?"));
            }
            audit::append_covering(tx, &record, &[Covered::row("carry_notes", note_id)])?;
            Ok(())
        })?;
        Ok(Note {
            closed: Some(stamp),
            ..note
        })
    }

    /// The history, newest shift first; `before`: only shifts starting earlier (paging).
    pub fn handover_list(
        &self,
        limit: usize,
        before: Option<DateTime<Utc>>,
    ) -> DeskResult<Vec<HandoverSummary>> {
        let conn = self.store.conn();
        let mut out = Vec::new();
        for row in store::list(conn, limit, before)? {
            let (settled, total, accepted) = store::counts(conn, row.id)?;
            let carry = if row.signatures.incoming.is_some() {
                accepted
            } else {
                self.carry_items(row.shift.start)?.len()
            };
            out.push(HandoverSummary {
                row,
                settled,
                total,
                carry,
            });
        }
        Ok(out)
    }

    /// The reminders due now, for the notify module (see `domain::handover::reminders_due`).
    pub fn handover_reminders(&self) -> DeskResult<Vec<Reminder>> {
        let now = self.clock.now();
        let plan = self.shift_plan();
        let conn = self.store.conn();
        let current_slot = self.shift_slot_at(&plan, now);
        let current = self.shift_window(&plan, current_slot);
        let current_started = match store::find(conn, current.date, &current.name)? {
            Some(row) => store::has_activity(conn, row.id)?,
            None => false,
        };
        let prev = self.shift_window(&plan, plan.prev(current_slot));
        let previous = match store::find(conn, prev.date, &prev.name)? {
            Some(row) if row.is_locked() => None,
            Some(row) => Some((prev, Some(row.id), row.signatures.missing())),
            None if store::exists_before(conn, prev.start)? => {
                Some((prev, None, Capacity::ALL.to_vec()))
            }
            None => None,
        };
        Ok(reminders_due(&ReminderFacts {
            now,
            remind_before_minutes: self.config.handover.remind_before_minutes,
            current,
            current_started,
            previous,
        }))
    }

    /// The dashboard panel: current shift, who is on duty, the working handover's
    /// progress, carry-over count, and the reminders due. Writes nothing.
    pub fn duty_panel(&self) -> DeskResult<DutyPanel> {
        let now = self.clock.now();
        let plan = self.shift_plan();
        let slot = self.shift_slot_at(&plan, now);
        let shift = self.shift_window(&plan, slot);
        let duty = self.duty_of(shift.date, &shift.name)?;
        let handover = self.handover_peek()?;
        Ok(DutyPanel {
            now,
            next_name: plan.name(plan.next(slot)).to_string(),
            leader: duty.leader.as_deref().map(|l| self.operator(l)),
            officers: duty.officers.iter().map(|o| self.operator(o)).collect(),
            progress: handover.progress(),
            handover,
            reminders: self.handover_reminders()?,
            shift,
        })
    }

    /// Display names of everyone who appears in a record, by login.
    pub fn handover_names(&self, h: &Handover) -> BTreeMap<String, String> {
        let mut logins: Vec<&str> = Vec::new();
        logins.extend(h.opened.iter().map(|s| s.by.as_str()));
        logins.extend(
            h.items
                .iter()
                .filter_map(|i| i.settled.as_ref().map(|s| s.by.as_str())),
        );
        logins.extend(
            h.carry
                .iter()
                .filter_map(|c| c.acked.as_ref().map(|s| s.by.as_str())),
        );
        logins.extend(h.notes.iter().map(|n| n.written.by.as_str()));
        logins.extend(
            h.notes
                .iter()
                .filter_map(|n| n.closed.as_ref().map(|s| s.by.as_str())),
        );
        for c in Capacity::ALL {
            logins.extend(h.signatures.get(*c).map(|s| s.by.as_str()));
        }
        logins
            .into_iter()
            .map(|l| (l.to_string(), self.operator(l).name))
            .collect()
    }

    /// Writes the printable record of a handover (A4) as an Excel workbook: a new file
    /// (0600, never through a link), or a replacement of an existing one when `replace`.
    /// Read-only roles write no file at all.
    pub fn export_handover_xlsx(
        &self,
        id: i64,
        path: &Path,
        lang: Lang,
        replace: bool,
    ) -> DeskResult<()> {
        self.require(Permission::ExportHandover)?;
        let h = self.handover(id)?;
        let meta = self.record_meta(&h, lang);
        crate::report::handover_xlsx::write(&h, &meta, path, replace)
    }

    /// What a printed record needs besides the record itself.
    pub fn record_meta(&self, h: &Handover, lang: Lang) -> crate::report::RecordMeta {
        crate::report::RecordMeta {
            site: self.config.site.name.clone(),
            zone: self.zone,
            lang,
            names: self.handover_names(h),
            printed_at: self.clock.now(),
            audit_head: self.audit_head().ok().flatten().map(|h| (h.id, h.hash)),
        }
    }
}

/// A reminder as one line of text, for notifications and the console's status line.
pub fn reminder_text(lang: Lang, r: &Reminder) -> String {
    let shift = |w: &ShiftWindow| format!("{} {}", w.date, sanitize(&w.name));
    match r {
        Reminder::DueSoon {
            shift: w,
            minutes_left,
        } => crate::i18n::trf(
            lang,
            "handover.remind.due_soon",
            &[("shift", shift(w)), ("minutes", minutes_left.to_string())],
        ),
        Reminder::Unsigned {
            shift: w, missing, ..
        } => crate::i18n::trf(
            lang,
            "handover.remind.unsigned",
            &[
                ("shift", shift(w)),
                (
                    "missing",
                    missing
                        .iter()
                        .map(|c| {
                            crate::i18n::tr(lang, &format!("capacity.{}", c.as_str())).to_string()
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::config::{Config, UserConfig};
    use crate::domain::Role;
    use crate::domain::handover::ItemState;
    use crate::error::ErrorKind;
    use crate::service::Actor;
    use crate::service::handover_sources::test_items;
    use crate::store::Store;
    use std::sync::Arc;

    struct World {
        dir: tempfile::TempDir,
        config: Arc<Config>,
        clock: Arc<FixedClock>,
    }

    fn instant(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    impl World {
        fn new() -> Self {
            let mut config = Config::default();
            config.site.timezone = Some("Asia/Shanghai".into());
            let users = [
                ("zhao", "赵敏", Role::Officer),
                ("qian", "钱进", Role::Officer),
                ("sun", "孙立", Role::Officer),
                ("li", "李玉德", Role::Leader),
                ("wu", "吴芳", Role::Leader),
                ("chen", "陈督查", Role::Supervisor),
                ("men", "门卫老王", Role::Guard),
            ];
            config.users = Some(
                users
                    .iter()
                    .map(|(k, n, r)| {
                        (
                            k.to_string(),
                            UserConfig {
                                name: n.to_string(),
                                role: *r,
                            },
                        )
                    })
                    .collect(),
            );
            Self {
                dir: tempfile::tempdir().unwrap(),
                config: Arc::new(config),
                clock: Arc::new(FixedClock::new(instant("2026-11-29T19:00:00+08:00"))),
            }
        }

        /// A desk on its own connection to the shared database file.
        fn desk(&self, login: &str) -> Desk {
            let store = Store::open(&self.dir.path().join("desk.db")).unwrap();
            let user = &self.config.users.as_ref().unwrap()[login];
            let actor = Actor {
                login: login.into(),
                name: user.name.clone(),
                role: user.role,
            };
            Desk::new(store, self.config.clone(), actor, self.clock.clone()).unwrap()
        }

        fn at(&self, t: &str) {
            self.clock.set(instant(t));
        }
    }

    fn audit_rows(d: &Desk) -> i64 {
        crate::store::audit::count(d.store.conn()).unwrap()
    }

    /// Settles every mandatory item of the working handover as `by`.
    fn settle(d: &mut Desk) {
        let keys: Vec<String> = d
            .handover_open()
            .unwrap()
            .items
            .iter()
            .filter(|i| i.mandatory)
            .map(|i| i.key.clone())
            .collect();
        for k in keys {
            d.handover_check(HandoverTarget::Working, &k, None, None)
                .unwrap();
        }
    }

    /// Signs outgoing (zhao), acknowledges everything (qian), signs incoming and leader.
    fn complete(w: &World) -> Handover {
        let mut zhao = w.desk("zhao");
        settle(&mut zhao);
        zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap();
        let mut qian = w.desk("qian");
        for id in qian.handover_peek().unwrap().unacked() {
            qian.handover_ack(HandoverTarget::Working, &id, None)
                .unwrap();
        }
        qian.handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
            .unwrap();
        w.desk("li")
            .handover_sign(HandoverTarget::Working, Capacity::Leader, None)
            .unwrap()
    }

    #[test]
    fn shifts_are_placed_in_the_site_zone_across_midnight() {
        let w = World::new();
        let d = w.desk("zhao");
        w.at("2026-11-30T03:00:00+08:00");
        let s = d.current_shift();
        assert_eq!(
            (s.name.as_str(), s.date.to_string()),
            ("夜班", "2026-11-29".into())
        );
        assert_eq!(s.start, instant("2026-11-29T20:00:00+08:00"));
        assert_eq!(s.end, instant("2026-11-30T08:00:00+08:00"));
        // The same instant on a desk that keeps its time in UTC (its database records
        // the zone of the config that created it).
        let mut utc = (*w.config).clone();
        utc.site.timezone = Some("UTC".into());
        let d = Desk::new(
            Store::open(&w.dir.path().join("utc.db")).unwrap(),
            Arc::new(utc),
            d.actor.clone(),
            w.clock.clone(),
        )
        .unwrap();
        let s = d.current_shift();
        // 03:00 in Shanghai is 19:00 UTC the day before: the UTC day shift of the 29th.
        assert_eq!(
            (s.name.as_str(), s.date.to_string()),
            ("白班", "2026-11-29".into())
        );
        assert_eq!(s.end, instant("2026-11-29T20:00:00Z"));
    }

    #[test]
    fn a_night_shift_across_a_clock_change_keeps_its_wall_clock_bounds() {
        let w = World::new();
        let mut berlin = (*w.config).clone();
        berlin.site.timezone = Some("Europe/Berlin".into());
        let d = Desk::new(
            Store::open(&w.dir.path().join("berlin.db")).unwrap(),
            Arc::new(berlin),
            w.desk("zhao").actor.clone(),
            w.clock.clone(),
        )
        .unwrap();
        // Summer time ends at 03:00 on 2026-10-25: that night shift lasts 13 hours.
        w.at("2026-10-25T02:30:00+01:00");
        let s = d.current_shift();
        assert_eq!(
            (s.name.as_str(), s.date.to_string()),
            ("夜班", "2026-10-24".into())
        );
        assert_eq!(s.start, instant("2026-10-24T20:00:00+02:00"));
        assert_eq!(s.end, instant("2026-10-25T08:00:00+01:00"));
        assert_eq!(s.end - s.start, Duration::hours(13));
    }

    #[test]
    fn a_stale_version_is_a_conflict_and_writes_nothing() {
        let w = World::new();
        let mut a = w.desk("zhao");
        let mut b = w.desk("sun");
        let seen = a.handover_open().unwrap();
        assert_eq!(seen.version, 1);
        let id = seen.id.unwrap();
        b.handover_check(HandoverTarget::Id(id), "gate_book", None, Some(1))
            .unwrap();
        let before = audit_rows(&a);
        let err = a
            .handover_check(HandoverTarget::Id(id), "supplies", None, Some(seen.version))
            .unwrap_err();
        assert_eq!((err.kind, err.key), (ErrorKind::Conflict, STALE));
        assert_eq!(err.get("current"), Some("2"));
        assert_eq!(audit_rows(&a), before);
        let now = a.handover(id).unwrap();
        assert_eq!(now.version, 2);
        assert_eq!(now.items[4].state, ItemState::Open);
        // Reloaded, the same write goes through.
        let after = a
            .handover_check(HandoverTarget::Id(id), "supplies", None, Some(now.version))
            .unwrap();
        assert_eq!(after.version, 3);
        // Without a version (the CLI), the latest is used.
        b.handover_note(HandoverTarget::Working, "西门正常", false, None)
            .unwrap();
    }

    #[test]
    fn a_view_of_an_unopened_handover_is_stale_once_someone_opens_it() {
        let w = World::new();
        let a = w.desk("chen");
        let seen = a.handover_peek().unwrap();
        assert_eq!((seen.id, seen.version), (None, 0));
        assert_eq!(audit_rows(&a), 0, "looking writes nothing");
        let mut zhao = w.desk("zhao");
        let mut sun = w.desk("sun");
        zhao.handover_check(HandoverTarget::Working, "gate_book", None, Some(0))
            .unwrap();
        let err = sun
            .handover_check(HandoverTarget::Working, "phones", None, Some(0))
            .unwrap_err();
        assert_eq!(err.key, STALE);
    }

    #[test]
    fn refusals_write_nothing() {
        let w = World::new();
        let mut zhao = w.desk("zhao");
        let h = zhao.handover_open().unwrap();
        let rows = audit_rows(&zhao);
        let err = zhao
            .handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap_err();
        assert_eq!(
            (err.kind, err.key),
            (ErrorKind::Refused, "handover.mandatory_open")
        );
        assert!(err.get("items").unwrap().contains("gate_book"));
        let err = zhao
            .handover_waive(HandoverTarget::Working, "supplies", " ", None)
            .unwrap_err();
        assert_eq!(
            (err.kind, err.key),
            (ErrorKind::Invalid, "handover.waive_needs_note")
        );
        let err = zhao
            .handover_check(HandoverTarget::Working, "nope", None, None)
            .unwrap_err();
        assert!(err.get("known").unwrap().contains("gate_book"));
        let err = w
            .desk("qian")
            .handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
            .unwrap_err();
        assert_eq!(err.key, "handover.out_of_order");
        assert_eq!(audit_rows(&zhao), rows);
        assert_eq!(zhao.handover(h.id.unwrap()).unwrap(), h);
    }

    #[test]
    fn a_refused_first_write_does_not_open_the_record_either() {
        let w = World::new();
        let mut zhao = w.desk("zhao");
        zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap_err();
        assert_eq!(audit_rows(&zhao), 0);
        assert_eq!(zhao.handover_peek().unwrap().id, None);
    }

    #[test]
    fn supervisors_and_guards_cannot_work_or_sign() {
        let w = World::new();
        for who in ["chen", "men"] {
            let mut d = w.desk(who);
            let h = d.handover_status().unwrap();
            assert_eq!(h.id, None, "{who} only looks");
            for err in [
                d.handover_check(HandoverTarget::Working, "gate_book", None, None)
                    .unwrap_err(),
                d.handover_note(HandoverTarget::Working, "x", false, None)
                    .unwrap_err(),
                d.handover_sign(HandoverTarget::Working, Capacity::Leader, None)
                    .unwrap_err(),
                d.handover_open().unwrap_err(),
            ] {
                assert_eq!(err.kind, ErrorKind::Refused);
            }
        }
        assert_eq!(audit_rows(&w.desk("zhao")), 0);
    }

    #[test]
    fn the_whole_path_locks_the_record() {
        let w = World::new();
        let h = complete(&w);
        assert!(h.is_locked());
        assert_eq!(h.signatures.missing(), vec![]);
        let id = h.id.unwrap();
        let mut zhao = w.desk("zhao");
        let err = zhao
            .handover_check(HandoverTarget::Id(id), "daily_report", None, None)
            .unwrap_err();
        assert_eq!(err.key, "handover.locked");
        let err = zhao
            .handover_note(HandoverTarget::Id(id), "late", false, None)
            .unwrap_err();
        assert_eq!(err.key, "handover.locked");
        // The database refuses changes to a locked record whatever program writes.
        let conn = zhao.store.conn();
        assert!(
            conn.execute(
                "UPDATE handover_items SET state = 'open' WHERE handover_id = ?1",
                [id]
            )
            .is_err()
        );
        assert!(
            conn.execute("UPDATE handovers SET version = 99 WHERE id = ?1", [id])
                .is_err()
        );
        assert_eq!(zhao.handover(id).unwrap(), h);
        assert!(matches!(
            zhao.audit_verify().unwrap(),
            crate::store::audit::Verification::Intact { .. }
        ));
    }

    #[test]
    fn the_previous_shift_stays_the_working_handover_until_it_is_locked() {
        let w = World::new();
        let mut zhao = w.desk("zhao");
        let day = zhao.handover_open().unwrap();
        assert_eq!(day.shift.name, "白班");
        w.at("2026-11-29T20:10:00+08:00");
        // The shift changed, but the day handover is unfinished: it is still the one.
        let peek = zhao.handover_peek().unwrap();
        assert_eq!(peek.id, day.id);
        assert_eq!(
            zhao.handover_reminders().unwrap(),
            vec![Reminder::Unsigned {
                shift: day.shift.clone(),
                handover_id: day.id,
                missing: Capacity::ALL.to_vec(),
            }]
        );
        settle(&mut zhao);
        zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap();
        w.desk("qian")
            .handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
            .unwrap();
        w.desk("li")
            .handover_sign(HandoverTarget::Working, Capacity::Leader, None)
            .unwrap();
        let night = zhao.handover_open().unwrap();
        assert_eq!(night.shift.name, "夜班");
        assert_eq!(night.next_date.to_string(), "2026-11-30");
        assert!(zhao.handover_reminders().unwrap().is_empty());
    }

    #[test]
    fn reminds_before_the_end_until_the_handover_starts() {
        let w = World::new();
        let mut zhao = w.desk("zhao");
        w.at("2026-11-29T19:29:00+08:00");
        assert!(zhao.handover_reminders().unwrap().is_empty());
        w.at("2026-11-29T19:40:00+08:00");
        let r = zhao.handover_reminders().unwrap();
        assert!(matches!(
            r[..],
            [Reminder::DueSoon {
                minutes_left: 20,
                ..
            }]
        ));
        assert_eq!(
            reminder_text(Lang::Zh, &r[0]),
            "2026-11-29 白班 还有 20 分钟结束，交接尚未开始"
        );
        // Opening alone is not starting; a checked item is.
        zhao.handover_open().unwrap();
        assert_eq!(zhao.handover_reminders().unwrap().len(), 1);
        zhao.handover_check(HandoverTarget::Working, "gate_book", None, None)
            .unwrap();
        assert!(zhao.handover_reminders().unwrap().is_empty());
    }

    #[test]
    fn source_items_are_carried_while_their_source_lists_them() {
        let w = World::new();
        test_items::set(&[
            (CarryKind::Approval, "17", "访客 王某 待审批"),
            (CarryKind::Flag, "42", "张三 37.8 待复测"),
        ]);
        let mut zhao = w.desk("zhao");
        let h = zhao.handover_open().unwrap();
        assert_eq!(h.unacked(), vec!["approval:17", "flag:42"]);
        settle(&mut zhao);
        zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap();
        let mut qian = w.desk("qian");
        qian.handover_ack(HandoverTarget::Working, "flag:42", None)
            .unwrap();
        // The approval is decided meanwhile: it is no longer carried.
        test_items::set(&[(CarryKind::Flag, "42", "张三 37.8 待复测")]);
        let h = qian
            .handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
            .unwrap();
        assert_eq!(h.carry.len(), 1);
        assert!(h.carry_frozen);
        // Once accepted, the list is what the incoming officer accepted, whatever
        // the sources say later.
        test_items::set(&[]);
        let h = qian.handover(h.id.unwrap()).unwrap();
        assert_eq!(h.carry[0].carry_id(), "flag:42");
        assert_eq!(h.carry[0].acked.as_ref().unwrap().by, "qian");
        let list = qian.handover_list(10, None).unwrap();
        assert_eq!(list[0].carry, 1);
    }

    #[test]
    fn a_new_item_after_the_outgoing_signature_must_be_acknowledged_too() {
        let w = World::new();
        let mut zhao = w.desk("zhao");
        settle(&mut zhao);
        zhao.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap();
        test_items::set(&[(CarryKind::Flag, "43", "李四 37.6")]);
        let mut qian = w.desk("qian");
        let err = qian
            .handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
            .unwrap_err();
        assert_eq!(err.key, "handover.unacked");
        assert_eq!(err.get("items"), Some("flag:43"));
    }

    #[test]
    fn a_carried_note_reappears_until_closed() {
        let w = World::new();
        let mut zhao = w.desk("zhao");
        let h = zhao
            .handover_note(HandoverTarget::Working, "西门体温计电池电量低", true, None)
            .unwrap();
        let note_id = h.notes[0].id;
        assert_eq!(h.carry[0].carry_id(), format!("note:{note_id}"));
        complete(&w);
        // Next shift: still open, so carried again and to be acknowledged again.
        w.at("2026-11-29T21:00:00+08:00");
        let night = zhao.handover_open().unwrap();
        assert_eq!(night.shift.name, "夜班");
        assert_eq!(night.unacked(), vec![format!("note:{note_id}")]);
        let err = zhao.handover_close_note("flag:42", None).unwrap_err();
        assert_eq!(err.key, "handover.close_elsewhere");
        let n = zhao
            .handover_close_note(&format!("note:{note_id}"), Some("已更换电池"))
            .unwrap();
        assert!(n.closed.is_some());
        assert!(zhao.handover_open().unwrap().carry.is_empty());
        let err = zhao
            .handover_close_note(&note_id.to_string(), None)
            .unwrap_err();
        assert_eq!(err.key, "handover.note_closed");
        // The locked record of the day still shows what was handed over, and that the
        // note has since been closed.
        let day = zhao.handover(h.id.unwrap()).unwrap();
        assert_eq!(day.carry.len(), 1);
        assert!(day.notes[0].closed.is_some());
    }

    #[test]
    fn the_roster_decides_who_signs() {
        let w = World::new();
        let mut admin_config = (*w.config).clone();
        admin_config.users.as_mut().unwrap().insert(
            "root".into(),
            UserConfig {
                name: "管理员".into(),
                role: Role::Admin,
            },
        );
        let mut root = Desk::new(
            Store::open(&w.dir.path().join("desk.db")).unwrap(),
            Arc::new(admin_config),
            Actor {
                login: "root".into(),
                name: "管理员".into(),
                role: Role::Admin,
            },
            w.clock.clone(),
        )
        .unwrap();
        root.import_roster(
            "date,shift,leader,officers\n2026-11-29,白班,li,zhao\n2026-11-29,夜班,wu,qian;孙立\n"
                .as_bytes(),
        )
        .unwrap();
        let mut sun = w.desk("sun");
        settle(&mut sun);
        let err = sun
            .handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap_err();
        assert_eq!(err.key, "handover.not_rostered");
        assert_eq!(err.get("rostered"), Some("zhao"));
        w.desk("zhao")
            .handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
            .unwrap();
        // sun is on the night shift, so may accept and sign as incoming.
        sun.handover_sign(HandoverTarget::Working, Capacity::Incoming, None)
            .unwrap();
        let panel = w.desk("chen").duty_panel().unwrap();
        assert_eq!(panel.leader.as_ref().unwrap().name, "李玉德");
        assert_eq!(panel.officers.len(), 1);
        assert_eq!(panel.progress.mandatory_open, 0);
        assert_eq!(panel.next_name, "夜班");
        assert_eq!(panel.ends_in(panel.now), Duration::hours(1));
        // The ending shift's leader countersigns (the next shift's, wu, could too).
        let h = w
            .desk("li")
            .handover_sign(HandoverTarget::Working, Capacity::Leader, None)
            .unwrap();
        assert!(h.is_locked());
    }
}
