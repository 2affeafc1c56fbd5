//! Daily health monitoring: record one reading, import a health-form export (all or
//! nothing), list, missing, summary, and the count the due-time alert needs. Every
//! use case checks the permission and a department head's scope here: a department
//! head sees and writes only their own departments' people, and a command outside them
//! is refused before anything is written.

use super::Desk;
use super::people::{decode_text, read_csv};
use crate::domain::Permission;
use crate::domain::Role;
use crate::domain::Tenths;
use crate::domain::health::{
    CheckDef, HealthColumn, HealthRow, ReadingSource, ReadingValue, RowContext, clean_location,
    due_checks, find_check, health_row, is_fever, same_name,
};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use crate::store::audit::Chain;
use crate::store::audit_rows::Covered;
use crate::store::health::{
    self as store, MissingRow, NewReading, ReadingFilter, ReadingRow, Scope,
};
use crate::store::people;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Problems an import lists one by one; beyond these it gives a count.
pub const MAX_LISTED_PROBLEMS: usize = 100;

/// `health record` as typed.
#[derive(Debug, Clone, Default)]
pub struct RecordInput {
    pub person_id: String,
    pub check: String,
    pub temp: String,
    pub symptoms: String,
    pub location: String,
    pub date: Option<NaiveDate>,
}

/// What `health record` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    pub reading_id: i64,
    pub replaced: bool,
    pub abnormal: bool,
    /// The fever case the reading opened.
    pub flag_id: Option<i64>,
}

/// `health import` options.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub check: Option<String>,
    pub date: Option<NaiveDate>,
    pub dry_run: bool,
}

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthImportSummary {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub abnormal: usize,
    pub flags_opened: usize,
    pub dry_run: bool,
}

/// One department's (or the total's) counts for one check or the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub expected: i64,
    pub reported: i64,
    pub missing: i64,
    pub abnormal: i64,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.expected += o.expected;
        self.reported += o.reported;
        self.missing += o.missing;
        self.abnormal += o.abnormal;
    }

    pub fn to_json(self) -> Value {
        json!({
            "expected": self.expected,
            "reported": self.reported,
            "missing": self.missing,
            "abnormal": self.abnormal,
        })
    }
}

/// Per-check counts (in configured order) and the day's sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckCounts {
    pub checks: Vec<(String, Counts)>,
    pub day: Counts,
}

/// `health summary`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthSummary {
    pub date: NaiveDate,
    pub departments: Vec<(String, CheckCounts)>,
    pub total: CheckCounts,
}

/// Still missing for a check that has fallen due: what the console's due-time alert
/// shows ("晨检 still missing: 12").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueMissing {
    pub check: String,
    pub due_at: DateTime<Utc>,
    pub missing: i64,
}

impl Desk {
    /// The people this operator's health commands see: a department head's
    /// departments, everyone for other roles.
    pub fn health_scope(&self) -> Scope {
        if self.actor.role != Role::DeptHead {
            return Scope::All;
        }
        let departments = self
            .config
            .users
            .as_ref()
            .and_then(|u| u.get(&self.actor.login))
            .map(|u| u.departments.clone())
            .unwrap_or_default();
        Scope::Departments(departments)
    }

    /// Refuses a department outside the operator's scope (`--department X`).
    pub fn require_department(&self, department: &str) -> DeskResult<()> {
        if self.health_scope().covers(department) {
            return Ok(());
        }
        Err(DeskError::refused("health.department_out_of_scope")
            .arg("department", sanitize(department))
            .arg("scope", self.scope_text()))
    }

    fn scope_text(&self) -> String {
        match self.health_scope() {
            Scope::All => String::new(),
            Scope::Departments(d) => d.join("、"),
        }
    }

    /// Refuses a person outside the operator's scope, naming them.
    pub fn require_person_in_scope(&self, person_id: &str, department: &str) -> DeskResult<()> {
        if self.health_scope().covers(department) {
            return Ok(());
        }
        Err(DeskError::refused("health.person_out_of_scope")
            .arg("id", sanitize(person_id))
            .arg("department", sanitize(department))
            .arg("scope", self.scope_text()))
    }

    /// The configured checks, in order.
    pub fn health_checks(&self) -> Vec<CheckDef> {
        self.config.monitoring.check_defs()
    }

