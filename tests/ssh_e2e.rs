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

#[test]
fn the_forced_command_cannot_be_escaped() {
    let lab = Lab::new();
    let key = lab.key("sun");
    lab.authorize("sun", &key);
    let before = lab.audit_actions();
    let smuggled = format!(
        "{BIN} --db {} --config {} --user root people import {}",
        lab.path_str("desk.db"),
        lab.path_str("config.toml"),
        lab.path_str("roster.csv"),
    );
    for remote in [
        vec!["id"],
        vec!["sh", "-c", "id"],
        vec!["/bin/sh"],
        vec![smuggled.as_str()],
        vec!["echo", "$(id)"],
    ] {
        let out = lab.ssh(&key, &["-T"], &remote);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stdout.contains("uid=") && !stderr.contains("uid="),
            "{remote:?} ran a command: {stdout}{stderr}"
        );
        // Only dutydesk ran: with no terminal, the console says it needs one.
        assert_eq!(out.status.code(), Some(1), "{remote:?}: {stdout}{stderr}");
        assert!(
            stderr.contains("needs a terminal") && stderr.contains("ssh -t"),
            "{remote:?}: {stdout}{stderr}"
        );
    }
    assert_eq!(lab.audit_actions(), before, "nothing was written");
    assert!(
        !lab.path("decoy.db").exists(),
        "the session's DUTYDESK_DB was not used"
    );
    // What the client asked for is only noted in the log, for the administrator.
    let log = lab.log();
    assert!(
        log.contains("the client asked to run \"sh -c id\"; ignored"),
        "{log}"
    );
    // With a terminal, asking for a command still opens the console and nothing else.
    let t = lab.session_asking("asking", &key, 100, 30, &["sh", "-c", "id"]);
    let screen = t.expect("Live gate log");
    assert!(!screen.contains("uid="), "{screen}");
    t.keys(&["q"]);
    let screen = t.expect("SSH-EXIT=0");
    assert!(!screen.contains("uid="), "{screen}");
    // `restrict` turns forwarding off: no tunnel to anywhere, not even to sshd itself.
    let port = lab.port.to_string();
    let target = format!("127.0.0.1:{port}");
    let out = lab.ssh(&key, &["-W", &target], &[]);
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("SSH-2.0"),
        "{out:?}"
    );
}

