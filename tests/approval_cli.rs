//! Leave and visitor approvals through the CLI: permissions of every role, the gate's
//! refusal and admission of visitors, return detection, and bad input that writes
//! nothing. The clock is pinned with DUTYDESK_NOW; roles come from `[users]`.

use serde_json::Value;

mod common;

mod common_approvals {
    use super::common::Env;
    use serde_json::Value;

    pub const NOW: &str = "2026-11-29T08:00:00+08:00";
    /// Valid resident IDs (GB 11643 check digits) and one with a wrong check digit.
    pub const RID: &str = "11010519491231002X";
    pub const RID2: &str = "110101199003074477";
    pub const BAD_RID: &str = "110105194912310021";

    pub struct Desk {
        pub env: Env,
    }

    pub struct Out {
        pub code: i32,
        pub stdout: String,
        pub stderr: String,
    }

    impl Out {
        /// The stdout lines parsed as JSON.
        pub fn json(&self) -> Vec<Value> {
            self.stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
                .collect()
        }

        pub fn ok(self) -> Self {
            assert_eq!(
                self.code, 0,
                "stdout: {}\nstderr: {}",
                self.stdout, self.stderr
            );
            self
        }

        /// Refused or invalid: exit 1 with the message on stderr.
        pub fn fails_with(self, text: &str) -> Self {
            assert_eq!(
                self.code, 1,
                "stdout: {}\nstderr: {}",
                self.stdout, self.stderr
            );
            assert!(
                self.stderr.contains(text),
                "expected {text:?} in stderr: {}",
                self.stderr
            );
            self
        }
    }

    const USERS: &str = r#"
[users.admin]
name = "系统管理员"
role = "admin"

[users.zhao]
name = "赵敏"
role = "officer"

[users.li]
name = "李玉德"
role = "leader"

[users.wang]
name = "王保安"
role = "guard"

[users.sun]
name = "孙督查"
role = "supervisor"
"#;

    impl Desk {
        /// A database with three rostered people and operators of every role.
        pub fn new(visitors_need_approval: bool) -> Desk {
            let env = Env::with_config(&format!(
                "[site]\ntimezone = \"Asia/Shanghai\"\n\n[screening]\nvisitors_need_approval = {visitors_need_approval}\n{USERS}"
            ));
            let desk = Desk { env };
            let roster = desk.env.path("people.csv");
            std::fs::write(
                &roster,
                "id,name,kind,department\nT2001,王芳,staff,信息工程系\nT2002,李强,staff,后勤处\nS1001,张小明,student,信息工程系\n",
            )
            .unwrap();
            desk.run(
                "admin",
                NOW,
                &["people", "import", roster.to_str().unwrap()],
            )
            .ok();
            desk
        }

        pub fn run(&self, user: &str, now: &str, args: &[&str]) -> Out {
            self.run_lang("en", user, now, args)
        }

        /// The same, with Chinese messages.
        pub fn run_zh(&self, user: &str, now: &str, args: &[&str]) -> Out {
            self.run_lang("zh", user, now, args)
        }

        fn run_lang(&self, lang: &str, user: &str, now: &str, args: &[&str]) -> Out {
            let out = self
                .env
                .cmd()
                .env("DUTYDESK_NOW", now)
                .args(["--user", user, "--lang", lang])
                .args(args)
                .output()
                .unwrap();
            Out {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8(out.stdout).unwrap(),
                stderr: String::from_utf8(out.stderr).unwrap(),
            }
        }

        pub fn audit_count(&self) -> usize {
            self.run(
                "admin",
                NOW,
                &["audit", "list", "--limit", "100000", "--format", "json"],
            )
            .ok()
            .stdout
            .lines()
            .count()
        }

        /// The audit actions, oldest first.
        pub fn audit_actions(&self) -> Vec<String> {
            let mut v: Vec<String> = self
                .run(
                    "admin",
                    NOW,
                    &["audit", "list", "--limit", "100000", "--format", "json"],
                )
                .ok()
                .json()
                .iter()
                .map(|r| r["action"].as_str().unwrap().to_string())
                .collect();
            v.reverse();
            v
        }

