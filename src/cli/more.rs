//! The line on stderr when `--limit` cut a list: how many more there are.
//! On stderr so that the table or JSON Lines on stdout stay exactly the rows.

use crate::i18n::{Lang, trf};

/// Says how many of `total` were not shown, when `shown` is fewer.
pub fn report(lang: Lang, shown: usize, total: usize) {
    if total > shown {
        eprintln!(
            "{}",
            trf(lang, "list.more", &[("more", (total - shown).to_string())])
        );
    }
}
