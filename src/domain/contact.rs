//! 24-hour contacts: which phone numbers are accepted, how a list of them is typed,
//! and when a contact's verification goes stale.

use super::phone::normalize_phone;
use chrono::{DateTime, Duration, Utc};

/// A contact's number: a mobile or landline (as `normalize_phone` accepts), or a
/// 3–5 digit service number (110, 120, 12320, 12345). Normalised; `None` if neither.
pub fn contact_phone(input: &str) -> Option<String> {
    if let Some(p) = normalize_phone(input) {
        return Some(p);
    }
    let s = input.trim();
    ((3..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_string())
}

/// Splits a cell holding several numbers: `;`, `；`, `/`, `、`, `,`, `，` or `|`.
pub fn split_phones(cell: &str) -> Vec<&str> {
    cell.split([';', '；', '/', '、', ',', '，', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// A contact is stale when its last answered test call is `every_days` old or more
/// (or there is none). An unanswered call verifies nothing.
pub fn contact_stale(
    last_answered: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    every_days: u32,
) -> bool {
    match last_answered {
        None => true,
        Some(at) => now - at >= Duration::days(i64::from(every_days)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn accepts_mobiles_landlines_and_service_numbers() {
        assert_eq!(
            contact_phone("138 1234 5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            contact_phone("0834-3212345").as_deref(),
            Some("0834-3212345")
        );
        assert_eq!(contact_phone("120").as_deref(), Some("120"));
        assert_eq!(contact_phone("12320").as_deref(), Some("12320"));
        for bad in ["", "12", "123456", "电话", "138-1234-567x"] {
            assert_eq!(contact_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn splits_the_separators_people_type() {
        assert_eq!(
            split_phones("13812345678；0834-3212345 / 120、"),
            vec!["13812345678", "0834-3212345", "120"]
        );
    }

    #[test]
    fn contacts_go_stale_after_the_configured_days() {
        let now = t("2026-12-05T08:00:00Z");
        assert!(contact_stale(None, now, 7));
        assert!(!contact_stale(Some(t("2026-11-28T08:00:01Z")), now, 7));
        assert!(contact_stale(Some(t("2026-11-28T08:00:00Z")), now, 7));
    }

    proptest! {
        #[test]
        fn an_accepted_number_is_normalised_for_good(s in "[0-9 ()+-]{0,16}") {
            if let Some(p) = contact_phone(&s) {
                prop_assert_eq!(contact_phone(&p), Some(p.clone()));
                prop_assert!(p.bytes().all(|b| b.is_ascii_digit() || b == b'-'));
            }
        }

        #[test]
        fn splitting_never_yields_separators_or_blanks(s in "[0-9;；/、,， |a]{0,40}") {
            for part in split_phones(&s) {
                prop_assert!(!part.is_empty());
                prop_assert!(!part.contains([';', '；', '/', '、', ',', '，', '|']));
                prop_assert_eq!(part.trim(), part);
            }
        }
    }
}