    /// Resolves a check by key or label; unknown names the configured keys.
    pub fn health_check(&self, word: &str) -> DeskResult<CheckDef> {
        let checks = self.health_checks();
        find_check(&checks, word).cloned().ok_or_else(|| {
            DeskError::invalid("health.check_unknown_named")
                .arg("check", sanitize(word))
                .arg(
                    "known",
                    checks
                        .iter()
                        .map(|c| c.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
        })
    }

    /// A check's label in `lang` (the key itself for a check no longer configured).
    pub fn check_label(&self, lang: Lang, key: &str) -> String {
        self.health_checks()
            .into_iter()
            .find(|c| c.key == key)
            .map(|c| match lang {
                Lang::Zh => c.label,
                Lang::En => c.label_en,
            })
            .unwrap_or_else(|| sanitize(key))
    }

    /// A symptom's label in `lang`.
    pub fn symptom_label(&self, lang: Lang, key: &str) -> String {
        self.config
            .monitoring
            .symptom_set()
            .get(key)
            .map(|d| match lang {
                Lang::Zh => d.label.clone(),
                Lang::En => d.label_en.clone(),
            })
            .unwrap_or_else(|| sanitize(key))
    }

    /// The site's today.
    pub fn health_today(&self) -> NaiveDate {
        self.zone.date_of(self.clock.now())
    }

    fn refuse_future(&self, day: NaiveDate) -> DeskResult<()> {
        if day > self.health_today() {
            return Err(DeskError::field("field.date", "health.future_date"));
        }
        Ok(())
    }

    /// Records (or replaces) one reading typed at the desk. A fever reading opens a
    /// fever case; the audit row keeps the value it replaced.
    pub fn record_health(&mut self, input: &RecordInput) -> DeskResult<RecordOutcome> {
        self.require(Permission::RecordHealth)?;
        let check = self.health_check(&input.check)?;
        let range = self.config.valid_range();
        let temp = Tenths::parse(&input.temp, range).map_err(|e| {
            DeskError::invalid("field.problem")
                .arg("field", "field.temp")
                .arg("problem", e.key())
                .arg("input", sanitize(input.temp.trim()))
                .arg("min", range.0)
                .arg("max", range.1)
        })?;
        let symptoms = self
            .config
            .monitoring
            .symptom_set()
            .parse(&input.symptoms)
            .map_err(|word| {
                DeskError::invalid("health.symptom_unknown_named")
                    .arg("symptom", sanitize(&word))
                    .arg("known", self.config.monitoring.symptoms.join(", "))
            })?;
        let location = clean_location(&input.location)
            .map_err(|key| DeskError::field("field.location", key))?;
        let day = input.date.unwrap_or_else(|| self.health_today());
        self.refuse_future(day)?;
        let person = people::get(self.store.conn(), input.person_id.trim())?.ok_or_else(|| {
            DeskError::not_found("entry.unknown_person").arg("id", sanitize(&input.person_id))
        })?;
        self.require_person_in_scope(&person.id, &person.department)?;
        let value = ReadingValue {
            temp,
            symptoms,
            location,
        };
        let now = self.clock.now();
        let row = HealthRow {
            person_id: person.id.clone(),
            name: person.name.clone(),
            date: day,
            check: check.key.clone(),
            value,
            time: None,
        };
        let threshold = self.screening_threshold();
        let login = self.actor.login.clone();
        let policy = self.config.screening_rules(self.zone).flags;
        self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            let w = write_reading(
                tx,
                &mut chain,
                &row,
                Written {
                    threshold,
                    source: ReadingSource::Desk,
                    login: &login,
                    now,
                    at: now,
                    policy: &policy,
                },
            )?;
            chain.append(
                tx,
                &crate::store::audit::AuditRecord {
                    at: now,
                    operator: login.clone(),
                    action: "health.record".into(),
                    entity: "health_reading".into(),
                    entity_id: Some(w.id.to_string()),
                    details: json!({
                        "person_id": row.person_id,
                        "date": store::day_text(row.date),
                        "check": row.check,
                        "temp": row.value.temp.as_celsius(),
                        "symptoms": row.value.symptoms,
                        "location": row.value.location,
                        "previous": w.previous,
                        "flag_id": w.flag_id,
                    }),
                },
            )?;
            Ok(RecordOutcome {
                reading_id: w.id,
                replaced: w.previous.is_some(),
                abnormal: row.value.is_abnormal(threshold),
                flag_id: w.flag_id,
            })
        })
    }

    fn screening_threshold(&self) -> Tenths {
        self.config.screening_rules(self.zone).fever_threshold
    }

