//! The people roster: import from CSV (UTF-8 or GBK, all or nothing) and listing.

use super::Desk;
use super::csv_stream::{self, CsvStream, Problems};
use crate::clock::to_ms;
use crate::domain::Permission;
use crate::domain::person::{Person, RosterColumn, person_from_row};
use crate::error::{DeskError, DeskResult};
use crate::store::audit;
use crate::store::audit_rows::Covered;
use crate::store::people;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
}

/// The page cache while an import writes (KiB), instead of the connection's 64 MiB:
/// measured, it keeps a million-row import well under 100 MB.
const IMPORT_CACHE_KIB: i64 = 16 * 1024;

/// 128 bits of SHA-256 of a person id: what the import keeps per row to find ids given
/// twice (a million full ids would not fit the memory an import may take).
fn fingerprint(id: &str) -> [u8; 16] {
    let digest = Sha256::digest(id.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

fn line_u32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// The (line, first line) of every row whose id an earlier row already had, by line.
fn repeated_ids(mut ids: Vec<([u8; 16], u32)>) -> Vec<(u32, u32)> {
    ids.sort_unstable();
    let mut out = Vec::new();
    let mut first: Option<([u8; 16], u32)> = None;
    for (fp, line) in ids {
        match first {
            Some((f, first_line)) if f == fp => out.push((line, first_line)),
            _ => first = Some((fp, line)),
        }
    }
    out.sort_unstable();
    out
}

/// Decodes a spreadsheet export: UTF-8 (a BOM is dropped), else GBK/GB18030, which is
/// what Excel on Chinese Windows writes. Detected from the bytes, no flag needed.
pub fn decode_text(bytes: &[u8]) -> DeskResult<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(DeskError::invalid("import.encoding"));
    }
    Ok(text.into_owned())
}

/// Columns found in the header, rows by line number, and row-level problems.
pub type CsvRows<C> = (Vec<C>, Vec<(u64, HashMap<C, String>)>, Vec<DeskError>);

/// Reads CSV text into header-keyed rows with their line numbers. Header names are
/// mapped by `column_of`; a row with fewer fields than the header, or with filled
/// fields beyond it, is an error naming its line.
pub fn read_csv<C: Copy + Eq + std::hash::Hash>(
    text: &str,
    column_of: impl Fn(&str) -> Option<C>,
) -> DeskResult<CsvRows<C>> {
    let mut stream = CsvStream::new(text.as_bytes(), csv_stream::Encoding::Utf8, column_of)?;
    let present = stream.present().to_vec();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    while let Some(row) = stream.next_row()? {
        match row {
            Ok(r) => rows.push(r),
            Err(e) => problems.push(e),
        }
    }
    Ok((present, rows, problems))
}

/// All or nothing: with any problem, the import is refused listing the first
/// `csv_stream::SHOWN_PROBLEMS` in line order and counting the rest; nothing is written.
pub fn reject_if_any(problems: Vec<DeskError>) -> DeskResult<()> {
    problems.into_iter().collect::<Problems>().reject_if_any()
}

impl Desk {
    /// Imports a roster file given whole (tests, small files); see `import_people_from`.
    pub fn import_people(&mut self, bytes: &[u8]) -> DeskResult<ImportSummary> {
        self.import_people_from(std::io::Cursor::new(bytes))
    }

