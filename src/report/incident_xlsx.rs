//! The incident report form (突发事件初次报告表) as a printable A4 workbook: the usual
//! first-report fields (reporting unit, contact, times of occurrence and of report,
//! level, people affected, symptoms, course, measures taken), then the progress and
//! final reports, the closing summary, and signature boxes. Portrait, one page wide.

use super::RecordMeta;
use crate::domain::incident::{Incident, ReportStage};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use rust_xlsxwriter::{Color, DocProperties, FormatAlign, Workbook, XlsxError};
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// A4 in Excel's paper size numbering.
const PAPER_A4: u8 = 9;

/// Column widths (characters) of A..D: label, value, label, value.
const WIDTHS: [f64; 4] = [16.0, 30.0, 16.0, 30.0];

/// What the form needs besides the incident: the record facts and the symptoms of an
/// escalated fever case.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentMeta {
    pub record: RecordMeta,
    /// "张小明 38.1 (发热跟踪 #3)" when the incident came from a fever case.
    pub symptoms: Option<String>,
}

impl IncidentMeta {
    /// The Chinese or English twin, sanitised.
    pub fn pick(&self, zh: &str, en: &str) -> String {
        sanitize(match self.record.lang {
            Lang::Zh => zh,
            Lang::En => en,
        })
    }

    /// The first-report fields, as (label key, value), in the order of the form.
    pub fn fields(&self, i: &Incident) -> Vec<(&'static str, String)> {
        let r = &self.record;
        let none = || r.tr("report.none");
        let first = i.reports.iter().find(|x| x.stage == ReportStage::First);
        let people = if i.people.is_empty() {
            none()
        } else {
            r.trf(
                "incident.form.people_count",
                &[
                    ("count", i.people.len().to_string()),
                    (
                        "names",
                        i.people
                            .iter()
                            .map(|(id, name)| format!("{name}（{id}）"))
                            .collect::<Vec<_>>()
                            .join("、"),
                    ),
                ],
            )
        };
        let measures: Vec<String> = i
            .steps
            .iter()
            .filter_map(|s| {
                s.done.as_ref().map(|d| {
                    format!(
                        "{}. {}（{} {}）",
                        s.n,
                        self.pick(&s.text, &s.text_en),
                        r.who(&d.by),
                        r.time(d.at)
                    )
                })
            })
            .collect();
        vec![
            ("incident.form.unit", sanitize(&r.site)),
            ("incident.form.contact", r.who(&i.opened_by)),
            ("incident.form.title_field", sanitize(&i.title)),
            (
                "incident.form.kind_level",
                format!(
                    "{} / {}",
                    self.pick(&i.kind_label, &i.kind_label_en),
                    self.pick(&i.level, &i.level_en)
                ),
            ),
            ("incident.form.occurred", r.time(i.opened_at)),
            (
                "incident.form.reported",
                first
                    .map(|f| r.time(f.at))
                    .unwrap_or_else(|| r.tr("incident.form.not_reported")),
            ),
            ("incident.form.due", r.time(i.first_report_due)),
            (
                "incident.form.to",
                first
                    .map(|f| sanitize(&f.to))
                    .unwrap_or_else(|| sanitize(&i.report_to.join("、"))),
            ),
            ("incident.form.people", people),
            (
                "incident.form.symptoms",
                self.symptoms.clone().unwrap_or_else(none),
            ),
            (
                "incident.form.course",
                first.map(|f| sanitize(&f.text)).unwrap_or_else(none),
            ),
            (
                "incident.form.measures",
                if measures.is_empty() {
                    none()
                } else {
                    measures.join("\n")
                },
            ),
        ]
    }
}

fn lines_in(text: &str, width: f64) -> usize {
    let w = width.max(1.0) as usize;
    text.split('\n')
        .map(|l| UnicodeWidthStr::width(l).div_ceil(w).max(1))
        .sum::<usize>()
        .max(1)
}

fn height(lines: usize) -> f64 {
    15.0 * lines as f64 + 4.0
}

