//! The desk's time zone: decided once per database and stored in `meta`, so every
//! process on it (CLI, console, SSH session, ingest, demo feed) takes "today", its
//! shifts and its day filters from the same zone, whatever its own `TZ`.
//!
//! A database without a zone (new, or made by a version before the zone was stored)
//! records one when it is first opened: `[site] timezone` of the opening process's
//! config, else that machine's zone. The write is an immediate transaction that reads
//! again before writing, so when two processes open at once the first writer wins and
//! the second takes (and checks its config against) what the first stored. A desk
//! that already has a history writes an audit row as it adopts the zone: its past
//! days are read in that zone from then on. A new desk has nothing to reinterpret.

use super::Desk;
use crate::clock::{Clock, Zone, ZoneSource};
use crate::config::Config;
use crate::domain::Permission;
use crate::error::{DeskError, DeskResult};
use crate::store::Store;
use crate::store::audit::{self, AuditRecord, Chain};
use crate::store::meta::{self, StoredZone};
use serde_json::json;

/// The audit action of every change of the desk's zone.
pub const AUDIT_ACTION: &str = "site.timezone";

/// What `set_site_zone` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneChange {
    /// The stored zone before (its name as stored).
    pub from: String,
    pub to: Zone,
    /// False when the desk already kept its time in `to`: nothing was written.
    pub changed: bool,
}

/// The stored zone, recording one first when the database has none. `login` and
/// `clock` stamp the audit row of an adoption.
pub(super) fn settle(
    store: &mut Store,
    config: &Config,
    login: &str,
    clock: &dyn Clock,
) -> DeskResult<StoredZone> {
    // The everyday path reads without a lock: opening a desk must not wait behind
    // another process's write.
    if let Some(stored) = meta::site_zone(store.conn())? {
        return Ok(stored);
    }
    let (zone, source) = match config.site_zone() {
        Some(z) => (z, ZoneSource::Config),
        None => Zone::of_machine(),
    };
    store.write(|tx| {
        if let Some(stored) = meta::site_zone(tx)? {
            return Ok(stored); // another process recorded it first
        }
        meta::set_site_zone(tx, zone.name(), source.as_str())?;
        if audit::count(tx)? > 0 {
            let record = AuditRecord {
                at: clock.now(),
                operator: login.to_string(),
                action: AUDIT_ACTION.to_string(),
                entity: "site".to_string(),
                entity_id: None,
                details: json!({ "zone": zone.name(), "source": source.as_str(), "adopted": true }),
            };
            Chain::load(tx)?.append(tx, &record)?;
        }
        Ok(StoredZone {
            name: zone.name().to_string(),
            source: Some(source.as_str().to_string()),
        })
    })
}

/// The stored zone as a zone; a name this build does not know (a newer time zone
/// database wrote it, or an edit behind the program's back) is refused with the
/// command that replaces it.
pub(super) fn parse_stored(stored: &StoredZone) -> DeskResult<Zone> {
    Zone::parse(&stored.name).ok_or_else(|| {
        DeskError::invalid("site.zone_unknown")
            .arg("zone", crate::domain::text::sanitize(&stored.name))
    })
}

/// A config naming another zone than the database keeps is refused before anything
/// is written: two zones on one desk would mean two "todays" and two shifts.
pub(super) fn check_config(config: &Config, stored: Zone) -> DeskResult<()> {
    match config.site_zone() {
        Some(configured) if configured != stored => Err(DeskError::invalid("site.zone_conflict")
            .arg("configured", configured)
            .arg("stored", stored)),
        _ => Ok(()),
    }
}

impl Desk {
    /// Takes the stored zone again, for a long-lived process (the console) after the
    /// data changed: an administrator may have moved the desk meanwhile, and one clock
    /// for the whole desk holds for consoles already open too. An unreadable stored
    /// name leaves the zone as it was.
    pub(crate) fn follow_stored_zone(&mut self) -> DeskResult<Zone> {
        if let Some(zone) = meta::site_zone(self.store.conn())?
            .as_ref()
            .and_then(|s| parse_stored(s).ok())
        {
            self.zone = zone;
        }
        Ok(self.zone)
    }

    /// The desk's zone and where it came from, for `info`.
    pub fn zone_source(&self) -> DeskResult<Option<ZoneSource>> {
        Ok(meta::site_zone(self.store.conn())?
            .and_then(|s| s.source)
            .as_deref()
            .and_then(ZoneSource::parse))
    }

    /// `dutydesk site timezone ZONE`: the administrator moves the desk to another zone.
    /// Stored instants (entries, shifts and handover records) stay as they are; dates,
    /// "today" and the shifts from now on are read in the new zone. A zone that the
    /// config's `[site] timezone` contradicts is refused: every process with that config
    /// would then be refused.
    pub fn set_site_zone(&mut self, name: &str) -> DeskResult<ZoneChange> {
        self.require(Permission::SetSiteZone)?;
        let zone = Zone::parse(name).ok_or_else(|| {
            DeskError::field("field.zone", "site.zone_invalid").arg("zone", name.trim())
        })?;
        if let Some(configured) = self.config.site_zone().filter(|c| *c != zone) {
            return Err(DeskError::invalid("site.zone_config_differs")
                .arg("configured", configured)
                .arg("zone", zone));
        }
        let record = self.audit_record(AUDIT_ACTION, "site", None, json!(null));
        let change = self.store.write(|tx| {
            let from = meta::site_zone(tx)?.map(|s| s.name).unwrap_or_default();
            if from == zone.name() {
                return Ok(ZoneChange {
                    from,
                    to: zone,
                    changed: false,
                });
            }
            meta::set_site_zone(tx, zone.name(), ZoneSource::Command.as_str())?;
            let record = AuditRecord {
                details: json!({ "from": from, "zone": zone.name(), "source": ZoneSource::Command.as_str() }),
                ..record
            };
            Chain::load(tx)?.append(tx, &record)?;
            Ok(ZoneChange {
                from,
                to: zone,
                changed: true,
            })
        })?;
        self.zone = zone;
        Ok(change)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, lookup};

    #[test]
    fn info_can_say_where_every_kind_of_zone_came_from_in_both_languages() {
        for source in [
            ZoneSource::Config,
            ZoneSource::TzVariable,
            ZoneSource::System,
            ZoneSource::Fallback,
            ZoneSource::Command,
        ] {
            let key = format!("info.zone_source.{}", source.as_str());
            assert!(lookup(Lang::Zh, &key).is_some(), "{key}");
            assert!(lookup(Lang::En, &key).is_some(), "{key}");
        }
        assert!(
            lookup(Lang::En, "info.zone_source.fallback")
                .unwrap()
                .contains("dutydesk site timezone ZONE")
        );
    }

    #[test]
    fn only_a_config_naming_another_zone_conflicts() {
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        let mut config = Config::default();
        assert!(check_config(&config, shanghai).is_ok(), "no zone named");
        config.site.timezone = Some("Asia/Shanghai".into());
        assert!(check_config(&config, shanghai).is_ok());
        config.site.timezone = Some("America/New_York".into());
        let e = check_config(&config, shanghai).unwrap_err();
        assert_eq!(e.key, "site.zone_conflict");
        assert_eq!(e.get("configured"), Some("America/New_York"));
        assert_eq!(e.get("stored"), Some("Asia/Shanghai"));
    }
}
