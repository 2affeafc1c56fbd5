//! The console's behaviour without a terminal, in the Elm style: [`State`] is plain
//! data, [`Msg`] comes in (keys, clock, data), [`update`] changes the state and returns
//! [`Effect`]s (database jobs, alerts, quit) for the runtime to carry out. The keymap
//! table drives key handling, the footer and the help screen. Tests type keys into
//! `update` and run the jobs against a real database.
//!
//! Extending it (flags, approvals, handover):
//! - a screen: a [`View`] variant, bindings in [`keymap::BINDINGS`] (a new
//!   [`keymap::Scope`] if needed), its data in [`load::Query`]/[`load::Loaded`], and a
//!   render file under `console/views/`;
//! - a dashboard panel or the header's shift: a provider in
//!   [`providers::Providers::standard`].
//!
//! The approvals screens (requests, returns, filing, gate context, leaders' alerts)
//! live in [`approvals`], [`request_form`] and [`approvals_panel`], hooked into
//! `update`, `load` and `State` at one line each.

pub mod alerts;
pub mod approvals;
pub mod approvals_panel;
pub mod command;
pub mod flag_case;
pub mod form;
pub mod gatelog;
pub mod handover;
pub mod handover_panel;
pub mod help;
pub mod input;
pub mod key;
pub mod keymap;
pub mod load;
pub mod msg;
pub mod providers;
pub mod request_form;
pub mod shift;
pub mod state;
pub mod update;
pub mod view;

#[cfg(test)]
pub(crate) mod handover_tests;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod tests_approvals;
#[cfg(test)]
mod tests_flags;
#[cfg(test)]
mod tests_gate;
#[cfg(test)]
mod tests_zone;

pub use key::{Key, KeyCode};
pub use msg::{Effect, Msg};
pub use state::State;
pub use update::{start, update};
pub use view::View;
