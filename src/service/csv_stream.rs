//! CSV imports read as a stream, in bounded memory whatever the file's size: the
//! encoding and digest in one pass over the bytes, then rows one at a time (a reused
//! `ByteRecord`, fields decoded as they are used), and at most `SHOWN_PROBLEMS`
//! problems kept for the message, with a count of the rest.
//!
//! Spreadsheet exports come as UTF-8 (perhaps with a BOM) or GBK/GB18030 (Excel on
//! Chinese Windows). The whole file is UTF-8 or it is read as GB18030, as before.
//! Splitting the raw bytes into fields before decoding is safe for both: the bytes
//! that shape a CSV file (`,` `"` CR LF) are below 0x40, and no byte of a UTF-8 or
//! GB18030 multi-byte character is.

use crate::error::{DeskError, DeskResult};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};

/// Problems listed in a refusal; the rest are counted.
pub const SHOWN_PROBLEMS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
}

/// What the first pass found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub encoding: Encoding,
    /// Bytes of a UTF-8 BOM to skip (0 or 3).
    pub skip: u64,
    /// SHA-256 of the whole file, for the audit row.
    pub sha256: String,
}

/// Reads the source once: its digest, whether it is all UTF-8, and a BOM. Leaves the
/// source positioned after the BOM, ready for `CsvStream::new`.
pub fn scan<R: Read + Seek>(source: &mut R) -> DeskResult<Scan> {
    let read_error = |e: std::io::Error| DeskError::invalid("import.read").arg("detail", e);
    source.seek(SeekFrom::Start(0)).map_err(read_error)?;
    let mut digest = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of a character cut by the end of the previous chunk.
    let mut carry: Vec<u8> = Vec::new();
    let mut utf8 = true;
    let mut first = true;
    let mut skip = 0;
    loop {
        let n = match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(e)),
        };
        let chunk = &buf[..n];
        digest.update(chunk);
        if first {
            first = false;
            if chunk.starts_with(b"\xEF\xBB\xBF") {
                skip = 3;
            }
        }
        if utf8 {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                // Incomplete at the end: keep the tail for the next chunk.
                Err(e) if e.error_len().is_none() => {
                    carry.drain(..e.valid_up_to());
                }
                Err(_) => {
                    utf8 = false;
                    carry = Vec::new();
                }
            }
        }
    }
    if !carry.is_empty() {
        utf8 = false; // the file ends inside a character
    }
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Gb18030
    };
    if encoding == Encoding::Gb18030 {
        skip = 0;
    }
    source.seek(SeekFrom::Start(skip)).map_err(read_error)?;
    Ok(Scan {
        encoding,
        skip,
        sha256: hex::encode(digest.finalize()),
    })
}

fn decode(bytes: &[u8], encoding: Encoding) -> DeskResult<String> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| DeskError::invalid("import.encoding")),
        Encoding::Gb18030 => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|s| s.into_owned())
            .ok_or_else(|| DeskError::invalid("import.encoding")),
    }
}

/// One row: its line and its fields by column, or the problem that makes it unreadable.
pub type Row<C> = Result<(u64, HashMap<C, String>), DeskError>;

/// Rows of a CSV source, one at a time.
pub struct CsvStream<R: Read, C> {
    reader: csv::Reader<R>,
    encoding: Encoding,
    columns: Vec<Option<C>>,
    present: Vec<C>,
    width: usize,
    record: csv::ByteRecord,
}

impl<R: Read, C: Copy + Eq + std::hash::Hash> CsvStream<R, C> {
    /// Reads the header; names are mapped by `column_of` (unknown ones are ignored).
    pub fn new(
        source: R,
        encoding: Encoding,
        column_of: impl Fn(&str) -> Option<C>,
    ) -> DeskResult<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(source);
        let headers = reader
            .byte_headers()
            .map_err(|e| {
                DeskError::invalid("import.csv")
                    .arg("line", 1)
                    .arg("detail", e)
            })?
            .clone();
        let mut columns = Vec::new();
        let mut present = Vec::new();
        for h in headers.iter() {
            let name = decode(h, encoding)?;
            let c = column_of(name.trim_start_matches('\u{feff}').trim());
            present.extend(c);
            columns.push(c);
        }
        Ok(CsvStream {
            reader,
            encoding,
            columns,
            present,
            width: headers.len(),
            record: csv::ByteRecord::new(),
        })
    }

    /// The known columns the header has.
    pub fn present(&self) -> &[C] {
        &self.present
    }

    /// The next row with something in it; `Err` only when the file cannot be read on
    /// (its encoding), row problems come as `Some(Err(..))`.
    pub(crate) fn next_row(&mut self) -> DeskResult<Option<Row<C>>> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                // The file cannot be read on.
                Err(e) if e.is_io_error() => {
                    return Err(DeskError::invalid("import.read").arg("detail", e));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    return Ok(Some(Err(DeskError::invalid("import.csv")
                        .arg("line", line)
                        .arg("detail", e))));
                }
            }
            let record = &self.record;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.iter().all(<[u8]>::is_empty) {
                continue; // blank lines at the end of Excel exports
            }
            // Too few fields, or more than the header with something in them (an
            // unquoted comma in a name shifts every later column): either way the row
            // cannot be read safely. Empty trailing fields, as spreadsheets write
            // them, are fine.
            let extra_filled = record.iter().skip(self.width).any(|f| !f.is_empty());
            if record.len() < self.width || extra_filled {
                return Ok(Some(Err(DeskError::invalid("import.field_count")
                    .arg("line", line)
                    .arg("found", record.len())
                    .arg("expected", self.width))));
            }
            let mut map = HashMap::new();
            for (i, value) in record.iter().enumerate() {
                if let Some(Some(c)) = self.columns.get(i) {
                    map.insert(*c, decode(value, self.encoding)?);
                }
            }
            return Ok(Some(Ok((line, map))));
        }
    }
}

