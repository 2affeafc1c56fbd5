//! Configuration and global options: where the config and the database are found,
//! invalid files, operators and roles, language, exit statuses.

mod common;

use common::{CONFIG, Env};
use std::path::Path;

/// `dutydesk info` as (label, value) pairs.
fn info(out: &str) -> Vec<(String, String)> {
    out.lines()
        .map(|l| {
            let (k, v) = l.split_once("  ").unwrap_or((l, ""));
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

fn field(out: &str, label: &str) -> String {
    info(out)
        .into_iter()
        .find(|(k, _)| k == label)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no {label} in {out}"))
}

fn run_ok(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn config_file_precedence_flag_env_xdg_builtin() {
    let env = Env::new();
    env.init_db();
    let db = env.db.to_str().unwrap();
    // Nothing anywhere: the built-in default.
    let out = run_ok(env.bare().args(["--db", db, "info"]));
    assert_eq!(field(&out, "config"), "(built-in default)");
    // The XDG file.
    let xdg = env.path("xdg-config/dutydesk/config.toml");
    write(&xdg, CONFIG);
    let out = run_ok(env.bare().args(["--db", db, "info"]));
    assert_eq!(field(&out, "config"), xdg.display().to_string());
    // DUTYDESK_CONFIG beats it.
    let from_env = env.path("env.toml");
    write(&from_env, CONFIG);
    let out = run_ok(
        env.bare()
            .env("DUTYDESK_CONFIG", &from_env)
            .args(["--db", db, "info"]),
    );
    assert_eq!(field(&out, "config"), from_env.display().to_string());
    // --config beats both.
    let out = run_ok(
        env.bare()
            .env("DUTYDESK_CONFIG", &from_env)
            .args(["--db", db, "--config"])
            .arg(&env.config)
            .arg("info"),
    );
    assert_eq!(field(&out, "config"), env.config.display().to_string());
}

#[test]
fn the_chosen_config_is_the_one_that_applies() {
    let env = Env::new();
    let xdg = env.path("xdg-config/dutydesk/config.toml");
    write(&xdg, "[[gates]]\nname = \"XDG门\"\n");
    let from_env = env.path("env.toml");
    write(&from_env, "[[gates]]\nname = \"ENV门\"\n");
    env.import(common::ROSTER);
    let add = |gate: &str| {
        let mut c = env.bare();
        c.env("DUTYDESK_CONFIG", &from_env).args([
            "--db",
            env.db.to_str().unwrap(),
            "entry",
            "add",
            "--code",
            "none",
            "--no-venue-scan",
            "--gate",
            gate,
            "--direction",
            "in",
            "--temp",
            "36.5",
            "--person",
            "S1",
        ]);
        c.output().unwrap().status.code()
    };
    assert_eq!(add("ENV门"), Some(0));
    assert_eq!(add("XDG门"), Some(1));
}

#[test]
fn a_named_config_file_that_does_not_exist_is_an_error() {
    let env = Env::new();
    let out = env
        .bare()
        .args(["--config", "/nonexistent/dutydesk.toml", "info"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/dutydesk.toml"));
}

#[test]
fn database_path_precedence_flag_env_config_default() {
    let env = Env::new();
    let cfg_db = env.path("cfg.db");
    env.set_config(&format!(
        "{CONFIG}\n[database]\npath = \"{}\"\n",
        cfg_db.display()
    ));
    let config = env.config.to_str().unwrap();
    let env_db = env.path("env.db");
    let flag_db = env.path("flag.db");
    // `info` only reads: on a database that does not exist it names the path it
    // chose, exits 1, and creates nothing (neither the file nor its directory).
    let db_of = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let path = err
            .strip_prefix("error: database ")
            .and_then(|rest| rest.split(" does not exist").next())
            .unwrap_or_else(|| panic!("names the missing database: {err}"));
        path.to_string()
    };
    assert_eq!(
        db_of(env.bare().args(["--config", config, "info"])),
        cfg_db.display().to_string()
    );
    assert_eq!(
        db_of(
            env.bare()
                .env("DUTYDESK_DB", &env_db)
                .args(["--config", config, "info"])
        ),
        env_db.display().to_string()
    );
    assert_eq!(
        db_of(
            env.bare()
                .env("DUTYDESK_DB", &env_db)
                .args(["--config", config, "--db"])
                .arg(&flag_db)
                .arg("info")
        ),
        flag_db.display().to_string()
    );
    // Nothing configured: the XDG data directory.
    let default = env.path("xdg-data/dutydesk/dutydesk.db");
    assert_eq!(db_of(env.bare().arg("info")), default.display().to_string());
    for db in [&cfg_db, &env_db, &flag_db, &default] {
        assert!(!db.exists(), "{} was not created", db.display());
    }
    assert!(!env.path("xdg-data/dutydesk").exists(), "nor its directory");
    // A write command creates the file it chose.
    let roster = env.path("roster.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    run_ok(
        env.bare()
            .env("DUTYDESK_DB", &env_db)
            .args(["--config", config, "people", "import"])
            .arg(&roster),
    );
    assert!(env_db.exists());
    let out = run_ok(
        env.bare()
            .env("DUTYDESK_DB", &env_db)
            .args(["--config", config, "info"]),
    );
    assert_eq!(field(&out, "database"), env_db.display().to_string());
}

#[test]
fn a_config_syntax_error_names_file_line_and_column_and_writes_nothing() {
    let env = Env::new();
    env.set_config("[site]\nname = \"测试学院\"\n\n[screening]\nfever_threshold = = 37.3\n");
    let err = env.fails(&["info"]);
    assert!(err.contains(&env.config.display().to_string()), "{err}");
    assert!(err.contains("line 5, column 19"), "{err}");
    assert!(!env.db.exists(), "no database was created");
    let err = env.fails(&["--lang", "zh", "entry", "list"]);
    assert!(err.contains("第 5 行第 19 列"), "{err}");
}

#[test]
fn a_misspelt_key_and_a_bad_value_are_named() {
    let env = Env::new();
    env.set_config("[screening]\nfever_treshold = 37.5\n");
    let err = env.fails(&["info"]);
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("fever_treshold"), "{err}");
    env.set_config("[screening]\nfever_threshold = 45.0\n");
    let err = env.fails(&["info"]);
    assert!(err.contains("screening.fever_threshold"), "{err}");
    env.set_config("[users.li]\nname = \"李玉德\"\nrole = \"boss\"\n");
    let err = env.fails(&["info"]);
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn without_users_the_os_login_acts_as_admin() {
    let env = Env::new();
    env.init_db();
    let out = env.ok(&["info"]);
    assert_eq!(field(&out, "operator"), "tester (tester)");
    assert_eq!(field(&out, "role"), "administrator");
    assert!(field(&out, "mode").starts_with("single-operator"));
    // --user names the operator, still admin.
    let out = env.ok(&["--user", "zhou", "info"]);
    assert_eq!(field(&out, "operator"), "zhou (zhou)");
    assert_eq!(field(&out, "role"), "administrator");
    // And may do everything, roster import included.
    env.import(common::ROSTER);
}

#[test]
fn with_users_an_unlisted_operator_is_refused_naming_the_config_file() {
    let env = Env::with_config(&common::users_config());
    let before = env.counts();
    // The OS login "tester" is not listed.
    let err = env.fails(&["entry", "list"]);
    assert!(err.contains("operator \"tester\" is not listed"), "{err}");
    assert!(err.contains(&env.config.display().to_string()), "{err}");
    assert!(err.contains("[users.tester]"), "{err}");
    let err = env.fails(&[
        "--user",
        "nobody",
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        "S1",
    ]);
    assert!(err.contains("\"nobody\""), "{err}");
    assert_eq!(env.counts(), before);
    let err = env.fails(&["--lang", "zh", "--user", "nobody", "info"]);
    assert!(err.contains("未在配置中登记"), "{err}");
}

#[test]
fn the_operator_comes_from_user_before_the_subcommand() {
    let env = Env::with_config(&common::users_config());
    env.init_db();
    let out = env.ok(&["--user", "li", "info"]);
    assert_eq!(field(&out, "operator"), "li (李玉德)");
    assert_eq!(field(&out, "role"), "duty leader");
    assert!(field(&out, "mode").starts_with("multi-operator"));
    // The form an SSH forced command uses.
    let out = env.ok(&["--user", "li", "entry", "list"]);
    assert!(out.contains("(no records)"), "{out}");
    // Global options are accepted after the subcommand as well.
    env.ok(&["entry", "list", "--user", "sun"]);
}

#[test]
fn refused_actions_name_the_needed_role_and_write_nothing() {
    let env = Env::with_config(&common::users_config());
    let roster = env.path("r.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    env.ok(&[
        "--user",
        "admin",
        "people",
        "import",
        roster.to_str().unwrap(),
    ]);
    let add = [
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
        "--person",
        "S1",
    ];
    let before = env.counts();
    let mut args = vec!["--user", "sun"];
    args.extend(add);
    let err = env.fails(&args);
    assert!(err.contains("not allowed to register entries"), "{err}");
    assert!(err.contains("your role is supervisor"), "{err}");
    assert!(
        err.contains("needs one of: guard, officer, leader, admin"),
        "{err}"
    );
    assert_eq!(env.counts(), before);
    let mut args = vec!["--lang", "zh", "--user", "sun"];
    args.extend(add);
    let err = env.fails(&args);
    assert!(err.contains("无权登记出入"), "{err}");
    for user in ["wang", "zhao", "li", "admin"] {
        let mut args = vec!["--user", user];
        args.extend(add);
        env.ok(&args);
    }
    assert_eq!(env.counts().entries, before.entries + 4);
    let operators: Vec<String> = env
        .conn()
        .prepare("SELECT operator FROM audit WHERE action = 'entry.add' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        operators,
        ["wang", "zhao", "li", "admin"],
        "every write is attributed"
    );
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    for args in [
        vec!["bogus"],
        vec!["entry", "list", "--bogus"],
        vec!["entry", "list", "--format", "xml"],
        vec!["entry", "list", "--limit", "many"],
        vec!["--lang", "fr", "info"],
        vec![
            "entry",
            "add",
            "--code",
            "none",
            "--no-venue-scan",
            "--direction",
            "in",
            "--temp",
            "36.5",
            "--person",
            "S1",
        ],
        vec!["entry"],
        vec!["people", "import"],
    ] {
        let out = env.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    assert!(!env.db.exists(), "a usage error opens no database");
    let out = env.cmd().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ingest"));
}

#[test]
fn the_language_follows_flag_then_config_then_locale() {
    let env = Env::new();
    env.init_db();
    let header = |cmd: &mut assert_cmd::Command| run_ok(cmd).lines().next().unwrap().to_string();
    assert!(header(env.cmd().args(["entry", "list"])).contains("NAME"));
    assert!(header(env.cmd().env("LANG", "zh_CN.UTF-8").args(["entry", "list"])).contains("姓名"));
    assert!(header(env.cmd().args(["--lang", "zh", "entry", "list"])).contains("姓名"));
    env.set_config(&format!("{CONFIG}\n[console]\nlang = \"en\"\n"));
    assert!(header(env.cmd().env("LANG", "zh_CN.UTF-8").args(["entry", "list"])).contains("NAME"));
    assert!(header(env.cmd().args(["--lang", "zh", "entry", "list"])).contains("姓名"));
}

#[test]
fn a_global_option_given_twice_is_a_usage_error_wherever_it_appears() {
    let env = Env::with_config(&common::users_config());
    let roster = env.path("roster.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    env.ok(&[
        "--user",
        "admin",
        "people",
        "import",
        roster.to_str().unwrap(),
    ]);
    let before = env.counts();
    let add = [
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        "S1",
    ];
    let other_db = env.path("other.db");
    let other_config = env.path("other.toml");
    for (name, extra) in [
        ("--user", vec!["--user", "zhou"]),
        ("--user", vec!["--user=zhou"]),
        ("--db", vec!["--db", other_db.to_str().unwrap()]),
        ("--config", vec!["--config", other_config.to_str().unwrap()]),
        ("--lang", vec!["--lang", "zh"]),
    ] {
        // The first occurrence before the subcommand, the second after its arguments.
        let out = env
            .cmd()
            .args(["--user", "zhao", "--lang", "en"])
            .args(add)
            .args(&extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("'{name}'")),
            "names the option: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    // Twice between subcommand words as well.
    let out = env
        .cmd()
        .args(["entry", "--user", "zhao", "list", "--user", "li"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.counts(), before, "nothing was written");
    assert!(!other_db.exists(), "the second --db was not opened");
}

#[test]
fn a_temperature_with_more_than_one_decimal_is_refused_naming_file_line_and_key() {
    let env = Env::new();
    for (text, line, key, value) in [
        (
            "[site]\nname = \"测试学院\"\n\n[screening]\nfever_threshold = 37.35\n",
            5,
            "fever_threshold",
            "37.35",
        ),
        (
            "[screening]\nfever_threshold = 37.3\nvalid_range = [34.05, 43.0]\n",
            3,
            "valid_range",
            "34.05",
        ),
        (
            "[screening]\nvalid_range = [34.0, 42.99]\n",
            2,
            "valid_range",
            "42.99",
        ),
    ] {
        env.set_config(text);
        let err = env.fails(&["info"]);
        assert!(err.contains(&env.config.display().to_string()), "{err}");
        assert!(err.contains(&format!("line {line}:")), "{err}");
        assert!(err.contains(&format!("{key} = {value}")), "{err}");
        assert!(err.contains("more than one decimal"), "{err}");
        let err = env.fails(&["--lang", "zh", "info"]);
        assert!(err.contains(&format!("第 {line} 行")), "{err}");
    }
    assert!(!env.db.exists(), "no database was created");
    // One decimal, or none, is a temperature.
    for ok in [
        "fever_threshold = 37.3",
        "fever_threshold = 38",
        "fever_threshold = 37.30",
    ] {
        env.set_config(&format!("[screening]\n{ok}\n"));
        let out = env.cmd().arg("info").output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("decimal"), "{ok}: {err}");
    }
}

#[test]
fn an_empty_gate_list_is_refused_naming_the_key() {
    let env = Env::new();
    env.set_config("gates = []\n");
    let err = env.fails(&["info"]);
    assert!(err.contains(&env.config.display().to_string()), "{err}");
    assert!(err.contains("gates: at least one gate is needed"), "{err}");
    let err = env.fails(&["--lang", "zh", "info"]);
    assert!(err.contains("至少需要一个校门"), "{err}");
}
