//! Strings of the core: errors, fields, CLI tables, vocabulary. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // General
    ("cli.error", "错误", "error"),
    ("yes", "是", "yes"),
    ("no", "否", "no"),
    ("list.empty", "（没有记录）", "(no records)"),
    ("field.problem", "{field}：{problem}", "{field}: {problem}"),
    ("field.missing", "必须填写", "is required"),
    (
        "file.unreadable",
        "无法读取文件 {path}：{detail}",
        "cannot read file {path}: {detail}",
    ),
    (
        "time.format",
        "时间格式应为 2026-11-29 或 2026-11-29T08:00",
        "expected a date like 2026-11-29 or a date-time like 2026-11-29T08:00",
    ),
    ("limit.zero", "必须大于 0", "must be greater than 0"),
    // Fields
    ("field.gate", "校门", "gate"),
    ("field.direction", "方向", "direction"),
    ("field.temp", "体温", "temperature"),
    ("field.code", "健康码", "health code"),
    ("field.person", "人员编号", "person id"),
    ("field.visitor_name", "访客姓名", "visitor name"),
    ("field.visitor_id", "访客身份证号", "visitor resident ID"),
    ("field.visitor_phone", "访客电话", "visitor phone"),
    ("field.reason", "事由", "reason"),
    ("field.host", "受访人", "host"),
    ("field.user", "操作员", "operator"),
    ("field.since", "--since", "--since"),
    ("field.until", "--until", "--until"),
    ("field.limit", "--limit", "--limit"),
    // Validation problems
    ("temp.empty", "必须填写体温", "a temperature is required"),
    (
        "temp.not_number",
        "“{input}”不是有效的体温数字",
        "\"{input}\" is not a temperature",
    ),
    (
        "temp.too_precise",
        "“{input}”最多保留一位小数",
        "\"{input}\" has more than one decimal",
    ),
    (
        "temp.out_of_range",
        "“{input}”超出有效范围 {min}–{max} ℃（请复测）",
        "\"{input}\" is outside the valid range {min}–{max} °C (measure again)",
    ),
    (
        "resident_id.length",
        "身份证号应为 18 位",
        "a resident ID has 18 characters",
    ),
    (
        "resident_id.characters",
        "身份证号前 17 位应为数字，末位为数字或 X",
        "a resident ID is 17 digits and a digit or X",
    ),
    (
        "resident_id.birth_date",
        "身份证号中的出生日期不存在",
        "the birth date in the resident ID does not exist",
    ),
    (
        "resident_id.check_digit",
        "身份证号校验位不正确",
        "the resident ID's check digit is wrong",
    ),
    (
        "phone.invalid",
        "应为 11 位手机号或带区号的固定电话",
        "expected an 11-digit mobile number or a landline with area code",
    ),
    ("text.empty", "不能为空", "must not be empty"),
    (
        "text.control",
        "含有控制字符或终端转义序列",
        "contains control characters or terminal escape sequences",
    ),
    ("text.too_long", "太长", "is too long"),
    (
        "person.kind",
        "类别应为 学生/教职工（student/staff）",
        "kind must be student or staff (学生/教职工)",
    ),
    (
        "person.id_spaces",
        "编号不能含空格",
        "an id must not contain spaces",
    ),
    // Entries
    (
        "entry.unknown_gate",
        "未知校门“{gate}”（已配置：{known}）",
        "unknown gate \"{gate}\" (configured: {known})",
    ),
    (
        "entry.direction_values",
        "应为 in（进）或 out（出）",
        "must be in or out",
    ),
    (
        "entry.code_values",
        "应为 green、yellow 或 red",
        "must be green, yellow or red",
    ),
    (
        "entry.person_or_visitor",
        "请给出人员编号（--person），或访客的姓名、身份证号、电话和事由，二者选一",
        "give either a person id (--person) or a visitor's name, resident ID, phone and reason",
    ),
    (
        "entry.unknown_person",
        "花名册中没有编号为“{id}”的人员",
        "no person with id \"{id}\" in the roster",
    ),
    (
        "entry.unknown_host",
        "受访人“{id}”不在花名册中",
        "host \"{id}\" is not in the roster",
    ),
    (
        "entry.not_found",
        "没有编号为 {id} 的登记记录",
        "no entry with id {id}",
    ),
    // Permissions and operators
    (
        "perm.refused",
        "无权{action}：当前角色为 {role}，需要以下角色之一：{needed}",
        "not allowed to {action}: your role is {role}; needs one of: {needed}",
    ),
    (
        "operator.unknown",
        "操作员“{user}”未在配置中登记；请在 {path} 的 [users] 中添加 [users.{user}]",
        "operator \"{user}\" is not listed in the configuration; add [users.{user}] under [users] in {path}",
    ),
    ("action.register_entry", "登记出入", "register entries"),
    (
        "action.reveal_personal",
        "查看完整身份证号和电话",
        "reveal full resident IDs and phones",
    ),
    (
        "action.import_people",
        "导入人员花名册",
        "import the people roster",
    ),
    (
        "action.import_roster",
        "导入排班表",
        "import the duty roster",
    ),
    ("action.seed_demo", "生成演示数据", "seed demo data"),
    ("action.recheck_flag", "复测体温", "re-check temperatures"),
    ("action.manage_flag", "处置体温异常", "handle fever cases"),
    ("action.file_request", "提交申请", "file requests"),
    ("action.decide_request", "审批申请", "decide requests"),
    ("action.cancel_request", "撤销申请", "cancel requests"),
    ("action.work_handover", "办理交接班", "work on the handover"),
    ("action.sign_handover", "交接班签字", "sign the handover"),
    // Config
    (
        "config.not_found",
        "找不到配置文件 {path}",
        "config file {path} not found",
    ),
    (
        "config.unreadable",
        "无法读取配置文件 {path}：{detail}",
        "cannot read config file {path}: {detail}",
    ),
    (
        "config.not_utf8",
        "配置文件 {path} 不是 UTF-8 编码",
        "config file {path} is not UTF-8",
    ),
    (
        "config.syntax",
        "配置文件 {path} 第 {line} 行第 {column} 列：{detail}",
        "config file {path}, line {line}, column {column}: {detail}",
    ),
    (
        "config.invalid",
        "配置文件 {path} 中 {key}：{problem}",
        "config file {path}, {key}: {problem}",
    ),
    (
        "config.range_order",
        "范围下限必须小于上限",
        "the lower bound must be below the upper bound",
    ),
    (
        "config.threshold_range",
        "发热阈值必须在有效体温范围内",
        "the fever threshold must lie within the valid range",
    ),
    (
        "config.timezone",
        "未知时区（例如 Asia/Shanghai）",
        "unknown time zone (for example Asia/Shanghai)",
    ),
    (
        "config.gate_name",
        "校门名称不能为空、重复或含控制字符",
        "gate names must be non-empty, unique and free of control characters",
    ),
    (
        "config.console_gate",
        "必须是 [[gates]] 中的一个校门",
        "must be one of the [[gates]]",
    ),
    (
        "config.lang",
        "应为 zh、en 或 auto",
        "must be zh, en or auto",
    ),
    (
        "config.user_name",
        "操作员名称不能为空或含控制字符",
        "operator names must be non-empty and free of control characters",
    ),
    // Database
    (
        "db.busy",
        "数据库正忙（其他进程长时间写入），请稍后重试",
        "the database is busy (another process is writing); try again",
    ),
    (
        "db.error",
        "数据库错误：{detail}",
        "database error: {detail}",
    ),
    (
        "db.not_sqlite",
        "{path} 不是 SQLite 数据库，未做任何修改",
        "{path} is not an SQLite database; it was left untouched",
    ),
    (
        "db.foreign",
        "{path} 是其他程序的 SQLite 数据库，不是 dutydesk 的，未做任何修改",
        "{path} is another program's SQLite database, not dutydesk's; it was left untouched",
    ),
    (
        "db.too_new",
        "{path} 的数据结构版本为 {found}，本程序只认识到版本 {known}；请升级 dutydesk",
        "{path} has schema version {found}, but this dutydesk knows only up to {known}; upgrade dutydesk",
    ),
    (
        "db.is_directory",
        "{path} 是目录，不是数据库文件",
        "{path} is a directory, not a database file",
    ),
    (
        "db.unreadable",
        "无法读取数据库 {path}：{detail}",
        "cannot read database {path}: {detail}",
    ),
    (
        "db.create_failed",
        "无法创建数据库 {path}：{detail}",
        "cannot create database {path}: {detail}",
    ),
    (
        "db.open_failed",
        "无法打开数据库 {path}：{detail}",
        "cannot open database {path}: {detail}",
    ),
    // Imports
    (
        "import.encoding",
        "文件既不是 UTF-8 也不是 GBK 编码",
        "the file is neither UTF-8 nor GBK",
    ),
    (
        "import.csv",
        "第 {line} 行：CSV 格式错误：{detail}",
        "line {line}: malformed CSV: {detail}",
    ),
    (
        "import.field_count",
        "第 {line} 行：只有 {found} 列，表头有 {expected} 列",
        "line {line}: {found} fields, but the header has {expected}",
    ),
    (
        "import.missing_column",
        "缺少必需的列：{column}",
        "a required column is missing: {column}",
    ),
    (
        "import.row_problem",
        "第 {line} 行，{column}：{problem}",
        "line {line}, {column}: {problem}",
    ),
    (
        "import.duplicate_id",
        "第 {line} 行：编号 {id} 与第 {first} 行重复",
        "line {line}: id {id} already appears on line {first}",
    ),
    (
        "import.rejected",
        "有 {count} 处错误，未导入任何记录：",
        "{count} problem(s); nothing was imported:",
    ),
    (
        "import.empty",
        "文件中没有数据行",
        "the file has no data rows",
    ),
    (
        "people.imported",
        "导入完成：新增 {added} 人，更新 {updated} 人",
        "imported: {added} added, {updated} updated",
    ),
    // Ingest
    (
        "ingest.json",
        "不是有效的 JSON：{detail}",
        "not valid JSON: {detail}",
    ),
    (
        "ingest.not_object",
        "每行应为一个 JSON 对象",
        "each line must be a JSON object",
    ),
    (
        "ingest.unknown_key",
        "未知字段“{key}”",
        "unknown key \"{key}\"",
    ),
    (
        "ingest.wrong_type",
        "字段 {key} 应为 {expected}",
        "key {key} must be a {expected}",
    ),
    (
        "ingest.too_long",
        "这一行太长（最多 {max} 字节），已跳过",
        "the line is too long (at most {max} bytes); skipped",
    ),
    (
        "ingest.utf8",
        "这一行不是 UTF-8 文本",
        "the line is not UTF-8 text",
    ),
    (
        "ingest.read",
        "读取输入失败：{detail}",
        "cannot read input: {detail}",
    ),
    (
        "ingest.write",
        "写出确认失败：{detail}",
        "cannot write acknowledgement: {detail}",
    ),
    // Demo data
    ("field.people", "--people", "--people"),
    ("field.days", "--days", "--days"),
    (
        "seed.people_range",
        "应在 1 到 200000 之间",
        "must be between 1 and 200000",
    ),
    (
        "seed.days_range",
        "应在 1 到 3660 之间",
        "must be between 1 and 3660",
    ),
    (
        "seed.not_empty",
        "数据库 {path} 已有数据；演示数据只写入空数据库（加 --force 则在现有数据上追加，不删除、不覆盖任何记录）",
        "database {path} already holds data; demo data goes into an empty database (--force adds to it, deleting and overwriting nothing)",
    ),
    (
        "seed.done",
        "演示数据已生成：{people} 人，{visitors} 名访客，{entries} 条出入记录（{seconds} 秒）",
        "demo data: {people} people, {visitors} visitors, {entries} entries ({seconds} s)",
    ),
    // Audit
    (
        "audit.intact",
        "审计链完整，已核对 {rows} 条记录",
        "audit chain intact: {rows} rows checked",
    ),
    (
        "audit.broken",
        "审计链在第 {row} 条记录处不一致（此前 {checked} 条完好）",
        "audit chain broken at row {row} ({checked} rows before it check out)",
    ),
    // Vocabulary
    ("direction.in", "进", "in"),
    ("direction.out", "出", "out"),
    ("kind.student", "学生", "student"),
    ("kind.staff", "教职工", "staff"),
    ("kind.visitor", "访客", "visitor"),
    ("code.green", "绿码", "green"),
    ("code.yellow", "黄码", "yellow"),
    ("code.red", "红码", "red"),
    ("decision.admitted", "放行", "admitted"),
    ("decision.denied", "拒绝", "denied"),
    ("reason.fever", "体温异常", "fever"),
    ("reason.code_yellow", "黄码", "yellow code"),
    ("reason.code_red", "红码", "red code"),
    (
        "reason.no_venue_scan",
        "未扫场所码",
        "venue code not scanned",
    ),
    ("reason.no_code", "未亮码", "no health code shown"),
    ("reason.no_approval", "无审批", "no approval"),
    ("role.guard", "门卫", "guard"),
    ("role.officer", "值班员", "duty officer"),
    ("role.leader", "带班领导", "duty leader"),
    ("role.supervisor", "督查", "supervisor"),
    ("role.admin", "管理员", "administrator"),
    // Table columns
    ("col.time", "时间", "TIME"),
    ("col.gate", "校门", "GATE"),
    ("col.dir", "方向", "DIR"),
    ("col.name", "姓名", "NAME"),
    ("col.kind", "类别", "KIND"),
    ("col.temp", "体温℃", "TEMP°C"),
    ("col.code", "健康码", "CODE"),
    ("col.scan", "扫码", "SCAN"),
    ("col.decision", "结果", "DECISION"),
    ("col.reasons", "原因", "REASONS"),
    ("col.department", "部门", "DEPARTMENT"),
    ("col.class", "班级", "CLASS"),
    ("col.resident_id", "身份证号", "RESIDENT ID"),
    ("col.phone", "电话", "PHONE"),
    ("col.operator", "操作员", "OPERATOR"),
    ("col.action", "操作", "ACTION"),
    ("col.entity", "对象", "ENTITY"),
    ("col.details", "详情", "DETAILS"),
    // info
    ("info.config", "配置文件", "config"),
    ("info.database", "数据库", "database"),
    ("info.log", "日志", "log"),
    ("info.schema", "数据结构版本", "schema version"),
    ("info.people", "花名册人数", "people"),
    ("info.visitors", "访客", "visitors"),
    ("info.entries", "出入记录", "entries"),
    ("info.audit", "审计记录", "audit rows"),
    ("info.operator", "操作员", "operator"),
    ("info.role", "角色", "role"),
    ("info.mode", "模式", "mode"),
    (
        "info.single_operator",
        "单人模式（未配置 [users]，当前登录用户为管理员）",
        "single-operator (no [users]: the OS login acts as admin)",
    ),
    (
        "info.multi_operator",
        "多操作员（按 [users] 授权）",
        "multi-operator (roles from [users])",
    ),
];
