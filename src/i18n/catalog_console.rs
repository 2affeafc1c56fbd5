//! Strings of the full-screen console: screens, keys, form, alerts. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // Screens
    ("view.dashboard", "值班总览", "Duty board"),
    ("view.log", "出入记录", "Gate log"),
    ("view.flags", "体温异常", "Flagged temperatures"),
    ("view.register", "出入登记", "Register at the gate"),
    ("view.detail", "人员详情", "Person"),
    ("view.help", "帮助", "Help"),
    // Prompts
    ("prompt.command", "命令", "command"),
    (
        "prompt.filter",
        "筛选（姓名、编号或校门）",
        "filter (name, id or gate)",
    ),
    (
        "prompt.date",
        "跳到日期（2026-11-29、今天、昨天）",
        "jump to date (2026-11-29, today, yesterday)",
    ),
    (
        "prompt.reason",
        "查看完整号码的原因（将记入审计）",
        "reason to reveal the numbers (audited)",
    ),
    (
        "time.date_format",
        "日期格式应为 2026-11-29（或「今天」「昨天」）",
        "expected a date like 2026-11-29 (or today, yesterday)",
    ),
    // Help headings
    ("scope.global", "全局", "Everywhere"),
    ("scope.lists", "列表", "Lists"),
    ("scope.log", "出入记录", "Gate log"),
    ("scope.detail", "人员详情", "Person"),
    ("scope.form", "登记表单", "Registration form"),
    ("scope.prompt", "输入行", "Prompts"),
    ("scope.commands", "带参数的命令", "Commands with arguments"),
    ("help.cmd_date", "出入记录跳到某日", "gate log from a date"),
    (
        "help.cmd_filter",
        "出入记录按姓名、编号或校门筛选",
        "gate log narrowed to a name, id or gate",
    ),
    (
        "help.cmd_notify",
        "开关某类提醒或某种提醒方式",
        "switch an alert or a channel on or off",
    ),
    // Keys
    ("key.help", "帮助", "help"),
    // The ? hint when the footer had no room for every key: the rest are in help.
    ("key.help_more", "帮助/更多", "help/more"),
    ("key.command", "命令行", "command line"),
    ("key.quit", "退出", "quit"),
    ("key.back", "返回", "back"),
    ("key.dashboard", "值班总览", "duty board"),
    ("key.log", "出入记录", "gate log"),
    ("key.flags", "体温异常", "flags"),
    ("key.register", "登记", "register"),
    ("key.mute", "提醒静音/恢复", "mute/unmute alerts"),
    ("key.down", "下移", "down"),
    ("key.up", "上移", "up"),
    ("key.page_down", "下一页", "page down"),
    ("key.page_up", "上一页", "page up"),
    ("key.top", "最前（最新）", "top (newest)"),
    ("key.bottom", "最后", "bottom"),
    ("key.open", "详情", "details"),
    ("key.filter", "筛选", "filter"),
    ("key.flagged_only", "只看体温异常", "flagged only"),
    ("key.denied_only", "只看拒绝", "denied only"),
    ("key.jump_date", "跳到日期", "jump to date"),
    (
        "key.reveal",
        "查看完整号码（记审计）",
        "reveal numbers (audited)",
    ),
    ("key.next_field", "下一项", "next field"),
    ("key.prev_field", "上一项", "previous field"),
    ("key.submit", "提交", "submit"),
    ("key.choice_next", "切换选项", "change choice"),
    ("key.choice_prev", "反向切换", "change back"),
    ("key.toggle_visitor", "花名册人员/访客", "rostered/visitor"),
    ("key.accept", "确定", "accept"),
    ("key.cancel", "取消", "cancel"),
    // Commands
    (
        "command.unknown",
        "未知命令「{word}」（按 ? 查看命令）",
        "unknown command \"{word}\" (? lists them)",
    ),
    (
        "command.not_permitted",
        "你的角色无权使用命令「{word}」",
        "command \"{word}\" is not permitted for your role",
    ),
    (
        "command.no_arguments",
        "命令「{word}」不带参数",
        "command \"{word}\" takes no arguments",
    ),
    (
        "command.notify_usage",
        "用法：:notify fever|red|request|expiring|desktop|bell|osc on|off（「{word}」不对）",
        "usage: :notify fever|red|request|expiring|desktop|bell|osc on|off (not \"{word}\")",
    ),
    // Alerts
    ("alert.fever", "体温异常", "Fever flagged"),
    ("alert.red_code", "红码拒绝", "Red code refused"),
    (
        "alert.body",
        "{time} {gate} {name} {temp}℃",
        "{time} {gate} {name} {temp} °C",
    ),
    ("notify.on", "开", "on"),
    ("notify.off", "关", "off"),
    (
        "notify.changed",
        "提醒 {channel}：{state}",
        "alerts {channel}: {state}",
    ),
    (
        "notify.muted",
        "提醒已静音（按 m 恢复）",
        "alerts muted (m to unmute)",
    ),
    ("notify.unmuted", "提醒已恢复", "alerts on"),
    // Form
    ("form.who", "类别", "who"),
    ("form.venue", "场所码", "venue code"),
    (
        "form.registered",
        "已登记：{name}，{decision}",
        "registered: {name}, {decision}",
    ),
    // Reveal
    ("field.reveal_reason", "查看原因", "reason"),
    (
        "reveal.done",
        "已显示完整号码，已记入审计",
        "numbers shown; recorded in the audit trail",
    ),
    (
        "board.unknown_visitor",
        "没有编号为 {id} 的访客",
        "no visitor with id {id}",
    ),
    // Ages
    ("age.minutes", "{m} 分钟", "{m} min"),
    ("age.hours", "{h} 小时 {m} 分", "{h} h {m} min"),
    // Runtime
    (
        "console.io",
        "终端读写失败：{detail}",
        "terminal input/output failed: {detail}",
    ),
    (
        "console.worker_gone",
        "数据库后台线程意外停止，请重新打开控制台（详见日志）",
        "the database worker stopped unexpectedly; reopen the console (see the log)",
    ),
    (
        "console.not_a_terminal",
        "控制台需要在终端中运行（通过 SSH 登录时请用 ssh -t）；脚本请使用子命令（dutydesk --help）",
        "the console needs a terminal (over SSH: ssh -t); scripts use the subcommands (dutydesk --help)",
    ),
    // Demo
    (
        "demo.seeding",
        "正在生成演示数据库 {path}（2000 人，3 天的出入记录）...",
        "creating the demo database {path} (2,000 people, three days of entries)...",
    ),
    (
        "demo.write_failed",
        "无法写入演示配置 {path}：{detail}",
        "cannot write the demo config {path}: {detail}",
    ),
    // Screen furniture
    (
        "console.too_small",
        "终端太小：至少需要 {w}x{h}（当前 {cw}x{ch}）",
        "terminal too small: need at least {w}x{h} (now {cw}x{ch})",
    ),
    ("header.leader", "，带班 {name}", ", leader {name}"),
    (
        "header.operator",
        "操作员 {name}（{role}）",
        "operator {name} ({role})",
    ),
    ("header.muted", "提醒已静音", "alerts muted"),
    ("weekday.mon", "周一", "Mon"),
    ("weekday.tue", "周二", "Tue"),
    ("weekday.wed", "周三", "Wed"),
    ("weekday.thu", "周四", "Thu"),
    ("weekday.fri", "周五", "Fri"),
    ("weekday.sat", "周六", "Sat"),
    ("weekday.sun", "周日", "Sun"),
    ("footer.loading", "读取中...", "loading..."),
    ("col.id", "编号", "ID"),
    ("col.age", "已过", "AGE"),
    ("col.temp_plain", "体温", "TEMP"),
    ("list.sep", "、", ", "),
    (
        "list.empty_today",
        "（今天还没有出入记录）",
        "(no entries today yet)",
    ),
    (
        "list.empty_filtered",
        "（没有符合条件的记录，按 Esc 清除筛选）",
        "(nothing matches; Esc clears the filter)",
    ),
    // Dashboard
    ("panel.live", "实时出入", "Live gate log"),
    ("panel.counters", "今日统计", "Today"),
    (
        "panel.flags",
        "体温异常待处理（{n}）",
        "Open fever flags ({n})",
    ),
    ("count.in", "进", "in"),
    ("count.out", "出", "out"),
    ("count.visitors", "访客", "visitors"),
    ("count.denied", "拒绝", "denied"),
    ("count.flagged", "体温异常", "flagged"),
    ("start.title", "开始使用", "Getting started"),
    (
        "start.empty",
        "数据库里还没有花名册，也没有出入记录。",
        "The database has no roster and no gate entries yet.",
    ),
    (
        "start.import",
        "导入学生和教职工花名册（CSV，UTF-8 或 GBK）：",
        "Import the roster of students and staff (CSV, UTF-8 or GBK):",
    ),
    (
        "start.import_cmd",
        "dutydesk people import 花名册.csv",
        "dutydesk people import roster.csv",
    ),
    (
        "start.demo",
        "或者先看一个正在运行的演示值班台：",
        "Or look at a demo desk running live:",
    ),
    ("start.demo_cmd", "dutydesk --demo", "dutydesk --demo"),
    (
        "start.after",
        "导入后这里会自动显示实时出入，无需重启。按 q 退出，按 ? 查看帮助。",
        "Once imported, the live log appears here by itself. q quits, ? shows help.",
    ),
    // Gate log
    ("log.filter", "筛选：{text}", "filter: {text}"),
    ("log.flagged_only", "只看体温异常", "flagged only"),
    ("log.denied_only", "只看拒绝", "denied only"),
    ("log.until", "截至 {date}", "up to {date}"),
    ("log.older", "较早的记录", "older entries"),
    // Person
    ("detail.none", "（未登记）", "(not on record)"),
    (
        "detail.revealed",
        "完整号码已显示，已记入审计；离开本页即隐藏",
        "numbers shown and audited; hidden again when you leave",
    ),
    (
        "detail.reveal_hint",
        "号码已隐藏；按 r 并填写原因可查看完整号码（记入审计）",
        "numbers masked; r with a reason reveals them (audited)",
    ),
    ("detail.masked", "号码已隐藏", "numbers masked"),
    ("detail.recent", "最近出入", "Recent entries"),
    // Help
    (
        "help.markers",
        "行首标记：! 拒绝  * 体温异常  （新到的行短暂高亮）",
        "Row markers: ! refused  * fever flagged  (new rows are highlighted briefly)",
    ),
    (
        "help.more",
        " 还有更多：j/下移 滚动 ",
        " more below: j/Down scrolls ",
    ),
    // Form
    ("form.reasons", "原因：{reasons}", "reasons: {reasons}"),
    ("form.rostered", "花名册人员", "rostered"),
    ("form.no_code", "未亮码", "not shown"),
    ("form.scanned", "已扫", "scanned"),
    ("form.not_scanned", "未扫", "not scanned"),
    ("form.optional", "（可不填）", "(optional)"),
    ("form.temp_unit", "度", "deg C"),
    (
        "form.tip",
        "默认：进、绿码、已扫场所码。Tab 换项，Left/Right/空格 改选项，F2 花名册/访客，Enter 提交。",
        "Defaults: in, green code, venue scanned. Tab moves, Left/Right/Space change a choice, F2 rostered/visitor, Enter submits.",
    ),
    ("form.decision", "登记结果", "Decision"),
    ("form.waiting", "等待登记", "waiting for the next person"),
    ("form.not_registered", "未登记", "not registered"),
    (
        "form.previous",
        "上一位：{name}，{decision}",
        "previous: {name}, {decision}",
    ),
    (
        "form.flagged",
        "体温异常已记录，请按规定复测处置",
        "fever flagged: re-check as the rules require",
    ),
];
