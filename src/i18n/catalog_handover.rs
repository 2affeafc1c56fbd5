//! Strings of shifts, the duty roster and the handover. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // Config
    (
        "config.shift_none",
        "至少要配置一个班次",
        "at least one shift is needed",
    ),
    (
        "config.shift_time",
        "时间格式应为 HH:MM（00:00–23:59）",
        "times are HH:MM (00:00–23:59)",
    ),
    (
        "config.shift_name",
        "班次名称不能为空、重复，或含控制字符及 : ; ,",
        "shift names must be non-empty, unique, and free of control characters and : ; ,",
    ),
    (
        "config.shift_cover",
        "各班次必须首尾相接、正好覆盖一整天（不能有空档或重叠）",
        "the shifts must follow one another and cover exactly one day (no gap, no overlap)",
    ),
    (
        "config.remind_range",
        "必须小于 1440 分钟（一天）",
        "must be less than 1440 minutes (one day)",
    ),
    (
        "config.item_key",
        "交接事项的 key 必须唯一，只含小写字母、数字和 _，最长 32 个字符",
        "checklist keys must be unique, lowercase letters, digits and _ only, at most 32 characters",
    ),
    (
        "config.item_label",
        "交接事项的 label 和 label_en 都必须填写，且不含控制字符",
        "checklist items need both label and label_en, free of control characters",
    ),
    // Fields
    ("field.from", "--from", "--from"),
    // Vocabulary
    ("capacity.outgoing", "交班人", "outgoing officer"),
    ("capacity.incoming", "接班人", "incoming officer"),
    ("capacity.leader", "带班领导", "duty leader"),
    ("carry.flag", "发热跟踪", "fever case"),
    ("carry.approval", "待审批", "pending approval"),
    ("carry.return", "逾期未返", "overdue return"),
    ("carry.note", "交班留言", "note"),
    ("item_state.open", "未办", "open"),
    ("item_state.done", "已办", "done"),
    ("item_state.waived", "免办", "waived"),
    // Handover refusals
    (
        "handover.locked",
        "交接记录已由 {by} 签字锁定，不能再更改",
        "the handover is locked (countersigned by {by}); nothing in it changes any more",
    ),
    (
        "handover.unknown_item",
        "没有交接事项“{key}”（可用：{known}）",
        "no checklist item \"{key}\" (items: {known})",
    ),
    (
        "handover.already_done",
        "交接事项 {key} 已由 {by} 办结",
        "checklist item {key} is already done (by {by})",
    ),
    (
        "handover.already_waived",
        "交接事项 {key} 已由 {by} 免办；如已办理，请用 check 标记已办",
        "checklist item {key} is already waived (by {by}); if it was done after all, use check",
    ),
    (
        "handover.checklist_signed",
        "交班人已签字，交接事项不能再更改",
        "the outgoing officer has signed: the checklist no longer changes",
    ),
    (
        "handover.waive_needs_note",
        "免办必须在 --note 中说明原因",
        "waiving needs a note saying why (--note)",
    ),
    (
        "handover.unknown_carry",
        "没有遗留事项“{id}”（未确认的有：{known}）",
        "no carry-over item \"{id}\" (not yet acknowledged: {known})",
    ),
    (
        "handover.carry_frozen",
        "接班人已签字，遗留事项清单已确定",
        "the incoming officer has signed: the carry-over list is settled",
    ),
    (
        "handover.already_acked",
        "遗留事项 {id} 已由 {by} 确认",
        "carry-over item {id} is already acknowledged (by {by})",
    ),
    (
        "handover.ack_by_outgoing",
        "交班人不能确认自己移交的事项，应由接班人确认",
        "the outgoing officer cannot acknowledge their own handover; the incoming officer does",
    ),
    (
        "handover.ack_before_outgoing",
        "交班人签字移交后，接班人才能逐项确认遗留事项",
        "carry-over is acknowledged once the outgoing officer has signed the handover",
    ),
    (
        "handover.mandatory_open",
        "还有必办事项未办结（办理或说明原因免办）：{items}",
        "mandatory checklist items are still open (do them, or waive them with a note): {items}",
    ),
    (
        "handover.unacked",
        "接班人须先逐项确认遗留事项：{items}",
        "the incoming officer must first acknowledge every carry-over item: {items}",
    ),
    (
        "handover.out_of_order",
        "{capacity}须在{needs}签字之后签字",
        "the {capacity} signs only after the {needs}",
    ),
    (
        "handover.already_signed",
        "{capacity}已由 {by} 签字",
        "the {capacity} has already signed ({by})",
    ),
    (
        "handover.same_person",
        "你已作为{other}办理，同一交接须由三个不同的人签字",
        "you already acted as {other}; a handover needs three different people",
    ),
    (
        "handover.not_rostered",
        "按排班，只有 {rostered} 可以作为{capacity}签字",
        "by the roster, only {rostered} may sign as {capacity}",
    ),
    (
        "handover.leader_role",
        "带班领导签字需要带班领导或管理员角色",
        "the duty leader's countersignature needs the leader or admin role",
    ),
    (
        "handover.stale",
        "交接记录已被他人修改（你看到的是版本 {expected}，现在是版本 {current}），已重新加载，请核对后再操作",
        "someone else changed this handover (you saw version {expected}, it is now {current}); reload and try again",
    ),
    (
        "handover.not_found",
        "没有编号为 {id} 的交接记录",
        "no handover record with id {id}",
    ),
    (
        "handover.vanished",
        "刚打开的交接记录读取失败",
        "the handover record just opened could not be read back",
    ),
    (
        "handover.close_elsewhere",
        "{kind}不能在交接中关闭，请在其所属功能中办结，办结后自动不再移交",
        "a {kind} is not closed in the handover: close it where it lives and it stops being carried",
    ),
    (
        "handover.unknown_note",
        "没有留言“{id}”（格式为 note:编号）",
        "no note \"{id}\" (use note:ID)",
    ),
    (
        "handover.note_not_carried",
        "留言 note:{id} 不是需持续跟进的事项，无需关闭",
        "note note:{id} is not a carried item; there is nothing to close",
    ),
    (
        "handover.note_closed",
        "留言 note:{id} 已由 {by} 关闭",
        "note note:{id} is already closed (by {by})",
    ),
    // Handover confirmations
    (
        "handover.did.check",
        "已办：{item}（{shift} 交接，记录 #{id}，版本 {version}）",
        "done: {item} ({shift} handover, record #{id}, version {version})",
    ),
    (
        "handover.did.waive",
        "免办：{item}（{shift} 交接，记录 #{id}，版本 {version}）",
        "waived: {item} ({shift} handover, record #{id}, version {version})",
    ),
    (
        "handover.did.ack",
        "已确认接收 {carry}，还有 {left} 项未确认（{shift} 交接，记录 #{id}，版本 {version}）",
        "acknowledged {carry}; {left} left to acknowledge ({shift} handover, record #{id}, version {version})",
    ),
    (
        "handover.did.note",
        "已写入留言 note:{note}（{shift} 交接，记录 #{id}，版本 {version}）",
        "note note:{note} written ({shift} handover, record #{id}, version {version})",
    ),
    (
        "handover.did.note_carry",
        "已写入留言 note:{note}，关闭前每次交接都会移交（{shift} 交接，记录 #{id}，版本 {version}）",
        "note note:{note} written; it is carried at every handover until closed ({shift} handover, record #{id}, version {version})",
    ),
    (
        "handover.did.close",
        "留言 note:{note} 已关闭，此后不再移交",
        "note note:{note} closed; it is no longer carried",
    ),
    (
        "handover.did.sign",
        "已以{capacity}身份签字（{shift} 交接，记录 #{id}，版本 {version}）",
        "signed as {capacity} ({shift} handover, record #{id}, version {version})",
    ),
    (
        "handover.did.lock",
        "三方签字齐全，交接记录 #{id} 已锁定",
        "all three signatures given: handover record #{id} is locked",
    ),
    (
        "handover.exported",
        "交接记录 #{id} 已导出到 {path}",
        "handover record #{id} exported to {path}",
    ),
    // Handover status view
    (
        "handover.status.header",
        "交接班：{shift} → {next}",
        "Handover: {shift} → {next}",
    ),
    (
        "handover.status.record",
        "记录 #{id}，版本 {version}，{state}",
        "record #{id}, version {version}, {state}",
    ),
    (
        "handover.status.not_opened",
        "尚未开启（值班员执行 dutydesk handover status 时开启）",
        "not opened yet (opened when a duty officer runs dutydesk handover status)",
    ),
    (
        "handover.status.checklist",
        "交接事项 {settled}/{total}（必办未完成 {open}）",
        "Checklist {settled}/{total} ({open} mandatory open)",
    ),
    (
        "handover.status.carry",
        "遗留事项 {total} 项（未确认 {unacked} 项）",
        "Carry-over: {total} ({unacked} not acknowledged)",
    ),
    (
        "handover.status.carry_accepted",
        "遗留事项 {total} 项（接班人签字时已全部确认）",
        "Carry-over: {total} (all accepted at the incoming signature)",
    ),
    (
        "handover.status.item_note",
        "{item}（备注：{note}）",
        "{item} (note: {note})",
    ),
    ("handover.status.notes", "留言", "Notes"),
    ("handover.status.signatures", "签字", "Signatures"),
    // Reminders
    (
        "handover.remind.due_soon",
        "{shift} 还有 {minutes} 分钟结束，交接尚未开始",
        "{shift} ends in {minutes} min and its handover has not started",
    ),
    (
        "handover.remind.unsigned",
        "{shift} 已结束，交接仍缺：{missing}",
        "{shift} has ended and its handover still lacks: {missing}",
    ),
    // Table columns
    ("hcol.key", "KEY", "KEY"),
    ("hcol.item", "事项", "ITEM"),
    ("hcol.mandatory", "必办", "REQUIRED"),
    ("hcol.mandatory_mark", "必办", "M"),
    ("hcol.state", "状态", "STATE"),
    ("hcol.by", "办理人", "BY"),
    ("hcol.at", "时间", "AT"),
    ("hcol.note", "备注", "NOTE"),
    ("hcol.kind", "类别", "KIND"),
    ("hcol.summary", "内容", "SUMMARY"),
    ("hcol.acked_by", "接班确认", "ACCEPTED BY"),
    ("hcol.carry", "持续跟进", "CARRIED"),
    ("hcol.closed", "关闭情况", "CLOSED"),
    ("hcol.capacity", "身份", "CAPACITY"),
    ("hcol.signed_by", "签字人", "SIGNED BY"),
    ("hcol.handwritten", "手写签名", "SIGNATURE"),
    ("hcol.shift", "班次", "SHIFT"),
    ("hcol.hours", "时段", "HOURS"),
    ("hcol.checklist", "交接事项", "CHECKLIST"),
    ("hcol.carry_count", "遗留", "CARRY"),
    ("hcol.date", "日期", "DATE"),
    ("hcol.leader", "带班领导", "LEADER"),
    ("hcol.officers", "值班员", "OFFICERS"),
    ("hcol.missing", "缺", "MISSING"),
    // Printed record
    ("report.title", "值班交接班记录", "Duty Handover Record"),
    ("report.sheet", "交接班记录", "Handover"),
    ("report.shift", "交班班次", "Shift"),
    ("report.next", "接班班次", "Handed to"),
    ("report.record", "记录", "Record"),
    (
        "report.record_line",
        "#{id}，版本 {version}，{state}",
        "#{id}, version {version}, {state}",
    ),
    ("report.locked", "已锁定", "locked"),
    ("report.unfinished", "未完成", "unfinished"),
    ("report.opened", "开启", "Opened"),
    ("report.printed", "打印时间", "Printed"),
    ("report.checklist", "一、交接事项", "1. Checklist"),
    ("report.carry", "二、遗留事项", "2. Carry-over"),
    (
        "report.notes",
        "三、交班留言",
        "3. Notes for the next shift",
    ),
    ("report.signatures", "四、签字", "4. Signatures"),
    ("report.none", "（无）", "(none)"),
    ("report.not_acked", "未确认", "not acknowledged"),
    ("report.not_signed", "未签字", "not signed"),
    ("report.note_open", "跟进中", "open"),
    (
        "report.note_closed",
        "{by} 于 {at} 关闭",
        "closed by {by} at {at}",
    ),
    (
        "report.header_id",
        "交接记录 #{id}",
        "Handover record #{id}",
    ),
    ("report.footer", "&C第 &P 页，共 &N 页", "&CPage &P of &N"),
    ("report.archived_by", "归档人：", "Filed by:"),
    (
        "report.xlsx",
        "无法生成 {path}：{detail}",
        "cannot build {path}: {detail}",
    ),
    (
        "report.write",
        "无法写入 {path}：{detail}",
        "cannot write {path}: {detail}",
    ),
    // Roster
    (
        "roster.date",
        "日期格式应为 2026-11-29 或 2026/11/29",
        "dates are written 2026-11-29 or 2026/11/29",
    ),
    (
        "roster.unknown_shift",
        "未知班次“{shift}”（已配置：{known}）",
        "unknown shift \"{shift}\" (configured: {known})",
    ),
    (
        "roster.one_leader",
        "每个班次只能有一位带班领导",
        "one leader per shift",
    ),
    (
        "roster.repeated",
        "“{name}”重复出现",
        "\"{name}\" appears twice",
    ),
    (
        "roster.leader_is_officer",
        "“{name}”不能同时是本班的带班领导和值班员",
        "\"{name}\" cannot be both the leader and an officer of the shift",
    ),
    (
        "roster.unknown_operator",
        "“{name}”不是配置 [users] 中的操作员",
        "\"{name}\" is not an operator listed in [users]",
    ),
    (
        "roster.ambiguous_operator",
        "有多个操作员叫“{name}”，请写登录名",
        "several operators are called \"{name}\"; write the login name",
    ),
    (
        "roster.not_leader",
        "“{name}”的角色是{role}，不能担任带班领导",
        "\"{name}\" has the role {role} and cannot lead a shift",
    ),
    (
        "roster.cannot_sign",
        "“{name}”的角色是{role}，不能签署交接班，不能排为值班员",
        "\"{name}\" has the role {role}, who cannot sign handovers, so cannot be an officer",
    ),
    (
        "roster.duplicate_shift",
        "第 {line} 行：{date} {shift} 与第 {first} 行重复",
        "line {line}: {date} {shift} already appears on line {first}",
    ),
    (
        "roster.imported",
        "排班已导入：{shifts} 个班次（其中 {replaced} 个替换了原排班）",
        "roster imported: {shifts} shift(s), {replaced} of them replacing earlier entries",
    ),
    (
        "roster.days_range",
        "必须在 1 到 {max} 之间",
        "must be between 1 and {max}",
    ),
    (
        "roster.no_gaps",
        "今后 {days} 天的每个班次都有带班领导和值班员",
        "every shift in the next {days} days has a leader and an officer",
    ),
    (
        "roster.gap_count",
        "今后 {days} 天有 {count} 个班次排班不全",
        "{count} shift(s) in the next {days} days are not fully staffed",
    ),
];
