-- Leave-the-city and visitor requests, return follow-up, and the link from a gate
-- entry to the approval it was admitted under. Instants are UTC milliseconds.

CREATE TABLE approvals (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('leave', 'visitor')),
    -- 'expired' is never stored: a pending request whose window has ended is read as expired.
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    -- leave
    person_id           TEXT REFERENCES people (id),
    destination         TEXT,
    transport           TEXT,
    urgent              INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    -- visitor
    visitor_name        TEXT,
    visitor_resident_id TEXT,
    visitor_phone       TEXT,
    host_id             TEXT REFERENCES people (id),
    -- both
    reason              TEXT NOT NULL,
    window_from         INTEGER NOT NULL,
    window_to           INTEGER NOT NULL,   -- exclusive
    requested_by        TEXT NOT NULL,
    requested_at        INTEGER NOT NULL,
    decided_by          TEXT,               -- who approved, rejected or cancelled
    decided_at          INTEGER,
    note                TEXT,
    -- leave: when the person came back in (a return record opened); kept here so the
    -- "still away" index below stays small.
    returned_at         INTEGER,
    CHECK (window_from < window_to),
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK ((decided_at IS NULL) = (decided_by IS NULL)),
    CHECK (
        (kind = 'leave' AND person_id IS NOT NULL AND destination IS NOT NULL
            AND visitor_resident_id IS NULL AND host_id IS NULL)
     OR (kind = 'visitor' AND person_id IS NULL AND returned_at IS NULL
            AND visitor_name IS NOT NULL AND visitor_resident_id IS NOT NULL
            AND visitor_phone IS NOT NULL AND host_id IS NOT NULL)
    )
);
-- Pending requests, oldest first (dashboard, `approval list --pending`, handover).
CREATE INDEX approvals_pending ON approvals (requested_at) WHERE status = 'pending';
-- The gate: an approved request for this resident ID covering now.
CREATE INDEX approvals_visitor ON approvals (visitor_resident_id, window_from)
    WHERE kind = 'visitor';
-- One person's leave requests (gate context, overlap check, return detection).
CREATE INDEX approvals_person ON approvals (person_id, window_from)
    WHERE person_id IS NOT NULL;
-- Approved leaves not yet ended by a return: away, overdue or upcoming.
CREATE INDEX approvals_leave_out ON approvals (window_to)
    WHERE kind = 'leave' AND status = 'approved' AND returned_at IS NULL;

CREATE TABLE returns (
    id               INTEGER PRIMARY KEY,
    approval_id      INTEGER NOT NULL UNIQUE REFERENCES approvals (id),
    person_id        TEXT NOT NULL REFERENCES people (id),
    entry_id         INTEGER NOT NULL REFERENCES entries (id),   -- the entry back in
    returned_at      INTEGER NOT NULL,
    report_due       INTEGER NOT NULL,
    monitoring_until INTEGER NOT NULL,
    opened_by        TEXT NOT NULL                               -- the operator at the gate
);
-- Returns still under monitoring.
CREATE INDEX returns_monitoring ON returns (monitoring_until);
CREATE INDEX returns_person ON returns (person_id, returned_at);

-- A visitor entry admitted under an approved request points to it.
ALTER TABLE entries ADD COLUMN approval_id INTEGER REFERENCES approvals (id);
CREATE INDEX entries_approval ON entries (approval_id) WHERE approval_id IS NOT NULL;
