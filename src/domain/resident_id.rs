//! Mainland resident identity numbers (GB 11643-1999): 17 digits and a check character.

use chrono::NaiveDate;
use std::fmt;

/// A resident ID whose check digit and birth date have been verified.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

/// Why a resident ID was rejected; rendered through the translation layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentIdError {
    Length,
    Characters,
    BirthDate,
    CheckDigit,
}

impl ResidentIdError {
    /// Translation key of the message.
    pub fn key(self) -> &'static str {
        match self {
            Self::Length => "resident_id.length",
            Self::Characters => "resident_id.characters",
            Self::BirthDate => "resident_id.birth_date",
            Self::CheckDigit => "resident_id.check_digit",
        }
    }
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits (which must all be ASCII digits).
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

impl ResidentId {
    /// Validates length, characters, the birth date (digits 7–14) and the check character.
    /// A lowercase `x` is accepted and stored uppercase.
    pub fn parse(input: &str) -> Result<Self, ResidentIdError> {
        let s = input.trim();
        if s.chars().count() != 18 {
            return Err(ResidentIdError::Length);
        }
        // 18 characters need not be 18 bytes: anything but ASCII is refused before the
        // text is split by byte (found by the property tests: it panicked).
        if !s.is_ascii() {
            return Err(ResidentIdError::Characters);
        }
        let upper = s.to_ascii_uppercase();
        let (body, last) = upper.split_at(17);
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ResidentIdError::Characters);
        }
        let last = last.chars().next().unwrap_or(' ');
        if !(last.is_ascii_digit() || last == 'X') {
            return Err(ResidentIdError::Characters);
        }
        let birth = &body[6..14];
        let year: i32 = birth[0..4]
            .parse()
            .map_err(|_| ResidentIdError::BirthDate)?;
        let month: u32 = birth[4..6]
            .parse()
            .map_err(|_| ResidentIdError::BirthDate)?;
        let day: u32 = birth[6..8]
            .parse()
            .map_err(|_| ResidentIdError::BirthDate)?;
        if !(1900..=2100).contains(&year) || NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(ResidentIdError::BirthDate);
        }
        if check_char(body) != last {
            return Err(ResidentIdError::CheckDigit);
        }
        Ok(Self(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `510402********1234`: region kept, birth date and sequence hidden.
    pub fn masked(&self) -> String {
        mask_resident_id(&self.0)
    }
}

/// Masks any stored resident-ID text the same way (first six, last four).
pub fn mask_resident_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_characters_that_are_not_ascii_are_refused_not_panicked_on() {
        assert_eq!(
            ResidentId::parse("S<'WѨG\"NᲞ𞥓⮚?GE*/J{"),
            Err(ResidentIdError::Characters)
        );
        assert_eq!(
            ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ"),
            Err(ResidentIdError::Characters)
        );
    }

    #[test]
    fn accepts_known_valid_numbers() {
        // Check digits computed by hand from the GB 11643 weights.
        for id in [
            "11010519491231002X",
            "110101199003074477",
            "51040219800101123X",
        ] {
            assert!(ResidentId::parse(id).is_ok(), "{id}");
        }
    }

    #[test]
    fn accepts_lowercase_x_and_stores_uppercase() {
        let id = ResidentId::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn refuses_a_wrong_check_digit() {
        assert_eq!(
            ResidentId::parse("110105194912310021"),
            Err(ResidentIdError::CheckDigit)
        );
    }

    #[test]
    fn refuses_an_impossible_birth_date() {
        // 1990-02-30 does not exist; fix the check digit so only the date is wrong.
        let body = "11010119900230001";
        let id = format!("{body}{}", check_char(body));
        assert_eq!(ResidentId::parse(&id), Err(ResidentIdError::BirthDate));
    }

    #[test]
    fn refuses_wrong_length_and_letters() {
        assert_eq!(ResidentId::parse("1234"), Err(ResidentIdError::Length));
        assert_eq!(
            ResidentId::parse("1101051949123100AX"),
            Err(ResidentIdError::Characters)
        );
    }

    #[test]
    fn masks_the_middle() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "110105********002X");
    }
}
