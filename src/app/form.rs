//! The registration form: its fields, focus, defaults and the messages shown next to
//! the fields. Validation is not repeated here: the form builds an `EntryInput` and
//! `Desk::register_entry` (the same code as the CLI) judges it; its error is placed
//! beside the field it names.

use super::input::TextInput;
use super::key::Key;
use crate::domain::entry::GateEntry;
use crate::domain::{CodeColour, Direction};
use crate::error::DeskError;
use crate::i18n::Lang;
use crate::service::entries::{EntryInput, VisitorInput};
use std::collections::VecDeque;

/// Rostered person (by id) or visitor (by resident ID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Rostered,
    Visitor,
}

/// One field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Who,
    Person,
    VisitorName,
    VisitorId,
    VisitorPhone,
    Reason,
    Host,
    Temp,
    Code,
    Venue,
    Direction,
    Gate,
}

const ROSTERED: &[Field] = &[
    Field::Who,
    Field::Person,
    Field::Temp,
    Field::Code,
    Field::Venue,
    Field::Direction,
    Field::Gate,
];

const VISITOR: &[Field] = &[
    Field::Who,
    Field::VisitorName,
    Field::VisitorId,
    Field::VisitorPhone,
    Field::Reason,
    Field::Host,
    Field::Temp,
    Field::Code,
    Field::Venue,
    Field::Direction,
    Field::Gate,
];

impl Field {
    /// Catalog key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Who => "form.who",
            Field::Person => "field.person",
            Field::VisitorName => "field.visitor_name",
            Field::VisitorId => "field.visitor_id",
            Field::VisitorPhone => "field.visitor_phone",
            Field::Reason => "field.reason",
            Field::Host => "field.host",
            Field::Temp => "field.temp",
            Field::Code => "field.code",
            Field::Venue => "form.venue",
            Field::Direction => "field.direction",
            Field::Gate => "field.gate",
        }
    }

    /// Typed into (as opposed to chosen with Left/Right/Space).
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            Field::Who | Field::Code | Field::Venue | Field::Direction | Field::Gate
        )
    }

    /// The field a validation error names (the `field` argument or the error's key).
    pub fn of_error(e: &DeskError) -> Option<Field> {
        match e.key {
            "entry.unknown_person" => return Some(Field::Person),
            "entry.unknown_host" => return Some(Field::Host),
            "entry.unknown_gate" => return Some(Field::Gate),
            _ => {}
        }
        Some(match e.get("field")? {
            "field.person" => Field::Person,
            "field.visitor_name" => Field::VisitorName,
            "field.visitor_id" => Field::VisitorId,
            "field.visitor_phone" => Field::VisitorPhone,
            "field.reason" => Field::Reason,
            "field.host" => Field::Host,
            "field.temp" => Field::Temp,
            "field.code" => Field::Code,
            "field.direction" => Field::Direction,
            "field.gate" => Field::Gate,
            _ => return None,
        })
    }
}

/// The health-code choices, in the order Space cycles them (None: not shown).
pub const CODES: [Option<CodeColour>; 4] = [
    Some(CodeColour::Green),
    Some(CodeColour::Yellow),
    Some(CodeColour::Red),
    None,
];

#[derive(Debug, Clone, PartialEq)]
pub struct RegisterForm {
    pub who: Who,
    pub person: TextInput,
    pub name: TextInput,
    pub resident_id: TextInput,
    pub phone: TextInput,
    pub reason: TextInput,
    pub host: TextInput,
    pub temp: TextInput,
    pub code: Option<CodeColour>,
    pub venue_scan: bool,
    pub direction: Direction,
    /// Index into the configured gates.
    pub gate: usize,
    pub focus: Field,
    /// Messages beside fields, already in the screen's language.
    pub errors: Vec<(Field, String)>,
    /// A message that belongs to no single field (a refusal).
    pub general_error: Option<String>,
    /// Sent, waiting for the database.
    pub submitting: bool,
    /// Keys typed while `submitting`, in order: a barcode or ID-card reader types the
    /// next person at once, and its keys belong to the form as it will be once the
    /// answer has reset it. Replayed by `update` when the answer arrives.
    pub queued: VecDeque<Key>,
    /// The last registration's outcome, shown large.
    pub last: Option<GateEntry>,
    /// The last submission was not registered: this message takes the decision box's
    /// place, so an earlier person's result is never shown as if it were current.
    pub failed: Option<String>,
}

