//! Strings of leave and visitor approvals and returns. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // Fields
    (
        "field.destination",
        "目的地（--dest）",
        "destination (--dest)",
    ),
    (
        "field.transport",
        "交通方式（--transport）",
        "transport (--transport)",
    ),
    (
        "field.window_from",
        "开始时间（--from）",
        "start time (--from)",
    ),
    ("field.window_to", "结束时间（--to）", "end time (--to)"),
    // Validation problems
    (
        "approval.to_not_after_from",
        "必须晚于开始时间（返回或结束不能早于出发或开始）",
        "must be after the start time (a return or end cannot come before the departure or start)",
    ),
    (
        "approval.window_over",
        "已经过去：申请的时间段已结束",
        "is already past: the requested period has ended",
    ),
    (
        "approval.departure_past",
        "出发时间已过；如属紧急情况，请加 --urgent 并在事由中说明",
        "the departure is in the past; if it is urgent, add --urgent and say why in the reason",
    ),
    (
        "approval.notice",
        "离市申请须至少提前 {days} 天提交；如属紧急情况，请加 --urgent 并在事由中说明",
        "a leave request must be filed at least {days} day(s) before departure; if it cannot wait, add --urgent and say why in the reason",
    ),
    (
        "approval.note_required",
        "驳回时必须说明理由",
        "a rejection must say why",
    ),
    // Refusals and conflicts
    (
        "approval.not_found",
        "没有编号为 {id} 的申请",
        "no request with id {id}",
    ),
    (
        "approval.overlap",
        "{person} 已有与此时间段重叠的离市申请（编号 {other}）；如需更改，请先撤销该申请",
        "{person} already has a leave request overlapping this period (id {other}); cancel it first to change it",
    ),
    (
        "approval.already_closed",
        "申请 {id} 已由 {by} 于 {at} 处理为“{status}”，不能再次处理",
        "request {id} is already {status} (by {by} at {at}); it cannot be decided again",
    ),
    (
        "approval.expired",
        "申请 {id} 在 {at} 时间段结束时仍未审批，已过期，不能再审批；如仍需要，请重新提交",
        "request {id} expired undecided when its period ended at {at}; it can no longer be decided; file a new one if still needed",
    ),
    (
        "approval.already_started",
        "申请 {id} 已批准，且已于 {at} 开始，不能再撤销",
        "request {id} is approved and began at {at}; it can no longer be cancelled",
    ),
    (
        "approval.changed",
        "申请 {id} 刚被其他人处理，未做任何修改；请重新查看",
        "request {id} was just changed by someone else; nothing was written; look at it again",
    ),
    (
        "approval.cancel_refused",
        "无权撤销申请 {id}：只有申请人（{by}）或以下角色可以撤销：{needed}（当前角色为 {role}）",
        "not allowed to cancel request {id}: only its requester ({by}) or one of these roles may: {needed} (your role is {role})",
    ),
    // Confirmations
    (
        "approval.filed",
        "已提交申请 {id}（{who}），等待带班领导审批",
        "request {id} filed ({who}); waiting for the duty leader",
    ),
    (
        "approval.approved",
        "申请 {id}（{who}）已批准",
        "request {id} ({who}) approved",
    ),
    (
        "approval.rejected",
        "申请 {id}（{who}）已驳回",
        "request {id} ({who}) rejected",
    ),
    (
        "approval.cancelled",
        "申请 {id}（{who}）已撤销",
        "request {id} ({who}) cancelled",
    ),
    // Alerts
    (
        "alert.approval_arrived",
        "新的{kind}申请 {id}：{who}，{at} 前未审批将过期",
        "new {kind} request {id}: {who}; expires undecided at {at}",
    ),
    (
        "alert.approval_expiring",
        "{kind}申请 {id}（{who}）仍未审批，将于 {at} 过期",
        "{kind} request {id} ({who}) is still undecided and expires at {at}",
    ),
    // Config
    (
        "config.approvals_range",
        "数值过大（提前天数最多 30，报到时限最多 720 小时，监测最多 90 天，过期提醒最多 1440 分钟）",
        "too large (notice at most 30 days, report at most 720 hours, monitoring at most 90 days, expiry warning at most 1440 minutes)",
    ),
    // Vocabulary
    ("request_kind.leave", "离市", "leave"),
    ("request_kind.visitor", "访客", "visitor"),
    ("status.pending", "待审批", "pending"),
    ("status.approved", "已批准", "approved"),
    ("status.rejected", "已驳回", "rejected"),
    ("status.cancelled", "已撤销", "cancelled"),
    ("status.expired", "已过期", "expired"),
    ("phase.upcoming", "未出发", "upcoming"),
    ("phase.away", "在外", "away"),
    ("phase.overdue", "逾期未返", "overdue"),
    ("phase.monitoring", "返回监测中", "monitoring"),
    ("phase.completed", "已结束", "completed"),
    // Table columns and detail labels
    ("col.request_kind", "类型", "KIND"),
    ("col.status", "状态", "STATUS"),
    ("col.who", "人员", "WHO"),
    ("col.target", "去向/受访人", "DESTINATION/HOST"),
    ("col.window_from", "开始", "FROM"),
    ("col.window_to", "结束", "TO"),
    ("col.requested_by", "申请人", "FILED BY"),
    ("col.requested_at", "申请时间", "FILED AT"),
    ("col.decided_by", "处理人", "DECIDED BY"),
    ("col.phase", "状态", "PHASE"),
    ("col.returned_at", "返回时间", "RETURNED"),
    ("col.report_due", "报到截止", "REPORT BY"),
    ("col.monitoring_until", "监测至", "MONITOR UNTIL"),
    ("show.id", "编号", "id"),
    ("show.kind", "类型", "kind"),
    ("show.status", "状态", "status"),
    ("show.phase", "行程状态", "leave phase"),
    ("show.person", "人员", "person"),
    ("show.resident_id", "身份证号", "resident ID"),
    ("show.phone", "电话", "phone"),
    ("show.window_from", "开始", "from"),
    ("show.window_to", "结束", "to"),
    ("show.returned_at", "返回时间", "returned"),
    ("show.report_due", "报到截止", "report by"),
    ("show.monitoring_until", "健康监测至", "monitored until"),
    ("show.destination", "目的地", "destination"),
    ("show.transport", "交通方式", "transport"),
    ("show.urgent", "紧急", "urgent"),
    ("show.visitor", "访客", "visitor"),
    ("show.host", "受访人", "host"),
    ("show.reason", "事由", "reason"),
    ("show.requested", "申请", "filed"),
    ("show.decided", "处理", "decided"),
    ("show.note", "备注", "note"),
    ("show.entries", "出入记录", "gate entries"),
];
