//! The form for filing a leave or visitor request from the console: its fields, focus,
//! defaults and the messages shown next to the fields. As with the registration form,
//! nothing is validated here: the form builds a `LeaveInput` or `VisitorRequestInput`
//! and `Desk::request_leave` / `Desk::request_visitor` (the same code as
//! `dutydesk approval request …`) judge it; an error is placed beside the field it
//! names.

use super::input::TextInput;
use crate::clock::Zone;
use crate::error::DeskError;
use crate::i18n::{self, Lang};
use crate::service::approvals::{LeaveInput, VisitorRequestInput};
use chrono::{DateTime, Utc};

/// What is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Leave,
    Visitor,
}

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RField {
    Person,
    Destination,
    From,
    To,
    Transport,
    Reason,
    Urgent,
    VisitorName,
    VisitorId,
    VisitorPhone,
    Host,
}

const LEAVE: &[RField] = &[
    RField::Person,
    RField::Destination,
    RField::From,
    RField::To,
    RField::Transport,
    RField::Reason,
    RField::Urgent,
];

const VISITOR: &[RField] = &[
    RField::VisitorName,
    RField::VisitorId,
    RField::VisitorPhone,
    RField::Host,
    RField::Reason,
    RField::From,
    RField::To,
];

impl RField {
    /// Catalog key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            RField::Person => "rform.person",
            RField::Destination => "rform.destination",
            RField::From => "rform.from",
            RField::To => "rform.to",
            RField::Transport => "rform.transport",
            RField::Reason => "rform.reason",
            RField::Urgent => "rform.urgent",
            RField::VisitorName => "rform.visitor_name",
            RField::VisitorId => "rform.visitor_id",
            RField::VisitorPhone => "rform.visitor_phone",
            RField::Host => "rform.host",
        }
    }

    /// Typed into (the urgent mark is toggled with Space or Left/Right).
    pub fn is_text(self) -> bool {
        self != RField::Urgent
    }

    /// Must be filled before the form is sent (Enter moves to the first empty one).
    pub fn required(self) -> bool {
        !matches!(self, RField::Transport | RField::Urgent)
    }

    /// The field a service error names (its `field` argument, or the error's key).
    pub fn of_error(e: &DeskError) -> Option<RField> {
        match e.key {
            "entry.unknown_person" => return Some(RField::Person),
            "entry.unknown_host" => return Some(RField::Host),
            _ => {}
        }
        Some(match e.get("field")? {
            "field.person" => RField::Person,
            "field.destination" => RField::Destination,
            "field.window_from" => RField::From,
            "field.window_to" => RField::To,
            "field.transport" => RField::Transport,
            "field.reason" => RField::Reason,
            "field.visitor_name" => RField::VisitorName,
            "field.visitor_id" => RField::VisitorId,
            "field.visitor_phone" => RField::VisitorPhone,
            "field.host" => RField::Host,
            _ => return None,
        })
    }
}

/// What the form asks the service to file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileInput {
    Leave(LeaveInput),
    Visitor(VisitorRequestInput),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestForm {
    pub kind: FormKind,
    pub person: TextInput,
    pub destination: TextInput,
    pub from: TextInput,
    pub to: TextInput,
    pub transport: TextInput,
    pub reason: TextInput,
    pub urgent: bool,
    pub name: TextInput,
    pub resident_id: TextInput,
    pub phone: TextInput,
    pub host: TextInput,
    pub focus: RField,
    /// Messages beside fields, already in the screen's language.
    pub errors: Vec<(RField, String)>,
    /// A message that belongs to no single field (a refusal, an overlapping leave).
    pub general_error: Option<String>,
    /// Sent, waiting for the database.
    pub submitting: bool,
    /// The window the form filled in by itself for a visitor (now – end of today),
    /// dropped again when the form turns into a leave request untouched.
    defaults: Option<(String, String)>,
}

impl Default for RequestForm {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestForm {
    pub fn new() -> Self {
        Self {
            kind: FormKind::Leave,
            person: TextInput::default(),
            destination: TextInput::default(),
            from: TextInput::default(),
            to: TextInput::default(),
            transport: TextInput::default(),
            reason: TextInput::default(),
            urgent: false,
            name: TextInput::default(),
            resident_id: TextInput::default(),
            phone: TextInput::default(),
            host: TextInput::default(),
            focus: RField::Person,
            errors: Vec::new(),
            general_error: None,
            submitting: false,
            defaults: None,
        }
    }

