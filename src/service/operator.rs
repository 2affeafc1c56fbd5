//! Who is acting: `--user NAME`, else the OS login, mapped to a role by `[users]`.

use crate::config::{ConfigSource, LoadedConfig};
use crate::domain::Role;
use crate::error::{DeskError, DeskResult};

/// The acting operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The operator name (config key or OS login): what the audit trail records.
    pub login: String,
    /// The display name from the config (the login in single-operator mode).
    pub name: String,
    pub role: Role,
}

/// The OS login name, as the operator when no `--user` is given.
pub fn os_login() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(whoami::username)
}

/// Maps the operator name to a role. With no `[users]` table the operator is `admin`
/// (single-operator mode); otherwise an unlisted name is refused, naming the file to edit.
pub fn resolve_actor(loaded: &LoadedConfig, requested: Option<&str>) -> DeskResult<Actor> {
    let login = requested.map(str::to_string).unwrap_or_else(os_login);
    let login = crate::domain::text::clean_label(&login, 64)
        .map_err(|e| DeskError::field("field.user", e.key()))?;
    match &loaded.config.users {
        None => Ok(Actor {
            name: login.clone(),
            login,
            role: Role::Admin,
        }),
        Some(users) => match users.get(&login) {
            Some(u) => Ok(Actor {
                login,
                name: u.name.clone(),
                role: u.role,
            }),
            None => {
                let file = match &loaded.source {
                    ConfigSource::File(p) => p.display().to_string(),
                    ConfigSource::BuiltIn => crate::config::EMBEDDED_NAME.to_string(),
                };
                Err(DeskError::refused("operator.unknown")
                    .arg("user", login)
                    .arg("path", file))
            }
        },
    }
}
