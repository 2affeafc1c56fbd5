//! Property tests of the parsers and sanitisers every input and output goes through:
//! resident IDs, temperatures, phone numbers, roster CSV rows, and the text cleaner
//! with the width-fitting helpers of the tables and the console.

use dutydesk::domain::Tenths;
use dutydesk::domain::person::{RosterColumn, person_from_row};
use dutydesk::domain::phone::normalize_phone;
use dutydesk::domain::resident_id::{ResidentId, ResidentIdError, check_char};
use dutydesk::domain::text::{clean_label, clean_line, clean_optional, is_forbidden, sanitize};
use proptest::prelude::*;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

// ------------------------------------------------------------------ resident IDs

/// The first 17 characters of a plausible ID: region, a real birth date, sequence.
fn id_body() -> impl Strategy<Value = String> {
    (
        100_000u32..=999_999,
        1900i32..=2100,
        1u32..=12,
        1u32..=28,
        0u32..=999,
    )
        .prop_map(|(region, y, m, d, seq)| format!("{region:06}{y:04}{m:02}{d:02}{seq:03}"))
}

proptest! {
    #[test]
    fn an_id_with_its_check_character_always_passes(body in id_body(), lower in any::<bool>()) {
        let mut id = format!("{body}{}", check_char(&body));
        if lower {
            id = id.to_lowercase();
        }
        let parsed = ResidentId::parse(&format!(" {id} ")).unwrap();
        prop_assert_eq!(parsed.as_str(), id.to_uppercase());
    }

    #[test]
    fn changing_one_digit_is_always_caught(body in id_body(), at in 0usize..18, by in 1u8..=9) {
        let id = format!("{body}{}", check_char(&body));
        let mut bytes = id.into_bytes();
        let old = bytes[at];
        if old == b'X' {
            bytes[at] = b'0' + by;
        } else {
            bytes[at] = b'0' + (old - b'0' + by) % 10;
        }
        let changed = String::from_utf8(bytes).unwrap();
        // A changed birth-date digit may also make the date impossible: refused either way.
        let err = ResidentId::parse(&changed).unwrap_err();
        prop_assert!(matches!(err, ResidentIdError::CheckDigit | ResidentIdError::BirthDate), "{changed}: {err:?}");
    }

    #[test]
    fn anything_else_is_refused_not_panicked_on(s in "\\PC{0,24}") {
        if let Ok(id) = ResidentId::parse(&s) {
            let body = &id.as_str()[..17];
            prop_assert_eq!(check_char(body), id.as_str().chars().last().unwrap());
        }
    }
}

// ------------------------------------------------------------------ temperatures

const RANGE: (Tenths, Tenths) = (Tenths(340), Tenths(430));

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

proptest! {
    #[test]
    fn a_reading_in_tenths_round_trips_in_every_written_form(
        tenths in 340i32..=430,
        unit in prop::sample::select(vec!["", "℃", "°C", "°c", " C", "°"]),
        wide in any::<bool>(),
        pad in prop::sample::select(vec!["", " ", "　"]),
    ) {
        let t = Tenths(tenths);
        let mut text = format!("{t}{unit}");
        if wide {
            text = full_width(&text);
        }
        let text = format!("{pad}{text}{pad}");
        prop_assert_eq!(Tenths::parse(&text, RANGE), Ok(t), "{}", text);
        // Display and parse are inverses.
        prop_assert_eq!(Tenths::parse(&t.to_string(), RANGE), Ok(t));
    }

    #[test]
    fn a_second_decimal_is_refused_not_rounded(tenths in 340i32..430, hundredth in 0u8..=9) {
        let text = format!("{}{hundredth}", Tenths(tenths));
        prop_assert!(Tenths::parse(&text, RANGE).is_err(), "{}", text);
    }

    #[test]
    fn out_of_range_readings_are_refused(tenths in prop_oneof![0i32..340, 431i32..999]) {
        prop_assert!(Tenths::parse(&Tenths(tenths).to_string(), RANGE).is_err());
    }

    #[test]
    fn any_text_parses_to_a_reading_in_range_or_an_error(s in "\\PC{0,12}") {
        if let Ok(t) = Tenths::parse(&s, RANGE) {
            prop_assert!(t >= RANGE.0 && t <= RANGE.1);
        }
    }
}

