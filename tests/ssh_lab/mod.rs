//! A private OpenSSH server and a dutydesk desk behind it, for the end-to-end tests
//! (`tests/ssh_e2e.rs`) and the bandwidth benchmark (`benches/ssh_bandwidth.rs`):
//! config, database and XDG directories, host key, `sshd_config` and
//! `authorized_keys` (written by `dutydesk ssh authorize`), all in one temporary
//! directory; sshd is stopped when the `Lab` is dropped, each session's tmux server
//! when its `Tmux` is.

#![allow(dead_code)] // each user of this module needs a different part of it
#[path = "../tmux_harness/mod.rs"]
mod tmux_harness;
use std::io::Write;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_dutydesk");
pub const NOW: &str = "2026-11-29T08:00:00+08:00";
const SSHD: &str = "/usr/sbin/sshd";

pub const CONFIG: &str = r#"
[site]
name = "攀西职业学院"
timezone = "Asia/Shanghai"

[console]
lang = "en"

[notify]
desktop = false

[[gates]]
name = "东门"

[[gates]]
name = "西门"

[users.root]
name = "管理员"
role = "admin"

[users.zhao]
name = "赵敏"
role = "officer"

[users.li]
name = "李玉德"
role = "leader"

[users.sun]
name = "孙督查"
role = "supervisor"
"#;

pub const ROSTER: &str = "学号,姓名,类别,部门\nT2001,王芳,staff,信息工程系\nS1001,张小明,student,信息工程系\nS1002,刘洋,student,机电系\n";

/// The login sshd lets in: whoever runs the tests (root in CI).
pub fn login() -> String {
    whoami::username()
}

/// How a lab is set up.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Pin every dutydesk process's clock to [`NOW`] (debug builds only; release
    /// builds ignore it and run on the real clock).
    pub pin_clock: bool,
    /// Import [`ROSTER`] (otherwise the database is left empty).
    pub roster: bool,
    /// `[console] lang` (`en` keeps the tests' screens in English).
    pub lang: &'static str,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            pin_clock: true,
            roster: true,
            lang: "en",
        }
    }
}

/// A desk (config, database, XDG directories) served by a private sshd.
pub struct Lab {
    pub dir: tempfile::TempDir,
    sshd: Child,
    pub port: u16,
    options: Options,
}

/// The environment of every dutydesk process of a lab; sshd sets it too (`SetEnv`).
fn env_of(d: &Path, pin_clock: bool) -> Vec<(String, String)> {
    let d = d.display();
    let mut env = vec![
        ("XDG_CONFIG_HOME".into(), format!("{d}/xdg-config")),
        ("XDG_STATE_HOME".into(), format!("{d}/xdg-state")),
        ("XDG_DATA_HOME".into(), format!("{d}/xdg-data")),
        ("TZ".into(), "Asia/Shanghai".into()),
        ("LANG".into(), "C.UTF-8".into()),
    ];
    if pin_clock {
        env.push(("DUTYDESK_NOW".into(), NOW.into()));
    }
    env
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (is OpenSSH installed? see .ci/run)"));
    assert!(out.status.success(), "{cmd:?}: {out:?}");
    out
}

impl Lab {
    pub fn new() -> Lab {
        Lab::with(Options::default())
    }

