//! `dutydesk ssh authorize`: the authorized_keys line binding a key to an operator,
//! and the refusals an administrator meets (unknown operator, single-operator mode,
//! a private key, a bad key file, a path that cannot be quoted). Keys are made by
//! `ssh-keygen` (OpenSSH is installed wherever these tests run, see `.ci/run`), and the
//! lines printed are read back by `ssh-keygen -l`, which parses them as sshd does.

mod common_ssh {
    use assert_cmd::Command;
    use std::path::{Path, PathBuf};
    use tempfile::TempDir;

    pub const USERS: &str = r#"
[users.li]
name = "李玉德"
role = "leader"

[users.sun]
name = "孙督查"
role = "supervisor"

[users.gate1]
name = "东门岗亭"
role = "guard"
"#;

    pub struct Out {
        pub code: i32,
        pub stdout: String,
        pub stderr: String,
    }

    impl Out {
        pub fn ok(self) -> Self {
            assert_eq!(
                self.code, 0,
                "stdout: {}\nstderr: {}",
                self.stdout, self.stderr
            );
            self
        }

        pub fn fails(self, code: i32, texts: &[&str]) -> Self {
            assert_eq!(
                self.code, code,
                "stdout: {}\nstderr: {}",
                self.stdout, self.stderr
            );
            assert!(self.stdout.is_empty(), "nothing on stdout: {}", self.stdout);
            for t in texts {
                assert!(
                    self.stderr.contains(t),
                    "expected {t:?} in stderr: {}",
                    self.stderr
                );
            }
            self
        }
    }

    pub struct Dir {
        pub dir: TempDir,
    }

    impl Dir {
        pub fn new() -> Dir {
            Dir {
                dir: tempfile::tempdir().unwrap(),
            }
        }

        pub fn path(&self) -> &Path {
            self.dir.path()
        }

        pub fn write(&self, name: &str, text: &str) -> PathBuf {
            let p = self.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        }

        /// A fresh key pair from ssh-keygen; returns the public key file.
        pub fn keygen(&self, name: &str, args: &[&str]) -> PathBuf {
            let key = self.path().join(name);
            let status = std::process::Command::new("ssh-keygen")
                .args(["-q", "-N", "", "-C", &format!("{name}@laptop"), "-f"])
                .arg(&key)
                .args(args)
                .status()
                .expect("ssh-keygen (openssh-client) is installed");
            assert!(status.success());
            key.with_extension("pub")
        }

        /// Runs dutydesk in this directory with the given arguments and nothing of
        /// the real environment but PATH.
        pub fn run(&self, lang: &str, args: &[&str]) -> Out {
            self.run_stdin(lang, args, "")
        }

        /// `dutydesk --config CONFIG ssh authorize --user USER --key KEY`.
        pub fn authorize(&self, lang: &str, config: &Path, user: &str, key: &Path) -> Out {
            self.run(
                lang,
                &[
                    "--config",
                    config.to_str().unwrap(),
                    "ssh",
                    "authorize",
                    "--user",
                    user,
                    "--key",
                    key.to_str().unwrap(),
                ],
            )
        }

        pub fn run_stdin(&self, lang: &str, args: &[&str], stdin: &str) -> Out {
            let d = self.path();
            let out = Command::cargo_bin("dutydesk")
                .unwrap()
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("TZ", "Asia/Shanghai")
                .env("HOME", d)
                .env("XDG_CONFIG_HOME", d.join("xdg-config"))
                .env("XDG_STATE_HOME", d.join("xdg-state"))
                .env("XDG_DATA_HOME", d.join("xdg-data"))
                .current_dir(d)
                .args(["--lang", lang])
                .args(args)
                .write_stdin(stdin)
                .output()
                .unwrap();
            Out {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8(out.stdout).unwrap(),
                stderr: String::from_utf8(out.stderr).unwrap(),
            }
        }
    }

    /// The dutydesk binary under test, as the forced command must name it.
    pub fn program() -> PathBuf {
        assert_cmd::cargo::cargo_bin("dutydesk")
            .canonicalize()
            .unwrap()
    }

