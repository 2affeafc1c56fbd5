//! Daily health monitoring (晨午晚检): the checks of a day, a reading and its abnormal
//! rule, which checks are due, and the rows of an imported health-form export. Pure:
//! the zone, the roster and the database are the caller's.

use super::temperature::{TempError, Tenths};
use super::text::clean_optional;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// One check of the day as configured: `due` is minutes after local midnight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDef {
    pub key: String,
    pub label: String,
    pub label_en: String,
    pub due: u32,
}

impl CheckDef {
    pub fn due_time(&self) -> NaiveTime {
        NaiveTime::from_num_seconds_from_midnight_opt(self.due * 60, 0).unwrap_or(NaiveTime::MIN)
    }
}

/// One configured symptom with its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymptomDef {
    pub key: String,
    pub label: String,
    pub label_en: String,
}

/// The built-in labels of common symptom keys, so a config listing them needs no labels.
const KNOWN_SYMPTOMS: &[(&str, &str, &str)] = &[
    ("fever", "发热", "Fever"),
    ("cough", "咳嗽", "Cough"),
    ("sore_throat", "咽痛", "Sore throat"),
    ("fatigue", "乏力", "Fatigue"),
    ("diarrhea", "腹泻", "Diarrhoea"),
    ("loss_of_smell", "嗅（味）觉减退", "Loss of smell or taste"),
    ("runny_nose", "流涕", "Runny nose"),
    ("headache", "头痛", "Headache"),
    ("muscle_ache", "肌肉酸痛", "Muscle ache"),
    ("short_breath", "呼吸困难", "Shortness of breath"),
    ("conjunctivitis", "结膜炎", "Conjunctivitis"),
];

/// The built-in (Chinese, English) labels of a symptom key.
pub fn known_symptom(key: &str) -> Option<(&'static str, &'static str)> {
    KNOWN_SYMPTOMS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| (*zh, *en))
}

/// The symptoms a reading may name, in configured order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SymptomSet {
    defs: Vec<SymptomDef>,
}

/// Words a health form writes for "no symptoms".
const NONE_WORDS: &[&str] = &["无", "没有", "无症状", "正常", "none", "no", "-", "/"];

impl SymptomSet {
    pub fn new(defs: Vec<SymptomDef>) -> Self {
        Self { defs }
    }

    pub fn defs(&self) -> &[SymptomDef] {
        &self.defs
    }

    /// The definition of a key.
    pub fn get(&self, key: &str) -> Option<&SymptomDef> {
        self.defs.iter().find(|d| d.key == key)
    }

    /// Parses a list as typed or exported: keys or labels in either language,
    /// separated by commas (half or full width), 、, ; or spaces; "无" / "none" or empty
    /// is no symptom. Returns the keys in configured order without repeats, or the first
    /// word that names no configured symptom.
    pub fn parse(&self, input: &str) -> Result<Vec<String>, String> {
        let mut found = Vec::new();
        for word in input
            .split([',', '，', '、', ';', '；', ' ', '\u{3000}', '|'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            if NONE_WORDS.iter().any(|n| n.eq_ignore_ascii_case(word)) {
                continue;
            }
            let def = self.defs.iter().find(|d| {
                d.key.eq_ignore_ascii_case(word)
                    || d.label == word
                    || d.label_en.eq_ignore_ascii_case(word)
            });
            match def {
                Some(d) => found.push(d.key.clone()),
                None => return Err(word.to_string()),
            }
        }
        let mut ordered: Vec<String> = self
            .defs
            .iter()
            .filter(|d| found.contains(&d.key))
            .map(|d| d.key.clone())
            .collect();
        ordered.dedup();
        Ok(ordered)
    }
}

/// How a reading reached the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingSource {
    /// Typed at the desk (`health record`, later the console form).
    Desk,
    /// From a health-form export (`health import`).
    Import,
}

impl ReadingSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Desk => "desk",
            Self::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "desk" => Some(Self::Desk),
            "import" => Some(Self::Import),
            _ => None,
        }
    }
}

/// What a reading says, before it is stored: the part that decides "the same reading"
/// when a file is imported again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingValue {
    pub temp: Tenths,
    pub symptoms: Vec<String>,
    pub location: Option<String>,
}

