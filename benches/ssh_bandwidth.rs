//! What a supervisor's dashboard costs over a thin link: bytes per second sent to an
//! SSH client by an idle dashboard, and by one watching a new gate entry every second.
//!
//! ```sh
//! cargo bench --bench ssh_bandwidth                      # 30 s per phase, Chinese screens
//! cargo bench --bench ssh_bandwidth -- --secs 60 --lang en
//! ```
//!
//! A private sshd (as in `tests/ssh_e2e.rs`) serves a database filled by
//! `seed-demo`; a supervisor key opens the console through `ssh -tt` on a 120x40
//! pseudo-terminal. Two numbers per phase: the bytes the console draws (what the SSH
//! client writes to its terminal) and the bytes on the wire from server to client (a
//! relay in front of sshd counts the encrypted stream: SSH framing, MAC and padding
//! included; TCP/IP headers not). The real clock runs, so the header's clock ticks
//! as it does in use. Needs OpenSSH (client and server); exits 1 if a target is missed.

#[path = "../tests/ssh_lab/mod.rs"]
mod ssh_lab;

use ssh_lab::{Lab, Options};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLS: u16 = 120;
const ROWS: u16 = 40;
/// Targets from the issue, in bytes per second on the wire.
const IDLE_TARGET: f64 = 1000.0;
const BUSY_TARGET: f64 = 4000.0;

/// A relay in front of sshd counting the bytes that go to the client.
fn relay(to_port: u16, down: Arc<AtomicU64>) -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (client, _) = listener.accept().unwrap();
        let server = TcpStream::connect((Ipv4Addr::LOCALHOST, to_port)).unwrap();
        client.set_nodelay(true).ok();
        server.set_nodelay(true).ok();
        let (mut c_read, mut s_write) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut c_read, &mut s_write);
            let _ = s_write.shutdown(std::net::Shutdown::Write);
        });
        let (mut s_read, mut c_write) = (server, client);
        let mut buf = [0u8; 16 * 1024];
        loop {
            match s_read.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    down.fetch_add(n as u64, Ordering::Relaxed);
                    if c_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = c_write.shutdown(std::net::Shutdown::Write);
    });
    port
}

/// A pseudo-terminal of COLS x ROWS: the master side, and the slave for the child.
fn pty() -> (std::fs::File, OwnedFd) {
    let mut master = 0;
    let mut slave = 0;
    let size = libc::winsize {
        ws_row: ROWS,
        ws_col: COLS,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two descriptors we then own; the other pointers may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned by nothing else.
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    }
}

/// The terminal side: counts every byte the ssh client writes, and keeps the tail
/// of the output to see what is on screen.
struct Screen {
    drawn: Arc<AtomicU64>,
    tail: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn read_from(mut master: std::fs::File) -> Screen {
        let drawn = Arc::new(AtomicU64::new(0));
        let tail = Arc::new(Mutex::new(Vec::new()));
        let (d, t) = (Arc::clone(&drawn), Arc::clone(&tail));
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                d.fetch_add(n as u64, Ordering::Relaxed);
                let mut t = t.lock().unwrap();
                t.extend_from_slice(&buf[..n]);
                let len = t.len();
                if len > 256 * 1024 {
                    t.drain(..len - 128 * 1024);
                }
            }
        });
        Screen { drawn, tail }
    }

    fn shows(&self, text: &str) -> bool {
        String::from_utf8_lossy(&self.tail.lock().unwrap()).contains(text)
    }
}

struct Phase {
    name: &'static str,
    secs: f64,
    drawn: u64,
    wire: u64,
}

