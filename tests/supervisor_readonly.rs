//! The read-only role, enforced in `service/`: every write use case, called as a
//! `supervisor` with input that is otherwise valid, is refused and writes nothing (every
//! table, the audit trail included, reads back exactly as before). The same calls as an
//! admin succeed, so the role is the only reason for the refusal.
//!
//! The list of write use cases is checked against the source: every `pub fn` of `Desk`
//! in `src/service/` that takes `&mut self` (a write needs the store mutably) must be
//! called here. A new write use case fails this test until it is added below.

use dutydesk::clock::FixedClock;
use dutydesk::config::Config;
use dutydesk::domain::Role;
use dutydesk::domain::handover::Capacity;
use dutydesk::error::{DeskResult, ErrorKind};
use dutydesk::i18n::Lang;
use dutydesk::service::approvals::{LeaveInput, VisitorRequestInput};
use dutydesk::service::board::Subject;
use dutydesk::service::contacts::ContactInput;
use dutydesk::service::directives::DirectiveInput;
use dutydesk::service::entries::{EntryInput, VisitorInput};
use dutydesk::service::handover::HandoverTarget;
use dutydesk::service::health::{ImportOptions, RecordInput};
use dutydesk::service::incidents::IncidentInput;
use dutydesk::service::seed::SeedOptions;
use dutydesk::service::{Actor, Desk};
use dutydesk::store::Store;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const RID: &str = "11010519491231002X";
const ROSTER: &str = "id,name,kind,department\nT2001,王芳,staff,信息工程系\nT2002,李强,staff,后勤处\nS1001,张小明,student,信息工程系\nS1002,刘洋,student,机电系\nS1003,陈静,student,机电系\nS1004,周杰,student,经管系\n";
const ROSTER_UPDATE: &str = "学号,姓名,类别,部门\nS2001,吴倩,student,经管系\n";
const DUTY_ROSTER: &str =
    "日期,班次,带班领导,值班员\n2026-12-05,白班,li,zhao\n2026-12-05,夜班,wu,qian\n";

fn desk(db: &Path, login: &str, role: Role) -> Desk {
    let mut config = Config::default();
    config.site.timezone = Some("Asia/Shanghai".into());
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-29T08:00:00+08:00")
        .unwrap()
        .to_utc();
    Desk::new(
        Store::open(db).unwrap(),
        Arc::new(config),
        Actor {
            login: login.into(),
            name: login.into(),
            role,
        },
        Arc::new(FixedClock::new(now)),
    )
    .unwrap()
}

