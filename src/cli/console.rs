//! `dutydesk` with no subcommand: the full-screen console on the configured database.

use super::Session;
use crate::app::providers::Providers;
use crate::app::state::{Init, Look, Operator};
use crate::console::{self, Launch};
use crate::error::{DeskError, DeskResult};
use crate::store::Store;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

/// Colour unless `NO_COLOR` is set to something (https://no-color.org); the palette
/// and the ambiguous width as configured (`auto` starts dark and narrow, and the
/// console asks the terminal: `probe`).
pub fn look(session: &Session) -> Look {
    let c = &session.loaded.config.console;
    Look {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        ascii: c.ascii_borders,
        wide: c.ambiguous_width == "wide",
        light: c.theme == "light",
    }
}

/// The questions for the terminal: those whose setting is `auto`.
pub fn probe(session: &Session) -> crate::console::probe::Wanted {
    let c = &session.loaded.config.console;
    crate::console::probe::Wanted {
        background: c.theme == "auto",
        width: c.ambiguous_width == "auto",
    }
}

/// Opens the console; with `demo`, a simulated gate feed runs while it is open.
pub fn run(session: &Session, started: Instant, demo: bool) -> DeskResult<ExitCode> {
    super::ssh::note_remote_session(|k| std::env::var(k).ok());
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(DeskError::invalid("console.not_a_terminal"));
    }
    let desk = session.open_desk()?;
    let watch = Store::open(&session.db_path)?;
    let config = &session.loaded.config;
    let operator = Operator {
        login: desk.actor.login.clone(),
        name: crate::domain::text::sanitize(&desk.actor.name),
        role: desk.actor.role,
    };
    let init = Init::from_config(
        config,
        desk.zone,
        operator,
        session.lang,
        desk.clock.now(),
        look(session),
    );
    let _feed = if demo {
        let feeder = super::demo::desk_as(session, super::demo::FEED_USER)?;
        Some(
            console::demo::start(feeder)
                .map_err(|e| DeskError::internal("console.io").arg("detail", e))?,
        )
    } else {
        None
    };
    console::run(Launch {
        desk,
        watch,
        init,
        providers: Providers::standard(),
        mouse: config.console.mouse,
        probe: probe(session),
        desktop: crate::notify::desktop::desktop_session_present(|k| std::env::var(k).ok()),
        started,
    })?;
    Ok(ExitCode::SUCCESS)
}
