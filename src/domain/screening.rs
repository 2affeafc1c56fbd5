//! The gate screening decision: a pure function of the reading and the rules in force.

use super::approval::ReturnPolicy;
use super::entry::{CodeColour, Decision, Direction, Reason, Warning};
use super::flag::FlagPolicy;
use super::temperature::Tenths;

/// The rules applied at the gate (from `[screening]` in the config).
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningRules {
    /// Inclusive: a reading at or above it is refused and flagged.
    pub fever_threshold: Tenths,
    pub deny_codes: Vec<CodeColour>,
    pub require_venue_scan: bool,
    /// Refuse an entry when no health code was shown at all.
    pub require_code: bool,
    /// Deadlines of the fever case a flagged reading opens (from `[flags]`).
    pub flags: FlagPolicy,
    /// Refuse a visitor coming in with no approved visitor request covering now.
    pub visitors_need_approval: bool,
    /// What a person's return through the gate after an approved leave opens.
    pub return_policy: ReturnPolicy,
    /// The site's zone, for "earlier the same day" (`refused_today`). Like `flags` and
    /// `return_policy` it travels here for `insert_valid`; `screen` does not read it.
    pub zone: crate::clock::Zone,
}

/// Whether an approved visitor request covers the moment of a registration. Looked up
/// in the database when the entry is written, then screened here like any other fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VisitorApproval {
    /// Not a visitor, or not looked up.
    #[default]
    NotApplicable,
    /// An approved request covers now.
    Covered,
    /// A visitor with no approved request covering now.
    Missing,
}

/// What the gate observed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    pub direction: Direction,
    pub temp: Tenths,
    pub code: Option<CodeColour>,
    pub venue_scan: bool,
    pub visitor_approval: VisitorApproval,
    /// The person has a fever case still active (looked up when the entry is written).
    pub open_case: bool,
    /// The code colour the person was refused for earlier the same day, if any.
    pub refused_today: Option<CodeColour>,
}

/// The outcome: decision, reasons (empty when admitted), whether a fever case opens,
/// and what the operator must be told beside the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    pub decision: Decision,
    pub reasons: Vec<Reason>,
    pub flagged: bool,
    pub warnings: Vec<Warning>,
}

