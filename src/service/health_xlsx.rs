//! Reading a health-form export saved as XLSX (DingTalk, WeCom and 今日校园 all offer
//! it): the first worksheet, first row as headers, into the same header-keyed rows the
//! CSV reader gives, with spreadsheet row numbers as line numbers.

use super::people::CsvRows;
use crate::domain::health::HealthColumn;
use crate::error::{DeskError, DeskResult};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::collections::HashMap;
use std::io::Cursor;

/// An XLSX file is a ZIP archive.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A cell as the text a CSV export would hold: whole numbers without ".0" (学号 stored
/// as numbers), dates and times as `YYYY-MM-DD HH:MM:SS`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

pub fn read_rows(bytes: &[u8]) -> DeskResult<CsvRows<HealthColumn>> {
    let unreadable = |e: &dyn std::fmt::Display| DeskError::invalid("health.xlsx").arg("detail", e);
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"no worksheet"))?
        .map_err(|e| unreadable(&e))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows_iter = range.rows();
    let Some(header) = rows_iter.next() else {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    };
    let columns: Vec<Option<HealthColumn>> = header
        .iter()
        .map(|c| HealthColumn::from_header(&cell_text(c)))
        .collect();
    let present: Vec<HealthColumn> = columns.iter().flatten().copied().collect();
    let mut rows = Vec::new();
    for (i, cells) in rows_iter.enumerate() {
        // Spreadsheet row numbers, 1-based: the header is row first_row + 1.
        let line = u64::from(first_row) + i as u64 + 2;
        let texts: Vec<String> = cells.iter().map(cell_text).collect();
        if texts.iter().all(String::is_empty) {
            continue;
        }
        let mut map = HashMap::new();
        for (c, text) in columns.iter().zip(texts) {
            if let Some(c) = c {
                map.insert(*c, text);
            }
        }
        rows.push((line, map));
    }
    Ok((present, rows, Vec::new()))
}
