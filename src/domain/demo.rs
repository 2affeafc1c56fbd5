//! A believable college for demos and benchmarks: departments and classes, Chinese
//! names, synthetic resident IDs that pass the checksum, and a day's gate traffic with
//! a morning rush, lunch and evening. Deterministic for a given random generator.

use super::entry::{CodeColour, Direction, PersonKind};
use super::person::Person;
use super::resident_id::check_char;
use super::temperature::Tenths;
use rand::Rng;
use rand::seq::IndexedRandom;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "廖", "石", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "文", "辉", "鑫", "宇", "浩", "然",
    "欣", "怡", "佳", "俊", "子", "涵", "思", "雨", "博", "晨", "阳", "梓", "萱", "诗", "琪", "嘉",
    "翔", "瑞", "婷", "雪", "凯", "鹏", "丹", "晓", "建", "国", "志", "海", "燕", "琳", "彤", "睿",
    "航",
];
const DEPARTMENTS: &[(&str, &[&str])] = &[
    ("信息工程系", &["软件", "网络", "电商"]),
    ("机电工程系", &["机电", "数控", "汽修"]),
    ("经济管理系", &["会计", "物流", "营销"]),
    ("医药护理系", &["护理", "药学", "康复"]),
    ("建筑工程系", &["建工", "造价", "测绘"]),
    ("旅游与文化系", &["旅游", "酒店", "学前"]),
];
const STAFF_DEPARTMENTS: &[&str] = &[
    "党政办公室",
    "教务处",
    "学生处",
    "保卫处",
    "后勤处",
    "财务处",
    "图书馆",
    "校医院",
];
/// Region codes of Sichuan prefectures (攀枝花, 成都, 凉山 …) for synthetic IDs.
const REGIONS: &[&str] = &[
    "510402", "510403", "510411", "510104", "510107", "513401", "513422", "511102", "510602",
];
pub const VISIT_REASONS: &[&str] = &[
    "送货",
    "设备维修",
    "家长探视",
    "参加会议",
    "工程施工",
    "快递配送",
    "招聘面试",
    "食堂供货",
];

fn normal(rng: &mut impl Rng, mean: f64, sd: f64) -> f64 {
    // Irwin–Hall: close enough to a bell curve for traffic and temperatures.
    let s: f64 = (0..4).map(|_| rng.random::<f64>()).sum::<f64>() - 2.0;
    mean + s * sd * (3.0f64).sqrt()
}

pub fn name(rng: &mut impl Rng) -> String {
    let surname = SURNAMES.choose(rng).copied().unwrap_or("王");
    let mut s = surname.to_string();
    s.push_str(GIVEN.choose(rng).copied().unwrap_or("明"));
    if rng.random_bool(0.7) {
        s.push_str(GIVEN.choose(rng).copied().unwrap_or("华"));
    }
    s
}

/// An 18-character resident ID with a real birth date in `years` and a valid check digit.
pub fn resident_id(rng: &mut impl Rng, years: std::ops::RangeInclusive<i32>) -> String {
    let region = REGIONS.choose(rng).copied().unwrap_or("510402");
    let year = rng.random_range(years);
    let month = rng.random_range(1..=12);
    let day = rng.random_range(1..=28);
    let seq = rng.random_range(0..1000);
    let body = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    format!("{body}{}", check_char(&body))
}

pub fn mobile(rng: &mut impl Rng) -> String {
    let prefix = [
        "138", "139", "135", "136", "150", "151", "158", "177", "180", "186", "189", "199",
    ];
    format!(
        "{}{:08}",
        prefix.choose(rng).copied().unwrap_or("138"),
        rng.random_range(0..100_000_000)
    )
}

/// `n` people: about one in nine staff, the rest students in classes of about forty.
pub fn people(rng: &mut impl Rng, n: usize) -> Vec<Person> {
    let mut out = Vec::with_capacity(n);
    let staff = (n / 9).max(1).min(n);
    for i in 0..staff {
        out.push(Person {
            id: format!("T{:05}", i + 1),
            name: name(rng),
            kind: PersonKind::Staff,
            department: STAFF_DEPARTMENTS
                .choose(rng)
                .copied()
                .unwrap_or("教务处")
                .to_string(),
            class: None,
            resident_id: Some(resident_id(rng, 1965..=1998)),
            phone: Some(mobile(rng)),
        });
    }
    for i in 0..n - staff {
        let (dept, majors) = DEPARTMENTS[i / 40 % DEPARTMENTS.len()];
        let grade = 2023 + (i / 40 / DEPARTMENTS.len()) % 3;
        let class_no = i / 40 / DEPARTMENTS.len() / 3 % 4 + 1;
        let major = majors[i / 40 % majors.len()];
        out.push(Person {
            id: format!("{grade}{:06}", i + 1),
            name: name(rng),
            kind: PersonKind::Student,
            department: dept.to_string(),
            class: Some(format!("{major}{}{class_no:02}", grade % 100)),
            resident_id: Some(resident_id(rng, 2003..=2007)),
            phone: Some(mobile(rng)),
        });
    }
    out
}

/// One generated passage through a gate: seconds after local midnight and the reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub second_of_day: u32,
    pub person: usize,
    pub gate: usize,
    pub direction: Direction,
    pub temp: Tenths,
    pub code: Option<CodeColour>,
    pub venue_scan: bool,
}

