//! `dutydesk health sheet`: the paper archive prints as intended. The sheet is written
//! by the CLI, opened with calamine, and rendered to PDF by LibreOffice, which must
//! give A4 landscape pages with the column headers repeated on every page and page
//! numbers in the footer. Without LibreOffice the render part is skipped locally, but
//! under CI (`CI=true`, where `.ci/run` installs it) it must run.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Env;
use std::path::Path;
use std::process::Command;

/// 60 students in one class (two printed pages), 3 in another, one teacher.
fn env() -> Env {
    let env = Env::new();
    let mut roster = String::from("id,name,kind,department,class\n");
    for i in 1..=60 {
        roster.push_str(&format!("S{i:03},学生{i},student,机电系,机电2301\n"));
    }
    for i in 61..=63 {
        roster.push_str(&format!("S{i:03},学生{i},student,机电系,机电2302\n"));
    }
    roster.push_str("T001,张老师,staff,信息工程系,\n");
    env.import(&roster);
    let mut readings = String::from("学号,姓名,体温,症状,检次\n");
    for i in 1..=58 {
        let temp = if i == 7 { "37.9" } else { "36.5" };
        let sym = if i == 9 { "咳嗽" } else { "" };
        readings.push_str(&format!("S{i:03},学生{i},{temp},{sym},晨检\n"));
    }
    let file = env.path("readings.csv");
    std::fs::write(&file, readings).unwrap();
    env.ok(&["health", "import", file.to_str().unwrap()]);
    env
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_sheet_has_a_worksheet_per_class_with_marked_abnormal_readings() {
    let env = env();
    let out = env.path("sheet.xlsx");
    let said = env.ok(&[
        "--lang",
        "zh",
        "health",
        "sheet",
        "--date",
        "2026-11-29",
        "--department",
        "机电系",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("2 个班级"), "{said}");
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names(), ["机电系-机电2301", "机电系-机电2302"]);
    let range = book.worksheet_range("机电系-机电2301").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
    assert_eq!(
        rows[2][..8],
        [
            "序号",
            "学号/工号",
            "姓名",
            "晨检",
            "午检",
            "晚检",
            "症状",
            "备注"
        ]
    );
    assert_eq!(rows[3][..4], ["1", "S001", "学生1", "36.5"]);
    assert_eq!(rows[3][4], "未报");
    assert_eq!(rows[9][3], "37.9 ▲", "fever marked");
    assert_eq!(rows[11][3], "36.5 ▲", "a symptom marks the reading too");
    assert_eq!(rows[11][6], "咳嗽");
    let text: String = rows.iter().flatten().cloned().collect::<Vec<_>>().join("|");
    for sign in ["检查人", "班主任", "系部负责人"] {
        assert!(text.contains(sign), "{sign}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never over an existing file without --force.
    let err = env.fails(&[
        "health",
        "sheet",
        "--date",
        "2026-11-29",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(err.contains("--force"), "{err}");
    env.ok(&[
        "health",
        "sheet",
        "--date",
        "2026-11-29",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(book.sheet_names().len(), 3, "both departments now");
}

fn tool(name: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftotext(pdf: &Path, page: u32) -> String {
    let p = page.to_string();
    run(Command::new("pdftotext")
        .args(["-f", &p, "-l", &p, "-layout"])
        .arg(pdf)
        .arg("-"))
}

#[test]
fn libreoffice_prints_a4_landscape_pages_with_the_header_repeated() {
    if !["soffice", "pdfinfo", "pdftotext"].into_iter().all(tool) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must install libreoffice-calc-nogui, fonts-noto-cjk and poppler-utils"
        );
        eprintln!("skipped: LibreOffice or poppler not installed");
        return;
    }
    let env = env();
    let xlsx = env.path("print.xlsx");
    env.ok(&[
        "--lang",
        "zh",
        "health",
        "sheet",
        "--date",
        "2026-11-29",
        "--department",
        "机电系",
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    let profile = env.path("lo-profile");
    run(Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(env.dir.path())
        .arg(&xlsx)
        .env("HOME", env.path("home")));
    let pdf = env.path("print.pdf");
    let info = run(Command::new("pdfinfo").arg(&pdf));
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // 60 people need more than one page, the 3-person class one more.
    assert!(pages >= 3, "{info}");
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let dims: Vec<f64> = size
        .trim_start_matches("Page size:")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (dims[0] - 841.9).abs() < 1.0 && (dims[1] - 595.3).abs() < 1.0,
        "A4 landscape: {size}"
    );
    let first = pdftotext(&pdf, 1);
    assert!(
        first.contains("学号/工号") && first.contains("S001"),
        "{first}"
    );
    assert!(
        first.contains("2026-11-29") && first.contains("第 1 页"),
        "{first}"
    );
    let second = pdftotext(&pdf, 2);
    assert!(
        second.contains("学号/工号") && second.contains("晨检"),
        "the header repeats on page 2: {second}"
    );
    assert!(!second.contains("S001 "), "{second}");
    let last_of_class = pdftotext(&pdf, pages - 1);
    assert!(
        last_of_class.contains("S060") && last_of_class.contains("系部负责人"),
        "the signatures follow the class's last row: {last_of_class}"
    );
    assert!(
        last_of_class.contains(&format!("第 {} 页", pages - 1)),
        "{last_of_class}"
    );
    let last = pdftotext(&pdf, pages);
    assert!(last.contains("机电2302") && last.contains("S061"), "{last}");
}
