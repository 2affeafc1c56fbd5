//! `dutydesk entry add`, `entry list` and `entry show`.

use super::{Format, Session, json, table};
use crate::clock::Zone;
use crate::domain::entry::GateEntry;
use crate::domain::text::sanitize;
use crate::domain::time::LocalInput;
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::service::entries::{EntryInput, VisitorInput, open_case_text, warning_text};
use crate::store::entries::EntryFilter;
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum EntryCommand {
    /// Register one person at a gate (screened: fever, code colour, venue scan).
    Add(AddArgs),
    /// List entries, newest first.
    List(ListArgs),
    /// One entry with everything it recorded.
    Show(ShowArgs),
    /// Void a mistaken entry: it stays, marked void, and leaves every count.
    Void(VoidArgs),
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    /// The entry's id (the ID column of `entry list`).
    id: i64,
    /// Why the entry is void (kept with it and in the audit trail).
    #[arg(long)]
    reason: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry's id (the ID column of `entry list`).
    id: i64,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// A script states the code colour and the venue scan every time: the console's
/// defaults are on screen, a script's would be invisible.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("scan").required(true).args(["venue_scan", "no_venue_scan"])))]
pub struct AddArgs {
    #[arg(long)]
    gate: String,
    /// in | out
    #[arg(long)]
    direction: String,
    /// °C: 36.5, 36.5℃, ３６．５
    #[arg(long, allow_hyphen_values = true)]
    temp: String,
    /// green | yellow | red | none (no health code shown)
    #[arg(long, required = true)]
    code: String,
    /// The venue code was scanned.
    #[arg(long)]
    venue_scan: bool,
    /// The venue code was not scanned.
    #[arg(long)]
    no_venue_scan: bool,
    /// A rostered person's id (学号/工号).
    #[arg(long, conflicts_with_all = ["visitor_name", "visitor_id", "visitor_phone", "reason", "host"])]
    person: Option<String>,
    #[arg(long)]
    visitor_name: Option<String>,
    /// The visitor's resident ID (身份证号).
    #[arg(long)]
    visitor_id: Option<String>,
    #[arg(long)]
    visitor_phone: Option<String>,
    /// Purpose of the visit.
    #[arg(long)]
    reason: Option<String>,
    /// The rostered person the visitor comes to see.
    #[arg(long)]
    host: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// From this local date or date-time (2026-11-29, 2026-11-29T08:00, 08:00,
    /// today, yesterday, 今天, 昨天, -7d).
    #[arg(long, allow_hyphen_values = true)]
    since: Option<String>,
    /// Up to this local date (inclusive) or date-time (exclusive); same words.
    #[arg(long, allow_hyphen_values = true)]
    until: Option<String>,
    /// Exactly this local day (2026-12-05, today, yesterday, 昨天, -1d).
    #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["since", "until"])]
    date: Option<String>,
    #[arg(long)]
    gate: Option<String>,
    #[arg(long)]
    person: Option<String>,
    /// Only fever-flagged entries.
    #[arg(long)]
    flagged: bool,
    /// Only refused entries.
    #[arg(long)]
    denied: bool,
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(session: &Session, cmd: EntryCommand) -> DeskResult<ExitCode> {
    match cmd {
        EntryCommand::Add(a) => add(session, a),
        EntryCommand::List(a) => list(session, a),
        EntryCommand::Show(a) => show(session, a),
        EntryCommand::Void(a) => void(session, a),
    }
}

fn void(session: &Session, a: VoidArgs) -> DeskResult<ExitCode> {
    let mut desk = session.open_desk()?;
    let e = desk.void_entry(a.id, &a.reason)?;
    let zone = desk.zone;
    print_entries(session.lang, zone, std::slice::from_ref(&e), a.format);
    if a.format == Format::Table {
        println!(
            "{}",
            crate::i18n::trf(session.lang, "entry.voided", &[("id", e.id.to_string())])
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn add(session: &Session, a: AddArgs) -> DeskResult<ExitCode> {
    let visitor = if a.person.is_none() {
        Some(VisitorInput {
            name: a.visitor_name.unwrap_or_default(),
            resident_id: a.visitor_id.unwrap_or_default(),
            phone: a.visitor_phone.unwrap_or_default(),
            reason: a.reason.unwrap_or_default(),
            host: a.host,
        })
    } else {
        None
    };
    if a.person.is_none()
        && visitor
            .as_ref()
            .is_some_and(|v| v.name.is_empty() && v.resident_id.is_empty())
    {
        return Err(DeskError::invalid("entry.person_or_visitor"));
    }
    let input = EntryInput {
        gate: a.gate,
        direction: a.direction,
        temp: a.temp,
        code: code_input(&a.code),
        venue_scan: a.venue_scan,
        person_id: a.person,
        visitor,
    };
    let mut desk = session.open_desk()?;
    let e = desk.register_entry(&input)?;
    let zone = desk.zone;
    print_entries(session.lang, zone, std::slice::from_ref(&e), a.format);
    if a.format == Format::Table {
        for note in notes(session.lang, &desk, &e) {
            println!("{note}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--code none` (or 无) says no code was shown; anything else goes to the
/// service, which names the field when it is not a colour.
fn code_input(code: &str) -> Option<String> {
    let trimmed = code.trim();
    if trimmed.eq_ignore_ascii_case("none") || trimmed == "无" {
        None
    } else {
        Some(trimmed.to_string())
    }
}

/// What the decision says beside it, one line each: the open fever case and what to do
/// next with it, then each warning.
fn notes(lang: Lang, desk: &crate::service::Desk, e: &GateEntry) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = e.open_case {
        let case = desk.flag(id).ok();
        out.push(open_case_text(lang, id, case.as_ref()));
    }
    out.extend(
        e.warnings
            .iter()
            .map(|w| warning_text(lang, *w).to_string()),
    );
    out
}

fn show(session: &Session, a: ShowArgs) -> DeskResult<ExitCode> {
    let desk = session.open_desk()?;
    let zone = desk.zone;
    let e = desk.entry(a.id)?;
    match a.format {
        Format::Json => json::print(&json::entry(zone, &e)),
        Format::Table => print!("{}", show_text(session.lang, zone, &desk, &e)),
    }
    Ok(ExitCode::SUCCESS)
}

/// One entry as label/value lines, database text sanitised.
fn show_text(lang: Lang, zone: Zone, desk: &crate::service::Desk, e: &GateEntry) -> String {
    let t = |k: &str| crate::i18n::tr(lang, k).to_string();
    let who = match &e.person_id {
        Some(p) => format!("{} ({p}, {})", e.name, t(&format!("kind.{}", e.kind))),
        None => format!("{} ({})", e.name, t("kind.visitor")),
    };
    let mut rows: Vec<(String, String)> = vec![
        ("ID".into(), e.id.to_string()),
        (
            t("col.time"),
            zone.to_local(e.at).format("%Y-%m-%d %H:%M:%S").to_string(),
        ),
        (t("col.gate"), e.gate.clone()),
        (t("col.dir"), t(&format!("direction.{}", e.direction))),
        (t("col.name"), who),
        (t("col.temp"), e.temp.to_string()),
        (
            t("col.code"),
            e.code
                .map(|c| t(&format!("code.{c}")))
                .unwrap_or_else(|| "-".into()),
        ),
        (t("col.scan"), if e.venue_scan { t("yes") } else { t("no") }),
        (t("col.decision"), t(&format!("decision.{}", e.decision))),
        (t("col.reasons"), reasons_text(lang, e)),
    ];
    if let Some(h) = &e.host_id {
        rows.push((t("field.host"), h.clone()));
    }
    if let Some(r) = &e.visit_reason {
        rows.push((t("field.reason"), r.clone()));
    }
    rows.push((t("col.operator"), e.operator.clone()));
    if let Some(v) = &e.void {
        rows.push((
            t("col.void"),
            crate::i18n::trf(
                lang,
                "entry.void_detail",
                &[
                    ("by", v.by.clone()),
                    (
                        "at",
                        zone.to_local(v.at).format("%Y-%m-%d %H:%M:%S").to_string(),
                    ),
                    ("reason", v.reason.clone()),
                ],
            ),
        ));
    }
    let width = rows
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&format!("{}  {}\n", table::fit(&k, width), sanitize(&v)));
    }
    for note in notes(lang, desk, e) {
        out.push_str(&sanitize(&note));
        out.push('\n');
    }
    out
}

fn reasons_text(lang: Lang, e: &GateEntry) -> String {
    e.reasons
        .iter()
        .map(|r| crate::i18n::tr(lang, &format!("reason.{r}")).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `--since`/`--until`/`--date` value as a UTC bound in ms: dates, date-times
/// and the words (today, 昨天, -7d …) in the desk's zone.
fn parse_time(
    field: &'static str,
    s: Option<&str>,
    end: bool,
    desk: &crate::service::Desk,
) -> DeskResult<Option<i64>> {
    let Some(s) = s else { return Ok(None) };
    let zone = desk.zone;
    let today = zone.date_of(desk.clock.now());
    let t = LocalInput::parse_relative(s, today)
        .ok_or_else(|| DeskError::field(field, "time.format"))?;
    let naive = if end { t.end_exclusive() } else { t.start() };
    Ok(Some(crate::clock::to_ms(zone.from_local(naive))))
}

fn list(session: &Session, a: ListArgs) -> DeskResult<ExitCode> {
    let desk = session.open_existing_desk()?;
    let zone = desk.zone;
    if a.limit == 0 {
        return Err(DeskError::field("field.limit", "limit.zero"));
    }
    // An unknown person is an error, not an empty list that reads as "no entries".
    let person_id = match a.person.as_deref() {
        Some(p) => Some(desk.resolve_person_id(p)?),
        None => None,
    };
    // --date D is --since D --until D: that site-local day, whole.
    let (since, until, since_field, until_field) = match a.date.as_deref() {
        Some(d) => (Some(d), Some(d), "field.date", "field.date"),
        None => (
            a.since.as_deref(),
            a.until.as_deref(),
            "field.since",
            "field.until",
        ),
    };
    let filter = EntryFilter {
        since_ms: parse_time(since_field, since, false, &desk)?,
        until_ms: parse_time(until_field, until, true, &desk)?,
        gate: a.gate,
        person_id,
        flagged_only: a.flagged,
        denied_only: a.denied,
        limit: a.limit,
        ..EntryFilter::default()
    };
    let entries = desk.list_entries(&filter)?;
    print_entries(session.lang, zone, &entries, a.format);
    if entries.len() == a.limit {
        let total = desk.count_entries(&filter)?;
        super::more::report(session.lang, entries.len(), total.max(0) as usize);
    }
    Ok(ExitCode::SUCCESS)
}

/// The marker column: refused and flagged rows stand out without colour; a void
/// entry is marked `X` whatever it was.
pub fn marker(e: &GateEntry) -> &'static str {
    if e.void.is_some() {
        return "X";
    }
    match (e.decision == crate::domain::Decision::Denied, e.flagged) {
        (true, true) => "!!",
        (true, false) => "!",
        (false, true) => "*",
        (false, false) => "",
    }
}

fn print_entries(lang: Lang, zone: Zone, entries: &[GateEntry], format: Format) {
    match format {
        Format::Json => {
            for e in entries {
                json::print(&json::entry(zone, e));
            }
        }
        Format::Table => {
            let t = |k: &str| crate::i18n::tr(lang, k).to_string();
            let headers = [
                "",
                "ID",
                &t("col.time"),
                &t("col.gate"),
                &t("col.dir"),
                &t("col.name"),
                &t("col.kind"),
                &t("col.temp"),
                &t("col.code"),
                &t("col.scan"),
                &t("col.decision"),
                &t("col.reasons"),
                &t("col.warnings"),
            ]
            .map(|s| s.to_string());
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        marker(e).to_string(),
                        e.id.to_string(),
                        zone.to_local(e.at).format("%m-%d %H:%M:%S").to_string(),
                        e.gate.clone(),
                        t(&format!("direction.{}", e.direction)),
                        e.name.clone(),
                        t(&format!("kind.{}", e.kind)),
                        e.temp.to_string(),
                        e.code
                            .map(|c| t(&format!("code.{c}")))
                            .unwrap_or_else(|| "-".into()),
                        if e.venue_scan { t("yes") } else { t("no") },
                        t(&format!("decision.{}", e.decision)),
                        crate::service::entry_void::void_mark(lang, e)
                            .unwrap_or_else(|| reasons_text(lang, e)),
                        e.warnings
                            .iter()
                            .map(|w| t(&format!("warning_short.{w}")))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]
                })
                .collect();
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            print!("{}", table::render(&headers, &rows));
            if entries.is_empty() {
                println!("{}", t("list.empty"));
            }
        }
    }
}
