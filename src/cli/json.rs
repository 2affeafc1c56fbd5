//! JSON forms of records for `--format json` (JSON Lines: one object per line).

use crate::clock::Zone;
use crate::domain::entry::GateEntry;
use crate::domain::text::sanitize;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

/// One JSON Lines record as printed: serde_json already escapes C0 controls, and
/// everything else a terminal could act on or a reader could not see (C1 controls
/// such as U+009B, bidi overrides such as U+202E, zero-width characters, DEL), in
/// values and keys alike, is replaced by U+FFFD. Every `--format json` line goes
/// through here, so a row tampered with behind the program's back cannot drive the
/// terminal of whoever lists it.
pub fn line(v: &Value) -> String {
    sanitize(&v.to_string())
}

/// Prints one record (see `line`).
pub fn print(v: &Value) {
    println!("{}", line(v));
}

/// RFC 3339 with the site's local offset.
pub fn time(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// An entry with the keys the issue names, plus threshold, operator and visit details.
pub fn entry(zone: Zone, e: &GateEntry) -> Value {
    json!({
        "id": e.id,
        "at": time(zone, e.at),
        "gate": sanitize(&e.gate),
        "direction": e.direction,
        "person_id": e.person_id.as_deref().map(sanitize),
        "name": sanitize(&e.name),
        "kind": e.kind,
        "temp": e.temp.as_celsius(),
        "code": e.code,
        "venue_scan": e.venue_scan,
        "decision": e.decision,
        "reasons": e.reasons,
        "flagged": e.flagged,
        "threshold": e.threshold.as_celsius(),
        "operator": sanitize(&e.operator),
        "host": e.host_id.as_deref().map(sanitize),
        "reason": e.visit_reason.as_deref().map(sanitize),
        "approval_id": e.approval_id,
        "warnings": e.warnings,
        "open_case": e.open_case,
        "void": e.void.as_ref().map(|v| json!({
            "by": sanitize(&v.by),
            "at": time(zone, v.at),
            "reason": sanitize(&v.reason),
        })),
    })
}
