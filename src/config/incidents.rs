//! `[[incidents.kinds]]`, `[[plans]]` and `[contacts]`: the kinds of emergency the desk
//! reports against a statutory clock, the response plans they start, and how often
//! the 24-hour contacts must be test-called.

use serde::Deserialize;

/// `[incidents]`: the kinds of incident the desk may open.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IncidentsConfig {
    pub kinds: Vec<IncidentKindConfig>,
}

/// One kind: its clocks, whom it is reported to and the plan it starts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentKindConfig {
    pub key: String,
    pub label: String,
    pub label_en: String,
    /// 事件等级 as printed on the first-report form.
    pub level: String,
    pub level_en: String,
    /// The statutory clock of the first report, from when the desk learned of it.
    pub first_report_minutes: u32,
    /// Whom the reports go to (offered as the default `--to`).
    pub report_to: Vec<String>,
    /// Progress reports every this many hours until the final report.
    pub progress_every_hours: u32,
    /// The `[[plans]]` key started when an incident of this kind opens.
    pub plan: String,
}

/// One response plan (应急处置预案): its steps, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub steps: Vec<String>,
    pub steps_en: Vec<String>,
}

/// `[contacts]`: the 24-hour contact list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ContactsConfig {
    /// A contact without an answered test call in this many days is flagged.
    pub verify_every_days: u32,
    /// The `[[handover.items]]` key ticked from the verification records once every
    /// contact is verified ("" for none; a checklist without it: nothing is ticked).
    pub handover_item: String,
}

impl Default for ContactsConfig {
    fn default() -> Self {
        Self {
            verify_every_days: 7,
            handover_item: "contacts".into(),
        }
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `(key, label, label_en, level, level_en, first_report_minutes, report_to,
/// progress_every_hours, plan)`.
type KindRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    u32,
    &'a [&'a str],
    u32,
    &'a str,
);

const KINDS: &[KindRow] = &[
    (
        "suspected_case",
        "疑似病例",
        "Suspected case",
        "较大",
        "Major",
        120,
        &["属地党委政府", "县疾控中心", "市教体局"],
        24,
        "suspected_case",
    ),
    (
        "fever_cluster",
        "聚集性发热",
        "Cluster of fevers",
        "较大",
        "Major",
        120,
        &["属地党委政府", "县疾控中心", "市教体局"],
        24,
        "fever_cluster",
    ),
    (
        "close_contact",
        "校内发现密切接触者",
        "Close contact on campus",
        "一般",
        "Ordinary",
        120,
        &["县疫情防控指挥部", "县疾控中心"],
        24,
        "close_contact",
    ),
    (
        "positive_test",
        "核酸检测阳性",
        "Positive test",
        "重大",
        "Serious",
        60,
        &["属地党委政府", "县疫情防控指挥部", "县疾控中心", "市教体局"],
        12,
        "positive_test",
    ),
    (
        "gate_conflict",
        "校门冲突事件",
        "Gate conflict",
        "一般",
        "Ordinary",
        240,
        &["学校保卫处", "属地派出所"],
        24,
        "gate_conflict",
    ),
    (
        "other",
        "其他突发事件",
        "Other emergency",
        "一般",
        "Ordinary",
        240,
        &["学校疫情防控领导小组"],
        24,
        "general",
    ),
];

impl Default for IncidentsConfig {
    fn default() -> Self {
        Self {
            kinds: KINDS
                .iter()
                .map(
                    |(key, label, label_en, level, level_en, first, to, every, plan)| {
                        IncidentKindConfig {
                            key: key.to_string(),
                            label: label.to_string(),
                            label_en: label_en.to_string(),
                            level: level.to_string(),
                            level_en: level_en.to_string(),
                            first_report_minutes: *first,
                            report_to: strings(to),
                            progress_every_hours: *every,
                            plan: plan.to_string(),
                        }
                    },
                )
                .collect(),
        }
    }
}

/// `(key, label, label_en, steps, steps_en)`.
type PlanRow<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);

