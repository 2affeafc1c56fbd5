//! What a guard types to find a person, and the pinyin keys a name is found by.
//!
//! The guard has a student/staff number (maybe typed in full width or lower case),
//! a resident ID (typed, or from a card reader), the Chinese name, or its pinyin in
//! full (`zhangsan`) or as initials (`zs`). The keys of a name are computed once,
//! when the person is written, so a search over 50,000 people is an index lookup.

use super::resident_id::ResidentId;
use pinyin::ToPinyinMulti;

/// How a person matched a search, best first (the order results are ranked in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    Id,
    ResidentId,
    Name,
    Pinyin,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Id => "id",
            MatchKind::ResidentId => "resident_id",
            MatchKind::Name => "name",
            MatchKind::Pinyin => "pinyin",
        }
    }
}

/// A search text, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A valid resident ID (checksum and birth date checked), stored form.
    ResidentId(String),
    /// Letters and digits: an id (compared case-insensitively), and, when it is
    /// letters only, pinyin (lower case).
    Ascii { id: String, pinyin: Option<String> },
    /// Anything with other characters: a name (or the start of one).
    Name(String),
}

impl Query {
    /// `None` for text that is empty once trimmed.
    pub fn parse(input: &str) -> Option<Query> {
        let folded: String = input.trim().chars().map(fold_full_width).collect();
        let text = folded.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(rid) = ResidentId::parse(text) {
            return Some(Query::ResidentId(rid.as_str().to_string()));
        }
        if text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            let pinyin = text
                .chars()
                .all(|c| c.is_ascii_alphabetic())
                .then(|| text.to_ascii_lowercase());
            return Some(Query::Ascii {
                id: text.to_string(),
                pinyin,
            });
        }
        Some(Query::Name(text.to_string()))
    }
}

/// Full-width ASCII (`ｔ００００１`) to its half-width form, and the ideographic space.
pub fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// At most this many readings of one name are kept: a name of four polyphonic
/// characters would otherwise have dozens of keys. Past the cap each character
/// after the first contributes only its first (most common) reading.
const MAX_READINGS: usize = 16;