/// Screens one reading. Entries going out are recorded but never refused; a fever
/// reading is flagged in either direction, because the person still needs follow-up.
pub fn screen(rules: &ScreeningRules, reading: &Reading) -> Screening {
    let flagged = reading.temp >= rules.fever_threshold;
    if reading.direction == Direction::Out {
        return Screening {
            decision: Decision::Admitted,
            reasons: Vec::new(),
            flagged,
            warnings: Vec::new(),
        };
    }
    let mut reasons = Vec::new();
    if flagged {
        reasons.push(Reason::Fever);
    }
    match reading.code {
        Some(code) if rules.deny_codes.contains(&code) => reasons.push(match code {
            CodeColour::Red => Reason::CodeRed,
            _ => Reason::CodeYellow,
        }),
        None if rules.require_code => reasons.push(Reason::NoCode),
        _ => {}
    }
    if rules.require_venue_scan && !reading.venue_scan {
        reasons.push(Reason::NoVenueScan);
    }
    if rules.visitors_need_approval && reading.visitor_approval == VisitorApproval::Missing {
        reasons.push(Reason::NoApproval);
    }
    // The case decides when the person may come in again: its re-check is recorded in
    // the case, not by a new reading at the gate.
    if reading.open_case {
        reasons.push(Reason::OpenCase);
    }
    reasons.sort();
    // A different colour a few hours after a refusal for the code is worth a look.
    let warnings = match reading.refused_today {
        Some(earlier) if reading.code != Some(earlier) => vec![Warning::RefusedToday],
        _ => Vec::new(),
    };
    let decision = if reasons.is_empty() {
        Decision::Admitted
    } else {
        Decision::Denied
    };
    Screening {
        decision,
        reasons,
        flagged,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ScreeningRules {
        ScreeningRules {
            fever_threshold: Tenths(373),
            deny_codes: vec![CodeColour::Yellow, CodeColour::Red],
            require_venue_scan: true,
            require_code: false,
            flags: FlagPolicy::default(),
            visitors_need_approval: false,
            return_policy: ReturnPolicy {
                report_hours: 24,
                monitoring_days: 14,
            },
            zone: crate::clock::Zone::UTC,
        }
    }

    fn reading(temp: i32) -> Reading {
        Reading {
            direction: Direction::In,
            temp: Tenths(temp),
            code: Some(CodeColour::Green),
            venue_scan: true,
            visitor_approval: VisitorApproval::NotApplicable,
            open_case: false,
            refused_today: None,
        }
    }

    #[test]
    fn admits_just_below_the_threshold() {
        let s = screen(&rules(), &reading(372));
        assert_eq!(s.decision, Decision::Admitted);
        assert!(s.reasons.is_empty());
        assert!(!s.flagged);
    }

    #[test]
    fn refuses_a_reading_at_the_threshold() {
        let s = screen(&rules(), &reading(373));
        assert_eq!(s.decision, Decision::Denied);
        assert_eq!(s.reasons, vec![Reason::Fever]);
        assert!(s.flagged);
    }

    #[test]
    fn refuses_a_reading_above_the_threshold() {
        let s = screen(&rules(), &reading(374));
        assert_eq!(s.decision, Decision::Denied);
        assert!(s.flagged);
    }

    #[test]
    fn refuses_yellow_and_red_codes_and_missing_venue_scan_together() {
        let r = Reading {
            code: Some(CodeColour::Red),
            venue_scan: false,
            ..reading(380)
        };
        let s = screen(&rules(), &r);
        assert_eq!(
            s.reasons,
            vec![Reason::Fever, Reason::CodeRed, Reason::NoVenueScan]
        );
        let r = Reading {
            code: Some(CodeColour::Yellow),
            ..reading(365)
        };
        assert_eq!(screen(&rules(), &r).reasons, vec![Reason::CodeYellow]);
    }

    #[test]
    fn venue_scan_and_code_rules_follow_the_config() {
        let mut relaxed = rules();
        relaxed.require_venue_scan = false;
        relaxed.deny_codes = vec![CodeColour::Red];
        let r = Reading {
            code: Some(CodeColour::Yellow),
            venue_scan: false,
            ..reading(365)
        };
        assert_eq!(screen(&relaxed, &r).decision, Decision::Admitted);
        let mut strict = rules();
        strict.require_code = true;
        let r = Reading {
            code: None,
            ..reading(365)
        };
        assert_eq!(screen(&strict, &r).reasons, vec![Reason::NoCode]);
        assert_eq!(screen(&rules(), &r).decision, Decision::Admitted);
    }

    #[test]
    fn going_out_is_never_refused_but_a_fever_is_still_flagged() {
        let r = Reading {
            direction: Direction::Out,
            code: Some(CodeColour::Red),
            venue_scan: false,
            ..reading(385)
        };
        let s = screen(&rules(), &r);
        assert_eq!(s.decision, Decision::Admitted);
        assert!(s.reasons.is_empty());
        assert!(s.flagged);
    }

    #[test]
    fn a_visitor_without_approval_is_refused_only_when_the_rule_is_on() {
        let missing = Reading {
            visitor_approval: VisitorApproval::Missing,
            ..reading(365)
        };
        assert_eq!(screen(&rules(), &missing).decision, Decision::Admitted);
        let mut strict = rules();
        strict.visitors_need_approval = true;
        assert_eq!(screen(&strict, &missing).reasons, vec![Reason::NoApproval]);
        for fact in [VisitorApproval::Covered, VisitorApproval::NotApplicable] {
            let r = Reading {
                visitor_approval: fact,
                ..reading(365)
            };
            assert_eq!(screen(&strict, &r).decision, Decision::Admitted, "{fact:?}");
        }
        // Reasons stay in canonical order alongside the others.
        let both = Reading {
            visitor_approval: VisitorApproval::Missing,
            ..reading(380)
        };
        assert_eq!(
            screen(&strict, &both).reasons,
            vec![Reason::Fever, Reason::NoApproval]
        );
        // Leaving is never refused.
        let out = Reading {
            direction: Direction::Out,
            ..missing
        };
        assert_eq!(screen(&strict, &out).decision, Decision::Admitted);
    }

    #[test]
    fn an_active_fever_case_refuses_coming_in_but_never_going_out() {
        let r = Reading {
            open_case: true,
            ..reading(365)
        };
        let s = screen(&rules(), &r);
        assert_eq!(s.decision, Decision::Denied);
        assert_eq!(s.reasons, vec![Reason::OpenCase]);
        assert!(!s.flagged);
        let fever = Reading {
            open_case: true,
            ..reading(380)
        };
        assert_eq!(
            screen(&rules(), &fever).reasons,
            vec![Reason::Fever, Reason::OpenCase]
        );
        let out = Reading {
            direction: Direction::Out,
            ..r
        };
        assert_eq!(screen(&rules(), &out).decision, Decision::Admitted);
    }

    #[test]
    fn a_new_colour_after_a_refusal_for_the_code_is_admitted_with_a_warning() {
        let r = Reading {
            refused_today: Some(CodeColour::Red),
            ..reading(365)
        };
        let s = screen(&rules(), &r);
        assert_eq!(s.decision, Decision::Admitted);
        assert_eq!(s.warnings, vec![Warning::RefusedToday]);
        // The same colour again is simply refused again.
        let again = Reading {
            code: Some(CodeColour::Red),
            ..r
        };
        let s = screen(&rules(), &again);
        assert_eq!(s.decision, Decision::Denied);
        assert!(s.warnings.is_empty());
        assert!(screen(&rules(), &reading(365)).warnings.is_empty());
        // Leaving is never judged.
        let out = Reading {
            direction: Direction::Out,
            ..r
        };
        assert!(screen(&rules(), &out).warnings.is_empty());
    }
}