#[test]
fn a_supervisor_changes_nothing_and_sees_a_leaders_changes_at_once() {
    let lab = Lab::new();
    let sun = lab.key("sun");
    lab.authorize("sun", &sun);
    let li = lab.key("li");
    lab.authorize("li", &li);
    // Something on the desk: an entry (to open a person's card on) and a request
    // waiting for a leader.
    lab.cli_ok(
        "zhao",
        &[
            "entry",
            "add",
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "36.6",
            "--code",
            "green",
            "--venue-scan",
            "--person",
            "T2001",
        ],
    );
    lab.cli_ok(
        "zhao",
        &[
            "approval",
            "request",
            "leave",
            "--person",
            "T2001",
            "--dest",
            "成都",
            "--from",
            "2026-12-01T08:00",
            "--to",
            "2026-12-03T18:00",
            "--reason",
            "参加会议",
            "--transport",
            "高铁",
        ],
    );
    // A fever at the gate: a case waiting for its re-check.
    lab.cli_ok(
        "zhao",
        &[
            "entry",
            "add",
            "--gate",
            "西门",
            "--direction",
            "in",
            "--temp",
            "38.2",
            "--code",
            "green",
            "--venue-scan",
            "--person",
            "S1002",
        ],
    );
    let before = lab.audit_actions();

    // `dutydesk --user sun …` with no subcommand: the console, as the supervisor.
    let sup = lab.session("sun", &sun, 120, 40);
    let screen = sup.expect("Live gate log");
    assert!(screen.contains("孙督查 (supervisor)"), "{screen}");
    assert!(screen.contains("王芳"), "{screen}");
    assert!(!screen.contains("register"), "no register hint:\n{screen}");
    // The keys that register elsewhere do nothing here.
    for key in ["a", "4"] {
        sup.keys(&[key]);
    }
    sup.keys(&["?"]);
    let help = sup.expect("Everywhere");
    assert!(!help.contains("register"), "{help}");
    assert!(!help.contains("reveal"), "{help}");
    // (Each Escape is let through before the next key: ESC and a key right after it
    // read as Alt+key.)
    sup.keys(&["Escape"]);
    sup.expect("Live gate log");
    // A person's card: numbers stay masked, `r` reveals nothing.
    sup.keys(&["Enter"]);
    sup.expect("numbers masked");
    sup.keys(&["r"]);
    sup.type_text("核实身份");
    sup.keys(&["Enter"]);
    let card = sup.screen();
    assert!(card.contains("numbers masked"), "{card}");
    assert!(!card.contains("revealed"), "{card}");
    sup.keys(&["Escape"]);
    sup.wait_until(std::time::Duration::from_secs(20), |s| {
        !s.contains("numbers masked")
    })
    .unwrap_or_else(|s| panic!("the card did not close:\n{s}"));
    // Nor through the command line.
    // Commands other roles have are refused as not permitted; a name no role has
    // as a command is unknown.
    for (command, says) in [
        (
            "register",
            "command \"register\" is not permitted for your role",
        ),
        (
            "reveal",
            "command \"reveal\" is not permitted for your role",
        ),
        ("approve 1", "unknown command \"approve\""),
    ] {
        sup.keys(&[":"]);
        sup.type_text(command);
        sup.keys(&["Enter"]);
        sup.expect(says);
    }
    sup.expect("Live gate log");
    assert!(!sup.screen().contains("Register at the gate"));
    assert_eq!(lab.audit_actions(), before, "the supervisor wrote nothing");

    // The duty leader, over SSH too, registers someone at the gate; the supervisor's
    // dashboard shows it within two seconds.
    let leader = lab.session("li", &li, 120, 40);
    leader.expect("李玉德 (duty leader)");
    leader.keys(&["a"]);
    leader.expect("Register at the gate");
    leader.type_text("S1001");
    leader.keys(&["Enter"]);
    leader.type_text("36.7");
    leader.keys(&["Enter"]);
    leader.expect("A D M I T T E D");
    let screen = sup
        .wait_until(std::time::Duration::from_secs(2), |s| s.contains("张小明"))
        .unwrap_or_else(|s| panic!("not on the supervisor's screen within 2 s:\n{s}"));
    assert!(screen.contains("Live gate log"), "{screen}");
    let after = lab.audit_actions();
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after.last().map(String::as_str), Some("entry.add"));
    let last = lab.cli_ok(
        "root",
        &["audit", "list", "--limit", "1", "--format", "json"],
    );
    assert!(last.contains("\"operator\":\"li\""), "{last}");

    // The pending request: the supervisor sees it and may open the list, but the
    // approve, reject and cancel keys bring up nothing…
    let before = lab.audit_actions();
    sup.expect("Pending 1 (A)");
    sup.keys(&["A"]);
    sup.expect("pending, oldest first");
    let screen = sup.expect("成都");
    for hint in ["y approve", "n reject", "c cancel request"] {
        assert!(!screen.contains(hint), "no {hint:?} hint:\n{screen}");
    }
    for key in ["y", "n", "c"] {
        sup.keys(&[key]);
    }
    sup.keys(&["Enter"]);
    let screen = sup.screen();
    for popup in [
        "Approve this request?",
        "Reject this request?",
        "Cancel this request?",
    ] {
        assert!(!screen.contains(popup), "{popup}\n{screen}");
    }
    sup.keys(&["Escape"]);
    sup.wait_until(std::time::Duration::from_secs(20), |s| {
        s.contains("pending, oldest first")
    })
    .unwrap_or_else(|s| panic!("not back on the list:\n{s}"));
    assert_eq!(lab.audit_actions(), before, "the supervisor wrote nothing");
    // …while the leader approves the same request over SSH, and it leaves the
    // supervisor's list of pending requests within two seconds.
    leader.keys(&["Escape"]);
    leader
        .wait_until(std::time::Duration::from_secs(20), |s| {
            !s.contains("Register at the gate")
        })
        .unwrap_or_else(|s| panic!("the form did not close:\n{s}"));
    leader.keys(&["A"]);
    leader.expect("成都");
    // The hints the supervisor's screen went without.
    let screen = leader.expect("y approve");
    assert!(screen.contains("n reject"), "{screen}");
    leader.keys(&["y"]);
    leader.expect("Approve this request?");
    leader.type_text("同意");
    leader.keys(&["Enter"]);
    leader.expect("approved");
    sup.wait_until(std::time::Duration::from_secs(2), |s| {
        s.contains("(nothing waiting for a decision)")
    })
    .unwrap_or_else(|s| panic!("the supervisor still sees it pending after 2 s:\n{s}"));
    let after = lab.audit_actions();
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after.last().map(String::as_str), Some("approval.approve"));
    let last = lab.cli_ok(
        "root",
        &["audit", "list", "--limit", "1", "--format", "json"],
    );
    assert!(last.contains("\"operator\":\"li\""), "{last}");

    // The fever case: the supervisor's keys for its steps do nothing…
    let before = lab.audit_actions();
    sup.keys(&["3"]);
    sup.expect("Fever cases: 1 active");
    for key in ["r", "o", "f", "p", "x"] {
        sup.keys(&[key]);
    }
    let screen = sup.screen();
    assert!(screen.contains("Fever cases: 1 active"), "{screen}");
    assert!(!screen.contains("re-check:"), "no step form:\n{screen}");
    assert_eq!(lab.audit_actions(), before, "the supervisor wrote nothing");
    // …while the leader re-checks it over SSH, and the supervisor sees the case
    // cleared within two seconds.
    leader.keys(&["3"]);
    leader.expect("Fever cases: 1 active");
    leader.keys(&["r"]);
    leader.expect("re-check: 刘洋");
    leader.type_text("36.5");
    leader.keys(&["Enter"]);
    leader.type_text("mercury");
    leader.keys(&["Enter"]);
    leader.expect("cleared as a false alarm");
    sup.wait_until(std::time::Duration::from_secs(2), |s| {
        s.contains("Fever cases: 0 active")
    })
    .unwrap_or_else(|s| panic!("the supervisor still sees the case after 2 s:\n{s}"));
    let after = lab.audit_actions();
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after.last().map(String::as_str), Some("flag.recheck"));
    sup.keys(&["q"]);
    sup.expect("SSH-EXIT=0");
}

