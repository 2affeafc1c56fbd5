//! `dutydesk ingest`: JSON Lines from gate devices and scripts, one acknowledgement per
//! line. Lines that have already arrived are committed together (group commit), and
//! no line is acknowledged before the transaction holding it is durably committed.

use super::Desk;
use super::entries::{EntryInput, ValidEntry, VisitorInput, insert_valid};
use crate::domain::Permission;
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::store::audit::Chain;
use serde_json::{Map, Value, json};
use std::io::{BufRead, BufReader, Read, Write};

/// Most lines committed in one transaction.
const MAX_BATCH: usize = 2_000;

const KEYS: &[&str] = &[
    "gate",
    "direction",
    "temp",
    "code",
    "venue_scan",
    "person_id",
    "visitor_name",
    "visitor_id",
    "visitor_phone",
    "reason",
    "host",
];

/// Totals for the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestStats {
    pub lines: u64,
    pub ok: u64,
    pub failed: u64,
}

/// Turns one JSON line into an entry input; errors name the key.
pub fn parse_line(line: &str) -> DeskResult<EntryInput> {
    let value: Value = serde_json::from_str(line)
        .map_err(|e| DeskError::invalid("ingest.json").arg("detail", e))?;
    let obj = value
        .as_object()
        .ok_or_else(|| DeskError::invalid("ingest.not_object"))?;
    if let Some(k) = obj.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(
            DeskError::invalid("ingest.unknown_key").arg("key", crate::domain::text::sanitize(k))
        );
    }
    let text = |k: &str| -> DeskResult<Option<String>> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if k != "code" => Ok(Some(n.to_string())),
            Some(_) => Err(DeskError::invalid("ingest.wrong_type")
                .arg("key", k)
                .arg("expected", "string")),
        }
    };
    let venue_scan = match obj.get("venue_scan") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(DeskError::invalid("ingest.wrong_type")
                .arg("key", "venue_scan")
                .arg("expected", "bool"));
        }
    };
    let visitor_fields = [
        "visitor_name",
        "visitor_id",
        "visitor_phone",
        "reason",
        "host",
    ];
    let visitor = if visitor_fields
        .iter()
        .any(|k| obj.get(*k).is_some_and(|v| !v.is_null()))
    {
        Some(VisitorInput {
            name: text("visitor_name")?.unwrap_or_default(),
            resident_id: text("visitor_id")?.unwrap_or_default(),
            phone: text("visitor_phone")?.unwrap_or_default(),
            reason: text("reason")?.unwrap_or_default(),
            host: text("host")?,
        })
    } else {
        None
    };
    Ok(EntryInput {
        gate: text("gate")?.unwrap_or_default(),
        direction: text("direction")?.unwrap_or_default(),
        temp: text("temp")?.unwrap_or_default(),
        code: text("code")?,
        venue_scan,
        person_id: text("person_id")?,
        visitor,
    })
}

fn ack(line: u64, result: &Result<i64, DeskError>, lang: Lang) -> String {
    let mut m = Map::new();
    m.insert("line".into(), json!(line));
    match result {
        Ok(id) => {
            m.insert("ok".into(), json!(true));
            m.insert("id".into(), json!(id));
        }
        Err(e) => {
            m.insert("ok".into(), json!(false));
            m.insert("error".into(), json!(e.render(lang)));
        }
    }
    Value::Object(m).to_string()
}

/// Input whose bytes already received can be looked at without reading more, so a
/// batch takes what has arrived and a gate device sending one line at a time has
/// each line committed and acknowledged at once (`fill_buf` would wait for the next).
pub trait Arrived: BufRead {
    /// The bytes received and not yet consumed. Never blocks.
    fn arrived(&self) -> &[u8];
}

impl<R: Read> Arrived for BufReader<R> {
    fn arrived(&self) -> &[u8] {
        self.buffer()
    }
}

impl Arrived for &[u8] {
    fn arrived(&self) -> &[u8] {
        self
    }
}

/// True when the reader already holds a complete next line, so reading it cannot block.
fn line_ready(reader: &impl Arrived) -> bool {
    reader.arrived().contains(&b'\n')
}