    /// Imports a health-form export (CSV in UTF-8, with BOM or GBK; or XLSX). Every bad
    /// row is reported with its line (the first 100 and a count), and then nothing is
    /// written. Rows equal to what is stored change nothing, so the same file imported
    /// twice writes nothing the second time.
    pub fn import_health(
        &mut self,
        bytes: &[u8],
        opts: &ImportOptions,
    ) -> DeskResult<HealthImportSummary> {
        self.require(Permission::RecordHealth)?;
        let default_check = match &opts.check {
            Some(c) => Some(self.health_check(c)?.key),
            None => None,
        };
        if let Some(d) = opts.date {
            self.refuse_future(d)?;
        }
        let (present, raw_rows, mut problems) = if super::health_xlsx::is_xlsx(bytes) {
            super::health_xlsx::read_rows(bytes)?
        } else {
            read_csv(&decode_text(bytes)?, HealthColumn::from_header)?
        };
        for c in HealthColumn::ALL.into_iter().filter(|c| c.required()) {
            if !present.contains(&c) {
                return Err(DeskError::invalid("import.missing_column")
                    .arg("column", c.headers().join(" / ")));
            }
        }
        let checks = self.health_checks();
        let symptoms = self.config.monitoring.symptom_set();
        let ctx = RowContext {
            checks: &checks,
            symptoms: &symptoms,
            range: self.config.valid_range(),
            default_date: opts.date.unwrap_or_else(|| self.health_today()),
            default_check: default_check.as_deref(),
        };
        let scope = self.health_scope();
        let today = self.health_today();
        let mut good: Vec<(u64, HealthRow)> = Vec::new();
        let mut first_line: HashMap<(NaiveDate, String, String), u64> = HashMap::new();
        for (line, map) in raw_rows {
            let row = match health_row(|c| map.get(&c).cloned(), &ctx) {
                Ok(r) => r,
                Err(fields) => {
                    for f in fields {
                        problems.push(
                            DeskError::invalid("health.row_problem")
                                .arg("line", line)
                                .arg("column", format!("health.column.{}", f.column.name()))
                                .arg("problem", f.key)
                                .arg("word", sanitize(f.word.as_deref().unwrap_or("")))
                                .arg("input", sanitize(f.word.as_deref().unwrap_or("")))
                                .arg("min", ctx.range.0)
                                .arg("max", ctx.range.1),
                        );
                    }
                    continue;
                }
            };
            let Some(person) = people::get(self.store.conn(), &row.person_id)? else {
                problems.push(
                    DeskError::invalid("health.import_unknown_person")
                        .arg("line", line)
                        .arg("id", sanitize(&row.person_id)),
                );
                continue;
            };
            if !same_name(&person.name, &row.name) {
                problems.push(
                    DeskError::invalid("health.import_name_mismatch")
                        .arg("line", line)
                        .arg("id", sanitize(&row.person_id))
                        .arg("name", sanitize(&row.name))
                        .arg("roster", sanitize(&person.name)),
                );
                continue;
            }
            if !scope.covers(&person.department) {
                problems.push(
                    DeskError::refused("health.import_out_of_scope")
                        .arg("line", line)
                        .arg("id", sanitize(&row.person_id))
                        .arg("department", sanitize(&person.department)),
                );
                continue;
            }
            if row.date > today {
                problems.push(
                    DeskError::invalid("health.import_future")
                        .arg("line", line)
                        .arg("date", store::day_text(row.date)),
                );
                continue;
            }
            let key = (row.date, row.check.clone(), row.person_id.clone());
            if let Some(first) = first_line.get(&key) {
                problems.push(
                    DeskError::invalid("health.import_duplicate")
                        .arg("line", line)
                        .arg("id", sanitize(&row.person_id))
                        .arg("first", first),
                );
                continue;
            }
            first_line.insert(key, line);
            good.push((line, row));
        }
        reject_listing_first(problems)?;
        if good.is_empty() {
            return Err(DeskError::invalid("import.empty"));
        }
        let threshold = self.screening_threshold();
        let mut summary = HealthImportSummary {
            dry_run: opts.dry_run,
            ..Default::default()
        };
        // Which rows change something: the same value again is left alone.
        let mut changes: Vec<&HealthRow> = Vec::new();
        for (_, row) in &good {
            match store::get(self.store.conn(), row.date, &row.check, &row.person_id)? {
                Some(old)
                    if old.temp == row.value.temp
                        && old.symptoms == row.value.symptoms
                        && old.location == row.value.location =>
                {
                    summary.unchanged += 1
                }
                Some(_) => {
                    summary.replaced += 1;
                    changes.push(row);
                }
                None => {
                    summary.added += 1;
                    changes.push(row);
                }
            }
            if row.value.is_abnormal(threshold) {
                summary.abnormal += 1;
            }
        }
        if opts.dry_run || changes.is_empty() {
            return Ok(summary);
        }
        let now = self.clock.now();
        let zone = self.zone;
        let login = self.actor.login.clone();
        let policy = self.config.screening_rules(self.zone).flags;
        let digest = hex::encode(Sha256::digest(bytes));
        self.store.write(|tx| {
            let mut chain = Chain::load(tx)?;
            let mut replaced = Vec::new();
            let mut flags = Vec::new();
            for row in &changes {
                let at = row.time.map(|t| zone.from_local(t)).unwrap_or(now);
                let w = write_reading(
                    tx,
                    &mut chain,
                    row,
                    Written {
                        threshold,
                        source: ReadingSource::Import,
                        login: &login,
                        now,
                        at,
                        policy: &policy,
                    },
                )?;
                if let Some(prev) = w.previous {
                    replaced.push(json!({
                        "reading_id": w.id,
                        "person_id": row.person_id,
                        "date": store::day_text(row.date),
                        "check": row.check,
                        "previous": prev,
                    }));
                }
                if let Some(f) = w.flag_id {
                    flags.push(f);
                }
            }
            summary.flags_opened = flags.len();
            chain.append(
                tx,
                &crate::store::audit::AuditRecord {
                    at: now,
                    operator: login.clone(),
                    action: "health.import".into(),
                    entity: "health_reading".into(),
                    entity_id: None,
                    details: json!({
                        "sha256": digest,
                        "added": summary.added,
                        "replaced": replaced,
                        "unchanged": summary.unchanged,
                        "flags_opened": flags,
                    }),
                },
            )?;
            Ok(summary.clone())
        })
    }