    /// Imports a roster file, all or nothing, in bounded memory whatever its size. A
    /// first pass reads the digest and encoding; a second validates every row and keeps
    /// a 20-byte fingerprint per person id to find repeated ids; with any problem the
    /// import is refused listing the first `SHOWN_PROBLEMS` and counting the rest, and
    /// nothing is written. Otherwise a third pass adds or updates the people by id in
    /// one transaction.
    pub fn import_people_from<R: Read + Seek>(
        &mut self,
        mut source: R,
    ) -> DeskResult<ImportSummary> {
        self.require(Permission::ImportPeople)?;
        let scan = csv_stream::scan(&mut source)?;
        let mut problems = Problems::default();
        let mut ids: Vec<([u8; 16], u32)> = Vec::new();
        {
            let mut rows = CsvStream::new(&mut source, scan.encoding, RosterColumn::from_header)?;
            for c in RosterColumn::ALL.into_iter().filter(|c| c.required()) {
                if !rows.present().contains(&c) {
                    return Err(DeskError::invalid("import.missing_column")
                        .arg("column", c.headers().join(" / ")));
                }
            }
            while let Some(row) = rows.next_row()? {
                let (line, map) = match row {
                    Ok(r) => r,
                    Err(e) => {
                        problems.push(e);
                        continue;
                    }
                };
                match person_from_row(|c| map.get(&c).cloned()) {
                    Ok(p) => ids.push((fingerprint(&p.id), line_u32(line))),
                    Err(fields) => {
                        for f in fields {
                            problems.push(
                                DeskError::invalid("import.row_problem")
                                    .arg("line", line)
                                    .arg("column", f.column.name())
                                    .arg("problem", f.key),
                            );
                        }
                    }
                }
            }
        }
        let rows = ids.len();
        let repeats = repeated_ids(ids);
        if !repeats.is_empty() {
            self.name_repeats(&mut source, &scan, &repeats, &mut problems)?;
        }
        problems.reject_if_any()?;
        if rows == 0 {
            return Err(DeskError::invalid("import.empty"));
        }
        let now = self.clock.now();
        let record = self.audit_record(
            "people.import",
            "people",
            None,
            json!({ "rows": rows, "sha256": scan.sha256 }),
        );
        source
            .seek(SeekFrom::Start(scan.skip))
            .map_err(|e| DeskError::invalid("import.read").arg("detail", e))?;
        let mut stream = CsvStream::new(&mut source, scan.encoding, RosterColumn::from_header)?;
        self.store.set_cache_kib(Some(IMPORT_CACHE_KIB))?;
        let written = self.store.write(|tx| {
            let mut summary = ImportSummary {
                added: 0,
                updated: 0,
            };
            while let Some(row) = stream.next_row()? {
                // Every row passed above; one that reads differently now (the file
                // changed under us) refuses the whole import, rolled back.
                let (_, map) = row?;
                let p = person_from_row(|c| map.get(&c).cloned())
                    .map_err(|_| DeskError::invalid("import.changed"))?;
                if people::upsert(tx, &p, to_ms(now))? {
                    summary.added += 1;
                } else {
                    summary.updated += 1;
                }
            }
            if summary.added + summary.updated != rows {
                return Err(DeskError::invalid("import.changed"));
            }
            let mut record = record;
            record.details["added"] = json!(summary.added);
            record.details["updated"] = json!(summary.updated);
            // One audit row for the import, covering every person as imported: each
            // row this import wrote carries its instant (the file is streamed, so the
            // ids are not kept in memory to name them one by one).
            let rows = [Covered::filter(
                "people",
                "updated_at = ?2",
                vec![rusqlite::types::Value::Integer(to_ms(now))],
            )];
            audit::append_covering(tx, &record, &rows)?;
            Ok(summary)
        });
        self.store.set_cache_kib(None)?;
        written
    }

    /// Adds a problem for each repeated id: the first `SHOWN_PROBLEMS` by line with
    /// the id read again from the file (only fingerprints were kept), the rest counted.
    fn name_repeats<R: Read + Seek>(
        &self,
        source: &mut R,
        scan: &csv_stream::Scan,
        repeats: &[(u32, u32)],
        problems: &mut Problems,
    ) -> DeskResult<()> {
        let shown = &repeats[..repeats.len().min(csv_stream::SHOWN_PROBLEMS)];
        problems.count_more(repeats.len() - shown.len());
        let wanted: HashMap<u32, u32> = shown.iter().copied().collect();
        source
            .seek(SeekFrom::Start(scan.skip))
            .map_err(|e| DeskError::invalid("import.read").arg("detail", e))?;
        let mut rows = CsvStream::new(source, scan.encoding, RosterColumn::from_header)?;
        while let Some(row) = rows.next_row()? {
            let Ok((line, map)) = row else { continue };
            if let Some(first) = wanted.get(&line_u32(line)) {
                let id = map
                    .get(&RosterColumn::Id)
                    .map(|s| s.trim())
                    .unwrap_or_default();
                problems.push(
                    DeskError::invalid("import.duplicate_id")
                        .arg("line", line)
                        .arg("id", id)
                        .arg("first", first),
                );
            }
        }
        Ok(())
    }

    pub fn list_people(&self, limit: usize, offset: usize) -> DeskResult<Vec<Person>> {
        Ok(people::list(self.store.conn(), limit, offset)?)
    }

    pub fn person(&self, id: &str) -> DeskResult<Person> {
        people::get(self.store.conn(), id)?.ok_or_else(|| {
            DeskError::not_found("entry.unknown_person")
                .arg("id", crate::domain::text::sanitize(id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom_and_gbk() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFid,name").unwrap(), "id,name");
        let (gbk, _, _) = encoding_rs::GBK.encode("学号,姓名\n1,王小明\n");
        assert_eq!(decode_text(&gbk).unwrap(), "学号,姓名\n1,王小明\n");
    }

    #[test]
    fn a_row_with_filled_fields_beyond_the_header_is_refused() {
        let col = |h: &str| match h {
            "a" => Some(0u8),
            "b" => Some(1u8),
            _ => None,
        };
        let (_, rows, problems) = read_csv("a,b\n1,2,\n1,2,3\n1\n", col).unwrap();
        assert_eq!(rows.len(), 1, "empty trailing fields are fine");
        let lines: Vec<_> = problems.iter().map(|p| p.get("line").unwrap()).collect();
        assert_eq!(lines, ["3", "4"]);
    }
}
