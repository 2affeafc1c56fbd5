//! The health checks' part of the handover carry-over: at shift change, every check
//! of today that has fallen due with people still missing, and today's abnormal
//! readings. Kept readable for 300 missing people: one line per check with counts by
//! department, one line for the abnormal readings naming the first few.

use super::Desk;
use crate::domain::health::due_checks;
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::i18n::{Lang, tr, trf};
use crate::store::health::{self as store, ReadingFilter, Scope};
use std::collections::BTreeMap;

/// Departments named in one line; the rest are summed up as "…".
const DEPARTMENTS_SHOWN: usize = 5;
/// Abnormal readings named in one line.
const ABNORMAL_SHOWN: usize = 5;

impl Desk {
    /// `(ref_id, summary)` of today's health checks still open, for `SOURCES`: ref ids
    /// are the check keys and `abnormal` (the day is the handover's own). The
    /// summary is written in the site's language (`[console] lang`, Chinese when auto):
    /// it is stored with the handover record.
    pub fn health_handover_items(&self) -> DeskResult<Vec<(String, String)>> {
        let lang = Lang::parse(&self.config.console.lang).unwrap_or(Lang::Zh);
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let now = self.zone.to_local(self.clock.now()).naive_local();
        let today = now.date();
        let checks = self.health_checks();
        let mut out = Vec::new();
        for c in due_checks(&checks, today, now) {
            let missing = store::missing(self.store.conn(), today, &c.key, None, &Scope::All)?;
            if missing.is_empty() {
                continue;
            }
            let mut by_dept: BTreeMap<&str, usize> = BTreeMap::new();
            for m in &missing {
                *by_dept.entry(m.department.as_str()).or_default() += 1;
            }
            let mut depts: Vec<(&str, usize)> = by_dept.into_iter().collect();
            depts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let mut named: Vec<String> = depts
                .iter()
                .take(DEPARTMENTS_SHOWN)
                .map(|(d, n)| format!("{} {n}", sanitize(d)))
                .collect();
            if depts.len() > DEPARTMENTS_SHOWN {
                named.push(tr(lang, "health.carry_more").to_string());
            }
            out.push((
                format!("health:{}", c.key),
                trf(
                    lang,
                    "health.carry_missing",
                    &[
                        ("check", self.check_label(lang, &c.key)),
                        ("count", missing.len().to_string()),
                        ("departments", named.join(sep)),
                    ],
                ),
            ));
        }
        let abnormal = store::list(
            self.store.conn(),
            &ReadingFilter {
                day: today,
                check: None,
                department: None,
                abnormal_only: true,
                scope: Scope::All,
            },
        )?;
        if !abnormal.is_empty() {
            let mut named: Vec<String> = abnormal
                .iter()
                .take(ABNORMAL_SHOWN)
                .map(|r| {
                    format!(
                        "{} {} {}",
                        sanitize(&r.name),
                        r.temp,
                        self.check_label(lang, &r.check)
                    )
                })
                .collect();
            if abnormal.len() > ABNORMAL_SHOWN {
                named.push(tr(lang, "health.carry_more").to_string());
            }
            out.push((
                "health:abnormal".to_string(),
                trf(
                    lang,
                    "health.carry_abnormal",
                    &[
                        ("count", abnormal.len().to_string()),
                        ("list", named.join(sep)),
                    ],
                ),
            ));
        }
        Ok(out)
    }
}
