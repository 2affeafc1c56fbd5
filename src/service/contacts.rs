//! 24-hour contacts (command office, CDC, hospital, police, department heads' duty
//! phones): adding, importing, removing, and test calls that keep each one verified.
//! Once every contact has an answered test call within `[contacts] verify_every_days`,
//! the handover item named by `[contacts] handover_item` is ticked from these records.

use super::Desk;
use super::handover::HandoverTarget;
use super::people::{decode_text, read_csv, reject_if_any};
use crate::domain::Permission;
use crate::domain::contact::{contact_phone, contact_stale, split_phones};
use crate::domain::handover::ItemState;
use crate::domain::text::{clean_label, clean_optional, sanitize};
use crate::error::{DeskError, DeskResult};
use crate::store::audit::{self, Chain};
use crate::store::audit_rows::Covered;
use crate::store::contacts::{self as store, ContactRow, NewContact};
use serde_json::json;

const NAME_MAX: usize = 40;
const ORG_MAX: usize = 60;
const NOTE_MAX: usize = 200;
const PHONES_MAX: usize = 6;

/// What `contact add` takes, as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: String,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub role: Option<String>,
    pub note: Option<String>,
}

/// A checked contact, ready to store.
struct CleanContact {
    name: String,
    phones: Vec<String>,
    org: Option<String>,
    role: Option<String>,
    note: Option<String>,
}

/// A contact as listed, with whether its verification is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub row: ContactRow,
    pub stale: bool,
}

/// What a test call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub contact: Contact,
    /// The handover item ticked from the records by this call, if any.
    pub ticked: Option<String>,
}

fn optional(v: &Option<String>, field: &'static str, max: usize) -> DeskResult<Option<String>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => clean_optional(s, max)
            .map(|s| Some(s.to_string()))
            .map_err(|e| DeskError::field(field, e.key())),
    }
}

fn clean(input: &ContactInput) -> DeskResult<CleanContact> {
    let name =
        clean_label(&input.name, NAME_MAX).map_err(|e| DeskError::field("field.name", e.key()))?;
    let mut phones: Vec<String> = Vec::new();
    for typed in input.phones.iter().flat_map(|p| split_phones(p)) {
        let p = contact_phone(typed).ok_or_else(|| {
            DeskError::field("field.phone", "contact.phone_invalid").arg("phone", sanitize(typed))
        })?;
        if !phones.contains(&p) {
            phones.push(p);
        }
    }
    if phones.is_empty() {
        return Err(DeskError::field("field.phone", "text.empty"));
    }
    if phones.len() > PHONES_MAX {
        return Err(DeskError::field("field.phone", "contact.too_many_phones"));
    }
    Ok(CleanContact {
        name,
        phones,
        org: optional(&input.org, "field.org", ORG_MAX)?,
        role: optional(&input.role, "field.contact_role", ORG_MAX)?,
        note: optional(&input.note, "field.note", NOTE_MAX)?,
    })
}

/// Import columns, by their Chinese or English header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Phones,
    Org,
    Role,
    Note,
}

impl Column {
    fn from_header(h: &str) -> Option<Column> {
        match h.trim().to_lowercase().as_str() {
            "姓名" | "name" => Some(Column::Name),
            "电话" | "phone" | "phones" => Some(Column::Phones),
            "单位" | "org" => Some(Column::Org),
            "职务" | "role" => Some(Column::Role),
            "备注" | "note" => Some(Column::Note),
            _ => None,
        }
    }
}

impl Desk {
    fn contact_of(&self, row: ContactRow) -> Contact {
        let stale = contact_stale(
            row.verified.as_ref().map(|(_, at)| *at),
            self.clock.now(),
            self.config.contacts.verify_every_days,
        );
        Contact { row, stale }
    }

