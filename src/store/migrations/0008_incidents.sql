-- Incidents and emergency readiness: incidents with their reports, people, escalated
-- fever cases and plan steps; 24-hour contacts with their phones and test calls; the
-- duty phone log; directives and their acknowledgements.
-- Instants are UTC milliseconds; dates are local 'YYYY-MM-DD'.

CREATE TABLE incidents (
    id                   INTEGER PRIMARY KEY,
    kind                 TEXT NOT NULL,            -- [[incidents.kinds]] key
    kind_label           TEXT NOT NULL,            -- kind and level as configured when opened
    kind_label_en        TEXT NOT NULL,
    level                TEXT NOT NULL,
    level_en             TEXT NOT NULL,
    title                TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    opened_at            INTEGER NOT NULL,         -- when the desk learned of it: the clocks start here
    opened_by            TEXT NOT NULL,
    recorded_at          INTEGER NOT NULL,         -- when it was entered
    first_report_due     INTEGER NOT NULL,         -- fixed when opened
    progress_every_hours INTEGER NOT NULL CHECK (progress_every_hours > 0),
    report_to            TEXT NOT NULL,            -- JSON array of whom to report to
    plan_label           TEXT NOT NULL,
    plan_label_en        TEXT NOT NULL,
    flag_id              INTEGER REFERENCES flags (id),
    closed_at            INTEGER,
    closed_by            TEXT,
    summary              TEXT,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- Open incidents (lists, deadlines, alerts, handover): few, through a small partial index.
CREATE INDEX incidents_open ON incidents (opened_at) WHERE closed_at IS NULL;
CREATE INDEX incidents_opened ON incidents (opened_at);
CREATE INDEX incidents_flag ON incidents (flag_id) WHERE flag_id IS NOT NULL;

CREATE TABLE incident_reports (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    stage       TEXT NOT NULL CHECK (stage IN ('first', 'progress', 'final')),
    to_whom     TEXT NOT NULL,
    text        TEXT NOT NULL,
    by          TEXT NOT NULL,
    at          INTEGER NOT NULL,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER
);
CREATE INDEX incident_reports_incident ON incident_reports (incident_id, at);
-- One first and one final report per incident, whatever program writes.
CREATE UNIQUE INDEX incident_reports_once ON incident_reports (incident_id, stage)
    WHERE stage IN ('first', 'final');

CREATE TABLE incident_people (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    person_id   TEXT NOT NULL REFERENCES people (id),
    position    INTEGER NOT NULL,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER,
    PRIMARY KEY (incident_id, person_id)
) WITHOUT ROWID;
CREATE INDEX incident_people_person ON incident_people (person_id);

-- The plan as configured when the incident opened, step by step.
CREATE TABLE incident_steps (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    n           INTEGER NOT NULL CHECK (n > 0),
    text        TEXT NOT NULL,
    text_en     TEXT NOT NULL,
    done_by     TEXT,
    done_at     INTEGER,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER,
    PRIMARY KEY (incident_id, n),
    CHECK ((done_by IS NULL) = (done_at IS NULL))
) WITHOUT ROWID;

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    org        TEXT,
    role       TEXT,
    note       TEXT,
    added_by   TEXT NOT NULL,
    added_at   INTEGER NOT NULL,
    removed_by TEXT,                               -- removed contacts are kept for the record
    removed_at INTEGER,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER
);
CREATE INDEX contacts_current ON contacts (name) WHERE removed_at IS NULL;

CREATE TABLE contact_phones (
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    position   INTEGER NOT NULL,
    phone      TEXT NOT NULL,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

-- Test calls: who called, when, answered or not.
CREATE TABLE contact_verifications (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id),
    at         INTEGER NOT NULL,
    by         TEXT NOT NULL,
    answered   INTEGER NOT NULL CHECK (answered IN (0, 1)),
    note       TEXT,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER
);
CREATE INDEX contact_verifications_contact ON contact_verifications (contact_id, at);

-- 值班电话记录: incoming calls and messages and what was done.
CREATE TABLE call_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    from_whom TEXT NOT NULL,
    summary   TEXT NOT NULL,
    notified  TEXT,
    by        TEXT NOT NULL,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER
);
CREATE INDEX call_log_at ON call_log (at);

