//! Handover records: the header with its signatures and version, the checklist,
//! carry-over acknowledgements and the accepted list, notes and carried notes.
//! Locked records are protected by triggers as well (see `0004_handover.sql`).

use crate::clock::{from_ms, to_ms};
use crate::domain::handover::{
    Capacity, CarryItem, CarryKind, ChecklistItem, ItemState, Note, ShiftWindow, Signatures, Stamp,
};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The header of a stored record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRow {
    pub id: i64,
    pub version: i64,
    pub shift: ShiftWindow,
    pub next_name: String,
    pub next_date: NaiveDate,
    pub opened: Stamp,
    pub signatures: Signatures,
}

impl HandoverRow {
    pub fn is_locked(&self) -> bool {
        self.signatures.leader.is_some()
    }
}

/// What opening a record stores.
pub struct NewHandover<'a> {
    pub shift: &'a ShiftWindow,
    pub next_name: &'a str,
    pub next_date: NaiveDate,
    pub opened: &'a Stamp,
    pub items: &'a [ChecklistItem],
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn stamp(by: Option<String>, at: Option<i64>) -> Option<Stamp> {
    match (by, at) {
        (Some(by), Some(at)) => Some(Stamp {
            by,
            at: from_ms(at),
        }),
        _ => None,
    }
}

macro_rules! header_columns {
    () => {
        "id, version, shift_name, shift_date, shift_start, shift_end, next_name, next_date,
         opened_by, opened_at, outgoing_by, outgoing_at, incoming_by, incoming_at,
         leader_by, leader_at"
    };
}

fn header_from_row(r: &Row) -> rusqlite::Result<HandoverRow> {
    Ok(HandoverRow {
        id: r.get(0)?,
        version: r.get(1)?,
        shift: ShiftWindow {
            name: r.get(2)?,
            date: parse_date(&r.get::<_, String>(3)?),
            start: from_ms(r.get(4)?),
            end: from_ms(r.get(5)?),
        },
        next_name: r.get(6)?,
        next_date: parse_date(&r.get::<_, String>(7)?),
        opened: Stamp {
            by: r.get(8)?,
            at: from_ms(r.get(9)?),
        },
        signatures: Signatures {
            outgoing: stamp(r.get(10)?, r.get(11)?),
            incoming: stamp(r.get(12)?, r.get(13)?),
            leader: stamp(r.get(14)?, r.get(15)?),
        },
    })
}

/// Opens a record with its checklist. Returns its id.
pub fn insert(conn: &Connection, h: &NewHandover) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO handovers (shift_date, shift_name, shift_start, shift_end, next_date, next_name,
                                opened_at, opened_by, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
    )?
    .execute(params![
        date_text(h.shift.date),
        h.shift.name,
        to_ms(h.shift.start),
        to_ms(h.shift.end),
        date_text(h.next_date),
        h.next_name,
        to_ms(h.opened.at),
        h.opened.by,
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO handover_items (handover_id, position, key, label, label_en, mandatory)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, item) in h.items.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            item.key,
            item.label,
            item.label_en,
            item.mandatory
        ])?;
    }
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<HandoverRow>> {
    conn.prepare_cached(concat!(
        "SELECT ",
        header_columns!(),
        " FROM handovers WHERE id = ?1"
    ))?
    .query_row([id], header_from_row)
    .optional()
}

/// The record of a shift, by its start date and name.
pub fn find(
    conn: &Connection,
    date: NaiveDate,
    name: &str,
) -> rusqlite::Result<Option<HandoverRow>> {
    conn.prepare_cached(concat!(
        "SELECT ",
        header_columns!(),
        " FROM handovers WHERE shift_date = ?1 AND shift_name = ?2"
    ))?
    .query_row(params![date_text(date), name], header_from_row)
    .optional()
}

/// Whether any record exists for a shift that started before `start`.
pub fn exists_before(
    conn: &Connection,
    start: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM handovers WHERE shift_start < ?1 LIMIT 1")?
        .query_row([to_ms(start)], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Records newest first (by shift start), one page at a time.
pub fn list(
    conn: &Connection,
    limit: usize,
    before_start: Option<chrono::DateTime<chrono::Utc>>,
) -> rusqlite::Result<Vec<HandoverRow>> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT ",
        header_columns!(),
        " FROM handovers WHERE shift_start < ?1 ORDER BY shift_start DESC LIMIT ?2"
    ))?;
    let before = before_start.map(to_ms).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![before, limit as i64], header_from_row)?;
    rows.collect()
}