const PLANS: &[PlanRow] = &[
    (
        "suspected_case",
        "疑似病例应急处置预案",
        "Suspected case response plan",
        &[
            "隔离至临时留观点",
            "通知带班领导",
            "报告属地党委政府和疾控",
            "排查密切接触者",
            "封闭相关区域并消杀",
            "做好师生情绪疏导",
        ],
        &[
            "Isolate at the temporary observation point",
            "Inform the leader on duty",
            "Report to the local Party committee, government and CDC",
            "Trace close contacts",
            "Close and disinfect the areas concerned",
            "Reassure students and staff",
        ],
    ),
    (
        "fever_cluster",
        "聚集性发热应急处置预案",
        "Fever cluster response plan",
        &[
            "发热人员分别隔离留观",
            "通知带班领导和校医",
            "报告属地党委政府和疾控",
            "停止相关班级、宿舍集体活动",
            "排查共同活动史和密切接触者",
            "相关区域终末消毒",
        ],
        &[
            "Isolate each person with fever for observation",
            "Inform the leader on duty and the college doctor",
            "Report to the local Party committee, government and CDC",
            "Stop group activities of the classes and dormitories concerned",
            "Trace shared activities and close contacts",
            "Terminal disinfection of the areas concerned",
        ],
    ),
    (
        "close_contact",
        "校内密切接触者处置预案",
        "Close contact response plan",
        &[
            "密切接触者单人单间隔离",
            "通知带班领导",
            "报告县疫情防控指挥部",
            "配合疾控转运和采样",
            "排查次密切接触者",
            "居住和活动区域消杀",
        ],
        &[
            "Isolate the close contact in a single room",
            "Inform the leader on duty",
            "Report to the county epidemic command",
            "Assist the CDC with transfer and sampling",
            "Trace secondary contacts",
            "Disinfect living and activity areas",
        ],
    ),
    (
        "positive_test",
        "核酸检测阳性应急处置预案",
        "Positive test response plan",
        &[
            "立即就地隔离并管控相关区域",
            "报告属地党委政府、指挥部和疾控",
            "启动校园封闭管理",
            "配合流调和全员核酸检测",
            "排查密切接触者并集中隔离",
            "全面终末消毒",
            "发布信息并做好师生情绪疏导",
        ],
        &[
            "Isolate on the spot and control the areas concerned",
            "Report to the local Party committee, government, command and CDC",
            "Close the campus",
            "Assist the epidemiological survey and mass testing",
            "Trace close contacts for central quarantine",
            "Full terminal disinfection",
            "Inform and reassure students and staff",
        ],
    ),
    (
        "gate_conflict",
        "校门冲突事件处置预案",
        "Gate conflict response plan",
        &[
            "劝离围观人员，保护当事人安全",
            "通知保卫处和带班领导",
            "必要时报警",
            "调取监控并做好记录",
        ],
        &[
            "Move bystanders away and keep those involved safe",
            "Inform campus security and the leader on duty",
            "Call the police if needed",
            "Secure the CCTV footage and keep a record",
        ],
    ),
    (
        "general",
        "突发事件通用处置预案",
        "General emergency response plan",
        &[
            "控制现场，保护人员安全",
            "通知带班领导",
            "按要求报告",
            "做好记录和善后",
        ],
        &[
            "Secure the scene and keep people safe",
            "Inform the leader on duty",
            "Report as required",
            "Keep records and follow up",
        ],
    ),
];

/// The shipped plans.
pub fn default_plans() -> Vec<PlanConfig> {
    PLANS
        .iter()
        .map(|(key, label, label_en, steps, steps_en)| PlanConfig {
            key: key.to_string(),
            label: label.to_string(),
            label_en: label_en.to_string(),
            steps: strings(steps),
            steps_en: strings(steps_en),
        })
        .collect()
}

