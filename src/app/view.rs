//! The screens of the console and the one-line prompts that open over them.

use super::input::TextInput;

/// A full screen. To add one: a variant here (with its title key), a scope and
/// bindings in `keymap`, what it loads in `load::Query`, and a render file in
/// `console/views/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// Home: live gate log, open flags, today's counters, optional panels.
    Dashboard,
    /// The whole gate log: scrolling, filters, jump to a date.
    Log,
    /// The active fever cases with their countdowns.
    Flags,
    /// One fever case: re-checks, place, referral, report, outcome, next steps.
    FlagCase,
    /// The registration form.
    Register,
    /// One person's or visitor's card and recent entries.
    Detail,
    /// Every key binding.
    Help,
    /// Leave and visitor requests: pending or all, by kind (`app/approvals.rs`).
    Approvals,
    /// One request in full, with the keys to decide it.
    Request,
    /// Leaves under way or overdue, returns under monitoring.
    Returns,
    /// Filing a leave or visitor request (`app/request_form.rs`).
    FileRequest,
}

impl View {
    /// A form with text fields: plain keys are typed, not looked up.
    pub fn is_form(self) -> bool {
        matches!(self, View::Register | View::FileRequest)
    }

    /// Catalog key of the title.
    pub fn title_key(self) -> &'static str {
        match self {
            View::Dashboard => "view.dashboard",
            View::Log => "view.log",
            View::Flags => "view.flags",
            View::FlagCase => "view.flag_case",
            View::Register => "view.register",
            View::Detail => "view.detail",
            View::Help => "view.help",
            View::Approvals => "view.approvals",
            View::Request => "view.request",
            View::Returns => "view.returns",
            View::FileRequest => "view.file_request",
        }
    }
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `:` command line.
    Command,
    /// `/` gate-log filter.
    Filter,
    /// Jump the gate log to a date.
    JumpDate,
    /// The reason for revealing personal numbers.
    RevealReason,
}

impl PromptKind {
    /// Catalog key of the label shown before the input.
    pub fn label_key(self) -> &'static str {
        match self {
            PromptKind::Command => "prompt.command",
            PromptKind::Filter => "prompt.filter",
            PromptKind::JumpDate => "prompt.date",
            PromptKind::RevealReason => "prompt.reason",
        }
    }
}

/// A one-line prompt over the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: TextInput,
    /// Why the last answer was not accepted (the prompt stays open).
    pub error: Option<String>,
    /// Waiting for the database (a reveal in progress).
    pub pending: bool,
}

impl Prompt {
    pub fn new(kind: PromptKind, value: &str) -> Self {
        Self {
            kind,
            input: TextInput::new(value),
            error: None,
            pending: false,
        }
    }
}
