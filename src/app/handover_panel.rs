//! The dashboard's duty panel: the shift on duty and the time left in it, who is on
//! duty (leader, officers), the working handover's checklist progress, carry-over still
//! to accept, signatures, and the reminders due. From `Desk::duty_panel`, which writes
//! nothing.

use super::providers::{PanelCell, PanelContext, PanelRow, SidePanel, Tone};
use crate::domain::handover::Capacity;
use crate::domain::handover::Reminder;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::Lang;
use crate::i18n::{tr, trf};
use crate::service::Desk;

fn row(cells: Vec<PanelCell>, tone: Tone) -> PanelRow {
    PanelRow { cells, tone }
}

fn text(s: String) -> PanelCell {
    PanelCell::Text(s)
}

pub fn panel(desk: &Desk, ctx: &PanelContext) -> DeskResult<Option<SidePanel>> {
    let lang = ctx.lang;
    let p = desk.duty_panel()?;
    let zone = desk.zone;
    let h = &p.handover;
    let mut rows = Vec::new();
    rows.push(row(
        vec![
            text(format!(
                "{} {}-{}",
                sanitize(&p.shift.name),
                zone.to_local(p.shift.start).format("%H:%M"),
                zone.to_local(p.shift.end).format("%H:%M")
            )),
            text(tr(lang, "hv.panel.ends_in").to_string()),
            PanelCell::Until(p.shift.end),
        ],
        Tone::Normal,
    ));
    let none = || tr(lang, "hv.panel.not_rostered").to_string();
    rows.push(row(
        vec![text(trf(
            lang,
            "hv.panel.leader",
            &[(
                "name",
                p.leader
                    .as_ref()
                    .map(|o| sanitize(&o.name))
                    .unwrap_or_else(none),
            )],
        ))],
        if p.leader.is_some() {
            Tone::Normal
        } else {
            Tone::Warn
        },
    ));
    let officers = p
        .officers
        .iter()
        .map(|o| sanitize(&o.name))
        .collect::<Vec<_>>();
    rows.push(row(
        vec![text(trf(
            lang,
            "hv.panel.officers",
            &[(
                "names",
                if officers.is_empty() {
                    none()
                } else {
                    officers.join(tr(lang, "hv.list_sep"))
                },
            )],
        ))],
        if officers.is_empty() {
            Tone::Warn
        } else {
            Tone::Normal
        },
    ));
    let pr = p.progress;
    rows.push(row(
        vec![text(trf(
            lang,
            "hv.panel.checklist",
            &[
                ("settled", pr.settled.to_string()),
                ("total", pr.total.to_string()),
                ("open", pr.mandatory_open.to_string()),
            ],
        ))],
        if pr.mandatory_open == 0 {
            Tone::Good
        } else {
            Tone::Normal
        },
    ));
    rows.push(row(
        vec![text(trf(
            lang,
            "hv.panel.carry",
            &[
                ("total", pr.carry_total.to_string()),
                ("unacked", pr.carry_unacked.to_string()),
            ],
        ))],
        if pr.carry_unacked > 0 && h.signatures.outgoing.is_some() {
            Tone::Warn
        } else {
            Tone::Normal
        },
    ));
    let missing = h.signatures.missing();
    let signed = Capacity::ALL.len() - missing.len();
    rows.push(if missing.is_empty() {
        row(
            vec![text(tr(lang, "hv.panel.locked").to_string())],
            Tone::Good,
        )
    } else {
        row(
            vec![text(trf(
                lang,
                "hv.panel.signatures",
                &[
                    ("n", signed.to_string()),
                    (
                        "next",
                        tr(lang, &super::handover::capacity_key(missing[0])).to_string(),
                    ),
                ],
            ))],
            Tone::Normal,
        )
    });
    for r in &p.reminders {
        rows.push(row(vec![text(reminder_line(lang, r))], Tone::Bad));
    }
    Ok(Some(SidePanel {
        id: "handover",
        title: trf(
            lang,
            "hv.panel.title",
            &[
                ("shift", sanitize(&h.shift.name)),
                ("next", sanitize(&h.next_name)),
            ],
        ),
        rows,
        empty_text: String::new(),
        attention: !p.reminders.is_empty(),
    }))
}

/// A reminder as a short panel row, marked with `!` (the full text goes to the
/// notification and the status line).
fn reminder_line(lang: Lang, r: &Reminder) -> String {
    match r {
        Reminder::DueSoon { minutes_left, .. } => trf(
            lang,
            "hv.panel.due_soon",
            &[("minutes", minutes_left.to_string())],
        ),
        Reminder::Unsigned { shift, missing, .. } => trf(
            lang,
            "hv.panel.unsigned",
            &[
                ("shift", sanitize(&shift.name)),
                ("n", missing.len().to_string()),
            ],
        ),
    }
}