CREATE TABLE directives (
    id          INTEGER PRIMARY KEY,
    from_whom   TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    effective   TEXT NOT NULL,                     -- local date it takes effect
    received_at INTEGER NOT NULL,
    by          TEXT NOT NULL,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER
);
CREATE INDEX directives_effective ON directives (effective);

CREATE TABLE directive_acks (
    directive_id INTEGER NOT NULL REFERENCES directives (id),
    operator     TEXT NOT NULL,
    at           INTEGER NOT NULL,
    audit_id INTEGER,                             -- the audit row that last recorded it
    row_hash INTEGER,
    PRIMARY KEY (directive_id, operator)
) WITHOUT ROWID;

-- Records are kept as made: reports, test calls, the phone log, directives and their
-- acknowledgements never change or disappear. The triggers name the content columns,
-- so recording a row in the audit chain (audit_id, row_hash) passes.
CREATE TRIGGER incident_reports_kept
BEFORE UPDATE OF id, incident_id, stage, to_whom, text, by, at ON incident_reports
BEGIN SELECT RAISE(ABORT, 'reports are kept as made'); END;
CREATE TRIGGER incident_reports_no_delete BEFORE DELETE ON incident_reports
BEGIN SELECT RAISE(ABORT, 'reports are kept as made'); END;
CREATE TRIGGER contact_verifications_kept
BEFORE UPDATE OF id, contact_id, at, by, answered, note ON contact_verifications
BEGIN SELECT RAISE(ABORT, 'test calls are kept as made'); END;
CREATE TRIGGER call_log_kept
BEFORE UPDATE OF id, at, from_whom, summary, notified, by ON call_log
BEGIN SELECT RAISE(ABORT, 'the phone log is kept as written'); END;
CREATE TRIGGER call_log_no_delete BEFORE DELETE ON call_log
BEGIN SELECT RAISE(ABORT, 'the phone log is kept as written'); END;
CREATE TRIGGER directives_kept
BEFORE UPDATE OF id, from_whom, title, text, effective, received_at, by ON directives
BEGIN SELECT RAISE(ABORT, 'directives are kept as received'); END;
CREATE TRIGGER directive_acks_kept
BEFORE UPDATE OF directive_id, operator, at ON directive_acks
BEGIN SELECT RAISE(ABORT, 'acknowledgements are kept'); END;

-- Handover carry-over kinds are named by the features that own them (incidents,
-- directives, the phone log, and more to come): the list of kinds moves from a CHECK
-- constraint to the code, so a new kind needs no table rebuild. The two tables are
-- rebuilt once here with their triggers.
CREATE TABLE handover_acks_new (
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    kind        TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 20 AND kind NOT GLOB '*[^a-z_]*'),
    ref_id      TEXT NOT NULL,
    by          TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (handover_id, kind, ref_id)
) WITHOUT ROWID;
INSERT INTO handover_acks_new SELECT handover_id, kind, ref_id, by, at FROM handover_acks;
DROP TABLE handover_acks;
ALTER TABLE handover_acks_new RENAME TO handover_acks;
CREATE TRIGGER handover_acks_locked BEFORE INSERT ON handover_acks
WHEN (SELECT leader_at FROM handovers WHERE id = NEW.handover_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;

CREATE TABLE handover_carry_new (
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 20 AND kind NOT GLOB '*[^a-z_]*'),
    ref_id      TEXT NOT NULL,
    summary     TEXT NOT NULL,
    acked_by    TEXT NOT NULL,
    acked_at    INTEGER NOT NULL,
    audit_id    INTEGER,
    row_hash    INTEGER,
    PRIMARY KEY (handover_id, kind, ref_id)
) WITHOUT ROWID;
INSERT INTO handover_carry_new
    SELECT handover_id, position, kind, ref_id, summary, acked_by, acked_at, audit_id, row_hash
    FROM handover_carry;
DROP TABLE handover_carry;
ALTER TABLE handover_carry_new RENAME TO handover_carry;
CREATE TRIGGER handover_carry_no_update
BEFORE UPDATE OF handover_id, position, kind, ref_id, summary, acked_by, acked_at
ON handover_carry
BEGIN
    SELECT RAISE(ABORT, 'the accepted carry-over list does not change');
END;
CREATE TRIGGER handover_carry_no_delete BEFORE DELETE ON handover_carry
BEGIN
    SELECT RAISE(ABORT, 'the accepted carry-over list does not change');
END;
