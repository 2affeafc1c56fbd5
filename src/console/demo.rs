//! The simulated gate feed of `dutydesk --demo`: a background thread that registers
//! a rostered person at a random gate every few seconds, through the same service
//! call as the form, as the demo's gate operator. Now and then a reading is a fever
//! or the code is red, so a newcomer sees the alerts and the flags panel move. The
//! feed writes on its own connection, so the console sees it like any other process.

use crate::domain::{CodeColour, Direction};
use crate::service::Desk;
use crate::service::entries::EntryInput;
use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// People the feed picks from (the first of the roster, a windowed read).
const POOL: usize = 5000;

/// Stops the feed when dropped.
pub struct Feed {
    stop: Arc<AtomicBool>,
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

pub fn start(desk: Desk) -> std::io::Result<Feed> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("demo-feed".into())
        .spawn(move || run(desk, &flag))?;
    Ok(Feed { stop })
}

fn run(mut desk: Desk, stop: &AtomicBool) {
    let ids: Vec<String> = match desk.list_people(POOL, 0) {
        Ok(people) => people.into_iter().map(|p| p.id).collect(),
        Err(e) => {
            tracing::warn!("demo feed: cannot read the roster: {e}");
            return;
        }
    };
    let gates = desk.config.gate_names();
    if ids.is_empty() || gates.is_empty() {
        return;
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut n: u64 = 0;
    loop {
        // Two to five seconds, checked in small steps so quitting is prompt.
        let wait = rng.random_range(20..=50);
        for _ in 0..wait {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        n += 1;
        let input = next_entry(&mut rng, n, &ids, &gates);
        if let Err(e) = desk.register_entry(&input) {
            tracing::warn!("demo feed: {e}");
        }
    }
}

/// The `n`-th simulated registration: the third is always a fever and the sixth a
/// red code (so the alerts show early); after that about one in twelve is a fever
/// and one in twenty-five a red code.
pub fn next_entry(rng: &mut SmallRng, n: u64, ids: &[String], gates: &[String]) -> EntryInput {
    let fever = n == 3 || (n > 6 && rng.random_ratio(1, 12));
    let red = n == 6 || (n > 6 && rng.random_ratio(1, 25));
    let direction = if fever || red || rng.random_ratio(4, 5) {
        Direction::In
    } else {
        Direction::Out
    };
    let temp = if fever {
        rng.random_range(373..=386)
    } else {
        rng.random_range(359..=369)
    };
    let code = if red {
        CodeColour::Red
    } else if rng.random_ratio(1, 40) {
        CodeColour::Yellow
    } else {
        CodeColour::Green
    };
    EntryInput {
        gate: gates.choose(rng).cloned().unwrap_or_default(),
        direction: direction.as_str().to_string(),
        temp: format!("{}.{}", temp / 10, temp % 10),
        code: Some(code.as_str().to_string()),
        venue_scan: !rng.random_ratio(1, 50),
        person_id: ids.choose(rng).cloned(),
        visitor: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_third_reading_is_a_fever_and_the_sixth_a_red_code() {
        let mut rng = SmallRng::seed_from_u64(1);
        let ids = vec!["a".to_string()];
        let gates = vec!["东门".to_string()];
        let third = next_entry(&mut rng, 3, &ids, &gates);
        assert!(third.temp.as_str() >= "37.3", "{}", third.temp);
        assert_eq!(third.direction, "in");
        let sixth = next_entry(&mut rng, 6, &ids, &gates);
        assert_eq!(sixth.code.as_deref(), Some("red"));
        let ordinary = next_entry(&mut rng, 1, &ids, &gates);
        assert!(ordinary.temp.as_str() < "37.0");
    }
}
