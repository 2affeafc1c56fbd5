//! Leaves under way or overdue and returns under health monitoring, as
//! `dutydesk returns list` shows them: overdue first, then away, then monitored.

use super::approvals::{Col, day_time, phase_tone, table, target};
use crate::app::State;
use crate::console::theme::Theme;
use crate::domain::approval::ReturnPhase;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let a = &state.approvals;
    let t = |k: &str| state.tr(k).to_string();
    let count = |p: ReturnPhase| a.returns.iter().filter(|i| i.phase == p).count();
    let title = crate::i18n::trf(
        state.lang,
        "ret.title",
        &[
            ("overdue", count(ReturnPhase::Overdue).to_string()),
            ("away", count(ReturnPhase::Away).to_string()),
            ("monitoring", count(ReturnPhase::Monitoring).to_string()),
        ],
    );
    let dash = || "-".to_string();
    let rows: Vec<(Vec<String>, Style)> = a
        .returns
        .iter()
        .map(|i| {
            let rec = i.record.as_ref();
            let marker = if i.phase == ReturnPhase::Overdue {
                "! "
            } else {
                "  "
            };
            (
                vec![
                    format!("{marker}{}", t(&format!("phase.{}", i.phase))),
                    i.leave.id.to_string(),
                    i.leave.who().to_string(),
                    target(&i.leave),
                    day_time(state, i.leave.window_from),
                    day_time(state, i.leave.window_to),
                    rec.map(|r| day_time(state, r.returned_at))
                        .unwrap_or_else(dash),
                    rec.map(|r| day_time(state, r.report_due))
                        .unwrap_or_else(dash),
                    rec.map(|r| day_time(state, r.monitoring_until))
                        .unwrap_or_else(dash),
                ],
                theme.tone(phase_tone(i.phase)),
            )
        })
        .collect();
    let column = |i: usize| -> Vec<String> { rows.iter().map(|(c, _)| c[i].clone()).collect() };
    let cols = [
        Col::new(t("col.phase"), &column(0), 14, 6, 0),
        Col::new(t("col.id"), &column(1), 8, 2, 0),
        Col::new(t("col.who"), &column(2), 22, 6, 0),
        Col::new(t("ret.col_dest"), &column(3), 16, 4, 3),
        Col::new(t("col.window_from"), &column(4), 11, 11, 5),
        Col::new(t("col.window_to"), &column(5), 11, 11, 0),
        Col::new(t("col.returned_at"), &column(6), 11, 11, 4),
        Col::new(t("col.report_due"), &column(7), 11, 11, 2),
        Col::new(t("col.monitoring_until"), &column(8), 13, 11, 1),
    ];
    let empty = if a.returns_loaded {
        t("ret.none")
    } else {
        t("footer.loading")
    };
    table(
        theme,
        frame,
        area,
        theme.block(Span::styled(title, theme.title())),
        &cols,
        &rows,
        Some(a.returns_sel),
        &empty,
    );
}