impl ReadingValue {
    /// Abnormal: at or above the fever threshold, or any symptom.
    pub fn is_abnormal(&self, threshold: Tenths) -> bool {
        is_fever(self.temp, threshold) || !self.symptoms.is_empty()
    }
}

/// A fever reading (at or above the threshold, inclusive as at the gate).
pub fn is_fever(temp: Tenths, threshold: Tenths) -> bool {
    temp >= threshold
}

/// Longest location text (在市内 / 外地：成都 …).
pub const LOCATION_MAX: usize = 60;

/// Checks a location: optional, trimmed, no control characters, bounded.
pub fn clean_location(input: &str) -> Result<Option<String>, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    clean_optional(s, LOCATION_MAX)
        .map(|s| Some(s.replace(['\n', '\t'], " ")))
        .map_err(|e| e.key())
}

/// The checks that are due on `day` as seen at local `now`: every check of a past day,
/// the checks whose due time has passed today, none of a future day.
pub fn due_checks(checks: &[CheckDef], day: NaiveDate, now: NaiveDateTime) -> Vec<&CheckDef> {
    let today = now.date();
    checks
        .iter()
        .filter(|c| day < today || (day == today && now.time() >= c.due_time()))
        .collect()
}

/// The check a reading taken at local `time` belongs to: the first check still due at
/// or after it, else the last (a late evening report is the evening check).
pub fn check_for_time(checks: &[CheckDef], time: NaiveTime) -> Option<&CheckDef> {
    let mut sorted: Vec<&CheckDef> = checks.iter().collect();
    sorted.sort_by_key(|c| c.due);
    sorted
        .iter()
        .find(|c| time <= c.due_time())
        .or(sorted.last())
        .copied()
}

/// Finds a check by key or by label in either language.
pub fn find_check<'a>(checks: &'a [CheckDef], word: &str) -> Option<&'a CheckDef> {
    let w = word.trim();
    checks.iter().find(|c| {
        c.key.eq_ignore_ascii_case(w) || c.label == w || c.label_en.eq_ignore_ascii_case(w)
    })
}

/// The columns of a health-form export, each with its accepted headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HealthColumn {
    PersonId,
    Name,
    Temp,
    Symptoms,
    Location,
    Time,
    Check,
}

impl HealthColumn {
    pub const ALL: [HealthColumn; 7] = [
        Self::PersonId,
        Self::Name,
        Self::Temp,
        Self::Symptoms,
        Self::Location,
        Self::Time,
        Self::Check,
    ];

    /// Header spellings (trimmed, case-insensitive), English first.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::PersonId => &["person_id", "id", "学号", "工号", "学号/工号", "学工号"],
            Self::Name => &["name", "姓名"],
            Self::Temp => &[
                "temp",
                "temperature",
                "体温",
                "今日体温",
                "体温(℃)",
                "体温（℃）",
            ],
            Self::Symptoms => &["symptoms", "症状"],
            Self::Location => &["location", "所在地", "当前所在地"],
            Self::Time => &["time", "打卡时间", "填报时间", "提交时间"],
            Self::Check => &["check", "检次"],
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Self::PersonId | Self::Name | Self::Temp)
    }

    pub fn name(self) -> &'static str {
        self.headers()[0]
    }

    pub fn from_header(h: &str) -> Option<Self> {
        let h = h.trim().trim_start_matches('\u{feff}');
        Self::ALL
            .into_iter()
            .find(|c| c.headers().iter().any(|x| x.eq_ignore_ascii_case(h)))
    }
}

/// One problem in one field of an import row: the column, a translation key, and the
/// offending word when there is one (an unknown symptom).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub column: HealthColumn,
    pub key: &'static str,
    pub word: Option<String>,
}

/// An import row that reads well on its own; the roster checks come after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthRow {
    pub person_id: String,
    pub name: String,
    pub date: NaiveDate,
    pub check: String,
    pub value: ReadingValue,
    /// When the form was filled in, if the file says.
    pub time: Option<NaiveDateTime>,
}

/// What a row needs beyond its own fields.
pub struct RowContext<'a> {
    pub checks: &'a [CheckDef],
    pub symptoms: &'a SymptomSet,
    pub range: (Tenths, Tenths),
    /// `--date`, else today: the day of a row whose time gives none.
    pub default_date: NaiveDate,
    /// `--check`: the check of a row that names none.
    pub default_check: Option<&'a str>,
}

