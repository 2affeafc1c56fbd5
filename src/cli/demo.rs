//! `dutydesk --demo`: a demo desk in the data directory. The first run writes a demo
//! config (the OS login is a duty leader; two internal operators: the gate feed and
//! the seeder) and fills a demo database with `seed-demo` (2,000 people, three days);
//! later runs reuse both. With no subcommand the console opens with a simulated gate
//! feed; with a subcommand, that command runs on the demo desk.

use super::Session;
use crate::clock::Clock;
use crate::error::{DeskError, DeskResult};
use crate::service::Desk;
use crate::service::operator::{os_login, resolve_actor};
use crate::service::seed::SeedOptions;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// The demo's gate feed operator.
pub const FEED_USER: &str = "demo-gate";
/// The operator that seeds the demo database.
pub const SEED_USER: &str = "demo-admin";
/// The demo's other duty leader and its two duty officers, for the duty roster.
pub const DEMO_LEADER: &str = "demo-leader";
pub const DEMO_OFFICERS: [&str; 2] = ["demo-officer-1", "demo-officer-2"];

/// `$XDG_DATA_HOME/dutydesk/demo`.
pub fn demo_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("dutydesk").join("demo"))
        .unwrap_or_else(|| PathBuf::from("dutydesk-demo"))
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The demo configuration: the documented defaults and the demo's operators.
pub fn config_text(login: &str) -> String {
    format!(
        "# dutydesk demo configuration, written by `dutydesk --demo`. Delete this file to\n\
         # have it written again. The documented defaults follow, then the operators.\n\n\
         {defaults}\n\
         # The person trying the demo is the duty leader on shift.\n\
         [users.{key}]\n\
         name = {name}\n\
         role = \"leader\"\n\n\
         # The simulated gate that registers people while the console is open.\n\
         [users.{FEED_USER}]\n\
         name = \"演示闸机\"\n\
         role = \"guard\"\n\n\
         # Fills the demo database on the first run.\n\
         [users.{SEED_USER}]\n\
         name = \"演示数据\"\n\
         role = \"admin\"\n\n\
         # The duty roster's other people: a second duty leader for the nights and two\n\
         # duty officers.\n\
         [users.{DEMO_LEADER}]\n\
         name = \"陈志强\"\n\
         role = \"leader\"\n\n\
         [users.{officer1}]\n\
         name = \"王晓燕\"\n\
         role = \"officer\"\n\n\
         [users.{officer2}]\n\
         name = \"刘建军\"\n\
         role = \"officer\"\n",
        defaults = crate::config::EMBEDDED.trim_end(),
        key = toml_string(login),
        name = toml_string(login),
        officer1 = DEMO_OFFICERS[0],
        officer2 = DEMO_OFFICERS[1],
    )
}

/// Writes the demo config if there is none; returns its path and the demo database's.
pub fn prepare() -> DeskResult<(PathBuf, PathBuf)> {
    let dir = demo_dir();
    let config = dir.join("config.toml");
    let db = dir.join("dutydesk.db");
    if !config.is_file() {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&config, config_text(&os_login()))
        };
        write().map_err(|e| {
            DeskError::invalid("demo.write_failed")
                .arg("path", config.display())
                .arg("detail", e)
        })?;
    }
    Ok((config, db))
}

/// A desk on the session's database acting as a given operator of its config.
pub fn desk_as(session: &Session, user: &str) -> DeskResult<Desk> {
    let actor = resolve_actor(&session.loaded, Some(user))?;
    let store = Store::open(&session.db_path)?;
    let clock: Arc<dyn Clock> = super::context::clock();
    Desk::new(store, Arc::new(session.loaded.config.clone()), actor, clock)
}

/// Fills the demo database the first time; leaves a database with data alone.
pub fn ensure_seeded(session: &Session) -> DeskResult<()> {
    let fresh = !session.db_path.exists();
    let mut desk = desk_as(session, SEED_USER)?;
    if fresh {
        eprintln!(
            "{}",
            crate::i18n::trf(
                session.lang,
                "demo.seeding",
                &[("path", session.db_path.display().to_string())],
            )
        );
    }
    match desk.seed_demo(&SeedOptions::default()) {
        // A demo config written by an older version has no roster operators: the
        // desk then simply has no roster, as before.
        Ok(_) if has_roster_operators(&desk) => {
            let roster = roster_csv(&desk, &os_login());
            desk.import_roster(roster.as_bytes()).map(drop)
        }
        Ok(_) => Ok(()),
        Err(e) if e.key == "seed.not_empty" => Ok(()),
        Err(e) => Err(e),
    }
}

fn has_roster_operators(desk: &Desk) -> bool {
    desk.config.users.as_ref().is_some_and(|users| {
        users.contains_key(DEMO_LEADER) && DEMO_OFFICERS.iter().all(|o| users.contains_key(*o))
    })
}

/// The duty roster for the demo days (the seeded days and tomorrow): the person
/// trying the demo leads the first shift of each day with the first officer, the
/// demo's other leader every later shift with the second officer.
fn roster_csv(desk: &Desk, login: &str) -> String {
    let today = desk.zone.date_of(desk.clock.now());
    let days = i64::from(SeedOptions::default().days);
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(["date", "shift", "leader", "officers"]);
    for back in (-1..days).rev() {
        let date = (today - chrono::Duration::days(back)).to_string();
        for (i, shift) in desk.config.shifts.iter().enumerate() {
            let (leader, officer) = if i == 0 {
                (login, DEMO_OFFICERS[0])
            } else {
                (DEMO_LEADER, DEMO_OFFICERS[1])
            };
            let _ = out.write_record([date.as_str(), &shift.name, leader, officer]);
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    #[test]
    fn the_demo_config_parses_and_makes_the_login_a_leader() {
        let text = config_text("zhang \"san\"");
        let c: crate::config::Config = toml::from_str(&text).unwrap();
        assert!(c.validate().is_ok());
        let users = c.users.unwrap();
        assert_eq!(users["zhang \"san\""].role, Role::Leader);
        assert_eq!(users[FEED_USER].role, Role::Guard);
        assert_eq!(users[SEED_USER].role, Role::Admin);
        assert_eq!(users[DEMO_LEADER].role, Role::Leader);
        for officer in DEMO_OFFICERS {
            assert_eq!(users[officer].role, Role::Officer);
        }
    }
}
