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
    let stats = desk.ingest_polled(input, output, session.lang, stdin_waiting)?;
    tracing::info!(
        lines = stats.lines,
        ok = stats.ok,
        failed = stats.failed,
        "ingest finished"
    );
    Ok(ExitCode::SUCCESS)
}

/// Whether standard input can be read without waiting (data or end of input ready).
#[cfg(unix)]
fn stdin_waiting() -> bool {
    let mut fds = [libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    }];
    // SAFETY: `fds` is one valid, initialised pollfd that outlives the call; a zero
    // timeout makes poll return at once.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) };
    ready > 0 && fds[0].revents & (libc::POLLIN | libc::POLLHUP) != 0
}

#[cfg(not(unix))]
fn stdin_waiting() -> bool {
    false
}