/// The day's movements of one person: the morning rush, lunch, the evening, and some
/// evening returns — about four and a half passages a day on average.
fn moments(rng: &mut impl Rng) -> Vec<(f64, Direction)> {
    const PATTERN: [(f64, f64, f64, Direction); 6] = [
        (0.95, 7.6, 0.35, Direction::In),
        (0.8, 12.0, 0.25, Direction::Out),
        (0.8, 13.8, 0.3, Direction::In),
        (0.95, 18.0, 0.6, Direction::Out),
        (0.55, 19.8, 0.5, Direction::In),
        (0.5, 21.3, 0.4, Direction::Out),
    ];
    let mut out = Vec::with_capacity(PATTERN.len());
    for (p, mean_h, sd_h, d) in PATTERN {
        if rng.random_bool(p) {
            out.push((normal(rng, mean_h, sd_h), d));
        }
    }
    out
}

/// A reading: mostly 36.0–37.1, about one in two hundred at a fever, rare yellow and red
/// codes, and the odd forgotten venue scan.
pub fn reading(rng: &mut impl Rng) -> (Tenths, Option<CodeColour>, bool) {
    let temp = if rng.random_bool(1.0 / 200.0) {
        Tenths(rng.random_range(373..=389))
    } else {
        Tenths(
            (normal(rng, 36.45, 0.25) * 10.0)
                .round()
                .clamp(356.0, 372.0) as i32,
        )
    };
    let code = match rng.random_range(0..10_000) {
        0..=5 => Some(CodeColour::Yellow),
        6..=7 => Some(CodeColour::Red),
        _ => Some(CodeColour::Green),
    };
    (temp, code, !rng.random_bool(0.003))
}

/// All passages of one day for `people` people at `gates` gates, in time order. The
/// first gate (the main gate) takes about half the traffic.
pub fn day(rng: &mut impl Rng, people: usize, gates: usize) -> Vec<Passage> {
    let mut out = Vec::with_capacity(people * 5);
    for person in 0..people {
        for (hour, direction) in moments(rng) {
            let second_of_day = (hour * 3600.0).clamp(0.0, 86_399.0) as u32;
            let gate = if gates <= 1 || rng.random_bool(0.5) {
                0
            } else {
                rng.random_range(1..gates)
            };
            let (temp, code, venue_scan) = reading(rng);
            out.push(Passage {
                second_of_day,
                person,
                gate,
                direction,
                temp,
                code,
                venue_scan,
            });
        }
    }
    out.sort_by_key(|p| p.second_of_day);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ResidentId;
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    #[test]
    fn synthetic_resident_ids_pass_the_checksum() {
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..500 {
            let id = resident_id(&mut rng, 1965..=2007);
            assert!(ResidentId::parse(&id).is_ok(), "{id}");
        }
    }

    #[test]
    fn people_are_mostly_students_with_unique_ids() {
        let mut rng = SmallRng::seed_from_u64(1);
        let ps = people(&mut rng, 900);
        let staff = ps.iter().filter(|p| p.kind == PersonKind::Staff).count();
        assert_eq!(staff, 100);
        let ids: std::collections::HashSet<_> = ps.iter().map(|p| &p.id).collect();
        assert_eq!(ids.len(), 900);
        assert!(
            ps.iter().all(
                |p| crate::domain::phone::normalize_phone(p.phone.as_deref().unwrap()).is_some()
            )
        );
    }

    #[test]
    fn a_day_has_a_morning_rush_and_about_one_fever_in_two_hundred() {
        let mut rng = SmallRng::seed_from_u64(3);
        let d = day(&mut rng, 6000, 3);
        let per_person = d.len() as f64 / 6000.0;
        assert!((4.0..5.2).contains(&per_person), "{per_person}");
        let rush = d
            .iter()
            .filter(|p| (7 * 3600..8 * 3600 + 1800).contains(&p.second_of_day))
            .count();
        assert!(rush > d.len() / 6, "morning rush: {rush} of {}", d.len());
        let fevers = d.iter().filter(|p| p.temp >= Tenths(373)).count() as f64 / d.len() as f64;
        assert!((0.002..0.01).contains(&fevers), "{fevers}");
        assert!(
            d.windows(2)
                .all(|w| w[0].second_of_day <= w[1].second_of_day)
        );
    }
}

/// One person's daily health-check reading for the demo: `None` for a missed check
/// (about one in forty), else a normal temperature, and now and then a symptom from
/// `symptoms` (about one in four hundred). Fevers are planted by the caller, so the
/// demo has exactly the one it wants.
pub fn health_reading<'a>(
    rng: &mut impl Rng,
    symptoms: &'a [String],
) -> Option<(Tenths, Vec<&'a String>)> {
    if rng.random_bool(1.0 / 40.0) {
        return None;
    }
    let temp = Tenths((normal(rng, 36.4, 0.2) * 10.0).round().clamp(358.0, 372.0) as i32);
    let symptom = rng
        .random_bool(1.0 / 400.0)
        .then(|| symptoms.choose(rng))
        .flatten();
    Some((temp, symptom.into_iter().collect()))
}

#[cfg(test)]
mod health_tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn demo_health_readings_are_mostly_present_normal_and_rarely_symptomatic() {
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        let symptoms = vec!["cough".to_string()];
        let all: Vec<_> = (0..20_000)
            .map(|_| health_reading(&mut rng, &symptoms))
            .collect();
        let missing = all.iter().filter(|r| r.is_none()).count();
        assert!((300..700).contains(&missing), "{missing}");
        let readings: Vec<_> = all.into_iter().flatten().collect();
        assert!(readings.iter().all(|(t, _)| t.0 < 373 && t.0 >= 358));
        let sick = readings.iter().filter(|(_, s)| !s.is_empty()).count();
        assert!((10..100).contains(&sick), "{sick}");
    }
}
