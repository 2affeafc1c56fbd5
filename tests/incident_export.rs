//! `incident export`: the report form as an A4 workbook holding the first-report fields,
//! the progress and final reports and the signature boxes, which LibreOffice renders
//! to one A4 page. Under CI (`CI=true`) LibreOffice must be installed (`.ci/run`
//! installs it); elsewhere the rendering part is skipped with a message if it is not.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Env, users_config};
use std::path::Path;
use std::process::Command;

const T0: &str = "2026-11-29T08:00:00+08:00";

fn ok(env: &Env, user: &str, lang: &str, now: &str, args: &[&str]) -> String {
    let out = env
        .cmd()
        .args(["--user", user, "--lang", lang])
        .env("DUTYDESK_NOW", now)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// An incident through its whole life: opened, steps ticked, first, progress and
/// final reports, closed.
fn closed_incident() -> Env {
    let env = Env::with_config(&users_config());
    let roster = env.path("p.csv");
    std::fs::write(&roster, common::ROSTER).unwrap();
    ok(
        &env,
        "admin",
        "en",
        T0,
        &["people", "import", roster.to_str().unwrap()],
    );
    ok(
        &env,
        "zhao",
        "en",
        T0,
        &[
            "incident",
            "open",
            "--kind",
            "suspected_case",
            "--title",
            "学生宿舍发热",
            "--at",
            "07:40",
            "--people",
            "S1",
        ],
    );
    ok(
        &env,
        "zhao",
        "en",
        "2026-11-29T08:05:00+08:00",
        &["incident", "step", "1", "1"],
    );
    ok(
        &env,
        "li",
        "en",
        "2026-11-29T08:10:00+08:00",
        &["incident", "step", "1", "2"],
    );
    for (stage, at, text) in [
        (
            "first",
            "2026-11-29T09:00:00+08:00",
            "宿舍学生体温38.5℃，已隔离至临时留观点",
        ),
        (
            "progress",
            "2026-11-30T08:00:00+08:00",
            "核酸检测阴性，继续观察",
        ),
        ("final", "2026-11-30T16:00:00+08:00", "排除疑似病例"),
    ] {
        ok(
            &env,
            "li",
            "en",
            at,
            &[
                "incident",
                "report",
                "1",
                "--stage",
                stage,
                "--to",
                "县疾控中心",
                "--text",
                text,
            ],
        );
    }
    ok(
        &env,
        "li",
        "en",
        "2026-11-30T16:10:00+08:00",
        &[
            "incident",
            "close",
            "1",
            "--summary",
            "排除疑似病例，解除隔离，返回宿舍",
        ],
    );
    env
}

fn cells(path: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_form_holds_the_first_report_fields_every_report_and_signature_boxes() {
    let env = closed_incident();
    let file = env.path("incident-1.xlsx");
    let out = ok(
        &env,
        "zhao",
        "zh",
        "2026-11-30T17:00:00+08:00",
        &["incident", "export", "1", "--out", file.to_str().unwrap()],
    );
    assert!(out.contains("incident-1.xlsx"), "{out}");
    let all = cells(&file);
    let has = |s: &str| all.iter().any(|c| c.contains(s));
    for s in [
        "测试学院 突发事件报告表",
        "报告单位",
        "发生（获知）时间",
        "2026-11-29 07:40",
        "报告时间",
        "2026-11-29 09:00",
        "疑似病例 / 较大",
        "1 人：王小明（S1）",
        "宿舍学生体温38.5℃",
        "1. 隔离至临时留观点（赵敏（zhao） 2026-11-29 08:05）",
        "2. 通知带班领导（李玉德（li） 2026-11-29 08:10）",
        "续报",
        "核酸检测阴性，继续观察",
        "终报",
        "排除疑似病例",
        "结案",
        "填报人",
        "带班领导",
        "单位负责人",
    ] {
        assert!(has(s), "missing {s:?} in {all:?}");
    }
    let en = env.path("incident-1-en.xlsx");
    ok(
        &env,
        "zhao",
        "en",
        "2026-11-30T17:00:00+08:00",
        &["incident", "export", "1", "--out", en.to_str().unwrap()],
    );
    let all = cells(&en);
    for s in [
        "Incident report form",
        "Suspected case / Major",
        "Measures taken",
        "Head of unit",
    ] {
        assert!(
            all.iter().any(|c| c.contains(s)),
            "missing {s:?} in {all:?}"
        );
    }
}

#[test]
fn a_supervisor_writes_no_form_and_an_existing_file_is_kept_without_force() {
    let env = closed_incident();
    let file = env.path("incident-1.xlsx");
    let run = |user: &str, extra: &[&str]| {
        env.cmd()
            .args([
                "--user", user, "--lang", "en", "incident", "export", "1", "--out",
            ])
            .arg(&file)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run("sun", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("export incident report forms"), "{err}");
    assert!(!file.exists());
    assert!(run("zhao", &[]).status.success());
    assert!(
        !run("zhao", &[]).status.success(),
        "an existing file is kept"
    );
    assert!(run("zhao", &["--force"]).status.success());
}

#[test]
fn exporting_an_unknown_incident_writes_no_file() {
    let env = closed_incident();
    let file = env.path("none.xlsx");
    let out = env
        .cmd()
        .args([
            "--user",
            "zhao",
            "incident",
            "export",
            "3",
            "--out",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no incident with id 3"));
    assert!(!file.exists());
}

/// Whether a program is on PATH (asking it for a version would not do: `pdfinfo
/// --version` is an error).
fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_form_renders_in_libreoffice_on_one_a4_page() {
    if !have("soffice") || !have("pdfinfo") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must install libreoffice-calc-nogui and poppler-utils (see .ci/run)"
        );
        eprintln!(
            "skipped: soffice or pdfinfo is not installed (apt-get install libreoffice-calc-nogui fonts-noto-cjk poppler-utils)"
        );
        return;
    }
    let env = closed_incident();
    let file = env.path("incident-1.xlsx");
    ok(
        &env,
        "zhao",
        "zh",
        "2026-11-30T17:00:00+08:00",
        &["incident", "export", "1", "--out", file.to_str().unwrap()],
    );
    // Its own profile: LibreOffice refuses to share one with another running instance.
    let profile = format!("file://{}", env.path("lo-profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(env.dir.path())
        .arg(&file)
        .env("HOME", env.path("home"))
        .output()
        .unwrap();
    let pdf = env.path("incident-1.pdf");
    assert!(
        pdf.exists(),
        "soffice did not convert: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let field = |name: &str| {
        info.lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(field("Pages:"), "1", "{info}");
    assert!(field("Page size:").contains("(A4)"), "{info}");
}