// ------------------------------------------------------------------ phone numbers

proptest! {
    #[test]
    fn a_mobile_number_normalises_to_its_eleven_digits(
        second in 3u8..=9,
        rest in "[0-9]{9}",
        sep in prop::sample::select(vec!["", " ", "-"]),
    ) {
        let digits = format!("1{second}{rest}");
        let written = format!("{}{sep}{}{sep}{}", &digits[..3], &digits[3..7], &digits[7..]);
        prop_assert_eq!(normalize_phone(&written), Some(digits));
    }

    #[test]
    fn a_landline_keeps_one_dash_after_the_area_code(area in "0[1-9][0-9]{1,2}", number in "[1-9][0-9]{6,7}") {
        let written = format!("{area}-{number}");
        prop_assert_eq!(normalize_phone(&written), Some(written.clone()));
    }

    #[test]
    fn a_normalised_number_is_only_digits_and_at_most_one_dash(s in "\\PC{0,16}") {
        if let Some(n) = normalize_phone(&s) {
            prop_assert!(n.chars().all(|c| c.is_ascii_digit() || c == '-'));
            prop_assert!(n.matches('-').count() <= 1);
            prop_assert_eq!(normalize_phone(&n), Some(n.clone()), "idempotent");
        }
    }
}

// ------------------------------------------------------------------ roster CSV rows

/// A name of Chinese characters, possibly with the middle dot of minority names.
fn name() -> impl Strategy<Value = String> {
    (
        "[\u{4e00}-\u{9fa5}]{1,6}",
        any::<bool>(),
        "[\u{4e00}-\u{9fa5}]{1,4}",
    )
        .prop_map(|(a, dot, b)| if dot { format!("{a}·{b}") } else { a })
}

/// Writes one row with the csv crate (quoting as Excel does) and reads it back the
/// way an import does: header line, then the row, then the fields by column.
fn through_csv(fields: &[(RosterColumn, String)]) -> HashMap<RosterColumn, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields.iter().map(|(c, _)| c.headers()[0]))
        .unwrap();
    w.write_record(fields.iter().map(|(_, v)| v.as_str()))
        .unwrap();
    let bytes = w.into_inner().unwrap();
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let headers = r.headers().unwrap().clone();
    let row = r.records().next().unwrap().unwrap();
    headers
        .iter()
        .zip(row.iter())
        .map(|(h, v)| (RosterColumn::from_header(h).unwrap(), v.to_string()))
        .collect()
}

proptest! {
    #[test]
    fn a_valid_roster_row_survives_csv_and_validation(
        id in "[A-Z]?[0-9]{4,10}",
        name in name(),
        staff in any::<bool>(),
        department in "[\u{4e00}-\u{9fa5}]{2,8}(,[\u{4e00}-\u{9fa5}]{1,4})?",
        body in id_body(),
        padded in any::<bool>(),
    ) {
        let rid = format!("{body}{}", check_char(&body));
        let pad = |s: &str| if padded { format!(" {s} ") } else { s.to_string() };
        let fields = vec![
            (RosterColumn::Id, pad(&id)),
            (RosterColumn::Name, pad(&name)),
            (RosterColumn::Kind, if staff { "教职工".into() } else { "学生".into() }),
            (RosterColumn::Department, department.clone()),
            (RosterColumn::ResidentId, rid.clone()),
        ];
        let row = through_csv(&fields);
        let p = person_from_row(|c| row.get(&c).cloned()).unwrap();
        prop_assert_eq!(p.id, id);
        prop_assert_eq!(p.name, name);
        prop_assert_eq!(p.department, department);
        prop_assert_eq!(p.resident_id, Some(rid));
    }

    #[test]
    fn an_invisible_character_in_a_name_is_refused_in_its_column(
        name in name(),
        at in 0usize..4,
        bad in prop::sample::select(vec!['\u{200b}', '\u{200c}', '\u{200d}', '\u{061c}', '\u{2028}', '\u{3164}', '\u{00ad}', '\u{feff}', '\u{202e}', '\t', '\n']),
    ) {
        // Inside the name: white space at either end is trimmed, as typed names are.
        let mut chars: Vec<char> = name.chars().collect();
        prop_assume!(chars.len() >= 2);
        let at = 1 + at % (chars.len() - 1);
        chars.insert(at, bad);
        let spoofed: String = chars.into_iter().collect();
        let fields = vec![
            (RosterColumn::Id, "S1".to_string()),
            (RosterColumn::Name, spoofed),
            (RosterColumn::Kind, "学生".to_string()),
            (RosterColumn::Department, "信息工程系".to_string()),
        ];
        let row = through_csv(&fields);
        let problems = person_from_row(|c| row.get(&c).cloned()).unwrap_err();
        prop_assert_eq!(problems.len(), 1);
        prop_assert_eq!(problems[0].column, RosterColumn::Name);
        prop_assert_eq!(problems[0].key, "text.control");
    }
}

