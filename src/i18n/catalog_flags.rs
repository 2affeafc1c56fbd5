//! Strings of the fever follow-up: states, steps, refusals, countdowns, CLI output.
//! (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // States (an open case is shown as waiting for its re-check or as confirmed)
    ("flag.state.open", "待复测", "awaiting re-check"),
    ("flag.state.confirmed", "复测确认发热", "fever confirmed"),
    ("flag.state.observing", "留观中", "under observation"),
    ("flag.state.referred", "已转诊", "referred"),
    ("flag.state.cleared", "已排除", "cleared"),
    ("flag.state.closed", "已结案", "closed"),
    // Steps
    ("flag.step.recheck", "复测", "re-check"),
    ("flag.step.observe", "送留观", "send to observation"),
    ("flag.step.refer", "转诊", "refer"),
    ("flag.step.report", "上报", "report"),
    ("flag.step.close", "结案", "close"),
    // Refusals
    (
        "flag.refused",
        "{id} 号案件（{status}）不能{step}：{why}。下一步可以：{allowed}",
        "case {id} ({status}) cannot {step}: {why}. Allowed next: {allowed}",
    ),
    (
        "flag.why.finished",
        "案件已结束，不再变更",
        "the case is finished and takes no further changes",
    ),
    (
        "flag.why.recheck_first",
        "须先复测首次体温",
        "the first reading must be re-checked first",
    ),
    (
        "flag.why.observe_first",
        "复测已确认发热，须先送临时留观点",
        "the re-check confirmed the fever: the person goes to observation first",
    ),
    (
        "flag.why.refer_first",
        "须先登记转诊去向",
        "record where the person was referred first",
    ),
    (
        "flag.why.report_first",
        "须先登记向防控部门的上报",
        "record the report to the epidemic-control group first",
    ),
    (
        "flag.why.already_reported",
        "已登记过上报",
        "the report is already recorded",
    ),
    (
        "flag.why.already_done",
        "这一步已经完成",
        "the case is already past this step",
    ),
    // What is allowed next (one key per possible set, in step order)
    (
        "flag.next.recheck_report",
        "复测（flag recheck）或上报（flag report）",
        "re-check (flag recheck) or report (flag report)",
    ),
    (
        "flag.next.recheck",
        "复测（flag recheck）",
        "re-check (flag recheck)",
    ),
    (
        "flag.next.observe_report",
        "送留观（flag observe）或上报（flag report）",
        "send to observation (flag observe) or report (flag report)",
    ),
    (
        "flag.next.observe",
        "送留观（flag observe）",
        "send to observation (flag observe)",
    ),
    (
        "flag.next.refer_report",
        "转诊（flag refer）或上报（flag report）",
        "refer (flag refer) or report (flag report)",
    ),
    (
        "flag.next.refer",
        "转诊（flag refer）",
        "refer (flag refer)",
    ),
    (
        "flag.next.report",
        "上报（flag report）",
        "report (flag report)",
    ),
    (
        "flag.next.close",
        "结案（flag close）",
        "close (flag close)",
    ),
    (
        "flag.next.none",
        "无（案件已结束）",
        "nothing (the case is finished)",
    ),
    // Other errors
    (
        "flag.not_found",
        "没有编号为 {id} 的体温异常案件",
        "no fever case with id {id}",
    ),
    (
        "flag.changed",
        "{id} 号案件刚被他人修改，请重新查看后再操作",
        "case {id} was just changed by someone else; look at it again and retry",
    ),
    (
        "flag.unknown_place",
        "未配置的留观点“{place}”（已配置：{known}）；新增留观点请在配置文件 [flags] observation_places 中添加",
        "\"{place}\" is not a configured observation place (configured: {known}); add new places to [flags] observation_places in the config file",
    ),
    ("field.method", "复测方式", "method"),
    ("field.place", "留观点", "place"),
    ("field.referred_to", "转诊去向", "referred to"),
    ("field.note", "备注", "note"),
    ("field.reported_to", "上报对象", "reported to"),
    ("field.outcome", "结案说明", "outcome note"),
    ("field.flag_id", "案件编号", "case id"),
    // Config
    (
        "config.flag_minutes",
        "应为 1 到 10080（一周）之间的分钟数",
        "must be a number of minutes from 1 to 10080 (one week)",
    ),
    (
        "config.places_empty",
        "至少需要一个留观点",
        "at least one observation place is needed",
    ),
    (
        "config.place_name",
        "留观点名称不能为空、重复、过长或含控制字符",
        "observation places must be non-empty, unique, short and free of control characters",
    ),
    // Countdowns
    (
        "flag.recheck_due_in",
        "复测还剩 {time}",
        "re-check due in {time}",
    ),
    (
        "flag.recheck_overdue",
        "复测超时 {time}",
        "re-check overdue {time}",
    ),
    (
        "flag.report_due_in",
        "上报还剩 {time}",
        "report due in {time}",
    ),
    (
        "flag.report_overdue",
        "上报超时 {time}",
        "report overdue {time}",
    ),
    // Alerts
    (
        "flag.alert.recheck_due",
        "复测时间到：{name}（首测 {temp} ℃，{id} 号案件）",
        "re-check due: {name} (first reading {temp} °C, case {id})",
    ),
    (
        "flag.alert.report_overdue",
        "上报超时：{name}（首测 {temp} ℃，{id} 号案件）尚未上报",
        "report overdue: {name} (first reading {temp} °C, case {id}) is not reported",
    ),
    // CLI results
    (
        "flag.done.cleared",
        "{id} 号案件：复测 {temp} ℃ 低于阈值 {threshold} ℃，已排除（误报），可重新登记入校",
        "case {id}: re-check {temp} °C is below the threshold {threshold} °C; cleared as a false alarm (the person may be registered again)",
    ),
    (
        "flag.done.confirmed",
        "{id} 号案件：复测 {temp} ℃ 达到阈值 {threshold} ℃，发热确认",
        "case {id}: re-check {temp} °C is at or above the threshold {threshold} °C; fever confirmed",
    ),
    (
        "flag.done.observe",
        "{id} 号案件：{name} 于 {time} 到达 {place}",
        "case {id}: {name} arrived at {place} at {time}",
    ),
    (
        "flag.done.refer",
        "{id} 号案件：已转诊至 {to}",
        "case {id}: referred to {to}",
    ),
    (
        "flag.done.report",
        "{id} 号案件：{time} 已上报 {to}",
        "case {id}: reported to {to} at {time}",
    ),
    (
        "flag.done.close",
        "{id} 号案件已结案",
        "case {id} is closed",
    ),
    ("flag.next_line", "下一步：{allowed}", "next: {allowed}"),
    // Table columns and labels
    ("flag.col.state", "状态", "STATE"),
    ("flag.col.recheck", "复测℃", "RE-CHECK°C"),
    ("flag.col.where", "留观/去向", "WHERE"),
    ("flag.col.reported", "上报", "REPORTED"),
    ("flag.col.deadlines", "时限", "DEADLINES"),
    ("flag.col.method", "方式", "METHOD"),
    ("flag.show.case", "案件", "case"),
    ("flag.show.entry", "登记记录", "gate entry"),
    ("flag.show.person", "人员", "person"),
    ("flag.show.first", "首测体温℃", "first reading °C"),
    ("flag.show.threshold", "阈值℃", "threshold °C"),
    ("flag.show.state", "状态", "state"),
    ("flag.show.recheck_due", "复测时限", "re-check due"),
    ("flag.show.report_due", "上报时限", "report due"),
    ("flag.show.place", "留观点", "observation"),
    ("flag.show.referred", "转诊", "referred"),
    ("flag.show.note", "转诊备注", "referral note"),
    ("flag.show.reported", "上报", "reported"),
    ("flag.show.closed", "结案", "closed"),
    ("flag.show.outcome", "结案说明", "outcome"),
    ("flag.show.next", "下一步", "next"),
    ("flag.show.rechecks", "复测记录", "re-checks"),
    ("flag.show.by", "（经办：{who}）", " (by {who})"),
    ("flag.show.arrived", "{time} 到达", "arrived {time}"),
    // Console: screens, keys, help headings
    ("view.flag_case", "体温异常案件", "Fever case"),
    ("scope.flag_list", "体温异常列表", "Fever cases"),
    (
        "scope.flag_steps",
        "体温异常处置（列表和案件详情）",
        "Fever case steps (list and case)",
    ),
    ("key.flag_recheck", "复测", "re-check"),
    ("key.flag_observe", "送留观", "to observation"),
    ("key.flag_refer", "转诊", "refer"),
    ("key.flag_report", "上报", "report"),
    ("key.flag_close", "结案", "close case"),
    (
        "key.flag_history",
        "显示/隐藏近期已结束",
        "show/hide recently closed",
    ),
    // Console: the flagged view
    (
        "flag.list.title",
        "体温异常案件：进行中 {active}，复测超时 {recheck}，上报超时 {report}",
        "Fever cases: {active} active, {recheck} re-check overdue, {report} report overdue",
    ),
    (
        "flag.list.history",
        "；近期已结束 {n}",
        "; {n} recently closed",
    ),
    (
        "flag.list.none",
        "（没有进行中的体温异常案件）",
        "(no active fever cases)",
    ),
    ("flag.col.first", "首测", "FIRST"),
    ("flag.col.recheck_cell", "复测", "RE-CHECK"),
    ("flag.col.report", "上报", "REPORT"),
    ("flag.cell.due_in", "还剩 {time}", "due in {time}"),
    ("flag.cell.overdue", "超时 {time}", "overdue {time}"),
    ("flag.cell.reported", "已报 {time}", "done {time}"),
    // The dashboard panel when the sentences do not fit
    (
        "flag.short.recheck_due_in",
        "复测还剩 {time}",
        "re-check in {time}",
    ),
    (
        "flag.short.recheck_overdue",
        "复测超时 {time}",
        "re-check late {time}",
    ),
    (
        "flag.short.report_due_in",
        "上报还剩 {time}",
        "report in {time}",
    ),
    (
        "flag.short.report_overdue",
        "上报超时 {time}",
        "report late {time}",
    ),
    (
        "flag.panel.none",
        "没有待处理的体温异常",
        "no open fever cases",
    ),
    // Console: a case's detail
    ("flag.detail.title", "{id} 号案件", "case {id}"),
    // Labels without the degree sign: it is two cells wide in some CJK terminals.
    ("flag.detail.first", "首测体温", "first reading"),
    ("flag.detail.threshold", "发热阈值", "fever threshold"),
    (
        "flag.detail.no_rechecks",
        "（尚未复测）",
        "(no re-check yet)",
    ),
    (
        "flag.detail.readonly",
        "{steps}（当前角色只读）",
        "{steps} (read-only for your role)",
    ),
    ("flag.steps.none", "无", "none"),
    // Console: step forms
    (
        "flag.form.title",
        "{step}：{name}（{id} 号案件）",
        "{step}: {name} (case {id})",
    ),
    (
        "flag.form.tip",
        "Enter 下一项/提交，Tab 换项，Esc 取消",
        "Enter: next field, then submit; Tab moves; Esc cancels",
    ),
    (
        "flag.form.tip_place",
        "Left/Right/空格 选择留观点，Enter 提交，Esc 取消",
        "Left/Right/Space choose the place, Enter submits, Esc cancels",
    ),
    (
        "flag.form.method_hint",
        "如：水银体温计、第二台测温仪",
        "e.g. mercury thermometer, second device",
    ),
    (
        "flag.form.refer_hint",
        "如：发热门诊、回家、监护人接回",
        "e.g. fever clinic, home, guardian",
    ),
    (
        "flag.not_now",
        "此案件现在不能{step}；可以：{next}",
        "this case cannot {step} now; possible: {next}",
    ),
    // Console: alerts
    ("flag.alert_title.recheck_due", "复测时间到", "Re-check due"),
    (
        "flag.alert_title.report_overdue",
        "体温异常上报超时",
        "Fever report overdue",
    ),
];
