//! `dutydesk people import` and `dutydesk people list`: encodings, headers in both
//! languages, all-or-nothing imports with every bad row named, updates by id.

mod common;

use common::{Env, ROSTER, resident_id};
use serde_json::Value;

fn import_bytes(env: &Env, bytes: &[u8]) -> std::process::Output {
    let file = env.path("import.csv");
    std::fs::write(&file, bytes).unwrap();
    env.cmd()
        .args(["people", "import", file.to_str().unwrap()])
        .output()
        .unwrap()
}

fn people(env: &Env) -> Vec<Value> {
    env.ok(&["people", "list", "--format", "json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const CHINESE: &str = "学号,姓名,类别,部门,班级,身份证号,电话
2023010101,王小明,学生,信息工程系,软件2301,11010519491231002x,13812345678
2023010102,欧阳娜娜,学生,信息工程系,软件2301,,
T0001,陈老师,教职工,机电工程系,,110101199003074477,0834-2223333
";

#[test]
fn imports_english_headers_utf8() {
    let env = Env::new();
    let out = env.import(ROSTER);
    assert!(out.contains("3 added, 0 updated"), "{out}");
    let list = people(&env);
    assert_eq!(list.len(), 3);
    let s1 = &list[0];
    assert_eq!(s1["id"], "S1");
    assert_eq!(s1["name"], "王小明");
    assert_eq!(s1["kind"], "student");
    assert_eq!(s1["department"], "信息工程系");
    assert_eq!(s1["class"], "软件2301");
    assert_eq!(s1["resident_id"], "110105********002X", "masked");
    assert_eq!(s1["phone"], "138****5678", "masked");
    assert_eq!(list[2]["class"], Value::Null);
    assert_eq!(list[2]["kind"], "staff");
    // One audit row for the whole import.
    assert_eq!(env.counts().audit, 1);
}

#[test]
fn imports_chinese_headers_with_and_without_bom() {
    for bom in [false, true] {
        let env = Env::new();
        let mut bytes = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(CHINESE.as_bytes());
        let out = import_bytes(&env, &bytes);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let list = people(&env);
        assert_eq!(list.len(), 3, "bom={bom}");
        assert_eq!(
            list[0]["id"], "2023010101",
            "bom={bom}: the first header is read"
        );
        assert_eq!(list[2]["id"], "T0001");
        assert_eq!(list[2]["kind"], "staff");
    }
}

#[test]
fn imports_gbk_as_excel_on_chinese_windows_writes_it() {
    let env = Env::new();
    let crlf = CHINESE.replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&crlf);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let out = import_bytes(&env, &gbk);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = people(&env);
    assert_eq!(list[0]["name"], "王小明");
    assert_eq!(list[1]["name"], "欧阳娜娜");
    assert_eq!(list[0]["department"], "信息工程系");
    assert_eq!(list[0]["class"], "软件2301");
}

#[test]
fn every_bad_row_is_listed_and_nothing_is_imported() {
    let env = Env::new();
    let wrong_check = "110105194912310021";
    let csv = format!(
        "id,name,kind,department,class,resident_id,phone
S1,王小明,student,信息工程系,软件2301,,
S2,李华,student,机电系,,{wrong_check},
S3,张三,student
S4,赵六,teacher,信息工程系,,,123
S1,王小明,student,信息工程系,,,
S6,孙七,staff,信息工程系,,,
S7,\u{1b}[31m周八,student,信息工程系,,,
"
    );
    let before = env.counts();
    let out = import_bytes(&env, csv.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("line 3, resident_id"),
        "wrong check digit: {err}"
    );
    assert!(err.contains("check digit"), "{err}");
    assert!(
        err.contains("line 4: 3 fields, but the header has 7"),
        "missing columns: {err}"
    );
    assert!(err.contains("line 5, kind"), "{err}");
    assert!(
        err.contains("line 5, phone"),
        "both problems of line 5: {err}"
    );
    assert!(
        err.contains("line 6: id S1 already appears on line 2"),
        "{err}"
    );
    assert!(err.contains("line 8, name"), "{err}");
    assert!(err.contains("escape"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "the message does not echo the escape"
    );
    assert!(err.contains("6 problem(s)"), "{err}");
    assert!(
        !err.contains("line 2,") && !err.contains("line 7"),
        "good rows are not named: {err}"
    );
    assert_eq!(
        env.counts(),
        before,
        "nothing written, not even an audit row"
    );
}

#[test]
fn bad_rows_are_named_in_chinese() {
    let env = Env::new();
    let file = env.path("bad.csv");
    std::fs::write(&file, "学号,姓名,类别,部门\nS1,王小明,学生\n").unwrap();
    let err = env.fails(&["--lang", "zh", "people", "import", file.to_str().unwrap()]);
    assert!(err.contains("第 2 行"), "{err}");
    assert!(err.contains("未导入任何记录"), "{err}");
}

#[test]
fn a_missing_required_column_is_named() {
    let env = Env::new();
    let file = env.path("bad.csv");
    std::fs::write(&file, "id,name,department\nS1,王小明,信息系\n").unwrap();
    let err = env.fails(&["people", "import", file.to_str().unwrap()]);
    assert!(err.contains("kind / 类别"), "{err}");
    assert_eq!(env.counts().people, 0);
}

#[test]
fn an_empty_file_and_a_missing_file_are_refused() {
    let env = Env::new();
    let file = env.path("empty.csv");
    std::fs::write(&file, "id,name,kind,department\n").unwrap();
    let err = env.fails(&["people", "import", file.to_str().unwrap()]);
    assert!(err.contains("no data rows"), "{err}");
    let err = env.fails(&["people", "import", env.path("nope.csv").to_str().unwrap()]);
    assert!(err.contains("nope.csv"), "{err}");
}

#[test]
fn reimporting_updates_people_by_id() {
    let env = Env::with_roster();
    let rid = resident_id("51040219800101123");
    let out = env.import(&format!(
        "id,name,kind,department,resident_id\nS1,王晓明,student,机电系,{rid}\nS4,新同学,student,机电系,\n"
    ));
    assert!(out.contains("1 added, 1 updated"), "{out}");
    let list = people(&env);
    assert_eq!(list.len(), 4);
    let s1 = list.iter().find(|p| p["id"] == "S1").unwrap();
    assert_eq!(s1["name"], "王晓明");
    assert_eq!(s1["department"], "机电系");
    assert_eq!(s1["resident_id"], "510402********123X");
    assert_eq!(env.counts().audit, 2);
}

#[test]
fn only_admins_import_the_roster() {
    let env = Env::with_config(&common::users_config());
    let file = env.path("roster.csv");
    std::fs::write(&file, ROSTER).unwrap();
    for user in ["wang", "zhao", "li", "sun"] {
        let err = env.fails(&["--user", user, "people", "import", file.to_str().unwrap()]);
        assert!(
            err.contains("not allowed to import the people roster"),
            "{err}"
        );
        assert!(err.contains("needs one of: admin"), "{err}");
    }
    assert_eq!(env.counts().people, 0);
    assert_eq!(env.counts().audit, 0);
    env.ok(&[
        "--user",
        "admin",
        "people",
        "import",
        file.to_str().unwrap(),
    ]);
    assert_eq!(env.counts().people, 3);
    // Everyone may read the roster.
    let out = env.ok(&["--user", "sun", "people", "list"]);
    assert!(out.contains("王小明"), "{out}");
}

#[test]
fn the_list_is_sanitised_and_masked() {
    let env = Env::with_roster();
    env.conn()
        .execute(
            "UPDATE people SET name = '张' || char(27) || '[31m三', department = char(27) || ']52;c;ZXZpbA==' || char(7) WHERE id = 'S2'",
            [],
        )
        .unwrap();
    let table = env.ok(&["people", "list"]);
    let json = env.ok(&["people", "list", "--format", "json"]);
    for out in [&table, &json] {
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(
            !out.contains("11010519491231002X"),
            "resident IDs are masked"
        );
        assert!(!out.contains("13812345678"), "phones are masked");
    }
    assert!(table.contains("张\u{FFFD}[31m三"), "{table}");
    let zh = env.ok(&["--lang", "zh", "people", "list"]);
    assert!(zh.lines().next().unwrap().contains("姓名"), "{zh}");
    assert!(zh.contains("教职工"), "{zh}");
}

#[test]
fn a_reader_that_goes_away_ends_the_list_quietly() {
    let env = Env::new();
    let mut csv = String::from("id,name,kind,department\n");
    for i in 0..3_000 {
        csv.push_str(&format!("S{i:05},学生{i},student,信息工程系\n"));
    }
    env.import(&csv);
    // `dutydesk people list --format json | head -1`
    let mut child = common::std_cmd(&env)
        .args(["people", "list", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut out, &mut first).unwrap();
    assert!(first.starts_with('{'));
    drop(out);
    let result = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn many_bad_rows_list_the_first_hundred_and_count_the_rest() {
    let env = Env::new();
    let mut csv = String::from("id,name,kind,department\n");
    // 250 rows with a bad kind, 30 ids given twice, and good rows between them.
    for i in 0..250 {
        csv.push_str(&format!("B{i},坏行,teacher,信息工程系\n"));
        csv.push_str(&format!("G{i},好行,student,信息工程系\n"));
    }
    for i in 0..30 {
        csv.push_str(&format!("G{i},重复,student,信息工程系\n"));
    }
    let out = import_bytes(&env, csv.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let listed: Vec<&str> = err.lines().filter(|l| l.starts_with("  line ")).collect();
    assert_eq!(listed.len(), 100, "{err}");
    assert!(listed[0].starts_with("  line 2, kind: "), "{}", listed[0]);
    assert!(listed[99].starts_with("  line 200, kind"), "{}", listed[99]);
    assert!(err.contains("280 problem(s)"), "{err}");
    assert!(
        err.trim_end().ends_with("... and 180 more not listed"),
        "{err}"
    );
    assert!(
        !env.db.exists() || env.counts().people == 0,
        "nothing imported"
    );
}

#[test]
fn repeated_ids_are_named_with_their_first_line() {
    let env = Env::new();
    let mut csv = String::from("id,name,kind,department\n");
    for i in 0..150 {
        csv.push_str(&format!("P{i},某人,student,信息工程系\n"));
    }
    for i in 0..150 {
        csv.push_str(&format!("P{i},某人,student,信息工程系\n"));
    }
    let out = import_bytes(&env, csv.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("150 problem(s)"), "{err}");
    assert!(
        err.contains("line 152: id P0 already appears on line 2"),
        "{err}"
    );
    assert!(
        err.contains("line 251: id P99 already appears on line 101"),
        "{err}"
    );
    assert!(
        !err.contains("line 252:"),
        "only the first 100 are listed: {err}"
    );
    assert!(err.contains("... and 50 more not listed"), "{err}");
}

#[test]
fn the_database_itself_is_not_an_import_file() {
    let env = Env::with_roster();
    let before = common::sha256_of(&env.db);
    let err = env.fails(&["people", "import", env.db.to_str().unwrap()]);
    assert!(err.contains("is the database itself"), "{err}");
    assert_eq!(common::sha256_of(&env.db), before);
}
