//! Entries of a few given people and visitors, newest first, found through the
//! per-person and per-visitor indexes. Scanning the whole log newest-first for a
//! filter is fast when the matches are dense (a common name, a gate) and very slow
//! when they are rare (one visitor in ten million entries): this is the other path.

use super::entries::EntryFilter;
use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};
use std::rc::Rc;

/// Ids of the newest `f.limit` entries of these people and visitors that also meet
/// `f`'s time, paging, flagged and denied conditions (`f.matching`, `f.gate`,
/// `f.person_id` and `f.visitor_id` are not looked at). The WHERE clauses are fixed
/// fragments; every value is bound.
pub fn subject_entry_ids(
    conn: &Connection,
    person_ids: &[String],
    visitor_ids: &[i64],
    f: &EntryFilter,
) -> rusqlite::Result<Vec<i64>> {
    let mut extra: Vec<&str> = Vec::new();
    let mut extra_values: Vec<Value> = Vec::new();
    if let Some(v) = f.since_ms {
        extra.push("at >= ?");
        extra_values.push(Value::from(v));
    }
    if let Some(v) = f.until_ms {
        extra.push("at < ?");
        extra_values.push(Value::from(v));
    }
    if let Some((at, id)) = f.before {
        extra.push("(at < ? OR (at = ? AND id < ?))");
        extra_values.extend([Value::from(at), Value::from(at), Value::from(id)]);
    }
    if f.flagged_only {
        extra.push("flagged = 1");
    }
    if f.denied_only {
        extra.push("denied = 1");
    }
    let tail: String = extra.iter().map(|c| format!(" AND {c}")).collect();
    let sql = format!(
        "SELECT id FROM (
           SELECT id, at FROM entries WHERE person_id IS NOT NULL AND person_id IN rarray(?){tail}
           UNION ALL
           SELECT id, at FROM entries WHERE visitor_id IS NOT NULL AND visitor_id IN rarray(?){tail}
         ) ORDER BY at DESC, id DESC LIMIT ?"
    );
    let people: Vec<Value> = person_ids.iter().cloned().map(Value::from).collect();
    let visitors: Vec<Value> = visitor_ids.iter().copied().map(Value::from).collect();
    let mut values: Vec<Box<dyn ToSql>> = Vec::new();
    values.push(Box::new(Rc::new(people)));
    values.extend(
        extra_values
            .iter()
            .cloned()
            .map(|v| Box::new(v) as Box<dyn ToSql>),
    );
    values.push(Box::new(Rc::new(visitors)));
    values.extend(
        extra_values
            .into_iter()
            .map(|v| Box::new(v) as Box<dyn ToSql>),
    );
    values.push(Box::new(f.limit as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let params: Vec<&dyn ToSql> = values.iter().map(|b| b.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), |r| r.get(0))?;
    rows.collect()
}
