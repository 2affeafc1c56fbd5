//! The one keymap table. Every binding names its keys, the action, a description
//! (catalog key) and the permission it needs, if any. The help screen, the footer
//! hints and the `:` command line are all generated from this table, and a role's
//! keymap simply leaves out the bindings whose permission the role lacks (the service
//! refuses those actions again).
//!
//! To add a binding: append a `Binding` to `BINDINGS` (a new scope if the binding
//! belongs to a new view), give its `desc` a catalog entry, and handle the `Action`
//! in `update`.

use super::handover::HandoverAction;
use super::key::{Key, KeyCode};
use super::view::View;
use crate::domain::flag::FlagStep;
use crate::domain::{Permission, Role};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere (in the form and prompts only the non-text keys).
    Global,
    /// Screens with a list: dashboard, gate log, flags, help.
    Lists,
    /// The full-screen gate log.
    Log,
    /// A person's card.
    Detail,
    /// The flagged view's own keys.
    FlagList,
    /// Steps on a fever case, from the flagged view and the case's detail.
    FlagSteps,
    /// The registration form.
    Form,
    /// An open prompt (`:`, `/`, date, reason).
    Prompt,
    /// The list of leave and visitor requests.
    Approvals,
    /// Deciding or cancelling a request: the list and one request's screen.
    Decide,
    /// The working handover.
    Handover,
    /// A past handover record.
    HandoverRecord,
    /// The note editor over the handover (open only while writing a note).
    HandoverNote,
    /// The signing confirmation over the handover.
    HandoverSign,
}

impl Scope {
    /// Help-screen order.
    pub const ALL: [Scope; 14] = [
        Scope::Global,
        Scope::Lists,
        Scope::Log,
        Scope::Detail,
        Scope::Approvals,
        Scope::Decide,
        Scope::FlagList,
        Scope::FlagSteps,
        Scope::Form,
        Scope::Prompt,
        Scope::Handover,
        Scope::HandoverRecord,
        Scope::HandoverNote,
        Scope::HandoverSign,
    ];

    /// True when the scope's bindings work on this screen (prompts aside).
    pub fn applies_to(self, view: View) -> bool {
        match self {
            Scope::Global => true,
            Scope::Lists => matches!(
                view,
                View::Dashboard
                    | View::Log
                    | View::Flags
                    | View::Help
                    | View::Approvals
                    | View::Returns
                    | View::Handover
                    | View::HandoverHistory
                    | View::HandoverRecord
            ),
            Scope::Log => view == View::Log,
            Scope::Detail => view == View::Detail,
            Scope::FlagList => view == View::Flags,
            Scope::FlagSteps => matches!(view, View::Flags | View::FlagCase),
            Scope::Form => view.is_form(),
            Scope::Prompt => false,
            Scope::Approvals => view == View::Approvals,
            Scope::Decide => matches!(view, View::Approvals | View::Request),
            Scope::Handover => view == View::Handover,
            Scope::HandoverRecord => view == View::HandoverRecord,
            Scope::HandoverNote | Scope::HandoverSign => false,
        }
    }

    /// Catalog key of the help-screen heading.
    pub fn title_key(self) -> &'static str {
        match self {
            Scope::Global => "scope.global",
            Scope::Lists => "scope.lists",
            Scope::Log => "scope.log",
            Scope::Detail => "scope.detail",
            Scope::FlagList => "scope.flag_list",
            Scope::FlagSteps => "scope.flag_steps",
            Scope::Form => "scope.form",
            Scope::Prompt => "scope.prompt",
            Scope::Approvals => "scope.approvals",
            Scope::Decide => "scope.decide",
            Scope::Handover => "scope.handover",
            Scope::HandoverRecord => "scope.handover_record",
            Scope::HandoverNote => "scope.handover_note",
            Scope::HandoverSign => "scope.handover_sign",
        }
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Back,
    Help,
    CommandLine,
    Go(View),
    ToggleMute,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Filter,
    ToggleFlagged,
    ToggleDenied,
    JumpDate,
    Reveal,
    /// A step on the fever case in front of the operator (opens its form).
    Flag(FlagStep),
    /// Show or hide the recent closed and cleared cases.
    FlagHistory,
    NextField,
    PrevField,
    Submit,
    ChoiceNext,
    ChoicePrev,
    ToggleVisitor,
    Accept,
    Cancel,
    /// Approvals list: pending only / all.
    TogglePending,
    /// Approvals list: all kinds, leave, visitor.
    CycleKind,
    /// Open the form to file a leave request.
    FileLeave,
    /// Open the form to file a visitor request.
    FileVisitor,
    /// Approve the selected request (through a confirmation popup).
    Approve,
    /// Reject the selected request (the popup asks why).
    Reject,
    /// Cancel the selected request (through a confirmation popup).
    CancelRequest,
    /// A key of the handover screens (`app::handover`).
    Handover(HandoverAction),
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// Catalog key of the description (help screen and footer).
    pub desc: &'static str,
    /// Leave the binding out for roles without this permission.
    pub permission: Option<Permission>,
    /// Show it in the footer hints.
    pub footer: bool,
    /// Names under which `:` runs the same action.
    pub commands: &'static [&'static str],
}

