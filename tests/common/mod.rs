//! Shared helpers for the CLI integration tests: an isolated environment per test.
//!
//! Every command runs with its own temporary directory holding the database (`--db`),
//! the config (`--config`), and the XDG config/data/state directories and `HOME`, so
//! nothing touches the real home. `TZ=Asia/Shanghai` and a pinned clock
//! (`DUTYDESK_NOW`, honoured by debug builds only) make times predictable, and
//! `LANG=C` makes messages English unless a test asks for `--lang zh`.
#![allow(dead_code)] // each test file uses a different part of this module

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The clock every command sees unless a test moves it.
pub const NOW: &str = "2026-11-29T08:00:00+08:00";

/// The test site: three gates, no `[users]` (single-operator mode).
pub const CONFIG: &str = r#"
[site]
name = "测试学院"
timezone = "Asia/Shanghai"

[[gates]]
name = "东门"

[[gates]]
name = "西门"

[[gates]]
name = "北门"
"#;

/// The test site with one operator of each role.
pub fn users_config() -> String {
    format!(
        "{CONFIG}
[users.wang]
name = \"王门卫\"
role = \"guard\"

[users.zhao]
name = \"赵敏\"
role = \"officer\"

[users.li]
name = \"李玉德\"
role = \"leader\"

[users.sun]
name = \"孙督查\"
role = \"supervisor\"

[users.admin]
name = \"管理员\"
role = \"admin\"
"
    )
}

/// A small roster: two students and one member of staff, English headers.
pub const ROSTER: &str = "id,name,kind,department,class,resident_id,phone
S1,王小明,student,信息工程系,软件2301,11010519491231002X,13812345678
S2,李华,student,机电系,机电2302,,
T1,张老师,staff,信息工程系,,110101199003074477,0812-3334455
";

/// The path of the binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dutydesk"))
}

/// A valid resident ID from its first 17 digits (the check character is computed).
pub fn resident_id(first17: &str) -> String {
    format!(
        "{first17}{}",
        dutydesk::domain::resident_id::check_char(first17)
    )
}

/// Reads the whole file outside SQLite: only while this test process holds no
/// connection to it (closing the descriptor would drop that connection's locks).
pub fn sha256_of(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// What a command left behind: rows in each table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub people: i64,
    pub visitors: i64,
    pub entries: i64,
    pub audit: i64,
}

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

impl Env {
    /// A fresh environment with the test config and no database yet.
    pub fn new() -> Env {
        Env::with_config(CONFIG)
    }

