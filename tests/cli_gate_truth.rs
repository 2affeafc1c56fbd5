//! What the gate decides and keeps, through the real binary: a person with an active
//! fever case is refused (`open_case`), a new code colour after a refusal the same day
//! is admitted with a warning, and a visitor's entries keep the name they were
//! registered with.

mod common;

use common::{Env, resident_id};
use serde_json::Value;

fn person(direction: &str, person: &str, temp: &str, code: &str) -> Vec<String> {
    [
        "--gate",
        "东门",
        "--direction",
        direction,
        "--temp",
        temp,
        "--code",
        code,
        "--venue-scan",
        "--person",
        person,
    ]
    .map(String::from)
    .to_vec()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn words<'a>(e: &'a Value, key: &str) -> Vec<&'a str> {
    e[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list: {e}"))
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

// ------------------------------------------------------------ active fever case

#[test]
fn a_person_with_an_active_fever_case_is_refused_until_the_case_clears() {
    let env = Env::with_roster();
    let fever = env.add(&strs(&person("in", "S1", "38.0", "green")));
    assert_eq!(fever["flagged"], true);
    let case = env.ok(&["flag", "list", "--format", "json"]);
    let case: Value = serde_json::from_str(case.lines().next().unwrap()).unwrap();
    let case_id = case["id"].as_i64().unwrap();

    // Back at the gate with a normal reading: refused, and the case is named.
    let e = env.add(&strs(&person("in", "S1", "36.5", "green")));
    assert_eq!(e["decision"], "denied");
    assert_eq!(words(&e, "reasons"), ["open_case"]);
    assert_eq!(e["open_case"], case_id);
    assert_eq!(e["flagged"], false);
    // The table says which case and what to do next, in the operator's language.
    let table = env.ok(&strs(
        &[
            vec![
                "--lang".to_string(),
                "en".into(),
                "entry".into(),
                "add".into(),
            ],
            person("in", "S1", "36.5", "green"),
        ]
        .concat(),
    ));
    assert!(table.contains("open fever case"), "{table}");
    assert!(
        table.contains(&format!("fever case #{case_id} (awaiting re-check)")),
        "{table}"
    );
    assert!(table.contains("flag recheck"), "{table}");
    let zh = env.ok(&strs(
        &[
            vec![
                "--lang".to_string(),
                "zh".into(),
                "entry".into(),
                "add".into(),
            ],
            person("in", "S1", "36.5", "green"),
        ]
        .concat(),
    ));
    assert!(zh.contains("发热个案未结"), "{zh}");
    assert!(
        zh.contains(&format!("发热个案 #{case_id}（待复测）")),
        "{zh}"
    );

    // Going out is never refused.
    let out = env.add(&strs(&person("out", "S1", "36.5", "green")));
    assert_eq!(out["decision"], "admitted");
    assert!(out["open_case"].is_null());

    // The list keeps the reason and the case.
    let listed = env.list(&["--denied"]);
    assert!(
        listed
            .iter()
            .any(|l| words(l, "reasons") == ["open_case"] && l["open_case"] == case_id)
    );

    // The re-check belongs in the case; once cleared, the person comes in.
    env.ok(&["flag", "recheck", &case_id.to_string(), "--temp", "36.6"]);
    let e = env.add(&strs(&person("in", "S1", "36.5", "green")));
    assert_eq!(e["decision"], "admitted");
    assert!(words(&e, "reasons").is_empty());
}

#[test]
fn ingest_acknowledges_the_decision_with_reasons_and_warnings() {
    let env = Env::with_roster();
    let input = [
        r#"{"gate":"东门","direction":"in","temp":38.2,"code":"green","venue_scan":true,"person_id":"S1"}"#,
        r#"{"gate":"东门","direction":"in","temp":36.4,"code":"green","venue_scan":true,"person_id":"S1"}"#,
        r#"{"gate":"东门","direction":"in","temp":36.4,"code":"red","venue_scan":true,"person_id":"S2"}"#,
        r#"{"gate":"东门","direction":"in","temp":36.4,"code":"green","venue_scan":true,"person_id":"S2"}"#,
    ]
    .join("\n");
    let out = env.cmd().arg("ingest").write_stdin(input).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let acks: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(acks.len(), 4);
    assert_eq!(acks[0]["decision"], "denied");
    assert_eq!(words(&acks[0], "reasons"), ["fever"]);
    assert_eq!(acks[1]["decision"], "denied");
    assert_eq!(words(&acks[1], "reasons"), ["open_case"]);
    assert!(acks[1]["open_case"].is_i64());
    assert_eq!(words(&acks[2], "reasons"), ["code_red"]);
    assert_eq!(acks[3]["decision"], "admitted");
    assert_eq!(words(&acks[3], "warnings"), ["refused_today"]);
}

// ------------------------------------------------------------ refused earlier today

#[test]
fn a_new_colour_after_a_refusal_for_the_code_is_admitted_but_said_so() {
    let env = Env::with_roster();
    let red = env.add_at(
        "2026-11-29T07:50:00",
        &strs(&person("in", "S2", "36.5", "red")),
    );
    assert_eq!(words(&red, "reasons"), ["code_red"]);
    assert!(words(&red, "warnings").is_empty());
    let green = env.add_at(
        "2026-11-29T11:20:00",
        &strs(&person("in", "S2", "36.5", "green")),
    );
    assert_eq!(green["decision"], "admitted");
    assert_eq!(words(&green, "warnings"), ["refused_today"]);
    // Kept with the entry: the list says so too, and the table shows it.
    let listed = env.list(&["--person", "S2"]);
    assert_eq!(words(&listed[0], "warnings"), ["refused_today"]);
    let table = env.ok(&["--lang", "en", "entry", "list", "--person", "S2"]);
    assert!(table.contains("code refused earlier today"), "{table}");
    // The next local day starts afresh.
    let next_day = env.add_at(
        "2026-11-30T00:10:00",
        &strs(&person("in", "S2", "36.5", "green")),
    );
    assert!(words(&next_day, "warnings").is_empty(), "{next_day}");
}

#[test]
fn the_warning_is_printed_beside_the_decision() {
    let env = Env::with_roster();
    env.add(&strs(&person("in", "T1", "36.5", "yellow")));
    let mut args = vec!["--lang", "zh", "entry", "add"];
    let p = person("in", "T1", "36.5", "green");
    args.extend(strs(&p));
    let out = env.ok(&args);
    assert!(out.contains("今日曾因健康码被拒"), "{out}");
}

// ------------------------------------------------------------ visitor names

fn visitor(name: &str, rid: &str) -> Vec<String> {
    [
        "--gate",
        "东门",
        "--direction",
        "in",
        "--temp",
        "36.5",
        "--code",
        "green",
        "--venue-scan",
        "--visitor-name",
        name,
        "--visitor-id",
        rid,
        "--visitor-phone",
        "13700001111",
        "--reason",
        "送货",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn a_visitor_entry_keeps_the_name_it_was_registered_with() {
    let env = Env::with_roster();
    let rid = resident_id("51040219900101001");
    let first = env.add(&strs(&visitor("张三", &rid)));
    assert!(words(&first, "warnings").is_empty());
    let second = env.add(&strs(&visitor("李四", &rid)));
    assert_eq!(second["name"], "李四");
    assert_eq!(words(&second, "warnings"), ["visitor_name_changed"]);
    let same_again = env.add(&strs(&visitor("李四", &rid)));
    assert!(words(&same_again, "warnings").is_empty());

    // The earlier entry is not renamed.
    let listed = env.list(&[]);
    let names: Vec<&str> = listed.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["李四", "李四", "张三"]);
    let id = first["id"].to_string();
    let shown: Value =
        serde_json::from_str(env.ok(&["entry", "show", &id, "--format", "json"]).trim()).unwrap();
    assert_eq!(shown["name"], "张三");
    let table = env.ok(&["--lang", "en", "entry", "show", &second["id"].to_string()]);
    assert!(table.contains("李四"), "{table}");
    assert!(
        table.contains("registered under another name before"),
        "{table}"
    );

    // The audit keeps both names.
    let details: String = env
        .conn()
        .query_row(
            "SELECT details FROM audit WHERE action = 'entry.add' AND entity_id = ?1",
            [second["id"].to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let details: Value = serde_json::from_str(&details).unwrap();
    assert_eq!(details["who"]["name"], "李四");
    assert_eq!(details["who"]["previous_name"], "张三");
    assert_eq!(words(&details, "warnings"), ["visitor_name_changed"]);
}

#[test]
fn entry_show_names_a_missing_entry() {
    let env = Env::with_roster();
    let err = env.fails(&["--lang", "en", "entry", "show", "42"]);
    assert!(err.contains("42"), "{err}");
}

#[test]
fn an_older_database_gets_its_visitor_names_kept_on_upgrade() {
    use dutydesk::store::migrations;
    let env = Env::with_roster();
    env.add(&strs(&visitor("张三", &resident_id("51040219900101001"))));
    // Rebuild the file as the previous schema had it: no name on the entry.
    let path = env.db.clone();
    std::fs::remove_file(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    // The schema just before the step that gives entries their visitor name (found by
    // its content: later steps may follow it).
    let previous = migrations::STEPS
        .iter()
        .position(|s| s.contains("ADD COLUMN visitor_name"))
        .expect("the visitor-name step");
    for step in &migrations::STEPS[..previous] {
        conn.execute_batch(step).unwrap();
    }
    conn.pragma_update(None, "user_version", previous as i64)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO visitors (id, resident_id, name, phone, updated_at)
           VALUES (1, '510402199001010010', '王五', '13700001111', 0);
         INSERT INTO entries (at, gate, direction, visitor_id, temp, venue_scan, denied,
                              flagged, threshold, operator)
           VALUES (1764374400000, '东门', 'in', 1, 365, 1, 0, 0, 373, 'root');",
    )
    .unwrap();
    drop(conn);
    let listed = env.list(&[]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], "王五");
    let stored: Option<String> = env
        .conn()
        .query_row("SELECT visitor_name FROM entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        stored.as_deref(),
        Some("王五"),
        "backfilled by the migration"
    );
}
