//! The only place that knows SQL. Opens the shared database (WAL, `synchronous=FULL`,
//! foreign keys, busy timeout), applies migrations, and offers typed queries. Every
//! statement binds its parameters. Writes run in `BEGIN IMMEDIATE` transactions, and
//! the audit row of a change is appended inside the same transaction.

pub mod approvals;
pub mod audit;
pub mod audit_rows;
pub mod audit_verify;
pub mod bulk;
pub mod calllog;
pub mod contacts;
pub mod directives;
pub mod entries;
pub mod flags;
pub mod handover;
pub mod health;
pub mod incidents;
pub mod meta;
pub mod migrations;
pub mod people;
pub mod people_search;
pub mod roster;
pub mod search;
pub mod visitors;

use crate::error::{DeskError, DeskResult};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a dutydesk database ('DUTY').
pub const APPLICATION_ID: i64 = 0x4455_5459;

/// How long a writer waits for another process's write to finish before giving up.
/// Gate bursts are short; a long wait is better than a refused registration.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Page cache per connection, in KiB.
const CACHE_KIB: i64 = 64 * 1024;

/// WAL size (pages) at which a committing connection checkpoints.
const WAL_CHECKPOINT_PAGES: i64 = 10_000;

/// An open dutydesk database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating with mode 0600 if missing) and migrates the database. A file that
    /// is not SQLite, belongs to another program, or has a newer schema is refused
    /// without being modified.
    pub fn open(path: &Path) -> DeskResult<Store> {
        if !probe(path)? {
            create_private_file(path)?;
        }
        Self::open_with_retries(path)
    }

    /// Opens an existing database and migrates it; a path with no file is refused
    /// (`db.missing`) and nothing is created, neither the file nor its directory. For
    /// commands that only read: a mistyped `--db` must not leave an empty desk behind.
    pub fn open_existing(path: &Path) -> DeskResult<Store> {
        if !probe(path)? {
            return Err(DeskError::invalid("db.missing").arg("path", path.display()));
        }
        Self::open_with_retries(path)
    }

    fn open_with_retries(path: &Path) -> DeskResult<Store> {
        // Several gate processes starting at once on a new file can meet SQLite's
        // lock-free BUSY answers (switching to WAL, WAL recovery) that the busy
        // timeout does not cover. Every step below is idempotent, so a busy open is
        // simply tried again, with growing pauses, for up to about half a minute.
        let mut pause = Duration::from_millis(20);
        let started = std::time::Instant::now();
        loop {
            match Self::connect(path) {
                Err(e) if e.key == "db.busy" && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(500));
                }
                other => return other,
            }
        }
    }

    /// One attempt at opening: connect, check ownership and version, set the pragmas,
    /// apply pending migrations.
    fn connect(path: &Path) -> DeskResult<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| open_error(path, e))?;
        rusqlite::vtab::array::load_module(&conn).map_err(|e| open_error(path, e))?;
        check_ownership(&conn, path)?;
        let found = migrations::user_version(&conn).map_err(|e| open_error(path, e))?;
        if found > migrations::latest() {
            return Err(DeskError::invalid("db.too_new")
                .arg("path", path.display())
                .arg("found", found)
                .arg("known", migrations::latest()));
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| open_error(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| open_error(path, e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| open_error(path, e))?;
        // Statement journals (savepoints) and sorts in memory, not in temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(|e| open_error(path, e))?;
        // Room for the pages one ingest group dirties (a random leaf of the per-person
        // index per entry, on a year of data) plus every index's interior pages. The
        // default 2 MiB spilled dirty pages to the WAL mid-transaction and read them
        // back. Memory is taken only as pages are used.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(|e| open_error(path, e))?;
        // Checkpoint every ~40 MiB of WAL instead of every 4 MiB: a group of 2,000
        // entries on a year of data dirties more than the default 1,000 pages, so every
        // commit also ran a checkpoint with two more fsyncs.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(|e| open_error(path, e))?;
        migrations::apply(&mut conn).map_err(|e| open_error(path, e))?;
        audit_rows::register(&conn).map_err(|e| open_error(path, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the typed read queries in this module's children.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one immediate write transaction and commits it; any error rolls
    /// the whole change back, so nothing is half-written.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Transaction) -> DeskResult<T>) -> DeskResult<T> {
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&mut tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` under a savepoint of the enclosing transaction: its changes stay when it
    /// succeeds and are undone when it fails, leaving the rest of the transaction as it
    /// was (one bad line of an ingest batch does not take the others down). The three
    /// statements are prepared once per connection.
    pub fn in_savepoint<T, E: From<rusqlite::Error>>(
        conn: &Connection,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        conn.prepare_cached("SAVEPOINT desk_line")?.execute([])?;
        match f() {
            Ok(v) => {
                conn.prepare_cached("RELEASE desk_line")?.execute([])?;
                Ok(v)
            }
            Err(e) => {
                conn.prepare_cached("ROLLBACK TO desk_line")?.execute([])?;
                conn.prepare_cached("RELEASE desk_line")?.execute([])?;
                Err(e)
            }
        }
    }

    /// Bulk mode for demo seeding only: no fsync, no foreign-key lookups per row (the
    /// generator makes consistent rows), and a second sorter thread for index builds.
    pub fn set_bulk_mode(&self, on: bool) -> DeskResult<()> {
        self.conn
            .pragma_update(None, "synchronous", if on { "OFF" } else { "FULL" })?;
        self.conn
            .pragma_update(None, "foreign_keys", if on { "OFF" } else { "ON" })?;
        self.conn
            .pragma_update(None, "threads", if on { 2 } else { 0 })?;
        Ok(())
    }

    /// Sets this connection's page cache to `kib` KiB, or back to the default with
    /// `None`. A bulk import holds one long transaction whose pages are each written
    /// once: a small cache that spills to the WAL costs little there, and keeps the
    /// import's memory bounded beside what it holds itself.
    pub fn set_cache_kib(&self, kib: Option<i64>) -> DeskResult<()> {
        self.conn
            .pragma_update(None, "cache_size", -kib.unwrap_or(CACHE_KIB))?;
        Ok(())
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> DeskResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check` result ("ok" when sound).
    pub fn integrity_check(&self) -> DeskResult<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> DeskResult<i64> {
        Ok(migrations::user_version(&self.conn)?)
    }
}

fn open_error(path: &Path, e: rusqlite::Error) -> DeskError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            DeskError::invalid("db.not_sqlite").arg("path", path.display())
        }
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied) => {
            DeskError::invalid("db.unreadable")
                .arg("path", path.display())
                .arg("detail", e)
        }
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            DeskError::internal("db.busy")
        }
        _ => DeskError::internal("db.open_failed")
            .arg("path", path.display())
            .arg("detail", e),
    }
}

