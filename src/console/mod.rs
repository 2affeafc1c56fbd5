//! The full-screen console: pure rendering of the app state (`views`), and the
//! runtime that owns the terminal — setup and restore (also on panic, SIGTERM and
//! SIGHUP), the event loop over keys, the one-second clock and the database-change
//! watcher, and drawing only when something changed, in synchronized updates.

mod ambiguous;
mod backend;
pub mod demo;
mod keys;
pub mod layout;
pub mod probe;
pub mod runtime;
pub mod terminal;
pub mod text;
pub mod theme;
mod views;
mod watcher;
mod worker;

#[cfg(test)]
mod handover_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_approvals;
#[cfg(test)]
mod tests_flags;
#[cfg(test)]
mod tests_terminal_model;
#[cfg(test)]
mod theme_contrast;

pub use runtime::{Launch, run};
pub use views::view;
