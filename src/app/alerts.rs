//! Which new entries raise an attention signal, and the words of the signal.

use super::state::State;
use crate::domain::Reason;
use crate::domain::entry::GateEntry;
use crate::domain::flag::{FlagAlert, FlagAlertKind, FlagCase};
use crate::notify::{Alert, AlertKind};

/// The kind of alert an entry raises, if any: a fever flag first (it needs follow-up),
/// else a red-code refusal.
pub fn kind_of(e: &GateEntry) -> Option<AlertKind> {
    if e.flagged {
        Some(AlertKind::Fever)
    } else if e.reasons.contains(&Reason::CodeRed) {
        Some(AlertKind::RedCode)
    } else {
        None
    }
}

/// The alert for an entry, in the console's language. Names are masked to the
/// family name plus `*` in the body: a notification may be seen on a locked screen.
pub fn alert_for(state: &State, e: &GateEntry) -> Option<Alert> {
    let kind = kind_of(e)?;
    let title = state.tr(title_key(kind));
    let time = state.zone.to_local(e.at).format("%H:%M").to_string();
    let body = crate::i18n::trf(
        state.lang,
        "alert.body",
        &[
            ("time", time),
            ("gate", e.gate.clone()),
            ("name", mask_name(&e.name)),
            ("temp", e.temp.to_string()),
        ],
    );
    Some(Alert {
        kind,
        title: title.to_string(),
        body,
    })
}

/// Catalog key of an alert's title.
pub fn title_key(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::Fever => "alert.fever",
        AlertKind::RedCode => "alert.red_code",
        AlertKind::RecheckDue => "flag.alert_title.recheck_due",
        AlertKind::ReportOverdue => "flag.alert_title.report_overdue",
        AlertKind::RequestArrived => "alert.request_arrived",
        AlertKind::RequestExpiring => "alert.request_expiring",
    }
}

/// The alert for a fever-case deadline that fell due, with the name masked.
pub fn flag_alert(state: &State, alert: &FlagAlert, case: &FlagCase) -> Alert {
    let kind = match alert.kind {
        FlagAlertKind::RecheckDue => AlertKind::RecheckDue,
        FlagAlertKind::ReportOverdue => AlertKind::ReportOverdue,
    };
    let masked = FlagCase {
        name: mask_name(&case.name),
        ..case.clone()
    };
    Alert {
        kind,
        title: state.tr(title_key(kind)).to_string(),
        body: crate::service::flags::alert_text(state.lang, alert, &masked),
    }
}

/// `王**` / `L***`: the first character and a star for each other one.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_the_first_character() {
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("Li"), "L*");
        assert_eq!(mask_name(""), "");
    }
}