/// Whether a database file is at `path` (false: nothing there yet). Looks at the
/// metadata only and never opens the file: SQLite keeps its locks as POSIX advisory
/// locks, which belong to the process, and closing *any* descriptor of the file drops
/// all of them, even those of this process's open connections (the console has two).
/// Another client would then think the database unused and delete the WAL under us.
/// Whether the file is SQLite at all is left to SQLite: reading the header in
/// `check_ownership` answers `NotADatabase` before anything is written.
fn probe(path: &Path) -> DeskResult<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            Err(DeskError::invalid("db.is_directory").arg("path", path.display()))
        }
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(DeskError::invalid("db.unreadable")
            .arg("path", path.display())
            .arg("detail", e)),
    }
}

/// Refuses another program's SQLite database before anything is written to it.
fn check_ownership(conn: &Connection, path: &Path) -> DeskResult<()> {
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| open_error(path, e))?;
    if app_id == APPLICATION_ID {
        return Ok(());
    }
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| open_error(path, e))?;
    if app_id == 0 && objects == 0 {
        return Ok(()); // an empty SQLite file: ours to initialise
    }
    Err(DeskError::invalid("db.foreign").arg("path", path.display()))
}

/// Creates the database file (and its directory) readable by the owner only: it holds
/// health data and resident IDs. `create_new` (O_EXCL) never opens a file that already
/// exists, so this descriptor can only be of a new, empty file no connection uses yet.
fn create_private_file(path: &Path) -> DeskResult<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            DeskError::invalid("db.create_failed")
                .arg("path", path.display())
                .arg("detail", e)
        })?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it first: fine, it is a new database either way.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(DeskError::invalid("db.create_failed")
            .arg("path", path.display())
            .arg("detail", e)),
    }
}
