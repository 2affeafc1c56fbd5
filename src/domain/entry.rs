//! The vocabulary of a gate entry: direction, health-code colour, kind of person,
//! decision and reason codes. Each has one stable text form used in storage and JSON.

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form (storage, JSON, CLI).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stable text form, case-insensitively.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($text) { return Some($name::$variant); })+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// Through the gate into the college, or out of it.
    Direction { In => "in", Out => "out" }
);

text_enum!(
    /// Health-code colour the person showed (亮码).
    CodeColour { Green => "green", Yellow => "yellow", Red => "red" }
);

text_enum!(
    /// Rostered students and staff, or a visitor identified by resident ID.
    PersonKind { Student => "student", Staff => "staff", Visitor => "visitor" }
);

text_enum!(
    /// The screening outcome at the gate.
    Decision { Admitted => "admitted", Denied => "denied" }
);

text_enum!(
    /// Why an entry was refused. Stored as a bit set; listed in this order.
    Reason {
        Fever => "fever",
        CodeYellow => "code_yellow",
        CodeRed => "code_red",
        NoVenueScan => "no_venue_scan",
        NoCode => "no_code",
        NoApproval => "no_approval",
        // Last, so the bits stored before it existed keep their meaning.
        OpenCase => "open_case",
    }
);

text_enum!(
    /// What an entry's decision says beside it: admitted or not, the operator must
    /// know. Stored as a bit set with the entry; listed in this order.
    Warning {
        RefusedToday => "refused_today",
        VisitorNameChanged => "visitor_name_changed",
    }
);

impl Warning {
    fn bit(self) -> i64 {
        1 << (Warning::ALL.iter().position(|w| *w == self).unwrap_or(0))
    }

    /// Packs warnings into the integer stored with the entry.
    pub fn to_bits(warnings: &[Warning]) -> i64 {
        warnings.iter().fold(0, |acc, w| acc | w.bit())
    }

    /// Unpacks the stored integer, in the canonical order.
    pub fn from_bits(bits: i64) -> Vec<Warning> {
        Warning::ALL
            .iter()
            .copied()
            .filter(|w| bits & w.bit() != 0)
            .collect()
    }
}

impl Reason {
    fn bit(self) -> i64 {
        1 << (Reason::ALL.iter().position(|r| *r == self).unwrap_or(0))
    }

    /// Packs reasons into the integer stored with the entry.
    pub fn to_bits(reasons: &[Reason]) -> i64 {
        reasons.iter().fold(0, |acc, r| acc | r.bit())
    }

    /// Unpacks the stored integer, in the canonical order.
    pub fn from_bits(bits: i64) -> Vec<Reason> {
        Reason::ALL
            .iter()
            .copied()
            .filter(|r| bits & r.bit() != 0)
            .collect()
    }
}

impl Direction {
    /// Also accepts the Chinese words a guard may type.
    pub fn parse_loose(s: &str) -> Option<Self> {
        Self::parse(s).or(match s.trim() {
            "进" | "入" | "入校" => Some(Self::In),
            "出" | "离校" => Some(Self::Out),
            _ => None,
        })
    }
}

impl CodeColour {
    /// Also accepts the Chinese colour names (绿码, 黄, 红码 …).
    pub fn parse_loose(s: &str) -> Option<Self> {
        Self::parse(s).or(match s.trim() {
            "绿" | "绿码" => Some(Self::Green),
            "黄" | "黄码" => Some(Self::Yellow),
            "红" | "红码" => Some(Self::Red),
            _ => None,
        })
    }
}

impl PersonKind {
    /// Parses the roster's kind column: English or Chinese.
    pub fn parse_roster(s: &str) -> Option<Self> {
        match s.trim() {
            "学生" => Some(Self::Student),
            "教职工" | "教师" | "职工" => Some(Self::Staff),
            other => match Self::parse(other) {
                Some(Self::Visitor) | None => None,
                some => some,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_through_bits() {
        let reasons = vec![Reason::Fever, Reason::CodeRed, Reason::NoApproval];
        assert_eq!(Reason::from_bits(Reason::to_bits(&reasons)), reasons);
        assert_eq!(Reason::from_bits(0), Vec::<Reason>::new());
        let all = Reason::ALL.to_vec();
        assert_eq!(Reason::from_bits(Reason::to_bits(&all)), all);
        // A reason added later must not change what earlier bits mean.
        assert_eq!(Reason::to_bits(&[Reason::NoApproval]), 1 << 5);
        assert_eq!(Reason::to_bits(&[Reason::OpenCase]), 1 << 6);
        // store::entries spells the code refusals as the literal 6 (partial index).
        assert_eq!(Reason::to_bits(&[Reason::CodeYellow, Reason::CodeRed]), 6);
    }

    #[test]
    fn warnings_round_trip_through_bits() {
        let all = Warning::ALL.to_vec();
        assert_eq!(Warning::from_bits(Warning::to_bits(&all)), all);
        assert_eq!(
            Warning::from_bits(Warning::to_bits(&[Warning::VisitorNameChanged])),
            vec![Warning::VisitorNameChanged]
        );
    }

    #[test]
    fn parses_roster_kinds_in_both_languages() {
        assert_eq!(PersonKind::parse_roster("学生"), Some(PersonKind::Student));
        assert_eq!(PersonKind::parse_roster("教职工"), Some(PersonKind::Staff));
        assert_eq!(PersonKind::parse_roster("Staff"), Some(PersonKind::Staff));
        assert_eq!(PersonKind::parse_roster("visitor"), None);
        assert_eq!(PersonKind::parse_roster("teacherx"), None);
    }
}

/// A gate entry as recorded, with the person's name and kind joined in.
#[derive(Debug, Clone, PartialEq)]
pub struct GateEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub gate: String,
    pub direction: Direction,
    /// Rostered person; `None` for visitors.
    pub person_id: Option<String>,
    pub visitor_id: Option<i64>,
    pub name: String,
    pub kind: PersonKind,
    pub temp: super::Tenths,
    pub code: Option<CodeColour>,
    pub venue_scan: bool,
    pub decision: Decision,
    pub reasons: Vec<Reason>,
    pub flagged: bool,
    /// The fever threshold applied when the entry was screened.
    pub threshold: super::Tenths,
    pub operator: String,
    pub host_id: Option<String>,
    pub visit_reason: Option<String>,
    /// The approved visitor request this entry was made under.
    pub approval_id: Option<i64>,
    /// What the decision said beside it (`refused_today`, `visitor_name_changed`).
    pub warnings: Vec<Warning>,
    /// The fever case still active when the person came in (reason `open_case`).
    pub open_case: Option<i64>,
    /// Set when the entry was voided (a mistaken registration): it stays in the
    /// log, shown as void, and is left out of every count.
    pub void: Option<EntryVoid>,
}

/// Who voided an entry, when and why. Set once, never undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryVoid {
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub reason: String,
}
