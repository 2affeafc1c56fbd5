//! Strings of remote access over OpenSSH: `dutydesk ssh authorize` and the checks of
//! public keys. (key, 中文, English)

use super::Entry;

pub const ENTRIES: &[Entry] = &[
    // dutydesk ssh authorize
    (
        "ssh.user_required",
        "请用 --user NAME 指明这把密钥属于哪位操作员（[users] 中的名字）",
        "say whose key this is with --user NAME (a name under [users])",
    ),
    (
        "ssh.forced_needs_paths",
        "作为 SSH 强制命令运行时必须同时给出 --db 和 --config（不读取 DUTYDESK_DB、DUTYDESK_CONFIG）；请用 dutydesk ssh authorize 重新生成这把密钥的 authorized_keys 行",
        "running as an SSH forced command needs both --db and --config (DUTYDESK_DB and DUTYDESK_CONFIG are not read); make the key's authorized_keys line again with dutydesk ssh authorize",
    ),
    (
        "ssh.no_users",
        "当前为单操作员模式（{path} 中没有 [users]）：通过 SSH 登录的每把密钥都要对应一位有角色的操作员，请先添加用户，例如 [users.{user}]，写明 name 和 role",
        "single-operator mode ({path} has no [users]): every key used over SSH must belong to an operator with a role; add users first, e.g. [users.{user}] with name and role",
    ),
    (
        "ssh.unknown_user",
        "操作员“{user}”未在 {path} 的 [users] 中登记；已登记：{known}。请先添加 [users.{user}]，写明 name 和 role",
        "operator \"{user}\" is not listed under [users] in {path}; listed: {known}. Add [users.{user}] with name and role first",
    ),
    (
        "ssh.key_not_utf8",
        "{path} 不是文本文件：请给出公钥文件（.pub）",
        "{path} is not a text file: give the public key file (.pub)",
    ),
    (
        "ssh.key_problem",
        "{path} 第 {line} 行：{problem}",
        "{path}, line {line}: {problem}",
    ),
    (
        "ssh.exe_unknown",
        "无法确定 dutydesk 程序的绝对路径：{detail}",
        "cannot tell the absolute path of the dutydesk program: {detail}",
    ),
    (
        "ssh.path_not_utf8",
        "路径 {path} 不是 UTF-8 文本，无法写入 authorized_keys",
        "the path {path} is not UTF-8 text and cannot go into authorized_keys",
    ),
    (
        "ssh.cannot_quote",
        "{what}“{value}”无法写入强制命令：{problem}",
        "the {what} \"{value}\" cannot go into the forced command: {problem}",
    ),
    ("ssh.what.program", "程序路径", "program path"),
    ("ssh.what.user", "操作员名", "operator name"),
    ("ssh.what.config", "配置文件路径", "config file path"),
    ("ssh.what.db", "数据库路径", "database path"),
    (
        "ssh.authorized",
        "已为 {user}（{name}，{role}）生成一行：把它追加到数据库所属服务账户的 ~/.ssh/authorized_keys；删除该行即吊销",
        "one line for {user} ({name}, {role}): append it to ~/.ssh/authorized_keys of the service account that owns the database; deleting the line revokes the key",
    ),
    (
        "sshcmd.quote",
        "含有双引号；请换一个不含 \" 的路径或名字",
        "it contains a double quote; use a path or name without \"",
    ),
    (
        "sshcmd.control",
        "含有控制字符（如换行）",
        "it contains control characters (such as a newline)",
    ),
    // Public key problems
    (
        "sshkey.empty",
        "没有公钥：文件为空，或只有注释",
        "no public key: the file is empty or holds only comments",
    ),
    (
        "sshkey.too_long",
        "文件太大，不像公钥文件",
        "the file is too large to be a public key",
    ),
    (
        "sshkey.private",
        "这是私钥！请给出对应的公钥文件（.pub），私钥不要离开本人电脑",
        "this is a private key! Give the matching public key file (.pub); a private key never leaves its owner's machine",
    ),
    (
        "sshkey.rfc4716",
        "这是 RFC 4716 格式；请先转换：ssh-keygen -i -f 文件",
        "this is the RFC 4716 format; convert it first: ssh-keygen -i -f FILE",
    ),
    (
        "sshkey.control",
        "含有控制字符或转义序列",
        "it contains control characters or escape sequences",
    ),
    (
        "sshkey.options",
        "行首带有 authorized_keys 选项（command=、restrict 等）；请给出 ssh-keygen 生成的原始公钥，选项由本命令添加",
        "the line starts with authorized_keys options (command=, restrict, …); give the bare public key as ssh-keygen wrote it, this command adds the options",
    ),
    (
        "sshkey.unknown_type",
        "不支持的密钥类型“{type}”；支持：ssh-ed25519、ssh-rsa、ecdsa-sha2-nistp256/384/521、sk-ssh-ed25519@openssh.com、sk-ecdsa-sha2-nistp256@openssh.com",
        "unsupported key type \"{type}\"; supported: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com",
    ),
    (
        "sshkey.missing_body",
        "密钥类型后缺少 base64 编码的密钥内容",
        "the key type is not followed by the base64 key data",
    ),
    (
        "sshkey.bad_base64",
        "密钥内容不是有效的 base64（复制时是否断行或缺字？）",
        "the key data is not valid base64 (was it cut or wrapped when copied?)",
    ),
    (
        "sshkey.type_mismatch",
        "行首写的是 {written}，密钥内容里却是 {inside}",
        "the line says {written} but the key data holds {inside}",
    ),
    (
        "sshkey.malformed",
        "密钥内容不完整或结构不对（复制时是否缺字？）",
        "the key data is incomplete or malformed (was it cut when copied?)",
    ),
    (
        "sshkey.rsa_small",
        "RSA 密钥只有 {bits} 位，OpenSSH 不接受低于 1024 位的密钥；请生成新密钥：ssh-keygen -t ed25519",
        "the RSA key has only {bits} bits; OpenSSH refuses keys under 1024 bits. Make a new one: ssh-keygen -t ed25519",
    ),
    (
        "sshkey.multiple",
        "文件里有不止一把密钥；每次只授权一把，每人一行",
        "the file holds more than one key; authorize one key at a time, one line per person",
    ),
];