    /// One day's readings in scope, filtered.
    pub fn health_list(
        &self,
        day: NaiveDate,
        check: Option<&str>,
        department: Option<&str>,
        abnormal_only: bool,
    ) -> DeskResult<Vec<ReadingRow>> {
        let check = check.map(|c| self.health_check(c)).transpose()?;
        if let Some(d) = department {
            self.require_department(d)?;
        }
        Ok(store::list(
            self.store.conn(),
            &ReadingFilter {
                day,
                check: check.map(|c| c.key),
                department: department.map(str::to_string),
                abnormal_only,
                scope: self.health_scope(),
            },
        )?)
    }

    /// Who has no reading: for one check (named), or for every check that has fallen
    /// due on `day` (all of a past day). Each row with its check key.
    pub fn health_missing(
        &self,
        day: NaiveDate,
        check: Option<&str>,
        department: Option<&str>,
    ) -> DeskResult<Vec<(String, MissingRow)>> {
        if let Some(d) = department {
            self.require_department(d)?;
        }
        let checks: Vec<CheckDef> = match check {
            Some(c) => vec![self.health_check(c)?],
            None => {
                let all = self.health_checks();
                let now = self.zone.to_local(self.clock.now()).naive_local();
                due_checks(&all, day, now).into_iter().cloned().collect()
            }
        };
        let scope = self.health_scope();
        let mut out = Vec::new();
        for c in checks {
            for m in store::missing(self.store.conn(), day, &c.key, department, &scope)? {
                out.push((c.key.clone(), m));
            }
        }
        Ok(out)
    }

    /// Per department and in total: expected, reported, missing and abnormal, per
    /// check and for the day.
    pub fn health_summary(&self, day: NaiveDate) -> DeskResult<HealthSummary> {
        let scope = self.health_scope();
        let checks = self.health_checks();
        let expected = store::expected(self.store.conn(), &scope)?;
        let mut reported: HashMap<(String, String), (i64, i64)> = HashMap::new();
        for (dept, check, n, abnormal) in store::reported(self.store.conn(), day, &scope)? {
            reported.insert((dept, check), (n, abnormal));
        }
        let mut departments: BTreeMap<String, CheckCounts> = BTreeMap::new();
        let mut total = CheckCounts {
            checks: checks
                .iter()
                .map(|c| (c.key.clone(), Counts::default()))
                .collect(),
            day: Counts::default(),
        };
        for (dept, people) in expected {
            let mut cc = CheckCounts {
                checks: Vec::new(),
                day: Counts::default(),
            };
            for (i, c) in checks.iter().enumerate() {
                let (n, abnormal) = reported
                    .get(&(dept.clone(), c.key.clone()))
                    .copied()
                    .unwrap_or((0, 0));
                let counts = Counts {
                    expected: people,
                    reported: n,
                    missing: (people - n).max(0),
                    abnormal,
                };
                cc.day.add(counts);
                total.checks[i].1.add(counts);
                total.day.add(counts);
                cc.checks.push((c.key.clone(), counts));
            }
            departments.insert(dept, cc);
        }
        Ok(HealthSummary {
            date: day,
            departments: departments.into_iter().collect(),
            total,
        })
    }