        /// Files a leave for T2001, 2026-12-01 08:00 to 2026-12-03 18:00; returns its id.
        pub fn file_leave(&self, user: &str) -> Out {
            self.run(
                user,
                NOW,
                &[
                    "approval",
                    "request",
                    "leave",
                    "--person",
                    "T2001",
                    "--dest",
                    "成都",
                    "--from",
                    "2026-12-01T08:00",
                    "--to",
                    "2026-12-03T18:00",
                    "--reason",
                    "参加会议",
                    "--transport",
                    "高铁",
                    "--format",
                    "json",
                ],
            )
        }

        /// Files a visitor request for RID, 08:00–12:00 on 2026-11-29.
        pub fn file_visitor(&self, user: &str, rid: &str) -> Out {
            self.run(
                user,
                NOW,
                &[
                    "approval",
                    "request",
                    "visitor",
                    "--visitor-name",
                    "张三",
                    "--visitor-id",
                    rid,
                    "--visitor-phone",
                    "13812345678",
                    "--host",
                    "T2001",
                    "--reason",
                    "送货",
                    "--from",
                    "2026-11-29T08:00",
                    "--to",
                    "2026-11-29T12:00",
                    "--format",
                    "json",
                ],
            )
        }

        pub fn show(&self, id: i64, now: &str) -> Value {
            self.run(
                "admin",
                now,
                &["approval", "show", &id.to_string(), "--format", "json"],
            )
            .ok()
            .json()
            .remove(0)
        }

        /// Registers the visitor RID coming in at the east gate; returns the entry JSON.
        pub fn visitor_in(&self, now: &str, rid: &str) -> Value {
            self.run(
                "wang",
                now,
                &[
                    "entry",
                    "add",
                    "--gate",
                    "东门",
                    "--direction",
                    "in",
                    "--temp",
                    "36.5",
                    "--code",
                    "green",
                    "--venue-scan",
                    "--visitor-name",
                    "张三",
                    "--visitor-id",
                    rid,
                    "--visitor-phone",
                    "13812345678",
                    "--reason",
                    "送货",
                    "--host",
                    "T2001",
                    "--format",
                    "json",
                ],
            )
            .ok()
            .json()
            .remove(0)
        }

        pub fn person_gate(&self, now: &str, person: &str, direction: &str) -> Value {
            self.run(
                "wang",
                now,
                &[
                    "entry",
                    "add",
                    "--gate",
                    "东门",
                    "--direction",
                    direction,
                    "--temp",
                    "36.5",
                    "--code",
                    "green",
                    "--venue-scan",
                    "--person",
                    person,
                    "--format",
                    "json",
                ],
            )
            .ok()
            .json()
            .remove(0)
        }
    }

    pub fn id_of(out: &Out) -> i64 {
        out.json()[0]["id"].as_i64().unwrap()
    }
}

use common_approvals::{BAD_RID, Desk, NOW, RID, RID2, id_of};

#[test]
fn filing_is_refused_to_guards_and_supervisors_and_writes_nothing() {
    let desk = Desk::new(false);
    let before = desk.audit_count();
    for user in ["wang", "sun"] {
        desk.file_leave(user)
            .fails_with("not allowed to file requests");
        desk.file_visitor(user, RID)
            .fails_with("not allowed to file requests");
    }
    assert_eq!(desk.audit_count(), before);
    let listed = desk
        .run("sun", NOW, &["approval", "list", "--format", "json"])
        .ok();
    assert!(listed.stdout.is_empty(), "{}", listed.stdout);
    // Officers, leaders and admins file.
    for user in ["zhao", "li", "admin"] {
        desk.file_visitor(user, RID).ok();
    }
    assert_eq!(desk.audit_count(), before + 3);
}

