//! Strings of daily health monitoring (晨午晚检): the department head role, the
//! `health` commands, the import's problems, the paper sheet. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    ("role.dept_head", "系部负责人", "department head"),
    ("role_ref.dept_head", "系部负责人（dept_head）", "dept_head"),
    (
        "action.record_health",
        "记录健康监测",
        "record health checks",
    ),
    // Configuration.
    (
        "config.dept_head_departments",
        "系部负责人（dept_head）必须用 departments = [\"…\"] 列出所负责的系部",
        "a department head (dept_head) needs departments = [\"…\"] listing the departments they answer for",
    ),
    (
        "config.departments_role",
        "只有系部负责人（role = \"dept_head\"）才能设置 departments",
        "departments is only for department heads (role = \"dept_head\")",
    ),
    (
        "config.department_name",
        "系部名称不能为空、不能含控制字符，最长 40 个字符",
        "department names must be non-empty, without control characters, at most 40 characters",
    ),
    (
        "config.check_none",
        "至少要配置一个检次（[[monitoring.checks]]）",
        "at least one check is needed ([[monitoring.checks]])",
    ),
    (
        "config.check_key",
        "检次的 key 必须唯一，只含小写字母、数字和 _，最长 32 个字符",
        "check keys must be unique, lowercase letters, digits and _ only, at most 32 characters",
    ),
    (
        "config.check_label",
        "检次名称不能为空、不能含控制字符（label 最长 20、label_en 最长 40 个字符）",
        "check labels must be non-empty, without control characters (label at most 20, label_en at most 40 characters)",
    ),
    (
        "config.symptom_key",
        "症状 key 必须唯一，只含小写字母、数字和 _，最长 32 个字符",
        "symptom keys must be unique, lowercase letters, digits and _ only, at most 32 characters",
    ),
    (
        "config.symptom_label_missing",
        "这个症状没有内置名称，请在 [monitoring.symptom_labels] 中给出 label 和 label_en",
        "this symptom has no built-in name: give its label and label_en under [monitoring.symptom_labels]",
    ),
    // Fields and columns.
    ("field.location", "所在地", "location"),
    ("col.person_id", "学号/工号", "ID"),
    ("col.check", "检次", "CHECK"),
    ("col.symptoms", "症状", "SYMPTOMS"),
    ("col.location", "所在地", "LOCATION"),
    ("col.abnormal", "异常", "ABNORMAL"),
    ("col.source", "来源", "SOURCE"),
    ("col.recorded_by", "记录人", "RECORDED BY"),
    ("col.expected", "应报", "EXPECTED"),
    ("col.reported", "已报", "REPORTED"),
    ("col.missing", "未报", "MISSING"),
    ("health.source.desk", "值班台录入", "desk"),
    ("health.source.import", "表格导入", "import"),
    ("health.yes", "是", "yes"),
    ("health.total", "合计", "Total"),
    ("health.whole_day", "全天", "Whole day"),
    // Import columns, as a problem names them.
    ("health.column.person_id", "学号/工号", "person_id"),
    ("health.column.name", "姓名", "name"),
    ("health.column.temp", "体温", "temp"),
    ("health.column.symptoms", "症状", "symptoms"),
    ("health.column.location", "所在地", "location"),
    ("health.column.time", "填报时间", "time"),
    ("health.column.check", "检次", "check"),
    // Refusals and problems.
    (
        "health.department_out_of_scope",
        "无权查看或处理“{department}”的健康监测：您只负责 {scope}。未写入任何内容",
        "not allowed for \"{department}\": you are responsible for {scope} only. Nothing was written",
    ),
    (
        "health.person_out_of_scope",
        "{id} 属于“{department}”，不在您负责的系部（{scope}）内，已拒绝，未写入任何内容",
        "{id} belongs to \"{department}\", outside your departments ({scope}); refused, nothing was written",
    ),
    (
        "health.check_unknown_named",
        "未知检次“{check}”（可用：{known}）",
        "unknown check \"{check}\" (configured: {known})",
    ),
    (
        "health.symptom_unknown_named",
        "未知症状“{symptom}”（可用：{known}，或其中文名称）",
        "unknown symptom \"{symptom}\" (configured: {known}, or their labels)",
    ),
    (
        "health.symptom_unknown",
        "未知症状“{word}”",
        "unknown symptom \"{word}\"",
    ),
    (
        "health.check_unknown",
        "未知检次“{word}”",
        "unknown check \"{word}\"",
    ),
    (
        "health.check_needed",
        "无法判断检次：文件没有检次或时间列，请用 --check 指定",
        "which check is unclear: the file has no check or time column; give --check",
    ),
    (
        "health.time_format",
        "时间格式应为 YYYY-MM-DD HH:MM 或 HH:MM",
        "times are YYYY-MM-DD HH:MM or HH:MM",
    ),
    (
        "health.date_format",
        "日期格式应为 YYYY-MM-DD",
        "dates are YYYY-MM-DD",
    ),
    (
        "health.future_date",
        "不能为将来的日期记录体温",
        "readings cannot be recorded for a future day",
    ),
    (
        "health.row_problem",
        "第 {line} 行，{column}：{problem}",
        "line {line}, {column}: {problem}",
    ),
    (
        "health.import_unknown_person",
        "第 {line} 行：名册中没有 {id}",
        "line {line}: {id} is not on the roster",
    ),
    (
        "health.import_name_mismatch",
        "第 {line} 行：{id} 的姓名为“{name}”，名册中是“{roster}”",
        "line {line}: {id} is named \"{name}\" but the roster says \"{roster}\"",
    ),
    (
        "health.import_out_of_scope",
        "第 {line} 行：{id} 属于“{department}”，不在您负责的系部内",
        "line {line}: {id} belongs to \"{department}\", outside your departments",
    ),
    (
        "health.import_future",
        "第 {line} 行：日期 {date} 在将来",
        "line {line}: the date {date} is in the future",
    ),
    (
        "health.import_duplicate",
        "第 {line} 行：{id} 的同一检次已在第 {first} 行出现",
        "line {line}: {id} already has this check on line {first}",
    ),
    (
        "health.more_problems",
        "……另有 {count} 处错误未列出",
        "… and {count} more problem(s) not listed",
    ),
    (
        "health.xlsx",
        "无法读取 XLSX 文件：{detail}",
        "cannot read the XLSX file: {detail}",
    ),
    // Results.
    (
        "health.recorded",
        "已记录 {name}（{id}）{check}：{temp}",
        "recorded {name} ({id}), {check}: {temp}",
    ),
    (
        "health.replaced",
        "已更新 {name}（{id}）{check}：{temp}（原记录保留在审计日志中）",
        "replaced {name} ({id}), {check}: {temp} (the previous value is kept in the audit trail)",
    ),
    (
        "health.abnormal_note",
        "该记录异常（体温达到发热标准或有症状）",
        "this reading is abnormal (fever or symptoms)",
    ),
    (
        "health.flag_opened",
        "已开启发热处置 #{id}：请复测（dutydesk flag recheck {id}）",
        "fever case #{id} opened: re-check it (dutydesk flag recheck {id})",
    ),
    (
        "health.imported",
        "已导入：新增 {added}，更新 {replaced}，未变 {unchanged}；异常 {abnormal}，开启发热处置 {flags}",
        "imported: {added} added, {replaced} replaced, {unchanged} unchanged; {abnormal} abnormal, {flags} fever case(s) opened",
    ),
    (
        "health.import_dry",
        "试运行，未写入：将新增 {added}，更新 {replaced}，未变 {unchanged}；异常 {abnormal}",
        "dry run, nothing written: would add {added}, replace {replaced}, leave {unchanged} unchanged; {abnormal} abnormal",
    ),
    (
        "health.missing_count",
        "共 {count} 人次未报",
        "{count} missing",
    ),
    (
        "health.summary_title",
        "{date} 健康监测汇总",
        "Health checks on {date}",
    ),
    // The paper sheet.
    (
        "health.sheet_written",
        "已写入 {path}（{classes} 个班级工作表）",
        "wrote {path} ({classes} class worksheet(s))",
    ),
    (
        "health.sheet_empty",
        "没有可导出的人员（名册为空或不在您负责的系部内）",
        "nobody to print (the roster is empty or outside your departments)",
    ),
    (
        "health.sheet_title",
        "{site} 师生健康监测登记表（晨午晚检）",
        "{site} — daily health check record",
    ),
    (
        "health.sheet_subtitle",
        "系部：{department}    班级：{class}    日期：{date}    发热标准：{threshold} 及以上",
        "Department: {department}    Class: {class}    Date: {date}    Fever: {threshold} or above",
    ),
    ("health.sheet_no", "序号", "No."),
    ("health.sheet_remarks", "备注", "Remarks"),
    ("health.sheet_missing", "未报", "—"),
    ("health.sheet_no_class", "未分班", "No class"),
    ("health.sheet_page", "第 &P 页，共 &N 页", "Page &P of &N"),
    (
        "health.sheet_legend",
        "▲ 异常（体温达到发热标准或有症状）；“未报”为该检次无记录。",
        "▲ abnormal (fever or symptoms); — no reading for that check.",
    ),
    ("health.sign_checker", "检查人", "Checked by"),
    ("health.sign_teacher", "班主任", "Class teacher"),
    ("health.sign_head", "系部负责人", "Department head"),
    (
        "scope.outside",
        "{what} 不属于您负责的系部，无权查看",
        "{what} is outside your departments",
    ),
    // The handover carry-over.
    ("carry.health", "健康监测", "health checks"),
    (
        "health.carry_missing",
        "{check}：{count} 人未报（{departments}）",
        "{check}: {count} missing ({departments})",
    ),
    (
        "health.carry_abnormal",
        "今日异常 {count} 条：{list}",
        "{count} abnormal reading(s) today: {list}",
    ),
    ("health.carry_more", "等", "…"),
    // Fever cases from a health check.
    ("flag.show.from_check", "来自健康监测", "From health check"),
];