fn build(i: &Incident, m: &IncidentMeta) -> Result<Workbook, XlsxError> {
    let r = &m.record;
    let t = |k: &str| r.tr(k);
    let (base, boxed) = super::print_format::base_formats(r.lang);
    let title_f = base
        .clone()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let label_f = boxed
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xE7E6E6));
    let section_f = base.clone().set_bold().set_font_size(12);
    let sub_f = base.clone().set_text_wrap();

    let mut wb = Workbook::new();
    let title = format!("{} {}", sanitize(&r.site), t("incident.form.title"));
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_subject(sanitize(&i.title))
            .set_company(sanitize(&r.site)),
    );
    let ws = wb.add_worksheet();
    ws.set_name(t("incident.form.sheet"))?;
    ws.set_paper_size(PAPER_A4);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    ws.set_header(format!(
        "&L{}&R{}",
        sanitize(&r.site).replace('&', "&&"),
        r.trf("incident.form.header_id", &[("id", i.id.to_string())])
    ));
    ws.set_footer(t("report.footer"));
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }

    let mut row: u32 = 0;
    ws.merge_range(row, 0, row, 3, &title, &title_f)?;
    ws.set_row_height(row, 28.0)?;
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        3,
        &format!(
            "{}: #{}    {}: {}",
            t("incident.form.number"),
            i.id,
            t("report.printed"),
            r.time(r.printed_at)
        ),
        &sub_f,
    )?;
    row += 2;

    // The first-report fields: short ones two to a row, long ones across the form.
    let fields = m.fields(i);
    let mut k = 0;
    while k < fields.len() {
        let (label, value) = &fields[k];
        let short = |v: &str| lines_in(v, WIDTHS[1]) == 1;
        if k + 1 < fields.len() && k < 8 && short(value) && short(&fields[k + 1].1) {
            let (label2, value2) = &fields[k + 1];
            ws.write_string_with_format(row, 0, t(label), &label_f)?;
            ws.write_string_with_format(row, 1, value, &boxed)?;
            ws.write_string_with_format(row, 2, t(label2), &label_f)?;
            ws.write_string_with_format(row, 3, value2, &boxed)?;
            ws.set_row_height(row, height(1))?;
            k += 2;
        } else {
            ws.write_string_with_format(row, 0, t(label), &label_f)?;
            ws.merge_range(row, 1, row, 3, value, &boxed)?;
            let lines = lines_in(value, WIDTHS[1] + WIDTHS[2] + WIDTHS[3]).max(2);
            ws.set_row_height(row, height(lines))?;
            k += 1;
        }
        row += 1;
    }

    // Progress and final reports.
    for (stage, key) in [
        (ReportStage::Progress, "incident.stage.progress"),
        (ReportStage::Final, "incident.stage.final"),
    ] {
        row += 1;
        ws.merge_range(row, 0, row, 3, &t(key), &section_f)?;
        row += 1;
        let reports: Vec<_> = i.reports.iter().filter(|x| x.stage == stage).collect();
        if reports.is_empty() {
            ws.merge_range(row, 0, row, 3, &t("report.none"), &boxed)?;
            row += 1;
        }
        for rep in reports {
            let head = format!("{}\n{}", r.time(rep.at), r.who(&rep.by));
            let body = format!(
                "{}: {}\n{}",
                t("incident.form.to"),
                sanitize(&rep.to),
                sanitize(&rep.text)
            );
            ws.write_string_with_format(row, 0, &head, &boxed)?;
            ws.merge_range(row, 1, row, 3, &body, &boxed)?;
            let lines =
                lines_in(&body, WIDTHS[1] + WIDTHS[2] + WIDTHS[3]).max(lines_in(&head, WIDTHS[0]));
            ws.set_row_height(row, height(lines))?;
            row += 1;
        }
    }
    if let (Some(c), Some(summary)) = (&i.closed, &i.summary) {
        row += 1;
        ws.merge_range(row, 0, row, 3, &t("incident.show.closed"), &section_f)?;
        row += 1;
        let head = format!("{}\n{}", r.time(c.at), r.who(&c.by));
        ws.write_string_with_format(row, 0, &head, &boxed)?;
        ws.merge_range(row, 1, row, 3, &sanitize(summary), &boxed)?;
        ws.set_row_height(row, height(lines_in(summary, 76.0).max(2)))?;
        row += 1;
    }

    // Signature boxes: filled in by hand on the printed form.
    row += 1;
    ws.merge_range(row, 0, row, 3, &t("incident.form.signatures"), &section_f)?;
    row += 1;
    for (a, b) in [
        ("incident.form.sign_reporter", "incident.form.sign_leader"),
        ("incident.form.sign_head", "incident.form.sign_date"),
    ] {
        ws.write_string_with_format(row, 0, t(a), &label_f)?;
        ws.write_string_with_format(row, 1, "", &boxed)?;
        ws.write_string_with_format(row, 2, t(b), &label_f)?;
        ws.write_string_with_format(row, 3, "", &boxed)?;
        ws.set_row_height(row, 36.0)?;
        row += 1;
    }
    Ok(wb)
}

/// Writes the form to `path` as a private new file, or replaces an existing one when
/// `replace` (see `report::output`).
pub fn write(i: &Incident, meta: &IncidentMeta, path: &Path, replace: bool) -> DeskResult<()> {
    let xlsx_error = |e: XlsxError| {
        DeskError::internal("report.xlsx")
            .arg("path", path.display())
            .arg("detail", e)
    };
    let bytes = build(i, meta)
        .map_err(xlsx_error)?
        .save_to_buffer()
        .map_err(xlsx_error)?;
    super::output::write_private(path, &bytes, replace)
}
