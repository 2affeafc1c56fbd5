//! What every command needs: the resolved config, database path, language and operator.

use super::{Cli, LangArg};
use crate::clock::{Clock, SystemClock};
use crate::config::{LoadedConfig, resolve_config, resolve_db_path};
use crate::error::DeskResult;
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
        let loaded = resolve_config(cli.config.as_deref(), &env)?;
        let db_path = resolve_db_path(cli.db.as_deref(), &env, &loaded.config);
        let lang = choose_lang(cli.lang, &loaded.config.console.lang);
        Ok(Session {
            loaded,
            db_path,
            lang,
            user: cli.user.clone(),
        })
    }

    /// Resolves the operator, opens the database and hands back the desk.
    pub fn open_desk(&self) -> DeskResult<Desk> {
        let actor = resolve_actor(&self.loaded, self.user.as_deref())?;
        let store = Store::open(&self.db_path)?;
        let desk = Desk::new(store, Arc::new(self.loaded.config.clone()), actor, clock());
        desk.use_audit_key()?;
        Ok(desk)
    }

    pub fn tr<'a>(&self, key: &'a str) -> &'a str {
        crate::i18n::tr(self.lang, key)
    }
}
