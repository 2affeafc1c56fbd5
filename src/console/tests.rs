//! Snapshot tests: every screen rendered into a `TestBackend` at 120x40 and 80x24, in
//! Chinese and English, from the test desk (Chinese names, a long one in a narrow
//! column, a fixed clock). Times, dates and long digit runs (ids) are redacted in
//! the snapshot text with characters of the same width, so columns stay aligned.

use crate::app::form::Field;
use crate::app::testing::Harness;
use crate::app::view::View;
use crate::app::{Key, KeyCode};
use crate::domain::Role;
use crate::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// The screen as text, one line per row.
pub(super) fn screen(buffer: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        let mut line = String::new();
        for x in 0..buffer.area.width {
            let sym = buffer[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Replaces times, dates and ids with same-width placeholders.
pub(super) fn redact(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let digits_at =
        |i: usize, n: usize| (i..i + n).all(|j| chars.get(j).is_some_and(|c| c.is_ascii_digit()));
    while i < chars.len() {
        let c = chars[i];
        let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
        if !prev_digit
            && digits_at(i, 4)
            && chars.get(i + 4) == Some(&'-')
            && digits_at(i + 5, 2)
            && chars.get(i + 7) == Some(&'-')
            && digits_at(i + 8, 2)
        {
            out.push_str("YYYY-MM-DD");
            i += 10;
            continue;
        }
        if !prev_digit && digits_at(i, 2) && chars.get(i + 2) == Some(&':') && digits_at(i + 3, 2) {
            if chars.get(i + 5) == Some(&':') && digits_at(i + 6, 2) {
                out.push_str("hh:mm:ss");
                i += 8;
            } else {
                out.push_str("hh:mm");
                i += 5;
            }
            continue;
        }
        if !prev_digit && c.is_ascii_digit() {
            let mut n = 0;
            while chars.get(i + n).is_some_and(|c| c.is_ascii_digit()) {
                n += 1;
            }
            if n >= 6 {
                out.push_str(&"#".repeat(n));
                i += n;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

pub(super) fn render(h: &mut Harness, w: u16, hgt: u16) -> Buffer {
    h.send(crate::app::Msg::Resize(w, hgt));
    let mut t = Terminal::new(TestBackend::new(w, hgt)).unwrap();
    t.draw(|f| super::view(&h.state, f)).unwrap();
    t.backend().buffer().clone()
}

pub(super) const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];
pub(super) const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

pub(super) fn snap(name: &str, setup: impl Fn(Lang) -> Harness) {
    for lang in LANGS {
        let mut h = setup(lang);
        for (w, hgt) in SIZES {
            let text = redact(&screen(&render(&mut h, w, hgt)));
            insta::assert_snapshot!(format!("{name}_{w}x{hgt}_{}", lang.code()), text);
        }
    }
}

#[test]
fn dashboard() {
    snap("dashboard", |lang| {
        let mut h = Harness::new(Role::Leader, lang);
        h.key(Key::ch('j'));
        h
    });
}

#[test]
fn dashboard_on_an_empty_database() {
    snap("empty", |lang| Harness::empty(Role::Admin, lang));
}

#[test]
fn gate_log_filtered() {
    snap("log", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('2'));
        h.key(Key::ch('d'));
        h
    });
}

#[test]
fn gate_log_with_a_prompt_open() {
    snap("log_prompt", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('2'));
        h.key(Key::ch('/'));
        h.typed("欧阳");
        h
    });
}

#[test]
fn flags() {
    snap("flags", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('3'));
        h.tick(600);
        h
    });
}

#[test]
fn register_after_a_refusal_and_with_a_field_error() {
    snap("register", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        h.typed("2023020201");
        h.code(KeyCode::Enter);
        h.typed("37.8");
        h.code(KeyCode::Enter);
        h.typed("2023010101");
        h.code(KeyCode::Enter);
        h.typed("36.x");
        h.code(KeyCode::Enter);
        assert!(h.state.form.error(Field::Temp).is_some());
        h
    });
}