    /// What `ssh-keygen -l` makes of an authorized_keys file: one fingerprint line per key.
    pub fn fingerprints(file: &Path) -> String {
        let out = std::process::Command::new("ssh-keygen")
            .arg("-l")
            .arg("-f")
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "ssh-keygen -l refused {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

use common_ssh::*;

#[test]
fn prints_one_line_binding_the_key_to_the_operator_with_absolute_paths() {
    let d = Dir::new();
    std::fs::create_dir(d.path().join("etc")).unwrap();
    d.write("etc/config.toml", USERS);
    let public = d.keygen("sun", &["-t", "ed25519"]);
    let key_text = std::fs::read_to_string(&public).unwrap();
    // Relative paths on the command line; the line names them absolutely, because
    // sshd runs the command from the service account's home.
    let out = d
        .run(
            "en",
            &[
                "--config",
                "etc/../etc/config.toml",
                "--db",
                "desk.db",
                "ssh",
                "authorize",
                "--user",
                "sun",
                "--key",
                "sun.pub",
            ],
        )
        .ok();
    let root = d.path().canonicalize().unwrap();
    let expected = format!(
        "command=\"{} --ssh-forced --user sun --config {} --db {}\",restrict,pty {}",
        program().display(),
        root.join("etc/config.toml").display(),
        root.join("desk.db").display(),
        key_text.trim()
    );
    assert_eq!(out.stdout, format!("{expected}\n"));
    assert!(
        out.stderr.contains("sun (孙督查, supervisor)"),
        "{}",
        out.stderr
    );
    // Nothing is written: not even the database is created.
    assert!(!d.path().join("desk.db").exists());
    // sshd's own parser accepts it and finds the same key.
    let ak = d.write("authorized_keys", &out.stdout);
    let fp_line = fingerprints(&ak);
    let fp_key = fingerprints(&public);
    assert_eq!(fp_line, fp_key);
}

#[test]
fn accepts_every_kind_of_key_ssh_keygen_makes() {
    let d = Dir::new();
    let config = d.write("config.toml", USERS);
    let mut lines = String::new();
    for (name, args) in [
        ("k_ed25519", &["-t", "ed25519"][..]),
        ("k_rsa", &["-t", "rsa", "-b", "2048"][..]),
        ("k_p256", &["-t", "ecdsa", "-b", "256"][..]),
        ("k_p384", &["-t", "ecdsa", "-b", "384"][..]),
        ("k_p521", &["-t", "ecdsa", "-b", "521"][..]),
    ] {
        let public = d.keygen(name, args);
        let out = d
            .run(
                "en",
                &[
                    "--config",
                    config.to_str().unwrap(),
                    "--db",
                    "desk.db",
                    "ssh",
                    "authorize",
                    "--user",
                    "li",
                    "--key",
                    public.to_str().unwrap(),
                ],
            )
            .ok();
        assert!(
            out.stdout
                .contains(std::fs::read_to_string(&public).unwrap().trim()),
            "{name}: {}",
            out.stdout
        );
        lines.push_str(&out.stdout);
    }
    let ak = d.write("authorized_keys", &lines);
    assert_eq!(fingerprints(&ak).lines().count(), 5);
}

#[test]
fn reads_the_key_from_stdin_and_pins_the_database_the_config_names() {
    let d = Dir::new();
    let db = d.path().canonicalize().unwrap().join("data/duty.db");
    let config = d.write(
        "config.toml",
        &format!("[database]\npath = \"{}\"\n{USERS}", db.display()),
    );
    let public = d.keygen("gate", &["-t", "ed25519"]);
    let key_text = std::fs::read_to_string(&public).unwrap();
    let out = d
        .run_stdin(
            "en",
            &[
                "--config",
                config.to_str().unwrap(),
                "ssh",
                "authorize",
                "--user",
                "gate1",
                "--key",
                "-",
            ],
            &key_text,
        )
        .ok();
    // Pinned even when the config names it: nothing else may choose the file.
    assert!(
        out.stdout.starts_with(&format!(
            "command=\"{} --ssh-forced --user gate1 --config {} --db {}\",",
            program().display(),
            config.canonicalize().unwrap().display(),
            db.display()
        )),
        "{}",
        out.stdout
    );
}

/// The words of the forced command in an authorized_keys line (paths without spaces).
fn forced_words(line: &str) -> Vec<String> {
    let start = line.find("command=\"").unwrap() + "command=\"".len();
    let end = line.find("\",restrict").unwrap();
    line[start..end].split(' ').map(str::to_string).collect()
}

#[test]
fn a_forced_command_ignores_dutydesk_db_and_dutydesk_config_from_the_session() {
    let d = Dir::new();
    let config = d.write("config.toml", USERS);
    let pinned = d.path().canonicalize().unwrap().join("desk.db");
    dutydesk::store::Store::open(&pinned).unwrap();
    let public = d.keygen("li", &["-t", "ed25519"]);
    let line = d
        .run(
            "en",
            &[
                "--config",
                config.to_str().unwrap(),
                "--db",
                pinned.to_str().unwrap(),
                "ssh",
                "authorize",
                "--user",
                "li",
                "--key",
                public.to_str().unwrap(),
            ],
        )
        .ok()
        .stdout;
    let words = forced_words(&line);
    assert_eq!(words[1], "--ssh-forced");
    // A session that carries its own choices (SendEnv, a shell profile).
    let elsewhere = d.path().join("elsewhere.db");
    let other_config = d.write(
        "other.toml",
        "[users.li]\nname = \"冒名\"\nrole = \"admin\"\n",
    );
    let run = |words: &[String]| {
        std::process::Command::new(&words[0])
            .args(&words[1..])
            .args(["--lang", "en", "info"])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", d.path())
            .env("XDG_DATA_HOME", d.path().join("xdg-data"))
            .env("XDG_STATE_HOME", d.path().join("xdg-state"))
            .env("DUTYDESK_DB", &elsewhere)
            .env("DUTYDESK_CONFIG", &other_config)
            .output()
            .unwrap()
    };
    let out = run(&words);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("database") && l.ends_with(pinned.to_str().unwrap())),
        "{text}"
    );
    assert!(
        text.contains("李玉德"),
        "the pinned config's operator: {text}"
    );
    assert!(!elsewhere.exists());
    // A forced command that lost a path is refused, not completed from the environment.
    for dropped in ["--db", "--config"] {
        let i = words.iter().position(|w| w == dropped).unwrap();
        let mut short = words.clone();
        short.drain(i..i + 2);
        let out = run(&short);
        assert_eq!(out.status.code(), Some(1), "{short:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("needs both --db and --config"),
            "{out:?}"
        );
        assert!(!elsewhere.exists());
    }
}

