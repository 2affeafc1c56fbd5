//! The header's shift segment: the shift on duty now (from `[[shifts]]`, in the site
//! zone) and the duty leader the roster puts on it, when there is one.

use super::providers::{PanelContext, ShiftInfo};
use crate::domain::text::sanitize;
use crate::error::DeskResult;
use crate::service::Desk;

pub fn current(desk: &Desk, _ctx: &PanelContext) -> DeskResult<Option<ShiftInfo>> {
    let w = desk.current_shift();
    let zone = desk.zone;
    let label = format!(
        "{} {}-{}",
        sanitize(&w.name),
        zone.to_local(w.start).format("%H:%M"),
        zone.to_local(w.end).format("%H:%M")
    );
    let leader = desk
        .duty_of(w.date, &w.name)?
        .leader
        .map(|login| sanitize(&desk.operator(&login).name));
    Ok(Some(ShiftInfo { label, leader }))
}