#[test]
fn register_visitor() {
    snap("register_visitor", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('a'));
        h.code(KeyCode::F(2));
        h.typed("钱多多");
        h
    });
}

#[test]
fn person_detail_masked() {
    snap("detail", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('j'));
        h.key(Key::ch('j'));
        h.key(Key::ch('j'));
        h.key(Key::ch('j'));
        h.code(KeyCode::Enter);
        assert_eq!(h.state.view, View::Detail);
        h
    });
}

#[test]
fn help_for_a_supervisor() {
    snap("help", |lang| {
        let mut h = Harness::new(Role::Supervisor, lang);
        h.key(Key::ch('?'));
        h
    });
}

#[test]
fn too_small() {
    for lang in LANGS {
        let mut h = Harness::new(Role::Officer, lang);
        let text = screen(&render(&mut h, 30, 8));
        insta::assert_snapshot!(format!("too_small_30x8_{}", lang.code()), text);
    }
}

#[test]
fn never_panics_at_any_size() {
    let mut h = Harness::new(Role::Admin, Lang::Zh);
    h.key(Key::ch('j'));
    let long: Vec<Key> = "王小明欧阳娜娜娜买买提艾力abcdefghijklmnopqrstuvwxyz"
        .chars()
        .map(Key::ch)
        .collect();
    let views: [&[Key]; 8] = [
        &[],
        &[Key::ch('2')],
        &[Key::ch('3')],
        &[Key::ch('a'), Key::new(KeyCode::F(2))],
        &long,
        &[
            Key::new(KeyCode::Esc),
            Key::new(KeyCode::Esc),
            Key::new(KeyCode::Enter),
        ],
        &[Key::new(KeyCode::Esc), Key::ch('?')],
        &[Key::new(KeyCode::Esc), Key::ch('2'), Key::ch('/')],
    ];
    for keys in views {
        for k in keys {
            h.key(*k);
        }
        for w in (1..=130).step_by(9) {
            for hh in (1..=45).step_by(4) {
                render(&mut h, w, hh);
            }
        }
    }
    for k in long.iter().take(30) {
        h.key(*k); // the filter prompt, far longer than the narrowest footer
    }
    for w in 55..=70 {
        render(&mut h, w, 15);
    }
}

#[test]
fn no_color_means_no_colour_and_markers_still_show() {
    let mut h = Harness::new(Role::Officer, Lang::Zh);
    h.state.look.color = false;
    h.state.look.ascii = true;
    let buf = render(&mut h, 120, 40);
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    let text = screen(&buf);
    assert!(text.contains("+-"), "ASCII borders");
    assert!(!text.contains('─'));
    // The refused rows carry their marker and stand out by attribute.
    let row = (0..40)
        .find(|y| screen_line(&buf, *y).contains("欧阳"))
        .unwrap();
    assert!(screen_line(&buf, row).contains("! "));
    assert!(
        (0..120).any(|x| buf[(x, row)].modifier.contains(Modifier::BOLD)),
        "refused rows are bold without colour"
    );
}

