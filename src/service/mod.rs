//! Use cases. Each takes the acting operator and the clock from `Desk`, checks the
//! permission matrix **here** (never only in a screen), validates input, writes through
//! `store/` in one transaction with its audit row, and returns what happened. The CLI
//! and the console call the same functions.

pub mod approvals;
pub mod audit;
pub mod board;
pub mod calllog;
pub mod contacts;
pub mod csv_stream;
pub mod directives;
pub mod entries;
pub mod entry_void;
pub mod flags;
pub mod handover;
pub mod handover_sources;
pub mod health;
mod health_handover;
mod health_xlsx;
pub mod incidents;
pub mod info;
pub mod ingest;
pub mod ingest_json;
pub mod operator;
pub mod people;
pub mod people_search;
pub mod reveal;
pub mod roster;
mod scope;
pub mod seed;
mod seed_health;
pub mod seed_readiness;
pub mod site;

pub use operator::Actor;

use crate::clock::{Clock, Zone};
use crate::config::Config;
use crate::domain::{Permission, Role};
use crate::error::{DeskError, DeskResult};
use crate::store::Store;
use crate::store::audit::AuditRecord;
use std::sync::Arc;

/// One operator's handle on the desk: the database, the rules, who acts, the time,
/// and the desk's zone (stored in the database, never the process's `TZ`).
pub struct Desk {
    pub store: Store,
    pub config: Arc<Config>,
    pub actor: Actor,
    pub clock: Arc<dyn Clock>,
    pub zone: Zone,
}

impl Desk {
    /// The desk on an open store. Takes the zone the database keeps (recording one
    /// first if it has none, see `site`), and refuses a config whose `[site] timezone`
    /// names another.
    pub fn new(
        mut store: Store,
        config: Arc<Config>,
        actor: Actor,
        clock: Arc<dyn Clock>,
    ) -> DeskResult<Self> {
        sign_with_configured_key(&store, &config)?;
        let stored = site::settle(&mut store, &config, &actor.login, clock.as_ref())?;
        let zone = site::parse_stored(&stored)?;
        site::check_config(&config, zone)?;
        Ok(Self {
            store,
            config,
            actor,
            clock,
            zone,
        })
    }

    /// A desk for `dutydesk site timezone` only: the way out of a conflict, so a
    /// config naming another zone (or a stored name this build does not know) does
    /// not stop it. `set_site_zone` checks the new zone against the config.
    pub fn for_zone_change(
        mut store: Store,
        config: Arc<Config>,
        actor: Actor,
        clock: Arc<dyn Clock>,
    ) -> DeskResult<Self> {
        sign_with_configured_key(&store, &config)?;
        let stored = site::settle(&mut store, &config, &actor.login, clock.as_ref())?;
        Ok(Self {
            store,
            config,
            actor,
            clock,
            // Only shown back if the stored name is unknown; the change replaces it.
            zone: site::parse_stored(&stored).unwrap_or(Zone::UTC),
        })
    }

    /// Refuses, naming the roles that may, unless the actor's role allows `p`.
    pub fn require(&self, p: Permission) -> DeskResult<()> {
        if self.actor.role.allows(p) {
            return Ok(());
        }
        // Roles are named by their `role_ref.*` keys: in English the identifier used in
        // `[users]`, in Chinese the title with that identifier beside it.
        let needed: Vec<String> = Role::holding(p)
            .into_iter()
            .map(|r| format!("role_ref.{r}"))
            .collect();
        Err(DeskError::refused("perm.refused")
            .arg("action", format!("action.{}", p.as_str()))
            .arg("role", format!("role_ref.{}", self.actor.role))
            .arg("needed", needed.join(", ")))
    }

    /// An audit record stamped with the actor and the current time.
    pub fn audit_record(
        &self,
        action: &str,
        entity: &str,
        entity_id: Option<String>,
        details: serde_json::Value,
    ) -> AuditRecord {
        AuditRecord {
            at: self.clock.now(),
            operator: self.actor.login.clone(),
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id,
            details,
        }
    }
}

/// Signs (and verifies) the chain with `[audit] key_file` when it is set. Done when a
/// desk is built, before anything is written: settling the zone may write its first row.
fn sign_with_configured_key(store: &Store, config: &Config) -> DeskResult<()> {
    let key = audit::configured_key(config)?;
    Ok(crate::store::audit::set_key(store.conn(), key.as_deref())?)
}