/// The lower-case pinyin keys of a name: each reading in full (`zhangsan`) and
/// as initials (`zs`), for every combination of the readings the `pinyin` crate
/// gives polyphonic characters (曾 is `zeng` and `ceng`; a guard may type either).
/// Latin letters and digits in a name are kept; other characters (the middle dot
/// of 阿卜杜·买买提, spaces) are left out. Sorted, without duplicates.
pub fn pinyin_keys(name: &str) -> Vec<String> {
    // Each character's readings as (full, initial).
    let mut syllables: Vec<Vec<(String, String)>> = Vec::new();
    for c in name.chars() {
        if let Some(multi) = c.to_pinyin_multi() {
            let mut readings: Vec<(String, String)> = Vec::new();
            for p in multi {
                // ü is typed `v` on Chinese input methods and `u` by many: both.
                let plain = p.plain();
                for full in [plain.replace('ü', "v"), plain.replace('ü', "u")] {
                    let initial = full.chars().next().map(String::from).unwrap_or_default();
                    if !readings.iter().any(|(f, _)| *f == full) {
                        readings.push((full, initial));
                    }
                }
            }
            if !readings.is_empty() {
                syllables.push(readings);
            }
        } else if c.is_ascii_alphanumeric() {
            let s = c.to_ascii_lowercase().to_string();
            syllables.push(vec![(s.clone(), s)]);
        }
    }
    if syllables.is_empty() {
        return Vec::new();
    }
    let combinations: usize = syllables
        .iter()
        .map(Vec::len)
        .try_fold(1usize, |acc, n| acc.checked_mul(n))
        .unwrap_or(usize::MAX);
    if combinations > MAX_READINGS {
        // The surname (first character) keeps every reading: that is where
        // polyphony misleads most (曾, 单, 仇, 区).
        for readings in syllables.iter_mut().skip(1) {
            readings.truncate(1);
        }
    }
    let mut spellings: Vec<(String, String)> = vec![(String::new(), String::new())];
    for readings in &syllables {
        let mut next = Vec::with_capacity(spellings.len() * readings.len());
        for (full, initials) in &spellings {
            for (f, i) in readings {
                next.push((format!("{full}{f}"), format!("{initials}{i}")));
            }
        }
        spellings = next;
    }
    let mut keys: Vec<String> = spellings.into_iter().flat_map(|(f, i)| [f, i]).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The smallest text greater than every text starting with `prefix`, for a range
/// scan of an index (`key >= prefix AND key < upper`). `None` when there is none.
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_are_full_pinyin_and_initials() {
        let keys = pinyin_keys("张三");
        assert!(keys.contains(&"zhangsan".to_string()), "{keys:?}");
        assert!(keys.contains(&"zs".to_string()), "{keys:?}");
    }

    #[test]
    fn polyphonic_surnames_are_found_by_every_reading() {
        let keys = pinyin_keys("曾小明");
        assert!(keys.contains(&"zengxiaoming".to_string()), "{keys:?}");
        assert!(keys.contains(&"cengxiaoming".to_string()), "{keys:?}");
        assert!(keys.contains(&"zxm".to_string()), "{keys:?}");
        let keys = pinyin_keys("单田芳");
        assert!(keys.contains(&"shantianfang".to_string()), "{keys:?}");
    }

    #[test]
    fn separators_are_left_out_and_latin_letters_kept() {
        let keys = pinyin_keys("阿卜杜·买买提");
        assert!(keys.contains(&"abdmmt".to_string()), "{keys:?}");
        assert!(keys.iter().any(|k| k.ends_with("maimaiti")), "{keys:?}");
        let keys = pinyin_keys("吕布");
        assert!(keys.contains(&"lvbu".to_string()), "{keys:?}");
        assert!(keys.contains(&"lubu".to_string()), "{keys:?}");
        assert!(keys.iter().all(|k| !k.contains('·')), "{keys:?}");
        assert!(pinyin_keys("Anna李").contains(&"annali".to_string()));
        assert!(pinyin_keys("·").is_empty());
    }

    #[test]
    fn a_long_name_of_polyphonic_characters_keeps_a_bounded_number_of_keys() {
        let keys = pinyin_keys("长长长长长长长长");
        assert!(keys.len() <= 2 * MAX_READINGS, "{keys:?}");
        assert!(!keys.is_empty());
    }

    #[test]
    fn queries_are_understood_after_folding_full_width() {
        assert_eq!(
            Query::parse("ｔ００００１"),
            Some(Query::Ascii {
                id: "t00001".into(),
                pinyin: None
            })
        );
        assert_eq!(
            Query::parse(" zs "),
            Some(Query::Ascii {
                id: "zs".into(),
                pinyin: Some("zs".into())
            })
        );
        assert_eq!(Query::parse("张三"), Some(Query::Name("张三".into())));
        assert_eq!(Query::parse("   "), None);
        let rid = crate::app::testing::resident_id("51040219800101123");
        assert_eq!(
            Query::parse(&rid.to_lowercase()),
            Some(Query::ResidentId(rid.clone()))
        );
        // Eighteen digits with a wrong check digit are not a resident ID: they are
        // searched as an id.
        let mut wrong = rid[..17].to_string();
        wrong.push(if rid.ends_with('0') { '1' } else { '0' });
        assert!(matches!(Query::parse(&wrong), Some(Query::Ascii { .. })));
    }

    #[test]
    fn upper_bound_covers_exactly_the_prefix() {
        assert_eq!(prefix_upper_bound("zs").as_deref(), Some("zt"));
        assert_eq!(prefix_upper_bound("张").as_deref(), Some("弡"));
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panicking(s in "\\PC{0,40}") {
            let _ = Query::parse(&s);
            let _ = pinyin_keys(&s);
        }

        #[test]
        fn every_key_is_lower_case_ascii(s in "[\\u{4e00}-\\u{9fa5}a-zA-Z0-9·]{1,6}") {
            for k in pinyin_keys(&s) {
                prop_assert!(k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{}", k);
            }
        }

        #[test]
        fn a_prefix_sorts_inside_its_range(p in "[a-z]{1,6}", tail in "[a-z]{0,6}") {
            let upper = prefix_upper_bound(&p).unwrap();
            let key = format!("{p}{tail}");
            prop_assert!(key.as_str() >= p.as_str() && key < upper);
        }
    }
}
