//! The person search's index: pinyin keys per person (`people_search`), and the
//! lookups by id, resident ID, name and pinyin. Every value is bound.

use super::people;
use crate::domain::person::Person;
use crate::domain::person_search::{MatchKind, Query, pinyin_keys, prefix_upper_bound};
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// Replaces a person's keys with those of `name` (after an insert or an update).
pub fn replace_keys(conn: &Connection, person_id: &str, name: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM people_search WHERE person_id = ?1")?
        .execute([person_id])?;
    let mut insert = conn
        .prepare_cached("INSERT OR IGNORE INTO people_search (key, person_id) VALUES (?1, ?2)")?;
    for key in pinyin_keys(name) {
        insert.execute(params![key, person_id])?;
    }
    Ok(())
}

/// Computes the keys of every person on file (run once, by the migration that
/// adds the table, inside its transaction).
pub fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let all: Vec<(String, String)> = {
        let mut stmt = conn.prepare("SELECT id, name FROM people")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (id, name) in all {
        replace_keys(conn, &id, &name)?;
    }
    Ok(())
}

/// The roster id a guard's text names, when it names exactly one person: the id
/// as stored, the id in another case or in full width (`ｔ００００１`), or the
/// person's resident ID. Names and pinyin are not resolved here: they may name
/// several people, which is for a pick list to settle.
pub fn resolve_id(conn: &Connection, text: &str) -> rusqlite::Result<Option<String>> {
    if people::exists(conn, text)? {
        return Ok(Some(text.to_string()));
    }
    let found = match Query::parse(text) {
        Some(Query::ResidentId(rid)) => ids(
            conn,
            "SELECT id FROM people WHERE resident_id = ?1 LIMIT 2",
            params![rid],
        )?,
        Some(Query::Ascii { id, .. }) => ids(
            conn,
            "SELECT id FROM people WHERE id = ?1 COLLATE NOCASE LIMIT 2",
            params![id],
        )?,
        _ => Vec::new(),
    };
    Ok(match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// One person found, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub person: Person,
    pub matched: MatchKind,
}

/// The people a query finds, best first, at most `limit`; and how many were
/// found in all (so a caller can say how many more there are).
///
/// Ranking: exact id, resident ID, exact name, name prefix, exact pinyin key,
/// pinyin prefix; within a rank by id. A person found several ways counts once,
/// under the best.
pub fn find(conn: &Connection, query: &Query, limit: usize) -> rusqlite::Result<(Vec<Hit>, usize)> {
    // (kind, exact) per person id, the best seen.
    let mut best: HashMap<String, (MatchKind, bool)> = HashMap::new();
    let mut note = |ids: Vec<String>, kind: MatchKind, exact: bool| {
        for id in ids {
            let rank = (kind, !exact);
            best.entry(id)
                .and_modify(|r| {
                    if rank < (r.0, !r.1) {
                        *r = (kind, exact);
                    }
                })
                .or_insert((kind, exact));
        }
    };
    match query {
        Query::ResidentId(rid) => {
            note(
                ids(
                    conn,
                    "SELECT id FROM people WHERE resident_id = ?1",
                    params![rid],
                )?,
                MatchKind::ResidentId,
                true,
            );
        }
        Query::Ascii { id, pinyin } => {
            note(
                ids(
                    conn,
                    "SELECT id FROM people WHERE id = ?1 COLLATE NOCASE",
                    params![id],
                )?,
                MatchKind::Id,
                true,
            );
            if let Some(key) = pinyin {
                note(
                    ids(
                        conn,
                        "SELECT person_id FROM people_search WHERE key = ?1",
                        params![key],
                    )?,
                    MatchKind::Pinyin,
                    true,
                );
                if let Some(upper) = prefix_upper_bound(key) {
                    note(
                        ids(
                            conn,
                            "SELECT DISTINCT person_id FROM people_search WHERE key > ?1 AND key < ?2",
                            params![key, upper],
                        )?,
                        MatchKind::Pinyin,
                        false,
                    );
                }
            }
        }
        Query::Name(name) => {
            note(
                ids(conn, "SELECT id FROM people WHERE name = ?1", params![name])?,
                MatchKind::Name,
                true,
            );
            if let Some(upper) = prefix_upper_bound(name) {
                note(
                    ids(
                        conn,
                        "SELECT id FROM people WHERE name > ?1 AND name < ?2",
                        params![name, upper],
                    )?,
                    MatchKind::Name,
                    false,
                );
            }
        }
    }
    let total = best.len();
    let mut ranked: Vec<(String, MatchKind, bool)> =
        best.into_iter().map(|(id, (k, e))| (id, k, e)).collect();
    ranked.sort_by(|a, b| (a.1, !a.2, &a.0).cmp(&(b.1, !b.2, &b.0)));
    let mut hits = Vec::new();
    for (id, matched, _) in ranked.into_iter().take(limit) {
        if let Some(person) = people::get(conn, &id)? {
            hits.push(Hit { person, matched });
        }
    }
    Ok((hits, total))
}

fn ids(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, |r| r.get(0))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::{self, PEOPLE_SEARCH, STEPS};

    /// A database from before the search keys, with people on file: the first
    /// open by this binary computes their keys in the migration's transaction.
    #[test]
    fn an_old_database_gets_the_keys_of_its_people_on_first_open() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before = STEPS.iter().position(|s| *s == PEOPLE_SEARCH).unwrap();
        for step in &STEPS[..before] {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64)
            .unwrap();
        conn.execute(
            "INSERT INTO people (id, name, kind, department, updated_at)
             VALUES ('T00001', '张三', 'staff', '保卫处', 0)",
            [],
        )
        .unwrap();
        assert_eq!(migrations::apply(&mut conn).unwrap(), migrations::latest());
        let query = Query::parse("zs").unwrap();
        let (hits, total) = find(&conn, &query, 10).unwrap();
        assert_eq!(total, 1);
        assert_eq!(hits[0].person.id, "T00001");
        assert_eq!(hits[0].matched, MatchKind::Pinyin);
    }

    #[test]
    fn a_renamed_person_is_found_by_the_new_name_only() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::apply(&mut conn).unwrap();
        let mut p = Person {
            id: "S1".into(),
            name: "张三".into(),
            kind: crate::domain::PersonKind::Student,
            department: "D".into(),
            class: None,
            resident_id: None,
            phone: None,
        };
        people::upsert(&conn, &p, 0).unwrap();
        p.name = "李四".into();
        people::upsert(&conn, &p, 1).unwrap();
        let zs = find(&conn, &Query::parse("zs").unwrap(), 10).unwrap();
        assert_eq!(zs.1, 0);
        let ls = find(&conn, &Query::parse("lisi").unwrap(), 10).unwrap();
        assert_eq!(ls.0[0].person.id, "S1");
    }
}
