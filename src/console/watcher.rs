//! Notices commits by any other connection or process: polls `PRAGMA data_version`
//! about four times a second on its own connection (autocommit, so no read
//! transaction is held between polls) and signals a change through a channel of one
//! slot — while a change is already waiting, further ones are dropped.

use crate::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc::Sender;

pub const POLL: Duration = Duration::from_millis(250);
/// Wait after a failed poll (a busy or vanished database), so errors do not spin.
const BACKOFF: Duration = Duration::from_secs(2);

/// Stops the watcher when dropped.
pub struct Watcher {
    stop: Arc<AtomicBool>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

pub fn spawn(store: Store, changed: Sender<()>) -> std::io::Result<Watcher> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("desk-watcher".into())
        .spawn(move || {
            let mut last = store.data_version().ok();
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(POLL);
                match store.data_version() {
                    Ok(v) if Some(v) != last => {
                        last = Some(v);
                        // Full: a reload is already due, this change rides along.
                        let _ = changed.try_send(());
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!("data_version poll failed: {e}");
                        std::thread::sleep(BACKOFF);
                    }
                }
            }
        })?;
    Ok(Watcher { stop })
}
