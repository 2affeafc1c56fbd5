//! The duty roster (排班): who leads and who staffs each shift on each date, and the
//! rules for one row of a roster file.

use super::handover::Duty;
use chrono::NaiveDate;

/// The columns of a roster file, each with its English and Chinese headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DutyColumn {
    Date,
    Shift,
    Leader,
    Officers,
}

impl DutyColumn {
    pub const ALL: [DutyColumn; 4] = [Self::Date, Self::Shift, Self::Leader, Self::Officers];

    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Date => &["date", "日期"],
            Self::Shift => &["shift", "班次"],
            Self::Leader => &["leader", "带班领导", "带班"],
            Self::Officers => &["officers", "值班员", "值班人员"],
        }
    }

    /// The English header, used in messages.
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

/// Dates as spreadsheets write them: 2026-11-29, 2026/11/29, 2026/1/5, 2026年11月29日.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Characters that separate names in the officers column: `;` and the full-width
/// `；` and `、` that a Chinese input method types.
pub const SEPARATORS: [char; 3] = [';', '；', '、'];

/// Splits the officers column; empty parts are dropped.
pub fn split_names(s: &str) -> Vec<String> {
    s.split(SEPARATORS)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Which column a name appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutyRole {
    Leader,
    Officer,
}

/// A problem in one field of a roster row: the column, a translation key, and the
/// message arguments (a name, a role…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub column: DutyColumn,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl RowProblem {
    fn new(column: DutyColumn, key: &'static str) -> Self {
        Self {
            column,
            key,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// One valid roster row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyRow {
    pub date: NaiveDate,
    pub shift: String,
    pub duty: Duty,
}

/// Validates a roster row. `shift_names` are the configured shifts; `resolve` turns a
/// name as written into an operator login or says why it cannot (unknown name, a role
/// that cannot take that duty).
pub fn duty_from_row(
    get: impl Fn(DutyColumn) -> Option<String>,
    shift_names: &[&str],
    resolve: impl Fn(&str, DutyRole) -> Result<String, (&'static str, Vec<(&'static str, String)>)>,
) -> Result<DutyRow, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let raw = |c: DutyColumn| get(c).unwrap_or_default().trim().to_string();

    let date_raw = raw(DutyColumn::Date);
    let date = if date_raw.is_empty() {
        problems.push(RowProblem::new(DutyColumn::Date, "field.missing"));
        None
    } else {
        let d = parse_date(&date_raw);
        if d.is_none() {
            problems.push(RowProblem::new(DutyColumn::Date, "roster.date"));
        }
        d
    };

    let shift = raw(DutyColumn::Shift);
    if shift.is_empty() {
        problems.push(RowProblem::new(DutyColumn::Shift, "field.missing"));
    } else if !shift_names.contains(&shift.as_str()) {
        problems.push(
            RowProblem::new(DutyColumn::Shift, "roster.unknown_shift")
                .arg("shift", super::text::sanitize(&shift))
                .arg("known", shift_names.join(", ")),
        );
    }

    let resolve_one = |problems: &mut Vec<RowProblem>,
                       column: DutyColumn,
                       name: &str,
                       role: DutyRole| match resolve(name, role) {
        Ok(login) => Some(login),
        Err((key, args)) => {
            let mut p = RowProblem::new(column, key);
            p.args = args;
            problems.push(p);
            None
        }
    };

    let leader_raw = raw(DutyColumn::Leader);
    let leaders = split_names(&leader_raw);
    let leader = match leaders.as_slice() {
        [] => None,
        [one] => resolve_one(&mut problems, DutyColumn::Leader, one, DutyRole::Leader),
        _ => {
            problems.push(RowProblem::new(DutyColumn::Leader, "roster.one_leader"));
            None
        }
    };

    let mut officers: Vec<String> = Vec::new();
    for name in split_names(&raw(DutyColumn::Officers)) {
        if let Some(login) = resolve_one(
            &mut problems,
            DutyColumn::Officers,
            &name,
            DutyRole::Officer,
        ) {
            if officers.contains(&login) {
                problems.push(
                    RowProblem::new(DutyColumn::Officers, "roster.repeated")
                        .arg("name", super::text::sanitize(&name)),
                );
            } else {
                officers.push(login);
            }
        }
    }
    if let Some(l) = &leader
        && officers.contains(l)
    {
        problems.push(
            RowProblem::new(DutyColumn::Officers, "roster.leader_is_officer")
                .arg("name", super::text::sanitize(l)),
        );
    }

    match date {
        Some(date) if problems.is_empty() => Ok(DutyRow {
            date,
            shift,
            duty: Duty { leader, officers },
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn row(pairs: &[(DutyColumn, &str)]) -> Result<DutyRow, Vec<RowProblem>> {
        let map: HashMap<DutyColumn, String> =
            pairs.iter().map(|(c, v)| (*c, v.to_string())).collect();
        duty_from_row(
            |c| map.get(&c).cloned(),
            &["白班", "夜班"],
            |name, role| match (name, role) {
                ("li" | "李玉德", _) => Ok("li".to_string()),
                ("zhao", _) => Ok("zhao".to_string()),
                ("qian", _) => Ok("qian".to_string()),
                ("guard", DutyRole::Officer) => Err((
                    "roster.cannot_sign",
                    vec![("name", "guard".into()), ("role", "guard".into())],
                )),
                (other, _) => Err(("roster.unknown_operator", vec![("name", other.into())])),
            },
        )
    }

    #[test]
    fn reads_a_row_with_a_display_name_and_full_width_separators() {
        use DutyColumn::*;
        let r = row(&[
            (Date, "2026/11/29"),
            (Shift, "夜班"),
            (Leader, "李玉德"),
            (Officers, "zhao； qian"),
        ])
        .unwrap();
        assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(r.duty.leader.as_deref(), Some("li"));
        assert_eq!(r.duty.officers, vec!["zhao", "qian"]);
    }

    #[test]
    fn a_shift_may_be_rostered_without_a_leader_or_officers() {
        use DutyColumn::*;
        let r = row(&[(Date, "2026-11-29"), (Shift, "白班")]).unwrap();
        assert_eq!(r.duty, Duty::default());
    }

    #[test]
    fn lists_every_problem_of_a_row() {
        use DutyColumn::*;
        let problems = row(&[
            (Date, "2026-02-30"),
            (Shift, "中班"),
            (Leader, "li;zhao"),
            (Officers, "zhao;guard;nobody;zhao"),
        ])
        .unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| (p.column, p.key)).collect();
        assert_eq!(
            keys,
            vec![
                (Date, "roster.date"),
                (Shift, "roster.unknown_shift"),
                (Leader, "roster.one_leader"),
                (Officers, "roster.cannot_sign"),
                (Officers, "roster.unknown_operator"),
                (Officers, "roster.repeated"),
            ]
        );
    }

    #[test]
    fn the_leader_is_not_also_an_officer() {
        use DutyColumn::*;
        let problems = row(&[
            (Date, "2026-11-29"),
            (Shift, "白班"),
            (Leader, "li"),
            (Officers, "李玉德"),
        ])
        .unwrap_err();
        assert_eq!(problems[0].key, "roster.leader_is_officer");
    }

    #[test]
    fn headers_and_dates_in_both_languages() {
        assert_eq!(
            DutyColumn::from_header("带班领导"),
            Some(DutyColumn::Leader)
        );
        assert_eq!(
            DutyColumn::from_header("\u{feff}日期"),
            Some(DutyColumn::Date)
        );
        assert_eq!(
            DutyColumn::from_header("Officers"),
            Some(DutyColumn::Officers)
        );
        assert_eq!(DutyColumn::from_header("备注"), None);
        assert_eq!(
            parse_date("2026年1月5日"),
            NaiveDate::from_ymd_opt(2026, 1, 5)
        );
        assert_eq!(parse_date("2026/1/5"), NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(parse_date("29/11/2026"), None);
        assert_eq!(split_names(" a ; b、c；;"), vec!["a", "b", "c"]);
    }
}