pub fn items(conn: &Connection, id: i64) -> rusqlite::Result<Vec<ChecklistItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, label, label_en, mandatory, state, by, at, note
         FROM handover_items WHERE handover_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        let state: String = r.get(4)?;
        Ok(ChecklistItem {
            key: r.get(0)?,
            label: r.get(1)?,
            label_en: r.get(2)?,
            mandatory: r.get(3)?,
            state: ItemState::parse(&state).unwrap_or(ItemState::Open),
            settled: stamp(r.get(5)?, r.get(6)?),
            note: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// Stores an item's state, who settled it, when, and the note.
pub fn set_item(conn: &Connection, id: i64, item: &ChecklistItem) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE handover_items SET state = ?3, by = ?4, at = ?5, note = ?6
         WHERE handover_id = ?1 AND key = ?2",
    )?
    .execute(params![
        id,
        item.key,
        item.state.as_str(),
        item.settled.as_ref().map(|s| s.by.clone()),
        item.settled.as_ref().map(|s| to_ms(s.at)),
        item.note,
    ])?;
    Ok(())
}

/// Acknowledgements given while the carry-over list is live.
pub fn acks(conn: &Connection, id: i64) -> rusqlite::Result<Vec<(CarryKind, String, Stamp)>> {
    let mut stmt = conn
        .prepare_cached("SELECT kind, ref_id, by, at FROM handover_acks WHERE handover_id = ?1")?;
    let rows = stmt.query_map([id], |r| {
        let kind: String = r.get(0)?;
        Ok((
            CarryKind::parse(&kind).unwrap_or(CarryKind::Note),
            r.get(1)?,
            Stamp {
                by: r.get(2)?,
                at: from_ms(r.get(3)?),
            },
        ))
    })?;
    rows.collect()
}

pub fn insert_ack(
    conn: &Connection,
    id: i64,
    kind: CarryKind,
    ref_id: &str,
    s: &Stamp,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO handover_acks (handover_id, kind, ref_id, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, kind.as_str(), ref_id, s.by, to_ms(s.at)])?;
    Ok(())
}

/// The carry-over list as accepted at the incoming signature (empty before it).
pub fn accepted_carry(conn: &Connection, id: i64) -> rusqlite::Result<Vec<CarryItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, ref_id, summary, acked_by, acked_at
         FROM handover_carry WHERE handover_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        let kind: String = r.get(0)?;
        Ok(CarryItem {
            kind: CarryKind::parse(&kind).unwrap_or(CarryKind::Note),
            ref_id: r.get(1)?,
            summary: r.get(2)?,
            acked: stamp(r.get(3)?, r.get(4)?),
        })
    })?;
    rows.collect()
}

/// Writes the accepted carry-over list. Every item must be acknowledged.
pub fn insert_carry(conn: &Connection, id: i64, items: &[CarryItem]) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO handover_carry (handover_id, position, kind, ref_id, summary, acked_by, acked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, c) in items.iter().enumerate() {
        let (by, at) = c
            .acked
            .as_ref()
            .map(|a| (a.by.clone(), to_ms(a.at)))
            .unwrap_or_default();
        stmt.execute(params![
            id,
            i as i64,
            c.kind.as_str(),
            c.ref_id,
            c.summary,
            by,
            at
        ])?;
    }
    Ok(())
}

/// Counts for list views: items settled, items in all, accepted carry-over items.
pub fn counts(conn: &Connection, id: i64) -> rusqlite::Result<(usize, usize, usize)> {
    conn.prepare_cached(
        "SELECT (SELECT count(*) FROM handover_items WHERE handover_id = ?1 AND state <> 'open'),
                (SELECT count(*) FROM handover_items WHERE handover_id = ?1),
                (SELECT count(*) FROM handover_carry WHERE handover_id = ?1)",
    )?
    .query_row([id], |r| {
        Ok((
            r.get::<_, i64>(0)? as usize,
            r.get::<_, i64>(1)? as usize,
            r.get::<_, i64>(2)? as usize,
        ))
    })
}

