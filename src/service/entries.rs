//! Registering people at the gate, and reading the gate log.

use super::Desk;
use crate::clock::to_ms;
use crate::config::Config;
use crate::domain::entry::GateEntry;
use crate::domain::phone::normalize_phone;
use crate::domain::screening::{Reading, Screening, ScreeningRules, screen};
use crate::domain::text::{clean_label, clean_optional};
use crate::domain::{CodeColour, Direction, Permission, ResidentId, Tenths};
use crate::error::{DeskError, DeskResult};
use crate::store::audit::AuditRecord;
use crate::store::audit::Chain;
use crate::store::audit_rows::Covered;
use crate::store::entries::{self as store_entries, EntryFilter, NewEntry};
use crate::store::{people, visitors};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::json;

/// A registration as typed or received: raw text, validated by `Desk::validate_entry`
/// so the CLI, the console form and `ingest` give the same messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryInput {
    pub gate: String,
    pub direction: String,
    pub temp: String,
    pub code: Option<String>,
    pub venue_scan: bool,
    pub person_id: Option<String>,
    pub visitor: Option<VisitorInput>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitorInput {
    pub name: String,
    pub resident_id: String,
    pub phone: String,
    pub reason: String,
    pub host: Option<String>,
}

/// A registration whose every field has been checked.
#[derive(Debug, Clone)]
pub struct ValidEntry {
    pub gate: String,
    pub reading: Reading,
    pub who: ValidWho,
}

#[derive(Debug, Clone)]
pub enum ValidWho {
    Person(String),
    Visitor {
        name: String,
        resident_id: ResidentId,
        phone: String,
        reason: String,
        host: Option<String>,
    },
}

impl Desk {
    /// Checks every field against the rules and the roster. Errors name the field.
    pub fn validate_entry(&self, input: &EntryInput) -> DeskResult<ValidEntry> {
        validate_entry(self.store.conn(), &self.config, input)
    }

    /// Screens and records one registration. A refused person is recorded too: that
    /// someone was turned away is a fact the desk keeps.
    pub fn register_entry(&mut self, input: &EntryInput) -> DeskResult<GateEntry> {
        self.require(Permission::RegisterEntry)?;
        let valid = self.validate_entry(input)?;
        let rules = self.config.screening_rules();
        let now = self.clock.now();
        let operator = self.actor.login.clone();
        let id = self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            insert_valid(tx, &mut chain, &rules, now, &operator, &valid)
        })?;
        self.entry(id)
    }

    /// The gate log, newest first.
    pub fn list_entries(&self, filter: &EntryFilter) -> DeskResult<Vec<GateEntry>> {
        Ok(store_entries::list(self.store.conn(), filter)?)
    }

    pub fn entry(&self, id: i64) -> DeskResult<GateEntry> {
        store_entries::get(self.store.conn(), id)?
            .ok_or_else(|| DeskError::not_found("entry.not_found").arg("id", id))
    }
}

/// Checks every field of a registration against the rules and the roster (on `conn`,
/// which may be the caller's write transaction, as in `ingest`). Errors name the field.
pub(crate) fn validate_entry(
    conn: &Connection,
    config: &Config,
    input: &EntryInput,
) -> DeskResult<ValidEntry> {
    let gate = input.gate.trim();
    if gate.is_empty() {
        return Err(DeskError::field("field.gate", "field.missing"));
    }
    if !config.gates.iter().any(|g| g.name == gate) {
        return Err(DeskError::invalid("entry.unknown_gate")
            .arg("gate", crate::domain::text::sanitize(gate))
            .arg("known", config.gate_names().join(", ")));
    }
    let direction = Direction::parse_loose(&input.direction)
        .ok_or_else(|| DeskError::field("field.direction", "entry.direction_values"))?;
    let temp = Tenths::parse(&input.temp, config.valid_range()).map_err(|e| {
        let (lo, hi) = config.valid_range();
        DeskError::invalid("field.problem")
            .arg("field", "field.temp")
            .arg("problem", e.key())
            .arg("input", crate::domain::text::sanitize(input.temp.trim()))
            .arg("min", lo)
            .arg("max", hi)
    })?;
    let code = match input
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(c) => Some(
            CodeColour::parse_loose(c)
                .ok_or_else(|| DeskError::field("field.code", "entry.code_values"))?,
        ),
    };
    let who = match (&input.person_id, &input.visitor) {
        (Some(_), Some(_)) => return Err(DeskError::invalid("entry.person_or_visitor")),
        (None, None) => return Err(DeskError::invalid("entry.person_or_visitor")),
        (Some(id), None) => {
            let id = id.trim();
            if id.is_empty() {
                return Err(DeskError::field("field.person", "field.missing"));
            }
            if !people::exists(conn, id)? {
                return Err(DeskError::not_found("entry.unknown_person")
                    .arg("id", crate::domain::text::sanitize(id)));
            }
            ValidWho::Person(id.to_string())
        }
        (None, Some(v)) => validate_visitor(conn, v)?,
    };
    Ok(ValidEntry {
        gate: gate.to_string(),
        reading: Reading {
            direction,
            temp,
            code,
            venue_scan: input.venue_scan,
            visitor_approval: Default::default(),
        },
        who,
    })
}

