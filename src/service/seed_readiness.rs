//! The demo desk's emergency readiness: a suspected case still open with its first
//! report made, a gate conflict closed, the county's 24-hour contacts (two of them due
//! for a test call), this morning's duty phone log and a directive some have
//! acknowledged. Written inside the seeding transaction, so `incident list`,
//! `contact list`, `calllog list` and `directive list` show data on a demo desk.

use crate::clock::to_ms;
use crate::config::Config;
use crate::domain::handover::Stamp;
use crate::domain::incident::{Report, ReportClocks, ReportStage};
use crate::domain::person::Person;
use crate::error::DeskResult;
use crate::store::audit_rows::Covered;
use crate::store::calllog::{self, CallRow};
use crate::store::contacts::{self, NewContact};
use crate::store::directives::{self, DirectiveRow};
use crate::store::incidents::{self, NewIncident};
use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

/// (name, phones, org, role, days since the last answered test call; None: never).
type DemoContact = (
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    Option<i64>,
);

const CONTACTS: &[DemoContact] = &[
    (
        "县疫情防控指挥部办公室",
        &["0834-3212345", "13908141234"],
        "县疫情防控指挥部",
        "24小时值班室",
        Some(1),
    ),
    (
        "县疾控中心应急值班",
        &["0834-3226120"],
        "县疾控中心",
        "应急办",
        Some(2),
    ),
    (
        "县人民医院发热门诊",
        &["0834-3201120", "120"],
        "县人民医院",
        "发热门诊",
        Some(3),
    ),
    (
        "城关派出所",
        &["0834-3210110", "110"],
        "城关派出所",
        "值班民警",
        Some(12),
    ),
    (
        "市教体局安全科",
        &["0834-2221234"],
        "市教体局",
        "安全科",
        None,
    ),
];

/// Writes the readiness demo; returns how many rows of each it wrote.
pub(crate) fn seed(
    tx: &Connection,
    config: &Config,
    roster: &[Person],
    operator: &str,
    now: DateTime<Utc>,
    today: chrono::NaiveDate,
) -> DeskResult<(usize, usize, usize)> {
    let kind = |key: &str| config.incidents.kinds.iter().find(|k| k.key == key);
    let plan = |key: &str| config.plans.iter().find(|p| p.key == key);
    let students: Vec<String> = roster
        .iter()
        .filter(|p| p.kind == crate::domain::PersonKind::Student)
        .take(2)
        .map(|p| p.id.clone())
        .collect();
    let mut incidents_written = 0;
    // (kind, title, learned this long ago, steps ticked, reports (stage, after, to, text), closed after)
    type Demo<'a> = (
        &'a str,
        &'a str,
        i64,
        u32,
        &'a [(ReportStage, i64, &'a str, &'a str)],
        Option<(i64, &'a str)>,
    );
    let demos: &[Demo] = &[
        (
            "suspected_case",
            "学生宿舍1人发热伴咳嗽，复测38.6℃",
            90,
            3,
            &[(
                ReportStage::First,
                40,
                "县疾控中心",
                "我校学生1人晨检发热38.6℃伴咳嗽，已隔离至临时留观点，正排查同宿舍人员。",
            )],
            None,
        ),
        (
            "gate_conflict",
            "校外人员拒不扫码强行入校",
            26 * 60,
            4,
            &[
                (
                    ReportStage::First,
                    30,
                    "学校保卫处",
                    "东门一名校外人员拒绝扫码登记并推搡门卫，已劝离，无人受伤。",
                ),
                (
                    ReportStage::Final,
                    300,
                    "学校保卫处",
                    "当事人已由派出所批评教育，监控录像已存档。",
                ),
            ],
            Some((320, "经派出所调解处理完毕，门岗加强引导。")),
        ),
    ];
    for (key, title, ago, ticked, reports, closed) in demos {
        let (Some(k), Some(p)) = (kind(key), kind(key).and_then(|k| plan(&k.plan))) else {
            continue;
        };
        let opened = now - Duration::minutes(*ago);
        let clocks = ReportClocks {
            first_report_minutes: k.first_report_minutes,
            progress_every_hours: k.progress_every_hours,
        };
        let steps: Vec<(String, String)> = p
            .steps
            .iter()
            .cloned()
            .zip(p.steps_en.iter().cloned())
            .collect();
        let people = if *key == "suspected_case" {
            students.clone()
        } else {
            Vec::new()
        };
        let id = incidents::insert(
            tx,
            &NewIncident {
                kind: &k.key,
                kind_label: &k.label,
                kind_label_en: &k.label_en,
                level: &k.level,
                level_en: &k.level_en,
                title,
                opened_at: to_ms(opened),
                opened_by: operator,
                recorded_at: to_ms(opened + Duration::minutes(2)),
                first_report_due: to_ms(clocks.first_report_due(opened)),
                progress_every_hours: k.progress_every_hours,
                report_to: &k.report_to,
                plan_label: &p.label,
                plan_label_en: &p.label_en,
                flag_id: None,
                people: &people,
                steps: &steps,
            },
        )?;
        for n in 1..=(*ticked).min(steps.len() as u32) {
            let at = opened + Duration::minutes(5 * i64::from(n));
            incidents::tick_step(
                tx,
                id,
                n,
                &Stamp {
                    by: operator.into(),
                    at,
                },
            )?;
        }
        for (stage, after, to, text) in reports.iter() {
            incidents::insert_report(
                tx,
                id,
                &Report {
                    stage: *stage,
                    to: to.to_string(),
                    by: operator.into(),
                    at: opened + Duration::minutes(*after),
                    text: text.to_string(),
                },
            )?;
        }
        if let Some((after, summary)) = closed {
            let at = opened + Duration::minutes(*after);
            incidents::close(
                tx,
                id,
                &Stamp {
                    by: operator.into(),
                    at,
                },
                summary,
            )?;
        }
        incidents_written += 1;
    }

    for (name, phones, org, role, verified_days_ago) in CONTACTS {
        let phones: Vec<String> = phones.iter().map(|p| p.to_string()).collect();
        let id = contacts::insert(
            tx,
            &NewContact {
                name,
                phones: &phones,
                org: Some(org),
                role: Some(role),
                note: None,
            },
            operator,
            now - Duration::days(30),
        )?;
        if let Some(days) = verified_days_ago {
            let at = now - Duration::days(*days) - Duration::hours(1);
            contacts::insert_verification(tx, id, operator, at, true, None)?;
        }
    }

    let calls = [
        (
            150,
            "县疫情防控指挥部办公室",
            "询问今日在校师生人数及发热人员情况，已按日报数据答复",
            Some("带班领导"),
        ),
        (
            95,
            "学生家长（王女士）",
            "询问孩子留观情况，已告知由校医跟进并会及时联系",
            None,
        ),
        (
            20,
            "市教体局安全科",
            "通知明日上午10点召开视频调度会",
            Some("带班领导、校办"),
        ),
    ];
    for (ago, from, summary, notified) in calls {
        calllog::insert(
            tx,
            &CallRow {
                id: 0,
                at: now - Duration::minutes(ago),
                from: from.into(),
                summary: summary.into(),
                notified: notified.map(str::to_string),
                by: operator.into(),
            },
        )?;
    }

    let received = now - Duration::hours(5);
    let id = directives::insert(
        tx,
        &DirectiveRow {
            id: 0,
            from: "县疫情防控指挥部".into(),
            title: "关于进一步加强校园封闭管理的通知".into(),
            text: "即日起校外人员非必要不入校；确需入校的须提前审批、测温、扫码并登记；值班人员24小时在岗在位。".into(),
            effective: today,
            received_at: received,
            by: operator.into(),
            acks: Vec::new(),
        },
    )?;
    directives::insert_ack(tx, id, operator, received + Duration::minutes(10))?;
    Ok((incidents_written, CONTACTS.len(), calls.len()))
}

