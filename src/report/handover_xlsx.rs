//! The handover record as a printable A4 workbook for the paper archive: a title with
//! the site and shift, the checklist (state, by whom, when, note), the carry-over with
//! its acknowledgements, the notes, and a signature block with room for handwritten
//! signatures. Portrait, fitted to one page wide, page numbers in the footer.

use super::RecordMeta;
use crate::domain::handover::{Capacity, Handover};
use crate::domain::text::sanitize;
use crate::error::{DeskError, DeskResult};
use crate::i18n::Lang;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// A4 in Excel's paper size numbering.
const PAPER_A4: u8 = 9;

/// Column widths (characters) of A..G.
const WIDTHS: [f64; 7] = [5.0, 40.0, 10.0, 9.0, 15.0, 18.0, 24.0];

struct Formats {
    title: Format,
    sub: Format,
    section: Format,
    head: Format,
    cell: Format,
    center: Format,
    sign_line: Format,
}

fn formats(lang: Lang) -> Formats {
    let (base, boxed) = super::print_format::base_formats(lang);
    Formats {
        title: base
            .clone()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        sub: base.clone().set_text_wrap(),
        section: base.clone().set_bold().set_font_size(12),
        head: boxed
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(0xE7E6E6)),
        center: boxed.clone().set_align(FormatAlign::Center),
        cell: boxed,
        sign_line: base.set_border_bottom(FormatBorder::Thin),
    }
}

/// Row height for wrapped text: enough lines for the widest cell of the row.
fn height_for(cells: &[(usize, &str)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(col, text)| {
            let width = WIDTHS[*col].max(1.0) as usize;
            text.split('\n')
                .map(|l| UnicodeWidthStr::width(l).div_ceil(width).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1)
        .max(1);
    15.0 * lines as f64 + 2.0
}

/// Writes one table row of seven cells (A..G) with a height that fits the text.
fn table_row(
    ws: &mut Worksheet,
    row: u32,
    cells: [String; 7],
    f: &Formats,
    centered: &[usize],
) -> Result<(), XlsxError> {
    for (col, text) in cells.iter().enumerate() {
        let fmt = if centered.contains(&col) {
            &f.center
        } else {
            &f.cell
        };
        ws.write_string_with_format(row, col as u16, sanitize(text), fmt)?;
    }
    let refs: Vec<(usize, &str)> = cells
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.as_str()))
        .collect();
    ws.set_row_height(row, height_for(&refs))?;
    Ok(())
}

/// Writes a header row (A..G) in the header style, tall enough for wrapped headings.
fn head_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[String; 7],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, text) in cells.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, text, &f.head)?;
    }
    let refs: Vec<(usize, &str)> = cells
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.as_str()))
        .collect();
    ws.set_row_height(row, height_for(&refs))?;
    Ok(())
}

