//! `dutydesk site timezone ZONE`: the administrator moves the whole desk to another
//! time zone (stored in the database, audited).

use super::Session;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::trf;
use crate::service::Desk;
use crate::service::operator::resolve_actor;
use crate::store::Store;
use clap::Subcommand;
use std::process::ExitCode;
use std::sync::Arc;

/// How many of the newest handover records are looked at for unfinished ones.
const RECENT_RECORDS: usize = 10;

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Set the desk's time zone for every process on this database (admin; audited).
    /// Stored times stay as they are; "today", date filters and shifts from now on are
    /// reckoned in the new zone.
    Timezone {
        /// An IANA zone name, e.g. Asia/Shanghai or UTC.
        zone: String,
    },
}

pub fn run(session: &Session, c: SiteCommand) -> DeskResult<ExitCode> {
    match c {
        SiteCommand::Timezone { zone } => timezone(session, &zone),
    }
}

fn timezone(session: &Session, zone: &str) -> DeskResult<ExitCode> {
    let actor = resolve_actor(&session.loaded, session.user.as_deref())?;
    // Not `open_desk`: this command is the way out of a config that names another
    // zone than the database, which `open_desk` refuses.
    let mut desk = Desk::for_zone_change(
        Store::open(&session.db_path)?,
        Arc::new(session.loaded.config.clone()),
        actor,
        super::context::clock(),
    )?;
    let change = desk.set_site_zone(zone)?;
    let args = [
        ("from", sanitize(&change.from)),
        ("zone", change.to.name().to_string()),
    ];
    let key = if change.changed {
        "site.zone_changed"
    } else {
        "site.zone_unchanged"
    };
    println!("{}", trf(session.lang, key, &args));
    if change.changed {
        print_unfinished_records(session, &desk)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Records not yet locked keep the times they were opened with, and are found again
/// by shift date and name: the administrator should see which ones to finish.
fn print_unfinished_records(session: &Session, desk: &Desk) -> DeskResult<()> {
    let time = |t| desk.zone.to_local(t).format("%m-%d %H:%M").to_string();
    for s in desk.handover_list(RECENT_RECORDS, None)? {
        if s.row.is_locked() {
            continue;
        }
        let w = &s.row.shift;
        let args = [
            ("id", s.row.id.to_string()),
            ("shift", format!("{} {}", w.date, sanitize(&w.name))),
            ("start", time(w.start)),
            ("end", time(w.end)),
            ("zone", desk.zone.name().to_string()),
        ];
        println!("{}", trf(session.lang, "site.unfinished_record", &args));
    }
    Ok(())
}
