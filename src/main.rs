//! The `dutydesk` binary: everything lives in the library; this only starts it.

fn main() -> std::process::ExitCode {
    restore_sigpipe();
    dutydesk::logging::init();
    dutydesk::cli::run()
}

/// `dutydesk entry list | head` must end quietly when the reader goes away, as other
/// command-line tools do. Rust ignores SIGPIPE, which turns every later `println!`
/// into a panic with a backtrace; the default action ends the process instead.
/// (`ingest` loses nothing by it: an acknowledgement nobody reads is for a line
/// already committed, and an uncommitted group is rolled back.)
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting the disposition of SIGPIPE to its default before any other
    // thread exists; no handler function is involved.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
