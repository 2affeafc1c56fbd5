-- Daily health monitoring (晨午晚检): one reading per person, local day and check; and
-- fever cases that come from a reading rather than a gate entry.
-- Instants are UTC milliseconds; temperatures are integer tenths of a degree.

CREATE TABLE health_readings (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL,                -- the site's local date, YYYY-MM-DD
    check_key   TEXT NOT NULL,                -- [[monitoring.checks]] key
    person_id   TEXT NOT NULL REFERENCES people (id),
    temp        INTEGER NOT NULL,
    symptoms    TEXT NOT NULL DEFAULT '',     -- configured symptom keys, comma-separated
    location    TEXT,
    abnormal    INTEGER NOT NULL CHECK (abnormal IN (0, 1)),
    threshold   INTEGER NOT NULL,             -- the fever threshold applied
    source      TEXT NOT NULL CHECK (source IN ('desk', 'import')),
    recorded_by TEXT NOT NULL,
    at          INTEGER NOT NULL,             -- when taken (the form's time) or recorded
    audit_id    INTEGER,                      -- the audit row that last recorded it
    row_hash    INTEGER,                      -- its content hash as written then
    UNIQUE (day, check_key, person_id)
);
-- A new table: no row written before the audit chain recorded rows.
INSERT INTO audit_prehash (tbl, max_rowid) VALUES ('health_readings', 0);
-- The unique key is the index of one day: a day's readings are one range of it
-- (summary), and "has this person a reading for this check" is one seek (missing),
-- so neither grows with the year. One person's history: by person.
CREATE INDEX health_readings_person ON health_readings (person_id, day);
-- Abnormal readings are few: a partial index keeps "abnormal today" instant.
CREATE INDEX health_readings_abnormal ON health_readings (day) WHERE abnormal = 1;
-- The roster by department: a department's expected people without a table scan.
CREATE INDEX people_department ON people (department, class, id);

-- A fever case now comes from a gate entry or from a health reading, never both.
-- SQLite cannot drop NOT NULL in place, so flags and its re-checks are rebuilt (the
-- re-checks first, so no row ever points at a dropped case).
CREATE TABLE flags_new (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER UNIQUE REFERENCES entries (id),
    reading_id  INTEGER UNIQUE REFERENCES health_readings (id),
    person_id   TEXT REFERENCES people (id),
    visitor_id  INTEGER REFERENCES visitors (id),
    first_at    INTEGER NOT NULL,
    first_temp  INTEGER NOT NULL,
    threshold   INTEGER NOT NULL,
    opened_by   TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'cleared', 'observing', 'referred', 'closed')),
    confirmed   INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    recheck_due INTEGER NOT NULL,
    report_due  INTEGER NOT NULL,
    place       TEXT,
    arrived_at  INTEGER,
    observed_by TEXT,
    referred_to TEXT,
    referred_at INTEGER,
    referred_by TEXT,
    note        TEXT,
    reported_to TEXT,
    reported_at INTEGER,
    reported_by TEXT,
    closed_at   INTEGER,
    closed_by   TEXT,
    outcome     TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    audit_id    INTEGER,
    row_hash    INTEGER,
    CHECK ((entry_id IS NULL) <> (reading_id IS NULL)),
    CHECK ((person_id IS NULL) <> (visitor_id IS NULL)),
    CHECK ((status IN ('cleared', 'closed')) = (closed_at IS NOT NULL)),
    CHECK ((reported_to IS NULL) = (reported_at IS NULL))
);
INSERT INTO flags_new (id, entry_id, reading_id, person_id, visitor_id, first_at, first_temp,
                       threshold, opened_by, status, confirmed, recheck_due, report_due, place,
                       arrived_at, observed_by, referred_to, referred_at, referred_by, note,
                       reported_to, reported_at, reported_by, closed_at, closed_by, outcome,
                       version, audit_id, row_hash)
SELECT id, entry_id, NULL, person_id, visitor_id, first_at, first_temp, threshold, opened_by,
       status, confirmed, recheck_due, report_due, place, arrived_at, observed_by, referred_to,
       referred_at, referred_by, note, reported_to, reported_at, reported_by, closed_at,
       closed_by, outcome, version, audit_id, row_hash
FROM flags;

CREATE TABLE flag_rechecks_new (
    id       INTEGER PRIMARY KEY,
    flag_id  INTEGER NOT NULL REFERENCES flags_new (id),
    at       INTEGER NOT NULL,
    temp     INTEGER NOT NULL,
    method   TEXT,
    operator TEXT NOT NULL,
    audit_id INTEGER,
    row_hash INTEGER
);
INSERT INTO flag_rechecks_new (id, flag_id, at, temp, method, operator, audit_id, row_hash)
SELECT id, flag_id, at, temp, method, operator, audit_id, row_hash FROM flag_rechecks;

-- Gate entries refused for an open case point at it (entries.open_case_id), and so do
-- incidents escalated from a case (incidents.flag_id). With foreign keys on, dropping
-- flags would be refused while they do: set them aside and put them back once the
-- rebuilt table (same ids) is in place.
CREATE TEMP TABLE open_case_refs AS
SELECT id, open_case_id FROM entries WHERE open_case_id IS NOT NULL;
UPDATE entries SET open_case_id = NULL WHERE open_case_id IS NOT NULL;
CREATE TEMP TABLE incident_flag_refs AS
SELECT id, flag_id FROM incidents WHERE flag_id IS NOT NULL;
UPDATE incidents SET flag_id = NULL WHERE flag_id IS NOT NULL;

DROP TABLE flag_rechecks;
DROP TABLE flags;
-- Renaming also points flag_rechecks_new's reference at the new name.
ALTER TABLE flags_new RENAME TO flags;
ALTER TABLE flag_rechecks_new RENAME TO flag_rechecks;

UPDATE entries
SET open_case_id = (SELECT r.open_case_id FROM open_case_refs r WHERE r.id = entries.id)
WHERE id IN (SELECT id FROM open_case_refs);
DROP TABLE open_case_refs;
UPDATE incidents
SET flag_id = (SELECT r.flag_id FROM incident_flag_refs r WHERE r.id = incidents.id)
WHERE id IN (SELECT id FROM incident_flag_refs);
DROP TABLE incident_flag_refs;

CREATE INDEX flags_active ON flags (first_at) WHERE closed_at IS NULL;
CREATE INDEX flags_first_at ON flags (first_at);
CREATE INDEX flags_person ON flags (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX flags_visitor ON flags (visitor_id) WHERE visitor_id IS NOT NULL;
CREATE INDEX flag_rechecks_flag ON flag_rechecks (flag_id, at);

-- The carry-over kind `health` needs no table change: since the incidents step, the
-- kinds are named by the code, not by a CHECK list.