/// Every row of every table, in order: equal snapshots mean nothing was written.
fn snapshot(desk: &Desk) -> Vec<(String, Vec<String>)> {
    let conn = desk.store.conn();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t: &String| !t.starts_with("sqlite_"));
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows = stmt
                .query_map([], |r| {
                    let cols: Vec<String> = (0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect();
                    Ok(cols.join("|"))
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

fn fever(desk: &mut Desk, person: &str) -> i64 {
    let entry = desk
        .register_entry(&EntryInput {
            gate: "东门".into(),
            direction: "in".into(),
            temp: "38.0".into(),
            code: Some("green".into()),
            venue_scan: true,
            person_id: Some(person.into()),
            visitor: None,
        })
        .unwrap();
    desk.flag_for_entry(entry.id).unwrap().unwrap().id
}

fn leave(person: &str) -> LeaveInput {
    LeaveInput {
        person_id: person.into(),
        destination: "成都".into(),
        from: "2026-12-01T08:00".into(),
        to: "2026-12-03T18:00".into(),
        reason: "参加会议".into(),
        transport: Some("高铁".into()),
        urgent: false,
    }
}

/// Ids the write calls act on, each in the state its step needs.
struct Fixture {
    awaiting_recheck: i64,
    confirmed: i64,
    observing: i64,
    closable: i64,
    to_approve: i64,
    to_reject: i64,
    to_cancel: i64,
    carried: String,
    visitor: i64,
    /// An open incident with no report yet, and one with its final report.
    incident: i64,
    closable_incident: i64,
    /// A contact to verify and one to remove; a directive to acknowledge.
    contact: i64,
    removable_contact: i64,
    directive: i64,
    /// The visitor's entry (no fever case): voided by `void_entry`.
    visitor_entry: i64,
    /// The working handover's record, and where exporting it writes.
    handover: i64,
    export_to: PathBuf,
    incident_export_to: PathBuf,
}

fn fixture(db: &Path) -> Fixture {
    let mut admin = desk(db, "admin", Role::Admin);
    admin.import_people(ROSTER.as_bytes()).unwrap();
    let awaiting_recheck = fever(&mut admin, "S1001");
    let confirmed = fever(&mut admin, "S1002");
    admin.flag_recheck(confirmed, "38.1", Some("水银")).unwrap();
    let observing = fever(&mut admin, "S1003");
    admin.flag_recheck(observing, "38.1", None).unwrap();
    admin.flag_observe(observing, None).unwrap();
    let closable = fever(&mut admin, "S1004");
    admin.flag_recheck(closable, "38.3", None).unwrap();
    admin.flag_observe(closable, None).unwrap();
    admin.flag_refer(closable, "发热门诊", None).unwrap();
    admin.flag_report(closable, "校疫情防控组").unwrap();
    let visitor_entry = admin
        .register_entry(&EntryInput {
            gate: "西门".into(),
            direction: "in".into(),
            temp: "36.4".into(),
            code: Some("green".into()),
            venue_scan: true,
            person_id: None,
            visitor: Some(VisitorInput {
                name: "访客丙".into(),
                resident_id: "110101199003074477".into(),
                phone: "13900139000".into(),
                reason: "维修电梯".into(),
                host: Some("T2002".into()),
            }),
        })
        .unwrap();
    let visitor = visitor_entry.visitor_id.unwrap();
    let visitor_entry = visitor_entry.id;
    let mut officer = desk(db, "zhao", Role::Officer);
    let to_approve = officer.request_leave(&leave("T2001")).unwrap().id;
    let to_reject = officer.request_leave(&leave("T2002")).unwrap().id;
    let to_cancel = officer.request_leave(&leave("S1001")).unwrap().id;
    // The working handover, with every mandatory item settled but two, and one
    // matter carried to the next shift.
    let h = officer.handover_open().unwrap();
    let handover = h.id.unwrap();
    for item in &h.items {
        if item.mandatory && !["gate_book", "supplies"].contains(&item.key.as_str()) {
            officer
                .handover_check(HandoverTarget::Working, &item.key, None, None)
                .unwrap();
        }
    }
    let h = officer
        .handover_note(HandoverTarget::Working, "西门体温计电池电量低", true, None)
        .unwrap();
    let carried = format!("note:{}", h.notes.last().unwrap().id);
    let incident_input = |title: &str| IncidentInput {
        kind: "suspected_case".into(),
        title: title.into(),
        people: vec!["S1001".into()],
        ..Default::default()
    };
    let incident = admin.incident_open(&incident_input("宿舍发热")).unwrap().id;
    let closable_incident = admin.incident_open(&incident_input("校门发热")).unwrap().id;
    admin
        .incident_report(closable_incident, "first", "县疾控中心", "电话报告")
        .unwrap();
    admin
        .incident_report(closable_incident, "final", "县疾控中心", "排除")
        .unwrap();
    let contact_input = |name: &str| ContactInput {
        name: name.into(),
        phones: vec!["0834-3212345".into()],
        ..Default::default()
    };
    let contact = admin
        .contact_add(&contact_input("指挥部值班室"))
        .unwrap()
        .row
        .id;
    let removable_contact = admin.contact_add(&contact_input("旧号码")).unwrap().row.id;
    let directive = admin
        .directive_add(&DirectiveInput {
            from: "县疫情防控指挥部".into(),
            title: "关于加强校门管控的通知".into(),
            text: "校外人员一律不得入校".into(),
            effective: None,
        })
        .unwrap()
        .row
        .id;
    Fixture {
        incident,
        closable_incident,
        contact,
        removable_contact,
        directive,
        awaiting_recheck,
        confirmed,
        observing,
        closable,
        to_approve,
        to_reject,
        to_cancel,
        carried,
        visitor,
        visitor_entry,
        handover,
        export_to: db.with_file_name("handover.xlsx"),
        incident_export_to: db.with_file_name("incident.xlsx"),
    }
}

type Call = Box<dyn Fn(&mut Desk) -> DeskResult<()>>;

/// What a supervisor's call must come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsSupervisor {
    Refused,
    /// A use case that writes only for roles that may (`handover_status` opens the
    /// record for them and only looks for others): succeeds and writes nothing.
    ReadsOnly,
}

/// Every write use case, by its method name, with valid input, and the operator for
/// whom it succeeds (admin unless the rule wants a particular person).
fn write_calls(f: &Fixture) -> Vec<(&'static str, AsSupervisor, (&'static str, Role), Call)> {
    let Fixture {
        awaiting_recheck,
        confirmed,
        observing,
        closable,
        to_approve,
        to_reject,
        to_cancel,
        visitor,
        incident,
        closable_incident,
        contact,
        removable_contact,
        directive,
        visitor_entry,
        ..
    } = *f;
    let carried = f.carried.clone();
    let (handover, export_to) = (f.handover, f.export_to.clone());
    let incident_export_to = f.incident_export_to.clone();
    let sheet_to = f.export_to.with_file_name("health-sheet.xlsx");
    let carried2 = f.carried.clone();
    let admin = ("admin", Role::Admin);
    let zhao = ("zhao", Role::Officer);
    let qian = ("qian", Role::Officer);
    use AsSupervisor::{ReadsOnly, Refused};
    let calls: Vec<(&'static str, Call)> = vec![
        (
            "void_entry",
            Box::new(move |d| d.void_entry(visitor_entry, "登记错人").map(drop)),
        ),
        (
            "register_entry",
            Box::new(|d| {
                d.register_entry(&EntryInput {
                    gate: "东门".into(),
                    direction: "in".into(),
                    temp: "36.5".into(),
                    code: Some("green".into()),
                    venue_scan: true,
                    person_id: None,
                    visitor: Some(VisitorInput {
                        name: "访客甲".into(),
                        resident_id: RID.into(),
                        phone: "13800138000".into(),
                        reason: "送货".into(),
                        host: Some("T2002".into()),
                    }),
                })
                .map(drop)
            }),
        ),
        (
            "ingest",
            Box::new(|d| {
                let line = "{\"gate\":\"西门\",\"direction\":\"out\",\"temp\":\"36.4\",\"person_id\":\"T2001\",\"venue_scan\":true}\n";
                let mut out = Vec::new();
                let stats = d.ingest(line.as_bytes(), &mut out, Lang::En)?;
                assert_eq!(stats.ok, 1, "{}", String::from_utf8_lossy(&out));
                Ok(())
            }),
        ),
        (
            "ingest_polled",
            Box::new(|d| {
                let line = "{\"gate\":\"东门\",\"direction\":\"in\",\"temp\":\"36.6\",\"person_id\":\"T2002\",\"venue_scan\":true}\n";
                let mut out = Vec::new();
                let stats = d.ingest_polled(line.as_bytes(), &mut out, Lang::En, || false)?;
                assert_eq!(stats.ok, 1, "{}", String::from_utf8_lossy(&out));
                Ok(())
            }),
        ),
        (
            "import_people",
            Box::new(|d| d.import_people(ROSTER_UPDATE.as_bytes()).map(drop)),
        ),
        (
            "import_people_from",
            Box::new(|d| {
                d.import_people_from(std::io::Cursor::new(ROSTER_UPDATE.as_bytes()))
                    .map(drop)
            }),
        ),
        (
            "seed_demo",
            Box::new(|d| {
                d.seed_demo(&SeedOptions {
                    people: 20,
                    days: 1,
                    seed: 7,
                    force: true,
                })
                .map(drop)
            }),
        ),
        (
            "flag_recheck",
            Box::new(move |d| {
                d.flag_recheck(awaiting_recheck, "36.8", Some("水银"))
                    .map(drop)
            }),
        ),
        (
            "flag_observe",
            Box::new(move |d| d.flag_observe(confirmed, None).map(drop)),
        ),
        (
            "flag_refer",
            Box::new(move |d| {
                d.flag_refer(observing, "发热门诊", Some("家长陪同"))
                    .map(drop)
            }),
        ),
        (
            "flag_report",
            Box::new(move |d| d.flag_report(observing, "校疫情防控组").map(drop)),
        ),
        (
            "flag_close",
            Box::new(move |d| d.flag_close(closable, "排除，已返校").map(drop)),
        ),
        (
            "request_leave",
            Box::new(|d| d.request_leave(&leave("S1002")).map(drop)),
        ),
        (
            "request_visitor",
            Box::new(|d| {
                d.request_visitor(&VisitorRequestInput {
                    name: "访客乙".into(),
                    resident_id: RID.into(),
                    phone: "13800138000".into(),
                    host_id: "T2001".into(),
                    reason: "洽谈合作".into(),
                    from: "2026-11-30T09:00".into(),
                    to: "2026-11-30T17:00".into(),
                })
                .map(drop)
            }),
        ),
        (
            "approve_request",
            Box::new(move |d| d.approve_request(to_approve, Some("同意")).map(drop)),
        ),
        (
            "reject_request",
            Box::new(move |d| d.reject_request(to_reject, "材料不全").map(drop)),
        ),
        (
            "cancel_request",
            Box::new(move |d| d.cancel_request(to_cancel, Some("行程取消")).map(drop)),
        ),
        ("handover_open", Box::new(|d| d.handover_open().map(drop))),
        (
            "handover_status",
            Box::new(|d| d.handover_status().map(drop)),
        ),
        (
            "handover_check",
            Box::new(|d| {
                d.handover_check(HandoverTarget::Working, "gate_book", Some("无异常"), None)
                    .map(drop)
            }),
        ),
        (
            "handover_waive",
            Box::new(|d| {
                d.handover_waive(
                    HandoverTarget::Working,
                    "supplies",
                    "口罩缺货，已报后勤",
                    None,
                )
                .map(drop)
            }),
        ),
        (
            "handover_note",
            Box::new(|d| {
                d.handover_note(HandoverTarget::Working, "北门监控维修中", false, None)
                    .map(drop)
            }),
        ),
        (
            "handover_sign",
            Box::new(|d| {
                d.handover_sign(HandoverTarget::Working, Capacity::Outgoing, None)
                    .map(drop)
            }),
        ),
        (
            "handover_ack",
            Box::new(move |d| {
                d.handover_ack(HandoverTarget::Working, &carried, None)
                    .map(drop)
            }),
        ),
        (
            "handover_close_note",
            Box::new(move |d| {
                d.handover_close_note(&carried2, Some("已更换电池"))
                    .map(drop)
            }),
        ),
        (
            "reveal_personal",
            Box::new(|d| d.reveal_personal("S1001", "家长来电核实身份").map(drop)),
        ),
        (
            "reveal_visitor",
            Box::new(move |d| d.reveal_visitor(visitor, "核对访客登记").map(drop)),
        ),
        (
            "reveal",
            Box::new(|d| {
                d.reveal(&Subject::Person("T2001".into()), "核对联系电话")
                    .map(drop)
            }),
        ),
        (
            "import_roster",
            Box::new(|d| d.import_roster(DUTY_ROSTER.as_bytes()).map(drop)),
        ),
        (
            "incident_open",
            Box::new(|d| {
                d.incident_open(&IncidentInput {
                    kind: "gate_conflict".into(),
                    title: "校门口争执".into(),
                    ..Default::default()
                })
                .map(drop)
            }),
        ),
        (
            "incident_report",
            Box::new(move |d| {
                d.incident_report(incident, "first", "县疾控中心", "电话报告")
                    .map(drop)
            }),
        ),
        (
            "incident_step",
            Box::new(move |d| d.incident_step(incident, 1).map(drop)),
        ),
        (
            "incident_close",
            Box::new(move |d| d.incident_close(closable_incident, "排除疑似").map(drop)),
        ),
        (
            "contact_add",
            Box::new(|d| {
                d.contact_add(&ContactInput {
                    name: "县疾控中心".into(),
                    phones: vec!["120".into()],
                    ..Default::default()
                })
                .map(drop)
            }),
        ),
        (
            "contact_import",
            Box::new(|d| {
                d.contact_import("姓名,电话\n城关派出所,110\n".as_bytes())
                    .map(drop)
            }),
        ),
        (
            "contact_remove",
            Box::new(move |d| d.contact_remove(removable_contact)),
        ),
        (
            "contact_verify",
            Box::new(move |d| d.contact_verify(contact, true, None).map(drop)),
        ),
        (
            "calllog_add",
            Box::new(|d| {
                d.calllog_add("县疫情防控指挥部办公室", "询问在校人数", Some("李玉德"))
                    .map(drop)
            }),
        ),
        (
            "directive_add",
            Box::new(|d| {
                d.directive_add(&DirectiveInput {
                    from: "市教体局".into(),
                    title: "关于做好返校工作的通知".into(),
                    text: "返校须持48小时核酸证明".into(),
                    effective: Some("2026-11-30".into()),
                })
                .map(drop)
            }),
        ),
        (
            "directive_ack",
            Box::new(move |d| d.directive_ack(directive).map(drop)),
        ),
        (
            // The zone every desk here is configured with: the admin's call succeeds
            // without moving the desk, so the calls after it still open.
            "set_site_zone",
            Box::new(|d| d.set_site_zone("Asia/Shanghai").map(drop)),
        ),
        (
            "export_handover_xlsx",
            Box::new(move |d| d.export_handover_xlsx(handover, &export_to, Lang::En, false)),
        ),
        (
            "export_incident_xlsx",
            Box::new(move |d| {
                d.export_incident_xlsx(incident, &incident_export_to, Lang::En, false)
            }),
        ),
        (
            "record_health",
            Box::new(|d| {
                d.record_health(&RecordInput {
                    person_id: "S1002".into(),
                    check: "morning".into(),
                    temp: "36.6".into(),
                    symptoms: "cough".into(),
                    ..RecordInput::default()
                })
                .map(drop)
            }),
        ),
        (
            "import_health",
            Box::new(|d| {
                d.import_health(
                    "学号,姓名,体温\nS1001,张小明,36.5\n".as_bytes(),
                    &ImportOptions {
                        check: Some("noon".into()),
                        ..ImportOptions::default()
                    },
                )
                .map(drop)
            }),
        ),
        (
            "export_health_sheet",
            Box::new(move |d| {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
                d.export_health_sheet(day, None, &sheet_to, Lang::En, false)
                    .map(drop)
            }),
        ),
    ];
    calls
        .into_iter()
        .map(|(name, call)| {
            let expect = if name == "handover_status" {
                ReadsOnly
            } else {
                Refused
            };
            let by = match name {
                "handover_check" | "handover_waive" | "handover_note" | "handover_sign" => zhao,
                "handover_ack" | "handover_close_note" => qian,
                _ => admin,
            };
            (name, expect, by, call)
        })
        .collect()
}

/// The `pub fn NAME(&mut self …)` methods in `src/service/`, and the `pub fn export_…`
/// ones (they write files, not the database).
fn write_use_cases_in_source() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("pub fn ") {
            let rest = &text[i + "pub fn ".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let params = rest[name.len()..].split(')').next().unwrap_or("");
            if params.contains("&mut self") || name.starts_with("export_") {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn every_write_use_case_is_covered_here() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let f = fixture(&db);
    let covered: BTreeSet<String> = write_calls(&f)
        .into_iter()
        .map(|(n, ..)| n.to_string())
        .collect();
    let in_source = write_use_cases_in_source();
    let missing: Vec<_> = in_source.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "write use cases with no supervisor refusal check in tests/supervisor_readonly.rs: {missing:?}"
    );
}

#[test]
fn a_supervisor_is_refused_every_write_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let f = fixture(&db);
    let calls = write_calls(&f);
    let mut sup = desk(&db, "sun", Role::Supervisor);
    let before = snapshot(&sup);
    let audit_before = sup.counts().unwrap().audit;
    for (name, expect, _, call) in &calls {
        match expect {
            AsSupervisor::Refused => {
                let err = call(&mut sup).expect_err(name);
                assert_eq!(err.kind, ErrorKind::Refused, "{name}: {err:?}");
                assert_eq!(
                    err.get("role"),
                    Some("role_ref.supervisor"),
                    "{name}: {err:?}"
                );
            }
            AsSupervisor::ReadsOnly => {
                call(&mut sup).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
        assert_eq!(snapshot(&sup), before, "{name} wrote something");
    }
    assert!(!f.export_to.exists(), "a supervisor writes no file either");
    assert!(!f.incident_export_to.exists(), "nor an incident form");
    assert_eq!(sup.counts().unwrap().audit, audit_before);
    assert!(matches!(
        sup.audit_verify().unwrap(),
        dutydesk::store::audit::Verification::Intact { .. }
    ));

    // The same calls by operators who may succeed: the role was the only reason.
    for (name, _, (login, role), call) in &calls {
        let mut d = desk(&db, login, *role);
        call(&mut d).unwrap_or_else(|e| panic!("{name} as {login}: {e}"));
    }
    assert!(sup.counts().unwrap().audit > audit_before);
}

#[test]
fn a_supervisor_reads_what_everyone_reads() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let f = fixture(&db);
    let sup = desk(&db, "sun", Role::Supervisor);
    assert_eq!(sup.flags(true, None).unwrap().len(), 4);
    assert_eq!(sup.request(f.to_approve).unwrap().id, f.to_approve);
    assert_eq!(sup.counts().unwrap().people, 6);
    assert!(sup.audit_list(10).unwrap().len() >= 10);
}
