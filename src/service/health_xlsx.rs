//! Reading a health-form export saved as XLSX (DingTalk, WeCom and 今日校园 all offer
//! it): the first worksheet, first row as headers, into the same header-keyed rows the
//! CSV reader gives, with spreadsheet row numbers as line numbers.

use super::people::CsvRows;
use crate::domain::health::HealthColumn;
use crate::error::{DeskError, DeskResult};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::collections::HashMap;
use std::io::Cursor;

/// How far down a title may push the header row.
const HEADER_SEARCH_ROWS: usize = 10;

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
    let all: Vec<&[Data]> = range.rows().collect();
    let columns_of = |cells: &[Data]| -> Vec<Option<HealthColumn>> {
        cells
            .iter()
            .map(|c| HealthColumn::from_header(&cell_text(c)))
            .collect()
    };
    // Form exports often put a title (and a blank line) above the header: the header
    // is the first of the top rows that has every required column.
    let header_at = all
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .position(|cells| {
            let cols = columns_of(cells);
            HealthColumn::ALL
                .iter()
                .filter(|c| c.required())
                .all(|c| cols.contains(&Some(*c)))
        })
        .unwrap_or(0);
    let Some(header) = all.get(header_at) else {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    };
    let columns = columns_of(header);
    let present: Vec<HealthColumn> = columns.iter().flatten().copied().collect();
    let mut rows = Vec::new();
    for (i, cells) in all.iter().enumerate().skip(header_at + 1) {
        // Spreadsheet row numbers, 1-based.
        let line = u64::from(first_row) + i as u64 + 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_above_the_header_is_skipped_and_lines_are_spreadsheet_rows() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "机电2301 健康打卡统计").unwrap();
        for (c, h) in ["学号", "姓名", "今日体温"].iter().enumerate() {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        ws.write_number(3, 0, 2023000075.0).unwrap();
        ws.write_string(3, 1, "朱洋海").unwrap();
        ws.write_number(3, 2, 36.5).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert!(is_xlsx(&bytes));
        let (present, rows, problems) = read_rows(&bytes).unwrap();
        assert!(problems.is_empty());
        assert_eq!(present.len(), 3);
        assert_eq!(rows.len(), 1);
        let (line, map) = &rows[0];
        assert_eq!(*line, 4);
        assert_eq!(map[&HealthColumn::PersonId], "2023000075");
        assert_eq!(map[&HealthColumn::Temp], "36.5");
    }
}
