//! The daily health-check sheet for the paper archive (晨午晚检登记表): one worksheet
//! per class, A4 landscape fitted to the page width, the title and column headers
//! repeated on every printed page, one row per person with each check's temperature
//! (abnormal ones marked), symptoms and remarks, signature boxes for the checker, the
//! class teacher and the department head, and the date and page numbers in the footer.

use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::{Lang, tr, trf};
use crate::service::Desk;
use crate::store::health::{self as store, MissingRow, ReadingFilter, ReadingRow};
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A4 in Excel's paper size numbering.
const PAPER_A4: u8 = 9;
/// The row of the column headers; rows 0..=HEAD_ROW repeat on every page.
const HEAD_ROW: u32 = 2;
/// Excel's limit on worksheet names.
const SHEET_NAME_MAX: usize = 31;

struct Formats {
    title: Format,
    sub: Format,
    head: Format,
    cell: Format,
    center: Format,
    abnormal: Format,
    sign_label: Format,
    sign_box: Format,
}

fn formats(lang: Lang) -> Formats {
    let (base, boxed) = super::print_format::base_formats(lang);
    let center = boxed.clone().set_align(FormatAlign::Center);
    Formats {
        title: base
            .clone()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        sub: base.clone().set_align(FormatAlign::VerticalCenter),
        head: center
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xE7E6E6)),
        cell: boxed.clone(),
        abnormal: center
            .clone()
            .set_bold()
            .set_font_color(Color::RGB(0xC00000)),
        center,
        sign_label: boxed.clone().set_bold().set_align(FormatAlign::Center),
        sign_box: boxed,
    }
}

/// One class's page: department, class and its people with their readings by check.
struct ClassSheet {
    department: String,
    class: String,
    people: Vec<(MissingRow, HashMap<String, ReadingRow>)>,
}