fn measure(
    name: &'static str,
    secs: u64,
    screen: &Screen,
    wire: &AtomicU64,
    mut each_second: impl FnMut(u64),
) -> Phase {
    let (d0, w0) = (
        screen.drawn.load(Ordering::Relaxed),
        wire.load(Ordering::Relaxed),
    );
    let start = Instant::now();
    for i in 0..secs {
        each_second(i);
        let next = start + Duration::from_secs(i + 1);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    Phase {
        name,
        secs: start.elapsed().as_secs_f64(),
        drawn: screen.drawn.load(Ordering::Relaxed) - d0,
        wire: wire.load(Ordering::Relaxed) - w0,
    }
}

fn main() {
    let mut secs: u64 = 30;
    let mut lang = "zh";
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--secs" => secs = args.next().and_then(|v| v.parse().ok()).expect("--secs N"),
            "--lang" => {
                lang = match args.next().as_deref() {
                    Some("en") => "en",
                    Some("zh") => "zh",
                    _ => panic!("--lang zh|en"),
                }
            }
            _ => {} // cargo bench adds --bench
        }
    }

    eprintln!("setting up: sshd, seed-demo (2000 people, 3 days)…");
    let lab = Lab::with(Options {
        pin_clock: false,
        roster: false,
        lang,
    });
    lab.cli_ok("root", &["seed-demo"]);
    let people: Vec<String> = lab
        .cli_ok(
            "root",
            &["people", "list", "--limit", "200", "--format", "json"],
        )
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["id"].as_str().unwrap().to_string()
        })
        .collect();
    let key = lab.key("sun");
    lab.authorize("sun", &key);

    let wire = Arc::new(AtomicU64::new(0));
    let port = relay(lab.port, Arc::clone(&wire));
    let (master, slave) = pty();
    let mut keyboard = master.try_clone().unwrap();
    let screen = Screen::read_from(master);
    let mut ssh = Command::new("ssh");
    ssh.arg("-tt")
        .args(lab.ssh_args_via(&key, port))
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        ssh.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut ssh = ssh.spawn().expect("ssh (openssh-client) is installed");

    let start = Instant::now();
    // The first frame: a screenful drawn and its synchronized update closed.
    while screen.drawn.load(Ordering::Relaxed) < 3000 || !screen.shows("\x1b[?2026l") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the dashboard did not appear; sshd log:\n{}",
            lab.sshd_log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "dashboard up after {} ms; letting it settle",
        start.elapsed().as_millis()
    );
    std::thread::sleep(Duration::from_secs(3));

    eprintln!("idle: {secs} s…");
    let idle = measure("idle dashboard", secs, &screen, &wire, |_| {});

    eprintln!("one gate entry a second: {secs} s…");
    let mut ingest = lab.spawn_cli("root", &["ingest"]);
    let mut feed = ingest.stdin.take().unwrap();
    let gates = ["东门", "西门"];
    let busy = measure("1 gate entry/s", secs, &screen, &wire, |i| {
        let person = &people[i as usize % people.len()];
        // One reading in ten at a fever: a flag, an alert, a bell.
        let temp = if i % 10 == 9 { "37.8" } else { "36.5" };
        let line = serde_json::json!({
            "gate": gates[i as usize % gates.len()],
            "direction": if i % 2 == 0 { "in" } else { "out" },
            "temp": temp,
            "code": "green",
            "venue_scan": true,
            "person_id": person,
        });
        writeln!(feed, "{line}").unwrap();
        feed.flush().unwrap();
    });
    drop(feed);
    let _ = ingest.wait();

    let _ = keyboard.write_all(b"q");
    let quit = Instant::now();
    while quit.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(_)) = ssh.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = ssh.kill();
    let _ = ssh.wait();

    println!();
    println!(
        "dutydesk console over SSH: supervisor dashboard, {COLS}x{ROWS}, lang {lang}, seed-demo data, {secs} s per phase"
    );
    println!(
        "{:<18} {:>16} {:>22} {:>10}",
        "phase", "drawn (B/s)", "wire to client (B/s)", "target"
    );
    let mut missed = false;
    for (p, target) in [(&idle, IDLE_TARGET), (&busy, BUSY_TARGET)] {
        let drawn = p.drawn as f64 / p.secs;
        let wire = p.wire as f64 / p.secs;
        let ok = wire < target;
        missed |= !ok;
        println!(
            "{:<18} {:>16.0} {:>22.0} {:>10}",
            p.name,
            drawn,
            wire,
            format!("< {target:.0} {}", if ok { "ok" } else { "MISSED" })
        );
    }
    if missed {
        std::process::exit(1);
    }
}
