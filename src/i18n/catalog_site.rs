//! Strings of the desk's time zone: `dutydesk site timezone`, the refusal of a config
//! naming another zone, and what `info` says about the zone. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    (
        "action.set_site_zone",
        "更改值班台时区",
        "change the desk's time zone",
    ),
    ("field.zone", "时区", "time zone"),
    (
        "site.zone_invalid",
        "未知时区“{zone}”（应为 IANA 时区名，例如 Asia/Shanghai、UTC）",
        "unknown time zone \"{zone}\" (an IANA name such as Asia/Shanghai or UTC)",
    ),
    (
        "site.zone_conflict",
        "配置文件的 [site] timezone 为 {configured}，而本值班台的数据库按 {stored} 计时。为免一个值班台出现两个“今天”和两套班次，已拒绝执行，未写入任何内容。请把配置改为 {stored} 或删去该项；若要整个值班台改用 {configured}，请管理员执行：dutydesk site timezone {configured}",
        "the config's [site] timezone is {configured}, but this desk's database keeps its time in {stored}. Refused, nothing written: one desk must not have two \"todays\" and two sets of shifts. Set [site] timezone to {stored} or remove it; to move the whole desk to {configured}, an admin runs: dutydesk site timezone {configured}",
    ),
    (
        "site.zone_unknown",
        "数据库记录的时区“{zone}”本程序不认识；请管理员用 dutydesk site timezone ZONE 重新设定",
        "the database's time zone \"{zone}\" is unknown to this dutydesk; an admin can set it again with: dutydesk site timezone ZONE",
    ),
    (
        "site.zone_config_differs",
        "配置文件的 [site] timezone 为 {configured}：值班台改用 {zone} 后，使用该配置的进程都会被拒绝。请先把配置改为 {zone} 或删去该项，再执行本命令；未作更改",
        "the config's [site] timezone is {configured}: once the desk keeps its time in {zone}, every process using that config would be refused. Set [site] timezone to {zone} (or remove it) first, then run this again; nothing changed",
    ),
    (
        "site.zone_changed",
        "值班台时区已由 {from} 改为 {zone}。已有的出入记录、班次和交接班记录保留原时刻；此后的“今天”、日期筛选和班次都按 {zone} 计算。",
        "the desk's time zone changed from {from} to {zone}. Stored entries, shifts and handover records keep their instants; from now on \"today\", date filters and shifts are reckoned in {zone}.",
    ),
    (
        "site.unfinished_record",
        "未完成的交接班记录 #{id}（{shift}，{start}–{end}，按 {zone}）保留原时刻；请用 dutydesk handover list 查看，完成后签字锁定",
        "unfinished handover record #{id} ({shift}, {start}–{end} in {zone}) keeps its times; see dutydesk handover list and finish it",
    ),
    (
        "site.zone_unchanged",
        "值班台已按 {zone} 计时，未作更改",
        "the desk already keeps its time in {zone}; nothing changed",
    ),
    // dutydesk info
    ("info.zone", "值班台时区", "desk time zone"),
    (
        "info.zone_source.config",
        "（取自配置 [site] timezone）",
        "(from [site] timezone)",
    ),
    (
        "info.zone_source.tz",
        "（取自首次打开数据库的进程的 TZ 环境变量）",
        "(from the TZ variable of the process that first opened the database)",
    ),
    (
        "info.zone_source.system",
        "（取自首次打开数据库的机器的系统时区）",
        "(from the system zone of the machine that first opened the database)",
    ),
    (
        "info.zone_source.fallback",
        "（首次打开数据库的机器给不出时区名，暂用 UTC；请用 dutydesk site timezone ZONE 设定）",
        "(the machine that first opened the database named no zone, so UTC; set it with: dutydesk site timezone ZONE)",
    ),
    (
        "info.zone_source.command",
        "（由管理员用 dutydesk site timezone 设定）",
        "(set by an admin with dutydesk site timezone)",
    ),
    ("info.today", "今日", "today"),
    (
        "info.today_counts",
        "{date}：进 {in}，出 {out}，拒绝 {denied}，体温异常 {flagged}",
        "{date}: {in} in, {out} out, {denied} refused, {flagged} flagged",
    ),
];
