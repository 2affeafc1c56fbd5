-- Entries keep what was true when they were written.
-- The visitor's name as registered: the visitors table (keyed by resident ID) holds
-- only the latest name, and an entry must not be renamed by a later visit.
ALTER TABLE entries ADD COLUMN visitor_name TEXT;
-- What the decision said beside it: bit set of warning codes (refused_today,
-- visitor_name_changed).
ALTER TABLE entries ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
-- The fever case still active that refused an `in` entry (reason open_case).
ALTER TABLE entries ADD COLUMN open_case_id INTEGER REFERENCES flags (id);

-- Earlier visitor entries get the name the visitor has now: the best there is.
UPDATE entries
SET visitor_name = (SELECT v.name FROM visitors v WHERE v.id = entries.visitor_id)
WHERE visitor_id IS NOT NULL;

-- Refusals for a yellow or red code (reason bits 2 and 4) by person and time: "was
-- this person refused for the code earlier today?" is asked for every registration,
-- and must cost an index seek however often the person passed the gate today.
CREATE INDEX entries_code_refused_person ON entries (person_id, at)
    WHERE denied = 1 AND (reasons & 6) != 0 AND person_id IS NOT NULL;
CREATE INDEX entries_code_refused_visitor ON entries (visitor_id, at)
    WHERE denied = 1 AND (reasons & 6) != 0 AND visitor_id IS NOT NULL;
