//! Date words on the command line: `--since`/`--until`/`--date` take today,
//! yesterday, 今天, 昨天, -7d, a bare time and dates, in the desk's zone; and
//! stderr says how many more entries there are when `--limit` cut the list.

mod common;

use common::Env;

/// Registers S1 at a local (Beijing) time.
fn at(env: &Env, local: &str) -> i64 {
    env.add_at(
        local,
        &[
            "--gate",
            "东门",
            "--direction",
            "in",
            "--temp",
            "36.5",
            "--person",
            "S1",
        ],
    )["id"]
        .as_i64()
        .unwrap()
}

fn ids(env: &Env, now: &str, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["entry", "list", "--format", "json"];
    all.extend_from_slice(args);
    let out = env
        .cmd()
        .env("DUTYDESK_NOW", format!("{now}+08:00"))
        .args(&all)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_i64()
                .unwrap()
        })
        .collect()
}

#[test]
fn date_words_select_site_local_days() {
    let env = Env::with_roster();
    let nov28 = at(&env, "2026-11-28T23:59:00");
    let dec4 = at(&env, "2026-12-04T00:00:00");
    let dec5_early = at(&env, "2026-12-05T00:30:00");
    let dec5_late = at(&env, "2026-12-05T23:59:59");
    let dec6 = at(&env, "2026-12-06T09:00:00");
    let now = "2026-12-06T10:00:00";
    assert_eq!(
        ids(&env, now, &["--date", "2026-12-05"]),
        vec![dec5_late, dec5_early]
    );
    assert_eq!(
        ids(&env, now, &["--date", "yesterday"]),
        vec![dec5_late, dec5_early]
    );
    assert_eq!(
        ids(&env, now, &["--date", "昨天"]),
        vec![dec5_late, dec5_early]
    );
    assert_eq!(
        ids(&env, now, &["--date", "-1d"]),
        vec![dec5_late, dec5_early]
    );
    assert_eq!(ids(&env, now, &["--since", "today"]), vec![dec6]);
    assert_eq!(ids(&env, now, &["--since", "今天"]), vec![dec6]);
    assert_eq!(ids(&env, now, &["--since", "08:00"]), vec![dec6]);
    assert_eq!(
        ids(&env, now, &["--since", "-7d"]),
        vec![dec6, dec5_late, dec5_early, dec4]
    );
    assert_eq!(ids(&env, now, &["--until", "-8d"]), vec![nov28]);
    let err = env.fails(&["entry", "list", "--since", "tomorrow"]);
    assert!(err.contains("--since") && err.contains("-7d"), "{err}");
    let err = env.fails(&["--lang", "zh", "entry", "list", "--date", "前天"]);
    assert!(err.contains("--date") && err.contains("昨天"), "{err}");
}

#[test]
fn a_cut_list_says_how_many_more_on_stderr() {
    let env = Env::with_roster();
    for t in ["08:00:00", "08:01:00", "08:02:00"] {
        at(&env, &format!("2026-12-06T{t}"));
    }
    let out = env
        .cmd()
        .args(["entry", "list", "--limit", "2"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 more not shown"));
    let out = env
        .cmd()
        .args(["entry", "list", "--limit", "3"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn people_list_and_audit_list_say_how_many_more_too() {
    let env = Env::with_roster();
    let out = env
        .cmd()
        .args(["people", "list", "--limit", "1"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 more not shown"));
    let out = env
        .cmd()
        .args(["people", "list", "--limit", "1", "--offset", "1"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 more not shown"));
    at(&env, "2026-12-06T08:00:00");
    let out = env
        .cmd()
        .args(["audit", "list", "--limit", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("more not shown"));
}
