//! Rostered people (students and staff) and the rules for a roster row.

use super::entry::PersonKind;
use super::phone::normalize_phone;
use super::resident_id::ResidentId;
use super::text::clean_label;

/// A student or staff member as kept in the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// 学号 or 工号, unique across the college.
    pub id: String,
    pub name: String,
    pub kind: PersonKind,
    pub department: String,
    pub class: Option<String>,
    pub resident_id: Option<String>,
    pub phone: Option<String>,
}

/// The columns a roster file may have, each with its English and Chinese headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RosterColumn {
    Id,
    Name,
    Kind,
    Department,
    Class,
    ResidentId,
    Phone,
}

impl RosterColumn {
    pub const ALL: [RosterColumn; 7] = [
        Self::Id,
        Self::Name,
        Self::Kind,
        Self::Department,
        Self::Class,
        Self::ResidentId,
        Self::Phone,
    ];

    /// Header spellings accepted for this column (compared after trimming, case-insensitive).
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Id => &["id", "学号", "工号", "学号/工号"],
            Self::Name => &["name", "姓名"],
            Self::Kind => &["kind", "类别"],
            Self::Department => &["department", "部门", "系部"],
            Self::Class => &["class", "班级"],
            Self::ResidentId => &["resident_id", "身份证号", "身份证"],
            Self::Phone => &["phone", "电话", "手机", "手机号"],
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Self::Id | Self::Name | Self::Kind | Self::Department)
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

/// One problem in one field of a roster row: the column and a translation key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub column: RosterColumn,
    pub key: &'static str,
}

/// Validates one roster row given as (column, raw value) pairs.
pub fn person_from_row(
    get: impl Fn(RosterColumn) -> Option<String>,
) -> Result<Person, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut field = |column: RosterColumn| -> String {
        let v = get(column).unwrap_or_default();
        if column.required() && v.trim().is_empty() {
            problems.push(FieldProblem {
                column,
                key: "field.missing",
            });
        }
        v.trim().to_string()
    };
    let id = field(RosterColumn::Id);
    let name = field(RosterColumn::Name);
    let kind_raw = field(RosterColumn::Kind);
    let department = field(RosterColumn::Department);
    let class = field(RosterColumn::Class);
    let resident = field(RosterColumn::ResidentId);
    let phone_raw = field(RosterColumn::Phone);

    let mut check = |column, r: Result<String, &'static str>| match r {
        Ok(v) => Some(v),
        Err(key) => {
            problems.push(FieldProblem { column, key });
            None
        }
    };
    let id = if id.is_empty() {
        None
    } else {
        check(
            RosterColumn::Id,
            clean_label(&id, 32).map_err(|e| e.key()).and_then(|v| {
                if v.chars().any(char::is_whitespace) {
                    Err("person.id_spaces")
                } else {
                    Ok(v)
                }
            }),
        )
    };
    let name = if name.is_empty() {
        None
    } else {
        check(
            RosterColumn::Name,
            clean_label(&name, 40).map_err(|e| e.key()),
        )
    };
    let kind = if kind_raw.is_empty() {
        None
    } else {
        check(
            RosterColumn::Kind,
            PersonKind::parse_roster(&kind_raw)
                .map(|k| k.as_str().to_string())
                .ok_or("person.kind"),
        )
    };
    let department = if department.is_empty() {
        None
    } else {
        check(
            RosterColumn::Department,
            clean_label(&department, 60).map_err(|e| e.key()),
        )
    };
    let class = if class.is_empty() {
        Some(None)
    } else {
        check(
            RosterColumn::Class,
            clean_label(&class, 60).map_err(|e| e.key()),
        )
        .map(Some)
    };
    let resident_id = if resident.is_empty() {
        Some(None)
    } else {
        check(
            RosterColumn::ResidentId,
            ResidentId::parse(&resident)
                .map(|r| r.to_string())
                .map_err(|e| e.key()),
        )
        .map(Some)
    };
    let phone = if phone_raw.is_empty() {
        Some(None)
    } else {
        check(
            RosterColumn::Phone,
            normalize_phone(&phone_raw).ok_or("phone.invalid"),
        )
        .map(Some)
    };
    match (id, name, kind, department, class, resident_id, phone) {
        (
            Some(id),
            Some(name),
            Some(kind),
            Some(department),
            Some(class),
            Some(resident_id),
            Some(phone),
        ) if problems.is_empty() => {
            let kind = PersonKind::parse(&kind).unwrap_or(PersonKind::Student);
            Ok(Person {
                id,
                name,
                kind,
                department,
                class,
                resident_id,
                phone,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn row(pairs: &[(RosterColumn, &str)]) -> Result<Person, Vec<FieldProblem>> {
        let map: HashMap<_, _> = pairs
            .iter()
            .map(|(c, v)| (*c as u8, v.to_string()))
            .collect();
        person_from_row(|c| map.get(&(c as u8)).cloned())
    }

    #[test]
    fn accepts_a_complete_chinese_row() {
        use RosterColumn::*;
        let p = row(&[
            (Id, "2023010101"),
            (Name, "王小明"),
            (Kind, "学生"),
            (Department, "信息工程系"),
            (Class, "软件2301"),
            (ResidentId, "11010519491231002x"),
            (Phone, "13812345678"),
        ])
        .unwrap();
        assert_eq!(p.kind, PersonKind::Student);
        assert_eq!(p.resident_id.as_deref(), Some("11010519491231002X"));
    }

    #[test]
    fn lists_every_problem_of_a_row() {
        use RosterColumn::*;
        let problems = row(&[
            (Id, "T001"),
            (Name, "\u{1b}[31m李"),
            (Kind, "teacher"),
            (ResidentId, "110105194912310021"),
            (Phone, "123"),
        ])
        .unwrap_err();
        let cols: Vec<_> = problems.iter().map(|p| p.column).collect();
        assert_eq!(cols, vec![Department, Name, Kind, ResidentId, Phone]);
    }

    #[test]
    fn recognizes_headers_in_both_languages() {
        assert_eq!(RosterColumn::from_header("工号"), Some(RosterColumn::Id));
        assert_eq!(
            RosterColumn::from_header("\u{feff}姓名"),
            Some(RosterColumn::Name)
        );
        assert_eq!(
            RosterColumn::from_header("Resident_ID"),
            Some(RosterColumn::ResidentId)
        );
        assert_eq!(RosterColumn::from_header("备注"), None);
    }
}
