//! The people roster: import from CSV (UTF-8 or GBK, all or nothing) and listing.

use super::Desk;
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

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
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
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            DeskError::invalid("import.csv")
                .arg("line", 1)
                .arg("detail", e)
        })?
        .clone();
    let mut columns: Vec<Option<C>> = Vec::new();
    let mut present = Vec::new();
    for h in headers.iter() {
        let c = column_of(h);
        if let Some(c) = c {
            present.push(c);
        }
        columns.push(c);
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.push(
                    DeskError::invalid("import.csv")
                        .arg("line", line)
                        .arg("detail", e),
                );
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue; // blank lines at the end of Excel exports
        }
        // Too few fields, or more than the header with something in them (an unquoted
        // comma in a name shifts every later column): either way the row cannot be
        // read safely. Empty trailing fields, as spreadsheets write them, are fine.
        let extra_filled = record.iter().skip(headers.len()).any(|f| !f.is_empty());
        if record.len() < headers.len() || extra_filled {
            problems.push(
                DeskError::invalid("import.field_count")
                    .arg("line", line)
                    .arg("found", record.len())
                    .arg("expected", headers.len()),
            );
            continue;
        }
        let mut map = HashMap::new();
        for (i, value) in record.iter().enumerate() {
            if let Some(Some(c)) = columns.get(i) {
                map.insert(*c, value.to_string());
            }
        }
        rows.push((line, map));
    }
    Ok((present, rows, problems))
}

/// All or nothing: with any problem, the import is refused listing every problem in
/// line order, and nothing is written.
pub fn reject_if_any(mut problems: Vec<DeskError>) -> DeskResult<()> {
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort_by_key(|p| {
        p.get("line")
            .and_then(|l| l.parse::<u64>().ok())
            .unwrap_or(0)
    });
    Err(DeskError::invalid("import.rejected")
        .arg("count", problems.len())
        .with_details(problems))
}

impl Desk {
    /// Imports a roster file. Every bad row is reported with its line and reason and
    /// then nothing is imported; otherwise people are added or updated by id in one
    /// transaction.
    pub fn import_people(&mut self, bytes: &[u8]) -> DeskResult<ImportSummary> {
        self.require(Permission::ImportPeople)?;
        let text = decode_text(bytes)?;
        let (present, rows, mut problems) = read_csv(&text, RosterColumn::from_header)?;
        for c in RosterColumn::ALL.into_iter().filter(|c| c.required()) {
            if !present.contains(&c) {
                return Err(DeskError::invalid("import.missing_column")
                    .arg("column", c.headers().join(" / ")));
            }
        }
        let mut people_ok: Vec<Person> = Vec::new();
        let mut first_line: HashMap<String, u64> = HashMap::new();
        for (line, map) in rows {
            match person_from_row(|c| map.get(&c).cloned()) {
                Ok(p) => {
                    if let Some(first) = first_line.get(&p.id) {
                        problems.push(
                            DeskError::invalid("import.duplicate_id")
                                .arg("line", line)
                                .arg("id", &p.id)
                                .arg("first", first),
                        );
                    } else {
                        first_line.insert(p.id.clone(), line);
                        people_ok.push(p);
                    }
                }
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
        reject_if_any(problems)?;
        if people_ok.is_empty() {
            return Err(DeskError::invalid("import.empty"));
        }
        let now = self.clock.now();
        let digest = hex::encode(Sha256::digest(bytes));
        let record = self.audit_record(
            "people.import",
            "people",
            None,
            json!({ "rows": people_ok.len(), "sha256": digest }),
        );
        self.store.write(|tx| {
            let mut summary = ImportSummary {
                added: 0,
                updated: 0,
            };
            for p in &people_ok {
                if people::upsert(tx, p, to_ms(now))? {
                    summary.added += 1;
                } else {
                    summary.updated += 1;
                }
            }
            let mut record = record;
            record.details["added"] = json!(summary.added);
            record.details["updated"] = json!(summary.updated);
            // One audit row for the import, covering every person as imported.
            let rows: Vec<Covered> = people_ok.iter().map(|p| Covered::person(&p.id)).collect();
            audit::append_covering(tx, &record, &rows)?;
            Ok(summary)
        })
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