fn build(h: &Handover, m: &RecordMeta) -> Result<Workbook, XlsxError> {
    let t = |k: &str| m.tr(k);
    let f = formats(m.lang);
    let mut wb = Workbook::new();
    let title = format!("{} {}", sanitize(&m.site), t("report.title"));
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_subject(m.shift(&h.shift))
            .set_company(sanitize(&m.site)),
    );
    let ws = wb.add_worksheet();
    ws.set_name(t("report.sheet"))?;
    ws.set_paper_size(PAPER_A4);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    ws.set_header(format!(
        "&L{}&R{}",
        sanitize(&m.site).replace('&', "&&"),
        m.trf(
            "report.header_id",
            &[(
                "id",
                h.id.map(|i| i.to_string()).unwrap_or_else(|| "-".into())
            )]
        )
    ));
    ws.set_footer(t("report.footer"));
    for (i, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }

    let mut r: u32 = 0;
    ws.merge_range(r, 0, r, 6, &title, &f.title)?;
    ws.set_row_height(r, 28.0)?;
    r += 1;
    let lines = [
        format!("{}: {}", t("report.shift"), m.shift(&h.shift)),
        format!(
            "{}: {} {}",
            t("report.next"),
            h.next_date,
            sanitize(&h.next_name)
        ),
        format!(
            "{}: {}    {}: {}",
            t("report.record"),
            m.record_line(h),
            t("report.printed"),
            m.time(m.printed_at)
        ),
        format!("{}: {}", t("report.audit_chain"), m.head_line()),
    ];
    for line in lines {
        ws.merge_range(r, 0, r, 6, &line, &f.sub)?;
        r += 1;
    }

    // Checklist.
    r += 1;
    let p = h.progress();
    ws.merge_range(
        r,
        0,
        r,
        6,
        &format!("{} ({}/{})", t("report.checklist"), p.settled, p.total),
        &f.section,
    )?;
    r += 1;
    let item_head = [
        "#".to_string(),
        t("hcol.item"),
        t("hcol.mandatory"),
        t("hcol.state"),
        t("hcol.by"),
        t("hcol.at"),
        t("hcol.note"),
    ];
    head_row(ws, r, &item_head, &f)?;
    r += 1;
    for (i, item) in h.items.iter().enumerate() {
        table_row(
            ws,
            r,
            [
                (i + 1).to_string(),
                m.label(item),
                t(if item.mandatory { "yes" } else { "no" }),
                m.state(item.state),
                item.settled
                    .as_ref()
                    .map(|s| m.who(&s.by))
                    .unwrap_or_default(),
                item.settled
                    .as_ref()
                    .map(|s| m.time(s.at))
                    .unwrap_or_default(),
                item.note.clone().unwrap_or_default(),
            ],
            &f,
            &[0, 2, 3],
        )?;
        r += 1;
    }

    // Carry-over.
    r += 1;
    ws.merge_range(
        r,
        0,
        r,
        6,
        &format!("{} ({})", t("report.carry"), h.carry.len()),
        &f.section,
    )?;
    r += 1;
    let carry_head = [
        "#".to_string(),
        t("hcol.summary"),
        t("hcol.kind"),
        "ID".to_string(),
        t("hcol.acked_by"),
        t("hcol.at"),
        String::new(),
    ];
    head_row(ws, r, &carry_head, &f)?;
    r += 1;
    if h.carry.is_empty() {
        ws.merge_range(r, 0, r, 6, &t("report.none"), &f.cell)?;
        r += 1;
    }
    for (i, c) in h.carry.iter().enumerate() {
        table_row(
            ws,
            r,
            [
                (i + 1).to_string(),
                c.summary.clone(),
                m.kind(c.kind),
                c.carry_id(),
                c.acked
                    .as_ref()
                    .map(|s| m.who(&s.by))
                    .unwrap_or_else(|| t("report.not_acked")),
                c.acked.as_ref().map(|s| m.time(s.at)).unwrap_or_default(),
                String::new(),
            ],
            &f,
            &[0, 2],
        )?;
        r += 1;
    }

    // Notes.
    r += 1;
    ws.merge_range(r, 0, r, 6, &t("report.notes"), &f.section)?;
    r += 1;
    let note_head = [
        "#".to_string(),
        t("hcol.note"),
        t("hcol.carry"),
        "ID".to_string(),
        t("hcol.by"),
        t("hcol.at"),
        t("hcol.closed"),
    ];
    head_row(ws, r, &note_head, &f)?;
    r += 1;
    if h.notes.is_empty() {
        ws.merge_range(r, 0, r, 6, &t("report.none"), &f.cell)?;
        r += 1;
    }
    for (i, n) in h.notes.iter().enumerate() {
        let closed = match (&n.carry, &n.closed) {
            (false, _) => String::new(),
            (true, None) => t("report.note_open"),
            (true, Some(c)) => m.trf(
                "report.note_closed",
                &[("by", m.who(&c.by)), ("at", m.time(c.at))],
            ),
        };
        table_row(
            ws,
            r,
            [
                (i + 1).to_string(),
                n.text.clone(),
                t(if n.carry { "yes" } else { "no" }),
                format!("note:{}", n.id),
                m.who(&n.written.by),
                m.time(n.written.at),
                closed,
            ],
            &f,
            &[0, 2],
        )?;
        r += 1;
    }

    // Signatures: the recorded signature, and a line to sign by hand.
    r += 1;
    ws.merge_range(r, 0, r, 6, &t("report.signatures"), &f.section)?;
    r += 1;
    let sign_head = [
        String::new(),
        t("hcol.capacity"),
        String::new(),
        String::new(),
        t("hcol.signed_by"),
        t("hcol.at"),
        t("hcol.handwritten"),
    ];
    ws.merge_range(r, 1, r, 3, &sign_head[1], &f.head)?;
    for c in [0usize, 4, 5, 6] {
        ws.write_string_with_format(r, c as u16, &sign_head[c], &f.head)?;
    }
    r += 1;
    for (i, c) in [Capacity::Outgoing, Capacity::Incoming, Capacity::Leader]
        .into_iter()
        .enumerate()
    {
        let s = h.signatures.get(c);
        ws.write_string_with_format(r, 0, (i + 1).to_string(), &f.center)?;
        ws.merge_range(r, 1, r, 3, &m.capacity(c), &f.cell)?;
        ws.write_string_with_format(
            r,
            4,
            s.map(|s| m.who(&s.by))
                .unwrap_or_else(|| t("report.not_signed")),
            &f.cell,
        )?;
        ws.write_string_with_format(r, 5, s.map(|s| m.time(s.at)).unwrap_or_default(), &f.cell)?;
        ws.write_string_with_format(r, 6, "", &f.cell)?;
        ws.set_row_height(r, 30.0)?;
        r += 1;
    }
    r += 1;
    ws.write_string(r, 4, t("report.archived_by"))?;
    ws.write_string_with_format(r, 5, "", &f.sign_line)?;
    ws.write_string_with_format(r, 6, "", &f.sign_line)?;
    Ok(wb)
}

/// Writes the record to `path` as a new private file (`report::output`); an existing
/// file is replaced only when `replace` is set.
pub fn write(h: &Handover, meta: &RecordMeta, path: &Path, replace: bool) -> DeskResult<()> {
    let xlsx_error = |e: rust_xlsxwriter::XlsxError| {
        DeskError::internal("report.xlsx")
            .arg("path", path.display())
            .arg("detail", e)
    };
    let bytes = build(h, meta)
        .map_err(xlsx_error)?
        .save_to_buffer()
        .map_err(xlsx_error)?;
    super::output::write_private(path, &bytes, replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_rows_grow_with_their_longest_text() {
        assert_eq!(height_for(&[(0, "1"), (1, "short")]), 17.0);
        // 50 CJK characters are 100 cells: three lines in a 40-wide column.
        let long = "很".repeat(50);
        assert_eq!(height_for(&[(1, &long)]), 47.0);
        assert_eq!(height_for(&[(6, "a\nb")]), 32.0);
    }
}
