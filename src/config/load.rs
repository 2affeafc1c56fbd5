//! Finding and reading the configuration: `--config` > `DUTYDESK_CONFIG` > the XDG
//! config file > the embedded default; and the database path: `--db` > `DUTYDESK_DB`
//! > `[database] path` > the XDG data directory.

use super::{Config, EMBEDDED};
use crate::error::{DeskError, DeskResult};
use std::path::{Path, PathBuf};

/// Where the configuration came from, for messages and `dutydesk info`.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigSource {
    File(PathBuf),
    BuiltIn,
}

impl ConfigSource {
    pub fn describe(&self) -> String {
        match self {
            ConfigSource::File(p) => p.display().to_string(),
            ConfigSource::BuiltIn => "(built-in default)".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub config: Config,
    pub source: ConfigSource,
}

/// The XDG location (`$XDG_CONFIG_HOME/dutydesk/config.toml`).
pub fn xdg_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("dutydesk").join("config.toml"))
}

/// Resolves and reads the configuration. An explicitly named file that is missing is
/// an error; a missing XDG file just means the built-in default.
pub fn resolve_config(
    cli: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> DeskResult<LoadedConfig> {
    let explicit = cli.map(Path::to_path_buf).or_else(|| {
        env("DUTYDESK_CONFIG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let path = match explicit {
        Some(p) => {
            if !p.is_file() {
                return Err(DeskError::invalid("config.not_found").arg("path", p.display()));
            }
            p
        }
        None => match xdg_config_path().filter(|p| p.is_file()) {
            Some(p) => p,
            None => {
                let config = parse(EMBEDDED, Path::new("config.toml (built-in)"))?;
                return Ok(LoadedConfig {
                    config,
                    source: ConfigSource::BuiltIn,
                });
            }
        },
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        DeskError::invalid("config.unreadable")
            .arg("path", path.display())
            .arg("detail", e)
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| DeskError::invalid("config.not_utf8").arg("path", path.display()))?;
    let config = parse(&text, &path)?;
    Ok(LoadedConfig {
        config,
        source: ConfigSource::File(path),
    })
}

/// Parses and validates configuration text; errors name the file, line and column.
pub fn parse(text: &str, path: &Path) -> DeskResult<Config> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        if let Some(value) = e.message().trim().strip_prefix(super::TENTHS_ERROR) {
            // The key is what the value's line assigns to.
            let key = text
                .lines()
                .nth(line - 1)
                .and_then(|l| l.split('=').next())
                .map(str::trim)
                .unwrap_or_default();
            return DeskError::invalid("config.tenths")
                .arg("path", path.display())
                .arg("line", line)
                .arg("key", crate::domain::text::sanitize(key))
                .arg("value", value);
        }
        DeskError::invalid("config.syntax")
            .arg("path", path.display())
            .arg("line", line)
            .arg("column", column)
            .arg("detail", e.message().trim())
    })?;
    config.validate().map_err(|(key, problem)| {
        match key_line(text, &key).or_else(|| table_line(text, &key)) {
            Some(line) => DeskError::invalid("config.invalid_at")
                .arg("path", path.display())
                .arg("line", line)
                .arg("key", key)
                .arg("problem", problem),
            None => DeskError::invalid("config.invalid")
                .arg("path", path.display())
                .arg("key", key)
                .arg("problem", problem),
        }
    })?;
    Ok(config)
}

/// The 1-based line of a validation key of the form `table.array[N].field` (the N-th
/// `[[table.array]]` and the `field =` line inside it, else its header), so a problem
/// in the fifth of many similar tables is found at once. `None` for other keys.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let (array, rest) = key.split_once('[')?;
    let (index, field) = rest.split_once("].")?;
    let index: usize = index.parse().ok()?;
    let header = format!("[[{array}]]");
    let mut seen = 0;
    let mut in_table = false;
    let mut header_line = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            if in_table {
                break;
            }
            if t.split('#').next().map(str::trim) == Some(header.as_str()) {
                seen += 1;
                if seen == index {
                    in_table = true;
                    header_line = Some(i + 1);
                }
            }
            continue;
        }
        if in_table
            && let Some((name, _)) = t.split_once('=')
            && name.trim() == field
        {
            return Some(i + 1);
        }
    }
    header_line
}

