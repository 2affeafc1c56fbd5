//! The database worker: one thread owns the operator's `Desk` and runs the app's jobs
//! in order, so the interface never waits on SQLite. Loads are coalesced: of the
//! loads waiting together only the newest runs (older ones would be stale on arrival);
//! writes always run, in order.

use crate::app::Msg;
use crate::app::load::Job;
use crate::app::providers::Providers;
use crate::i18n::Lang;
use crate::service::Desk;
use std::sync::mpsc::{Receiver, Sender, channel};
use tokio::sync::mpsc::UnboundedSender;

/// Starts the worker; jobs go into the returned sender, answers come out of `out`.
pub fn spawn(
    desk: Desk,
    providers: Providers,
    lang: Lang,
    out: UnboundedSender<Msg>,
) -> std::io::Result<Sender<Job>> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("desk-worker".into())
        .spawn(move || run(desk, providers, lang, rx, out))?;
    Ok(tx)
}

fn run(
    mut desk: Desk,
    providers: Providers,
    lang: Lang,
    jobs: Receiver<Job>,
    out: UnboundedSender<Msg>,
) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        for job in coalesce(batch) {
            let msg = job.run(&mut desk, &providers, lang);
            if out.send(msg).is_err() {
                return; // the console has gone
            }
        }
    }
}

/// Keeps every write and only the newest load, in arrival order.
pub fn coalesce(batch: Vec<Job>) -> Vec<Job> {
    let last_load = batch.iter().rposition(Job::is_load);
    batch
        .into_iter()
        .enumerate()
        .filter(|(i, j)| !j.is_load() || Some(*i) == last_load)
        .map(|(_, j)| j)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::load::Query;

    #[test]
    fn keeps_writes_and_only_the_newest_load() {
        let load = |seq| Job::Load {
            seq,
            query: Query::default(),
        };
        let write = Job::Register(Default::default());
        let kept = coalesce(vec![load(1), write.clone(), load(2), load(3)]);
        assert_eq!(kept, vec![write, load(3)]);
    }
}