    /// Writes the paper sheet of `day` (the operator's scope, optionally one department)
    /// to `path`: a new private file, or a replacement when `replace`. Returns the number
    /// of class worksheets. Read-only roles write no file.
    pub fn export_health_sheet(
        &self,
        day: NaiveDate,
        department: Option<&str>,
        path: &std::path::Path,
        lang: Lang,
        replace: bool,
    ) -> DeskResult<usize> {
        self.require(Permission::ExportHealth)?;
        if let Some(d) = department {
            self.require_department(d)?;
        }
        crate::report::health_sheet::write(self, lang, day, department, path, replace)
    }

    /// For each check of today that has fallen due, how many in the operator's scope
    /// still have no reading: what a console alert at the due time announces.
    pub fn health_missing_due(&self) -> DeskResult<Vec<DueMissing>> {
        let now = self.clock.now();
        let local = self.zone.to_local(now).naive_local();
        let today = local.date();
        let scope = self.health_scope();
        let checks = self.health_checks();
        let mut out = Vec::new();
        for c in due_checks(&checks, today, local) {
            out.push(DueMissing {
                check: c.key.clone(),
                due_at: self.zone.from_local(today.and_time(c.due_time())),
                missing: store::count_missing(self.store.conn(), today, &c.key, &scope)?,
            });
        }
        Ok(out)
    }
}

/// How a reading is written.
struct Written<'a> {
    threshold: Tenths,
    source: ReadingSource,
    login: &'a str,
    now: DateTime<Utc>,
    at: DateTime<Utc>,
    policy: &'a crate::domain::flag::FlagPolicy,
}

/// What writing one reading did.
struct WriteResult {
    id: i64,
    previous: Option<Value>,
    flag_id: Option<i64>,
}

/// Writes one reading inside the caller's transaction and opens its fever case (once
/// per reading: a replaced fever reading keeps the case it already has).
fn write_reading(
    tx: &Connection,
    chain: &mut Chain,
    row: &HealthRow,
    w: Written,
) -> DeskResult<WriteResult> {
    let previous = store::get(tx, row.date, &row.check, &row.person_id)?.map(|old| {
        json!({
            "temp": old.temp.as_celsius(),
            "symptoms": old.symptoms,
            "location": old.location,
            "source": old.source,
            "recorded_by": old.recorded_by,
            "at": old.at.to_rfc3339(),
        })
    });
    let id = store::upsert(
        tx,
        &NewReading {
            day: row.date,
            check: row.check.clone(),
            person_id: row.person_id.clone(),
            temp: row.value.temp,
            symptoms: row.value.symptoms.clone(),
            location: row.value.location.clone(),
            abnormal: row.value.is_abnormal(w.threshold),
            threshold: w.threshold,
            source: w.source.as_str(),
            recorded_by: w.login.to_string(),
            at: w.at,
        },
    )?;
    // The reading is recorded by the audit row its caller appends next (the fever
    // case, opened below, gets its own row first: cover the reading after it).
    let flag_id = if is_fever(row.value.temp, w.threshold)
        && crate::store::flags::id_for_reading(tx, id)?.is_none()
    {
        Some(super::flags::open_for_reading(
            tx, chain, w.policy, w.now, w.login, id,
        )?)
    } else {
        None
    };
    chain.cover(tx, &[Covered::row("health_readings", id)])?;
    Ok(WriteResult {
        id,
        previous,
        flag_id,
    })
}

/// All or nothing, with a readable refusal: the first `MAX_LISTED_PROBLEMS` problems
/// in line order, then how many more there are.
fn reject_listing_first(mut problems: Vec<DeskError>) -> DeskResult<()> {
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort_by_key(|p| {
        p.get("line")
            .and_then(|l| l.parse::<u64>().ok())
            .unwrap_or(0)
    });
    let count = problems.len();
    let mut listed: Vec<DeskError> = problems.into_iter().take(MAX_LISTED_PROBLEMS).collect();
    if count > MAX_LISTED_PROBLEMS {
        listed.push(
            DeskError::invalid("health.more_problems").arg("count", count - MAX_LISTED_PROBLEMS),
        );
    }
    Err(DeskError::invalid("import.rejected")
        .arg("count", count)
        .with_details(listed))
}
