//! What the database says about a person's leave and return, and about a visitor's
//! approval, as notes under the registration form's fields and on a person's card.
//! The gate decision itself is made by the service when the entry is registered;
//! these lines only show the guard the facts it will use.

use super::approvals::day_time;
use crate::app::State;
use crate::app::approvals::{person_context, visitor_cover};
use crate::app::form::{Field, Who};
use crate::app::providers::Tone;
use crate::domain::approval::{ReturnPhase, Subject};
use crate::i18n::trf;

/// A rostered person's approved leave (upcoming, away, overdue) and open return.
pub fn person_notes(state: &State, person_id: &str) -> Vec<(String, Tone)> {
    let Some(ctx) = person_context(state, person_id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some((r, phase)) = &ctx.leave {
        let dest = match &r.subject {
            Subject::Leave { destination, .. } => destination.clone(),
            Subject::Visitor { .. } => String::new(),
        };
        let tone = match phase {
            ReturnPhase::Overdue => Tone::Bad,
            ReturnPhase::Away => Tone::Warn,
            _ => Tone::Normal,
        };
        out.push((
            trf(
                state.lang,
                "gate.leave",
                &[
                    ("phase", state.tr(&format!("phase.{phase}")).to_string()),
                    ("id", r.id.to_string()),
                    ("dest", dest),
                    ("from", day_time(state, r.window_from)),
                    ("to", day_time(state, r.window_to)),
                ],
            ),
            tone,
        ));
        if matches!(phase, ReturnPhase::Away | ReturnPhase::Overdue) {
            out.push((state.tr("gate.leave_back").to_string(), tone));
        }
    }
    if let Some(ret) = &ctx.open_return {
        out.push((
            trf(
                state.lang,
                "gate.return",
                &[
                    ("id", ret.approval_id.to_string()),
                    ("returned", day_time(state, ret.returned_at)),
                    ("due", day_time(state, ret.report_due)),
                    ("until", day_time(state, ret.monitoring_until)),
                ],
            ),
            Tone::Warn,
        ));
    }
    out
}

/// Whether an approved visitor request covers now, for the resident ID in the form.
pub fn visitor_notes(state: &State) -> Vec<(String, Tone)> {
    let Some(v) = visitor_cover(state) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    let typed = state.form.name.value().trim();
    if let Some(known) = v
        .known_name
        .as_deref()
        .filter(|k| !typed.is_empty() && *k != typed)
    {
        notes.push((
            trf(
                state.lang,
                "gate.visitor_known_name",
                &[("name", known.to_string())],
            ),
            Tone::Warn,
        ));
    }
    notes.push(match &v.approval {
        Some(r) => (
            trf(
                state.lang,
                "gate.visitor_covered",
                &[
                    ("id", r.id.to_string()),
                    ("host", super::approvals::target(r)),
                    ("to", day_time(state, r.window_to)),
                ],
            ),
            Tone::Good,
        ),
        None if v.required => (state.tr("gate.visitor_refused").to_string(), Tone::Bad),
        None => (state.tr("gate.visitor_none").to_string(), Tone::Normal),
    });
    notes
}

/// The notes under one field of the registration form.
pub fn form_notes(state: &State, f: Field) -> Vec<(String, Tone)> {
    match (f, state.form.who) {
        (Field::Person, Who::Rostered) => person_notes(state, state.form.person.value()),
        (Field::VisitorId, Who::Visitor) => visitor_notes(state),
        _ => Vec::new(),
    }
}
