//! The dashboard's approvals panel: requests waiting for a decision, oldest first,
//! with how long they have waited, and leaves overdue for return. Left out when there
//! is neither (the dashboard draws no empty frames).

use super::approvals::clean_request;
use super::providers::{PanelCell, PanelContext, PanelRow, SidePanel, Tone};
use crate::domain::Permission;
use crate::domain::approval::{Request, Subject};
use crate::error::DeskResult;
use crate::i18n::{Lang, tr, trf};
use crate::service::Desk;
use crate::store::approvals::RequestFilter;

/// Pending requests listed (more are counted in a last line).
const PENDING_SHOWN: usize = 4;
/// Overdue returns listed (more are counted in a last line).
const OVERDUE_SHOWN: usize = 2;

/// `访客 #3 钱多多` / `leave #2 王芳 -> 成都`.
pub fn short(lang: Lang, r: &Request) -> String {
    let kind = tr(lang, &format!("request_kind.{}", r.kind())).to_string();
    match &r.subject {
        Subject::Leave { destination, .. } => {
            format!("{kind} #{} {} -> {destination}", r.id, r.who())
        }
        Subject::Visitor { .. } => format!("{kind} #{} {}", r.id, r.who()),
    }
}

pub fn panel(desk: &Desk, ctx: &PanelContext) -> DeskResult<Option<SidePanel>> {
    let counts = desk.approval_counts()?;
    if counts.pending == 0 && counts.overdue_returns == 0 {
        return Ok(None);
    }
    let lang = ctx.lang;
    let mut rows = Vec::new();
    if counts.pending > 0 {
        let pending = desk.list_requests(&RequestFilter {
            pending_only: true,
            limit: PENDING_SHOWN,
            ..RequestFilter::default()
        })?;
        for r in pending.into_iter().map(clean_request) {
            rows.push(PanelRow {
                cells: vec![
                    PanelCell::Age(r.requested_at),
                    PanelCell::Text(short(lang, &r)),
                ],
                tone: Tone::Warn,
            });
        }
        more(&mut rows, lang, counts.pending, PENDING_SHOWN);
    }
    if counts.overdue_returns > 0 {
        for item in desk.returns_list(true)?.into_iter().take(OVERDUE_SHOWN) {
            let r = clean_request(item.leave);
            rows.push(PanelRow {
                cells: vec![
                    PanelCell::Text(tr(lang, "phase.overdue").to_string()),
                    PanelCell::Age(r.window_to),
                    PanelCell::Text(short(lang, &r)),
                ],
                tone: Tone::Bad,
            });
        }
        more(&mut rows, lang, counts.overdue_returns, OVERDUE_SHOWN);
    }
    let decider = desk.actor.role.allows(Permission::DecideRequest);
    Ok(Some(SidePanel {
        id: "approvals",
        title: trf(
            lang,
            match (counts.pending > 0, counts.overdue_returns > 0) {
                (true, true) => "apanel.title",
                (true, false) => "apanel.title_pending",
                _ => "apanel.title_overdue",
            },
            &[
                ("pending", counts.pending.to_string()),
                ("overdue", counts.overdue_returns.to_string()),
            ],
        ),
        rows,
        empty_text: tr(lang, "apanel.none").to_string(),
        attention: counts.overdue_returns > 0 || (decider && counts.pending > 0),
    }))
}

/// "… and 3 more" when not every one fits.
fn more(rows: &mut Vec<PanelRow>, lang: Lang, total: i64, shown: usize) {
    let rest = total - shown as i64;
    if rest > 0 {
        rows.push(PanelRow {
            cells: vec![PanelCell::Text(trf(
                lang,
                "apanel.more",
                &[("n", rest.to_string())],
            ))],
            tone: Tone::Normal,
        });
    }
}
