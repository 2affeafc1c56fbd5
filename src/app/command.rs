//! The `:` command line: a binding's command name (`:log`, `:flags`, `:help`,
//! `:quit` …, from the keymap table) or one of the commands with arguments below.

use super::keymap::{Action, BINDINGS, Keymap};

/// A parsed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A keymap action by name.
    Action(Action),
    /// `:date 2026-11-29`: the gate log from the end of that day.
    Date(String),
    /// `:filter TEXT`: the gate log narrowed to a name, id or gate.
    Filter(String),
    /// `:notify CHANNEL on|off` (desktop, bell, osc, fever, red, request, expiring).
    Notify(NotifyKey, bool),
}

/// What `:notify` can switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyKey {
    Desktop,
    Bell,
    Osc,
    Fever,
    RedCode,
    /// Leaders' alert when a request is filed.
    Request,
    /// Leaders' alert when a pending request is about to expire.
    Expiring,
}

/// Why a command was not understood (catalog key and the word at fault).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    pub key: &'static str,
    pub word: String,
}

pub fn parse(keymap: &Keymap, line: &str) -> Result<Command, CommandError> {
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    let err = |key, word: &str| CommandError {
        key,
        word: word.to_string(),
    };
    match name {
        "date" if !rest.is_empty() => return Ok(Command::Date(rest.join(" "))),
        "filter" if !rest.is_empty() => return Ok(Command::Filter(rest.join(" "))),
        "notify" => {
            let key = match rest.first().copied() {
                Some("desktop") => NotifyKey::Desktop,
                Some("bell") => NotifyKey::Bell,
                Some("osc") => NotifyKey::Osc,
                Some("fever") => NotifyKey::Fever,
                Some("red") => NotifyKey::RedCode,
                Some("request") => NotifyKey::Request,
                Some("expiring") => NotifyKey::Expiring,
                other => return Err(err("command.notify_usage", other.unwrap_or(""))),
            };
            let on = match rest.get(1).copied() {
                Some("on") => true,
                Some("off") => false,
                other => return Err(err("command.notify_usage", other.unwrap_or(""))),
            };
            return Ok(Command::Notify(key, on));
        }
        _ => {}
    }
    // A name another role has (`:register` typed by a supervisor) is refused as not
    // permitted, with or without arguments: "unknown" would send the operator
    // looking for a typo. Only names no role has are unknown.
    let action = keymap.command(name).ok_or_else(|| {
        if BINDINGS.iter().any(|b| b.commands.contains(&name)) {
            err("command.not_permitted", name)
        } else {
            err("command.unknown", name)
        }
    })?;
    if !rest.is_empty() {
        return Err(err("command.no_arguments", name));
    }
    Ok(Command::Action(action))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::view::View;
    use crate::domain::Role;

    #[test]
    fn understands_view_names_and_arguments() {
        let km = Keymap::for_role(Role::Officer);
        assert_eq!(
            parse(&km, "log"),
            Ok(Command::Action(Action::Go(View::Log)))
        );
        assert_eq!(parse(&km, " quit "), Ok(Command::Action(Action::Quit)));
        assert_eq!(
            parse(&km, "notify bell off"),
            Ok(Command::Notify(NotifyKey::Bell, false))
        );
        assert_eq!(
            parse(&km, "date 2026-11-29"),
            Ok(Command::Date("2026-11-29".into()))
        );
        assert_eq!(parse(&km, "nope").unwrap_err().key, "command.unknown");
        assert_eq!(parse(&km, "log x").unwrap_err().key, "command.no_arguments");
        assert_eq!(parse(&km, "nosuch x").unwrap_err().key, "command.unknown");
    }

    #[test]
    fn a_role_cannot_reach_a_missing_binding_by_name() {
        let km = Keymap::for_role(Role::Supervisor);
        assert_eq!(
            parse(&km, "register").unwrap_err().key,
            "command.not_permitted"
        );
        assert_eq!(
            parse(&km, "register T0001").unwrap_err().key,
            "command.not_permitted"
        );
        assert_eq!(parse(&km, "regsiter").unwrap_err().key, "command.unknown");
    }
}
