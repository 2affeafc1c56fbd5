-- Fever follow-up: one case per flagged gate entry, and its re-checks.
-- Instants are UTC milliseconds; temperatures are integer tenths of a degree.

CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL UNIQUE REFERENCES entries (id),
    person_id   TEXT REFERENCES people (id),
    visitor_id  INTEGER REFERENCES visitors (id),
    first_at    INTEGER NOT NULL,             -- when the gate reading was taken
    first_temp  INTEGER NOT NULL,
    threshold   INTEGER NOT NULL,             -- the fever threshold re-checks are judged by
    opened_by   TEXT NOT NULL,                -- the operator who registered the entry
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'cleared', 'observing', 'referred', 'closed')),
    confirmed   INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    recheck_due INTEGER NOT NULL,             -- fixed when the case opens
    report_due  INTEGER NOT NULL,
    place       TEXT,                         -- observation point
    arrived_at  INTEGER,
    observed_by TEXT,
    referred_to TEXT,
    referred_at INTEGER,
    referred_by TEXT,
    note        TEXT,                         -- referral note
    reported_to TEXT,
    reported_at INTEGER,
    reported_by TEXT,
    closed_at   INTEGER,                      -- set for cleared and closed cases
    closed_by   TEXT,
    outcome     TEXT,                         -- closing note
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK ((person_id IS NULL) <> (visitor_id IS NULL)),
    CHECK ((status IN ('cleared', 'closed')) = (closed_at IS NOT NULL)),
    CHECK ((reported_to IS NULL) = (reported_at IS NULL))
);
-- Active cases (the console's list, counts, handover carry-over): few rows, found
-- through a small partial index no matter how long the history grows.
CREATE INDEX flags_active ON flags (first_at) WHERE closed_at IS NULL;
-- History, newest first.
CREATE INDEX flags_first_at ON flags (first_at);
-- One person's cases.
CREATE INDEX flags_person ON flags (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX flags_visitor ON flags (visitor_id) WHERE visitor_id IS NOT NULL;

CREATE TABLE flag_rechecks (
    id       INTEGER PRIMARY KEY,
    flag_id  INTEGER NOT NULL REFERENCES flags (id),
    at       INTEGER NOT NULL,
    temp     INTEGER NOT NULL,
    method   TEXT,                             -- second device, mercury, … as typed
    operator TEXT NOT NULL                     -- who re-checked
);
CREATE INDEX flag_rechecks_flag ON flag_rechecks (flag_id, at);

-- Entries flagged before this schema existed get their case, with the default
-- deadlines (10 and 120 minutes), so every flagged entry has exactly one case.
INSERT INTO flags (entry_id, person_id, visitor_id, first_at, first_temp, threshold,
                   opened_by, recheck_due, report_due)
SELECT id, person_id, visitor_id, at, temp, threshold, operator,
       at + 10 * 60000, at + 120 * 60000
FROM entries WHERE flagged = 1 ORDER BY id;
