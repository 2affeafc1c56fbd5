//! The terminal: raw mode, alternate screen, bracketed paste, optional mouse capture;
//! restored on every way out — normal quit, panic (hook), SIGTERM and SIGHUP (the
//! runtime quits cleanly on those). Output goes through a counting, buffered writer
//! so the idle cost of the console (bytes per second) can be measured.

use super::backend::DeskBackend;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Standard output, buffered (one write per frame), counting the bytes it sends.
pub struct Output {
    inner: BufWriter<Stdout>,
    sent: Arc<AtomicU64>,
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sent.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The console's terminal: the desk backend over the counting standard output.
pub type Term = Terminal<DeskBackend<Output>>;

/// Set while the terminal is in console mode; restoring twice does nothing.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal into console mode. The returned counter holds the bytes sent.
pub fn setup(mouse: bool) -> io::Result<(Term, Arc<AtomicU64>)> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    let sent = Arc::new(AtomicU64::new(0));
    let output = Output {
        inner: BufWriter::with_capacity(64 * 1024, io::stdout()),
        sent: Arc::clone(&sent),
    };
    let term = Terminal::new(DeskBackend::new(output))?;
    Ok((term, sent))
}

/// Back to the shell's terminal. Safe to call more than once and from a panic; errors
/// are ignored (after SIGHUP there may be no terminal left to write to).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so the message is
/// readable and the shell usable.
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!("panic: {info}");
        previous(info);
    }));
}

/// Restores the terminal when dropped (the normal way out, and early returns).
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Draws one frame inside a synchronized update, so the terminal shows it whole.
/// The backend is shown the whole intended frame before ratatui sends the changed
/// cells, so it can redraw cells a wide character spoiled exactly as they are meant
/// to be. Generic over the writer so the terminal-model tests run this very path on
/// bytes they capture.
pub fn draw<W: Write>(
    term: &mut Terminal<DeskBackend<W>>,
    state: &crate::app::State,
) -> io::Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    let next = term.backend().next_frame();
    term.draw(|f| {
        super::view(state, f);
        *next.borrow_mut() = Some(f.buffer_mut().clone());
    })?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

/// Writes bytes from the notifier (bell, OSC 777) between frames.
pub fn write_raw(term: &mut Term, bytes: &[u8]) -> io::Result<()> {
    let w = term.backend_mut();
    w.write_all(bytes)?;
    w.flush()
}
