//! The one error type that travels from `store/` and `service/` to the CLI and the
//! console. It carries a translation key and named arguments, so the same refusal
//! reads in Chinese or English at the place that prints it.

use crate::i18n::{self, Lang};
use std::fmt;

/// What sort of failure, which decides the exit status and the console's styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input: a field, a line, a file. Nothing was written.
    Invalid,
    /// The operator's role does not allow the action. Nothing was written.
    Refused,
    /// The thing named does not exist.
    NotFound,
    /// Someone else changed it first, or the state does not allow the step.
    Conflict,
    /// The database or the system failed.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskError {
    pub kind: ErrorKind,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// Further problems found in the same pass (every bad row of an import).
    pub details: Vec<DeskError>,
}

pub type DeskResult<T> = Result<T, DeskError>;

impl DeskError {
    pub fn new(kind: ErrorKind, key: &'static str) -> Self {
        Self {
            kind,
            key,
            args: Vec::new(),
            details: Vec::new(),
        }
    }
    pub fn invalid(key: &'static str) -> Self {
        Self::new(ErrorKind::Invalid, key)
    }
    pub fn refused(key: &'static str) -> Self {
        Self::new(ErrorKind::Refused, key)
    }
    pub fn not_found(key: &'static str) -> Self {
        Self::new(ErrorKind::NotFound, key)
    }
    pub fn conflict(key: &'static str) -> Self {
        Self::new(ErrorKind::Conflict, key)
    }
    pub fn internal(key: &'static str) -> Self {
        Self::new(ErrorKind::Internal, key)
    }

    /// Adds a named argument for the message template.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// An invalid field: the message names the field (translated) and says what is wrong.
    pub fn field(field_key: &'static str, problem_key: &'static str) -> Self {
        Self::invalid("field.problem")
            .arg("field", field_key)
            .arg("problem", problem_key)
    }

    /// Attaches the individual problems behind a summary error.
    pub fn with_details(mut self, details: Vec<DeskError>) -> Self {
        self.details = details;
        self
    }

    /// Looks up an argument's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The message in the given language. Arguments whose value is itself a catalog
    /// key (fields, problems) are translated too.
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, v)| (*n, translate_arg(lang, v)))
            .collect();
        // Twice: a translated argument (a problem text) may itself hold placeholders.
        let mut out = i18n::fill(&i18n::fill(i18n::tr(lang, self.key), &args), &args);
        for d in &self.details {
            out.push_str("\n  ");
            out.push_str(&d.render(lang));
        }
        out
    }
}

/// An argument that is a catalog key, or a ", "-separated list of keys, is shown
/// translated (a list joined the way the language joins one); anything else as it is.
fn translate_arg(lang: Lang, v: &str) -> String {
    if let Some(t) = i18n::lookup(lang, v) {
        return t.to_string();
    }
    let parts: Vec<&str> = v.split(", ").collect();
    if parts.len() > 1 && parts.iter().all(|p| i18n::lookup(lang, p).is_some()) {
        let sep = match lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        };
        return parts
            .iter()
            .filter_map(|p| i18n::lookup(lang, p))
            .collect::<Vec<_>>()
            .join(sep);
    }
    v.to_string()
}

impl fmt::Display for DeskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for DeskError {}

impl From<rusqlite::Error> for DeskError {
    fn from(e: rusqlite::Error) -> Self {
        let busy = matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        if busy {
            DeskError::internal("db.busy")
        } else {
            DeskError::internal("db.error").arg("detail", e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_roles_by_identifier_in_english_and_title_in_chinese() {
        let e = DeskError::refused("perm.refused")
            .arg("action", "action.decide_request")
            .arg("role", "role_ref.officer")
            .arg("needed", "role_ref.leader, role_ref.admin");
        assert_eq!(
            e.render(Lang::En),
            "not allowed to decide requests: your role is officer; needs one of: leader, admin"
        );
        let zh = e.render(Lang::Zh);
        assert!(zh.contains("当前角色为 值班员（officer）"), "{zh}");
        assert!(zh.contains("带班领导（leader）、管理员（admin）"), "{zh}");
    }

    #[test]
    fn arguments_that_are_not_keys_stay_as_they_are() {
        let e = DeskError::invalid("entry.unknown_person").arg("id", "S1, S2");
        assert!(e.render(Lang::En).contains("\"S1, S2\""));
    }
}
