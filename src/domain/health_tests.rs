use super::*;
use proptest::prelude::*;
use std::collections::HashMap;

fn checks() -> Vec<CheckDef> {
    [
        ("morning", "晨检", "Morning check", 9 * 60),
        ("noon", "午检", "Noon check", 14 * 60),
        ("evening", "晚检", "Evening check", 21 * 60),
    ]
    .iter()
    .map(|(k, l, e, d)| CheckDef {
        key: k.to_string(),
        label: l.to_string(),
        label_en: e.to_string(),
        due: *d,
    })
    .collect()
}

fn symptoms() -> SymptomSet {
    SymptomSet::new(
        ["fever", "cough", "fatigue"]
            .iter()
            .map(|k| {
                let (zh, en) = known_symptom(k).unwrap();
                SymptomDef {
                    key: k.to_string(),
                    label: zh.into(),
                    label_en: en.into(),
                }
            })
            .collect(),
    )
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn range() -> (Tenths, Tenths) {
    (Tenths(340), Tenths(430))
}

fn row(
    cells: &[(HealthColumn, &str)],
    default_check: Option<&str>,
) -> Result<HealthRow, Vec<RowProblem>> {
    let map: HashMap<HealthColumn, String> =
        cells.iter().map(|(c, v)| (*c, v.to_string())).collect();
    let (c, s) = (checks(), symptoms());
    let ctx = RowContext {
        checks: &c,
        symptoms: &s,
        range: range(),
        default_date: day(),
        default_check,
    };
    health_row(|col| map.get(&col).cloned(), &ctx)
}

use HealthColumn::*;

#[test]
fn a_reading_at_the_threshold_or_with_a_symptom_is_abnormal() {
    let v = |t, s: &[&str]| ReadingValue {
        temp: Tenths(t),
        symptoms: s.iter().map(|x| x.to_string()).collect(),
        location: None,
    };
    let threshold = Tenths(373);
    assert!(!v(372, &[]).is_abnormal(threshold));
    assert!(v(373, &[]).is_abnormal(threshold));
    assert!(v(365, &["cough"]).is_abnormal(threshold));
}

#[test]
fn symptoms_are_read_as_keys_or_labels_in_either_language() {
    let s = symptoms();
    assert_eq!(s.parse("咳嗽、乏力").unwrap(), ["cough", "fatigue"]);
    assert_eq!(s.parse("Fatigue, cough").unwrap(), ["cough", "fatigue"]);
    assert_eq!(s.parse("fever，fever").unwrap(), ["fever"]);
    assert!(s.parse("无").unwrap().is_empty());
    assert!(s.parse("").unwrap().is_empty());
    assert_eq!(s.parse("cough, 皮疹").unwrap_err(), "皮疹");
}

#[test]
fn checks_fall_due_at_their_time_today_and_all_on_past_days() {
    let c = checks();
    let at = |h, m| day().and_hms_opt(h, m, 0).unwrap();
    let keys = |v: Vec<&CheckDef>| v.iter().map(|c| c.key.clone()).collect::<Vec<_>>();
    assert!(due_checks(&c, day(), at(8, 59)).is_empty());
    assert_eq!(keys(due_checks(&c, day(), at(9, 0))), ["morning"]);
    assert_eq!(keys(due_checks(&c, day(), at(21, 30))).len(), 3);
    assert_eq!(
        keys(due_checks(&c, day().pred_opt().unwrap(), at(0, 1))).len(),
        3
    );
    assert!(due_checks(&c, day().succ_opt().unwrap(), at(23, 0)).is_empty());
}

#[test]
fn a_form_filled_at_a_time_belongs_to_the_next_check_due() {
    let c = checks();
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(check_for_time(&c, t(7, 30)).unwrap().key, "morning");
    assert_eq!(check_for_time(&c, t(9, 0)).unwrap().key, "morning");
    assert_eq!(check_for_time(&c, t(12, 10)).unwrap().key, "noon");
    assert_eq!(check_for_time(&c, t(22, 40)).unwrap().key, "evening");
}

#[test]
fn headers_are_matched_in_chinese_and_english() {
    for (h, c) in [
        ("学号", PersonId),
        ("工号", PersonId),
        ("person_id", PersonId),
        ("姓名", Name),
        ("今日体温", Temp),
        ("体温", Temp),
        ("TEMP", Temp),
        ("症状", Symptoms),
        ("所在地", Location),
        ("填报时间", Time),
        ("打卡时间", Time),
        ("检次", Check),
        ("\u{feff}学号", PersonId),
    ] {
        assert_eq!(HealthColumn::from_header(h), Some(c), "{h}");
    }
    assert_eq!(HealthColumn::from_header("备注"), None);
}

#[test]
fn a_row_takes_its_date_and_check_from_the_time_column() {
    let r = row(
        &[
            (PersonId, "S001"),
            (Name, "王小明"),
            (Temp, "36.6"),
            (Time, "2026/11/28 12:05"),
        ],
        None,
    )
    .unwrap();
    assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    assert_eq!(r.check, "noon");
    assert_eq!(r.value.temp, Tenths(366));
}

#[test]
fn a_check_column_or_the_default_check_wins_over_the_time() {
    let cells = [
        (PersonId, "S001"),
        (Name, "王小明"),
        (Temp, "36.6"),
        (Time, "07:00"),
        (Check, "晚检"),
    ];
    assert_eq!(row(&cells, None).unwrap().check, "evening");
    let r = row(&cells[..4], Some("noon")).unwrap();
    assert_eq!(r.check, "noon");
    assert_eq!(r.date, day());
}

#[test]
fn every_bad_field_of_a_row_is_reported() {
    let problems = row(
        &[
            (PersonId, ""),
            (Name, "王小明"),
            (Temp, "abc"),
            (Symptoms, "咳嗽、打喷嚏"),
            (Check, "夜检"),
        ],
        None,
    )
    .unwrap_err();
    let got: Vec<_> = problems.iter().map(|p| (p.column, p.key)).collect();
    assert_eq!(
        got,
        [
            (PersonId, "field.missing"),
            (Temp, "temp.not_number"),
            (Symptoms, "health.symptom_unknown"),
            (Check, "health.check_unknown"),
        ]
    );
    assert_eq!(problems[2].word.as_deref(), Some("打喷嚏"));
}

#[test]
fn a_row_without_check_or_time_needs_the_check_option() {
    let p = row(&[(PersonId, "S1"), (Name, "a"), (Temp, "36.5")], None).unwrap_err();
    assert_eq!(p[0].key, "health.check_needed");
}

#[test]
fn names_compare_without_spaces() {
    assert!(same_name("王小明", "王 小明"));
    assert!(same_name("欧阳 娜娜", "欧阳娜娜"));
    assert!(!same_name("王小明", "王小红"));
}

proptest! {
    /// Whatever a cell holds, the row parser answers (no panic), and an accepted row
    /// is always within the valid range with only configured symptoms.
    #[test]
    fn any_cells_give_a_row_or_problems(
        id in ".{0,12}",
        name in ".{0,8}",
        temp in ".{0,8}",
        sym in ".{0,12}",
        time in ".{0,20}",
        check in ".{0,6}",
    ) {
        let cells = [
            (PersonId, id.as_str()),
            (Name, name.as_str()),
            (Temp, temp.as_str()),
            (Symptoms, sym.as_str()),
            (Time, time.as_str()),
            (Check, check.as_str()),
        ];
        match row(&cells, Some("morning")) {
            Ok(r) => {
                prop_assert!(r.value.temp >= range().0 && r.value.temp <= range().1);
                prop_assert!(r.value.symptoms.iter().all(|s| symptoms().get(s).is_some()));
                prop_assert!(checks().iter().any(|c| c.key == r.check));
                prop_assert!(!r.person_id.is_empty() && !r.name.is_empty());
            }
            Err(p) => prop_assert!(!p.is_empty()),
        }
    }

    /// A well-formed row is read back exactly: temperature, symptoms by label, the
    /// check from the time of day, the date from the time column.
    #[test]
    fn well_formed_rows_are_read_back(
        tenths in 340i32..=430,
        pick in proptest::collection::vec(0usize..3, 0..3),
        h in 0u32..24,
        m in 0u32..60,
        d in 1u32..=28,
    ) {
        let labels = ["发热", "咳嗽", "乏力"];
        let sym: Vec<&str> = pick.iter().map(|i| labels[*i]).collect();
        let temp = format!("{}.{}", tenths / 10, tenths % 10);
        let time = format!("2026-11-{d:02} {h:02}:{m:02}");
        let r = row(
            &[
                (PersonId, "S001"),
                (Name, "王小明"),
                (Temp, &temp),
                (Symptoms, &sym.join("、")),
                (Time, &time),
            ],
            None,
        ).unwrap();
        prop_assert_eq!(r.value.temp, Tenths(tenths));
        prop_assert_eq!(r.date, NaiveDate::from_ymd_opt(2026, 11, d).unwrap());
        let mut want: Vec<usize> = pick.clone();
        want.sort();
        want.dedup();
        let keys = ["fever", "cough", "fatigue"];
        let want: Vec<String> = want.iter().map(|i| keys[*i].to_string()).collect();
        prop_assert_eq!(r.value.symptoms, want);
        let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
        prop_assert_eq!(r.check, check_for_time(&checks(), t).unwrap().key.clone());
    }
}
