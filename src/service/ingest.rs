//! `dutydesk ingest`: JSON Lines from gate devices and scripts, one acknowledgement per
//! line. Lines that have already arrived are committed together (group commit), and
//! no line is acknowledged before the transaction holding it is durably committed.

use super::Desk;
use super::entries::{EntryInput, Inserted, VisitorInput, insert_screened, validate_entry};
use super::ingest_json::Top;
use crate::domain::entry::Warning;
use crate::domain::{Decision, Permission, Reason};
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::store::Store;
use crate::store::audit::Chain;
use serde::Serialize;
use serde_json::Value;
use std::io::{Read, Write};

/// Most lines committed in one transaction.
const MAX_BATCH: usize = 2_000;

/// The keys a JSON line may carry.
pub(crate) const KEYS: &[&str] = &[
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
    let top = super::ingest_json::parse_top(line)
        .map_err(|e| DeskError::invalid("ingest.json").arg("detail", e))?;
    let obj = match top {
        Top::Object(obj) => obj,
        Top::Duplicate(k) => {
            return Err(DeskError::invalid("ingest.duplicate_key")
                .arg("key", crate::domain::text::sanitize(&k)));
        }
        Top::NotObject => return Err(DeskError::invalid("ingest.not_object")),
    };
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

/// One acknowledgement line, keys in this order:
/// `{"line":N,"ok":true,"id":ID,"decision":"admitted","reasons":[],"warnings":[]}`
/// (with `"open_case":ID` when an active fever case refused the entry) or
/// `{"line":N,"ok":false,"error":"..."}`. A device at the gate learns the decision
/// from the acknowledgement, so it must not need a second query.
#[derive(Serialize)]
struct Ack<'a> {
    line: u64,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasons: Option<&'a [Reason]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<&'a [Warning]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    open_case: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

fn ack(line: u64, result: &Result<Inserted, DeskError>, lang: Lang) -> String {
    let message;
    let a = match result {
        Ok(i) => Ack {
            line,
            ok: true,
            id: Some(i.id),
            decision: Some(i.screening.decision),
            reasons: Some(&i.screening.reasons),
            warnings: Some(&i.screening.warnings),
            open_case: i.open_case,
            error: None,
        },
        Err(e) => {
            message = e.render(lang);
            Ack {
                line,
                ok: false,
                id: None,
                decision: None,
                reasons: None,
                warnings: None,
                open_case: None,
                error: Some(&message),
            }
        }
    };
    // The error may quote the line: nothing in it may drive the device's terminal.
    crate::domain::text::sanitize(&serde_json::to_string(&a).unwrap_or_default())
}

/// Longest line accepted; a longer one is acknowledged as an error and skipped.
const MAX_LINE: usize = 64 * 1024;

/// How much one read asks for.
const CHUNK: usize = 256 * 1024;

/// Splits the input into lines, reading only when asked: `ingest` never asks for more
/// input while it holds lines that are not yet committed and acknowledged, unless more
/// input is already waiting. A device that sends one line and waits for its
/// acknowledgement therefore never waits on us.
struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    /// Bytes before this are consumed.
    start: usize,
    eof: bool,
    /// Inside an over-long line: drop bytes up to the next newline.
    skipping: bool,
}

/// One physical line: its bytes, or a problem with it.
type RawLine = Result<Vec<u8>, DeskError>;

impl<R: Read> Lines<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::new(),
            start: 0,
            eof: false,
            skipping: false,
        }
    }

    /// The next complete line already received (without its newline); at end of
    /// input also a last line that has no newline.
    fn next_buffered(&mut self) -> Option<RawLine> {
        loop {
            let rest = &self.buf[self.start..];
            match rest.iter().position(|b| *b == b'\n') {
                Some(pos) => {
                    let line = rest[..pos].to_vec();
                    self.start += pos + 1;
                    if std::mem::take(&mut self.skipping) {
                        continue; // the tail of a line already reported
                    }
                    if line.len() > MAX_LINE {
                        return Some(Err(too_long()));
                    }
                    return Some(Ok(line));
                }
                None if self.skipping => {
                    self.start = self.buf.len();
                    return None;
                }
                None if rest.len() > MAX_LINE => {
                    self.start = self.buf.len();
                    self.skipping = !self.eof;
                    return Some(Err(
                        DeskError::invalid("ingest.too_long").arg("max", MAX_LINE)
                    ));
                }
                None if self.eof && !rest.is_empty() => {
                    let line = rest.to_vec();
                    self.start = self.buf.len();
                    return Some(Ok(line));
                }
                None => return None,
            }
        }
    }

    /// One read from the input; blocks when nothing is waiting. Sets `eof` at the end.
    fn fill(&mut self) -> std::io::Result<()> {
        self.buf.drain(..self.start);
        self.start = 0;
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        loop {
            match self.inner.read(&mut self.buf[old..]) {
                Ok(n) => {
                    self.buf.truncate(old + n);
                    self.eof = n == 0;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(e);
                }
            }
        }
    }
}

fn too_long() -> DeskError {
    DeskError::invalid("ingest.too_long").arg("max", MAX_LINE)
}

