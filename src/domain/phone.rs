//! Phone numbers: an 11-digit mainland mobile number or a landline with area code.

/// Checks and normalises a phone number (spaces and dashes in a mobile number are dropped;
/// a landline keeps one dash between area code and number).
pub fn normalize_phone(input: &str) -> Option<String> {
    let s = input.trim();
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(digits);
    }
    // Landline: area code 0XX or 0XXX, then 7 or 8 digits.
    if b.first() == Some(&b'0') {
        if let Some((area, number)) = s.split_once('-') {
            let ok = (3..=4).contains(&area.len())
                && area.bytes().all(|c| c.is_ascii_digit())
                && (7..=8).contains(&number.len())
                && number.bytes().all(|c| c.is_ascii_digit());
            return ok.then(|| format!("{area}-{number}"));
        }
        if (10..=12).contains(&b.len()) {
            return Some(digits);
        }
    }
    None
}

/// `138****5678`: the first three and last four digits stay visible.
pub fn mask_phone(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_mobiles_and_landlines() {
        assert_eq!(
            normalize_phone("13812345678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalize_phone("138 1234 5678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalize_phone("0812-3334455").as_deref(),
            Some("0812-3334455")
        );
        assert_eq!(
            normalize_phone("028-88887777").as_deref(),
            Some("028-88887777")
        );
        assert_eq!(
            normalize_phone("08123334455").as_deref(),
            Some("08123334455")
        );
    }

    #[test]
    fn refuses_other_numbers() {
        for bad in [
            "12812345678",
            "1381234567",
            "abc",
            "",
            "+8613812345678",
            "0812-12",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn masks_the_middle_digits() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }
}