/// The 1-based line of the `[users.NAME]` table a `users.NAME…` problem is about, so
/// the message points at the operator to fix. Other keys are named without a line.
fn table_line(text: &str, key: &str) -> Option<usize> {
    let rest = key.strip_prefix("users.")?;
    let name = rest.split('.').next()?;
    text.lines()
        .position(|l| {
            let l = l.trim();
            l == format!("[users.{name}]") || l == format!("[users.\"{name}\"]")
        })
        .map(|i| i + 1)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// The database path in force.
pub fn resolve_db_path(
    cli: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
    config: &Config,
) -> PathBuf {
    cli.map(Path::to_path_buf)
        .or_else(|| {
            env("DUTYDESK_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| config.database.path.clone())
        .unwrap_or_else(default_db_path)
}

/// `$XDG_DATA_HOME/dutydesk/dutydesk.db`, or `./dutydesk.db` where no home is known.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("dutydesk").join("dutydesk.db"))
        .unwrap_or_else(|| PathBuf::from("dutydesk.db"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let err = parse(
            "[site]\nname = \"x\"\nfever = = 3\n",
            Path::new("/etc/dd.toml"),
        )
        .unwrap_err();
        assert_eq!(err.key, "config.syntax");
        assert_eq!(err.get("path"), Some("/etc/dd.toml"));
        assert_eq!(err.get("line"), Some("3"));
    }

    #[test]
    fn unknown_keys_are_refused_with_their_position() {
        let err = parse("[screening]\nfever_treshold = 37.5\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(err.get("line"), Some("2"));
        assert!(err.render(crate::i18n::Lang::En).contains("fever_treshold"));
    }

    #[test]
    fn a_problem_in_one_of_many_tables_names_its_line() {
        let text = "[[plans]]\nkey = \"a\"\nlabel = \"甲\"\nlabel_en = \"A\"\nsteps = [\"一\"]\nsteps_en = [\"one\"]\n\n[[incidents.kinds]]\nkey = \"x\"\nlabel = \"乙\"\nlabel_en = \"X\"\nlevel = \"一般\"\nlevel_en = \"Ordinary\"\nfirst_report_minutes = 60\nreport_to = [\"县疾控中心\"]\nprogress_every_hours = 24\nplan = \"nope\"\n";
        let err = parse(text, Path::new("c.toml")).unwrap_err();
        assert_eq!(err.key, "config.invalid_at");
        assert_eq!(err.get("line"), Some("17"));
        assert_eq!(err.get("key"), Some("incidents.kinds[1].plan"));
        assert!(
            err.render(crate::i18n::Lang::En).contains("line 17"),
            "{}",
            err.render(crate::i18n::Lang::En)
        );
        assert_eq!(key_line(text, "plans[1].steps_en"), Some(6));
        assert_eq!(key_line(text, "plans[1].missing"), Some(1));
        assert_eq!(key_line(text, "plans[2].key"), None);
    }

    proptest::proptest! {
        /// Any key and any text: a line inside the text, or none; never a panic.
        #[test]
        fn key_line_never_points_outside_the_text(
            text in "(\\[\\[a\\.b\\]\\]\n|x = 1\n|[a-z\\[\\]. =]{0,12}\n){0,12}",
            key in "[a-z.\\[\\]0-9]{0,16}",
        ) {
            if let Some(line) = key_line(&text, &key) {
                proptest::prop_assert!(line >= 1 && line <= text.lines().count());
            }
        }
    }

    #[test]
    fn flag_beats_environment_beats_file() {
        let c = Config {
            database: super::super::DatabaseConfig {
                path: Some("/from/file.db".into()),
            },
            ..Config::default()
        };
        let env = |k: &str| (k == "DUTYDESK_DB").then(|| "/from/env.db".to_string());
        assert_eq!(
            resolve_db_path(Some(Path::new("/from/flag.db")), &env, &c),
            PathBuf::from("/from/flag.db")
        );
        assert_eq!(
            resolve_db_path(None, &env, &c),
            PathBuf::from("/from/env.db")
        );
        assert_eq!(
            resolve_db_path(None, &no_env, &c),
            PathBuf::from("/from/file.db")
        );
    }

    #[test]
    fn a_department_head_without_departments_is_refused_at_its_line() {
        let text =
            "[site]\nname = \"x\"\n\n[users.zhou]\nname = \"周建国\"\nrole = \"dept_head\"\n";
        let err = parse(text, Path::new("c.toml")).unwrap_err();
        assert_eq!(err.key, "config.invalid_at");
        assert_eq!(err.get("line"), Some("4"));
        assert_eq!(err.get("key"), Some("users.zhou.departments"));
        let en = err.render(crate::i18n::Lang::En);
        assert!(
            en.contains("c.toml, line 4") && en.contains("department"),
            "{en}"
        );
        let officer =
            "[users.zhao]\nname = \"赵敏\"\nrole = \"officer\"\ndepartments = [\"机电系\"]\n";
        let err = parse(officer, Path::new("c.toml")).unwrap_err();
        assert_eq!(err.get("line"), Some("1"));
        assert_eq!(err.get("problem"), Some("config.departments_role"));
        let head =
            "[users.zhou]\nname = \"周建国\"\nrole = \"dept_head\"\ndepartments = [\"机电系\"]\n";
        let c = parse(head, Path::new("c.toml")).unwrap();
        assert_eq!(c.users.unwrap()["zhou"].departments, ["机电系"]);
    }

    #[test]
    fn a_named_config_file_that_is_missing_is_an_error() {
        let err = resolve_config(Some(Path::new("/nonexistent/dd.toml")), &no_env).unwrap_err();
        assert_eq!(err.key, "config.not_found");
    }
}
