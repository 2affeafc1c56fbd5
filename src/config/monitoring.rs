//! `[monitoring]`: the daily health checks (晨午晚检) and the symptoms a reading may
//! name. Symptoms are stable keys (CLI, storage, JSON); the common ones have built-in
//! labels in both languages, any other configured key brings its own labels.

use crate::domain::health::{CheckDef, SymptomDef, SymptomSet, known_symptom};
use crate::domain::shift::parse_hhmm;
use crate::domain::text::clean_label;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitoringConfig {
    /// The symptom keys a reading may carry, in the order forms and sheets show them.
    pub symptoms: Vec<String>,
    /// Labels for symptom keys the built-in table does not know.
    pub symptom_labels: BTreeMap<String, LabelConfig>,
    /// The checks of a day, in order.
    pub checks: Vec<CheckConfig>,
}

/// A label in both languages.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelConfig {
    pub label: String,
    pub label_en: String,
}

/// One daily check: a stable key, labels, and the site time by which a person should
/// have a reading (after it, a person without one is missing).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub due: String,
}

impl Default for MonitoringConfig {
    fn default() -> Self {
        Self {
            symptoms: [
                "fever",
                "cough",
                "sore_throat",
                "fatigue",
                "diarrhea",
                "loss_of_smell",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            symptom_labels: BTreeMap::new(),
            checks: [
                ("morning", "晨检", "Morning check", "09:00"),
                ("noon", "午检", "Noon check", "14:00"),
                ("evening", "晚检", "Evening check", "21:00"),
            ]
            .iter()
            .map(|(key, label, label_en, due)| CheckConfig {
                key: key.to_string(),
                label: label.to_string(),
                label_en: label_en.to_string(),
                due: due.to_string(),
            })
            .collect(),
        }
    }
}

fn key_ok(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 32
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl MonitoringConfig {
    /// The checks in domain terms. `validate` has checked them; an unparsable due time
    /// (a config built in code) is left out.
    pub fn check_defs(&self) -> Vec<CheckDef> {
        self.checks
            .iter()
            .filter_map(|c| {
                Some(CheckDef {
                    key: c.key.clone(),
                    label: c.label.trim().to_string(),
                    label_en: c.label_en.trim().to_string(),
                    due: parse_hhmm(&c.due)?,
                })
            })
            .collect()
    }

    /// The configured symptoms with their labels.
    pub fn symptom_set(&self) -> SymptomSet {
        SymptomSet::new(
            self.symptoms
                .iter()
                .filter_map(|key| {
                    let (label, label_en) = match self.symptom_labels.get(key) {
                        Some(l) => (l.label.trim().to_string(), l.label_en.trim().to_string()),
                        None => {
                            let (zh, en) = known_symptom(key)?;
                            (zh.to_string(), en.to_string())
                        }
                    };
                    Some(SymptomDef {
                        key: key.clone(),
                        label,
                        label_en,
                    })
                })
                .collect(),
        )
    }

    /// The dotted key and translation key of the first problem.
    pub fn validate(&self) -> Result<(), (String, &'static str)> {
        if self.checks.is_empty() {
            return Err(("monitoring.checks".into(), "config.check_none"));
        }
        let mut keys = HashSet::new();
        for (i, c) in self.checks.iter().enumerate() {
            let at = |field: &str| format!("monitoring.checks[{}].{field}", i + 1);
            if !key_ok(&c.key) || !keys.insert(c.key.as_str()) {
                return Err((at("key"), "config.check_key"));
            }
            if clean_label(&c.label, 20).is_err() || clean_label(&c.label_en, 40).is_err() {
                return Err((at("label"), "config.check_label"));
            }
            if parse_hhmm(&c.due).is_none() {
                return Err((at("due"), "config.shift_time"));
            }
        }
        let mut seen = HashSet::new();
        for key in &self.symptoms {
            if !key_ok(key) || !seen.insert(key.as_str()) {
                return Err(("monitoring.symptoms".into(), "config.symptom_key"));
            }
            if known_symptom(key).is_none() && !self.symptom_labels.contains_key(key) {
                return Err((
                    format!("monitoring.symptom_labels.{key}"),
                    "config.symptom_label_missing",
                ));
            }
        }
        for (key, l) in &self.symptom_labels {
            if clean_label(&l.label, 20).is_err() || clean_label(&l.label_en, 40).is_err() {
                return Err((
                    format!("monitoring.symptom_labels.{key}"),
                    "config.item_label",
                ));
            }
        }
        Ok(())
    }
}