fn validate_visitor(conn: &Connection, v: &VisitorInput) -> DeskResult<ValidWho> {
    let name =
        clean_label(&v.name, 40).map_err(|e| DeskError::field("field.visitor_name", e.key()))?;
    if v.resident_id.trim().is_empty() {
        return Err(DeskError::field("field.visitor_id", "field.missing"));
    }
    let resident_id = ResidentId::parse(&v.resident_id)
        .map_err(|e| DeskError::field("field.visitor_id", e.key()))?;
    if v.phone.trim().is_empty() {
        return Err(DeskError::field("field.visitor_phone", "field.missing"));
    }
    let phone = normalize_phone(&v.phone)
        .ok_or_else(|| DeskError::field("field.visitor_phone", "phone.invalid"))?;
    let reason =
        clean_label(&v.reason, 200).map_err(|e| DeskError::field("field.reason", e.key()))?;
    let host = match v.host.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        None => None,
        Some(h) => {
            clean_optional(h, 32).map_err(|e| DeskError::field("field.host", e.key()))?;
            if !people::exists(conn, h)? {
                return Err(DeskError::not_found("entry.unknown_host")
                    .arg("id", crate::domain::text::sanitize(h)));
            }
            Some(h.to_string())
        }
    };
    Ok(ValidWho::Visitor {
        name,
        resident_id,
        phone,
        reason,
        host,
    })
}

fn entry_audit(
    at: DateTime<Utc>,
    operator: &str,
    id: i64,
    valid: &ValidEntry,
    s: &Screening,
) -> AuditRecord {
    let who = match &valid.who {
        ValidWho::Person(p) => json!({ "person_id": p }),
        ValidWho::Visitor { resident_id, .. } => json!({ "visitor": resident_id.masked() }),
    };
    AuditRecord {
        at,
        operator: operator.to_string(),
        action: "entry.add".into(),
        entity: "entry".into(),
        entity_id: Some(id.to_string()),
        details: json!({
            "gate": valid.gate,
            "direction": valid.reading.direction,
            "temp": valid.reading.temp.0,
            "decision": s.decision,
            "reasons": s.reasons,
            "flagged": s.flagged,
            "who": who,
        }),
    }
}

/// The rows a registration writes: the entry, and the visitor as registered with it.
fn entry_rows(id: i64, visitor_id: Option<i64>) -> Vec<Covered> {
    let mut rows = vec![Covered::row("entries", id)];
    rows.extend(visitor_id.map(|v| Covered::row("visitors", v)));
    rows
}

/// Inserts one validated registration inside the caller's transaction, with its audit
/// row on the given chain. Shared by single registrations and `ingest` batches.
pub(crate) fn insert_valid(
    conn: &Connection,
    chain: &mut Chain,
    rules: &ScreeningRules,
    now: DateTime<Utc>,
    operator: &str,
    valid: &ValidEntry,
) -> DeskResult<i64> {
    let now_ms = to_ms(now);
    let (reading, approval_id) = super::approvals::gate_approval(conn, valid, now_ms)?;
    let s = screen(rules, &reading);
    let (person_id, visitor_id, host_id, visit_reason) = match &valid.who {
        ValidWho::Person(p) => (Some(p.clone()), None, None, None),
        ValidWho::Visitor {
            name,
            resident_id,
            phone,
            reason,
            host,
        } => {
            let vid = visitors::upsert(conn, resident_id.as_str(), name, phone, now_ms)?;
            (None, Some(vid), host.clone(), Some(reason.clone()))
        }
    };
    let id = store_entries::insert(
        conn,
        &NewEntry {
            at_ms: now_ms,
            gate: valid.gate.clone(),
            direction: valid.reading.direction,
            person_id,
            visitor_id,
            host_id,
            visit_reason,
            temp: valid.reading.temp,
            code: valid.reading.code,
            venue_scan: valid.reading.venue_scan,
            decision: s.decision,
            reasons: s.reasons.clone(),
            flagged: s.flagged,
            threshold: rules.fever_threshold,
            operator: operator.to_string(),
            approval_id,
        },
    )?;
    let mut record = entry_audit(now, operator, id, valid, &s);
    if let Some(a) = approval_id {
        record.details["approval_id"] = json!(a);
    }
    chain.cover(conn, &entry_rows(id, visitor_id))?;
    chain.append(conn, &record)?;
    if s.flagged {
        super::flags::open_for_entry(conn, chain, &rules.flags, now, operator, id)?;
    }
    super::approvals::open_returns(conn, chain, rules.return_policy, now, operator, id, valid)?;
    Ok(id)
}