#[test]
fn only_leaders_and_admins_decide_and_refusals_write_nothing() {
    let desk = Desk::new(false);
    let a = id_of(&desk.file_leave("zhao").ok());
    let b = id_of(&desk.file_visitor("zhao", RID).ok());
    let before = desk.audit_count();
    for user in ["wang", "zhao", "sun"] {
        for id in [a, b] {
            let id = id.to_string();
            desk.run(user, NOW, &["approval", "approve", &id])
                .fails_with("not allowed to decide requests");
            desk.run(user, NOW, &["approval", "reject", &id, "--note", "不行"])
                .fails_with("not allowed to decide requests");
        }
    }
    assert_eq!(
        desk.audit_count(),
        before,
        "refusals are not recorded as changes"
    );
    assert_eq!(desk.show(a, NOW)["status"], "pending");
    assert_eq!(desk.show(b, NOW)["status"], "pending");

    desk.run(
        "li",
        NOW,
        &["approval", "approve", &a.to_string(), "--note", "同意"],
    )
    .ok();
    desk.run(
        "admin",
        NOW,
        &[
            "approval",
            "reject",
            &b.to_string(),
            "--note",
            "未说明来访单位",
        ],
    )
    .ok();
    let a = desk.show(a, NOW);
    assert_eq!(a["status"], "approved");
    assert_eq!(a["decided_by"], "li");
    assert_eq!(a["note"], "同意");
    assert_eq!(a["decided_at"], NOW);
    let b = desk.show(b, NOW);
    assert_eq!(b["status"], "rejected");
    assert_eq!(b["decided_by"], "admin");
    assert_eq!(desk.audit_count(), before + 2);
    let actions = desk.audit_actions();
    assert_eq!(
        &actions[actions.len() - 2..],
        ["approval.approve", "approval.reject"]
    );
}

#[test]
fn cancelling_is_for_officers_leaders_admins_and_only_before_an_approval_begins() {
    let desk = Desk::new(false);
    let a = id_of(&desk.file_leave("zhao").ok());
    let b = id_of(&desk.file_visitor("zhao", RID).ok());
    let before = desk.audit_count();
    for user in ["wang", "sun"] {
        desk.run(user, NOW, &["approval", "cancel", &a.to_string()])
            .fails_with("not allowed to cancel requests");
    }
    assert_eq!(desk.audit_count(), before);

    // An approved leave may be withdrawn before departure…
    desk.run("li", NOW, &["approval", "approve", &a.to_string()])
        .ok();
    let out = desk
        .run(
            "zhao",
            NOW,
            &["approval", "cancel", &a.to_string(), "--note", "会议取消"],
        )
        .ok();
    assert!(
        out.stdout.contains(&format!("request {a}")),
        "{}",
        out.stdout
    );
    let shown = desk.show(a, NOW);
    assert_eq!(shown["status"], "cancelled");
    assert_eq!(shown["decided_by"], "zhao");
    assert_eq!(shown["note"], "会议取消");
    // …but an approved visit that has begun stands.
    desk.run("li", NOW, &["approval", "approve", &b.to_string()])
        .ok();
    let before = desk.audit_count();
    desk.run("li", NOW, &["approval", "cancel", &b.to_string()])
        .fails_with("began at 2026-11-29 08:00");
    // Closed requests cannot be cancelled again.
    desk.run("li", NOW, &["approval", "cancel", &a.to_string()])
        .fails_with("already cancelled");
    assert_eq!(desk.audit_count(), before);
}

#[test]
fn a_visitor_without_approval_is_refused_then_admitted_and_linked() {
    let desk = Desk::new(true);
    let refused = desk.visitor_in("2026-11-29T10:15:00+08:00", RID);
    assert_eq!(refused["decision"], "denied");
    assert_eq!(refused["reasons"], serde_json::json!(["no_approval"]));
    assert_eq!(refused["approval_id"], Value::Null);

    // The officer files, the leader approves, the guard registers again.
    let filed = desk
        .run(
            "zhao",
            "2026-11-29T10:16:00+08:00",
            &[
                "approval",
                "request",
                "visitor",
                "--visitor-name",
                "张三",
                "--visitor-id",
                RID,
                "--visitor-phone",
                "13812345678",
                "--host",
                "T2001",
                "--reason",
                "送货",
                "--from",
                "2026-11-29T10:16",
                "--to",
                "2026-11-29T12:00",
                "--format",
                "json",
            ],
        )
        .ok();
    let id = id_of(&filed);
    // Pending is not enough.
    let still = desk.visitor_in("2026-11-29T10:17:00+08:00", RID);
    assert_eq!(still["reasons"], serde_json::json!(["no_approval"]));
    desk.run(
        "li",
        "2026-11-29T10:18:00+08:00",
        &["approval", "approve", &id.to_string()],
    )
    .ok();
    let admitted = desk.visitor_in("2026-11-29T10:19:00+08:00", RID);
    assert_eq!(admitted["decision"], "admitted");
    assert_eq!(admitted["reasons"], serde_json::json!([]));
    assert_eq!(admitted["approval_id"], id);
    let shown = desk.show(id, "2026-11-29T10:20:00+08:00");
    assert_eq!(shown["entry_ids"], serde_json::json!([admitted["id"]]));

    // Another visitor is not covered by this approval.
    let other = desk.visitor_in("2026-11-29T10:20:00+08:00", RID2);
    assert_eq!(other["reasons"], serde_json::json!(["no_approval"]));
    // After the window, the approval no longer covers the visitor.
    let late = desk.visitor_in("2026-11-29T12:00:00+08:00", RID);
    assert_eq!(late["decision"], "denied");
    assert_eq!(late["approval_id"], Value::Null);
    // The audit trail says which approval the admission rested on.
    let audit = desk
        .run("admin", NOW, &["audit", "list", "--format", "json"])
        .ok()
        .json();
    assert!(
        audit
            .iter()
            .any(|r| r["action"] == "entry.add" && r["details"]["approval_id"] == id)
    );
}

