//! Configuration: the typed form of `config.toml`. The repository's `config.toml` is
//! the documented default and is embedded in the binary; every key has the default
//! shown there, and unknown keys are refused so a typo never changes the rules silently.

mod load;

pub use load::{ConfigSource, LoadedConfig, resolve_config, resolve_db_path};

use crate::clock::Zone;
use crate::domain::flag::FlagPolicy;
use crate::domain::screening::ScreeningRules;
use crate::domain::shift::{PlanError, ShiftDef, ShiftPlan, parse_hhmm};
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
    /// The duty shifts that divide the day (`[[shifts]]`).
    pub shifts: Vec<ShiftConfig>,
    /// The handover checklist and reminders (`[handover]`, `[[handover.items]]`).
    pub handover: HandoverConfig,
    pub flags: FlagsConfig,
    pub approvals: ApprovalsConfig,
    /// The audit chain (`[audit]`).
    pub audit: AuditConfig,
}

/// `[audit] key_file`: a file holding the key the chain is signed with
/// (HMAC-SHA-256). Left out, the chain is plain SHA-256.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditConfig {
    pub key_file: Option<PathBuf>,
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
            shifts: default_shifts(),
            handover: HandoverConfig::default(),
            console: ConsoleConfig::default(),
            notify: NotifyConfig::default(),
            flags: FlagsConfig::default(),
            approvals: ApprovalsConfig::default(),
            audit: AuditConfig::default(),
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
    #[serde(deserialize_with = "tenths")]
    pub fever_threshold: f64,
    #[serde(deserialize_with = "tenths_pair")]
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

/// Marks the deserialisation error of a temperature with more than one decimal, so
/// `load::parse` can turn it into its own message (file, line, key, value).
pub(crate) const TENTHS_ERROR: &str = "config.tenths:";

/// Temperatures are kept in tenths of a degree: `37.35` would be rounded to a
/// threshold nobody wrote (and 37.3 admitted), so it is refused instead.
fn check_tenths(v: f64) -> Result<f64, String> {
    let tenths = v * 10.0;
    if (tenths - tenths.round()).abs() > 1e-6 {
        return Err(format!("{TENTHS_ERROR}{v}"));
    }
    Ok(v)
}

fn tenths<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    check_tenths(f64::deserialize(d)?).map_err(serde::de::Error::custom)
}