#[test]
fn alerts_reach_the_ssh_client_as_bell_and_osc_777() {
    let lab = Lab::new();
    let sun = lab.key("sun");
    lab.authorize("sun", &sun);
    let sup = lab.session("sun", &sun, 120, 40);
    sup.expect("Live gate log");
    let raw = lab.path("sun-output.bin");
    sup.record_output(&raw);
    lab.cli_ok(
        "zhao",
        &[
            "entry",
            "add",
            "--gate",
            "西门",
            "--direction",
            "in",
            "--temp",
            "38.2",
            "--code",
            "green",
            "--venue-scan",
            "--person",
            "S1001",
        ],
    );
    sup.expect("张小明");
    let start = std::time::Instant::now();
    let osc: &[u8] = b"\x1b]777;notify;";
    let bytes = loop {
        let bytes = std::fs::read(&raw).unwrap_or_default();
        if bytes.windows(osc.len()).any(|w| w == osc) || start.elapsed().as_secs() > 20 {
            break bytes;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("\u{1b}]777;notify;"),
        "no OSC 777 in {text:?}"
    );
    assert!(bytes.contains(&0x07), "no bell");
    // The notification masks the name.
    assert!(text.contains("张**"), "{text:?}");
    assert!(!text.contains("\u{1b}]777;notify;张小明"), "{text:?}");
}

#[test]
fn a_dropped_link_ends_the_console_cleanly() {
    let lab = Lab::new();
    let sun = lab.key("sun");
    lab.authorize("sun", &sun);
    let sup = lab.session("sun", &sun, 100, 30);
    sup.expect("Live gate log");
    assert_eq!(lab.consoles("sun").len(), 1, "one console behind sshd");
    // The client vanishes without a goodbye; sshd hangs up on the console.
    sup.kill();
    let start = std::time::Instant::now();
    while !lab.consoles("sun").is_empty() {
        assert!(
            start.elapsed().as_secs() < 20,
            "the console outlived its link"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // It left through the normal way out (the loop ended and said so), and the
    // database is sound.
    let log = lab.log();
    assert!(log.contains("frames"), "{log}");
    let verify = lab.cli_ok("root", &["audit", "verify"]);
    assert!(verify.contains("intact"), "{verify}");
}

#[test]
fn ten_sessions_on_one_database_all_show_entries_as_they_are_ingested() {
    let lab = Lab::new();
    let sun = lab.key("sun");
    lab.authorize("sun", &sun);
    let sessions: Vec<Tmux> = (0..10)
        .map(|i| lab.session(&format!("s{i}"), &sun, 100, 30))
        .collect();
    for s in &sessions {
        s.expect("Live gate log");
    }
    assert_eq!(lab.consoles("sun").len(), 10);
    // A gate device feeds entries one after the other while all ten watch.
    let mut ingest = lab.spawn_cli("root", &["ingest"]);
    let mut feed = ingest.stdin.take().unwrap();
    let mut acks = std::io::BufReader::new(ingest.stdout.take().unwrap());
    for (person, temp) in [("T2001", "36.5"), ("S1001", "36.8"), ("T2001", "36.6")] {
        use std::io::{BufRead, Write};
        writeln!(
            feed,
            r#"{{"gate":"东门","direction":"in","temp":"{temp}","code":"green","venue_scan":true,"person_id":"{person}"}}"#
        )
        .unwrap();
        feed.flush().unwrap();
        let mut ack = String::new();
        acks.read_line(&mut ack).unwrap();
        assert!(ack.contains("\"ok\":true"), "{ack}");
        let name = if person == "T2001" {
            "王芳"
        } else {
            "张小明"
        };
        for (i, s) in sessions.iter().enumerate() {
            let screen = s
                .wait_until(std::time::Duration::from_secs(10), |sc| {
                    sc.contains(name) && sc.contains(temp)
                })
                .unwrap_or_else(|sc| panic!("session {i} does not show {name} {temp}:\n{sc}"));
            assert!(screen.contains("Live gate log"));
        }
    }
    drop(feed);
    assert!(ingest.wait().unwrap().success());
    for s in &sessions {
        s.keys(&["q"]);
    }
    for s in &sessions {
        s.expect("SSH-EXIT=0");
    }
}