/// Parses one physical line; `None` for a blank line (skipped, not acknowledged).
fn parse_raw(raw: RawLine) -> Option<DeskResult<EntryInput>> {
    let bytes = match raw {
        Ok(b) => b,
        Err(e) => return Some(Err(e)),
    };
    match std::str::from_utf8(&bytes) {
        Ok(text) => {
            let trimmed = text.trim();
            (!trimmed.is_empty()).then(|| parse_line(trimmed))
        }
        Err(_) => Some(Err(DeskError::invalid("ingest.utf8"))),
    }
}

impl Desk {
    /// Reads until end of input. Returns the totals; an error means the run could not
    /// continue at all (refused, input unreadable, or the output closed). Lines that
    /// arrived before such an error are still committed and acknowledged.
    ///
    /// Blank lines are skipped without an acknowledgement but still count for the line
    /// numbers, so `line` is always the physical line of the input.
    pub fn ingest(
        &mut self,
        input: impl Read,
        output: impl Write,
        lang: Lang,
    ) -> DeskResult<IngestStats> {
        self.ingest_polled(input, output, lang, || false)
    }

    /// `ingest`, told by `more_waiting` whether the input has bytes ready to read at
    /// once (poll with a zero timeout). While lines wait to be committed, more input is
    /// read only when it is already waiting, so a fast writer gets large groups per
    /// commit (up to `MAX_BATCH`) and a slow one is acknowledged line by line.
    pub fn ingest_polled(
        &mut self,
        input: impl Read,
        mut output: impl Write,
        lang: Lang,
        more_waiting: impl Fn() -> bool,
    ) -> DeskResult<IngestStats> {
        self.require(Permission::RegisterEntry)?;
        let mut lines = Lines::new(input);
        let mut stats = IngestStats::default();
        let mut line_no = 0u64;
        let mut fatal = None;
        let mut at_end = false;
        while !at_end {
            // Lines are parsed here and checked against the roster inside the batch's
            // write transaction: the check and the insert see the same data, and one
            // transaction replaces a read transaction per line.
            let mut batch: Vec<(u64, DeskResult<EntryInput>)> = Vec::new();
            loop {
                while batch.len() < MAX_BATCH {
                    let Some(raw) = lines.next_buffered() else {
                        break;
                    };
                    line_no += 1;
                    if let Some(item) = parse_raw(raw) {
                        batch.push((line_no, item));
                    }
                }
                if batch.len() >= MAX_BATCH {
                    break;
                }
                if lines.eof {
                    at_end = true;
                    break;
                }
                // With lines in hand, read on only if more input is already waiting
                // (the read returns at once); otherwise commit and acknowledge first.
                if !batch.is_empty() && !more_waiting() {
                    break;
                }
                if let Err(e) = lines.fill() {
                    fatal = Some(DeskError::internal("ingest.read").arg("detail", e));
                    at_end = true;
                    break;
                }
            }
            if batch.is_empty() {
                continue;
            }
            // Acknowledgements are written only after `commit_batch` has committed.
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
        match fatal {
            Some(e) => Err(e),
            None => Ok(stats),
        }
    }

    /// Checks and writes the lines of a batch in one transaction, each under its own
    /// savepoint so one failing insert does not take the others down. If the commit
    /// itself fails, every line of the batch is reported as failed.
    fn commit_batch(
        &mut self,
        batch: Vec<(u64, DeskResult<EntryInput>)>,
    ) -> Vec<(u64, Result<Inserted, DeskError>)> {
        let config = std::sync::Arc::clone(&self.config);
        let rules = self.config.screening_rules(self.zone);
        let now = self.clock.now();
        let operator = self.actor.login.clone();
        let lines: Vec<u64> = batch.iter().map(|(l, _)| *l).collect();
        let outcome = self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            let mut results = Vec::with_capacity(batch.len());
            for (line, parsed) in &batch {
                let valid = match parsed {
                    Ok(input) => validate_entry(tx, &config, input),
                    Err(e) => Err(e.clone()),
                };
                let result = match valid {
                    Err(e) => Err(e),
                    Ok(valid) => {
                        let r = Store::in_savepoint(tx, || {
                            insert_screened(tx, &mut chain, &rules, now, &operator, &valid)
                        });
                        if r.is_err() {
                            // The tip moved inside the undone savepoint: reread it.
                            chain = Chain::load(tx)?;
                        }
                        r
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

    use crate::clock::FixedClock;
    use crate::config::Config;
    use crate::domain::Role;
    use crate::service::Actor;
    use crate::store::Store;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::sync::Arc;

    fn desk(dir: &std::path::Path) -> Desk {
        let store = Store::open(&dir.join("t.db")).unwrap();
        let actor = Actor {
            login: "gate1".into(),
            name: "gate1".into(),
            role: Role::Guard,
        };
        let clock = Arc::new(FixedClock::new(crate::clock::from_ms(1_764_374_400_000)));
        Desk::new(store, Arc::new(Config::default()), actor, clock).unwrap()
    }

    /// Shared output, so the input side can look at what was acknowledged so far.
    #[derive(Clone, Default)]
    struct Out(Rc<RefCell<Vec<u8>>>);
    impl Write for Out {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Hands out one chunk per read. Before each chunk after the first it checks that
    /// every line handed out so far has been acknowledged and its entry committed (a
    /// device waiting for an acknowledgement sends nothing more): this is where a
    /// reader that asked for more input before acknowledging would fail.
    struct Device {
        chunks: Vec<&'static str>,
        next: usize,
        out: Out,
        db: std::path::PathBuf,
        acked_before: Vec<usize>,
    }
    impl Read for Device {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.next > 0 {
                let out = String::from_utf8_lossy(&self.out.0.borrow()).into_owned();
                self.acked_before.push(out.lines().count());
                // Every line acknowledged as stored is visible to another connection.
                let other = rusqlite::Connection::open(&self.db).unwrap();
                let rows: i64 = other
                    .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
                    .unwrap();
                assert!(rows as usize >= out.matches(r#""ok":true"#).count());
            }
            let Some(chunk) = self.chunks.get(self.next) else {
                return Ok(0);
            };
            self.next += 1;
            buf[..chunk.len()].copy_from_slice(chunk.as_bytes());
            Ok(chunk.len())
        }
    }
    #[test]
    fn acknowledges_each_line_before_waiting_for_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path());
        d.actor.role = Role::Admin;
        d.import_people("id,name,kind,department\nS1,王小明,student,信息系\n".as_bytes())
            .unwrap();
        d.actor.role = Role::Guard;
        let line = r#"{"gate":"东门","direction":"in","temp":"36.5","code":"green","venue_scan":true,"person_id":"S1"}"#;
        let line: &'static str = Box::leak(format!("{line}\n").into_boxed_str());
        let out = Out::default();
        let mut device = Device {
            chunks: vec![line, "\n", "{\"gate\":\"南门\"}\n", line],
            next: 0,
            out: out.clone(),
            db: dir.path().join("t.db"),
            acked_before: Vec::new(),
        };
        let stats = d.ingest(&mut device, out.clone(), Lang::En).unwrap();
        assert_eq!(
            stats,
            IngestStats {
                lines: 3,
                ok: 2,
                failed: 1
            }
        );
        // Before the blank line was read, line 1 was already acknowledged; and so on.
        assert_eq!(device.acked_before, vec![1, 1, 2, 3]);
        let text = String::from_utf8(out.0.borrow().clone()).unwrap();
        let acks: Vec<&str> = text.lines().collect();
        assert!(
            acks[0].starts_with(r#"{"line":1,"ok":true,"id":"#),
            "{}",
            acks[0]
        );
        assert!(
            acks[1].starts_with(r#"{"line":3,"ok":false,"error":"#),
            "{}",
            acks[1]
        );
        assert!(
            acks[2].starts_with(r#"{"line":4,"ok":true,"id":"#),
            "{}",
            acks[2]
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_refused_and_the_stream_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path());
        let input: &[u8] = b"\xff\xfe\n{\"gate\":\"x\"}\n";
        let mut out = Vec::new();
        let stats = d.ingest(input, &mut out, Lang::En).unwrap();
        assert_eq!(stats.failed, 2);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(r#"{"line":1,"ok":false,"error":"the line is not UTF-8 text"}"#));
    }

    #[test]
    fn input_already_waiting_joins_the_same_group() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path());
        d.actor.role = Role::Admin;
        d.import_people("id,name,kind,department\nS1,王小明,student,信息系\n".as_bytes())
            .unwrap();
        let line = r#"{"gate":"东门","direction":"in","temp":"36.5","person_id":"S1"}"#;
        let line: &'static str = Box::leak(format!("{line}\n").into_boxed_str());
        let (head, tail) = line.split_at(20);
        let out = Out::default();
        let mut device = Device {
            // A line split across reads, as a pipe delivers it.
            chunks: vec![line, head, tail, line],
            next: 0,
            out: out.clone(),
            db: dir.path().join("t.db"),
            acked_before: Vec::new(),
        };
        let stats = d
            .ingest_polled(&mut device, out.clone(), Lang::En, || true)
            .unwrap();
        assert_eq!(stats.ok, 3);
        assert_eq!(
            device.acked_before,
            vec![0, 0, 0, 0],
            "one group, one commit"
        );
    }

    #[test]
    fn an_over_long_line_is_refused_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = desk(dir.path());
        let long = format!("{{\"gate\":\"{}\"}}", "x".repeat(MAX_LINE + 10));
        let input = format!("{long}\n{{\"gate\":\"x\"}}\n{long}");
        let mut out = Vec::new();
        let stats = d.ingest(input.as_bytes(), &mut out, Lang::En).unwrap();
        assert_eq!(stats.failed, 3);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with(r#"{"line":1,"ok":false,"error":"the line is too long"#));
        assert!(lines[1].starts_with(r#"{"line":2,"ok":false,"error":"unknown gate"#));
        assert!(lines[2].starts_with(r#"{"line":3,"ok":false,"error":"the line is too long"#));
    }
}
