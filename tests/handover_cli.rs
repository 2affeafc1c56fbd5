//! The shift handover and the duty roster through the real binary: three operators
//! from a `[users]` config acting with `--user`, the clock pinned with `DUTYDESK_NOW`
//! to move between shifts.

use serde_json::Value;
use std::path::{Path, PathBuf};

mod common;

/// A temporary desk: database, config and XDG homes in one directory.
mod desk_env {
    use super::common::Env;
    use super::*;

    pub const CONFIG: &str = r#"
[site]
name = "测试学院"
timezone = "Asia/Shanghai"

[users.zhao]
name = "赵敏"
role = "officer"

[users.qian]
name = "钱进"
role = "officer"

[users.sun]
name = "孙立"
role = "officer"

[users.li]
name = "李玉德"
role = "leader"

[users.wu]
name = "吴芳"
role = "leader"

[users.chen]
name = "陈督查"
role = "supervisor"

[users.men]
name = "门卫老王"
role = "guard"

[users.root]
name = "管理员"
role = "admin"
"#;

    pub struct Desk {
        pub env: Env,
    }

    /// What a run printed.
    pub struct Run {
        pub code: i32,
        pub out: String,
        pub err: String,
    }

    impl Run {
        pub fn ok(self) -> Run {
            assert_eq!(self.code, 0, "stdout: {}\nstderr: {}", self.out, self.err);
            self
        }

        pub fn refused(self, needle: &str) -> Run {
            assert_eq!(self.code, 1, "stdout: {}\nstderr: {}", self.out, self.err);
            assert!(
                self.err.contains(needle),
                "expected {needle:?} in stderr: {}",
                self.err
            );
            self
        }

        pub fn json(&self) -> Value {
            serde_json::from_str(self.out.trim()).expect("one JSON object")
        }

        pub fn json_lines(&self) -> Vec<Value> {
            self.out
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        }
    }

    impl Desk {
        pub fn new() -> Desk {
            Desk {
                env: Env::with_config(CONFIG),
            }
        }

        pub fn path(&self, name: &str) -> PathBuf {
            self.env.path(name)
        }

        /// Runs `dutydesk --user USER ARGS…` at local time `now` (+08:00), in English
        /// unless `--lang` is among the arguments.
        pub fn run(&self, user: &str, now: &str, args: &[&str]) -> Run {
            let mut cmd = self.env.cmd();
            cmd.env("DUTYDESK_NOW", format!("{now}+08:00"))
                .args(["--user", user]);
            if !args.contains(&"--lang") {
                cmd.args(["--lang", "en"]);
            }
            let out = cmd.args(args).output().unwrap();
            Run {
                code: out.status.code().unwrap_or(-1),
                out: String::from_utf8_lossy(&out.stdout).into_owned(),
                err: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        }

        /// Rows in the audit trail.
        pub fn audit_rows(&self) -> usize {
            self.run(
                "root",
                "2026-11-29T12:00:00",
                &["audit", "list", "--limit", "100000", "--format", "json"],
            )
            .ok()
            .out
            .lines()
            .count()
        }

        pub fn status(&self, user: &str, now: &str) -> Value {
            self.run(user, now, &["handover", "status", "--format", "json"])
                .ok()
                .json()
        }

        pub fn show(&self, id: i64) -> Value {
            self.run(
                "chen",
                "2026-11-29T12:00:00",
                &["handover", "show", &id.to_string(), "--format", "json"],
            )
            .ok()
            .json()
        }

        /// Checks every mandatory item of the working handover as `user`.
        pub fn settle(&self, user: &str, now: &str) {
            let status = self.status(user, now);
            for item in status["items"].as_array().unwrap() {
                if item["mandatory"] == true && item["state"] == "open" {
                    self.run(
                        user,
                        now,
                        &["handover", "check", item["key"].as_str().unwrap()],
                    )
                    .ok();
                }
            }
        }

        /// Acknowledges every carry-over item of the working handover as `user`.
        pub fn accept_all(&self, user: &str, now: &str) {
            let status = self.status(user, now);
            for c in status["carry_over"].as_array().unwrap() {
                if c["acked_by"].is_null() {
                    self.run(user, now, &["handover", "ack", c["id"].as_str().unwrap()])
                        .ok();
                }
            }
        }

        /// The full handover: outgoing settles and signs, incoming accepts and signs,
        /// the leader countersigns.
        pub fn complete(&self, outgoing: &str, incoming: &str, leader: &str, now: &str) -> i64 {
            self.settle(outgoing, now);
            self.run(outgoing, now, &["handover", "sign", "--as", "outgoing"])
                .ok();
            self.accept_all(incoming, now);
            self.run(incoming, now, &["handover", "sign", "--as", "incoming"])
                .ok();
            let run = self
                .run(leader, now, &["handover", "sign", "--as", "leader"])
                .ok();
            assert!(run.out.contains("is locked"), "{}", run.out);
            self.status(leader, now)["id"].as_i64().unwrap()
        }
    }

