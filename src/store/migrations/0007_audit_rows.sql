-- Records in the audit chain. Every audited table gets the id of the audit row that
-- last recorded the row (`audit_id`) and a 64-bit hash of its content as written then
-- (`row_hash`); each audit row lists what it covers (`covers`, JSON), and a keyed row
-- (`keyed` = 1) is an HMAC-SHA-256 under `[audit] key_file`. See store/audit_rows.rs.

ALTER TABLE audit ADD COLUMN covers TEXT;   -- NULL: written before this step (pre-hash)
ALTER TABLE audit ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;

ALTER TABLE entries ADD COLUMN audit_id INTEGER;
ALTER TABLE entries ADD COLUMN row_hash INTEGER;
ALTER TABLE visitors ADD COLUMN audit_id INTEGER;
ALTER TABLE visitors ADD COLUMN row_hash INTEGER;
ALTER TABLE people ADD COLUMN audit_id INTEGER;
ALTER TABLE people ADD COLUMN row_hash INTEGER;
ALTER TABLE flags ADD COLUMN audit_id INTEGER;
ALTER TABLE flags ADD COLUMN row_hash INTEGER;
ALTER TABLE flag_rechecks ADD COLUMN audit_id INTEGER;
ALTER TABLE flag_rechecks ADD COLUMN row_hash INTEGER;
ALTER TABLE approvals ADD COLUMN audit_id INTEGER;
ALTER TABLE approvals ADD COLUMN row_hash INTEGER;
ALTER TABLE returns ADD COLUMN audit_id INTEGER;
ALTER TABLE returns ADD COLUMN row_hash INTEGER;
ALTER TABLE handovers ADD COLUMN audit_id INTEGER;
ALTER TABLE handovers ADD COLUMN row_hash INTEGER;
ALTER TABLE handover_items ADD COLUMN audit_id INTEGER;
ALTER TABLE handover_items ADD COLUMN row_hash INTEGER;
ALTER TABLE handover_notes ADD COLUMN audit_id INTEGER;
ALTER TABLE handover_notes ADD COLUMN row_hash INTEGER;
ALTER TABLE handover_carry ADD COLUMN audit_id INTEGER;
ALTER TABLE handover_carry ADD COLUMN row_hash INTEGER;
ALTER TABLE carry_notes ADD COLUMN audit_id INTEGER;
ALTER TABLE carry_notes ADD COLUMN row_hash INTEGER;
ALTER TABLE roster ADD COLUMN audit_id INTEGER;
ALTER TABLE roster ADD COLUMN row_hash INTEGER;

-- Rows already there are "pre-hash": verified as before, counted, never called
-- tampered. Tables with a rowid keep the highest rowid of that moment (a row above it
-- without an audit id was written behind the program's back); tables without one
-- mark their rows with audit_id 0.
CREATE TABLE audit_prehash (
    tbl       TEXT PRIMARY KEY,
    max_rowid INTEGER NOT NULL
);
INSERT INTO audit_prehash (tbl, max_rowid)
SELECT 'entries', coalesce(max(rowid), 0) FROM entries
UNION ALL SELECT 'visitors', coalesce(max(rowid), 0) FROM visitors
UNION ALL SELECT 'people', coalesce(max(rowid), 0) FROM people
UNION ALL SELECT 'flags', coalesce(max(rowid), 0) FROM flags
UNION ALL SELECT 'flag_rechecks', coalesce(max(rowid), 0) FROM flag_rechecks
UNION ALL SELECT 'approvals', coalesce(max(rowid), 0) FROM approvals
UNION ALL SELECT 'returns', coalesce(max(rowid), 0) FROM returns
UNION ALL SELECT 'handovers', coalesce(max(rowid), 0) FROM handovers
UNION ALL SELECT 'handover_notes', coalesce(max(rowid), 0) FROM handover_notes
UNION ALL SELECT 'carry_notes', coalesce(max(rowid), 0) FROM carry_notes;
CREATE TRIGGER audit_prehash_no_update BEFORE UPDATE ON audit_prehash
BEGIN
    SELECT RAISE(ABORT, 'the pre-hash boundary does not change');
END;
CREATE TRIGGER audit_prehash_no_delete BEFORE DELETE ON audit_prehash
BEGIN
    SELECT RAISE(ABORT, 'the pre-hash boundary does not change');
END;

-- The locks of the handover record guard its content; recording the audit columns on
-- a locked record (at the signature that locks it) must pass, so they now name the
-- content columns they guard.
DROP TRIGGER handovers_locked;
CREATE TRIGGER handovers_locked
BEFORE UPDATE OF id, shift_date, shift_name, shift_start, shift_end, next_date, next_name,
    opened_at, opened_by, version, outgoing_by, outgoing_at, incoming_by, incoming_at,
    leader_by, leader_at ON handovers
WHEN OLD.leader_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;
DROP TRIGGER handover_items_locked;
CREATE TRIGGER handover_items_locked
BEFORE UPDATE OF handover_id, position, key, label, label_en, mandatory, state, by, at, note
ON handover_items
WHEN (SELECT leader_at FROM handovers WHERE id = OLD.handover_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'handover is locked');
END;
DROP TRIGGER handover_carry_no_update;
CREATE TRIGGER handover_carry_no_update
BEFORE UPDATE OF handover_id, position, kind, ref_id, summary, acked_by, acked_at
ON handover_carry
BEGIN
    SELECT RAISE(ABORT, 'the accepted carry-over list does not change');
END;
DROP TRIGGER handover_notes_no_change;
CREATE TRIGGER handover_notes_no_change
BEFORE UPDATE OF id, handover_id, text, carry, by, at ON handover_notes
BEGIN
    SELECT RAISE(ABORT, 'notes are kept as written');
END;

UPDATE handover_items SET audit_id = 0;
UPDATE handover_carry SET audit_id = 0;
UPDATE roster SET audit_id = 0;