fn tenths_pair<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
    let [a, b] = <[f64; 2]>::deserialize(d)?;
    Ok([
        check_tenths(a).map_err(serde::de::Error::custom)?,
        check_tenths(b).map_err(serde::de::Error::custom)?,
    ])
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
    /// `auto` (ask the terminal its background colour, OSC 11; dark when it does not
    /// answer), `dark` or `light`: which palette the console draws in.
    pub theme: String,
    /// `auto` (measure at start how wide the terminal draws an ambiguous character),
    /// `narrow` or `wide`: in wide, only characters of certain width are drawn.
    pub ambiguous_width: String,
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        Self {
            lang: "auto".into(),
            gate: None,
            mouse: false,
            ascii_borders: false,
            theme: "auto".into(),
            ambiguous_width: "auto".into(),
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
    /// Alert leaders and admins when a leave or visitor request is filed.
    pub on_request: bool,
    /// Alert leaders and admins when a pending request is about to expire undecided
    /// (`[approvals] expiry_warning_minutes` before).
    pub on_request_expiring: bool,
    /// A fever case's re-check falls due.
    pub on_recheck_due: bool,
    /// A fever case's report to the epidemic-control group becomes overdue.
    pub on_report_overdue: bool,
    /// Handover reminders: a shift ending soon with its handover not started, a shift
    /// ended without all three signatures.
    pub on_handover: bool,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        Self {
            desktop: true,
            bell: true,
            osc: true,
            on_fever: true,
            on_red_code: true,
            on_request: true,
            on_request_expiring: true,
            on_recheck_due: true,
            on_report_overdue: true,
            on_handover: true,
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

/// One shift: a name and local wall-clock times "HH:MM". An end at or before the
/// start crosses midnight (夜班 20:00–08:00 ends the next morning).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftConfig {
    pub name: String,
    pub start: String,
    pub end: String,
}

fn default_shifts() -> Vec<ShiftConfig> {
    [("白班", "08:00", "20:00"), ("夜班", "20:00", "08:00")]
        .iter()
        .map(|(name, start, end)| ShiftConfig {
            name: name.to_string(),
            start: start.to_string(),
            end: end.to_string(),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HandoverConfig {
    /// Remind this many minutes before a shift ends when its handover has not started.
    pub remind_before_minutes: u32,
    /// The checklist every handover starts with.
    pub items: Vec<HandoverItemConfig>,
}

impl Default for HandoverConfig {
    fn default() -> Self {
        Self {
            remind_before_minutes: 30,
            items: default_items(),
        }
    }
}

/// One checklist item: a stable key (CLI, JSON, storage), its label in both languages,
/// and whether the outgoing officer may sign while it is still open.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverItemConfig {
    pub key: String,
    pub label: String,
    pub label_en: String,
    #[serde(default = "yes")]
    pub mandatory: bool,
}

fn yes() -> bool {
    true
}

fn default_items() -> Vec<HandoverItemConfig> {
    [
        (
            "gate_book",
            "核对校门登记与异常体温处置",
            "Gate register and fever cases reviewed",
            true,
        ),
        (
            "fever_cases",
            "在管发热人员逐一交接（复测结果、去向）",
            "Open fever cases handed over one by one (re-checks, whereabouts)",
            true,
        ),
        (
            "approvals",
            "待审批的请假、访客申请已交接",
            "Pending leave and visitor requests handed over",
            true,
        ),
        (
            "observation",
            "临时留观点已检查（人员、消毒、物资）",
            "Observation point checked (people, disinfection, supplies)",
            true,
        ),
        (
            "supplies",
            "防疫物资已清点：体温计、口罩、消毒液、电池",
            "Supplies counted: thermometers, masks, disinfectant, batteries",
            true,
        ),
        (
            "disinfection",
            "值班室和校门岗亭消毒已完成并登记",
            "Duty room and gate booths disinfected and logged",
            true,
        ),
        (
            "daily_report",
            "每日上报已完成",
            "Daily report submitted (每日上报)",
            false,
        ),
        (
            "phones",
            "值班电话、手机已测试，24小时畅通",
            "Duty line and phones tested for 24-hour reach",
            true,
        ),
        (
            "contacts",
            "应急联系人名单已核对，现行有效",
            "Emergency contact list checked and current",
            false,
        ),
    ]
    .iter()
    .map(|(key, label, label_en, mandatory)| HandoverItemConfig {
        key: key.to_string(),
        label: label.to_string(),
        label_en: label_en.to_string(),
        mandatory: *mandatory,
    })
    .collect()
}

impl Config {
    /// The screening rules in force, in domain terms.
    /// `zone` is the desk's (stored in the database, see `Desk::zone`).
    pub fn screening_rules(&self, zone: crate::clock::Zone) -> ScreeningRules {
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
            zone,
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

    /// The zone `[site] timezone` names, if any. Not the desk's zone: that one is
    /// stored in the database (`Desk::zone`); this is what the database records when it
    /// first gets a zone, and what every process checks against the stored one.
    pub fn site_zone(&self) -> Option<Zone> {
        self.site.timezone.as_deref().and_then(Zone::parse)
    }

    pub fn gate_names(&self) -> Vec<String> {
        self.gates.iter().map(|g| g.name.clone()).collect()
    }

    /// The configured shifts as a plan. `validate` has checked them; a configuration
    /// built in code without validation falls back to the default 白班/夜班 plan.
    pub fn shift_plan(&self) -> ShiftPlan {
        Self::plan_of(&self.shifts)
            .or_else(|_| Self::plan_of(&default_shifts()))
            .expect("the default shifts form a valid plan")
    }

    fn plan_of(shifts: &[ShiftConfig]) -> Result<ShiftPlan, PlanError> {
        let mut defs = Vec::with_capacity(shifts.len());
        for (i, s) in shifts.iter().enumerate() {
            let start = parse_hhmm(&s.start).ok_or(PlanError::Start(i))?;
            let end = parse_hhmm(&s.end).ok_or(PlanError::End(i))?;
            defs.push(ShiftDef {
                name: s.name.trim().to_string(),
                start,
                end,
            });
        }
        ShiftPlan::new(defs)
    }

    fn validate_shifts(&self) -> Result<(), (String, &'static str)> {
        Self::plan_of(&self.shifts).map_err(|e| match e {
            PlanError::Empty => ("shifts".to_string(), "config.shift_none"),
            PlanError::Start(i) => (format!("shifts[{}].start", i + 1), "config.shift_time"),
            PlanError::End(i) => (format!("shifts[{}].end", i + 1), "config.shift_time"),
            PlanError::Name(i) => (format!("shifts[{}].name", i + 1), "config.shift_name"),
            PlanError::Cover => ("shifts".to_string(), "config.shift_cover"),
        })?;
        if self.handover.remind_before_minutes >= 24 * 60 {
            return Err((
                "handover.remind_before_minutes".into(),
                "config.remind_range",
            ));
        }
        let mut keys = std::collections::HashSet::new();
        for (i, item) in self.handover.items.iter().enumerate() {
            let key_ok = !item.key.is_empty()
                && item.key.len() <= 32
                && item
                    .key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !key_ok || !keys.insert(item.key.as_str()) {
                return Err((format!("handover.items[{}].key", i + 1), "config.item_key"));
            }
            if crate::domain::text::clean_label(&item.label, 80).is_err()
                || crate::domain::text::clean_label(&item.label_en, 120).is_err()
            {
                return Err((
                    format!("handover.items[{}].label", i + 1),
                    "config.item_label",
                ));
            }
        }
        Ok(())
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
        if self.gates.is_empty() {
            return Err(("gates".into(), "config.gates_empty"));
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
        if !["auto", "dark", "light"].contains(&self.console.theme.as_str()) {
            return Err(("console.theme".into(), "config.console_theme"));
        }
        if !["auto", "narrow", "wide"].contains(&self.console.ambiguous_width.as_str()) {
            return Err(("console.ambiguous_width".into(), "config.ambiguous_width"));
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
        self.validate_shifts()?;
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
        assert_eq!(
            c.screening_rules(crate::clock::Zone::UTC).fever_threshold,
            Tenths(373)
        );
    }

    #[test]
    fn console_theme_and_ambiguous_width_are_read_and_checked() {
        let c: Config =
            toml::from_str("[console]\ntheme = \"light\"\nambiguous_width = \"wide\"\n").unwrap();
        assert_eq!(
            (c.console.theme.as_str(), c.console.ambiguous_width.as_str()),
            ("light", "wide")
        );
        assert!(c.validate().is_ok());
        for (text, key) in [
            ("[console]\ntheme = \"white\"\n", "console.theme"),
            (
                "[console]\nambiguous_width = \"2\"\n",
                "console.ambiguous_width",
            ),
        ] {
            let c: Config = toml::from_str(text).unwrap();
            assert_eq!(c.validate().unwrap_err().0, key, "{text}");
        }
    }

    #[test]
    fn flag_settings_are_read_and_checked() {
        let c: Config = toml::from_str(
            "[flags]\nrecheck_minutes = 5\nobservation_places = [\"东门留观室\", \"医务室\"]\n",
        )
        .unwrap();
        assert_eq!(
            c.screening_rules(crate::clock::Zone::UTC)
                .flags
                .recheck_minutes,
            5
        );
        assert_eq!(
            c.screening_rules(crate::clock::Zone::UTC)
                .flags
                .report_within_minutes,
            120
        );
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
    fn the_default_shifts_are_day_and_night() {
        let plan = Config::default().shift_plan();
        assert_eq!(plan.names(), vec!["白班", "夜班"]);
        let c = Config::default();
        assert_eq!(c.handover.remind_before_minutes, 30);
        assert!(c.handover.items.iter().any(|i| i.key == "daily_report"));
    }

    #[test]
    fn the_issue_shift_and_item_examples_parse() {
        let text = r#"
[[shifts]]
name = "白班"
start = "08:00"
end = "20:00"

[[shifts]]
name = "夜班"
start = "20:00"
end = "08:00"

[handover]
remind_before_minutes = 15

[[handover.items]]
key = "gate_book"
label = "核对校门登记与异常体温处置"
label_en = "Gate register and fever cases reviewed"
mandatory = true
"#;
        let c: Config = toml::from_str(text).unwrap();
        assert!(c.validate().is_ok());
        assert_eq!(c.handover.items.len(), 1);
        assert_eq!(c.handover.remind_before_minutes, 15);
        assert_eq!(c.shifts.len(), 2);
    }

    fn shifts(list: &[(&str, &str, &str)]) -> Config {
        Config {
            shifts: list
                .iter()
                .map(|(n, s, e)| ShiftConfig {
                    name: n.to_string(),
                    start: s.to_string(),
                    end: e.to_string(),
                })
                .collect(),
            ..Config::default()
        }
    }

    #[test]
    fn refuses_shifts_that_leave_gaps_overlap_or_repeat() {
        let key = |c: Config| c.validate().unwrap_err();
        assert_eq!(
            key(shifts(&[("A", "08:00", "18:00"), ("B", "20:00", "08:00")])),
            ("shifts".into(), "config.shift_cover")
        );
        assert_eq!(
            key(shifts(&[("A", "08:00", "21:00"), ("B", "20:00", "08:00")])),
            ("shifts".into(), "config.shift_cover")
        );
        assert_eq!(
            key(shifts(&[("A", "08:00", "20:00"), ("A", "20:00", "08:00")])),
            ("shifts[2].name".into(), "config.shift_name")
        );
        assert_eq!(
            key(shifts(&[("A", "8点", "20:00"), ("B", "20:00", "08:00")])),
            ("shifts[1].start".into(), "config.shift_time")
        );
        assert_eq!(
            key(shifts(&[("A", "08:00", "25:00"), ("B", "20:00", "08:00")])),
            ("shifts[1].end".into(), "config.shift_time")
        );
        assert_eq!(key(shifts(&[])), ("shifts".into(), "config.shift_none"));
        // Three eight-hour shifts and one 24-hour duty are both fine.
        assert!(
            shifts(&[
                ("早", "00:00", "08:00"),
                ("中", "08:00", "16:00"),
                ("晚", "16:00", "00:00")
            ])
            .validate()
            .is_ok()
        );
        assert!(shifts(&[("全天", "08:00", "08:00")]).validate().is_ok());
    }

    #[test]
    fn refuses_duplicate_or_malformed_item_keys() {
        let mut c = Config::default();
        c.handover.items[1].key = c.handover.items[0].key.clone();
        assert_eq!(
            c.validate().unwrap_err(),
            ("handover.items[2].key".into(), "config.item_key")
        );
        let mut c = Config::default();
        c.handover.items[0].key = "Gate Book".into();
        assert_eq!(c.validate().unwrap_err().1, "config.item_key");
        let mut c = Config::default();
        c.handover.items[0].label_en = " ".into();
        assert_eq!(c.validate().unwrap_err().1, "config.item_label");
        let mut c = Config::default();
        c.handover.remind_before_minutes = 1440;
        assert_eq!(c.validate().unwrap_err().1, "config.remind_range");
    }

    #[test]
    fn refuses_a_threshold_outside_the_valid_range() {
        let c: Config = toml::from_str("[screening]\nfever_threshold = 50.0\n").unwrap();
        assert_eq!(c.validate().unwrap_err().0, "screening.fever_threshold");
    }
}