    pub fn write(path: &Path, bytes: &[u8]) {
        std::fs::write(path, bytes).unwrap();
    }
}

use desk_env::{Desk, write};

const DAY: &str = "2026-11-29T19:30:00";

#[test]
fn status_opens_the_current_shift_with_the_documented_keys() {
    let d = Desk::new();
    let s = d.status("zhao", DAY);
    assert_eq!(s["id"], 1);
    assert_eq!(s["shift"], "白班");
    assert_eq!(s["shift_start"], "2026-11-29T08:00:00+08:00");
    assert_eq!(s["shift_end"], "2026-11-29T20:00:00+08:00");
    assert_eq!(s["next_shift"], "夜班");
    assert_eq!(s["locked"], false);
    let items = s["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    let first = &items[0];
    for key in ["key", "label", "mandatory", "state", "by", "at", "note"] {
        assert!(first.get(key).is_some(), "item key {key}");
    }
    assert_eq!(first["key"], "gate_book");
    assert_eq!(first["state"], "open");
    assert!(s["carry_over"].as_array().unwrap().is_empty());
    for c in ["outgoing", "incoming", "leader"] {
        assert!(s["signatures"][c].is_null());
    }
    // Opening is audited once; looking again opens nothing new.
    assert_eq!(d.audit_rows(), 1);
    assert_eq!(d.status("qian", DAY)["id"], 1);
    assert_eq!(d.audit_rows(), 1);
}

#[test]
fn a_night_shift_after_midnight_belongs_to_the_evening_before() {
    let d = Desk::new();
    let s = d.status("zhao", "2026-11-30T03:00:00");
    assert_eq!(s["shift"], "夜班");
    assert_eq!(s["shift_date"], "2026-11-29");
    assert_eq!(s["shift_start"], "2026-11-29T20:00:00+08:00");
    assert_eq!(s["shift_end"], "2026-11-30T08:00:00+08:00");
    assert_eq!(s["next_date"], "2026-11-30");
}

#[test]
fn supervisors_look_without_opening_anything() {
    let d = Desk::new();
    // A supervisor's status only reads: on no database at all it says so.
    d.run("chen", DAY, &["handover", "status"])
        .refused("does not exist");
    assert!(!d.env.db.exists());
    d.env.init_db();
    let s = d.status("chen", DAY);
    assert!(s["id"].is_null());
    assert_eq!(s["version"], 0);
    assert_eq!(s["items"].as_array().unwrap().len(), 9);
    let table = d.run("chen", DAY, &["handover", "status"]).ok();
    assert!(table.out.contains("not opened yet"), "{}", table.out);
    assert_eq!(d.audit_rows(), 0);
}

#[test]
fn the_whole_path_with_three_operators() {
    let d = Desk::new();
    d.run(
        "zhao",
        DAY,
        &["handover", "check", "gate_book", "--note", "无异常"],
    )
    .ok();
    let w = d
        .run(
            "zhao",
            DAY,
            &[
                "handover",
                "waive",
                "supplies",
                "--note",
                "口罩缺货，已报后勤",
            ],
        )
        .ok();
    assert!(w.out.contains("waived"), "{}", w.out);
    let n = d
        .run(
            "zhao",
            DAY,
            &["handover", "note", "西门体温计电池电量低", "--carry"],
        )
        .ok();
    assert!(n.out.contains("note:1"), "{}", n.out);
    d.settle("zhao", DAY);
    d.run("zhao", DAY, &["handover", "sign", "--as", "outgoing"])
        .ok();
    let s = d.status("qian", DAY);
    assert_eq!(s["carry_over"][0]["id"], "note:1");
    assert_eq!(s["carry_over"][0]["kind"], "note");
    assert_eq!(s["carry_over"][0]["summary"], "西门体温计电池电量低");
    assert!(s["carry_over"][0]["acked_by"].is_null());
    d.run("qian", DAY, &["handover", "ack", "note:1"]).ok();
    d.run("qian", DAY, &["handover", "sign", "--as", "incoming"])
        .ok();
    let done = d
        .run(
            "li",
            "2026-11-29T19:55:00",
            &["handover", "sign", "--as", "leader"],
        )
        .ok();
    assert!(done.out.contains("record #1 is locked"), "{}", done.out);

    let s = d.show(1);
    assert_eq!(s["locked"], true);
    assert_eq!(s["signatures"]["outgoing"]["by"], "zhao");
    assert_eq!(s["signatures"]["incoming"]["by"], "qian");
    assert_eq!(s["signatures"]["leader"]["by"], "li");
    assert_eq!(s["signatures"]["leader"]["at"], "2026-11-29T19:55:00+08:00");
    assert_eq!(s["carry_over"][0]["acked_by"], "qian");
    let gate = &s["items"][0];
    assert_eq!(
        (
            gate["state"].as_str(),
            gate["by"].as_str(),
            gate["note"].as_str()
        ),
        (Some("done"), Some("zhao"), Some("无异常"))
    );
    assert_eq!(s["items"][4]["state"], "waived");
    assert_eq!(
        s["items"][6]["state"], "open",
        "optional items may stay open"
    );

    let list = d
        .run("chen", DAY, &["handover", "list", "--format", "json"])
        .ok()
        .json_lines();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["locked"], true);
    assert_eq!(list[0]["carry_over"], 1);
    let md = d
        .run("chen", DAY, &["handover", "show", "1", "--format", "md"])
        .ok();
    assert!(md.out.contains("| 1 | Gate register"), "{}", md.out);
    let verify = d.run("root", DAY, &["audit", "verify"]).ok();
    assert!(verify.out.contains("intact"));
}

#[test]
fn refusals_say_why_and_write_nothing() {
    let d = Desk::new();
    d.status("zhao", DAY);
    let rows = d.audit_rows();
    let before = d.show(1);
    d.run("zhao", DAY, &["handover", "sign", "--as", "outgoing"])
        .refused("mandatory checklist items are still open");
    d.run(
        "zhao",
        DAY,
        &["handover", "waive", "supplies", "--note", " "],
    )
    .refused("waiving needs a note");
    d.run("qian", DAY, &["handover", "sign", "--as", "incoming"])
        .refused("the incoming officer signs only after the outgoing officer");
    d.run("li", DAY, &["handover", "sign", "--as", "leader"])
        .refused("the duty leader signs only after the incoming officer");
    d.run("qian", DAY, &["handover", "ack", "note:1"])
        .refused("once the outgoing officer has signed");
    d.run("zhao", DAY, &["handover", "check", "gate-book"])
        .refused("no checklist item \"gate-book\"");
    d.run("chen", DAY, &["handover", "check", "gate_book"])
        .refused("not allowed to work on the handover");
    d.run("men", DAY, &["handover", "sign", "--as", "outgoing"])
        .refused("not allowed to sign the handover");
    d.run("zhao", DAY, &["handover", "show", "99"])
        .refused("no handover record with id 99");
    assert_eq!(d.audit_rows(), rows);
    assert_eq!(d.show(1), before);

    d.settle("zhao", DAY);
    d.run("zhao", DAY, &["handover", "sign", "--as", "outgoing"])
        .ok();
    let rows = d.audit_rows();
    let before = d.show(1);
    d.run("zhao", DAY, &["handover", "sign", "--as", "outgoing"])
        .refused("the outgoing officer has already signed (zhao)");
    d.run("zhao", DAY, &["handover", "sign", "--as", "incoming"])
        .refused("a handover needs three different people");
    d.run("zhao", DAY, &["handover", "check", "daily_report"])
        .refused("the checklist no longer changes");
    d.run("qian", DAY, &["handover", "sign", "--as", "leader"])
        .refused("the duty leader signs only after the incoming officer");
    assert_eq!(d.audit_rows(), rows);
    assert_eq!(d.show(1), before);

    d.run("qian", DAY, &["handover", "sign", "--as", "incoming"])
        .ok();
    d.run("qian", DAY, &["handover", "sign", "--as", "leader"])
        .refused("leader or admin role");
    d.run("li", DAY, &["handover", "sign", "--as", "leader"])
        .ok();
    let rows = d.audit_rows();
    let before = d.show(1);
    for args in [
        &["handover", "check", "daily_report", "--id", "1"][..],
        &["handover", "note", "补记", "--id", "1"][..],
        &["handover", "sign", "--as", "leader", "--id", "1"][..],
    ] {
        d.run("wu", DAY, args).refused("the handover is locked");
    }
    assert_eq!(d.audit_rows(), rows);
    assert_eq!(d.show(1), before);
}

#[test]
fn messages_are_in_chinese_too() {
    let d = Desk::new();
    d.run(
        "zhao",
        DAY,
        &["--lang", "zh", "handover", "sign", "--as", "outgoing"],
    )
    .refused("还有必办事项未办结");
}

#[test]
fn carry_over_across_three_consecutive_handovers() {
    let d = Desk::new();
    // Day shift of the 29th: two open matters are noted to carry.
    d.run(
        "zhao",
        DAY,
        &["handover", "note", "西门体温计电池电量低", "--carry"],
    )
    .ok();
    d.run(
        "zhao",
        DAY,
        &["handover", "note", "北门监控离线", "--carry"],
    )
    .ok();
    d.run("zhao", DAY, &["handover", "note", "白班平稳"]).ok();
    let first = d.complete("zhao", "qian", "li", DAY);
    assert_eq!(first, 1);

    // Night shift: both are still open, so both are carried again.
    let night = "2026-11-30T07:30:00";
    let s = d.status("qian", night);
    assert_eq!(s["id"], 2);
    assert_eq!(s["shift"], "夜班");
    let ids: Vec<&str> = s["carry_over"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["note:1", "note:2"]);
    assert!(
        s["carry_over"][0]["acked_by"].is_null(),
        "acknowledged anew"
    );
    // The monitor is fixed during the night: closed where it lives.
    d.run(
        "qian",
        night,
        &["handover", "close", "note:2", "--note", "已恢复"],
    )
    .ok();
    d.run("qian", night, &["handover", "close", "note:3"])
        .refused("not a carried item");
    let second = d.complete("qian", "zhao", "wu", night);
    assert_eq!(second, 2);
    assert_eq!(d.show(2)["carry_over"].as_array().unwrap().len(), 1);

    // Day shift of the 30th: only the battery is still open.
    let day2 = "2026-11-30T19:30:00";
    let s = d.status("zhao", day2);
    assert_eq!(
        (s["id"].as_i64(), s["shift_date"].as_str()),
        (Some(3), Some("2026-11-30"))
    );
    assert_eq!(s["carry_over"].as_array().unwrap().len(), 1);
    assert_eq!(s["carry_over"][0]["id"], "note:1");
    d.run("zhao", day2, &["handover", "close", "note:1"]).ok();
    assert!(
        d.status("zhao", day2)["carry_over"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    d.complete("zhao", "qian", "li", day2);

    // Earlier records keep what they handed over, and show that it was closed since.
    let first = d.show(1);
    assert_eq!(first["carry_over"].as_array().unwrap().len(), 2);
    assert_eq!(first["notes"][1]["closed"]["by"], "qian");
    assert!(first["notes"][2]["closed"].is_null());
    let list = d
        .run("chen", day2, &["handover", "list", "--format", "json"])
        .ok()
        .json_lines();
    let ids: Vec<i64> = list.iter().map(|h| h["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![3, 2, 1]);
    assert!(list.iter().all(|h| h["locked"] == true));
}

#[test]
fn an_unfinished_handover_is_finished_after_the_shift_change() {
    let d = Desk::new();
    d.settle("zhao", DAY);
    d.run("zhao", DAY, &["handover", "sign", "--as", "outgoing"])
        .ok();
    // 20:05: the night shift is on, and the day handover still waits for the
    // incoming officer and the leader: it is still the one the desk works on.
    let later = "2026-11-29T20:05:00";
    let s = d.status("qian", later);
    assert_eq!(
        (s["id"].as_i64(), s["shift"].as_str()),
        (Some(1), Some("白班"))
    );
    d.run("qian", later, &["handover", "sign", "--as", "incoming"])
        .ok();
    d.run("li", later, &["handover", "sign", "--as", "leader"])
        .ok();
    let s = d.status("qian", later);
    assert_eq!(
        (s["id"].as_i64(), s["shift"].as_str()),
        (Some(2), Some("夜班"))
    );
}

const ROSTER_ZH: &str = "日期,班次,带班领导,值班员\n\
2026-11-29,白班,李玉德,zhao\n\
2026-11-29,夜班,wu,qian；孙立\n\
2026/11/30,白班,li,zhao\n\
2026/11/30,夜班,,qian\n";

#[test]
fn roster_import_from_a_gbk_file_show_and_gaps() {
    let d = Desk::new();
    let (gbk, _, bad) = encoding_rs::GBK.encode(ROSTER_ZH);
    assert!(!bad);
    write(&d.path("排班.csv"), &gbk);
    let file = d.path("排班.csv");
    let file = file.to_str().unwrap();
    d.run("zhao", DAY, &["roster", "import", file])
        .refused("not allowed to import the duty roster");
    let run = d.run("root", DAY, &["roster", "import", file]).ok();
    assert!(
        run.out.contains("4 shift(s), 0 of them replacing"),
        "{}",
        run.out
    );

    let shifts = d
        .run(
            "chen",
            DAY,
            &[
                "roster",
                "show",
                "--from",
                "2026-11-29",
                "--days",
                "2",
                "--format",
                "json",
            ],
        )
        .ok()
        .json_lines();
    assert_eq!(shifts.len(), 4);
    assert_eq!(shifts[0]["shift"], "白班");
    assert_eq!(shifts[0]["leader"], "li", "display names become logins");
    assert_eq!(shifts[1]["officers"], serde_json::json!(["qian", "sun"]));
    assert_eq!(shifts[1]["start"], "2026-11-29T20:00:00+08:00");
    assert_eq!(shifts[1]["end"], "2026-11-30T08:00:00+08:00");
    let table = d
        .run(
            "chen",
            DAY,
            &[
                "--lang",
                "zh",
                "roster",
                "show",
                "--from",
                "2026-11-29",
                "--days",
                "1",
            ],
        )
        .ok();
    assert!(table.out.contains("李玉德(li)"), "{}", table.out);

    let gaps = d
        .run(
            "chen",
            DAY,
            &["roster", "gaps", "--days", "3", "--format", "json"],
        )
        .ok()
        .json_lines();
    let gaps: Vec<(String, String, Value)> = gaps
        .iter()
        .map(|g| {
            (
                g["date"].as_str().unwrap().to_string(),
                g["shift"].as_str().unwrap().to_string(),
                g["missing"].clone(),
            )
        })
        .collect();
    assert_eq!(
        gaps,
        vec![
            (
                "2026-11-30".into(),
                "夜班".into(),
                serde_json::json!(["leader"])
            ),
            (
                "2026-12-01".into(),
                "白班".into(),
                serde_json::json!(["leader", "officer"])
            ),
            (
                "2026-12-01".into(),
                "夜班".into(),
                serde_json::json!(["leader", "officer"])
            ),
            (
                "2026-12-02".into(),
                "白班".into(),
                serde_json::json!(["leader", "officer"])
            ),
        ]
    );
    let text = d.run("chen", DAY, &["roster", "gaps", "--days", "3"]).ok();
    assert!(text.out.contains("4 shift(s)"), "{}", text.out);

    // Importing a shift again replaces it.
    write(
        &d.path("fix.csv"),
        "date,shift,leader,officers\n2026-11-30,夜班,wu,qian\n".as_bytes(),
    );
    let run = d
        .run(
            "root",
            DAY,
            &["roster", "import", d.path("fix.csv").to_str().unwrap()],
        )
        .ok();
    assert!(run.out.contains("1 of them replacing"), "{}", run.out);
    let gaps = d
        .run(
            "chen",
            DAY,
            &["roster", "gaps", "--days", "1", "--format", "json"],
        )
        .ok();
    assert!(gaps.out.is_empty(), "{}", gaps.out);
    let none = d.run("chen", DAY, &["roster", "gaps", "--days", "1"]).ok();
    assert!(none.out.contains("every shift"), "{}", none.out);
}

/// Asked at 19:30 for two days, the unstaffed day shift starting at 08:00 the day
/// after tomorrow (36 hours away) is a gap: the window is 48 hours, not two dates.
#[test]
fn roster_gaps_covers_every_shift_starting_within_the_window() {
    let d = Desk::new();
    write(
        &d.path("r.csv"),
        "date,shift,leader,officers
\
2026-11-29,白班,li,zhao
\
2026-11-29,夜班,wu,qian
\
2026-11-30,白班,li,zhao
\
2026-11-30,夜班,wu,qian
"
        .as_bytes(),
    );
    d.run(
        "root",
        DAY,
        &["roster", "import", d.path("r.csv").to_str().unwrap()],
    )
    .ok();
    let gaps = d
        .run(
            "chen",
            DAY,
            &["roster", "gaps", "--days", "2", "--format", "json"],
        )
        .ok()
        .json_lines();
    let found: Vec<(String, String)> = gaps
        .iter()
        .map(|g| {
            (
                g["date"].as_str().unwrap().to_string(),
                g["shift"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found, vec![("2026-12-01".to_string(), "白班".to_string())]);
}

#[test]
fn a_roster_file_with_bad_rows_is_refused_whole() {
    let d = Desk::new();
    let bad = "date,shift,leader,officers\n\
2026-11-29,白班,li,zhao\n\
2026-11-31,白班,li,zhao\n\
2026-11-30,中班,li,zhao\n\
2026-11-30,白班,zhao,nobody\n\
2026-11-30,夜班,li,men\n\
2026-11-29,白班,wu,qian\n\
2026-12-01,白班\n";
    write(&d.path("bad.csv"), bad.as_bytes());
    let err = d
        .run(
            "root",
            DAY,
            &["roster", "import", d.path("bad.csv").to_str().unwrap()],
        )
        .refused("nothing was imported");
    for needle in [
        "line 3, date: dates are written",
        "line 4, shift: unknown shift \"中班\"",
        "line 5, leader: \"zhao\" has the role duty officer and cannot lead",
        "line 5, officers: \"nobody\" is not an operator",
        "line 6, officers: \"men\" has the role guard",
        "line 7: 2026-11-29 白班 already appears on line 2",
        "line 8: 2 fields, but the header has 4",
    ] {
        assert!(
            err.err.contains(needle),
            "missing {needle:?} in:\n{}",
            err.err
        );
    }
    let shown = d
        .run(
            "chen",
            DAY,
            &["roster", "show", "--from", "2026-11-29", "--format", "json"],
        )
        .ok()
        .json_lines();
    assert!(
        shown.iter().all(|s| s["leader"].is_null()),
        "nothing imported"
    );
    assert_eq!(d.audit_rows(), 0);

    write(
        &d.path("cols.csv"),
        "日期,班次,值班员\n2026-11-29,白班,zhao\n".as_bytes(),
    );
    d.run(
        "root",
        DAY,
        &["roster", "import", d.path("cols.csv").to_str().unwrap()],
    )
    .refused("a required column is missing: leader / 带班领导");
    d.run("chen", DAY, &["roster", "show", "--days", "0"])
        .refused("must be between 1 and 366");
}

#[test]
fn the_roster_decides_who_may_sign() {
    let d = Desk::new();
    write(&d.path("r.csv"), ROSTER_ZH.as_bytes());
    d.run(
        "root",
        DAY,
        &["roster", "import", d.path("r.csv").to_str().unwrap()],
    )
    .ok();
    d.settle("sun", DAY);
    d.run("sun", DAY, &["handover", "sign", "--as", "outgoing"])
        .refused("by the roster, only zhao may sign as outgoing officer");
    d.run("zhao", DAY, &["handover", "sign", "--as", "outgoing"])
        .ok();
    d.run("qian", DAY, &["handover", "sign", "--as", "incoming"])
        .ok();
    d.run("root", DAY, &["handover", "sign", "--as", "leader"])
        .refused("by the roster, only li, wu may sign as duty leader");
    d.run("wu", DAY, &["handover", "sign", "--as", "leader"])
        .ok();
}

#[test]
fn export_writes_a_readable_a4_record() {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    let d = Desk::new();
    d.run(
        "zhao",
        DAY,
        &["handover", "check", "gate_book", "--note", "无异常"],
    )
    .ok();
    d.run(
        "zhao",
        DAY,
        &["handover", "note", "西门体温计电池电量低", "--carry"],
    )
    .ok();
    let id = d.complete("zhao", "qian", "li", DAY);
    let out = d.path("交接记录.xlsx");
    // A supervisor reads the record but writes no file.
    d.run(
        "chen",
        DAY,
        &[
            "handover",
            "export",
            &id.to_string(),
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .refused("supervisor");
    assert!(!out.exists());
    let run = d
        .run(
            "li",
            DAY,
            &[
                "--lang",
                "zh",
                "handover",
                "export",
                &id.to_string(),
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .ok();
    assert!(run.out.contains("已导出"), "{}", run.out);

    let mut wb: Xlsx<_> = open_workbook(&out).expect("a valid xlsx");
    let sheet = wb.sheet_names()[0].clone();
    assert_eq!(sheet, "交接班记录");
    let range = wb.worksheet_range(&sheet).unwrap();
    let cell = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    assert_eq!(cell(0, 0), "测试学院 值班交接班记录");
    assert!(cell(1, 0).contains("2026-11-29 白班"), "{}", cell(1, 0));
    let texts: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for needle in [
        "一、交接事项 (7/9)",
        "核对校门登记与异常体温处置",
        "无异常",
        "已办",
        "赵敏（zhao）",
        "二、遗留事项 (1)",
        "西门体温计电池电量低",
        "钱进（qian）",
        "四、签字",
        "交班人",
        "带班领导",
        "李玉德（li）",
        "2026-11-29 19:30",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "missing {needle:?} in {texts:?}"
        );
    }
    d.run(
        "li",
        DAY,
        &["handover", "export", "99", "--out", out.to_str().unwrap()],
    )
    .refused("no handover record with id 99");
}

#[test]
fn export_never_writes_through_a_link_nor_replaces_a_file_without_force() {
    use std::os::unix::fs::PermissionsExt;

    let d = Desk::new();
    let id = d.complete("zhao", "qian", "li", DAY).to_string();
    let export = |out: &std::path::Path, force: bool| {
        let mut args = vec!["handover", "export", &id, "--out", out.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        d.run("li", DAY, &args)
    };
    // A link to a file someone else cares about, and a dangling one.
    let victim = d.path("authorized_keys");
    std::fs::write(&victim, "ssh-ed25519 AAAA... keep me\n").unwrap();
    let link = d.path("record.xlsx");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let dangling = d.path("dangling.xlsx");
    let nowhere = d.path("created-through-the-link");
    std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
    for force in [false, true] {
        export(&link, force).refused("symbolic link");
        export(&dangling, force).refused("symbolic link");
    }
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "ssh-ed25519 AAAA... keep me\n",
        "the link's target is untouched"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        !nowhere.exists(),
        "nothing was created through the dangling link"
    );

    // A new file: private. An existing one: kept without --force, replaced with it.
    let out = d.path("new.xlsx");
    export(&out, false).ok();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o600);
    std::fs::write(&out, "an older copy").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    export(&out, false).refused("already exists");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "an older copy");
    export(&out, true).ok();
    assert!(
        std::fs::read(&out).unwrap().starts_with(b"PK"),
        "a workbook now"
    );
    assert_eq!(mode(&out), 0o600);
}

#[test]
fn open_fever_cases_and_pending_requests_are_carried_until_closed_where_they_live() {
    let desk = Desk::new();
    let t = "2026-11-29T09:00:00";
    std::fs::write(
        desk.path("people.csv"),
        "id,name,kind,department\nS1,王小明,student,信息工程系\nT1,李老师,staff,教务处\n",
    )
    .unwrap();
    let csv = desk.path("people.csv");
    desk.run("root", t, &["people", "import", csv.to_str().unwrap()])
        .ok();
    // A fever at the gate opens a case; an officer files a leave request.
    desk.run(
        "men",
        t,
        &[
            "entry",
            "add",
            "--code",
            "none",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "37.9",
            "--person",
            "S1",
            "--venue-scan",
        ],
    )
    .ok();
    desk.run(
        "zhao",
        t,
        &[
            "approval",
            "request",
            "leave",
            "--person",
            "T1",
            "--dest",
            "成都",
            "--from",
            "2026-12-02T09:00",
            "--to",
            "2026-12-04T18:00",
            "--reason",
            "开会",
        ],
    )
    .ok();
    // The day's health checks (nobody has a morning reading here) are carried too;
    // tests/health_service.rs covers them, this test follows flags and approvals.
    let kinds = |v: &Value| -> Vec<String> {
        v["carry_over"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap().to_string())
            .filter(|k| k != "health")
            .collect()
    };
    let status = desk.status("zhao", "2026-11-29T10:00:00");
    assert_eq!(kinds(&status), vec!["flag", "approval"], "{status}");
    assert!(
        status["carry_over"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("王小明")
    );
    // Closed where they live, they leave the carry-over.
    let flags = desk
        .run(
            "zhao",
            "2026-11-29T10:00:00",
            &["flag", "list", "--active", "--format", "json"],
        )
        .ok();
    let flag_id = flags.json_lines()[0]["id"].to_string();
    desk.run(
        "men",
        "2026-11-29T10:00:00",
        &[
            "flag", "recheck", &flag_id, "--temp", "36.8", "--method", "水银",
        ],
    )
    .ok();
    let status = desk.status("zhao", "2026-11-29T10:05:00");
    assert_eq!(kinds(&status), vec!["approval"]);
    desk.run("li", "2026-11-29T10:06:00", &["approval", "approve", "1"])
        .ok();
    let status = desk.status("zhao", "2026-11-29T10:07:00");
    assert!(kinds(&status).is_empty(), "{status}");
}