/// A worksheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(dept: &str, class: &str, taken: &mut Vec<String>) -> String {
    let raw = format!("{dept}-{class}");
    let clean: String = raw
        .chars()
        .map(|c| {
            if "[]:*?/\\'".contains(c) || crate::domain::text::is_forbidden(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut name: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!("~{n}");
        name = clean
            .chars()
            .take(SHEET_NAME_MAX - suffix.chars().count())
            .collect::<String>()
            + &suffix;
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn classes(desk: &Desk, day: NaiveDate, department: Option<&str>) -> DeskResult<Vec<ClassSheet>> {
    let scope = desk.health_scope();
    let conn = desk.store.conn();
    let people = store::roster(conn, department, &scope)?;
    let readings = store::list(
        conn,
        &ReadingFilter {
            day,
            check: None,
            department: department.map(str::to_string),
            abnormal_only: false,
            scope,
        },
    )?;
    let mut by_person: HashMap<String, HashMap<String, ReadingRow>> = HashMap::new();
    for r in readings {
        by_person
            .entry(r.person_id.clone())
            .or_default()
            .insert(r.check.clone(), r);
    }
    let mut grouped: BTreeMap<(String, String), ClassSheet> = BTreeMap::new();
    for p in people {
        let class = p.class.clone().unwrap_or_default();
        let key = (p.department.clone(), class.clone());
        let readings = by_person.remove(&p.person_id).unwrap_or_default();
        grouped
            .entry(key)
            .or_insert_with(|| ClassSheet {
                department: p.department.clone(),
                class,
                people: Vec::new(),
            })
            .people
            .push((p, readings));
    }
    Ok(grouped.into_values().collect())
}

fn build(
    desk: &Desk,
    lang: Lang,
    day: NaiveDate,
    sheets: &[ClassSheet],
) -> Result<Workbook, XlsxError> {
    let t = |k: &str| tr(lang, k).to_string();
    let f = formats(lang);
    let checks = desk.health_checks();
    let site = sanitize(&desk.config.site.name);
    let date = day.format("%Y-%m-%d").to_string();
    let mut wb = Workbook::new();
    let mut taken = Vec::new();
    // 序号, 学号, 姓名, one column per check, 症状, 备注.
    let last_col = (3 + checks.len() + 1) as u16;
    for sheet in sheets {
        let ws: &mut Worksheet = wb.add_worksheet();
        let class_name = if sheet.class.is_empty() {
            t("health.sheet_no_class")
        } else {
            sanitize(&sheet.class)
        };
        ws.set_name(sheet_name(
            &sanitize(&sheet.department),
            &class_name,
            &mut taken,
        ))?;
        ws.set_paper_size(PAPER_A4);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_print_center_horizontally(true);
        ws.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3);
        ws.set_repeat_rows(0, HEAD_ROW)?;
        // Data is escaped (& is a code in headers and footers); the page-number text
        // is ours and carries the &P / &N codes.
        let amp = |s: &str| s.replace('&', "&&");
        ws.set_footer(format!(
            "&L{}&C{}&R{}",
            amp(&date),
            t("health.sheet_page"),
            amp(&site)
        ));
        let mut widths = vec![6.0, 14.0, 12.0];
        widths.extend(checks.iter().map(|_| 11.0));
        widths.extend([26.0, 26.0]);
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        ws.merge_range(
            0,
            0,
            0,
            last_col,
            &trf(lang, "health.sheet_title", &[("site", site.clone())]),
            &f.title,
        )?;
        ws.set_row_height(0, 28.0)?;
        ws.merge_range(
            1,
            0,
            1,
            last_col,
            &trf(
                lang,
                "health.sheet_subtitle",
                &[
                    ("department", sanitize(&sheet.department)),
                    ("class", class_name.clone()),
                    ("date", date.clone()),
                    (
                        "threshold",
                        desk.config
                            .screening_rules(desk.zone)
                            .fever_threshold
                            .to_string(),
                    ),
                ],
            ),
            &f.sub,
        )?;
        let mut heads = vec![t("health.sheet_no"), t("col.person_id"), t("col.name")];
        heads.extend(checks.iter().map(|c| match lang {
            Lang::Zh => sanitize(&c.label),
            Lang::En => sanitize(&c.label_en),
        }));
        heads.extend([t("col.symptoms"), t("health.sheet_remarks")]);
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(HEAD_ROW, i as u16, h, &f.head)?;
        }
        ws.set_row_height(HEAD_ROW, 20.0)?;
        let mut r = HEAD_ROW + 1;
        for (n, (p, readings)) in sheet.people.iter().enumerate() {
            ws.write_number_with_format(r, 0, (n + 1) as f64, &f.center)?;
            ws.write_string_with_format(r, 1, sanitize(&p.person_id), &f.center)?;
            ws.write_string_with_format(r, 2, sanitize(&p.name), &f.center)?;
            let mut symptoms: Vec<String> = Vec::new();
            let mut remarks: Vec<String> = Vec::new();
            for (i, c) in checks.iter().enumerate() {
                let col = (3 + i) as u16;
                match readings.get(&c.key) {
                    Some(rd) if rd.abnormal => {
                        ws.write_string_with_format(r, col, format!("{} ▲", rd.temp), &f.abnormal)?
                    }
                    Some(rd) => {
                        ws.write_string_with_format(r, col, rd.temp.to_string(), &f.center)?
                    }
                    None => {
                        ws.write_string_with_format(r, col, t("health.sheet_missing"), &f.center)?
                    }
                };
                if let Some(rd) = readings.get(&c.key) {
                    for s in &rd.symptoms {
                        let label = desk.symptom_label(lang, s);
                        if !symptoms.contains(&label) {
                            symptoms.push(label);
                        }
                    }
                    if let Some(l) = rd.location.as_deref().map(sanitize)
                        && !remarks.contains(&l)
                    {
                        remarks.push(l);
                    }
                }
            }
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            let last = 3 + checks.len() as u16;
            ws.write_string_with_format(r, last, symptoms.join(sep), &f.cell)?;
            ws.write_string_with_format(r, last + 1, remarks.join(sep), &f.cell)?;
            ws.set_row_height(r, 20.0)?;
            r += 1;
        }
        ws.write_string_with_format(r, 0, "", &Format::new())?;
        r += 1;
        ws.merge_range(r, 0, r, last_col, &t("health.sheet_legend"), &f.sub)?;
        r += 2;
        // Signature boxes: a bold label and a bordered empty box beside it, each pair
        // side by side across the page.
        let boxes = [
            ("health.sign_checker", 0u16, 1u16, 2u16, 2u16),
            ("health.sign_teacher", 3, 3, 4, 5),
            ("health.sign_head", 6, 6, 7, last_col),
        ];
        for (key, l0, l1, b0, b1) in boxes {
            let (b0, b1) = (b0.min(last_col), b1.min(last_col));
            if l0 == l1 {
                ws.write_string_with_format(r, l0, t(key), &f.sign_label)?;
            } else {
                ws.merge_range(r, l0, r, l1, &t(key), &f.sign_label)?;
            }
            if b0 == b1 {
                ws.write_string_with_format(r, b0, "", &f.sign_box)?;
            } else {
                ws.merge_range(r, b0, r, b1, "", &f.sign_box)?;
            }
        }
        ws.set_row_height(r, 40.0)?;
    }
    Ok(wb)
}

/// Writes the sheet for `day` (the desk's scope, optionally one department) to `out`
/// through `report::output` (0600, never through a link, no file replaced unless
/// `replace`). Returns the number of class worksheets. The caller
/// (`Desk::export_health_sheet`) has checked the permission and the department.
pub fn write(
    desk: &Desk,
    lang: Lang,
    day: NaiveDate,
    department: Option<&str>,
    out: &Path,
    replace: bool,
) -> DeskResult<usize> {
    let sheets = classes(desk, day, department)?;
    if sheets.is_empty() {
        return Err(DeskError::invalid("health.sheet_empty"));
    }
    let xlsx_error = |e: XlsxError| {
        DeskError::internal("report.xlsx")
            .arg("path", out.display())
            .arg("detail", e)
    };
    let mut wb = build(desk, lang, day, &sheets).map_err(xlsx_error)?;
    let bytes = wb.save_to_buffer().map_err(xlsx_error)?;
    super::output::write_private(out, &bytes, replace)?;
    Ok(sheets.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worksheet_names_are_cleaned_shortened_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(
            sheet_name("机电系", "机电2301", &mut taken),
            "机电系-机电2301"
        );
        assert_eq!(sheet_name("a/b", "c:d", &mut taken), "a_b-c_d");
        let long = "很".repeat(40);
        let first = sheet_name(&long, "x", &mut taken);
        assert_eq!(first.chars().count(), SHEET_NAME_MAX);
        let second = sheet_name(&long, "y", &mut taken);
        assert!(second.ends_with("~2") && second.chars().count() == SHEET_NAME_MAX);
    }
}