const fn b(scope: Scope, keys: &'static [Key], action: Action, desc: &'static str) -> Binding {
    Binding {
        scope,
        keys,
        action,
        desc,
        permission: None,
        footer: false,
        commands: &[],
    }
}

impl Binding {
    const fn footer(mut self) -> Self {
        self.footer = true;
        self
    }
    const fn needs(mut self, p: Permission) -> Self {
        self.permission = Some(p);
        self
    }
    const fn cmd(mut self, names: &'static [&'static str]) -> Self {
        self.commands = names;
        self
    }
}

const fn k(code: KeyCode) -> Key {
    Key::new(code)
}

use Action as A;
use HandoverAction as HA;
use KeyCode as K;
use Scope as S;

/// Every binding of the console.
pub const BINDINGS: &[Binding] = &[
    b(S::Global, &[Key::ch('?')], A::Help, "key.help")
        .footer()
        .cmd(&["help"]),
    b(S::Global, &[Key::ch(':')], A::CommandLine, "key.command").footer(),
    b(
        S::Global,
        &[Key::ch('q'), Key::ctrl('c')],
        A::Quit,
        "key.quit",
    )
    .footer()
    .cmd(&["quit", "q"]),
    b(S::Global, &[k(K::Esc)], A::Back, "key.back")
        .footer()
        .cmd(&["back"]),
    b(
        S::Global,
        &[Key::ch('1')],
        A::Go(View::Dashboard),
        "key.dashboard",
    )
    .cmd(&["dash", "home"]),
    b(S::Global, &[Key::ch('2')], A::Go(View::Log), "key.log")
        .footer()
        .cmd(&["log"]),
    b(S::Global, &[Key::ch('3')], A::Go(View::Flags), "key.flags")
        .footer()
        .cmd(&["flags"]),
    b(
        S::Global,
        &[Key::ch('a'), Key::ch('4')],
        A::Go(View::Register),
        "key.register",
    )
    .footer()
    .needs(Permission::RegisterEntry)
    .cmd(&["register", "reg"]),
    b(
        S::Global,
        &[Key::ch('A')],
        A::Go(View::Approvals),
        "key.approvals",
    )
    .footer()
    .cmd(&["approvals"]),
    b(
        S::Global,
        &[Key::ch('R')],
        A::Go(View::Returns),
        "key.returns",
    )
    .cmd(&["returns"]),
    b(
        S::Global,
        &[Key::ch('h')],
        A::Go(View::Handover),
        "key.handover",
    )
    .footer()
    .cmd(&["handover"]),
    b(S::Global, &[Key::ch('m')], A::ToggleMute, "key.mute").cmd(&["mute"]),
    b(S::Lists, &[Key::ch('j'), k(K::Down)], A::Down, "key.down"),
    b(S::Lists, &[Key::ch('k'), k(K::Up)], A::Up, "key.up"),
    b(
        S::Lists,
        &[k(K::PageDown), Key::ctrl('f')],
        A::PageDown,
        "key.page_down",
    ),
    b(
        S::Lists,
        &[k(K::PageUp), Key::ctrl('b')],
        A::PageUp,
        "key.page_up",
    ),
    b(S::Lists, &[Key::ch('g'), k(K::Home)], A::Top, "key.top"),
    b(
        S::Lists,
        &[Key::ch('G'), k(K::End)],
        A::Bottom,
        "key.bottom",
    ),
    b(S::Lists, &[k(K::Enter)], A::Open, "key.open").footer(),
    b(S::Log, &[Key::ch('/')], A::Filter, "key.filter")
        .footer()
        .cmd(&["filter"]),
    b(
        S::Log,
        &[Key::ch('f')],
        A::ToggleFlagged,
        "key.flagged_only",
    )
    .footer(),
    b(S::Log, &[Key::ch('d')], A::ToggleDenied, "key.denied_only").footer(),
    b(S::Log, &[Key::ch('t')], A::JumpDate, "key.jump_date")
        .footer()
        .cmd(&["date"]),
    b(S::Detail, &[Key::ch('r')], A::Reveal, "key.reveal")
        .footer()
        .needs(Permission::RevealPersonal)
        .cmd(&["reveal"]),
    b(
        S::FlagSteps,
        &[Key::ch('r')],
        A::Flag(FlagStep::Recheck),
        "key.flag_recheck",
    )
    .footer()
    .needs(Permission::RecheckFlag)
    .cmd(&["flag-recheck"]),
    b(
        S::FlagSteps,
        &[Key::ch('o')],
        A::Flag(FlagStep::Observe),
        "key.flag_observe",
    )
    .footer()
    .needs(Permission::ManageFlag)
    .cmd(&["flag-observe"]),
    b(
        S::FlagSteps,
        &[Key::ch('f')],
        A::Flag(FlagStep::Refer),
        "key.flag_refer",
    )
    .footer()
    .needs(Permission::ManageFlag)
    .cmd(&["flag-refer"]),
    b(
        S::FlagSteps,
        &[Key::ch('p')],
        A::Flag(FlagStep::Report),
        "key.flag_report",
    )
    .footer()
    .needs(Permission::ManageFlag)
    .cmd(&["flag-report"]),
    b(
        S::FlagSteps,
        &[Key::ch('x')],
        A::Flag(FlagStep::Close),
        "key.flag_close",
    )
    .footer()
    .needs(Permission::ManageFlag)
    .cmd(&["flag-close"]),
    b(
        S::FlagList,
        &[Key::ch('H')],
        A::FlagHistory,
        "key.flag_history",
    )
    .footer()
    .cmd(&["flag-history"]),
    b(
        S::Form,
        &[k(K::Tab), k(K::Down)],
        A::NextField,
        "key.next_field",
    )
    .footer(),
    b(
        S::Form,
        &[k(K::BackTab), k(K::Up)],
        A::PrevField,
        "key.prev_field",
    ),
    b(S::Form, &[k(K::Enter)], A::Submit, "key.submit").footer(),
    b(
        S::Form,
        &[k(K::Right), Key::ch(' ')],
        A::ChoiceNext,
        "key.choice_next",
    )
    .footer(),
    b(S::Form, &[k(K::Left)], A::ChoicePrev, "key.choice_prev"),
    b(
        S::Form,
        &[k(K::F(2))],
        A::ToggleVisitor,
        "key.toggle_visitor",
    )
    .footer(),
    b(S::Prompt, &[k(K::Enter)], A::Accept, "key.accept").footer(),
    b(S::Prompt, &[k(K::Esc)], A::Cancel, "key.cancel").footer(),
    b(S::Decide, &[Key::ch('y')], A::Approve, "key.approve")
        .footer()
        .needs(Permission::DecideRequest),
    b(S::Decide, &[Key::ch('n')], A::Reject, "key.reject")
        .footer()
        .needs(Permission::DecideRequest),
    b(
        S::Decide,
        &[Key::ch('c')],
        A::CancelRequest,
        "key.cancel_request",
    )
    .footer()
    .needs(Permission::CancelRequest),
    b(
        S::Approvals,
        &[Key::ch('f')],
        A::TogglePending,
        "key.pending_or_all",
    )
    .footer(),
    b(
        S::Approvals,
        &[Key::ch('t')],
        A::CycleKind,
        "key.request_kind",
    )
    .footer(),
    b(
        S::Approvals,
        &[Key::ch('l')],
        A::FileLeave,
        "key.file_leave",
    )
    .footer()
    .needs(Permission::FileRequest)
    .cmd(&["leave"]),
    b(
        S::Approvals,
        &[Key::ch('v')],
        A::FileVisitor,
        "key.file_visitor",
    )
    .footer()
    .needs(Permission::FileRequest)
    .cmd(&["visitor"]),
    b(
        S::Handover,
        &[Key::ch('c')],
        A::Handover(HA::Check),
        "hv.key.check",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::Handover,
        &[Key::ch('C')],
        A::Handover(HA::CheckWithNote),
        "hv.key.check_note",
    )
    .needs(Permission::WorkHandover),
    b(
        S::Handover,
        &[Key::ch('w')],
        A::Handover(HA::Waive),
        "hv.key.waive",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::Handover,
        &[Key::ch('y')],
        A::Handover(HA::Ack),
        "hv.key.ack",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::Handover,
        &[Key::ch('n')],
        A::Handover(HA::Note),
        "hv.key.note",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::Handover,
        &[Key::ch('s')],
        A::Handover(HA::Sign),
        "hv.key.sign",
    )
    .footer()
    .needs(Permission::SignHandover),
    b(
        S::Handover,
        &[Key::ch('H')],
        A::Go(View::HandoverHistory),
        "hv.key.history",
    )
    .footer()
    .cmd(&["handovers"]),
    b(
        S::HandoverRecord,
        &[Key::ch('x')],
        A::Handover(HA::Export),
        "hv.key.export",
    )
    .footer()
    .needs(Permission::ExportHandover),
    b(
        S::HandoverNote,
        &[Key::ctrl('s')],
        A::Handover(HA::NoteSave),
        "hv.key.note_save",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::HandoverNote,
        &[Key::ctrl('t')],
        A::Handover(HA::NoteCarry),
        "hv.key.note_carry",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::HandoverNote,
        &[k(K::Esc)],
        A::Cancel,
        "hv.key.note_close",
    )
    .footer()
    .needs(Permission::WorkHandover),
    b(
        S::HandoverSign,
        &[k(K::Enter)],
        A::Accept,
        "hv.key.sign_confirm",
    )
    .footer()
    .needs(Permission::SignHandover),
    b(
        S::HandoverSign,
        &[k(K::Right), k(K::Tab)],
        A::Handover(HA::SignNext),
        "hv.key.sign_next",
    )
    .footer()
    .needs(Permission::SignHandover),
    b(
        S::HandoverSign,
        &[k(K::Left), k(K::BackTab)],
        A::Handover(HA::SignPrev),
        "hv.key.sign_prev",
    )
    .needs(Permission::SignHandover),
    b(S::HandoverSign, &[k(K::Esc)], A::Cancel, "key.cancel")
        .footer()
        .needs(Permission::SignHandover),
];

