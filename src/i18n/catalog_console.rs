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
        "日期格式应为 2026-11-29（或“今天”“昨天”）",
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
        "未知命令“{word}”（按 ? 查看命令）",
        "unknown command \"{word}\" (? lists them)",
    ),
    (
        "command.no_arguments",
        "命令“{word}”不带参数",
        "command \"{word}\" takes no arguments",
    ),
    (
        "command.notify_usage",
        "用法：:notify fever|red|desktop|bell|osc on|off（“{word}”不对）",
        "usage: :notify fever|red|desktop|bell|osc on|off (not \"{word}\")",
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
];