    pub fn with_config(config: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("dutydesk.db");
        let config_path = dir.path().join("config.toml");
        std::fs::write(&config_path, config).unwrap();
        for sub in ["xdg-config", "xdg-data", "xdg-state", "home"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Env {
            dir,
            db,
            config: config_path,
        }
    }

    /// A fresh environment with the roster imported.
    pub fn with_roster() -> Env {
        let env = Env::new();
        env.import(ROSTER);
        env
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces the config file (the database stays).
    pub fn set_config(&self, text: &str) {
        std::fs::write(&self.config, text).unwrap();
    }

    /// The binary with the isolated environment but no `--db`/`--config`: for tests
    /// of how those are found.
    pub fn bare(&self) -> Command {
        let mut c = Command::new(bin());
        self.isolate(&mut c);
        c
    }

    /// Applies the isolated environment to any command of the binary.
    pub fn isolate<C: EnvCommand>(&self, c: &mut C) {
        for var in [
            "DUTYDESK_DB",
            "DUTYDESK_CONFIG",
            "DUTYDESK_LOG",
            "LC_ALL",
            "LC_MESSAGES",
            "NO_COLOR",
        ] {
            c.remove(var);
        }
        let p = |s: &str| self.dir.path().join(s).display().to_string();
        c.set("TZ", "Asia/Shanghai");
        c.set("LANG", "C");
        c.set("USER", "tester");
        c.set("HOME", &p("home"));
        c.set("XDG_CONFIG_HOME", &p("xdg-config"));
        c.set("XDG_DATA_HOME", &p("xdg-data"));
        c.set("XDG_STATE_HOME", &p("xdg-state"));
        c.set("DUTYDESK_NOW", NOW);
    }

    /// `dutydesk --db DB --config CONFIG` in the isolated environment; add the
    /// subcommand and its arguments.
    pub fn cmd(&self) -> Command {
        let mut c = self.bare();
        c.arg("--db")
            .arg(&self.db)
            .arg("--config")
            .arg(&self.config);
        c
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "dutydesk {args:?} failed ({:?}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must be refused with exit status 1; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "dutydesk {args:?} should exit 1; stdout: {} stderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "a refusal prints nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.trim().is_empty(), "a refusal says why on stderr");
        err
    }

    /// Imports a roster given as text (UTF-8).
    pub fn import(&self, csv: &str) -> String {
        let file = self.path("roster.csv");
        std::fs::write(&file, csv).unwrap();
        self.ok(&["people", "import", file.to_str().unwrap()])
    }

    /// Registers an entry with `--format json` and returns the printed entry.
    /// Without `--code` or a venue-scan flag in `args`, it says "no code, not
    /// scanned" explicitly, as `entry add` requires.
    pub fn add(&self, args: &[&str]) -> Value {
        let mut all = vec!["entry", "add", "--format", "json"];
        all.extend_from_slice(args);
        explicit_code_and_scan(&mut all);
        let out = self.ok(&all);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "one entry printed: {out}");
        serde_json::from_str(lines[0]).unwrap()
    }

    /// Registers an entry at the given local time (`2026-11-29T07:50:00`, Beijing).
    pub fn add_at(&self, local: &str, args: &[&str]) -> Value {
        let mut all = vec!["entry", "add", "--format", "json"];
        all.extend_from_slice(args);
        explicit_code_and_scan(&mut all);
        let out = self
            .cmd()
            .env("DUTYDESK_NOW", format!("{local}+08:00"))
            .args(&all)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// `entry list --format json` with extra arguments, parsed.
    pub fn list(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["entry", "list", "--format", "json"];
        all.extend_from_slice(args);
        self.ok(&all)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Creates the (empty, migrated) database, as the first write command would: the
    /// commands that only read refuse a database that does not exist.
    pub fn init_db(&self) {
        dutydesk::store::Store::open(&self.db).unwrap();
    }

    /// A direct connection to the database, behind the program's back.
    pub fn conn(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    /// Row counts; all zero when there is no database yet.
    pub fn counts(&self) -> Counts {
        if !self.db.exists() {
            return Counts {
                people: 0,
                visitors: 0,
                entries: 0,
                audit: 0,
            };
        }
        let c = self.conn();
        let n = |t: &str| -> i64 {
            c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap()
        };
        Counts {
            people: n("people"),
            visitors: n("visitors"),
            entries: n("entries"),
            audit: n("audit"),
        }
    }
}

/// `assert_cmd::Command` and `std::process::Command` both take environment changes.
pub trait EnvCommand {
    fn set(&mut self, k: &str, v: &str);
    fn remove(&mut self, k: &str);
}

impl EnvCommand for Command {
    fn set(&mut self, k: &str, v: &str) {
        self.env(k, v);
    }
    fn remove(&mut self, k: &str) {
        self.env_remove(k);
    }
}

impl EnvCommand for std::process::Command {
    fn set(&mut self, k: &str, v: &str) {
        self.env(k, v);
    }
    fn remove(&mut self, k: &str) {
        self.env_remove(k);
    }
}

/// A std command of the binary (for piped stdin/stdout), `--db`/`--config` set.
pub fn std_cmd(env: &Env) -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    env.isolate(&mut c);
    c.arg("--db").arg(&env.db).arg("--config").arg(&env.config);
    c
}

/// `entry add` requires `--code` and `--venue-scan`/`--no-venue-scan`; the helpers
/// fill in "none" and "not scanned" when a test does not care.
pub fn explicit_code_and_scan(args: &mut Vec<&str>) {
    if !args.contains(&"--code") {
        args.extend(["--code", "none"]);
    }
    if !args.contains(&"--venue-scan") && !args.contains(&"--no-venue-scan") {
        args.push("--no-venue-scan");
    }
}

/// What a command said: exit code and both streams as text.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `dutydesk --user USER --lang en ARGS` at the instant `now`.
pub fn run(env: &Env, user: &str, now: &str, args: &[&str]) -> Out {
    let out = env
        .cmd()
        .args(["--user", user, "--lang", "en"])
        .env("DUTYDESK_NOW", now)
        .args(args)
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The same, expecting success; its standard output.
pub fn ok(env: &Env, user: &str, now: &str, args: &[&str]) -> String {
    let o = run(env, user, now, args);
    assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
    o.stdout
}