impl Desk {
    /// Reads until end of input. Returns the totals; an error means the run could not
    /// continue at all (refused, or the output closed).
    pub fn ingest(
        &mut self,
        mut input: impl Arrived,
        mut output: impl Write,
        lang: Lang,
    ) -> DeskResult<IngestStats> {
        self.require(Permission::RegisterEntry)?;
        let mut stats = IngestStats::default();
        let mut line_no = 0u64;
        let mut eof = false;
        while !eof {
            // Gather what has arrived: at least one line (blocking), then every
            // complete line already buffered, up to MAX_BATCH.
            let mut batch: Vec<(u64, DeskResult<ValidEntry>)> = Vec::new();
            loop {
                let mut buf = String::new();
                match input.read_line(&mut buf) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        line_no += 1;
                        batch.push((
                            line_no,
                            Err(DeskError::invalid("ingest.read").arg("detail", e)),
                        ));
                        if batch.len() >= MAX_BATCH || !line_ready(&input) {
                            break;
                        }
                        continue;
                    }
                }
                line_no += 1;
                let trimmed = buf.trim();
                if !trimmed.is_empty() {
                    batch.push((
                        line_no,
                        parse_line(trimmed).and_then(|i| self.validate_entry(&i)),
                    ));
                }
                if batch.len() >= MAX_BATCH || !line_ready(&input) {
                    break;
                }
            }
            if batch.is_empty() {
                continue;
            }
            let results = self.commit_batch(batch);
            for (line, result) in &results {
                stats.lines += 1;
                if result.is_ok() {
                    stats.ok += 1;
                } else {
                    stats.failed += 1;
                }
                writeln!(output, "{}", ack(*line, result, lang))
                    .map_err(|e| DeskError::internal("ingest.write").arg("detail", e))?;
            }
            output
                .flush()
                .map_err(|e| DeskError::internal("ingest.write").arg("detail", e))?;
        }
        Ok(stats)
    }

    /// Writes the valid lines of a batch in one transaction, each under its own
    /// savepoint so one failing insert does not take the others down. If the commit
    /// itself fails, every line of the batch is reported as failed.
    fn commit_batch(
        &mut self,
        batch: Vec<(u64, DeskResult<ValidEntry>)>,
    ) -> Vec<(u64, Result<i64, DeskError>)> {
        let rules = self.config.screening_rules();
        let now = self.clock.now();
        let operator = self.actor.login.clone();
        let lines: Vec<u64> = batch.iter().map(|(l, _)| *l).collect();
        let outcome = self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            let mut results = Vec::with_capacity(batch.len());
            for (line, valid) in &batch {
                let result = match valid {
                    Err(e) => Err(e.clone()),
                    Ok(valid) => {
                        let sp = tx.savepoint()?;
                        match insert_valid(&sp, &mut chain, &rules, now, &operator, valid) {
                            Ok(id) => {
                                sp.commit()?;
                                Ok(id)
                            }
                            Err(e) => {
                                drop(sp);
                                chain = Chain::load(tx)?;
                                Err(e)
                            }
                        }
                    }
                };
                results.push((*line, result));
            }
            Ok(results)
        });
        match outcome {
            Ok(results) => results,
            Err(e) => lines.into_iter().map(|l| (l, Err(e.clone()))).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_person_line_with_a_numeric_temperature() {
        let i = parse_line(r#"{"gate":"东门","direction":"in","temp":36.6,"code":"green","venue_scan":true,"person_id":"S1"}"#).unwrap();
        assert_eq!(i.temp, "36.6");
        assert_eq!(i.person_id.as_deref(), Some("S1"));
        assert!(i.venue_scan && i.visitor.is_none());
    }

    #[test]
    fn names_an_unknown_key() {
        let e = parse_line(r#"{"gate":"东门","tmp":36.6}"#).unwrap_err();
        assert_eq!(e.key, "ingest.unknown_key");
        assert_eq!(e.get("key"), Some("tmp"));
    }

    #[test]
    fn refuses_a_line_that_is_not_json() {
        assert_eq!(parse_line("gate=东门").unwrap_err().key, "ingest.json");
        assert_eq!(parse_line("[1,2]").unwrap_err().key, "ingest.not_object");
    }
}
