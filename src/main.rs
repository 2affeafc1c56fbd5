//! The `dutydesk` binary: everything lives in the library; this only starts it.

fn main() -> std::process::ExitCode {
    dutydesk::logging::init();
    dutydesk::cli::run()
}