    /// The fields in Tab order.
    pub fn fields(&self) -> &'static [RField] {
        match self.kind {
            FormKind::Leave => LEAVE,
            FormKind::Visitor => VISITOR,
        }
    }

    pub fn text(&self, f: RField) -> Option<&TextInput> {
        Some(match f {
            RField::Person => &self.person,
            RField::Destination => &self.destination,
            RField::From => &self.from,
            RField::To => &self.to,
            RField::Transport => &self.transport,
            RField::Reason => &self.reason,
            RField::VisitorName => &self.name,
            RField::VisitorId => &self.resident_id,
            RField::VisitorPhone => &self.phone,
            RField::Host => &self.host,
            RField::Urgent => return None,
        })
    }

    pub fn text_mut(&mut self, f: RField) -> Option<&mut TextInput> {
        Some(match f {
            RField::Person => &mut self.person,
            RField::Destination => &mut self.destination,
            RField::From => &mut self.from,
            RField::To => &mut self.to,
            RField::Transport => &mut self.transport,
            RField::Reason => &mut self.reason,
            RField::VisitorName => &mut self.name,
            RField::VisitorId => &mut self.resident_id,
            RField::VisitorPhone => &mut self.phone,
            RField::Host => &mut self.host,
            RField::Urgent => return None,
        })
    }

    /// The message beside a field, if any.
    pub fn error(&self, f: RField) -> Option<&str> {
        self.errors
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, m)| m.as_str())
    }

    pub fn clear_error(&mut self, f: RField) {
        self.errors.retain(|(g, _)| *g != f);
    }

    /// Opens the form for a kind of request. What was typed before stays (nothing
    /// typed is lost by leaving the screen); a visitor's window starts as now until
    /// the end of today.
    pub fn start(&mut self, kind: FormKind, now: DateTime<Utc>, zone: Zone) {
        self.set_kind(kind, now, zone);
        self.focus = self.fields()[0];
        self.submitting = false;
    }

    /// F2: leave ↔ visitor, keeping the reason and the window typed.
    pub fn switch_kind(&mut self, now: DateTime<Utc>, zone: Zone) {
        let other = match self.kind {
            FormKind::Leave => FormKind::Visitor,
            FormKind::Visitor => FormKind::Leave,
        };
        self.set_kind(other, now, zone);
        self.focus = self.fields()[0];
    }

    fn set_kind(&mut self, kind: FormKind, now: DateTime<Utc>, zone: Zone) {
        if kind != self.kind {
            self.errors.clear();
            self.general_error = None;
        }
        self.kind = kind;
        match kind {
            FormKind::Visitor if self.from.is_empty() && self.to.is_empty() => {
                let local = zone.to_local(now);
                let from = local.format("%Y-%m-%d %H:%M").to_string();
                let to = local.format("%Y-%m-%d").to_string();
                self.from.set(&from);
                self.to.set(&to);
                self.defaults = Some((from, to));
            }
            FormKind::Leave => {
                // A visitor's "now" would only be refused for a leave: drop it if untouched.
                if let Some((from, to)) = self.defaults.take()
                    && self.from.value() == from
                    && self.to.value() == to
                {
                    self.from.clear();
                    self.to.clear();
                }
            }
            FormKind::Visitor => {}
        }
    }

    pub fn focus_next(&mut self) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = fields[(i + 1) % fields.len()];
    }

    pub fn focus_prev(&mut self) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = fields[(i + fields.len() - 1) % fields.len()];
    }

    /// Space or Left/Right on the urgent mark.
    pub fn toggle_choice(&mut self) {
        if self.focus == RField::Urgent {
            self.urgent = !self.urgent;
            self.clear_error(RField::From);
        }
    }

    /// The first required field after the focus that is still empty: Enter goes there
    /// instead of sending a form that is bound to be refused for it.
    pub fn next_missing(&self) -> Option<RField> {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        fields[at..]
            .iter()
            .chain(fields[..at].iter())
            .copied()
            .filter(|f| f.required() && *f != self.focus)
            .find(|f| self.text(*f).is_some_and(TextInput::is_empty))
    }

    /// What the service is asked to file.
    pub fn input(&self) -> FileInput {
        let v = |t: &TextInput| t.value().to_string();
        match self.kind {
            FormKind::Leave => FileInput::Leave(LeaveInput {
                person_id: v(&self.person),
                destination: v(&self.destination),
                from: v(&self.from),
                to: v(&self.to),
                reason: v(&self.reason),
                transport: Some(v(&self.transport)).filter(|t| !t.trim().is_empty()),
                urgent: self.urgent,
            }),
            FormKind::Visitor => FileInput::Visitor(VisitorRequestInput {
                name: v(&self.name),
                resident_id: v(&self.resident_id),
                phone: v(&self.phone),
                host_id: v(&self.host),
                reason: v(&self.reason),
                from: v(&self.from),
                to: v(&self.to),
            }),
        }
    }

    /// Puts a refusal beside its field (or above the form) and focuses that field.
    pub fn apply_error(&mut self, e: &DeskError, lang: Lang) {
        self.submitting = false;
        match RField::of_error(e).filter(|f| self.fields().contains(f)) {
            Some(f) => {
                self.clear_error(f);
                self.errors.push((f, field_message(e, lang)));
                self.focus = f;
            }
            None => self.general_error = Some(e.render(lang)),
        }
    }

    /// After a request was filed: an empty form of the same kind.
    pub fn reset(&mut self) {
        let kind = self.kind;
        *self = Self::new();
        self.kind = kind;
        self.focus = self.fields()[0];
    }
}