fn screen_line(buf: &Buffer, y: u16) -> String {
    screen(buf)
        .lines()
        .nth(usize::from(y))
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_cursor_sits_in_the_focused_field() {
    let mut h = Harness::new(Role::Guard, Lang::Zh);
    h.typed("王");
    h.send(crate::app::Msg::Resize(80, 24));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| super::view(&h.state, f)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer().clone();
    // The cell left of the cursor holds the end of the wide character just typed.
    let line = screen_line(&buf, pos.y);
    assert!(line.contains("[王"));
    let x_of_bracket = line.find("[王").map(|i| line[..i].width()).unwrap() as u16;
    assert_eq!(pos.x, x_of_bracket + 1 + 2);
}

#[test]
fn database_text_cannot_reach_the_terminal_as_escapes() {
    let mut h = Harness::new(Role::Admin, Lang::En);
    let csv = "id,name,kind,department\nX1,Eve\u{1b}[2J,student,Dept\n";
    // The roster import refuses control characters, so write one behind its back.
    let mut other = h.other(Role::Admin);
    assert!(other.import_people(csv.as_bytes()).is_err());
    other
        .store
        .write(|tx| {
            tx.execute(
                "INSERT INTO people (id, name, kind, department, updated_at) VALUES ('X1', ?1, 'student', 'D', 0)",
                ["Eve\u{1b}[2J"],
            )?;
            Ok(())
        })
        .unwrap();
    h.arrives(crate::app::testing::person_entry(
        "东门", "in", "X1", "36.5", "green", true,
    ));
    let buf = render(&mut h, 120, 40);
    assert!(buf.content().iter().all(|c| !c.symbol().contains('\u{1b}')));
    assert!(screen(&buf).contains("Eve\u{FFFD}[2J"));
}

fn test_shift(
    _: &crate::service::Desk,
    _: &crate::app::providers::PanelContext,
) -> crate::error::DeskResult<Option<crate::app::providers::ShiftInfo>> {
    Ok(Some(crate::app::providers::ShiftInfo {
        label: "白班 08:00-20:00".into(),
        leader: Some("李玉德".into()),
    }))
}

fn test_panel(
    _: &crate::service::Desk,
    ctx: &crate::app::providers::PanelContext,
) -> crate::error::DeskResult<Option<crate::app::providers::SidePanel>> {
    use crate::app::providers::{PanelCell, PanelRow, SidePanel, Tone};
    Ok(Some(SidePanel {
        id: "approvals",
        title: "待审批（1）".into(),
        rows: vec![PanelRow {
            cells: vec![
                PanelCell::Text("访客 钱多多".into()),
                PanelCell::Age(ctx.now - chrono::Duration::minutes(12)),
            ],
            tone: Tone::Warn,
        }],
        empty_text: "没有待审批".into(),
        attention: true,
    }))
}

fn no_panel(
    _: &crate::service::Desk,
    _: &crate::app::providers::PanelContext,
) -> crate::error::DeskResult<Option<crate::app::providers::SidePanel>> {
    Ok(None)
}

#[test]
fn providers_add_the_shift_and_panels_and_nothing_when_they_have_none() {
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    h.providers.shift = None;
    h.providers.panels.clear();
    h.send(crate::app::Msg::DataChanged);
    let before = screen(&render(&mut h, 120, 40));
    assert!(
        !before.contains("白班"),
        "no shift segment without a provider"
    );
    h.providers.shift = Some(test_shift);
    h.providers.panels = vec![no_panel, test_panel];
    h.send(crate::app::Msg::DataChanged);
    let text = screen(&render(&mut h, 120, 40));
    assert!(text.contains("白班 08:00-20:00，带班 李玉德"), "{text}");
    assert!(text.contains("待审批（1）"), "{text}");
    assert!(text.contains("访客 钱多多  12 分钟"), "{text}");
    let small = screen(&render(&mut h, 120, 29));
    assert!(
        !small.contains("待审批"),
        "below 30 rows: the gate log alone"
    );
}

#[test]
fn register_an_unknown_id_after_an_admission() {
    snap("register_not_registered", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        h.typed("2023010101");
        h.code(KeyCode::Tab);
        h.typed("36.5");
        h.code(KeyCode::Enter);
        h.typed("9999");
        h.code(KeyCode::Tab);
        h.typed("36.5");
        h.code(KeyCode::Enter);
        assert!(h.state.form.last.is_none());
        h
    });
}

#[test]
fn register_while_the_next_person_is_typed() {
    snap("register_next_person", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        h.typed("2023010101");
        h.code(KeyCode::Tab);
        h.typed("36.5");
        h.code(KeyCode::Enter);
        h.typed("20230101");
        h
    });
}

#[test]
fn register_refused_for_an_open_fever_case() {
    snap("register_open_case", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        h.typed("2023010102");
        h.code(KeyCode::Tab);
        h.typed("36.5");
        h.code(KeyCode::Enter);
        h
    });
}