/// Parses a time cell: a full local date-time (`2026-11-29 07:31[:05]`, with `/` or
/// `T` too) or a bare time of day (`07:31`).
pub fn parse_time_cell(s: &str) -> Option<(Option<NaiveDate>, NaiveTime)> {
    let s = s.trim().replace('/', "-").replace('T', " ");
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(&s, fmt) {
            return Some((Some(dt.date()), dt.time()));
        }
    }
    for fmt in ["%H:%M:%S", "%H:%M"] {
        if let Ok(t) = NaiveTime::parse_from_str(&s, fmt) {
            return Some((None, t));
        }
    }
    None
}

/// Validates one import row given by column. Every problem of the row is reported.
pub fn health_row(
    get: impl Fn(HealthColumn) -> Option<String>,
    ctx: &RowContext,
) -> Result<HealthRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut problem = |column, key, word: Option<String>| {
        problems.push(RowProblem { column, key, word });
    };
    let field = |c: HealthColumn| get(c).unwrap_or_default().trim().to_string();

    let person_id = field(HealthColumn::PersonId);
    if person_id.is_empty() {
        problem(HealthColumn::PersonId, "field.missing", None);
    } else if let Err(e) = clean_optional(&person_id, 32) {
        problem(HealthColumn::PersonId, e.key(), None);
    }
    let name = field(HealthColumn::Name);
    if name.is_empty() {
        problem(HealthColumn::Name, "field.missing", None);
    }
    let temp_raw = field(HealthColumn::Temp);
    let temp = match Tenths::parse(&temp_raw, ctx.range) {
        Ok(t) => Some(t),
        Err(e) => {
            let key = match e {
                TempError::Empty => "field.missing",
                other => other.key(),
            };
            // The value as written, for the message ("3x" is not a temperature).
            problem(HealthColumn::Temp, key, Some(temp_raw.clone()));
            None
        }
    };
    let symptoms = match ctx.symptoms.parse(&field(HealthColumn::Symptoms)) {
        Ok(s) => s,
        Err(word) => {
            problem(HealthColumn::Symptoms, "health.symptom_unknown", Some(word));
            Vec::new()
        }
    };
    let location = match clean_location(&field(HealthColumn::Location)) {
        Ok(l) => l,
        Err(key) => {
            problem(HealthColumn::Location, key, None);
            None
        }
    };
    let time_raw = field(HealthColumn::Time);
    let parsed_time = if time_raw.is_empty() {
        None
    } else {
        match parse_time_cell(&time_raw) {
            Some(t) => Some(t),
            None => {
                problem(HealthColumn::Time, "health.time_format", None);
                None
            }
        }
    };
    let date = parsed_time.and_then(|(d, _)| d).unwrap_or(ctx.default_date);
    let check_raw = field(HealthColumn::Check);
    let check = if !check_raw.is_empty() {
        match find_check(ctx.checks, &check_raw) {
            Some(c) => Some(c.key.clone()),
            None => {
                problem(HealthColumn::Check, "health.check_unknown", Some(check_raw));
                None
            }
        }
    } else if let Some(c) = ctx.default_check {
        Some(c.to_string())
    } else if let Some((_, t)) = parsed_time {
        check_for_time(ctx.checks, t).map(|c| c.key.clone())
    } else {
        problem(HealthColumn::Check, "health.check_needed", None);
        None
    };
    match (temp, check, problems.is_empty()) {
        (Some(temp), Some(check), true) => Ok(HealthRow {
            person_id,
            name,
            date,
            check,
            value: ReadingValue {
                temp,
                symptoms,
                location,
            },
            time: parsed_time.map(|(_, t)| date.and_time(t)),
        }),
        _ => Err(problems),
    }
}

/// Names on a roster and in a form export are compared without spaces (full or half
/// width), which forms and spreadsheets add and drop freely.
pub fn same_name(roster: &str, given: &str) -> bool {
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect()
    };
    squeeze(roster) == squeeze(given)
}

#[cfg(test)]
#[path = "health_tests.rs"]
mod tests;