#[test]
fn quotes_paths_with_spaces_and_refuses_paths_with_double_quotes() {
    let d = Dir::new();
    let config = d.write("config.toml", USERS);
    let public = d.keygen("li", &["-t", "ed25519"]);
    let base = [
        "--config",
        config.to_str().unwrap(),
        "ssh",
        "authorize",
        "--user",
        "li",
        "--key",
        public.to_str().unwrap(),
    ];
    let with_db = |db: &str| {
        let mut a = vec!["--db", db];
        a.extend_from_slice(&base);
        d.run("en", &a)
    };
    let out = with_db("duty data/it's.db").ok();
    let root = d.path().canonicalize().unwrap();
    assert!(
        out.stdout.contains(&format!(
            " --db '{}/duty data/it'\\''s.db'\",restrict,pty ",
            root.display()
        )),
        "{}",
        out.stdout
    );
    let ak = d.write("authorized_keys", &out.stdout);
    assert_eq!(fingerprints(&ak).lines().count(), 1);

    with_db("duty\"data.db").fails(1, &["database path", "duty\"data.db", "double quote"]);
    d.run("zh", &[&["--db", "a\"b.db"][..], &base[..]].concat())
        .fails(1, &["数据库路径", "双引号"]);
}

#[test]
fn refuses_an_operator_not_in_users_naming_the_config_file() {
    let d = Dir::new();
    let config = d.write("config.toml", USERS);
    let public = d.keygen("x", &["-t", "ed25519"]);
    let args = |user: &'static str| {
        vec![
            "--config".to_string(),
            config.to_str().unwrap().to_string(),
            "ssh".into(),
            "authorize".into(),
            "--user".into(),
            user.into(),
            "--key".into(),
            public.to_str().unwrap().to_string(),
        ]
    };
    let a = args("zhang");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    d.run("en", &a).fails(
        1,
        &[
            "\"zhang\" is not listed under [users]",
            config.to_str().unwrap(),
            "gate1, li, sun",
            "[users.zhang]",
        ],
    );
    d.run("zh", &a)
        .fails(1, &["操作员“zhang”未在", "[users.zhang]"]);
}

