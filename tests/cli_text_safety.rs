//! Text that reaches terminals: every `--format json` line is sanitised like the
//! tables (a row tampered with behind the program's back cannot drive the terminal
//! of whoever lists it), and single-line fields refuse line breaks, tabs and
//! invisible characters at every input path, naming the field.

mod common;

use common::{Env, resident_id};
use dutydesk::domain::text::is_forbidden;

/// Every line is JSON and no forbidden character reaches the terminal.
fn assert_clean_json(what: &str, out: &str) {
    assert!(!out.trim().is_empty(), "{what}: printed something");
    for line in out.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {line}"));
        let bad: Vec<String> = line
            .chars()
            .filter(|c| is_forbidden(*c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{what}: raw {bad:?} in {line:?}");
    }
}

const NASTY: &str = "\u{9b}31m\u{202e}\u{200b}\u{2028}\u{7f}";

#[test]
fn json_output_of_tampered_rows_carries_no_control_or_invisible_character() {
    let env = Env::with_roster();
    env.add(&[
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "38.1",
        "--person",
        "S1",
        "--venue-scan",
    ]);
    // Behind the program's back: a name, an audit row and its keys.
    let conn = env.conn();
    conn.execute(
        "UPDATE people SET name = ?1, department = ?1 WHERE id = 'S1'",
        [format!("王{NASTY}小明")],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO audit (at, operator, action, entity, entity_id, details, prev_hash, hash)
         VALUES (0, ?1, ?1, 'entry', ?1, ?2, 'x', 'y')",
        [
            format!("op{NASTY}"),
            format!(r#"{{"note{NASTY}":"a{NASTY}b"}}"#),
        ],
    )
    .unwrap();
    drop(conn);
    for args in [
        &["audit", "list", "--format", "json"][..],
        &["entry", "list", "--format", "json"],
        &["entry", "show", "1", "--format", "json"],
        &["people", "list", "--format", "json"],
        &["flag", "list", "--format", "json"],
        &["flag", "show", "1", "--format", "json"],
    ] {
        let out = env.ok(args);
        assert_clean_json(&args.join(" "), &out);
        assert!(
            out.contains('\u{FFFD}'),
            "{args:?}: replaced, not dropped: {out}"
        );
    }
    for args in [
        &["audit", "list"][..],
        &["entry", "list"],
        &["entry", "show", "1"],
        &["people", "list"],
    ] {
        let out = env.ok(args);
        assert!(
            !out.chars().any(|c| is_forbidden(c) && c != '\n'),
            "{args:?}: {out:?}"
        );
    }
}

const INVISIBLE: [(&str, &str); 10] = [
    ("line feed", "\n"),
    ("tab", "\t"),
    ("zero-width space", "\u{200b}"),
    ("zero-width joiner", "\u{200d}"),
    ("zero-width non-joiner", "\u{200c}"),
    ("Arabic letter mark", "\u{061c}"),
    ("line separator", "\u{2028}"),
    ("Hangul filler", "\u{3164}"),
    ("soft hyphen", "\u{00ad}"),
    ("byte order mark", "\u{feff}"),
];

fn visitor_args(name: &str, reason: &str) -> Vec<String> {
    [
        "--lang",
        "en",
        "entry",
        "add",
        "--code",
        "none",
        "--no-venue-scan",
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--visitor-name",
        name,
        "--visitor-id",
        &resident_id("51040219900101001"),
        "--visitor-phone",
        "13700001111",
        "--reason",
        reason,
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn names_and_reasons_refuse_invisible_characters_naming_the_field() {
    let env = Env::with_roster();
    let before = env.counts();
    for (what, c) in INVISIBLE {
        let name = format!("张{c}三");
        let args = visitor_args(&name, "送货");
        let err = env.fails(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(err.contains("visitor name"), "{what}: {err}");
        assert!(err.contains("invisible"), "{what}: {err}");
        let args = visitor_args("张三", &format!("送{c}货"));
        let err = env.fails(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(err.contains("reason"), "{what}: {err}");
    }
    // The same through ingest.
    let line = format!(
        r#"{{"gate":"东门","direction":"in","temp":36.5,"visitor_name":"李{}四","visitor_id":"{}","visitor_phone":"13700001111","reason":"送货"}}"#,
        "\\u200b",
        resident_id("51040219900101001")
    );
    let out = env
        .cmd()
        .args(["--lang", "en", "ingest"])
        .write_stdin(line)
        .output()
        .unwrap();
    let ack = String::from_utf8_lossy(&out.stdout);
    assert!(ack.contains(r#""ok":false"#), "{ack}");
    assert!(ack.contains("visitor name"), "{ack}");
    assert_eq!(env.counts(), before, "nothing was written");
}

#[test]
fn a_people_import_names_the_line_and_column_of_an_invisible_character() {
    let env = Env::new();
    let csv = "id,name,kind,department\nS1,王小明,student,信息工程系\nS2,李\u{200b}华,student,机电系\nS3\u{3164},张三,student,机电系\n";
    std::fs::write(env.path("import.csv"), csv).unwrap();
    let err = env.fails(&[
        "--lang",
        "en",
        "people",
        "import",
        env.path("import.csv").to_str().unwrap(),
    ]);
    assert!(err.contains("line 3, name"), "{err}");
    assert!(err.contains("line 4, id"), "{err}");
    assert_eq!(env.counts().people, 0, "nothing was imported");
}

#[test]
fn notes_keep_line_feeds_but_refuse_tabs_and_invisible_characters() {
    let env = Env::with_roster();
    env.add(&[
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "38.1",
        "--person",
        "S1",
        "--venue-scan",
    ]);
    // Fever confirmed, sent to observation: the case may now be referred.
    env.ok(&["flag", "recheck", "1", "--temp", "38.3"]);
    env.ok(&["flag", "observe", "1"]);
    let err = env.fails(&["--lang", "en", "flag", "close", "1", "--note", "感冒\t居家"]);
    assert!(err.contains("outcome note"), "{err}");
    let err = env.fails(&[
        "--lang",
        "en",
        "flag",
        "refer",
        "1",
        "--to",
        "市\u{200b}医院",
    ]);
    assert!(err.contains("invisible"), "{err}");
    let err = env.fails(&["--lang", "en", "flag", "refer", "1", "--to", "市医院\n二楼"]);
    assert!(err.contains("invisible"), "one line: {err}");
    env.ok(&[
        "flag",
        "refer",
        "1",
        "--to",
        "市医院",
        "--note",
        "发热门诊\n二楼",
    ]);
    env.ok(&["flag", "report", "1", "--to", "疾控中心"]);
    env.ok(&["flag", "close", "1", "--note", "诊断为普通感冒\n居家休息"]);
    let outcome: String = env
        .conn()
        .query_row("SELECT outcome FROM flags WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(outcome, "诊断为普通感冒\n居家休息");
}