impl RegisterForm {
    /// A fresh form at the given gate with the visible defaults: in, green code,
    /// venue code scanned.
    pub fn new(gate: usize) -> Self {
        Self {
            who: Who::Rostered,
            person: TextInput::default(),
            name: TextInput::default(),
            resident_id: TextInput::default(),
            phone: TextInput::default(),
            reason: TextInput::default(),
            host: TextInput::default(),
            temp: TextInput::default(),
            code: Some(CodeColour::Green),
            venue_scan: true,
            direction: Direction::In,
            gate,
            focus: Field::Person,
            errors: Vec::new(),
            general_error: None,
            submitting: false,
            queued: VecDeque::new(),
            last: None,
            failed: None,
        }
    }

    /// The fields in Tab order.
    pub fn fields(&self) -> &'static [Field] {
        match self.who {
            Who::Rostered => ROSTERED,
            Who::Visitor => VISITOR,
        }
    }

    pub fn text(&self, f: Field) -> Option<&TextInput> {
        Some(match f {
            Field::Person => &self.person,
            Field::VisitorName => &self.name,
            Field::VisitorId => &self.resident_id,
            Field::VisitorPhone => &self.phone,
            Field::Reason => &self.reason,
            Field::Host => &self.host,
            Field::Temp => &self.temp,
            _ => return None,
        })
    }

    pub fn text_mut(&mut self, f: Field) -> Option<&mut TextInput> {
        Some(match f {
            Field::Person => &mut self.person,
            Field::VisitorName => &mut self.name,
            Field::VisitorId => &mut self.resident_id,
            Field::VisitorPhone => &mut self.phone,
            Field::Reason => &mut self.reason,
            Field::Host => &mut self.host,
            Field::Temp => &mut self.temp,
            _ => return None,
        })
    }

    /// The message beside a field, if any.
    pub fn error(&self, f: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(g, _)| *g == f)
            .map(|(_, m)| m.as_str())
    }

    pub fn clear_error(&mut self, f: Field) {
        self.errors.retain(|(g, _)| *g != f);
    }

    fn first_text(&self) -> Field {
        match self.who {
            Who::Rostered => Field::Person,
            Who::Visitor => Field::VisitorName,
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

    /// Switches between rostered person and visitor, keeping the reading.
    pub fn toggle_who(&mut self) {
        self.who = match self.who {
            Who::Rostered => Who::Visitor,
            Who::Visitor => Who::Rostered,
        };
        self.errors.clear();
        self.general_error = None;
        if self.focus != Field::Who {
            self.focus = self.first_text();
        }
    }

    /// Changes a choice field (forward with Right/Space, back with Left).
    pub fn cycle(&mut self, forward: bool, gates: usize) {
        let step = |i: usize, n: usize| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match self.focus {
            Field::Who => self.toggle_who(),
            Field::Code => {
                let i = CODES.iter().position(|c| *c == self.code).unwrap_or(0);
                self.code = CODES[step(i, CODES.len())];
            }
            Field::Venue => self.venue_scan = !self.venue_scan,
            Field::Direction => {
                self.direction = match self.direction {
                    Direction::In => Direction::Out,
                    Direction::Out => Direction::In,
                }
            }
            Field::Gate if gates > 0 => self.gate = step(self.gate, gates),
            _ => {}
        }
        self.clear_error(self.focus);
    }

    /// The required text fields at or after the focus that are still empty: Enter
    /// moves there instead of submitting, so "id, Enter, temperature, Enter" works.
    pub fn next_missing(&self) -> Option<Field> {
        let required: &[Field] = match self.who {
            Who::Rostered => &[Field::Person, Field::Temp],
            Who::Visitor => &[
                Field::VisitorName,
                Field::VisitorId,
                Field::VisitorPhone,
                Field::Reason,
                Field::Temp,
            ],
        };
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        fields[at..]
            .iter()
            .copied()
            .filter(|f| required.contains(f) && *f != self.focus)
            .find(|f| self.text(*f).is_some_and(TextInput::is_empty))
    }

    /// What the service is asked to register.
    pub fn input(&self, gates: &[String]) -> EntryInput {
        let visitor = (self.who == Who::Visitor).then(|| VisitorInput {
            name: self.name.value().to_string(),
            resident_id: self.resident_id.value().to_string(),
            phone: self.phone.value().to_string(),
            reason: self.reason.value().to_string(),
            host: Some(self.host.value().to_string()).filter(|h| !h.trim().is_empty()),
        });
        EntryInput {
            gate: gates.get(self.gate).cloned().unwrap_or_default(),
            direction: self.direction.as_str().to_string(),
            temp: self.temp.value().to_string(),
            code: self.code.map(|c| c.as_str().to_string()),
            venue_scan: self.venue_scan,
            person_id: (self.who == Who::Rostered).then(|| self.person.value().trim().to_string()),
            visitor,
        }
    }

    /// Puts a refusal beside its field (or above the form) and focuses that field.
    pub fn apply_error(&mut self, e: &DeskError, lang: Lang) {
        self.submitting = false;
        let text = e.render(lang);
        self.last = None;
        self.failed = Some(text.clone());
        match Field::of_error(e).filter(|f| self.fields().contains(f)) {
            Some(f) => {
                self.clear_error(f);
                self.errors.push((f, text));
                self.focus = f;
            }
            None => self.general_error = Some(text),
        }
    }

    /// After a registration: keep the gate, direction and kind of person; clear the
    /// person and the reading; back to the visible defaults; focus the first field.
    pub fn accept(&mut self, entry: GateEntry) {
        self.submitting = false;
        self.errors.clear();
        self.general_error = None;
        for f in [
            Field::Person,
            Field::VisitorName,
            Field::VisitorId,
            Field::VisitorPhone,
            Field::Reason,
            Field::Host,
            Field::Temp,
        ] {
            if let Some(t) = self.text_mut(f) {
                t.clear();
            }
        }
        self.code = Some(CodeColour::Green);
        self.venue_scan = true;
        self.focus = self.first_text();
        self.last = Some(entry);
        self.failed = None;
    }

    /// Whether anything of the next person has been typed: the outcome on screen is
    /// then the previous person's, shown as such rather than as the current decision.
    pub fn has_next_person(&self) -> bool {
        match self.who {
            Who::Rostered => !self.person.is_empty(),
            Who::Visitor => !self.name.is_empty() || !self.resident_id.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::key::Key;

    fn typed(form: &mut RegisterForm, s: &str) {
        let f = form.focus;
        for c in s.chars() {
            form.text_mut(f).unwrap().handle(Key::ch(c));
        }
    }

    #[test]
    fn defaults_are_in_green_scanned() {
        let f = RegisterForm::new(1);
        let input = f.input(&["东门".into(), "西门".into()]);
        assert_eq!(input.gate, "西门");
        assert_eq!(input.direction, "in");
        assert_eq!(input.code.as_deref(), Some("green"));
        assert!(input.venue_scan);
        assert_eq!(f.focus, Field::Person);
    }

    #[test]
    fn enter_moves_to_the_temperature_before_submitting() {
        let mut f = RegisterForm::new(0);
        typed(&mut f, "2023010101");
        assert_eq!(f.next_missing(), Some(Field::Temp));
        f.focus = Field::Temp;
        typed(&mut f, "36.5");
        assert_eq!(f.next_missing(), None);
    }

    #[test]
    fn places_errors_beside_the_field_they_name() {
        let mut f = RegisterForm::new(0);
        let e = DeskError::field("field.temp", "temp.not_number").arg("input", "abc");
        f.apply_error(&e, Lang::En);
        assert_eq!(f.focus, Field::Temp);
        assert!(f.error(Field::Temp).unwrap().contains("temperature"));
        let e = DeskError::refused("perm.refused");
        f.apply_error(&e, Lang::En);
        assert!(f.general_error.is_some());
    }

    #[test]
    fn choices_cycle_and_wrap() {
        let mut f = RegisterForm::new(0);
        f.focus = Field::Code;
        f.cycle(true, 3);
        assert_eq!(f.code, Some(CodeColour::Yellow));
        f.cycle(false, 3);
        f.cycle(false, 3);
        assert_eq!(f.code, None);
        f.focus = Field::Gate;
        f.cycle(false, 3);
        assert_eq!(f.gate, 2);
    }
}
