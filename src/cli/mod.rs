//! The command line: clap definitions and thin handlers that call `service/` and print
//! text tables or JSON Lines. Exit status: 0 done, 1 refused or invalid, 2 usage.

mod approval;
mod audit;
mod audit_report;
mod calllog;
mod console;
mod contact;
mod context;
mod demo;
mod directive;
mod entry;
mod flag;
mod globals;
mod handover;
mod health;
mod incident;
mod info;
mod ingest;
mod json;
mod more;
mod people;
mod people_find;
mod roster;
mod seed;
mod site;
mod ssh;
pub mod table;

pub use context::Session;

use crate::error::DeskError;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "dutydesk",
    version,
    about = "Duty desk console: gate screening, fever follow-up, approvals, handover",
    after_help = "Without a subcommand the full-screen console opens (? inside lists its keys).\nFirst time? Try: dutydesk --demo"
)]
pub struct Cli {
    /// Database file (overrides DUTYDESK_DB and [database] path).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file (overrides DUTYDESK_CONFIG and the XDG config file).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Act as this operator (default: the OS login).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Language of messages and screens.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Use the demo desk in the data directory (created and filled on first use);
    /// with no subcommand, the console opens with a simulated gate feed.
    #[arg(long, conflicts_with = "config")]
    pub demo: bool,
    /// Written by `ssh authorize` into a key's forced command: the paths come from
    /// --db and --config only (both required), never from DUTYDESK_DB/DUTYDESK_CONFIG.
    #[arg(long, hide = true, conflicts_with = "demo")]
    pub ssh_forced: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum Format {
    #[default]
    Table,
    Json,
}

// Parsed once per run; boxing the larger argument structs would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Gate entries: register and list.
    #[command(subcommand)]
    Entry(entry::EntryCommand),
    /// Fever follow-up: re-check, observation, referral, report, close.
    #[command(subcommand)]
    Flag(flag::FlagCommand),
    /// The people roster: import and list.
    #[command(subcommand)]
    People(people::PeopleCommand),
    /// Register entries from JSON Lines on stdin; one acknowledgement line per input line.
    Ingest,
    /// The audit trail.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// The shift handover: checklist, carry-over, notes, signatures, history, export.
    #[command(subcommand)]
    Handover(handover::HandoverCommand),
    /// The duty roster (排班): import, show, coverage gaps.
    #[command(subcommand)]
    Roster(roster::RosterCommand),
    /// Resolved paths, schema version, row counts, operator and role.
    Info,
    /// Fill an empty database with a believable college and days of gate traffic.
    SeedDemo(seed::SeedArgs),
    /// Leave-the-city and visitor requests: file, list, show, approve, reject, cancel.
    #[command(subcommand)]
    Approval(approval::ApprovalCommand),
    /// Return follow-up after approved leaves: away, overdue, under monitoring.
    #[command(subcommand)]
    Returns(approval::ReturnsCommand),
    /// Remote access over OpenSSH: bind a public key to an operator.
    #[command(subcommand)]
    Ssh(ssh::SshCommand),
    /// The desk as a whole: its time zone.
    #[command(subcommand)]
    Site(site::SiteCommand),
    /// Incidents against their statutory report clocks: open, report, plan steps, close.
    #[command(subcommand)]
    Incident(incident::IncidentCommand),
    /// 24-hour contacts: add, import, list, remove, verify with a test call.
    #[command(subcommand)]
    Contact(contact::ContactCommand),
    /// The duty phone log (值班电话记录).
    #[command(subcommand)]
    Calllog(calllog::CalllogCommand),
    /// Directives from the command: record, acknowledge, list.
    #[command(subcommand)]
    Directive(directive::DirectiveCommand),
    /// Daily health monitoring (晨午晚检): record, import, list, missing, summary, sheet.
    #[command(subcommand)]
    Health(health::HealthCommand),
}

/// Parses the arguments and runs; the returned code is the process exit status.
pub fn run() -> ExitCode {
    let started = std::time::Instant::now();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = Cli::try_parse_from(&args).and_then(|cli| {
        match globals::repeated(args.get(1..).unwrap_or_default()) {
            None => Ok(cli),
            Some(name) => Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("the argument '{name}' cannot be used more than once, wherever it appears"),
            )),
        }
    });
    let mut cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if cli.demo {
        match demo::prepare() {
            Ok((config, db)) => {
                cli.config = Some(config);
                cli.db.get_or_insert(db);
            }
            Err(e) => return fail(&e, context::early_lang(&cli)),
        }
    }
    let session = match Session::resolve(&cli) {
        Ok(s) => s,
        Err(e) => return fail(&e, context::early_lang(&cli)),
    };
    if cli.demo
        && let Err(e) = demo::ensure_seeded(&session)
    {
        return fail(&e, session.lang);
    }
    let Some(command) = cli.command else {
        return match console::run(&session, started, cli.demo) {
            Ok(code) => code,
            Err(e) => fail(&e, session.lang),
        };
    };
    let result = match command {
        Command::Entry(c) => entry::run(&session, c),
        Command::Flag(c) => flag::run(&session, c),
        Command::People(c) => people::run(&session, c),
        Command::Ingest => ingest::run(&session),
        Command::Audit(c) => audit::run(&session, c),
        Command::Handover(c) => handover::run(&session, c),
        Command::Roster(c) => roster::run(&session, c),
        Command::Info => info::run(&session),
        Command::SeedDemo(a) => seed::run(&session, a),
        Command::Approval(c) => approval::run(&session, c),
        Command::Returns(c) => approval::run_returns(&session, c),
        Command::Ssh(c) => ssh::run(&session, c),
        Command::Site(c) => site::run(&session, c),
        Command::Incident(c) => incident::run(&session, c),
        Command::Contact(c) => contact::run(&session, c),
        Command::Calllog(c) => calllog::run(&session, c),
        Command::Directive(c) => directive::run(&session, c),
        Command::Health(c) => health::run(&session, c),
    };
    match result {
        Ok(code) => code,
        Err(e) => fail(&e, session.lang),
    }
}

/// Reads a whole (small) file opened by `Session::input_file`; the error names it.
pub(crate) fn read_file(
    mut file: std::fs::File,
    path: &std::path::Path,
) -> crate::error::DeskResult<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| {
        DeskError::invalid("file.unreadable")
            .arg("path", path.display())
            .arg("detail", e)
    })?;
    Ok(bytes)
}

fn fail(e: &DeskError, lang: crate::i18n::Lang) -> ExitCode {
    eprintln!("{}: {}", crate::i18n::tr(lang, "cli.error"), e.render(lang));
    ExitCode::from(1)
}
