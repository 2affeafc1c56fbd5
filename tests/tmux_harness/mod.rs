//! A tmux server with one window at a fixed size, for the end-to-end tests of the real
//! terminal programs: keys typed with `send-keys`, the screen read with `capture-pane`.
//! Each server has its own socket (a name under `-L`, or a path under `-S`) and is
//! killed, its socket file removed, when the `Tmux` is dropped, however the test ends.
//!
//! Included with `mod tmux_harness;` by the console tests and with
//! `#[path = "../tmux_harness/mod.rs"]` by `tests/ssh_lab`.

#![allow(dead_code)] // each user of this module needs a different part of it
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Where the server listens.
enum Socket {
    /// `-L name`: a socket of that name in tmux's own directory.
    Named(String),
    /// `-S path`: a socket at that path.
    Path(PathBuf),
}

/// One tmux server with one window.
pub struct Tmux {
    socket: Socket,
}

impl Tmux {
    /// Starts a server on the named socket (`-L name`) with one `w`x`h` window running
    /// the shell command `cmd`.
    pub fn named(name: &str, w: u16, h: u16, cmd: &str) -> Tmux {
        Tmux::new_session(Socket::Named(name.to_string()), w, h, cmd)
    }

    /// The same on a socket at `path` (`-S path`).
    pub fn at(path: &Path, w: u16, h: u16, cmd: &str) -> Tmux {
        Tmux::new_session(Socket::Path(path.to_path_buf()), w, h, cmd)
    }

    fn new_session(socket: Socket, w: u16, h: u16, cmd: &str) -> Tmux {
        let t = Tmux { socket };
        let out = t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
            cmd,
        ]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t
    }

    /// Runs a tmux command against this server.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut c = Command::new("tmux");
        match &self.socket {
            Socket::Named(name) => c.arg("-L").arg(name),
            Socket::Path(path) => c.arg("-S").arg(path),
        };
        c.args(args)
            .output()
            .expect("tmux is installed (.ci/run installs it)")
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p"]).stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success());
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        assert!(self.run(&["send-keys", "-l", text]).status.success());
    }

    pub fn resize(&self, w: u16, h: u16) {
        let out = self.run(&["resize-window", "-x", &w.to_string(), "-y", &h.to_string()]);
        assert!(out.status.success(), "{out:?}");
    }

    /// Appends everything the pane's program writes, raw, to `file`.
    pub fn record_output(&self, file: &Path) {
        let cmd = format!("cat >> {}", file.display());
        assert!(self.run(&["pipe-pane", "-o", &cmd]).status.success());
    }

    /// Polls the screen until `pred` holds, for at most `limit`; the last screen either way.
    pub fn wait_until(
        &self,
        limit: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return Ok(screen);
            }
            if start.elapsed() > limit {
                return Err(screen);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls the screen until it contains `text`, for at most `limit`.
    pub fn wait_for(&self, text: &str, limit: Duration) -> Result<String, String> {
        self.wait_until(limit, |s| s.contains(text))
    }

    /// Waits up to `limit` for `text` and returns the screen; panics with the screen if
    /// it never appears.
    pub fn expect_within(&self, text: &str, limit: Duration) -> String {
        self.wait_for(text, limit)
            .unwrap_or_else(|screen| panic!("{text:?} never appeared; screen:\n{screen}"))
    }

    /// Waits up to 10 s for `text` (see `expect_within`).
    pub fn expect(&self, text: &str) -> String {
        self.expect_within(text, Duration::from_secs(10))
    }

    /// Ends the server and with it the window's program.
    pub fn kill(&self) {
        let _ = self.run(&["kill-server"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let path = self.run(&["display-message", "-p", "#{socket_path}"]);
        self.kill();
        let path = match &self.socket {
            Socket::Named(_) => String::from_utf8_lossy(&path.stdout).trim().to_string(),
            Socket::Path(path) => path.display().to_string(),
        };
        if !path.is_empty() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Double quotes for a word inside a single-quoted `sh -c` script (the paths and values
/// the tests use hold no `"`, `$`, `'` or backslash).
pub fn quote(s: &str) -> String {
    assert!(!s.contains(['"', '$', '\\', '\'']), "unquotable: {s}");
    format!("\"{s}\"")
}
