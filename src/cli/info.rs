//! `dutydesk info`: where things are and what the database holds.

use super::Session;
use crate::error::DeskResult;
use std::process::ExitCode;

pub fn run(session: &Session) -> DeskResult<ExitCode> {
    let desk = session.open_existing_desk()?;
    let counts = desk.counts()?;
    let t = |k: &str| session.tr(k).to_string();
    let rows = [
        (t("info.config"), session.loaded.source.describe()),
        (t("info.database"), session.db_path.display().to_string()),
        (
            t("info.log"),
            crate::logging::log_path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "-".into()),
        ),
        (t("info.schema"), desk.store.schema_version()?.to_string()),
        (t("info.people"), counts.people.to_string()),
        (t("info.visitors"), counts.visitors.to_string()),
        (t("info.entries"), counts.entries.to_string()),
        (t("info.audit"), counts.audit.to_string()),
        (
            t("info.operator"),
            format!("{} ({})", desk.actor.login, desk.actor.name),
        ),
        (t("info.role"), t(&format!("role.{}", desk.actor.role))),
        (
            t("info.mode"),
            if desk.config.users.is_none() {
                t("info.single_operator")
            } else {
                t("info.multi_operator")
            },
        ),
    ];
    let width = rows
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    for (k, v) in rows {
        println!(
            "{}  {}",
            super::table::fit(&k, width),
            crate::domain::text::sanitize(&v)
        );
    }
    Ok(ExitCode::SUCCESS)
}
