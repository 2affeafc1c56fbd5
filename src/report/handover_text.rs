//! The handover record as Markdown (`handover show ID --format md`): for pasting into
//! a report or a message, and for reading in a terminal.

use super::RecordMeta;
use crate::domain::handover::{Capacity, Handover};
use crate::domain::text::sanitize;

/// One table cell: sanitised, on one line, with `|` escaped.
fn cell(s: &str) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    sanitize(&one).replace('|', "\\|")
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn header(cells: &[String]) -> String {
    let mut out = row(cells);
    out.push_str(&row(&vec!["---".to_string(); cells.len()]));
    out
}

pub fn markdown(h: &Handover, m: &RecordMeta) -> String {
    let t = |k: &str| m.tr(k);
    let mut out = String::new();
    out.push_str(&format!(
        "# {} {}\n\n",
        sanitize(&m.site),
        t("report.title")
    ));
    out.push_str(&format!(
        "- **{}**: {}\n",
        t("report.shift"),
        m.shift(&h.shift)
    ));
    out.push_str(&format!(
        "- **{}**: {} {}\n",
        t("report.next"),
        h.next_date,
        sanitize(&h.next_name)
    ));
    out.push_str(&format!(
        "- **{}**: {}\n",
        t("report.record"),
        m.record_line(h)
    ));
    out.push_str(&format!(
        "- **{}**: {}\n",
        t("report.audit_chain"),
        m.head_line()
    ));
    if let Some(o) = &h.opened {
        out.push_str(&format!(
            "- **{}**: {} {}\n",
            t("report.opened"),
            m.who(&o.by),
            m.time(o.at)
        ));
    }

    let p = h.progress();
    out.push_str(&format!(
        "\n## {} ({}/{})\n\n",
        t("report.checklist"),
        p.settled,
        p.total
    ));
    out.push_str(&header(&[
        "#".into(),
        t("hcol.item"),
        t("hcol.mandatory"),
        t("hcol.state"),
        t("hcol.by"),
        t("hcol.at"),
        t("hcol.note"),
    ]));
    for (i, item) in h.items.iter().enumerate() {
        out.push_str(&row(&[
            (i + 1).to_string(),
            cell(&format!("{} `{}`", m.label(item), item.key)),
            t(if item.mandatory { "yes" } else { "no" }),
            m.state(item.state),
            item.settled
                .as_ref()
                .map(|s| cell(&m.who(&s.by)))
                .unwrap_or_default(),
            item.settled
                .as_ref()
                .map(|s| m.time(s.at))
                .unwrap_or_default(),
            cell(item.note.as_deref().unwrap_or("")),
        ]));
    }

    out.push_str(&format!(
        "\n## {} ({})\n\n",
        t("report.carry"),
        h.carry.len()
    ));
    if h.carry.is_empty() {
        out.push_str(&format!("{}\n", t("report.none")));
    } else {
        out.push_str(&header(&[
            "ID".into(),
            t("hcol.kind"),
            t("hcol.summary"),
            t("hcol.acked_by"),
            t("hcol.at"),
        ]));
        for c in &h.carry {
            out.push_str(&row(&[
                format!("`{}`", cell(&c.carry_id())),
                m.kind(c.kind),
                cell(&c.summary),
                c.acked
                    .as_ref()
                    .map(|s| cell(&m.who(&s.by)))
                    .unwrap_or_else(|| t("report.not_acked")),
                c.acked.as_ref().map(|s| m.time(s.at)).unwrap_or_default(),
            ]));
        }
    }

    out.push_str(&format!("\n## {}\n\n", t("report.notes")));
    if h.notes.is_empty() {
        out.push_str(&format!("{}\n", t("report.none")));
    }
    for n in &h.notes {
        let status = match (&n.carry, &n.closed) {
            (false, _) => String::new(),
            (true, None) => format!(" [{}]", t("report.note_open")),
            (true, Some(c)) => format!(
                " [{}]",
                m.trf(
                    "report.note_closed",
                    &[("by", m.who(&c.by)), ("at", m.time(c.at))]
                )
            ),
        };
        out.push_str(&format!(
            "- {} {} (note:{}){}: {}\n",
            m.time(n.written.at),
            m.who(&n.written.by),
            n.id,
            status,
            cell(&n.text)
        ));
    }

    out.push_str(&format!("\n## {}\n\n", t("report.signatures")));
    for c in [Capacity::Outgoing, Capacity::Incoming, Capacity::Leader] {
        let signed = h
            .signatures
            .get(c)
            .map(|s| format!("{} {}", m.who(&s.by), m.time(s.at)))
            .unwrap_or_else(|| t("report.not_signed"));
        out.push_str(&format!("- **{}**: {}\n", m.capacity(c), signed));
    }
    out
}