    fn insert_contacts(&mut self, list: &[CleanContact], action: &str) -> DeskResult<Vec<i64>> {
        let now = self.clock.now();
        let login = self.actor.login.clone();
        let record = self.audit_record(action, "contact", None, json!({}));
        self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            let mut ids = Vec::new();
            for c in list {
                let id = store::insert(
                    tx,
                    &NewContact {
                        name: &c.name,
                        phones: &c.phones,
                        org: c.org.as_deref(),
                        role: c.role.as_deref(),
                        note: c.note.as_deref(),
                    },
                    &login,
                    now,
                )?;
                let mut r = record.clone();
                r.entity_id = Some(id.to_string());
                r.details =
                    json!({ "name": c.name, "phones": c.phones, "org": c.org, "role": c.role });
                chain.cover(
                    tx,
                    &[
                        Covered::row("contacts", id),
                        Covered::filter("contact_phones", "contact_id = ?2", vec![id.into()]),
                    ],
                )?;
                chain.append(tx, &r)?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Adds a contact with one or more phones.
    pub fn contact_add(&mut self, input: &ContactInput) -> DeskResult<Contact> {
        self.require(Permission::ManageContacts)?;
        let c = clean(input)?;
        let ids = self.insert_contacts(&[c], "contact.add")?;
        self.contact(ids[0])
    }

    /// Imports contacts from CSV (姓名/name, 电话/phones, 单位/org, 职务/role, 备注/note;
    /// several phones in one cell separated by `;` `/` `、`). Every bad row is reported
    /// with its line and nothing is imported; otherwise every row is added.
    pub fn contact_import(&mut self, bytes: &[u8]) -> DeskResult<Vec<Contact>> {
        self.require(Permission::ManageContacts)?;
        let text = decode_text(bytes)?;
        let (present, rows, mut problems) = read_csv(&text, Column::from_header)?;
        for (c, header) in [
            (Column::Name, "姓名 / name"),
            (Column::Phones, "电话 / phones"),
        ] {
            if !present.contains(&c) {
                return Err(DeskError::invalid("import.missing_column").arg("column", header));
            }
        }
        let mut valid = Vec::new();
        for (line, map) in rows {
            let get = |c| map.get(&c).cloned().filter(|s: &String| !s.is_empty());
            let input = ContactInput {
                name: get(Column::Name).unwrap_or_default(),
                phones: get(Column::Phones).into_iter().collect(),
                org: get(Column::Org),
                role: get(Column::Role),
                note: get(Column::Note),
            };
            match clean(&input) {
                Ok(c) => valid.push(c),
                Err(e) => {
                    let mut row = DeskError::invalid("import.row_problem")
                        .arg("line", line)
                        .arg("column", e.get("field").unwrap_or("field.name"))
                        .arg("problem", e.get("problem").unwrap_or(e.key));
                    row.args
                        .extend(e.args.into_iter().filter(|(n, _)| *n == "phone"));
                    problems.push(row);
                }
            }
        }
        reject_if_any(problems)?;
        if valid.is_empty() {
            return Err(DeskError::invalid("import.empty"));
        }
        let ids = self.insert_contacts(&valid, "contact.import")?;
        ids.into_iter().map(|id| self.contact(id)).collect()
    }

    /// Removes a contact from the list (kept in the database for the record).
    pub fn contact_remove(&mut self, id: i64) -> DeskResult<()> {
        self.require(Permission::ManageContacts)?;
        let now = self.clock.now();
        let login = self.actor.login.clone();
        let record =
            self.audit_record("contact.remove", "contact", Some(id.to_string()), json!({}));
        self.store.write(|tx| {
            let c = store::get(tx, id)?
                .ok_or_else(|| DeskError::not_found("contact.not_found").arg("id", id))?;
            if !store::remove(tx, id, &login, now)? {
                return Err(DeskError::not_found("contact.not_found").arg("id", id));
            }
            let mut record = record;
            record.details = json!({ "name": c.name });
            audit::append_covering(tx, &record, &[Covered::row("contacts", id)])?;
            Ok(())
        })
    }

    /// Records a test call (who: the operator; when: now). When every contact is then
    /// verified in time, the configured handover item is ticked from the records.
    pub fn contact_verify(
        &mut self,
        id: i64,
        answered: bool,
        note: Option<&str>,
    ) -> DeskResult<Verified> {
        self.require(Permission::VerifyContact)?;
        let note = optional(&note.map(str::to_string), "field.note", NOTE_MAX)?;
        let now = self.clock.now();
        let login = self.actor.login.clone();
        let record = self.audit_record(
            "contact.verify",
            "contact",
            Some(id.to_string()),
            json!({ "answered": answered, "note": note }),
        );
        self.store.write(|tx| {
            store::get(tx, id)?
                .ok_or_else(|| DeskError::not_found("contact.not_found").arg("id", id))?;
            let call = store::insert_verification(tx, id, &login, now, answered, note.as_deref())?;
            audit::append_covering(tx, &record, &[Covered::row("contact_verifications", call)])?;
            Ok(())
        })?;
        let ticked = self.tick_contacts_item()?;
        Ok(Verified {
            contact: self.contact(id)?,
            ticked,
        })
    }

    /// Ticks `[contacts] handover_item` in the working handover when every current
    /// contact is verified in time and the item is still open: the records are the
    /// evidence, named in the item's note. Nothing happens otherwise (no item, a stale
    /// contact, the item settled, or the record no longer takes changes).
    fn tick_contacts_item(&mut self) -> DeskResult<Option<String>> {
        let key = self.config.contacts.handover_item.clone();
        if key.is_empty() || !self.actor.role.allows(Permission::WorkHandover) {
            return Ok(None);
        }
        let contacts = self.contacts()?;
        if contacts.is_empty() || contacts.iter().any(|c| c.stale) {
            return Ok(None);
        }
        let h = self.handover_peek()?;
        let open = h
            .items
            .iter()
            .any(|i| i.key == key && i.state == ItemState::Open);
        if !open || h.signatures.outgoing.is_some() {
            return Ok(None);
        }
        let note = format!(
            "contact verify: {}/{} <= {}d",
            contacts.len(),
            contacts.len(),
            self.config.contacts.verify_every_days
        );
        match self.handover_check(HandoverTarget::Working, &key, Some(&note), None) {
            Ok(_) => Ok(Some(key)),
            // Settled or locked meanwhile: the records stay, the item is someone else's.
            Err(e) if e.kind == crate::error::ErrorKind::Conflict => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One current contact.
    pub fn contact(&self, id: i64) -> DeskResult<Contact> {
        let row = store::get(self.store.conn(), id)?
            .ok_or_else(|| DeskError::not_found("contact.not_found").arg("id", id))?;
        Ok(self.contact_of(row))
    }

    /// Every current contact by name, each marked stale or not.
    pub fn contacts(&self) -> DeskResult<Vec<Contact>> {
        Ok(store::list(self.store.conn())?
            .into_iter()
            .map(|r| self.contact_of(r))
            .collect())
    }
}