#[test]
fn with_the_rule_off_visitors_come_in_and_approved_ones_are_still_linked() {
    let desk = Desk::new(false);
    let free = desk.visitor_in(NOW, RID2);
    assert_eq!(free["decision"], "admitted");
    assert_eq!(free["approval_id"], Value::Null);
    let id = id_of(&desk.file_visitor("zhao", RID).ok());
    desk.run("li", NOW, &["approval", "approve", &id.to_string()])
        .ok();
    let linked = desk.visitor_in("2026-11-29T09:00:00+08:00", RID);
    assert_eq!(linked["approval_id"], id);
}

#[test]
fn a_return_opens_when_the_person_comes_back_and_a_late_one_is_overdue() {
    let desk = Desk::new(false);
    let id = id_of(&desk.file_leave("zhao").ok());
    desk.run("li", NOW, &["approval", "approve", &id.to_string()])
        .ok();
    let returns = |now: &str, overdue: bool| {
        let mut args = vec!["returns", "list", "--format", "json"];
        if overdue {
            args.push("--overdue");
        }
        desk.run("sun", now, &args).ok().json()
    };
    // Before departure: coming in is just coming in.
    assert!(returns(NOW, false).is_empty());
    desk.person_gate("2026-11-30T18:00:00+08:00", "T2001", "in");
    // Under way.
    let away = returns("2026-12-02T09:00:00+08:00", false);
    assert_eq!(away.len(), 1);
    assert_eq!(away[0]["phase"], "away");
    assert_eq!(away[0]["approval_id"], id);
    assert!(returns("2026-12-02T09:00:00+08:00", true).is_empty());
    // Going out does not end the leave.
    desk.person_gate("2026-12-02T10:00:00+08:00", "T2001", "out");
    // The return time passes with no entry back: overdue.
    let overdue = returns("2026-12-04T08:00:00+08:00", true);
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["phase"], "overdue");
    assert_eq!(overdue[0]["overdue"], true);
    assert_eq!(overdue[0]["person_id"], "T2001");
    assert_eq!(overdue[0]["name"], "王芳");
    let table = desk
        .run(
            "sun",
            "2026-12-04T08:00:00+08:00",
            &["returns", "list", "--overdue"],
        )
        .ok();
    assert!(table.stdout.contains("overdue") && table.stdout.contains("王芳"));

    // Back through the gate: the return record opens with its deadlines.
    let entry = desk.person_gate("2026-12-04T09:00:00+08:00", "T2001", "in");
    assert!(returns("2026-12-04T09:00:00+08:00", true).is_empty());
    let open = returns("2026-12-04T09:00:00+08:00", false);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["phase"], "monitoring");
    assert_eq!(open[0]["entry_id"], entry["id"]);
    assert_eq!(open[0]["returned_at"], "2026-12-04T09:00:00+08:00");
    assert_eq!(open[0]["report_due"], "2026-12-05T09:00:00+08:00");
    assert_eq!(open[0]["monitoring_until"], "2026-12-18T09:00:00+08:00");
    let shown = desk.show(id, "2026-12-04T09:00:00+08:00");
    assert_eq!(shown["phase"], "monitoring");
    assert_eq!(shown["returned_at"], "2026-12-04T09:00:00+08:00");
    assert_eq!(shown["return"]["entry_id"], entry["id"]);
    // A second entry opens nothing more.
    desk.person_gate("2026-12-05T09:00:00+08:00", "T2001", "in");
    assert_eq!(
        desk.audit_actions()
            .iter()
            .filter(|a| *a == "return.open")
            .count(),
        1
    );
    // Monitoring over: the follow-up leaves the list.
    assert!(returns("2026-12-18T09:00:00+08:00", false).is_empty());
}

