-- Person search: pinyin keys of each name (full and initials, every reading of a
-- polyphonic character), computed in Rust when a person is written; the rows of
-- people already on file get theirs in the same transaction, right after this
-- step (store::people_search::backfill). A key prefix is an index range scan.
CREATE TABLE people_search (
    key       TEXT NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX people_search_person ON people_search (person_id);
-- Ids are matched case-insensitively (t00001 = T00001); resident IDs exactly.
CREATE INDEX people_id_nocase ON people (id COLLATE NOCASE);
CREATE INDEX people_resident_id ON people (resident_id);

-- A voided entry stays in the log, marked with who voided it, when and why;
-- counts and reports leave it out. Set once, never cleared.
ALTER TABLE entries ADD COLUMN void_by TEXT;
ALTER TABLE entries ADD COLUMN void_at INTEGER;
ALTER TABLE entries ADD COLUMN void_reason TEXT;
