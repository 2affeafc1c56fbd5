//! `dutydesk people find`: by id (any case, full width), resident ID, name and
//! pinyin; `entry add --person` with a resident ID; `entry list --person` unknown.

mod common;

use common::{Env, resident_id};
use serde_json::Value;

fn roster() -> (Env, String) {
    let env = Env::new();
    let rid = resident_id("51040220010203123");
    env.import(&format!(
        "id,name,kind,department,class,resident_id,phone
T00001,张三,staff,保卫处,,,
2023010101,曾小明,student,信息工程系,软件2301,{rid},
2023010102,张山,student,机电系,机电2302,,
2023010103,王五,student,机电系,机电2302,,
"
    ));
    (env, rid)
}

fn find(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["people", "find"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    env.ok(&all)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ids_and_match(found: &[Value]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["match"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn ids_match_in_any_case_and_in_full_width() {
    let (env, _) = roster();
    for typed in ["T00001", "t00001", "ｔ００００１", "Ｔ００００１"] {
        let found = find(&env, &[typed]);
        assert_eq!(
            ids_and_match(&found),
            vec![("T00001".into(), "id".into())],
            "{typed}"
        );
    }
}

#[test]
fn a_resident_id_finds_its_person_with_the_id_masked_in_the_output() {
    let (env, rid) = roster();
    let found = find(&env, &[&rid.to_lowercase()]);
    assert_eq!(
        ids_and_match(&found),
        vec![("2023010101".into(), "resident_id".into())]
    );
    let shown = found[0]["resident_id"].as_str().unwrap();
    assert!(shown.contains('*') && shown != rid, "{shown}");
    for key in [
        "id",
        "name",
        "kind",
        "department",
        "class",
        "resident_id",
        "match",
    ] {
        assert!(found[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn names_and_pinyin_find_people_best_match_first() {
    let (env, _) = roster();
    assert_eq!(
        ids_and_match(&find(&env, &["张三"])),
        vec![("T00001".into(), "name".into())]
    );
    // 张 starts two names: the exact one is not there, both are name prefixes.
    assert_eq!(
        ids_and_match(&find(&env, &["张"])),
        vec![
            ("2023010102".into(), "name".into()),
            ("T00001".into(), "name".into())
        ]
    );
    assert_eq!(
        ids_and_match(&find(&env, &["zhangsan"])),
        vec![("T00001".into(), "pinyin".into())]
    );
    // zs: 张三 and 张山 by initials.
    let zs = ids_and_match(&find(&env, &["ZS"]));
    assert_eq!(zs.len(), 2, "{zs:?}");
    assert!(zs.iter().all(|(_, m)| m == "pinyin"));
    // 曾 is read zeng or ceng: either finds 曾小明.
    for typed in ["zengxiaoming", "cengxiaoming", "zxm"] {
        assert_eq!(
            ids_and_match(&find(&env, &[typed])),
            vec![("2023010101".into(), "pinyin".into())],
            "{typed}"
        );
    }
}

#[test]
fn the_limit_cuts_the_list_and_stderr_says_how_many_more() {
    let (env, _) = roster();
    let out = env
        .cmd()
        .args(["people", "find", "zs", "--limit", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 more not shown"), "{err}");
    let out = env
        .cmd()
        .args(["--lang", "zh", "people", "find", "zs", "--limit", "1"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("拼音"), "{table}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("还有 1 条"));
    let err = env.fails(&["people", "find", "   "]);
    assert!(err.contains("search text"), "{err}");
}

#[test]
fn entry_add_accepts_a_resident_id_or_an_id_in_another_case_for_the_person() {
    let (env, rid) = roster();
    let e = env.add(&[
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        &rid,
    ]);
    assert_eq!(e["person_id"], "2023010101");
    let e = env.add(&[
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--person",
        "ｔ００００１",
    ]);
    assert_eq!(e["person_id"], "T00001");
    assert_eq!(e["name"], "张三");
}

#[test]
fn entry_list_for_an_unknown_person_is_an_error_naming_it() {
    let (env, _) = roster();
    let err = env.fails(&["entry", "list", "--person", "NOBODY9"]);
    assert!(err.contains("NOBODY9"), "{err}");
    assert!(
        env.ok(&["entry", "list", "--person", "t00001"])
            .contains("no records")
    );
}
