//! `dutydesk info`: where things are and what the database holds.

use super::Session;
use crate::error::DeskResult;
use std::process::ExitCode;

pub fn run(session: &Session) -> DeskResult<ExitCode> {
    let desk = session.open_existing_desk()?;
    let counts = desk.counts()?;
    let today = desk.today_counts()?;
    let t = |k: &str| session.tr(k).to_string();
    let zone_source = desk
        .zone_source()?
        .map(|s| t(&format!("info.zone_source.{}", s.as_str())))
        .unwrap_or_default();
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
        (
            t("info.zone"),
            format!("{} {zone_source}", desk.zone)
                .trim_end()
                .to_string(),
        ),
        (
            t("info.today"),
            crate::i18n::trf(
                session.lang,
                "info.today_counts",
                &[
                    ("date", desk.zone.date_of(desk.clock.now()).to_string()),
                    ("in", today.entries_in.to_string()),
                    ("out", today.entries_out.to_string()),
                    ("denied", today.denied.to_string()),
                    ("flagged", today.flagged.to_string()),
                ],
            ),
        ),
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
