-- Shifts and handover: the duty roster, handover records with their checklist,
-- carry-over acknowledgements, notes and signatures.
-- Instants are UTC milliseconds; dates are local 'YYYY-MM-DD' (a shift's start date).

-- 排班: one row per person and duty. A shift with no rows is not rostered.
CREATE TABLE roster (
    date     TEXT NOT NULL,
    shift    TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('leader', 'officer')),
    operator TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (date, shift, role, operator)
) WITHOUT ROWID;

-- One record per shift change, named by the shift that hands over.
CREATE TABLE handovers (
    id          INTEGER PRIMARY KEY,
    shift_date  TEXT NOT NULL,
    shift_name  TEXT NOT NULL,
    shift_start INTEGER NOT NULL,
    shift_end   INTEGER NOT NULL,
    next_date   TEXT NOT NULL,
    next_name   TEXT NOT NULL,
    opened_at   INTEGER NOT NULL,
    opened_by   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,   -- bumped by every change (optimistic concurrency)
    outgoing_by TEXT, outgoing_at INTEGER,
    incoming_by TEXT, incoming_at INTEGER,
    leader_by   TEXT, leader_at   INTEGER,    -- set: the record is locked
    UNIQUE (shift_date, shift_name)
);
CREATE INDEX handovers_start ON handovers (shift_start);
-- Unfinished handovers are few: a small partial index finds them at once.
CREATE INDEX handovers_unlocked ON handovers (shift_start) WHERE leader_at IS NULL;

-- The checklist as configured when the record was opened.
CREATE TABLE handover_items (
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL,
    label       TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    mandatory   INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'waived')),
    by          TEXT,
    at          INTEGER,
    note        TEXT,
    PRIMARY KEY (handover_id, key)
) WITHOUT ROWID;

-- Acknowledgements of carry-over items while the list is live.
CREATE TABLE handover_acks (
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    kind        TEXT NOT NULL CHECK (kind IN ('flag', 'approval', 'return', 'note')),
    ref_id      TEXT NOT NULL,
    by          TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (handover_id, kind, ref_id)
) WITHOUT ROWID;

-- The carry-over list as the incoming officer accepted it (written at their signature).
CREATE TABLE handover_carry (
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('flag', 'approval', 'return', 'note')),
    ref_id      TEXT NOT NULL,
    summary     TEXT NOT NULL,
    acked_by    TEXT NOT NULL,
    acked_at    INTEGER NOT NULL,
    PRIMARY KEY (handover_id, kind, ref_id)
) WITHOUT ROWID;

-- Notes for the next shift. carry = 1: an open item until closed (carry_notes).
CREATE TABLE handover_notes (
    id          INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handovers (id),
    text        TEXT NOT NULL,
    carry       INTEGER NOT NULL CHECK (carry IN (0, 1)),
    by          TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX handover_notes_handover ON handover_notes (handover_id);

-- The life of a carried note, kept apart from the (lockable) record it was written in.
CREATE TABLE carry_notes (
    note_id     INTEGER PRIMARY KEY REFERENCES handover_notes (id),
    shift_start INTEGER NOT NULL,              -- of the handover it was written in
    closed_by   TEXT,
    closed_at   INTEGER,
    remark      TEXT
);
CREATE INDEX carry_notes_open ON carry_notes (shift_start) WHERE closed_at IS NULL;

-- A locked record never changes again, whatever program writes to the file.
CREATE TRIGGER handovers_locked BEFORE UPDATE ON handovers
WHEN OLD.leader_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;
CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN
    SELECT RAISE(ABORT, 'handover records are kept');
END;
CREATE TRIGGER handover_items_locked BEFORE UPDATE ON handover_items
WHEN (SELECT leader_at FROM handovers WHERE id = OLD.handover_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;
CREATE TRIGGER handover_items_no_delete BEFORE DELETE ON handover_items
BEGIN
    SELECT RAISE(ABORT, 'handover records are kept');
END;
CREATE TRIGGER handover_acks_locked BEFORE INSERT ON handover_acks
WHEN (SELECT leader_at FROM handovers WHERE id = NEW.handover_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;
CREATE TRIGGER handover_carry_no_update BEFORE UPDATE ON handover_carry
BEGIN
    SELECT RAISE(ABORT, 'the accepted carry-over list does not change');
END;
CREATE TRIGGER handover_carry_no_delete BEFORE DELETE ON handover_carry
BEGIN
    SELECT RAISE(ABORT, 'the accepted carry-over list does not change');
END;
CREATE TRIGGER handover_notes_locked BEFORE INSERT ON handover_notes
WHEN (SELECT leader_at FROM handovers WHERE id = NEW.handover_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;
CREATE TRIGGER handover_notes_no_change BEFORE UPDATE ON handover_notes
BEGIN
    SELECT RAISE(ABORT, 'notes are kept as written');
END;
CREATE TRIGGER handover_notes_no_delete BEFORE DELETE ON handover_notes
BEGIN
    SELECT RAISE(ABORT, 'notes are kept as written');
END;
