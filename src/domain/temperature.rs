//! Body temperature: parsed from what a guard types, kept as integer tenths of a degree.

use std::fmt;

/// A temperature in tenths of a degree Celsius (373 = 37.3 °C). Never a float in storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub i32);

/// Why a temperature input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TempError {
    Empty,
    NotANumber,
    TooPrecise,
    OutOfRange { min: Tenths, max: Tenths },
}

impl TempError {
    pub fn key(&self) -> &'static str {
        match self {
            Self::Empty => "temp.empty",
            Self::NotANumber => "temp.not_number",
            Self::TooPrecise => "temp.too_precise",
            Self::OutOfRange { .. } => "temp.out_of_range",
        }
    }
}

impl Tenths {
    /// From degrees as written in config (`37.3`), rounded to the nearest tenth.
    pub fn from_celsius(c: f64) -> Self {
        Tenths((c * 10.0).round() as i32)
    }

    pub fn as_celsius(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// Parses `37.5`, `37.5℃`, `37.5°C`, `37.5 C` and full-width `３７．５`, then checks
    /// the valid range (inclusive). More than one decimal is refused rather than rounded:
    /// the desk records what the thermometer showed.
    pub fn parse(input: &str, range: (Tenths, Tenths)) -> Result<Self, TempError> {
        let normalized: String = input.trim().chars().map(fold_full_width).collect();
        let mut s = normalized.trim();
        for suffix in ["℃", "°C", "°c", "°", "C", "c"] {
            if let Some(rest) = s.strip_suffix(suffix) {
                s = rest.trim_end();
                break;
            }
        }
        if s.is_empty() {
            return Err(if input.trim().is_empty() {
                TempError::Empty
            } else {
                TempError::NotANumber
            });
        }
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || whole.len() > 3 {
            return Err(TempError::NotANumber);
        }
        if digits.contains('.') && frac.is_empty() {
            return Err(TempError::NotANumber);
        }
        if frac.len() > 1 {
            return Err(TempError::TooPrecise);
        }
        let whole: i32 = whole.parse().map_err(|_| TempError::NotANumber)?;
        let tenth: i32 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| TempError::NotANumber)?
        };
        let value = (whole * 10 + tenth) * if negative { -1 } else { 1 };
        let t = Tenths(value);
        if t < range.0 || t > range.1 {
            return Err(TempError::OutOfRange {
                min: range.0,
                max: range.1,
            });
        }
        Ok(t)
    }
}

/// Full-width digits, point and sign as typed by Chinese input methods.
fn fold_full_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' | '。' => '.',
        '－' => '-',
        '＋' => '+',
        'Ｃ' => 'C',
        '　' => ' ',
        _ => c,
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", self.0.abs() / 10, self.0.abs() % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANGE: (Tenths, Tenths) = (Tenths(340), Tenths(430));

    #[test]
    fn parses_plain_and_with_units() {
        for input in [
            "37.5",
            "37.5℃",
            "37.5°C",
            " 37.5 ",
            "37.5 C",
            "３７．５",
            "３７．５℃",
        ] {
            assert_eq!(Tenths::parse(input, RANGE), Ok(Tenths(375)), "{input}");
        }
        assert_eq!(Tenths::parse("37", RANGE), Ok(Tenths(370)));
    }

    #[test]
    fn refuses_bad_inputs_with_the_right_reason() {
        assert_eq!(Tenths::parse("abc", RANGE), Err(TempError::NotANumber));
        assert_eq!(Tenths::parse("37.5.1", RANGE), Err(TempError::NotANumber));
        assert_eq!(Tenths::parse("", RANGE), Err(TempError::Empty));
        assert_eq!(Tenths::parse("37.", RANGE), Err(TempError::NotANumber));
        assert_eq!(Tenths::parse("37.55", RANGE), Err(TempError::TooPrecise));
        assert!(matches!(
            Tenths::parse("52", RANGE),
            Err(TempError::OutOfRange { .. })
        ));
        assert!(matches!(
            Tenths::parse("-1", RANGE),
            Err(TempError::OutOfRange { .. })
        ));
    }

    #[test]
    fn range_is_inclusive() {
        assert_eq!(Tenths::parse("34.0", RANGE), Ok(Tenths(340)));
        assert_eq!(Tenths::parse("43.0", RANGE), Ok(Tenths(430)));
        assert!(Tenths::parse("43.1", RANGE).is_err());
    }

    #[test]
    fn displays_one_decimal() {
        assert_eq!(Tenths(373).to_string(), "37.3");
        assert_eq!(Tenths(360).to_string(), "36.0");
        assert_eq!(Tenths::from_celsius(37.3), Tenths(373));
    }
}
