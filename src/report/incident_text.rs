//! An incident as Markdown (`incident show --format md`): the first-report fields,
//! the reports in order, the plan with who ticked each step, and the closing summary.

use super::incident_xlsx::IncidentMeta;
use crate::domain::incident::{Incident, ReportStage};
use crate::domain::text::sanitize;

/// Escapes the characters that would break a Markdown table cell or start markup.
fn cell(s: &str) -> String {
    sanitize(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

pub fn markdown(i: &Incident, m: &IncidentMeta) -> String {
    let r = &m.record;
    let t = |k: &str| r.tr(k);
    let mut out = format!("# {} {}\n\n", sanitize(&r.site), t("incident.form.title"));
    out.push_str(&format!(
        "| {} | {} |\n|---|---|\n",
        t("incident.form.field"),
        t("incident.form.value")
    ));
    for (label, value) in m.fields(i) {
        out.push_str(&format!("| {} | {} |\n", t(label), cell(&value)));
    }
    out.push_str(&format!("\n## {}\n\n", t("incident.show.reports")));
    if i.reports.is_empty() {
        out.push_str(&format!("{}\n", t("report.none")));
    } else {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
            t("incident.form.stage"),
            t("hcol.at"),
            t("hcol.by"),
            t("incident.form.to"),
            t("incident.form.content")
        ));
        for rep in &i.reports {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                t(crate::service::incidents::stage_key(rep.stage)),
                r.time(rep.at),
                cell(&r.who(&rep.by)),
                cell(&rep.to),
                cell(&rep.text)
            ));
        }
    }
    out.push_str(&format!(
        "\n## {}: {}\n\n",
        t("incident.show.plan"),
        cell(&m.pick(&i.plan_label, &i.plan_label_en))
    ));
    for s in &i.steps {
        match &s.done {
            Some(d) => out.push_str(&format!(
                "- [x] {}. {} — {} {}\n",
                s.n,
                cell(&m.pick(&s.text, &s.text_en)),
                cell(&r.who(&d.by)),
                r.time(d.at)
            )),
            None => out.push_str(&format!(
                "- [ ] {}. {}\n",
                s.n,
                cell(&m.pick(&s.text, &s.text_en))
            )),
        }
    }
    if let (Some(c), Some(summary)) = (&i.closed, &i.summary) {
        out.push_str(&format!(
            "\n## {}\n\n{} {}: {}\n",
            t("incident.show.closed"),
            r.time(c.at),
            cell(&r.who(&c.by)),
            cell(summary)
        ));
    } else if i.reports.iter().any(|r| r.stage == ReportStage::Final) {
        out.push_str(&format!("\n{}\n", t("incident.form.awaiting_close")));
    }
    out.push_str(&format!(
        "\n{}: {}\n",
        t("report.printed"),
        r.time(r.printed_at)
    ));
    out
}