#[test]
fn refuses_single_operator_mode_saying_to_add_users_first() {
    let d = Dir::new();
    let config = d.write("config.toml", "[site]\nname = \"测试学院\"\n");
    let public = d.keygen("li", &["-t", "ed25519"]);
    let out = d.authorize("en", &config, "li", &public);
    out.fails(
        1,
        &["single-operator mode", "add users first", "[users.li]"],
    );
    // With no config file at all, the built-in default has no users either.
    d.run(
        "zh",
        &[
            "ssh",
            "authorize",
            "--user",
            "li",
            "--key",
            public.to_str().unwrap(),
        ],
    )
    .fails(1, &["单操作员模式", "请先添加用户"]);
}

#[test]
fn asks_whose_key_it_is_when_user_is_missing() {
    let d = Dir::new();
    let config = d.write("config.toml", USERS);
    let public = d.keygen("li", &["-t", "ed25519"]);
    d.run(
        "en",
        &[
            "--config",
            config.to_str().unwrap(),
            "ssh",
            "authorize",
            "--key",
            public.to_str().unwrap(),
        ],
    )
    .fails(2, &["--user NAME"]);
    d.run(
        "en",
        &[
            "--config",
            config.to_str().unwrap(),
            "ssh",
            "authorize",
            "--user",
            "li",
        ],
    )
    .fails(2, &["--key"]);
}

#[test]
fn refuses_bad_key_files_naming_the_file_and_line() {
    let d = Dir::new();
    let config = d.write("config.toml", USERS);
    let good_pub = d.keygen("li", &["-t", "ed25519"]);
    let good = std::fs::read_to_string(&good_pub).unwrap();
    let good = good.trim();
    let other = std::fs::read_to_string(d.keygen("other", &["-t", "ed25519"])).unwrap();
    let private = good_pub.with_extension("");
    let (kind, body) = {
        let mut w = good.split(' ');
        (w.next().unwrap(), w.next().unwrap())
    };
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "two.pub",
            format!("{good}\n{}", other.trim()),
            vec!["two.pub, line 2", "more than one key"],
        ),
        (
            "options.pub",
            format!("# li\ncommand=\"/bin/sh\",no-pty {good}\n"),
            vec!["options.pub, line 2", "options"],
        ),
        (
            "cut.pub",
            format!("{kind} {}\n", &body[..body.len() - 3]),
            vec!["cut.pub, line 1", "not valid base64"],
        ),
        (
            "dsa.pub",
            "ssh-dss AAAAB3NzaC1kc3MAAACBAP\n".to_string(),
            vec!["dsa.pub, line 1", "unsupported key type \"ssh-dss\""],
        ),
        (
            "swapped.pub",
            format!("ssh-rsa {body}\n"),
            vec![
                "swapped.pub, line 1",
                "says ssh-rsa but the key data holds ssh-ed25519",
            ],
        ),
        (
            "escape.pub",
            format!("{good} \u{1b}]0;owned\u{7}\n"),
            vec!["escape.pub, line 1", "control characters"],
        ),
        (
            "empty.pub",
            "\n# nothing\n".into(),
            vec!["empty.pub, line 1", "no public key"],
        ),
    ];
    for (name, text, expected) in cases {
        let file = d.write(name, &text);
        let out = d.authorize("en", &config, "li", &file);
        out.fails(1, &expected);
    }
    // The private half: refused, and not a byte of it is echoed.
    let secret = std::fs::read_to_string(&private).unwrap();
    let secret_line = secret.lines().nth(1).unwrap();
    let out = d
        .authorize("zh", &config, "li", &private)
        .fails(1, &["第 1 行", "这是私钥"]);
    assert!(!out.stderr.contains(secret_line));
    // A file that is not there.
    d.run(
        "en",
        &[
            "--config",
            config.to_str().unwrap(),
            "ssh",
            "authorize",
            "--user",
            "li",
            "--key",
            "missing.pub",
        ],
    )
    .fails(1, &["cannot read file missing.pub"]);
}
