//! What every command needs: the resolved config, database path, language and operator.

use super::{Cli, LangArg};
use crate::clock::{Clock, SystemClock};
use crate::config::{LoadedConfig, resolve_config, resolve_db_path};
use crate::domain::role::Permission;
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::service::Desk;
use crate::service::operator::resolve_actor;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Session {
    pub loaded: LoadedConfig,
    pub db_path: PathBuf,
    pub lang: Lang,
    pub user: Option<String>,
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok()
}

/// The language before the config is known (for config errors themselves).
pub fn early_lang(cli: &Cli) -> Lang {
    match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env_vars(env),
    }
}

/// `--lang` > `[console] lang` > LC_ALL / LC_MESSAGES / LANG.
pub fn choose_lang(cli: Option<LangArg>, configured: &str) -> Lang {
    match cli {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::parse(configured).unwrap_or_else(|| Lang::from_env_vars(env)),
    }
}

/// The clock: the system clock, except that test builds may pin it with
/// `DUTYDESK_NOW` (RFC 3339). Release builds ignore the variable, so nobody can
/// backdate a record in production.
pub fn clock() -> Arc<dyn Clock> {
    #[cfg(debug_assertions)]
    if let Some(t) = env("DUTYDESK_NOW").and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
    {
        return Arc::new(crate::clock::FixedClock::new(t.with_timezone(&chrono::Utc)));
    }
    Arc::new(SystemClock)
}

impl Session {
    pub fn resolve(cli: &Cli) -> DeskResult<Session> {
        // An SSH forced command names both files; the session's environment (which a
        // client may carry with SendEnv, or a shell profile may set) chooses neither.
        if cli.ssh_forced && (cli.db.is_none() || cli.config.is_none()) {
            return Err(DeskError::invalid("ssh.forced_needs_paths"));
        }
        let path_env = |k: &str| match k {
            "DUTYDESK_DB" | "DUTYDESK_CONFIG" if cli.ssh_forced => None,
            _ => env(k),
        };
        let loaded = resolve_config(cli.config.as_deref(), &path_env)?;
        let db_path = resolve_db_path(cli.db.as_deref(), &path_env, &loaded.config);
        let lang = choose_lang(cli.lang, &loaded.config.console.lang);
        Ok(Session {
            loaded,
            db_path,
            lang,
            user: cli.user.clone(),
        })
    }

    /// Resolves the operator, opens the database (creating it when missing) and hands
    /// back the desk. For commands that write and for the console.
    pub fn open_desk(&self) -> DeskResult<Desk> {
        self.desk_on(Store::open)
    }

    /// The same for commands that only read (lists, show, status, verify, info, export):
    /// a database that does not exist is an error naming the path, and nothing is
    /// created, so a mistyped `--db` does not leave an empty desk behind.
    pub fn open_existing_desk(&self) -> DeskResult<Desk> {
        self.desk_on(Store::open_existing)
    }

    /// Whether the operator this command acts as holds `permission` (before any
    /// database is opened).
    pub fn actor_may(&self, permission: Permission) -> DeskResult<bool> {
        Ok(resolve_actor(&self.loaded, self.user.as_deref())?
            .role
            .allows(permission))
    }

    fn desk_on(&self, open: fn(&std::path::Path) -> DeskResult<Store>) -> DeskResult<Desk> {
        let actor = resolve_actor(&self.loaded, self.user.as_deref())?;
        // A bad key file is refused before the database is opened (or created).
        crate::service::audit::configured_key(&self.loaded.config)?;
        let store = open(&self.db_path)?;
        Desk::new(store, Arc::new(self.loaded.config.clone()), actor, clock())
    }

    /// Opens a file named on the command line for reading (an import). The database
    /// itself is refused before it is opened: a plain descriptor of the database file,
    /// closed while this process holds SQLite connections, would drop their locks.
    pub fn input_file(&self, path: &std::path::Path) -> DeskResult<std::fs::File> {
        if same_file(path, &self.db_path) {
            return Err(DeskError::invalid("import.is_database").arg("path", path.display()));
        }
        std::fs::File::open(path).map_err(|e| {
            DeskError::invalid("file.unreadable")
                .arg("path", path.display())
                .arg("detail", e)
        })
    }

    pub fn tr<'a>(&self, key: &'a str) -> &'a str {
        crate::i18n::tr(self.lang, key)
    }
}

/// Whether two paths name the same file (device and inode), by metadata only.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}
