//! The health service as the console will call it: the count still missing at each
//! check's due time in an operator's scope (the alert), and the handover carry-over.

use dutydesk::clock::FixedClock;
use dutydesk::config::{Config, UserConfig};
use dutydesk::domain::Role;
use dutydesk::domain::handover::CarryKind;
use dutydesk::service::health::RecordInput;
use dutydesk::service::{Actor, Desk};
use dutydesk::store::Store;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

const ROSTER: &str = "id,name,kind,department,class\nS1,王小明,student,信息工程系,软件2301\nS2,李华,student,机电系,机电2302\nS3,刘洋,student,机电系,机电2302\nT1,张老师,staff,信息工程系,\n";

fn config() -> Config {
    let mut c = Config::default();
    c.site.timezone = Some("Asia/Shanghai".into());
    let mut users = BTreeMap::new();
    for (login, role, departments) in [
        ("root", Role::Admin, vec![]),
        ("zhou", Role::DeptHead, vec!["机电系".to_string()]),
    ] {
        users.insert(
            login.to_string(),
            UserConfig {
                name: login.into(),
                role,
                departments,
            },
        );
    }
    c.users = Some(users);
    c
}

fn desk(db: &Path, login: &str, role: Role, local: &str) -> Desk {
    let now = chrono::DateTime::parse_from_rfc3339(&format!("2026-11-29T{local}:00+08:00"))
        .unwrap()
        .to_utc();
    Desk::new(
        Store::open(db).unwrap(),
        Arc::new(config()),
        Actor {
            login: login.into(),
            name: login.into(),
            role,
        },
        Arc::new(FixedClock::new(now)),
    )
    .unwrap()
}

fn fixture(db: &Path) {
    let mut admin = desk(db, "root", Role::Admin, "08:00");
    admin.import_people(ROSTER.as_bytes()).unwrap();
    for (person, check, temp) in [
        ("S1", "morning", "36.5"),
        ("S2", "morning", "38.0"),
        ("S1", "noon", "36.6"),
    ] {
        admin
            .record_health(&RecordInput {
                person_id: person.into(),
                check: check.into(),
                temp: temp.into(),
                ..RecordInput::default()
            })
            .unwrap();
    }
}

#[test]
fn the_due_time_alert_counts_who_is_still_missing_in_the_operators_scope() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    fixture(&db);
    let counts = |login, role, at| -> Vec<(String, i64)> {
        desk(&db, login, role, at)
            .health_missing_due()
            .unwrap()
            .into_iter()
            .map(|d| (d.check, d.missing))
            .collect()
    };
    assert!(
        counts("root", Role::Admin, "08:59").is_empty(),
        "nothing due yet"
    );
    assert_eq!(
        counts("root", Role::Admin, "09:00"),
        [("morning".into(), 2)]
    );
    assert_eq!(
        counts("root", Role::Admin, "14:30"),
        [("morning".into(), 2), ("noon".into(), 3)]
    );
    // The department head of 机电系: S3 missing in the morning, S2 and S3 at noon.
    assert_eq!(
        counts("zhou", Role::DeptHead, "14:30"),
        [("morning".into(), 1), ("noon".into(), 2)]
    );
    let due = desk(&db, "root", Role::Admin, "09:30")
        .health_missing_due()
        .unwrap();
    assert_eq!(
        due[0].due_at,
        chrono::DateTime::parse_from_rfc3339("2026-11-29T09:00:00+08:00").unwrap()
    );
}

#[test]
fn the_handover_carries_one_line_per_due_check_and_one_for_abnormal_readings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    fixture(&db);
    let d = desk(&db, "root", Role::Admin, "19:30");
    let items: Vec<(String, String)> = d
        .carry_items(d.clock.now())
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == CarryKind::Health)
        .map(|c| (c.ref_id, c.summary))
        .collect();
    assert_eq!(
        items,
        [
            (
                "morning".to_string(),
                "晨检：2 人未报（信息工程系 1、机电系 1）".to_string()
            ),
            (
                "noon".to_string(),
                "午检：3 人未报（机电系 2、信息工程系 1）".to_string()
            ),
            (
                "abnormal".to_string(),
                "今日异常 1 条：李华 38.0 晨检".to_string()
            ),
        ]
    );
}
