-- Core schema: people, visitors, gate entries, the audit chain.
-- Instants are UTC milliseconds; temperatures are integer tenths of a degree.

PRAGMA application_id = 1146442841; -- 'DUTY': marks the file as dutydesk's

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    id          TEXT PRIMARY KEY,          -- 学号 / 工号
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('student', 'staff')),
    department  TEXT NOT NULL,
    class       TEXT,
    resident_id TEXT,
    phone       TEXT,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX people_name ON people (name);

CREATE TABLE visitors (
    id          INTEGER PRIMARY KEY,
    resident_id TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX visitors_name ON visitors (name);

CREATE TABLE entries (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    gate         TEXT NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    person_id    TEXT REFERENCES people (id),
    visitor_id   INTEGER REFERENCES visitors (id),
    host_id      TEXT REFERENCES people (id),
    visit_reason TEXT,
    temp         INTEGER NOT NULL,
    code         TEXT CHECK (code IN ('green', 'yellow', 'red')),
    venue_scan   INTEGER NOT NULL CHECK (venue_scan IN (0, 1)),
    denied       INTEGER NOT NULL CHECK (denied IN (0, 1)),
    reasons      INTEGER NOT NULL DEFAULT 0,   -- bit set of reason codes
    flagged      INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    threshold    INTEGER NOT NULL,             -- the fever threshold applied
    operator     TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (visitor_id IS NULL))
);
-- Latest entries and one day's entries: a range on `at`, newest first.
CREATE INDEX entries_at ON entries (at);
-- One person's entries.
CREATE INDEX entries_person_at ON entries (person_id, at) WHERE person_id IS NOT NULL;
CREATE INDEX entries_visitor_at ON entries (visitor_id, at) WHERE visitor_id IS NOT NULL;
-- Flagged and denied entries are rare: small partial indexes keep them instant.
CREATE INDEX entries_flagged_at ON entries (at) WHERE flagged = 1;
CREATE INDEX entries_denied_at ON entries (at) WHERE denied = 1;

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    operator  TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    details   TEXT NOT NULL,      -- JSON
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