#[test]
fn register_admitted_with_a_warning() {
    snap("register_refused_today", |lang| {
        let mut h = Harness::new(Role::Guard, lang);
        h.typed("2023020201");
        h.code(KeyCode::Tab);
        h.typed("36.5");
        h.code(KeyCode::Enter);
        h
    });
}

#[test]
fn register_a_visitor_whose_resident_id_is_known_under_another_name() {
    snap("register_visitor_known_name", |lang| {
        let mut h = Harness::new(Role::Officer, lang);
        h.key(Key::ch('a'));
        h.code(KeyCode::F(2));
        h.typed("赵五");
        h.code(KeyCode::Enter);
        h.typed(&crate::app::testing::resident_id("11010519491231002"));
        h
    });
}

#[test]
fn a_new_refused_row_flashes_in_the_refusal_style_not_the_admission_green() {
    use crate::console::theme::{RowKind, Theme};
    let mut h = Harness::new(Role::Leader, Lang::Zh);
    h.arrives(crate::app::testing::person_entry(
        "东门",
        "in",
        "2023020201",
        "38.2",
        "green",
        true,
    ));
    h.arrives(crate::app::testing::person_entry(
        "东门",
        "in",
        "2023010101",
        "36.6",
        "green",
        true,
    ));
    let buf = render(&mut h, 120, 40);
    let text = screen(&buf);
    let theme = Theme::new(h.state.look);
    let row_bg = |marker: &str| {
        let y = text
            .lines()
            .position(|l| l.starts_with(&format!("│{marker}")) && l.contains("08:00:00"))
            .unwrap_or_else(|| panic!("a new row marked {marker:?} in\n{text}"));
        // Every cell of the row up to the table's frame, the health-code column
        // included.
        let line = text.lines().nth(y).unwrap();
        let end = line[3..]
            .find('│')
            .map_or(line.width(), |i| line[..3 + i].width());
        // (A cell under a wide character's right half is not shown: skipped.)
        (1..end as u16)
            .filter(|x| buf[(x - 1, y as u16)].symbol().width() < 2)
            .map(|x| buf[(x, y as u16)].bg)
            .collect::<std::collections::HashSet<_>>()
    };
    let refused = row_bg("!*");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused.contains(&theme.fresh(RowKind::Denied).bg.unwrap()));
    assert!(!refused.contains(&theme.fresh(RowKind::Plain).bg.unwrap()));
    assert!(row_bg("  ").contains(&theme.fresh(RowKind::Plain).bg.unwrap()));
}

#[test]
fn every_footer_keeps_help_at_every_width_and_the_way_back_from_140_columns() {
    for lang in LANGS {
        let mut h = crate::console::tests_approvals::three_pending(Role::Leader, lang);
        let screens: &[(&str, &[Key])] = &[
            ("dashboard", &[]),
            ("gate log", &[Key::ch('2')]),
            ("fever cases", &[Key::ch('3')]),
            ("a fever case", &[Key::new(KeyCode::Enter)]),
            ("approvals", &[Key::ch('A')]),
            ("a request", &[Key::new(KeyCode::Enter)]),
            ("returns", &[Key::ch('R')]),
            ("handover", &[Key::ch('h')]),
            ("handover history", &[Key::ch('H')]),
            ("help", &[Key::ch('?')]),
        ];
        for (name, keys) in screens {
            for k in *keys {
                h.key(*k);
            }
            for w in [80, 100, 120, 140, 160] {
                let buf = render(&mut h, w, 30);
                let foot = screen_line(&buf, 29);
                assert!(foot.contains("? "), "{name} at {w}: {foot}");
                // From 140 columns the way back fits after the screen's own keys
                // (at 140 it used to be cut from handover and approvals).
                if *name != "dashboard" && w >= 140 {
                    assert!(foot.contains("Esc "), "{name} at {w}: {foot}");
                }
                assert!(foot.width() <= usize::from(w), "{name} at {w}: {foot}");
            }
        }
    }
}
