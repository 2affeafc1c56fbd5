//! Remote supervisors over OpenSSH, end to end and for real: each test starts its own
//! `sshd` on 127.0.0.1 at a free port, with a host key, a config and an
//! `authorized_keys` file written by `dutydesk ssh authorize`, all in a temporary
//! directory. Clients are the real `ssh`; interactive sessions run in tmux at a fixed
//! size (`send-keys`, `capture-pane`). `.ci/run` installs openssh-server,
//! openssh-client and tmux.
//!
//! The clock of every dutydesk process, local or behind sshd (`SetEnv`), is pinned to
//! the same instant, so requests filed here are pending in the console too.

mod ssh_lab;

use ssh_lab::*;

#[test]
fn a_key_not_in_authorized_keys_is_refused() {
    let lab = Lab::new();
    let known = lab.key("sun");
    lab.authorize("sun", &known);
    let stranger = lab.key("stranger");
    let out = lab.ssh(&stranger, &["-T"], &[]);
    assert_eq!(out.status.code(), Some(255), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Permission denied"), "{err}");
    assert!(out.stdout.is_empty());
}