/// The problems of an import: the first `SHOWN_PROBLEMS` by line, and how many in all.
#[derive(Debug, Default)]
pub struct Problems {
    kept: Vec<DeskError>,
    total: usize,
}

fn line_of(e: &DeskError) -> u64 {
    e.get("line").and_then(|l| l.parse().ok()).unwrap_or(0)
}

impl Problems {
    pub(crate) fn push(&mut self, e: DeskError) {
        self.total += 1;
        self.kept.push(e);
        // Trim now and then, so memory stays bounded however many rows are bad.
        if self.kept.len() >= 4 * SHOWN_PROBLEMS {
            self.trim();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Counts `n` more problems that cannot be among those shown (there are already
    /// `SHOWN_PROBLEMS` on earlier lines).
    pub(crate) fn count_more(&mut self, n: usize) {
        self.total += n;
    }

    fn trim(&mut self) {
        self.kept.sort_by_key(line_of);
        self.kept.truncate(SHOWN_PROBLEMS);
    }

    /// All or nothing: with any problem, the refusal lists the first ones in line order
    /// and counts the others.
    pub fn reject_if_any(mut self) -> DeskResult<()> {
        if self.total == 0 {
            return Ok(());
        }
        self.trim();
        let shown = self.kept.len();
        let mut details = self.kept;
        if self.total > shown {
            details.push(DeskError::invalid("import.more").arg("count", self.total - shown));
        }
        Err(DeskError::invalid("import.rejected")
            .arg("count", self.total)
            .with_details(details))
    }
}

impl FromIterator<DeskError> for Problems {
    fn from_iter<I: IntoIterator<Item = DeskError>>(iter: I) -> Self {
        let mut p = Problems::default();
        for e in iter {
            p.push(e);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn rows(bytes: &[u8]) -> (Scan, Vec<String>) {
        let mut source = Cursor::new(bytes.to_vec());
        let scan = scan(&mut source).unwrap();
        let mut stream = CsvStream::new(&mut source, scan.encoding, |h| match h {
            "a" => Some(0u8),
            "b" => Some(1u8),
            _ => None,
        })
        .unwrap();
        let mut out = Vec::new();
        while let Some(row) = stream.next_row().unwrap() {
            out.push(match row {
                Ok((line, m)) => format!("{line}:{}|{}", m[&0], m[&1]),
                Err(e) => format!("{}:{}", e.get("line").unwrap(), e.key),
            });
        }
        (scan, out)
    }

    #[test]
    fn utf8_with_a_bom_and_gbk_read_alike() {
        let (scan, out) = rows(b"\xEF\xBB\xBFa,b\n\xE7\x8E\x8B,1\n");
        assert_eq!((scan.encoding, scan.skip), (Encoding::Utf8, 3));
        assert_eq!(out, ["2:王|1"]);
        let (gbk, _, _) = encoding_rs::GBK.encode("a,b\n王小明,\"1,2\"\n");
        let (scan, out) = rows(&gbk);
        assert_eq!(scan.encoding, Encoding::Gb18030);
        assert_eq!(out, ["2:王小明|1,2"]);
    }

    #[test]
    fn a_character_cut_by_a_chunk_boundary_is_still_utf8() {
        let mut text = "a,b\n".to_string();
        while text.len() < 64 * 1024 + 10 {
            text.push_str("王,1\n");
        }
        let (scan, out) = rows(text.as_bytes());
        assert_eq!(scan.encoding, Encoding::Utf8);
        assert!(out.iter().all(|r| r.ends_with(":王|1")));
    }

    #[test]
    fn short_and_overfull_rows_are_problems_naming_their_line() {
        let (_, out) = rows(b"a,b\n1,2,\n1,2,3\n1\n\n");
        assert_eq!(
            out,
            ["2:1|2", "3:import.field_count", "4:import.field_count"]
        );
    }

    #[test]
    fn problems_keep_the_first_hundred_by_line_and_count_the_rest() {
        let problems: Problems = (1..=250u64)
            .rev()
            .map(|l| DeskError::invalid("import.row_problem").arg("line", l))
            .collect();
        let e = problems.reject_if_any().unwrap_err();
        assert_eq!(e.get("count"), Some("250"));
        assert_eq!(e.details.len(), 101);
        assert_eq!(e.details[0].get("line"), Some("1"));
        assert_eq!(e.details[99].get("line"), Some("100"));
        assert_eq!(e.details[100].key, "import.more");
        assert_eq!(e.details[100].get("count"), Some("150"));
    }
}
