//! A desk for the audit tests: a day of work done through the real binary, and the
//! helpers to verify it and tamper with it.

#![allow(dead_code)] // each test file uses a different part of this module

use super::common::{self, Env};
use serde_json::Value;

pub const LATER: &str = "2026-11-29T20:10:00+08:00";

pub struct Desk {
    pub env: Env,
}

impl Desk {
    pub fn run(&self, user: &str, now: &str, args: &[&str]) -> std::process::Output {
        let mut cmd = self.env.cmd();
        cmd.env("DUTYDESK_NOW", now).args(["--user", user]);
        if !args.contains(&"--lang") {
            cmd.args(["--lang", "en"]);
        }
        cmd.args(args).output().unwrap()
    }

    pub fn ok(&self, user: &str, now: &str, args: &[&str]) -> String {
        let out = self.run(user, now, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `audit verify --format json` with extra arguments: (exit code, report).
    pub fn verify(&self, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["audit", "verify", "--format", "json"];
        args.extend(extra);
        let out = self.run("li", LATER, &args);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{e}: {} {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap(), report)
    }

    pub fn head(&self) -> String {
        let v: Value =
            serde_json::from_str(&self.ok("li", LATER, &["audit", "head", "--format", "json"]))
                .unwrap();
        format!("{}:{}", v["id"], v["hash"].as_str().unwrap())
    }

    pub fn tamper(&self, sql: &str) {
        self.env.conn().execute_batch(sql).unwrap();
    }
}

/// A day at the desk: the roster imported, a feverish student refused and re-checked,
/// another admitted, a leave request approved, the handover signed and locked.
pub fn desk() -> Desk {
    day(Desk {
        env: Env::with_config(&common::users_config()),
    })
}

/// The same day with the chain signed under `[audit] key_file` (mode 0600).
pub fn keyed_desk() -> Desk {
    let env = Env::with_config(&common::users_config());
    let key = write_key(&env, 0o600);
    env.set_config(&format!(
        "{}\n[audit]\nkey_file = \"{}\"\n",
        common::users_config(),
        key.display()
    ));
    day(Desk { env })
}

/// A key file in the desk's directory with the given mode.
pub fn write_key(env: &Env, mode: u32) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = env.path("audit.key");
    std::fs::write(&path, "correct horse battery staple 2026\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn day(d: Desk) -> Desk {
    let roster = d.env.path("roster.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    let now = common::NOW;
    d.ok(
        "admin",
        now,
        &["people", "import", roster.to_str().unwrap()],
    );
    let gate = [
        "--gate",
        "东门",
        "--direction",
        "in",
        "--code",
        "green",
        "--venue-scan",
    ];
    let mut a = vec!["entry", "add", "--person", "S1", "--temp", "38.2"];
    a.extend(gate);
    d.ok("zhao", now, &a);
    let mut b = vec!["entry", "add", "--person", "S2", "--temp", "36.5"];
    b.extend(gate);
    d.ok("zhao", now, &b);
    d.ok(
        "zhao",
        "2026-11-29T08:12:00+08:00",
        &[
            "flag", "recheck", "1", "--temp", "38.1", "--method", "mercury",
        ],
    );
    d.ok(
        "zhao",
        now,
        &[
            "approval",
            "request",
            "leave",
            "--person",
            "T1",
            "--dest",
            "成都",
            "--from",
            "2026-12-10",
            "--to",
            "2026-12-12",
            "--reason",
            "参加会议",
        ],
    );
    d.ok("li", now, &["approval", "approve", "1"]);
    sign_handover(&d, "2026-11-29T19:30:00+08:00");
    d
}

pub fn sign_handover(d: &Desk, at: &str) {
    let status: Value =
        serde_json::from_str(&d.ok("zhao", at, &["handover", "status", "--format", "json"]))
            .unwrap();
    for item in status["items"].as_array().unwrap() {
        if item["mandatory"] == true && item["state"] == "open" {
            d.ok(
                "zhao",
                at,
                &["handover", "check", item["key"].as_str().unwrap()],
            );
        }
    }
    d.ok("zhao", at, &["handover", "sign", "--as", "outgoing"]);
    let status: Value =
        serde_json::from_str(&d.ok("admin", at, &["handover", "status", "--format", "json"]))
            .unwrap();
    for c in status["carry_over"].as_array().unwrap() {
        d.ok("admin", at, &["handover", "ack", c["id"].as_str().unwrap()]);
    }
    d.ok("admin", at, &["handover", "sign", "--as", "incoming"]);
    d.ok("li", at, &["handover", "sign", "--as", "leader"]);
}

/// The problems of a report as (kind, table, id) for comparisons.
pub fn named(report: &Value) -> Vec<(String, String, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["kind"].as_str().unwrap().to_string(),
                p["table"].as_str().unwrap_or("").to_string(),
                match &p["id"] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                },
            )
        })
        .collect()
}

pub fn assert_names(d: &Desk, extra: &[&str], kind: &str, table: &str, id: &str) -> Value {
    let (code, report) = d.verify(extra);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["ok"], false);
    let found = named(&report);
    assert!(
        found.contains(&(kind.to_string(), table.to_string(), id.to_string())),
        "expected {kind} {table} {id} in {found:?}"
    );
    report
}
