//! `dutydesk ingest`: JSON Lines in, one acknowledgement line out per input line.

use super::Session;
use crate::error::DeskResult;
use std::io::BufWriter;
use std::process::ExitCode;

pub fn run(session: &Session) -> DeskResult<ExitCode> {
    let mut desk = session.open_desk()?;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let input = stdin.lock();
    let output = BufWriter::new(stdout.lock());
    let stats = desk.ingest(input, output, session.lang)?;
    tracing::info!(
        lines = stats.lines,
        ok = stats.ok,
        failed = stats.failed,
        "ingest finished"
    );
    Ok(ExitCode::SUCCESS)
}
