//! Bulk loading for demo seeding: secondary indexes on `entries` are dropped for the
//! load and rebuilt once at the end (sorting once is far cheaper than ten million
//! scattered index inserts). Runs inside the caller's transaction, so a failed load
//! leaves the schema and data as they were.

use rusqlite::Connection;

/// The secondary indexes of `entries`, exactly as the migrations create them.
pub const ENTRY_INDEXES: &[(&str, &str)] = &[
    ("entries_at", "CREATE INDEX entries_at ON entries (at)"),
    (
        "entries_person_at",
        "CREATE INDEX entries_person_at ON entries (person_id, at) WHERE person_id IS NOT NULL",
    ),
    (
        "entries_visitor_at",
        "CREATE INDEX entries_visitor_at ON entries (visitor_id, at) WHERE visitor_id IS NOT NULL",
    ),
    (
        "entries_flagged_at",
        "CREATE INDEX entries_flagged_at ON entries (at) WHERE flagged = 1",
    ),
    (
        "entries_denied_at",
        "CREATE INDEX entries_denied_at ON entries (at) WHERE denied = 1",
    ),
];

pub fn drop_entry_indexes(conn: &Connection) -> rusqlite::Result<()> {
    for (name, _) in ENTRY_INDEXES {
        // Index names are our own constants, not data; DROP INDEX takes no parameters.
        conn.execute_batch(&["DROP INDEX IF EXISTS ", name].concat())?;
    }
    Ok(())
}

pub fn create_entry_indexes(conn: &Connection) -> rusqlite::Result<()> {
    for (_, sql) in ENTRY_INDEXES {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// The secondary indexes of `health_readings`, exactly as the migrations create them
/// (the unique key stays: seeding inserts in its order).
pub const HEALTH_INDEXES: &[(&str, &str)] = &[
    (
        "health_readings_person",
        "CREATE INDEX health_readings_person ON health_readings (person_id, day)",
    ),
    (
        "health_readings_abnormal",
        "CREATE INDEX health_readings_abnormal ON health_readings (day) WHERE abnormal = 1",
    ),
];

pub fn drop_health_indexes(conn: &Connection) -> rusqlite::Result<()> {
    for (name, _) in HEALTH_INDEXES {
        // Our own constant names; DROP INDEX takes no parameters.
        conn.execute_batch(&["DROP INDEX IF EXISTS ", name].concat())?;
    }
    Ok(())
}

pub fn create_health_indexes(conn: &Connection) -> rusqlite::Result<()> {
    for (_, sql) in HEALTH_INDEXES {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// True when the database holds no people and no entries.
pub fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM entries)",
        [],
        |r| r.get(0),
    )
}

/// Larger page cache for the load (negative = KiB).
pub fn set_cache_kib(conn: &Connection, kib: i64) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -kib)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_definitions_match_the_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.db")).unwrap();
        for (name, sql) in ENTRY_INDEXES.iter().chain(HEALTH_INDEXES) {
            let stored: String = store
                .conn()
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(&stored, sql);
        }
    }
}
