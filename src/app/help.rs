//! The help screen's content, generated from the role's keymap (so a role never
//! reads about a key it does not have) plus the commands that take arguments.

use super::keymap::Keymap;
use super::state::State;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(String),
    /// Keys, description, `:` command names.
    Binding {
        keys: String,
        desc: String,
        commands: String,
    },
    Blank,
}

pub fn lines(state: &State) -> Vec<HelpLine> {
    let mut out = Vec::new();
    for (scope, bindings) in state.keymap.groups() {
        out.push(HelpLine::Heading(state.tr(scope.title_key()).to_string()));
        for b in bindings {
            out.push(HelpLine::Binding {
                keys: Keymap::keys_label(b),
                desc: state.tr(b.desc).to_string(),
                commands: b
                    .commands
                    .iter()
                    .map(|c| format!(":{c}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
        out.push(HelpLine::Blank);
    }
    out.push(HelpLine::Heading(state.tr("scope.commands").to_string()));
    for (cmd, desc) in [
        (":date 2026-11-29", "help.cmd_date"),
        (":filter TEXT", "help.cmd_filter"),
        (
            ":notify fever|red|request|expiring|desktop|bell|osc on|off",
            "help.cmd_notify",
        ),
    ] {
        out.push(HelpLine::Binding {
            keys: String::new(),
            desc: state.tr(desc).to_string(),
            commands: cmd.to_string(),
        });
    }
    out
}