/// The bindings one role has.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<&'static Binding>,
}

impl Keymap {
    /// The table without the bindings the role may not use.
    pub fn for_role(role: Role) -> Keymap {
        Keymap {
            bindings: BINDINGS
                .iter()
                .filter(|b| b.permission.is_none_or(|p| role.allows(p)))
                .collect(),
        }
    }

    pub fn bindings(&self) -> &[&'static Binding] {
        &self.bindings
    }

    /// The action of a key in one scope.
    pub fn in_scope(&self, scope: Scope, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.scope == scope && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// The action of a key on a screen with no text input focused: the screen's own
    /// scopes first, then the global ones.
    pub fn lookup(&self, view: View, key: Key) -> Option<Action> {
        Scope::ALL
            .iter()
            .filter(|s| **s != Scope::Global && s.applies_to(view))
            .chain(std::iter::once(&Scope::Global))
            .find_map(|s| self.in_scope(*s, key))
    }

    /// A global action for a key that cannot be text (Esc, Ctrl-C): what still
    /// works while a form field or prompt has the focus.
    pub fn global_non_text(&self, key: Key) -> Option<Action> {
        if key.is_text() {
            return None;
        }
        self.in_scope(Scope::Global, key)
    }

    /// The action behind a `:` command name.
    pub fn command(&self, name: &str) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.commands.contains(&name))
            .map(|b| b.action)
    }

    /// Bindings the role has on this screen, for the footer hints (prompt ones while
    /// a prompt is open).
    pub fn footer(&self, view: View, prompt: bool) -> Vec<&'static Binding> {
        self.bindings
            .iter()
            .copied()
            .filter(|b| b.footer)
            .filter(|b| {
                if prompt {
                    b.scope == Scope::Prompt
                } else if view.is_form() {
                    b.scope == Scope::Form
                        || (b.scope == Scope::Global && b.keys.iter().any(|k| !k.is_text()))
                } else {
                    b.scope != Scope::Global && b.scope.applies_to(view)
                }
            })
            .chain(
                // Global hints after the screen's own, in table order.
                self.bindings
                    .iter()
                    .copied()
                    .filter(move |b| b.footer && !prompt && !view.is_form())
                    .filter(|b| b.scope == Scope::Global),
            )
            .collect()
    }

    /// Bindings grouped by scope, for the help screen.
    pub fn groups(&self) -> Vec<(Scope, Vec<&'static Binding>)> {
        Scope::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    self.bindings
                        .iter()
                        .copied()
                        .filter(|b| b.scope == *s)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// Keys of a binding as shown: `j / Down`.
    pub fn keys_label(b: &Binding) -> String {
        b.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supervisors_have_no_register_or_reveal_key() {
        let km = Keymap::for_role(Role::Supervisor);
        assert_eq!(km.lookup(View::Dashboard, Key::ch('a')), None);
        assert_eq!(km.lookup(View::Detail, Key::ch('r')), None);
        assert_eq!(km.command("register"), None);
        let all: Vec<_> = km.groups().into_iter().flat_map(|(_, v)| v).collect();
        assert!(all.iter().all(|b| b.permission.is_none()));
        assert!(
            km.footer(View::Dashboard, false)
                .iter()
                .all(|b| b.action != A::Go(View::Register))
        );
    }

    #[test]
    fn department_heads_get_no_key_that_writes() {
        // Their only write is recording health checks, which has no console key yet:
        // until their limited console comes, every key they get only reads.
        let km = Keymap::for_role(Role::DeptHead);
        let all: Vec<_> = km.groups().into_iter().flat_map(|(_, v)| v).collect();
        assert!(all.iter().all(|b| b.permission.is_none()));
        assert_eq!(km.lookup(View::Dashboard, Key::ch('a')), None);
        assert_eq!(km.lookup(View::Detail, Key::ch('r')), None);
    }

    #[test]
    fn guards_register_but_cannot_reveal() {
        let km = Keymap::for_role(Role::Guard);
        assert_eq!(
            km.lookup(View::Dashboard, Key::ch('a')),
            Some(A::Go(View::Register))
        );
        assert_eq!(km.lookup(View::Detail, Key::ch('r')), None);
        let km = Keymap::for_role(Role::Officer);
        assert_eq!(km.lookup(View::Detail, Key::ch('r')), Some(A::Reveal));
    }

    #[test]
    fn screen_keys_come_before_global_ones() {
        let km = Keymap::for_role(Role::Admin);
        assert_eq!(km.lookup(View::Log, Key::ch('f')), Some(A::ToggleFlagged));
        assert_eq!(km.lookup(View::Dashboard, Key::ch('f')), None);
        assert_eq!(km.lookup(View::Help, Key::ch('j')), Some(A::Down));
        assert_eq!(km.global_non_text(Key::ch('q')), None);
        assert_eq!(km.global_non_text(Key::ctrl('c')), Some(A::Quit));
    }

    #[test]
    fn no_key_is_bound_twice_in_overlapping_scopes() {
        let km = Keymap::for_role(Role::Admin);
        for view in [
            View::Dashboard,
            View::Log,
            View::Flags,
            View::FlagCase,
            View::Register,
            View::Detail,
            View::Help,
            View::Approvals,
            View::Request,
            View::Returns,
            View::FileRequest,
            View::Handover,
            View::HandoverHistory,
            View::HandoverRecord,
        ] {
            let mut seen = std::collections::HashSet::new();
            for b in km
                .bindings()
                .iter()
                .filter(|b| b.scope != Scope::Global && b.scope.applies_to(view))
            {
                for key in b.keys {
                    assert!(seen.insert(*key), "{view:?}: {key:?} bound twice");
                }
            }
        }
    }

    #[test]
    fn no_global_key_is_shadowed_on_a_screen() {
        let km = Keymap::for_role(Role::Admin);
        let global: Vec<Key> = km
            .bindings()
            .iter()
            .filter(|b| b.scope == Scope::Global)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for b in km.bindings().iter().filter(|b| b.scope != Scope::Global) {
            for key in b.keys {
                assert!(
                    // Prompts and the handover's editor and popup are modal: their keys
                    // are meant to win while they are open.
                    !global.contains(key)
                        || matches!(
                            b.scope,
                            Scope::Prompt | Scope::HandoverNote | Scope::HandoverSign
                        ),
                    "{key:?} of {:?} hides a global key",
                    b.action
                );
            }
        }
    }

    #[test]
    fn every_description_is_in_the_catalog() {
        for b in BINDINGS {
            assert!(
                crate::i18n::lookup(crate::i18n::Lang::Zh, b.desc).is_some(),
                "{}",
                b.desc
            );
        }
        for s in Scope::ALL {
            assert!(crate::i18n::lookup(crate::i18n::Lang::En, s.title_key()).is_some());
        }
    }
}
