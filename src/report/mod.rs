//! Printable records for the paper archive: the handover record as an A4 Excel
//! workbook and as Markdown. Takes domain records and the few facts a print needs
//! (`RecordMeta`); writes nothing to the database.

pub mod handover_text;
pub mod handover_xlsx;
pub mod health_sheet;
pub mod incident_text;
pub mod incident_xlsx;
pub mod output;
pub mod print_format;

use crate::clock::Zone;
use crate::domain::handover::{
    Capacity, CarryKind, ChecklistItem, Handover, ItemState, ShiftWindow,
};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What a printed record needs besides the record: the site, the zone and language to
/// print in, operators' display names by login, and when it was printed.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordMeta {
    pub site: String,
    pub zone: Zone,
    pub lang: Lang,
    pub names: BTreeMap<String, String>,
    pub printed_at: DateTime<Utc>,
    /// The audit chain head when printed (id, hash): kept in the paper archive, it
    /// shows later whether the chain was cut short or rewritten.
    pub audit_head: Option<(i64, String)>,
}

impl RecordMeta {
    pub fn tr(&self, key: &str) -> String {
        i18n::tr(self.lang, key).to_string()
    }

    pub fn trf(&self, key: &str, args: &[(&str, String)]) -> String {
        i18n::trf(self.lang, key, args)
    }

    /// "赵敏（zhao）", or the login alone when no other name is known. Sanitised.
    pub fn who(&self, login: &str) -> String {
        match self.names.get(login).filter(|n| n.as_str() != login) {
            Some(name) => sanitize(&format!("{name}（{login}）")),
            None => sanitize(login),
        }
    }

    /// Local "YYYY-MM-DD HH:MM".
    pub fn time(&self, t: DateTime<Utc>) -> String {
        self.zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
    }

    /// "2026-11-29 白班 (2026-11-29 08:00 – 2026-11-29 20:00)".
    pub fn shift(&self, w: &ShiftWindow) -> String {
        format!(
            "{} {} ({} – {})",
            w.date,
            sanitize(&w.name),
            self.time(w.start),
            self.time(w.end)
        )
    }

    /// "#12，版本 3，已锁定": the record's id, version and whether it is locked.
    pub fn record_line(&self, h: &Handover) -> String {
        self.trf(
            "report.record_line",
            &[
                (
                    "id",
                    h.id.map(|i| i.to_string()).unwrap_or_else(|| "-".into()),
                ),
                ("version", h.version.to_string()),
                (
                    "state",
                    self.tr(if h.is_locked() {
                        "report.locked"
                    } else {
                        "report.unfinished"
                    }),
                ),
            ],
        )
    }

    /// "第 12 条 3fa4…（用 dutydesk audit verify --head 12:3fa4… 核对）".
    pub fn head_line(&self) -> String {
        match &self.audit_head {
            Some((id, hash)) => self.trf(
                "report.audit_head",
                &[("id", id.to_string()), ("hash", hash.clone())],
            ),
            None => self.tr("report.audit_head_none"),
        }
    }

    /// The item's label in the print language.
    pub fn label(&self, item: &ChecklistItem) -> String {
        sanitize(match self.lang {
            Lang::Zh => &item.label,
            Lang::En => &item.label_en,
        })
    }

    pub fn state(&self, s: ItemState) -> String {
        self.tr(&format!("item_state.{}", s.as_str()))
    }

    pub fn kind(&self, k: CarryKind) -> String {
        self.tr(&format!("carry.{}", k.as_str()))
    }

    pub fn capacity(&self, c: Capacity) -> String {
        self.tr(&format!("capacity.{}", c.as_str()))
    }
}
