//! The event loop. One thread runs a small tokio runtime that waits on: terminal
//! events, the one-second clock, the data-change watcher, answers from the database
//! worker, bytes from the notifier, and SIGTERM/SIGHUP/SIGINT. Each message goes
//! through `app::update`; the screen is redrawn only when the state says something
//! changed (the clock changes it once a second), each frame in a synchronized update,
//! and never cleared as a whole (ratatui sends only the cells that differ).

use super::terminal::{self, Guard};
use super::{keys, watcher, worker};
use crate::app::load::Job;
use crate::app::providers::Providers;
use crate::app::state::{Init, State};
use crate::app::{Effect, Msg};
use crate::clock::Clock;
use crate::error::{DeskError, DeskResult};
use crate::notify::{Notifier, Signals, TerminalNotifier};
use crate::service::Desk;
use crate::store::Store;
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::signal::unix::{SignalKind, signal};

/// Everything the console needs to start.
pub struct Launch {
    /// The operator's desk: moved to the worker after the first load.
    pub desk: Desk,
    /// A second connection to the same database, for the change watcher.
    pub watch: Store,
    pub init: Init,
    pub providers: Providers,
    /// `[console] mouse`.
    pub mouse: bool,
    /// What to ask the terminal at start (`[console] theme`/`ambiguous_width` auto).
    pub probe: super::probe::Wanted,
    /// Whether a desktop session is present (desktop notifications).
    pub desktop: bool,
    /// When the process started, for the first-frame measurement in the log.
    pub started: Instant,
}

fn io_error(e: std::io::Error) -> DeskError {
    DeskError::internal("console.io").arg("detail", e)
}

/// Runs the console until the operator quits or a signal arrives.
pub fn run(launch: Launch) -> DeskResult<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(io_error)?;
    rt.block_on(event_loop(launch))
}

async fn event_loop(launch: Launch) -> DeskResult<()> {
    let Launch {
        mut desk,
        watch,
        init,
        providers,
        mouse,
        probe,
        desktop,
        started,
    } = launch;
    let clock: Arc<dyn Clock> = Arc::clone(&desk.clock);
    let lang = init.lang;
    let mut state = State::new(init);

    // The first screen is loaded before the terminal is taken, so the first frame
    // already shows the desk.
    let mut pending: Vec<Effect> = crate::app::start(&mut state);
    while let Some(Effect::Job(job)) = pending.pop() {
        let msg = job.run(&mut desk, &providers, lang);
        pending.extend(crate::app::update(&mut state, msg));
    }

    // Signals are taken before the terminal is: a SIGTERM or SIGHUP that arrives
    // while the first frame is drawn waits for the loop (which restores the terminal)
    // instead of killing the process with the terminal still in raw mode.
    let mut sigterm = signal(SignalKind::terminate()).map_err(io_error)?;
    let mut sighup = signal(SignalKind::hangup()).map_err(io_error)?;
    let mut sigint = signal(SignalKind::interrupt()).map_err(io_error)?;
    let (mut term, sent) = terminal::setup(mouse).map_err(io_error)?;
    let _guard = Guard;
    super::probe::ask(probe).apply(&mut state.look);
    let size = term.size().map_err(io_error)?;
    crate::app::update(&mut state, Msg::Resize(size.width, size.height));
    terminal::draw(&mut term, &state).map_err(io_error)?;
    state.dirty = false;
    let first_bytes = sent.load(Ordering::Relaxed);
    tracing::info!(
        "console: first frame after {} ms, {first_bytes} bytes",
        started.elapsed().as_millis()
    );

    let (msg_tx, mut msg_rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let (change_tx, mut change_rx) = tokio::sync::mpsc::channel::<()>(1);
    let (bytes_tx, mut bytes_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let jobs = worker::spawn(desk, providers, lang, msg_tx).map_err(io_error)?;
    let _watcher = watcher::spawn(watch, change_tx).map_err(io_error)?;
    let notifier = Signals::new(TerminalNotifier::new(bytes_tx), desktop);
    let mut events = crossterm::event::EventStream::new();
    let session = Instant::now();
    let mut frames: u64 = 1;

    for e in pending {
        if let Effect::Job(j) = e {
            let _ = jobs.send(j);
        }
    }

    // The clock ticks on the second of the desk's clock, whatever else arrives.
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + until_next_second(clock.as_ref()),
        Duration::from_secs(1),
    );
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => keys::to_msg(ev),
                // The terminal is gone (EOF or error): leave as on a hang-up.
                Some(Err(_)) | None => Some(Msg::Quit),
            },
            _ = tick.tick() => Some(Msg::Tick(clock.now())),
            Some(()) = change_rx.recv() => Some(Msg::DataChanged),
            answer = msg_rx.recv() => match answer {
                Some(m) => Some(m),
                None => {
                    return Err(DeskError::internal("console.worker_gone"));
                }
            },
            Some(bytes) = bytes_rx.recv() => {
                let _ = terminal::write_raw(&mut term, &bytes);
                None
            }
            _ = sigterm.recv() => Some(Msg::Quit),
            _ = sighup.recv() => Some(Msg::Quit),
            _ = sigint.recv() => Some(Msg::Quit),
        };
        let Some(msg) = msg else { continue };
        let mut quit = false;
        for effect in crate::app::update(&mut state, msg) {
            match effect {
                Effect::Job(job) => submit(&jobs, job)?,
                Effect::Alert(alert, channels) => notifier.signal(&alert, channels),
                Effect::Quit => quit = true,
            }
        }
        if quit {
            break;
        }
        if state.dirty {
            // A failed draw after a hang-up is not an error worth reporting.
            if terminal::draw(&mut term, &state).is_err() {
                break;
            }
            state.dirty = false;
            frames += 1;
        }
    }
    // ratatui shows the cursor again when the terminal is dropped and complains on
    // stderr if it cannot (after a hang-up); do it here, quietly.
    if term.show_cursor().is_err() {
        std::mem::forget(term);
    }
    let secs = session.elapsed().as_secs_f64();
    let total = sent.load(Ordering::Relaxed);
    tracing::info!(
        "console: {frames} frames, {total} bytes to the terminal in {secs:.1} s \
         after the first frame ({:.0} bytes/s)",
        (total - first_bytes) as f64 / secs.max(0.001)
    );
    Ok(())
}

fn submit(jobs: &std::sync::mpsc::Sender<Job>, job: Job) -> DeskResult<()> {
    jobs.send(job)
        .map_err(|_| DeskError::internal("console.worker_gone"))
}

/// Time to the next whole second of the desk's clock, so the header ticks on the
/// second.
fn until_next_second(clock: &dyn Clock) -> Duration {
    let ms = clock.now().timestamp_subsec_millis();
    Duration::from_millis(u64::from(1000 - ms.min(999)))
}
