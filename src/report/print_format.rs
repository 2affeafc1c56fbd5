//! The formats every paper-archive workbook starts from: one font per language at
//! 10.5 pt (宋体 is what Chinese offices print forms in), and a thin-bordered,
//! wrapping, vertically centred cell for boxes and table rows.

use crate::i18n::Lang;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

/// `(base, boxed)`: plain text in the record's font, and the same in a bordered box.
pub fn base_formats(lang: Lang) -> (Format, Format) {
    let font = match lang {
        Lang::Zh => "宋体",
        Lang::En => "Calibri",
    };
    let base = Format::new().set_font_name(font).set_font_size(10.5);
    let boxed = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    (base, boxed)
}
