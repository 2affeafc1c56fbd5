//! A console already open follows the desk's zone when an administrator moves it:
//! one clock for the whole desk holds for long-lived processes too.

use super::Msg;
use super::testing::{Harness, login_of};
use crate::clock::Zone;
use crate::domain::Role;
use crate::i18n::Lang;
use crate::service::{Actor, Desk};
use crate::store::Store;
use std::sync::Arc;

#[test]
fn an_open_console_takes_the_new_zone_and_its_shift_when_the_desk_is_moved() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    assert_eq!(h.state.zone, Zone::parse("Asia/Shanghai").unwrap());
    // 08:00 in Beijing.
    assert_eq!(h.state.shift.as_ref().unwrap().label, "白班 08:00-20:00");
    assert_eq!(h.state.today().to_string(), "2026-11-29");

    // An administrator elsewhere, with a config that names no zone, moves the desk.
    let mut config = super::testing::config();
    config.site.timezone = None;
    let (login, name) = login_of(Role::Admin);
    let mut admin = Desk::new(
        Store::open(&h.db_path()).unwrap(),
        Arc::new(config),
        Actor {
            login: login.into(),
            name: name.into(),
            role: Role::Admin,
        },
        h.clock.clone(),
    )
    .unwrap();
    admin.set_site_zone("UTC").unwrap();
    h.send(Msg::DataChanged);

    // 00:00 UTC: the night shift that began at 20:00 on the 28th.
    assert_eq!(h.state.zone, Zone::UTC);
    assert_eq!(h.state.shift.as_ref().unwrap().label, "夜班 20:00-08:00");
    assert_eq!(h.state.today().to_string(), "2026-11-29");
}
