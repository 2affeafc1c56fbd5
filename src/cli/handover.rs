//! `dutydesk handover …`: status, check, waive, ack, note, close, sign, list, show,
//! export. Writes go to the working handover unless `--id` names another record; the
//! CLI always writes against the latest version (no `expected_version`).

use super::{Format, Session, json, table};
use crate::clock::Zone;
use crate::domain::handover::{Capacity, Handover, Signatures, Stamp};
use crate::domain::role::Permission;
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::report::RecordMeta;
use crate::service::Desk;
use crate::service::handover::{HandoverSummary, HandoverTarget};
use clap::{Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// The handover the desk is on now: the previous shift's while it is unfinished,
    /// else the current shift's (opened if missing when you may work on it).
    Status {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Mark a checklist item done.
    Check {
        /// The item's key, as shown by `handover status`.
        key: String,
        #[arg(long)]
        note: Option<String>,
        /// Another handover record than the working one.
        #[arg(long)]
        id: Option<i64>,
    },
    /// Waive a checklist item (not done this time); the note says why.
    Waive {
        key: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        id: Option<i64>,
    },
    /// Acknowledge a carry-over item as the incoming officer (its ID, e.g. approval:17).
    Ack {
        carry_id: String,
        #[arg(long)]
        id: Option<i64>,
    },
    /// Write a note for the next shift. With --carry it is an open item that reappears
    /// at every handover until closed with `handover close`.
    Note {
        text: String,
        #[arg(long)]
        carry: bool,
        #[arg(long)]
        id: Option<i64>,
    },
    /// Close a carried note (note:ID) so it no longer reappears.
    Close {
        carry_id: String,
        /// What was done about it.
        #[arg(long)]
        note: Option<String>,
    },
    /// Sign: outgoing officer, then incoming officer, then the duty leader.
    Sign {
        #[arg(long = "as", value_enum)]
        capacity: CapacityArg,
        #[arg(long)]
        id: Option<i64>,
    },
    /// Past and current handovers, newest shift first.
    List {
        #[arg(long, default_value_t = 30)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One handover record in full.
    Show {
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: ShowFormat,
    },
    /// Write a printable A4 record (.xlsx) for the paper archive.
    Export {
        id: i64,
        /// The new file (created 0600; a symbolic link there is refused).
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// Replace the file if it already exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CapacityArg {
    Outgoing,
    Incoming,
    Leader,
}

impl From<CapacityArg> for Capacity {
    fn from(c: CapacityArg) -> Self {
        match c {
            CapacityArg::Outgoing => Capacity::Outgoing,
            CapacityArg::Incoming => Capacity::Incoming,
            CapacityArg::Leader => Capacity::Leader,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    #[default]
    Table,
    Json,
    Md,
}

fn target(id: Option<i64>) -> HandoverTarget {
    id.map(HandoverTarget::Id)
        .unwrap_or(HandoverTarget::Working)
}

pub fn run(session: &Session, cmd: HandoverCommand) -> DeskResult<ExitCode> {
    match cmd {
        HandoverCommand::Status { format } => {
            // Status opens the working record for those who work on it (a write, which
            // may start a new database); for anyone else it only looks.
            let mut desk = if session.actor_may(Permission::WorkHandover)? {
                session.open_desk()?
            } else {
                session.open_existing_desk()?
            };
            let h = desk.handover_status()?;
            print_handover(session, &desk, &h, format.into());
        }
        HandoverCommand::Check { key, note, id } => {
            let mut desk = session.open_desk()?;
            let h = desk.handover_check(target(id), &key, note.as_deref(), None)?;
            let label = h
                .items
                .iter()
                .find(|i| i.key == key.trim())
                .map(|i| item_label(session, &i.label, &i.label_en))
                .unwrap_or_default();
            done(session, "handover.did.check", &h, &[("item", label)]);
        }
        HandoverCommand::Waive { key, note, id } => {
            let mut desk = session.open_desk()?;
            let h = desk.handover_waive(target(id), &key, &note, None)?;
            let label = h
                .items
                .iter()
                .find(|i| i.key == key.trim())
                .map(|i| item_label(session, &i.label, &i.label_en))
                .unwrap_or_default();
            done(session, "handover.did.waive", &h, &[("item", label)]);
        }
        HandoverCommand::Ack { carry_id, id } => {
            let mut desk = session.open_desk()?;
            let h = desk.handover_ack(target(id), &carry_id, None)?;
            let left = h.unacked().len();
            done(
                session,
                "handover.did.ack",
                &h,
                &[
                    ("carry", sanitize(carry_id.trim())),
                    ("left", left.to_string()),
                ],
            );
        }
        HandoverCommand::Note { text, carry, id } => {
            let mut desk = session.open_desk()?;
            let h = desk.handover_note(target(id), &text, carry, None)?;
            let note = h.notes.last().map(|n| n.id).unwrap_or_default();
            let key = if carry {
                "handover.did.note_carry"
            } else {
                "handover.did.note"
            };
            done(session, key, &h, &[("note", note.to_string())]);
        }
        HandoverCommand::Close { carry_id, note } => {
            let mut desk = session.open_desk()?;
            let n = desk.handover_close_note(&carry_id, note.as_deref())?;
            println!(
                "{}",
                crate::i18n::trf(
                    session.lang,
                    "handover.did.close",
                    &[("note", n.id.to_string())]
                )
            );
        }
        HandoverCommand::Sign { capacity, id } => {
            let mut desk = session.open_desk()?;
            let capacity = Capacity::from(capacity);
            let h = desk.handover_sign(target(id), capacity, None)?;
            done(
                session,
                "handover.did.sign",
                &h,
                &[(
                    "capacity",
                    session
                        .tr(&format!("capacity.{}", capacity.as_str()))
                        .to_string(),
                )],
            );
            if h.is_locked() {
                println!(
                    "{}",
                    crate::i18n::trf(
                        session.lang,
                        "handover.did.lock",
                        &[("id", h.id.unwrap_or_default().to_string())]
                    )
                );
            }
        }
        HandoverCommand::List { limit, format } => {
            if limit == 0 {
                return Err(DeskError::field("field.limit", "limit.zero"));
            }
            let desk = session.open_existing_desk()?;
            let list = desk.handover_list(limit, None)?;
            print_list(session, &desk, &list, format);
        }
        HandoverCommand::Show { id, format } => {
            let desk = session.open_existing_desk()?;
            let h = desk.handover(id)?;
            print_handover(session, &desk, &h, format);
        }
        HandoverCommand::Export { id, out, force } => {
            let desk = session.open_existing_desk()?;
            desk.export_handover_xlsx(id, &out, session.lang, force)?;
            println!(
                "{}",
                crate::i18n::trf(
                    session.lang,
                    "handover.exported",
                    &[("id", id.to_string()), ("path", out.display().to_string())]
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

impl From<Format> for ShowFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => ShowFormat::Table,
            Format::Json => ShowFormat::Json,
        }
    }
}

fn item_label(session: &Session, zh: &str, en: &str) -> String {
    sanitize(match session.lang {
        crate::i18n::Lang::Zh => zh,
        crate::i18n::Lang::En => en,
    })
}

/// The one-line confirmation of a write, naming the record it went to.
fn done(session: &Session, key: &str, h: &Handover, args: &[(&str, String)]) {
    let mut all: Vec<(&str, String)> = args.to_vec();
    all.push((
        "shift",
        format!("{} {}", h.shift.date, sanitize(&h.shift.name)),
    ));
    all.push(("id", h.id.unwrap_or_default().to_string()));
    all.push(("version", h.version.to_string()));
    println!("{}", crate::i18n::trf(session.lang, key, &all));
}

fn stamp_json(zone: Zone, s: Option<&Stamp>) -> Value {
    match s {
        Some(s) => json!({ "by": sanitize(&s.by), "at": json::time(zone, s.at) }),
        None => Value::Null,
    }
}

fn signatures_json(zone: Zone, s: &Signatures) -> Value {
    json!({
        "outgoing": stamp_json(zone, s.outgoing.as_ref()),
        "incoming": stamp_json(zone, s.incoming.as_ref()),
        "leader": stamp_json(zone, s.leader.as_ref()),
    })
}

/// A record as JSON (the keys the status view documents).
pub fn handover_json(zone: Zone, h: &Handover) -> Value {
    let p = h.progress();
    json!({
        "id": h.id,
        "version": h.version,
        "shift": sanitize(&h.shift.name),
        "shift_date": h.shift.date.to_string(),
        "shift_start": json::time(zone, h.shift.start),
        "shift_end": json::time(zone, h.shift.end),
        "next_shift": sanitize(&h.next_name),
        "next_date": h.next_date.to_string(),
        "opened": stamp_json(zone, h.opened.as_ref()),
        "items": h.items.iter().map(|i| json!({
            "key": sanitize(&i.key),
            "label": sanitize(&i.label),
            "label_en": sanitize(&i.label_en),
            "mandatory": i.mandatory,
            "state": i.state,
            "by": i.settled.as_ref().map(|s| sanitize(&s.by)),
            "at": i.settled.as_ref().map(|s| json::time(zone, s.at)),
            "note": i.note.as_deref().map(sanitize),
        })).collect::<Vec<_>>(),
        "carry_over": h.carry.iter().map(|c| json!({
            "id": sanitize(&c.carry_id()),
            "kind": c.kind,
            "ref_id": sanitize(&c.ref_id),
            "summary": sanitize(&c.summary),
            "acked_by": c.acked.as_ref().map(|s| sanitize(&s.by)),
            "acked_at": c.acked.as_ref().map(|s| json::time(zone, s.at)),
        })).collect::<Vec<_>>(),
        "carry_over_accepted": h.carry_frozen,
        "notes": h.notes.iter().map(|n| json!({
            "id": n.id,
            "text": sanitize(&n.text),
            "carry": n.carry,
            "by": sanitize(&n.written.by),
            "at": json::time(zone, n.written.at),
            "closed": stamp_json(zone, n.closed.as_ref()),
        })).collect::<Vec<_>>(),
        "signatures": signatures_json(zone, &h.signatures),
        "locked": h.is_locked(),
        "progress": {
            "settled": p.settled,
            "total": p.total,
            "mandatory_open": p.mandatory_open,
            "carry_total": p.carry_total,
            "carry_unacked": p.carry_unacked,
        },
    })
}

fn print_handover(session: &Session, desk: &Desk, h: &Handover, format: ShowFormat) {
    let zone = desk.zone;
    match format {
        ShowFormat::Json => json::print(&handover_json(zone, h)),
        ShowFormat::Md => {
            let meta = desk.record_meta(h, session.lang);
            print!("{}", crate::report::handover_text::markdown(h, &meta));
        }
        ShowFormat::Table => print!(
            "{}",
            handover_table(session, &desk.record_meta(h, session.lang), h)
        ),
    }
}

/// The status view as text: header, checklist, carry-over, notes, signatures.
fn handover_table(session: &Session, m: &RecordMeta, h: &Handover) -> String {
    let t = |k: &str| session.tr(k).to_string();
    let tf = |k: &str, args: &[(&str, String)]| crate::i18n::trf(session.lang, k, args);
    let p = h.progress();
    let mut out = String::new();
    out.push_str(&tf(
        "handover.status.header",
        &[
            ("shift", m.shift(&h.shift)),
            (
                "next",
                format!("{} {}", h.next_date, sanitize(&h.next_name)),
            ),
        ],
    ));
    out.push('\n');
    match h.id {
        Some(id) => out.push_str(&tf(
            "handover.status.record",
            &[
                ("id", id.to_string()),
                ("version", h.version.to_string()),
                (
                    "state",
                    t(if h.is_locked() {
                        "report.locked"
                    } else {
                        "report.unfinished"
                    }),
                ),
            ],
        )),
        None => out.push_str(&t("handover.status.not_opened")),
    }
    out.push_str("\n\n");

    out.push_str(&tf(
        "handover.status.checklist",
        &[
            ("settled", p.settled.to_string()),
            ("total", p.total.to_string()),
            ("open", p.mandatory_open.to_string()),
        ],
    ));
    out.push('\n');
    let rows: Vec<Vec<String>> = h
        .items
        .iter()
        .map(|i| {
            let item = match &i.note {
                Some(n) => tf(
                    "handover.status.item_note",
                    &[("item", m.label(i)), ("note", n.replace('\n', " "))],
                ),
                None => m.label(i),
            };
            vec![
                i.key.clone(),
                if i.mandatory {
                    "*".into()
                } else {
                    String::new()
                },
                m.state(i.state),
                i.settled.as_ref().map(|s| m.who(&s.by)).unwrap_or_default(),
                i.settled.as_ref().map(|s| m.time(s.at)).unwrap_or_default(),
                item,
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            &t("hcol.key"),
            &t("hcol.mandatory_mark"),
            &t("hcol.state"),
            &t("hcol.by"),
            &t("hcol.at"),
            &t("hcol.item"),
        ],
        &rows,
    ));
    out.push('\n');

    let carry_key = if h.carry_frozen {
        "handover.status.carry_accepted"
    } else {
        "handover.status.carry"
    };
    out.push_str(&tf(
        carry_key,
        &[
            ("total", p.carry_total.to_string()),
            ("unacked", p.carry_unacked.to_string()),
        ],
    ));
    out.push('\n');
    if h.carry.is_empty() {
        out.push_str(&t("report.none"));
        out.push('\n');
    } else {
        let rows: Vec<Vec<String>> = h
            .carry
            .iter()
            .map(|c| {
                vec![
                    c.carry_id(),
                    m.kind(c.kind),
                    c.acked
                        .as_ref()
                        .map(|s| m.who(&s.by))
                        .unwrap_or_else(|| t("report.not_acked")),
                    c.summary.clone(),
                ]
            })
            .collect();
        out.push_str(&table::render(
            &[
                "ID",
                &t("hcol.kind"),
                &t("hcol.acked_by"),
                &t("hcol.summary"),
            ],
            &rows,
        ));
    }
    out.push('\n');

    out.push_str(&t("handover.status.notes"));
    out.push('\n');
    if h.notes.is_empty() {
        out.push_str(&t("report.none"));
        out.push('\n');
    } else {
        let rows: Vec<Vec<String>> = h
            .notes
            .iter()
            .map(|n| {
                let carry = match (&n.carry, &n.closed) {
                    (false, _) => String::new(),
                    (true, None) => t("report.note_open"),
                    (true, Some(c)) => tf(
                        "report.note_closed",
                        &[("by", m.who(&c.by)), ("at", m.time(c.at))],
                    ),
                };
                vec![
                    format!("note:{}", n.id),
                    m.time(n.written.at),
                    m.who(&n.written.by),
                    carry,
                    n.text.replace('\n', " "),
                ]
            })
            .collect();
        out.push_str(&table::render(
            &[
                "ID",
                &t("hcol.at"),
                &t("hcol.by"),
                &t("hcol.carry"),
                &t("hcol.note"),
            ],
            &rows,
        ));
    }
    out.push('\n');

    out.push_str(&t("handover.status.signatures"));
    out.push('\n');
    let rows: Vec<Vec<String>> = [Capacity::Outgoing, Capacity::Incoming, Capacity::Leader]
        .into_iter()
        .map(|c| match h.signatures.get(c) {
            Some(s) => vec![m.capacity(c), m.who(&s.by), m.time(s.at)],
            None => vec![m.capacity(c), t("report.not_signed"), String::new()],
        })
        .collect();
    out.push_str(&table::render(
        &[&t("hcol.capacity"), &t("hcol.signed_by"), &t("hcol.at")],
        &rows,
    ));
    out
}

fn print_list(session: &Session, desk: &Desk, list: &[HandoverSummary], format: Format) {
    let zone = desk.zone;
    match format {
        Format::Json => {
            for s in list {
                let r = &s.row;
                json::print(&json!({
                    "id": r.id,
                    "version": r.version,
                    "shift": sanitize(&r.shift.name),
                    "shift_date": r.shift.date.to_string(),
                    "shift_start": json::time(zone, r.shift.start),
                    "shift_end": json::time(zone, r.shift.end),
                    "next_shift": sanitize(&r.next_name),
                    "settled": s.settled,
                    "total": s.total,
                    "carry_over": s.carry,
                    "signatures": signatures_json(zone, &r.signatures),
                    "locked": r.is_locked(),
                }));
            }
        }
        Format::Table => {
            let t = |k: &str| session.tr(k).to_string();
            let who = |s: Option<&Stamp>| s.map(|s| s.by.clone()).unwrap_or_else(|| "-".into());
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|s| {
                    let r = &s.row;
                    vec![
                        r.id.to_string(),
                        format!("{} {}", r.shift.date, r.shift.name),
                        format!(
                            "{}–{}",
                            zone.to_local(r.shift.start).format("%m-%d %H:%M"),
                            zone.to_local(r.shift.end).format("%m-%d %H:%M")
                        ),
                        format!("{}/{}", s.settled, s.total),
                        s.carry.to_string(),
                        who(r.signatures.outgoing.as_ref()),
                        who(r.signatures.incoming.as_ref()),
                        who(r.signatures.leader.as_ref()),
                        t(if r.is_locked() {
                            "report.locked"
                        } else {
                            "report.unfinished"
                        }),
                    ]
                })
                .collect();
            print!(
                "{}",
                table::render(
                    &[
                        "ID",
                        &t("hcol.shift"),
                        &t("hcol.hours"),
                        &t("hcol.checklist"),
                        &t("hcol.carry_count"),
                        &t("capacity.outgoing"),
                        &t("capacity.incoming"),
                        &t("capacity.leader"),
                        &t("hcol.state"),
                    ],
                    &rows
                )
            );
            if list.is_empty() {
                println!("{}", t("list.empty"));
            }
        }
    }
}
