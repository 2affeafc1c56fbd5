//! Pure types and rules of the duty desk: no I/O, no clock reads, no SQL.
//! Most unit tests live here.

pub mod approval;
pub mod contact;
pub mod demo;
pub mod entry;
pub mod flag;
pub mod handover;
pub mod health;
pub mod incident;
pub mod person;
pub mod person_search;
pub mod phone;
pub mod resident_id;
pub mod role;
pub mod roster;
pub mod screening;
pub mod shift;
pub mod ssh_key;
pub mod temperature;
pub mod text;
pub mod time;

pub use entry::{CodeColour, Decision, Direction, PersonKind, Reason};
pub use resident_id::ResidentId;
pub use role::{Permission, Role};
pub use temperature::Tenths;