fn note_from_row(r: &Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        text: r.get(1)?,
        carry: r.get(2)?,
        written: Stamp {
            by: r.get(3)?,
            at: from_ms(r.get(4)?),
        },
        closed: stamp(r.get(5)?, r.get(6)?),
    })
}

/// The notes written in a record, oldest first, with the state of carried ones.
pub fn notes(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.text, n.carry, n.by, n.at, c.closed_by, c.closed_at
         FROM handover_notes n LEFT JOIN carry_notes c ON c.note_id = n.id
         WHERE n.handover_id = ?1 ORDER BY n.id",
    )?;
    let rows = stmt.query_map([id], note_from_row)?;
    rows.collect()
}

/// One note and the record it was written in.
pub fn note(conn: &Connection, note_id: i64) -> rusqlite::Result<Option<(Note, i64)>> {
    conn.prepare_cached(
        "SELECT n.id, n.text, n.carry, n.by, n.at, c.closed_by, c.closed_at, n.handover_id
         FROM handover_notes n LEFT JOIN carry_notes c ON c.note_id = n.id WHERE n.id = ?1",
    )?
    .query_row([note_id], |r| Ok((note_from_row(r)?, r.get(7)?)))
    .optional()
}

/// Carried notes still open that were written in a record of a shift starting at or
/// before `upto`: (note id, text), oldest first.
pub fn open_carry_notes(
    conn: &Connection,
    upto: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.text FROM carry_notes c JOIN handover_notes n ON n.id = c.note_id
         WHERE c.closed_at IS NULL AND c.shift_start <= ?1 ORDER BY n.id",
    )?;
    let rows = stmt.query_map([to_ms(upto)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Writes a note; a carried note also starts its open life in `carry_notes`.
pub fn insert_note(
    conn: &Connection,
    id: i64,
    shift_start: chrono::DateTime<chrono::Utc>,
    text: &str,
    carry: bool,
    s: &Stamp,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO handover_notes (handover_id, text, carry, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, text, carry, s.by, to_ms(s.at)])?;
    let note_id = conn.last_insert_rowid();
    if carry {
        conn.prepare_cached("INSERT INTO carry_notes (note_id, shift_start) VALUES (?1, ?2)")?
            .execute(params![note_id, to_ms(shift_start)])?;
    }
    Ok(note_id)
}

/// Closes a carried note. Returns false when it was not open.
pub fn close_note(
    conn: &Connection,
    note_id: i64,
    s: &Stamp,
    remark: Option<&str>,
) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE carry_notes SET closed_by = ?2, closed_at = ?3, remark = ?4
             WHERE note_id = ?1 AND closed_at IS NULL",
        )?
        .execute(params![note_id, s.by, to_ms(s.at), remark])?;
    Ok(n == 1)
}

/// Records a signature.
pub fn set_signature(conn: &Connection, id: i64, c: Capacity, s: &Stamp) -> rusqlite::Result<()> {
    // The column pair comes from a fixed list, never from data.
    let sql = match c {
        Capacity::Outgoing => {
            "UPDATE handovers SET outgoing_by = ?2, outgoing_at = ?3 WHERE id = ?1"
        }
        Capacity::Incoming => {
            "UPDATE handovers SET incoming_by = ?2, incoming_at = ?3 WHERE id = ?1"
        }
        Capacity::Leader => "UPDATE handovers SET leader_by = ?2, leader_at = ?3 WHERE id = ?1",
    };
    conn.prepare_cached(sql)?
        .execute(params![id, s.by, to_ms(s.at)])?;
    Ok(())
}

/// Moves the version on from `expected`. Returns false when the record is at another
/// version (someone else changed it first).
pub fn bump_version(conn: &Connection, id: i64, expected: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE handovers SET version = version + 1 WHERE id = ?1 AND version = ?2",
        )?
        .execute(params![id, expected])?;
    Ok(n == 1)
}

/// Whether anything has been done on a record: an item settled, a note, an
/// acknowledgement or a signature.
pub fn has_activity(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM handover_items WHERE handover_id = ?1 AND state <> 'open')
             OR EXISTS (SELECT 1 FROM handover_notes WHERE handover_id = ?1)
             OR EXISTS (SELECT 1 FROM handover_acks WHERE handover_id = ?1)
             OR EXISTS (SELECT 1 FROM handovers WHERE id = ?1 AND outgoing_at IS NOT NULL)",
    )?
    .query_row([id], |r| r.get(0))
}