/// The rows of the tables without a rowid that `seed` adds, found by their parents'
/// ids above those the tables had before the run (`before`: table, highest rowid).
pub(crate) fn covered_without_rowid(before: &[(&'static str, i64)]) -> Vec<Covered> {
    let max = |t: &str| {
        before
            .iter()
            .find(|(name, _)| *name == t)
            .map(|(_, m)| *m)
            .unwrap_or(0)
    };
    vec![
        Covered::filter(
            "incident_people",
            "incident_id > ?2",
            vec![max("incidents").into()],
        ),
        Covered::filter(
            "incident_steps",
            "incident_id > ?2",
            vec![max("incidents").into()],
        ),
        Covered::filter(
            "contact_phones",
            "contact_id > ?2",
            vec![max("contacts").into()],
        ),
        Covered::filter(
            "directive_acks",
            "directive_id > ?2",
            vec![max("directives").into()],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::clock::FixedClock;
    use crate::config::Config;
    use crate::domain::Role;
    use crate::domain::incident::IncidentStatus;
    use crate::service::seed::SeedOptions;
    use crate::service::{Actor, Desk};
    use crate::store::Store;
    use crate::store::audit::Verification;
    use std::sync::Arc;

    #[test]
    fn a_demo_desk_has_incidents_contacts_calls_and_a_directive() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-29T10:00:00+08:00")
            .unwrap()
            .to_utc();
        let mut config = Config::default();
        config.site.timezone = Some("Asia/Shanghai".into());
        let mut d = Desk::new(
            Store::open(&dir.path().join("d.db")).unwrap(),
            Arc::new(config),
            Actor {
                login: "admin".into(),
                name: "admin".into(),
                role: Role::Admin,
            },
            Arc::new(FixedClock::new(now)),
        )
        .unwrap();
        d.seed_demo(&SeedOptions {
            people: 50,
            days: 1,
            seed: 1,
            force: false,
        })
        .unwrap();
        let open = d.incidents(true).unwrap();
        assert_eq!(open.len(), 1);
        assert!(open[0].first_reported_at().is_some());
        assert!(!open[0].people.is_empty());
        let all = d.incidents(false).unwrap();
        assert!(all.iter().any(|i| i.status == IncidentStatus::Closed));
        let contacts = d.contacts().unwrap();
        assert_eq!(contacts.len(), 5);
        assert_eq!(contacts.iter().filter(|c| c.stale).count(), 2);
        let (from, until) = d.zone.day_bounds(d.zone.date_of(now));
        assert_eq!(d.call_log(from, until).unwrap().len(), 3);
        let directives = d.directives(false).unwrap();
        assert_eq!(directives.len(), 1);
        assert_eq!(directives[0].row.acks.len(), 1);
        assert!(matches!(
            d.audit_verify().unwrap(),
            Verification::Intact { .. }
        ));
        // Every row the demo wrote is covered by the seeding's audit row.
        let report = d.audit_check(&[]).unwrap();
        assert!(report.ok(), "{report:?}");
    }
}
