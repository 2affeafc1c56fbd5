//! Snapshot tests of the fever screens: the flagged view (with the history shown),
//! a case's detail with its countdowns, a case under observation, a step form with
//! the service's message beside its field, and the dashboard panel; at 120x40 and
//! 80x24, in Chinese and English, with CJK names (a long one cut by width). The clock
//! is fixed, so countdowns are exact and kept in the snapshots; wall-clock times,
//! dates and ids are redacted as in the other snapshots.

use super::tests::{LANGS, SIZES, redact, render, screen};
use crate::app::testing::{Harness, person_entry};
use crate::app::view::View;
use crate::app::{Key, KeyCode, Msg};
use crate::clock::Clock;
use crate::domain::Role;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use ratatui::style::{Color, Modifier};

/// Words after which a duration follows.
const COUNTDOWN_WORDS: [&str; 7] = [
    "还剩 ",
    "超时 ",
    "due in ",
    "overdue ",
    "re-check in ",
    "report in ",
    "late ",
];

/// `redact`, except for the countdowns: they stay as drawn.
fn redact_keeping_countdowns(s: &str) -> String {
    let mut out = String::new();
    let mut plain = String::new();
    let mut rest = s;
    'scan: while let Some(c) = rest.chars().next() {
        for w in COUNTDOWN_WORDS {
            if let Some(after) = rest.strip_prefix(w) {
                let n = after
                    .find(|c: char| !(c.is_ascii_digit() || c == ':'))
                    .unwrap_or(after.len());
                if n > 0 {
                    out.push_str(&redact(&plain));
                    plain.clear();
                    out.push_str(w);
                    out.push_str(&after[..n]);
                    rest = &after[n..];
                    continue 'scan;
                }
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push_str(&redact(&plain));
    out
}

fn local(hms: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-11-29T{hms}+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

/// The seeded desk (李雪 flagged at 07:32, not re-checked) plus: 王小明 flagged at
/// 07:40 and cleared at 07:45; 欧阳娜娜娜 flagged at 07:50, confirmed at 07:58,
/// observed at 08:01, reported at 08:03; 阿卜杜热合曼·买买提江 flagged at 07:55.
/// The console stands at 08:03:15.
fn fever_morning(role: Role, lang: Lang) -> Harness {
    let mut h = Harness::new(role, lang);
    let mut guard = h.other(Role::Guard);
    let mut officer = h.other(Role::Officer);
    let at = |hms: &str| h.clock.set(local(hms));
    at("07:40:00");
    guard
        .register_entry(&person_entry(
            "北门",
            "in",
            "2023010101",
            "37.5",
            "green",
            true,
        ))
        .unwrap();
    at("07:50:00");
    guard
        .register_entry(&person_entry(
            "东门",
            "in",
            "2023020201",
            "38.2",
            "green",
            true,
        ))
        .unwrap();
    at("07:55:00");
    guard
        .register_entry(&person_entry(
            "西门",
            "in",
            "2023030301",
            "37.9",
            "green",
            true,
        ))
        .unwrap();
    let ids: Vec<i64> = officer
        .flags(true, None)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    at("07:45:00");
    guard
        .flag_recheck(ids[1], "36.6", Some("第二台测温仪"))
        .unwrap();
    at("07:58:00");
    guard
        .flag_recheck(ids[2], "38.4", Some("水银体温计"))
        .unwrap();
    at("08:01:00");
    officer.flag_observe(ids[2], None).unwrap();
    at("08:03:00");
    officer.flag_report(ids[2], "校防控办").unwrap();
    h.clock.set(local("08:03:15"));
    let now = h.clock.now();
    h.send(Msg::Tick(now));
    h.send(Msg::DataChanged);
    h
}

fn snap(name: &str, setup: impl Fn(Lang) -> Harness) {
    for lang in LANGS {
        let mut h = setup(lang);
        for (w, hgt) in SIZES {
            let text = redact_keeping_countdowns(&screen(&render(&mut h, w, hgt)));
            insta::assert_snapshot!(format!("{name}_{w}x{hgt}_{}", lang.code()), text);
        }
    }
}

#[test]
fn flagged_view_with_countdowns_and_history() {
    snap("flag_list", |lang| {
        let mut h = fever_morning(Role::Officer, lang);
        h.key(Key::ch('3'));
        h.key(Key::ch('H'));
        h.key(Key::ch('j'));
        assert_eq!(h.state.flags.rows().len(), 4);
        h
    });
}

#[test]
fn case_detail_with_both_countdowns() {
    snap("flag_case", |lang| {
        let mut h = fever_morning(Role::Officer, lang);
        h.key(Key::ch('3'));
        h.code(KeyCode::Enter);
        assert_eq!(h.state.view, View::FlagCase);
        h
    });
}

#[test]
fn case_detail_under_observation() {
    snap("flag_case_observing", |lang| {
        let mut h = fever_morning(Role::Leader, lang);
        h.key(Key::ch('3'));
        h.key(Key::ch('j'));
        h.code(KeyCode::Enter);
        assert!(h.state.flags.case.as_ref().unwrap().case.place.is_some());
        h
    });
}

#[test]
fn case_detail_for_a_supervisor() {
    snap("flag_case_supervisor", |lang| {
        let mut h = fever_morning(Role::Supervisor, lang);
        h.key(Key::ch('3'));
        h.key(Key::ch('j'));
        h.key(Key::ch('j'));
        h.code(KeyCode::Enter);
        h
    });
}

#[test]
fn recheck_form_with_a_message_beside_the_temperature() {
    snap("flag_form", |lang| {
        let mut h = fever_morning(Role::Officer, lang);
        h.key(Key::ch('3'));
        h.key(Key::ch('r'));
        h.typed("3x.5");
        h.code(KeyCode::Enter);
        h.code(KeyCode::Enter);
        assert!(!h.state.flags.form.as_ref().unwrap().errors.is_empty());
        h
    });
}

#[test]
fn dashboard_panel_with_the_most_urgent_countdowns() {
    snap("flag_dashboard", |lang| fever_morning(Role::Leader, lang));
}

#[test]
fn countdowns_move_with_each_tick() {
    let mut h = fever_morning(Role::Officer, Lang::En);
    h.key(Key::ch('3'));
    let before = screen(&render(&mut h, 120, 40));
    assert!(before.contains("overdue 21m 15s"), "{before}");
    assert!(before.contains("due in 1m 45s"), "{before}");
    h.tick(1);
    let after = screen(&render(&mut h, 120, 40));
    assert!(after.contains("overdue 21m 16s"), "{after}");
    assert!(after.contains("due in 1m 44s"), "{after}");
    h.tick(104);
    let due = screen(&render(&mut h, 120, 40));
    assert!(
        due.contains("overdue 0s"),
        "at the deadline it is overdue: {due}"
    );
    assert!(due.contains("2 re-check overdue"), "{due}");
}

#[test]
fn an_overdue_deadline_has_a_marker_and_the_warning_style_with_and_without_colour() {
    for color in [true, false] {
        let mut h = fever_morning(Role::Officer, Lang::En);
        h.state.look.color = color;
        h.key(Key::ch('3'));
        h.key(Key::ch('j')); // the selection away from the overdue row
        let buf = render(&mut h, 120, 40);
        let text = screen(&buf);
        let y = text
            .lines()
            .position(|l| l.contains("李雪"))
            .expect("the overdue case is listed") as u16;
        let line = text.lines().nth(usize::from(y)).unwrap();
        assert!(line.starts_with("│! "), "{line}");
        let x = line.find("overdue").unwrap();
        let x = unicode_width::UnicodeWidthStr::width(&line[..x]) as u16;
        let cell = &buf[(x, y)];
        if color {
            // The refusal red of the palette in use.
            let red = crate::console::theme::Theme::new(h.state.look).denied().fg;
            assert_eq!(Some(cell.fg), red);
        } else {
            assert_eq!(cell.fg, Color::Reset);
            assert!(cell.modifier.contains(Modifier::BOLD));
        }
        let x = line.find("due in").unwrap();
        let x = unicode_width::UnicodeWidthStr::width(&line[..x]) as u16;
        assert!(
            !buf[(x, y)].modifier.contains(Modifier::BOLD),
            "a deadline still ahead is plain"
        );
    }
}

#[test]
fn the_dashboard_panel_uses_compact_words_when_the_sentences_do_not_fit() {
    let mut h = fever_morning(Role::Leader, Lang::En);
    let wide = screen(&render(&mut h, 120, 40));
    assert!(wide.contains("re-check overdue 21m 15s"), "{wide}");
    let narrow = screen(&render(&mut h, 100, 30));
    assert!(narrow.contains("Open fever flags (3)"), "{narrow}");
    // The panel cuts the seconds at this width; the minutes stay readable.
    assert!(narrow.contains("re-check late 21m"), "{narrow}");
    assert!(narrow.contains("re-check in 1m 45s"), "{narrow}");
    assert!(narrow.contains("! 李雪"), "{narrow}");
}

#[test]
fn the_fever_screens_never_panic_at_any_size() {
    let setups: [&[Key]; 4] = [
        &[Key::ch('3'), Key::ch('H'), Key::ch('G')],
        &[Key::ch('3'), Key::new(KeyCode::Enter)],
        &[Key::ch('3'), Key::ch('r'), Key::ch('3'), Key::ch('x')],
        &[Key::ch('3'), Key::ch('j'), Key::ch('f')],
    ];
    for keys in setups {
        let mut h = fever_morning(Role::Admin, Lang::Zh);
        for k in keys {
            h.key(*k);
        }
        h.code(KeyCode::Enter); // a message beside a field, or the next field
        h.code(KeyCode::Enter);
        for w in (1..=130).step_by(7) {
            for hh in (1..=45).step_by(4) {
                render(&mut h, w, hh);
            }
        }
    }
}

#[test]
fn the_cursor_sits_after_the_text_in_the_form_field() {
    let mut h = fever_morning(Role::Officer, Lang::Zh);
    h.key(Key::ch('3'));
    h.key(Key::ch('p'));
    h.typed("校防控办");
    h.send(Msg::Resize(80, 24));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| super::view(&h.state, f)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    let line = screen(t.backend().buffer())
        .lines()
        .nth(usize::from(pos.y))
        .unwrap()
        .to_string();
    let start = line
        .find("[校防控办")
        .expect("the field is on the cursor's row");
    let x = unicode_width::UnicodeWidthStr::width(&line[..start]) as u16;
    assert_eq!(pos.x, x + 1 + 8, "{line}");
}
