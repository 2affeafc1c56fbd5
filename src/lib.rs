//! dutydesk: a terminal console for a college's 7x24 duty desk.
//!
//! Layers (each may use only those to its right):
//! `cli` / `console` → `app` → `service` → `store` → `domain`.
//! See `docs/architecture.md`.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod logging;
pub mod notify;
pub mod report;
pub mod service;
pub mod store;
