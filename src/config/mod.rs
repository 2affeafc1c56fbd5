//! Configuration: the typed form of `config.toml`. The repository's `config.toml` is
//! the documented default and is embedded in the binary; every key has the default
//! shown there, and unknown keys are refused so a typo never changes the rules silently.

mod load;

pub use load::{ConfigSource, LoadedConfig, resolve_config, resolve_db_path};

use crate::clock::Zone;
use crate::domain::flag::FlagPolicy;
use crate::domain::screening::ScreeningRules;
use crate::domain::{CodeColour, Role, Tenths};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The default configuration text, as shipped at the repository root.
pub const EMBEDDED: &str = include_str!("../../config.toml");

/// How the embedded default is named in messages.
pub const EMBEDDED_NAME: &str = "config.toml (built-in)";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub site: SiteConfig,
    pub database: DatabaseConfig,
    pub screening: ScreeningConfig,
    pub gates: Vec<GateConfig>,
    /// `None` (no `[users]` table): single-operator mode.
    pub users: Option<BTreeMap<String, UserConfig>>,
    pub console: ConsoleConfig,
    pub notify: NotifyConfig,
    pub flags: FlagsConfig,
    pub approvals: ApprovalsConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            site: SiteConfig::default(),
            database: DatabaseConfig::default(),
            screening: ScreeningConfig::default(),
            gates: ["东门", "西门", "北门"]
                .iter()
                .map(|n| GateConfig {
                    name: n.to_string(),
                })
                .collect(),
            users: None,
            console: ConsoleConfig::default(),
            notify: NotifyConfig::default(),
            flags: FlagsConfig::default(),
            approvals: ApprovalsConfig::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub name: String,
    pub timezone: Option<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            name: "攀西职业学院".into(),
            timezone: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScreeningConfig {
    pub fever_threshold: f64,
    pub valid_range: [f64; 2],
    pub deny_codes: Vec<CodeColour>,
    pub require_venue_scan: bool,
    pub require_code: bool,
    pub visitors_need_approval: bool,
}

impl Default for ScreeningConfig {
    fn default() -> Self {
        Self {
            fever_threshold: 37.3,
            valid_range: [34.0, 43.0],
            deny_codes: vec![CodeColour::Yellow, CodeColour::Red],
            require_venue_scan: true,
            require_code: false,
            visitors_need_approval: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsoleConfig {
    pub lang: String,
    pub gate: Option<String>,
    pub mouse: bool,
    pub ascii_borders: bool,
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        Self {
            lang: "auto".into(),
            gate: None,
            mouse: false,
            ascii_borders: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotifyConfig {
    pub desktop: bool,
    pub bell: bool,
    pub osc: bool,
    pub on_fever: bool,
    pub on_red_code: bool,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            desktop: true,
            bell: true,
            osc: true,
            on_fever: true,
            on_red_code: true,
        }
    }
}

/// `[flags]`: the fever follow-up of a flagged reading.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FlagsConfig {
    /// A re-check is due this many minutes after the first reading.
    pub recheck_minutes: u32,
    /// The report to the epidemic-control group is due this many minutes after the
    /// first reading.
    pub report_within_minutes: u32,
    /// The places a confirmed fever may be sent to; the first is the default. Only
    /// these are accepted, so every record names a place the same way.
    pub observation_places: Vec<String>,
}

impl Default for FlagsConfig {
    fn default() -> Self {
        Self {
            recheck_minutes: 10,
            report_within_minutes: 120,
            observation_places: vec!["医务室临时留观点".into()],
        }
    }
}

/// `[approvals]`: leave and visitor requests, returns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalsConfig {
    /// Calendar days between filing a leave request and departure (0: same day).
    pub leave_notice_days: u32,
    /// Hours within which a returning person reports back.
    pub return_report_hours: u32,
    /// Days of health monitoring after a return.
    pub monitoring_days: u32,
    /// Warn leaders this many minutes before a pending request expires undecided.
    pub expiry_warning_minutes: u32,
}

impl Default for ApprovalsConfig {
    fn default() -> Self {
        Self {
            leave_notice_days: 1,
            return_report_hours: 24,
            monitoring_days: 14,
            expiry_warning_minutes: 30,
        }
    }
}

impl Config {
    /// The screening rules in force, in domain terms.
    pub fn screening_rules(&self) -> ScreeningRules {
        ScreeningRules {
            fever_threshold: Tenths::from_celsius(self.screening.fever_threshold),
            deny_codes: self.screening.deny_codes.clone(),
            require_venue_scan: self.screening.require_venue_scan,
            require_code: self.screening.require_code,
            flags: FlagPolicy {
                recheck_minutes: self.flags.recheck_minutes,
                report_within_minutes: self.flags.report_within_minutes,
            },
            visitors_need_approval: self.screening.visitors_need_approval,
            return_policy: self.return_policy(),
        }
    }