fn key_ok(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 32
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn label_ok(s: &str, max: usize) -> bool {
    crate::domain::text::clean_label(s, max).is_ok()
}

/// Checks kinds, plans and contacts; the dotted key (with 1-based indexes) and a
/// translation key of the first problem.
pub fn validate(
    incidents: &IncidentsConfig,
    plans: &[PlanConfig],
    contacts: &ContactsConfig,
) -> Result<(), (String, &'static str)> {
    let mut plan_keys = std::collections::HashSet::new();
    for (i, p) in plans.iter().enumerate() {
        let at = |field: &str| format!("plans[{}].{field}", i + 1);
        if !key_ok(&p.key) || !plan_keys.insert(p.key.as_str()) {
            return Err((at("key"), "config.plan_key"));
        }
        if !label_ok(&p.label, 80) {
            return Err((at("label"), "config.label_missing"));
        }
        if !label_ok(&p.label_en, 120) {
            return Err((at("label_en"), "config.label_missing"));
        }
        if p.steps.is_empty() || p.steps.len() > 30 || p.steps.iter().any(|s| !label_ok(s, 100)) {
            return Err((at("steps"), "config.plan_steps"));
        }
        if p.steps_en.len() != p.steps.len() || p.steps_en.iter().any(|s| !label_ok(s, 160)) {
            return Err((at("steps_en"), "config.plan_steps_en"));
        }
    }
    let mut kind_keys = std::collections::HashSet::new();
    for (i, k) in incidents.kinds.iter().enumerate() {
        let at = |field: &str| format!("incidents.kinds[{}].{field}", i + 1);
        if !key_ok(&k.key) || !kind_keys.insert(k.key.as_str()) {
            return Err((at("key"), "config.kind_key"));
        }
        for (field, value, max) in [
            ("label", &k.label, 40),
            ("label_en", &k.label_en, 80),
            ("level", &k.level, 20),
            ("level_en", &k.level_en, 40),
        ] {
            if !label_ok(value, max) {
                return Err((at(field), "config.label_missing"));
            }
        }
        // A clock from one minute to a day; progress from one hour to a week.
        if !(1..=24 * 60).contains(&k.first_report_minutes) {
            return Err((at("first_report_minutes"), "config.first_report_minutes"));
        }
        if !(1..=7 * 24).contains(&k.progress_every_hours) {
            return Err((at("progress_every_hours"), "config.progress_every_hours"));
        }
        if k.report_to.is_empty() || k.report_to.iter().any(|t| !label_ok(t, 40)) {
            return Err((at("report_to"), "config.report_to"));
        }
        if !plan_keys.contains(k.plan.as_str()) {
            return Err((at("plan"), "config.plan_unknown"));
        }
    }
    if !(1..=365).contains(&contacts.verify_every_days) {
        return Err(("contacts.verify_every_days".into(), "config.verify_days"));
    }
    // `handover_item` is not checked against the checklist: a site that lists its
    // own [[handover.items]] without a contacts item simply has nothing ticked.
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    fn problem(edit: impl FnOnce(&mut Config)) -> (String, &'static str) {
        let mut c = Config::default();
        edit(&mut c);
        c.validate().unwrap_err()
    }

    #[test]
    fn the_shipped_kinds_and_plans_are_complete() {
        let c = Config::default();
        let keys: Vec<&str> = c.incidents.kinds.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "suspected_case",
                "fever_cluster",
                "close_contact",
                "positive_test",
                "gate_conflict",
                "other"
            ]
        );
        for p in &c.plans {
            assert_eq!(p.steps.len(), p.steps_en.len(), "{}", p.key);
        }
        assert_eq!(c.contacts.verify_every_days, 7);
    }

    #[test]
    fn refuses_what_would_break_an_incident_naming_the_key() {
        assert_eq!(
            problem(|c| c.incidents.kinds[2].plan = "flood".into()),
            ("incidents.kinds[3].plan".into(), "config.plan_unknown")
        );
        assert_eq!(
            problem(|c| c.incidents.kinds[1].key = "suspected_case".into()),
            ("incidents.kinds[2].key".into(), "config.kind_key")
        );
        assert_eq!(
            problem(|c| c.incidents.kinds[0].label_en = " ".into()),
            ("incidents.kinds[1].label_en".into(), "config.label_missing")
        );
        assert_eq!(
            problem(|c| c.incidents.kinds[0].first_report_minutes = 0),
            (
                "incidents.kinds[1].first_report_minutes".into(),
                "config.first_report_minutes"
            )
        );
        assert_eq!(
            problem(|c| c.incidents.kinds[0].report_to.clear()),
            ("incidents.kinds[1].report_to".into(), "config.report_to")
        );
        assert_eq!(
            problem(|c| {
                c.plans[0].steps_en.pop();
            }),
            ("plans[1].steps_en".into(), "config.plan_steps_en")
        );
        assert_eq!(
            problem(|c| c.contacts.verify_every_days = 0),
            ("contacts.verify_every_days".into(), "config.verify_days")
        );
    }

    #[test]
    fn a_kind_without_its_english_label_does_not_parse() {
        let text = "[[incidents.kinds]]\nkey = \"x\"\nlabel = \"甲\"\nlevel = \"一般\"\nlevel_en = \"Ordinary\"\nfirst_report_minutes = 60\nreport_to = [\"县疾控中心\"]\nprogress_every_hours = 24\nplan = \"general\"\n";
        let err = toml::from_str::<Config>(text).unwrap_err();
        assert!(err.message().contains("label_en"), "{err}");
    }
}