    pub fn with(options: Options) -> Lab {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: install openssh-server (.ci/run does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let config = CONFIG.replace("lang = \"en\"", &format!("lang = \"{}\"", options.lang));
        std::fs::write(d.join("config.toml"), config).unwrap();
        std::fs::write(d.join("roster.csv"), ROSTER).unwrap();
        std::fs::create_dir(d.join("keys")).unwrap();
        run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "host", "-f"])
            .arg(d.join("host_ed25519")));
        std::fs::write(d.join("authorized_keys"), "").unwrap();
        // Privilege separation needs this directory when sshd runs as root; the
        // service that normally creates it is not running on a CI machine.
        if unsafe { libc::geteuid() } == 0 {
            std::fs::create_dir_all("/run/sshd").unwrap();
        }
        let port = free_port();
        let mut env: Vec<String> = env_of(d, options.pin_clock)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        // Sessions also carry paths of their own, as a client's SendEnv or a profile
        // could: the forced command must ignore them (neither file exists; honoured,
        // the config would be "not found" and every session would fail).
        env.push(format!("DUTYDESK_DB={}/decoy.db", d.display()));
        env.push(format!("DUTYDESK_CONFIG={}/decoy.toml", d.display()));
        let sshd_config = format!(
            "Port {port}\n\
             ListenAddress 127.0.0.1\n\
             HostKey {host}\n\
             PidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\n\
             StrictModes no\n\
             UsePAM no\n\
             PasswordAuthentication no\n\
             KbdInteractiveAuthentication no\n\
             PubkeyAuthentication yes\n\
             PermitRootLogin prohibit-password\n\
             AllowUsers {user}\n\
             PermitTTY yes\n\
             AllowTcpForwarding no\n\
             AllowAgentForwarding no\n\
             X11Forwarding no\n\
             PermitUserEnvironment no\n\
             PrintMotd no\n\
             PrintLastLog no\n\
             MaxStartups 100\n\
             LogLevel VERBOSE\n\
             SetEnv {env}\n",
            host = d.join("host_ed25519").display(),
            d = d.display(),
            user = login(),
            env = env.join(" "),
        );
        std::fs::write(d.join("sshd_config"), sshd_config).unwrap();
        let log = std::fs::File::create(d.join("sshd.log")).unwrap();
        let sshd = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start sshd");
        let mut lab = Lab {
            dir,
            sshd,
            port,
            options,
        };
        lab.wait_listening();
        if options.roster {
            lab.cli_ok("root", &["people", "import", &lab.path_str("roster.csv")]);
        }
        lab
    }

    fn wait_listening(&mut self) {
        let start = Instant::now();
        loop {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.sshd.try_wait() {
                panic!("sshd exited ({status}):\n{}", self.sshd_log());
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "sshd is not listening:\n{}",
                self.sshd_log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn sshd_log(&self) -> String {
        std::fs::read_to_string(self.path("sshd.log")).unwrap_or_default()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn path_str(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    /// Runs the CLI on the server, as an operator at the desk would.
    pub fn cli(&self, user: &str, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--db")
            .arg(self.path("desk.db"))
            .arg("--config")
            .arg(self.path("config.toml"))
            .args(["--user", user, "--lang", "en"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .envs(env_of(self.dir.path(), self.options.pin_clock))
            .output()
            .unwrap()
    }

    /// Starts the CLI with stdin and stdout piped (`ingest`, fed line by line).
    pub fn spawn_cli(&self, user: &str, args: &[&str]) -> Child {
        Command::new(BIN)
            .arg("--db")
            .arg(self.path("desk.db"))
            .arg("--config")
            .arg(self.path("config.toml"))
            .args(["--user", user, "--lang", "en"])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .envs(env_of(self.dir.path(), self.options.pin_clock))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    /// Runs the CLI and returns its stdout, which must succeed.
    pub fn cli_ok(&self, user: &str, args: &[&str]) -> String {
        let out = self.cli(user, args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// The audit trail's actions, oldest first.
    pub fn audit_actions(&self) -> Vec<String> {
        let out = self.cli_ok(
            "root",
            &["audit", "list", "--limit", "100000", "--format", "json"],
        );
        let mut v: Vec<String> = out
            .lines()
            .map(|l| {
                let j: serde_json::Value = serde_json::from_str(l).unwrap();
                j["action"].as_str().unwrap().to_string()
            })
            .collect();
        v.reverse();
        v
    }

    /// A fresh client key pair; returns the private key's path.
    pub fn key(&self, name: &str) -> PathBuf {
        let key = self.path("keys").join(name);
        run(Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C"])
            .arg(format!("{name}@test"))
            .arg("-f")
            .arg(&key));
        key
    }

    /// Binds a key to an operator: the line `dutydesk ssh authorize` prints is
    /// appended to authorized_keys, as the README tells administrators to do.
    pub fn authorize(&self, user: &str, key: &Path) {
        let out = self.cli_ok(
            user,
            &[
                "ssh",
                "authorize",
                "--key",
                &key.with_extension("pub").display().to_string(),
            ],
        );
        assert_eq!(out.lines().count(), 1, "{out}");
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(self.path("authorized_keys"))
            .unwrap();
        f.write_all(out.as_bytes()).unwrap();
    }

    /// `ssh` with this lab's options (no agent, no config, no known hosts).
    pub fn ssh_args(&self, key: &Path) -> Vec<String> {
        self.ssh_args_via(key, self.port)
    }

    /// The same, connecting to another port (a relay in front of sshd).
    pub fn ssh_args_via(&self, key: &Path, port: u16) -> Vec<String> {
        let mut a: Vec<String> = vec!["-F".into(), "/dev/null".into()];
        for o in [
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "BatchMode=yes",
            "IdentitiesOnly=yes",
            "IdentityAgent=none",
            "LogLevel=ERROR",
            "ConnectTimeout=20",
        ] {
            a.push("-o".into());
            a.push(o.into());
        }
        a.extend([
            "-p".into(),
            port.to_string(),
            "-i".into(),
            key.display().to_string(),
            "-l".into(),
            login(),
            "127.0.0.1".into(),
        ]);
        a
    }

    /// Runs `ssh [extra…] host [remote…]` with no terminal and returns its output.
    pub fn ssh(&self, key: &Path, extra: &[&str], remote: &[&str]) -> Output {
        let mut args = self.ssh_args(key);
        let host = args.pop().unwrap();
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(host);
        args.extend(remote.iter().map(|s| s.to_string()));
        Command::new("ssh")
            .args(&args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// The log of this lab's dutydesk processes (`$XDG_STATE_HOME/dutydesk`).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("xdg-state/dutydesk/dutydesk.log")).unwrap_or_default()
    }

    /// Process ids of this lab's consoles still running as `user` (found by their
    /// command line, which names this lab's config file).
    pub fn consoles(&self, user: &str) -> Vec<u32> {
        let config = self.path_str("config.toml");
        let mut pids = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            let args: Vec<String> = raw
                .split(|b| *b == 0)
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            let has = |a: &str, b: &str| args.windows(2).any(|w| w[0] == a && w[1] == b);
            if args.iter().any(|a| a.ends_with("/dutydesk"))
                && has("--config", &config)
                && has("--user", user)
                && !args.iter().any(|a| a == "ssh" || a == "authorize")
            {
                pids.push(pid);
            }
        }
        pids
    }

    /// An interactive `ssh -tt` session in its own tmux server, `w`x`h`.
    pub fn session(&self, name: &str, key: &Path, w: u16, h: u16) -> Tmux {
        self.session_asking(name, key, w, h, &[])
    }

    /// The same, with the client asking to run `remote` instead of a login session.
    pub fn session_asking(&self, name: &str, key: &Path, w: u16, h: u16, remote: &[&str]) -> Tmux {
        let socket = self.path(&format!("tmux-{name}.sock"));
        let words: Vec<String> = std::iter::once("ssh".to_string())
            .chain(std::iter::once("-tt".to_string()))
            .chain(self.ssh_args(key))
            .chain(remote.iter().map(|r| r.to_string()))
            .map(|w| {
                assert!(!w.contains(['\'', '"', '$', '\\', ' ']), "unquotable: {w}");
                w
            })
            .collect();
        let cmd = format!("{}; echo SSH-EXIT=$?; sleep 600", words.join(" "));
        Tmux {
            term: tmux_harness::Tmux::at(&socket, w, h, &cmd),
            sshd_log: self.path("sshd.log"),
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        // SIGTERM first so sshd removes its pid file; SIGKILL if it lingers.
        unsafe {
            libc::kill(self.sshd.id() as i32, libc::SIGTERM);
        }
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.sshd.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.sshd.kill();
        let _ = self.sshd.wait();
    }
}

/// One tmux server (its own socket in the lab's directory) with one window running
/// an ssh client; killed when dropped.
pub struct Tmux {
    term: tmux_harness::Tmux,
    sshd_log: PathBuf,
}

impl std::ops::Deref for Tmux {
    type Target = tmux_harness::Tmux;
    fn deref(&self) -> &tmux_harness::Tmux {
        &self.term
    }
}

impl Tmux {
    /// Waits (generously: a cold start over ssh on a busy machine) for `text`.
    pub fn expect(&self, text: &str) -> String {
        self.wait_until(Duration::from_secs(20), |s| s.contains(text))
            .unwrap_or_else(|screen| {
                let log = std::fs::read_to_string(&self.sshd_log).unwrap_or_default();
                panic!("{text:?} never appeared; screen:\n{screen}\nsshd log:\n{log}")
            })
    }
}