/// The message shown beside a field: what is wrong, without repeating the field's
/// name (the label is right there) or the command line's flags.
pub fn field_message(e: &DeskError, lang: Lang) -> String {
    if e.key != "field.problem" {
        return e.render(lang);
    }
    let problem = match e.get("problem").unwrap_or("") {
        // The CLI's texts say "add --urgent"; the form has a box to tick.
        "approval.notice" => "rform.notice",
        "approval.departure_past" => "rform.departure_past",
        p => p,
    };
    let args: Vec<(&str, String)> = e
        .args
        .iter()
        .filter(|(n, _)| *n != "field" && *n != "problem")
        .map(|(n, v)| {
            (
                *n,
                i18n::lookup(lang, v)
                    .map(str::to_string)
                    .unwrap_or_else(|| v.clone()),
            )
        })
        .collect();
    i18n::fill(i18n::tr(lang, problem), &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::Key;
    use chrono::TimeZone;

    fn zone() -> Zone {
        Zone::parse("Asia/Shanghai").unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 2, 15, 0).unwrap()
    }

    fn typed(form: &mut RequestForm, s: &str) {
        let f = form.focus;
        for c in s.chars() {
            form.text_mut(f).unwrap().handle(Key::ch(c));
        }
    }

    #[test]
    fn a_visitor_window_starts_now_and_a_leave_does_not_inherit_it() {
        let mut f = RequestForm::new();
        f.start(FormKind::Visitor, now(), zone());
        assert_eq!(f.from.value(), "2026-11-29 10:15");
        assert_eq!(f.to.value(), "2026-11-29");
        assert_eq!(f.focus, RField::VisitorName);
        f.switch_kind(now(), zone());
        assert_eq!(f.kind, FormKind::Leave);
        assert_eq!(f.from.value(), "", "an untouched default is dropped");
        f.focus = RField::From;
        typed(&mut f, "2026-12-01");
        f.switch_kind(now(), zone());
        assert_eq!(f.from.value(), "2026-12-01", "what was typed stays");
    }

    #[test]
    fn enter_goes_to_the_first_empty_required_field() {
        let mut f = RequestForm::new();
        f.start(FormKind::Leave, now(), zone());
        typed(&mut f, "T0001");
        assert_eq!(f.next_missing(), Some(RField::Destination));
        f.focus = RField::Reason;
        typed(&mut f, "开会");
        assert_eq!(f.next_missing(), Some(RField::Destination), "wraps around");
    }

    #[test]
    fn field_errors_name_no_flags_and_land_beside_their_field() {
        let mut f = RequestForm::new();
        f.start(FormKind::Leave, now(), zone());
        let e = DeskError::field("field.window_from", "approval.notice").arg("days", 1);
        f.apply_error(&e, Lang::En);
        assert_eq!(f.focus, RField::From);
        let msg = f.error(RField::From).unwrap();
        assert!(msg.contains("1 day"), "{msg}");
        assert!(!msg.contains("--"), "{msg}");
        let e = DeskError::field("field.visitor_id", "field.missing");
        f.apply_error(&e, Lang::Zh);
        assert!(
            f.general_error.is_some(),
            "a field the leave form lacks goes on top"
        );
    }
}
