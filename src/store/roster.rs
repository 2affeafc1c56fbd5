//! The duty roster (排班): who leads and who staffs each shift on each date.

use crate::domain::handover::Duty;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Replaces one shift's duty. Returns true when the shift was rostered before.
pub fn replace_shift(
    conn: &Connection,
    date: NaiveDate,
    shift: &str,
    duty: &Duty,
) -> rusqlite::Result<bool> {
    let date = date_text(date);
    let removed = conn
        .prepare_cached("DELETE FROM roster WHERE date = ?1 AND shift = ?2")?
        .execute(params![date, shift])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO roster (date, shift, role, operator, position) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    if let Some(l) = &duty.leader {
        insert.execute(params![date, shift, "leader", l, 0])?;
    }
    for (i, o) in duty.officers.iter().enumerate() {
        insert.execute(params![date, shift, "officer", o, i as i64])?;
    }
    Ok(removed > 0)
}

/// The duty of one shift (empty when not rostered).
pub fn duty(conn: &Connection, date: NaiveDate, shift: &str) -> rusqlite::Result<Duty> {
    let mut stmt = conn.prepare_cached(
        "SELECT role, operator FROM roster WHERE date = ?1 AND shift = ?2 ORDER BY role, position",
    )?;
    let rows = stmt.query_map(params![date_text(date), shift], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut duty = Duty::default();
    for row in rows {
        let (role, operator) = row?;
        if role == "leader" {
            duty.leader = Some(operator);
        } else {
            duty.officers.push(operator);
        }
    }
    Ok(duty)
}

/// Every rostered shift with a start date in `[from, until)`, keyed by (date, shift).
pub fn range(
    conn: &Connection,
    from: NaiveDate,
    until: NaiveDate,
) -> rusqlite::Result<BTreeMap<(NaiveDate, String), Duty>> {
    let mut stmt = conn.prepare_cached(
        "SELECT date, shift, role, operator FROM roster
         WHERE date >= ?1 AND date < ?2 ORDER BY date, shift, role, position",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(until)], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out: BTreeMap<(NaiveDate, String), Duty> = BTreeMap::new();
    for row in rows {
        let (date, shift, role, operator) = row?;
        let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
            continue;
        };
        let duty = out.entry((date, shift)).or_default();
        if role == "leader" {
            duty.leader = Some(operator);
        } else {
            duty.officers.push(operator);
        }
    }
    Ok(out)
}