#[test]
fn bad_input_names_the_problem_and_writes_nothing() {
    let desk = Desk::new(false);
    let before = desk.audit_count();
    let leave = |args: &[&str]| {
        let mut all = vec!["approval", "request", "leave"];
        all.extend_from_slice(args);
        desk.run("zhao", NOW, &all)
    };
    let base = [
        "--person",
        "T2001",
        "--dest",
        "成都",
        "--from",
        "2026-12-01T08:00",
        "--to",
        "2026-12-03T18:00",
        "--reason",
        "会议",
    ];
    let with = |k: &str, v: &'static str| -> Vec<&str> {
        let mut a: Vec<&str> = base.to_vec();
        let i = a.iter().position(|x| *x == k).unwrap();
        a[i + 1] = v;
        a
    };
    leave(&with("--to", "2026-11-30T18:00"))
        .fails_with("end time (--to): must be after the start time");
    leave(&with("--person", "T9999")).fails_with("no person with id \"T9999\" in the roster");
    leave(&with("--from", "next tuesday")).fails_with("start time (--from): expected a date");
    leave(&with("--dest", "成都\u{1b}[2J")).fails_with("destination (--dest): contains control");
    leave(&with("--from", "2026-11-29T20:00"))
        .fails_with("must be filed at least 1 day(s) before departure");

    let visitor = |rid: &str, phone: &str, host: &str| {
        desk.run(
            "zhao",
            NOW,
            &[
                "approval",
                "request",
                "visitor",
                "--visitor-name",
                "张三",
                "--visitor-id",
                rid,
                "--visitor-phone",
                phone,
                "--host",
                host,
                "--reason",
                "送货",
                "--from",
                "2026-11-29T08:00",
                "--to",
                "2026-11-29T12:00",
            ],
        )
    };
    visitor(BAD_RID, "13812345678", "T2001")
        .fails_with("visitor resident ID: the resident ID's check digit is wrong");
    visitor(RID, "123", "T2001").fails_with("visitor phone: expected an 11-digit");
    visitor(RID, "13812345678", "X404").fails_with("host \"X404\" is not in the roster");
    assert_eq!(desk.audit_count(), before, "nothing was written");

    // Deciding: unknown, already decided, rejection without a note, expired.
    desk.run("li", NOW, &["approval", "approve", "99"])
        .fails_with("no request with id 99");
    let id = id_of(&desk.file_visitor("zhao", RID).ok()).to_string();
    desk.run("li", NOW, &["approval", "reject", &id])
        .fails_with("note: a rejection must say why");
    desk.run("li", NOW, &["approval", "approve", &id]).ok();
    let before = desk.audit_count();
    desk.run("li", NOW, &["approval", "approve", &id])
        .fails_with(&format!(
            "request {id} is already approved (by li at 2026-11-29 08:00)"
        ));
    desk.run("li", NOW, &["approval", "reject", &id, "--note", "改主意"])
        .fails_with("already approved");
    assert_eq!(desk.audit_count(), before);
    assert_eq!(desk.show(id.parse().unwrap(), NOW)["status"], "approved");

    let late = id_of(&desk.file_visitor("zhao", RID2).ok()).to_string();
    let before = desk.audit_count();
    let after_window = "2026-11-29T12:00:00+08:00";
    desk.run("li", after_window, &["approval", "approve", &late])
        .fails_with("expired undecided when its period ended at 2026-11-29 12:00");
    assert_eq!(desk.audit_count(), before);
}

#[test]
fn urgent_leave_waives_the_notice_and_overlaps_are_refused() {
    let desk = Desk::new(false);
    let args = [
        "approval",
        "request",
        "leave",
        "--person",
        "S1001",
        "--dest",
        "西昌",
        "--from",
        "2026-11-29T14:00",
        "--to",
        "2026-11-30",
        "--reason",
        "家中急事",
        "--urgent",
        "--format",
        "json",
    ];
    let filed = desk.run("zhao", NOW, &args).ok().json().remove(0);
    assert_eq!(filed["urgent"], true);
    assert_eq!(filed["status"], "pending");
    // A bare date as the end means the end of that day.
    assert_eq!(filed["window_to"], "2026-12-01T00:00:00+08:00");
    let before = desk.audit_count();
    desk.run("zhao", NOW, &args)
        .fails_with(&format!("overlapping this period (id {})", filed["id"]));
    assert_eq!(desk.audit_count(), before);
}