// ------------------------------------------------------------------ the text cleaner

/// Any text, weighted towards what attacks look like: controls, bidi, invisible
/// characters, wide and combining characters.
fn nasty_text() -> impl Strategy<Value = String> {
    let nasty = prop::sample::select(vec![
        '\u{1b}',
        '\u{9b}',
        '\u{7f}',
        '\u{0}',
        '\n',
        '\r',
        '\t',
        '\u{202e}',
        '\u{2066}',
        '\u{200b}',
        '\u{200d}',
        '\u{061c}',
        '\u{2028}',
        '\u{2029}',
        '\u{3164}',
        '\u{00ad}',
        '\u{feff}',
        '\u{e0041}',
        '\u{115f}',
        '\u{034f}',
        '张',
        '·',
        'é',
        '\u{301}',
        '😀',
        '\u{fe0f}',
        'Ａ',
        'a',
        ' ',
    ]);
    prop::collection::vec(prop_oneof![nasty, any::<char>()], 0..40)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn nothing_forbidden_survives_sanitising(s in nasty_text()) {
        let clean = sanitize(&s);
        prop_assert!(!clean.chars().any(is_forbidden), "{:?}", clean);
        prop_assert!(!clean.chars().any(|c| c.is_control()));
        prop_assert_eq!(clean.chars().count(), s.chars().count(), "replaced, not dropped");
        prop_assert_eq!(sanitize(&clean), clean.clone(), "idempotent");
    }

    #[test]
    fn a_label_that_passes_holds_nothing_forbidden(s in nasty_text()) {
        if let Ok(label) = clean_label(&s, 100) {
            prop_assert!(!label.chars().any(is_forbidden), "{:?}", label);
            prop_assert_eq!(sanitize(&label), label.clone(), "stored as shown");
        }
        if let Ok(line) = clean_line(&s, 100) {
            prop_assert!(!line.chars().any(is_forbidden));
        }
        if let Ok(note) = clean_optional(&s, 100) {
            prop_assert!(!note.chars().any(|c| c != '\n' && is_forbidden(c)));
        }
    }

    #[test]
    fn fitted_text_never_exceeds_its_cells(s in nasty_text(), w in 0usize..30) {
        use dutydesk::console::text::{cut, pad, pad_left, wrap};
        let s = sanitize(&s);
        prop_assert!(cut(&s, w).width() <= w, "cut {:?} to {}", s, w);
        prop_assert_eq!(pad(&s, w).width(), w, "pad {:?} to {}", s, w);
        prop_assert_eq!(pad_left(&s, w).width(), w);
        prop_assert_eq!(dutydesk::cli::table::fit(&s, w).width(), w, "fit {:?} to {}", s, w);
        for line in wrap(&s, w.max(2)) {
            prop_assert!(line.width() <= w.max(2), "wrap {:?} to {}: {:?}", s, w, line);
        }
    }
}