    /// The rules for filing leave requests.
    pub fn leave_policy(&self) -> crate::domain::approval::LeavePolicy {
        crate::domain::approval::LeavePolicy {
            notice_days: self.approvals.leave_notice_days,
        }
    }

    /// The follow-up after a return.
    pub fn return_policy(&self) -> crate::domain::approval::ReturnPolicy {
        crate::domain::approval::ReturnPolicy {
            report_hours: self.approvals.return_report_hours,
            monitoring_days: self.approvals.monitoring_days,
        }
    }

    /// Valid temperature range, inclusive.
    pub fn valid_range(&self) -> (Tenths, Tenths) {
        let [lo, hi] = self.screening.valid_range;
        (Tenths::from_celsius(lo), Tenths::from_celsius(hi))
    }

    pub fn zone(&self) -> Zone {
        self.site
            .timezone
            .as_deref()
            .and_then(Zone::parse)
            .unwrap_or(Zone::Local)
    }

    pub fn gate_names(&self) -> Vec<String> {
        self.gates.iter().map(|g| g.name.clone()).collect()
    }

    /// Checks what the TOML grammar cannot: ranges, duplicates, names. Returns the
    /// dotted key and a translation key of the first problem.
    pub fn validate(&self) -> Result<(), (String, &'static str)> {
        let [lo, hi] = self.screening.valid_range;
        if lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
            return Err(("screening.valid_range".into(), "config.range_order"));
        }
        if !(lo..=hi).contains(&self.screening.fever_threshold) {
            return Err(("screening.fever_threshold".into(), "config.threshold_range"));
        }
        if self
            .site
            .timezone
            .as_deref()
            .is_some_and(|tz| Zone::parse(tz).is_none())
        {
            return Err(("site.timezone".into(), "config.timezone"));
        }
        let mut names = std::collections::HashSet::new();
        for g in &self.gates {
            if crate::domain::text::clean_label(&g.name, 20).is_err()
                || !names.insert(g.name.trim())
            {
                return Err(("gates.name".into(), "config.gate_name"));
            }
        }
        if let Some(gate) = &self.console.gate
            && !self.gates.iter().any(|g| &g.name == gate)
        {
            return Err(("console.gate".into(), "config.console_gate"));
        }
        if crate::i18n::Lang::parse(&self.console.lang).is_none() && self.console.lang != "auto" {
            return Err(("console.lang".into(), "config.lang"));
        }
        // Deadlines from one minute to a week.
        if !(1..=7 * 24 * 60).contains(&self.flags.recheck_minutes) {
            return Err(("flags.recheck_minutes".into(), "config.flag_minutes"));
        }
        if !(1..=7 * 24 * 60).contains(&self.flags.report_within_minutes) {
            return Err(("flags.report_within_minutes".into(), "config.flag_minutes"));
        }
        let mut places = std::collections::HashSet::new();
        if self.flags.observation_places.is_empty() {
            return Err(("flags.observation_places".into(), "config.places_empty"));
        }
        for p in &self.flags.observation_places {
            if crate::domain::text::clean_label(p, 40).is_err() || !places.insert(p.trim()) {
                return Err(("flags.observation_places".into(), "config.place_name"));
            }
        }
        let a = &self.approvals;
        for (key, value, max) in [
            ("approvals.leave_notice_days", a.leave_notice_days, 30),
            (
                "approvals.return_report_hours",
                a.return_report_hours,
                24 * 30,
            ),
            ("approvals.monitoring_days", a.monitoring_days, 90),
            (
                "approvals.expiry_warning_minutes",
                a.expiry_warning_minutes,
                24 * 60,
            ),
        ] {
            if value > max {
                return Err((key.into(), "config.approvals_range"));
            }
        }
        for (key, user) in self.users.iter().flatten() {
            if crate::domain::text::clean_label(key, 32).is_err()
                || crate::domain::text::clean_label(&user.name, 40).is_err()
            {
                return Err((format!("users.{key}"), "config.user_name"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_equals_the_built_in_defaults() {
        let parsed: Config = toml::from_str(EMBEDDED).expect("config.toml parses");
        assert_eq!(parsed, Config::default());
        assert!(parsed.validate().is_ok());
    }

    #[test]
    fn the_issue_example_parses_exactly_as_written() {
        let text = r#"
[site]
name = "攀西职业学院"

[database]
path = "/var/lib/dutydesk/dutydesk.db"   # optional; --db and DUTYDESK_DB override

[screening]
fever_threshold = 37.3
valid_range = [34.0, 43.0]
deny_codes = ["yellow", "red"]
require_venue_scan = true

[[gates]]
name = "东门"

[users.li]
name = "李玉德"
role = "leader"
"#;
        let c: Config = toml::from_str(text).unwrap();
        assert_eq!(c.gate_names(), vec!["东门"]);
        assert_eq!(c.users.as_ref().unwrap()["li"].role, Role::Leader);
        assert_eq!(c.screening_rules().fever_threshold, Tenths(373));
    }

    #[test]
    fn flag_settings_are_read_and_checked() {
        let c: Config = toml::from_str(
            "[flags]\nrecheck_minutes = 5\nobservation_places = [\"东门留观室\", \"医务室\"]\n",
        )
        .unwrap();
        assert_eq!(c.screening_rules().flags.recheck_minutes, 5);
        assert_eq!(c.screening_rules().flags.report_within_minutes, 120);
        assert!(c.validate().is_ok());
        for (text, key) in [
            ("[flags]\nrecheck_minutes = 0\n", "flags.recheck_minutes"),
            (
                "[flags]\nreport_within_minutes = 0\n",
                "flags.report_within_minutes",
            ),
            (
                "[flags]\nobservation_places = []\n",
                "flags.observation_places",
            ),
            (
                "[flags]\nobservation_places = [\"a\", \"a\"]\n",
                "flags.observation_places",
            ),
            (
                "[flags]\nobservation_places = [\" \"]\n",
                "flags.observation_places",
            ),
        ] {
            let c: Config = toml::from_str(text).unwrap();
            assert_eq!(c.validate().unwrap_err().0, key, "{text}");
        }
        assert!(toml::from_str::<Config>("[flags]\nrecheck = 5\n").is_err());
    }

    #[test]
    fn refuses_approval_periods_out_of_range() {
        let c: Config = toml::from_str("[approvals]\nmonitoring_days = 400\n").unwrap();
        assert_eq!(c.validate().unwrap_err().0, "approvals.monitoring_days");
        assert!(toml::from_str::<Config>("[approvals]\nleave_notice_days = -1\n").is_err());
    }

    #[test]
    fn refuses_a_threshold_outside_the_valid_range() {
        let c: Config = toml::from_str("[screening]\nfever_threshold = 50.0\n").unwrap();
        assert_eq!(c.validate().unwrap_err().0, "screening.fever_threshold");
    }
}