#[test]
fn lists_filter_by_pending_and_kind_and_show_expiry() {
    let desk = Desk::new(false);
    let leave = id_of(&desk.file_leave("zhao").ok());
    let visit = desk
        .run(
            "zhao",
            "2026-11-29T08:05:00+08:00",
            &[
                "approval",
                "request",
                "visitor",
                "--visitor-name",
                "张三",
                "--visitor-id",
                RID,
                "--visitor-phone",
                "13812345678",
                "--host",
                "T2002",
                "--reason",
                "维修",
                "--from",
                "2026-11-29T09:00",
                "--to",
                "2026-11-29T10:00",
                "--format",
                "json",
            ],
        )
        .ok()
        .json()
        .remove(0);
    let ids = |now: &str, args: &[&str]| -> Vec<i64> {
        let mut all = vec!["approval", "list", "--format", "json"];
        all.extend_from_slice(args);
        desk.run("sun", now, &all)
            .ok()
            .json()
            .iter()
            .map(|v| v["id"].as_i64().unwrap())
            .collect()
    };
    let visit_id = visit["id"].as_i64().unwrap();
    // Pending: oldest first. All: newest first.
    assert_eq!(ids(NOW, &["--pending"]), vec![leave, visit_id]);
    assert_eq!(ids(NOW, &[]), vec![visit_id, leave]);
    assert_eq!(ids(NOW, &["--kind", "visitor"]), vec![visit_id]);
    assert_eq!(ids(NOW, &["--kind", "leave", "--pending"]), vec![leave]);
    // The visit's window ends undecided: expired, and no longer pending.
    let after = "2026-11-29T10:00:00+08:00";
    assert_eq!(ids(after, &["--pending"]), vec![leave]);
    let all = desk
        .run("sun", after, &["approval", "list", "--format", "json"])
        .ok()
        .json();
    assert_eq!(all[0]["status"], "expired");

    // The JSON carries the issue's keys, with the visitor's numbers masked.
    let v = &all[0];
    for key in [
        "id",
        "kind",
        "status",
        "visitor_name",
        "requested_by",
        "requested_at",
        "window_from",
        "window_to",
        "destination",
        "reason",
        "decided_by",
        "decided_at",
        "note",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["kind"], "visitor");
    assert_eq!(v["visitor_name"], "张三");
    assert_eq!(v["visitor_id"], "110105********002X");
    assert_eq!(v["visitor_phone"], "138****5678");
    assert_eq!(v["host_id"], "T2002");
    let l = &all[1];
    assert_eq!(l["kind"], "leave");
    assert_eq!(l["person_id"], "T2001");
    assert_eq!(l["destination"], "成都");
    assert_eq!(l["window_from"], "2026-12-01T08:00:00+08:00");
    // `request --format json` prints the same form as the list.
    let listed = desk
        .run(
            "sun",
            NOW,
            &["approval", "list", "--kind", "visitor", "--format", "json"],
        )
        .ok()
        .json();
    assert_eq!(listed, vec![visit.clone()]);
    for out in [
        desk.run("sun", NOW, &["approval", "list"]).ok(),
        desk.run("sun", NOW, &["approval", "show", &visit_id.to_string()])
            .ok(),
    ] {
        assert!(!out.stdout.contains(RID), "{}", out.stdout);
        assert!(!out.stdout.contains("13812345678"), "{}", out.stdout);
    }
}

#[test]
fn messages_read_in_chinese() {
    let desk = Desk::new(false);
    let id = id_of(&desk.file_visitor("zhao", RID).ok()).to_string();
    let out = desk.run_zh("zhao", NOW, &["approval", "approve", &id]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("无权审批申请"), "{}", out.stderr);
    let out = desk.run_zh("li", NOW, &["approval", "reject", &id]);
    assert!(out.stderr.contains("驳回时必须说明理由"), "{}", out.stderr);
    let out = desk.run_zh("li", NOW, &["approval", "approve", &id]).ok();
    assert!(out.stdout.contains("已批准"), "{}", out.stdout);
    let out = desk.run_zh("sun", NOW, &["approval", "list"]).ok();
    assert!(out.stdout.contains("访客") && out.stdout.contains("已批准"));
}
