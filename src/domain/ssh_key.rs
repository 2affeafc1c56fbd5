//! OpenSSH public keys as `ssh-keygen` writes them (`TYPE BASE64 [COMMENT]`), checked
//! before one is bound to an operator in `authorized_keys`, and the forced-command line
//! that binds it. Pure: the caller reads the file and finds the program's path.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The key types accepted: those OpenSSH accepts by default for user authentication.
pub const KEY_TYPES: &[&str] = &[
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/// Longest public key file read (an RSA-16384 key line is about 2.8 KB).
pub const MAX_KEY_FILE_BYTES: usize = 16 * 1024;

/// A public key that passed every check, in the form written to `authorized_keys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    pub kind: &'static str,
    /// The base64 body, exactly as given.
    pub body: String,
    pub comment: Option<String>,
}

impl PublicKey {
    /// `TYPE BASE64 [COMMENT]`.
    pub fn line(&self) -> String {
        match &self.comment {
            Some(c) => format!("{} {} {c}", self.kind, self.body),
            None => format!("{} {}", self.kind, self.body),
        }
    }
}

/// Why a public key file was refused. Each has a message key in `catalog_ssh`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// No key line at all.
    Empty,
    /// The file is longer than any public key.
    TooLong,
    /// A private key: the `.pub` file was meant.
    PrivateKey,
    /// The RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`) format.
    Rfc4716,
    /// Control characters or escape sequences.
    ControlCharacters,
    /// The line starts with `authorized_keys` options (`command=`, `restrict`, …).
    Options,
    /// The first word is not a key type accepted here.
    UnknownType(String),
    /// The type is not followed by the base64 body.
    MissingBody,
    /// The body is not valid base64.
    BadBase64,
    /// The type inside the body differs from the type written before it.
    TypeMismatch { written: String, inside: String },
    /// The decoded body does not have the layout of its key type.
    Malformed,
    /// An RSA modulus below 1024 bits, which OpenSSH refuses.
    RsaTooSmall(usize),
    /// A second key follows the first (on another line or in the comment).
    MultipleKeys,
}

impl KeyProblem {
    pub fn key(&self) -> &'static str {
        match self {
            Self::Empty => "sshkey.empty",
            Self::TooLong => "sshkey.too_long",
            Self::PrivateKey => "sshkey.private",
            Self::Rfc4716 => "sshkey.rfc4716",
            Self::ControlCharacters => "sshkey.control",
            Self::Options => "sshkey.options",
            Self::UnknownType(_) => "sshkey.unknown_type",
            Self::MissingBody => "sshkey.missing_body",
            Self::BadBase64 => "sshkey.bad_base64",
            Self::TypeMismatch { .. } => "sshkey.type_mismatch",
            Self::Malformed => "sshkey.malformed",
            Self::RsaTooSmall(_) => "sshkey.rsa_small",
            Self::MultipleKeys => "sshkey.multiple",
        }
    }
}

/// A problem and the 1-based line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFileError {
    pub line: usize,
    pub problem: KeyProblem,
}

fn at(line: usize, problem: KeyProblem) -> KeyFileError {
    KeyFileError { line, problem }
}

/// Reads a public key file: exactly one key line; blank lines and `#` comment lines
/// around it are ignored.
pub fn parse_key_file(text: &str) -> Result<PublicKey, KeyFileError> {
    if text.len() > MAX_KEY_FILE_BYTES {
        return Err(at(1, KeyProblem::TooLong));
    }
    // Checked before anything else so no message ever quotes a private key.
    if let Some(n) = text.lines().position(|l| l.contains("PRIVATE KEY-----")) {
        return Err(at(n + 1, KeyProblem::PrivateKey));
    }
    if let Some(n) = text
        .lines()
        .position(|l| l.contains("BEGIN SSH2 PUBLIC KEY"))
    {
        return Err(at(n + 1, KeyProblem::Rfc4716));
    }
    let mut found: Option<PublicKey> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.chars().any(|c| c != '\t' && is_control(c)) {
            return Err(at(line, KeyProblem::ControlCharacters));
        }
        let trimmed = raw.trim_matches(|c| c == ' ' || c == '\t');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if found.is_some() {
            return Err(at(line, KeyProblem::MultipleKeys));
        }
        found = Some(parse_key_line(trimmed).map_err(|p| at(line, p))?);
    }
    found.ok_or_else(|| at(1, KeyProblem::Empty))
}

fn is_control(c: char) -> bool {
    super::text::is_forbidden(c)
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', '\t']).filter(|w| !w.is_empty())
}

/// Checks one `TYPE BASE64 [COMMENT]` line (already trimmed, no control characters).
pub fn parse_key_line(line: &str) -> Result<PublicKey, KeyProblem> {
    let (kind_word, rest) = split_word(line);
    let Some(kind) = KEY_TYPES.iter().copied().find(|k| *k == kind_word) else {
        return Err(if looks_like_options(kind_word) {
            KeyProblem::Options
        } else {
            KeyProblem::UnknownType(shorten(kind_word))
        });
    };
    let (body, rest) = split_word(rest);
    if body.is_empty() {
        return Err(KeyProblem::MissingBody);
    }
    let blob = STANDARD.decode(body).map_err(|_| KeyProblem::BadBase64)?;
    check_blob(kind, &blob)?;
    let comment = rest.trim_matches(|c| c == ' ' || c == '\t');
    // A second key pasted onto the same line would pass for a comment.
    let mut w = words(comment).peekable();
    while let Some(word) = w.next() {
        if KEY_TYPES.contains(&word) && w.peek().is_some_and(|b| b.starts_with("AAAA")) {
            return Err(KeyProblem::MultipleKeys);
        }
    }
    Ok(PublicKey {
        kind,
        body: body.to_string(),
        comment: (!comment.is_empty()).then(|| comment.to_string()),
    })
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start_matches([' ', '\t']);
    match s.find([' ', '\t']) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

fn looks_like_options(word: &str) -> bool {
    const OPTIONS: &[&str] = &[
        "agent-forwarding",
        "cert-authority",
        "no-agent-forwarding",
        "no-port-forwarding",
        "no-pty",
        "no-user-rc",
        "no-x11-forwarding",
        "port-forwarding",
        "pty",
        "restrict",
        "user-rc",
        "x11-forwarding",
        "no-touch-required",
        "verify-required",
    ];
    word.contains('=')
        || word.contains('"')
        || word
            .split(',')
            .any(|o| OPTIONS.contains(&o.to_ascii_lowercase().as_str()))
}

/// At most 40 characters of something unrecognised, for the message.
fn shorten(word: &str) -> String {
    let mut out: String = word.chars().take(40).collect();
    if word.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Reads SSH wire-format strings (`uint32 length, bytes`) off a blob.
struct Wire<'a>(&'a [u8]);

impl<'a> Wire<'a> {
    fn string(&mut self) -> Result<&'a [u8], KeyProblem> {
        if self.0.len() < 4 {
            return Err(KeyProblem::Malformed);
        }
        let n = u32::from_be_bytes([self.0[0], self.0[1], self.0[2], self.0[3]]) as usize;
        let rest = &self.0[4..];
        if rest.len() < n {
            return Err(KeyProblem::Malformed);
        }
        let (s, tail) = rest.split_at(n);
        self.0 = tail;
        Ok(s)
    }

    fn end(&self) -> Result<(), KeyProblem> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(KeyProblem::Malformed)
        }
    }
}

/// The blob's embedded type must equal the written one, and the rest must have that
/// type's layout (RFC 4253, 5656, 8709 and OpenSSH's PROTOCOL.u2f).
fn check_blob(kind: &str, blob: &[u8]) -> Result<(), KeyProblem> {
    let mut w = Wire(blob);
    let inside = w.string()?;
    if inside != kind.as_bytes() {
        return Err(KeyProblem::TypeMismatch {
            written: kind.to_string(),
            inside: shorten(&super::text::sanitize(&String::from_utf8_lossy(inside))),
        });
    }
    let fixed = |w: &mut Wire, len: usize| -> Result<(), KeyProblem> {
        if w.string()?.len() == len {
            Ok(())
        } else {
            Err(KeyProblem::Malformed)
        }
    };
    let curve = |w: &mut Wire, name: &str, point: usize| -> Result<(), KeyProblem> {
        if w.string()? != name.as_bytes() {
            return Err(KeyProblem::Malformed);
        }
        let q = w.string()?;
        if q.len() == point && q[0] == 4 {
            Ok(())
        } else {
            Err(KeyProblem::Malformed)
        }
    };
    match kind {
        "ssh-ed25519" => fixed(&mut w, 32)?,
        "sk-ssh-ed25519@openssh.com" => {
            fixed(&mut w, 32)?;
            w.string()?; // application
        }
        "ssh-rsa" => {
            let e = w.string()?;
            let n = w.string()?;
            if e.is_empty() || n.is_empty() {
                return Err(KeyProblem::Malformed);
            }
            let significant = n.iter().skip_while(|b| **b == 0).count();
            let bits = significant * 8;
            if bits < 1024 {
                return Err(KeyProblem::RsaTooSmall(bits));
            }
        }
        "ecdsa-sha2-nistp256" => curve(&mut w, "nistp256", 65)?,
        "ecdsa-sha2-nistp384" => curve(&mut w, "nistp384", 97)?,
        "ecdsa-sha2-nistp521" => curve(&mut w, "nistp521", 133)?,
        "sk-ecdsa-sha2-nistp256@openssh.com" => {
            curve(&mut w, "nistp256", 65)?;
            w.string()?; // application
        }
        _ => return Err(KeyProblem::UnknownType(kind.to_string())),
    }
    w.end()
}

/// Why a value cannot go into the forced command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandProblem {
    /// A double quote would end `command="…"` early.
    Quote,
    /// Control characters (a newline would start a new `authorized_keys` line).
    ControlCharacters,
}

impl CommandProblem {
    pub fn key(self) -> &'static str {
        match self {
            Self::Quote => "sshcmd.quote",
            Self::ControlCharacters => "sshcmd.control",
        }
    }
}

/// One word of the forced command, quoted for the account's shell (sshd runs the
/// command with `$SHELL -c`). Plain words stay as they are; anything else goes in
/// single quotes. A `"` or a control character is refused rather than escaped: inside
/// `command="…"` only `\"` is an escape, and guessing at two quoting layers at once
/// is how keys get the wrong command.
pub fn shell_word(word: &str) -> Result<String, CommandProblem> {
    if word.chars().any(is_control) {
        return Err(CommandProblem::ControlCharacters);
    }
    if word.contains('"') {
        return Err(CommandProblem::Quote);
    }
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@+,=%".contains(c));
    if plain {
        Ok(word.to_string())
    } else {
        Ok(format!("'{}'", word.replace('\'', r"'\''")))
    }
}

/// What a key is bound to: the program and its arguments. The config and the database
/// are always named (absolute paths), so nothing of the session's environment chooses
/// either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForcedCommand<'a> {
    pub program: &'a str,
    pub user: &'a str,
    pub config: &'a str,
    pub db: &'a str,
}

/// The flag that tells the binary it runs as an SSH forced command: `DUTYDESK_DB` and
/// `DUTYDESK_CONFIG` are then ignored and `--db` and `--config` are required.
pub const FORCED_FLAG: &str = "--ssh-forced";

/// The `authorized_keys` line:
/// `command="PROGRAM --ssh-forced --user NAME --config PATH --db PATH",restrict,pty KEY`.
/// `restrict` turns off every forwarding, the agent, X11 and `~/.ssh/rc`; `pty` gives
/// back the terminal the console needs. Errors name the argument that cannot be quoted.
pub fn authorized_keys_line(
    cmd: &ForcedCommand,
    key: &PublicKey,
) -> Result<String, (&'static str, CommandProblem)> {
    let words = [
        shell_word(cmd.program).map_err(|p| ("program", p))?,
        FORCED_FLAG.to_string(),
        "--user".to_string(),
        shell_word(cmd.user).map_err(|p| ("user", p))?,
        "--config".into(),
        shell_word(cmd.config).map_err(|p| ("config", p))?,
        "--db".into(),
        shell_word(cmd.db).map_err(|p| ("db", p))?,
    ];
    Ok(format!(
        "command=\"{}\",restrict,pty {}",
        words.join(" "),
        key.line()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real keys from `ssh-keygen` (public halves only).
    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILrOCYpZ8ZgYxgyHotyD68jop/S2oFQ4yN7ouX6/ohGS li@laptop";
    const ECDSA256: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBM94Yk/dwLGUimmch98FpNxhhwh62P6HvLuDYlqvFL0srKvzHitftulsw7OmjzQIbAxs6Sgljx3Ptnk0ZGR1b5s=";

    fn blob(parts: &[&[u8]]) -> String {
        let mut out = Vec::new();
        for p in parts {
            out.extend_from_slice(&(p.len() as u32).to_be_bytes());
            out.extend_from_slice(p);
        }
        STANDARD.encode(out)
    }

    #[test]
    fn accepts_keys_as_ssh_keygen_writes_them() {
        let k = parse_key_file(&format!("{ED25519}\n")).unwrap();
        assert_eq!(k.kind, "ssh-ed25519");
        assert_eq!(k.comment.as_deref(), Some("li@laptop"));
        assert_eq!(k.line(), ED25519);
        let k = parse_key_file(ECDSA256).unwrap();
        assert_eq!(k.kind, "ecdsa-sha2-nistp256");
        assert_eq!(k.comment, None);
    }

    #[test]
    fn accepts_every_listed_type_with_its_layout() {
        let point = |n: usize| {
            let mut p = vec![4u8];
            p.extend(std::iter::repeat_n(7u8, n - 1));
            p
        };
        let modulus = vec![0xC5u8; 256];
        let cases = [
            ("ssh-ed25519", blob(&[b"ssh-ed25519", &[1; 32]])),
            ("ssh-rsa", blob(&[b"ssh-rsa", &[1, 0, 1], &modulus])),
            (
                "ecdsa-sha2-nistp384",
                blob(&[b"ecdsa-sha2-nistp384", b"nistp384", &point(97)]),
            ),
            (
                "ecdsa-sha2-nistp521",
                blob(&[b"ecdsa-sha2-nistp521", b"nistp521", &point(133)]),
            ),
            (
                "sk-ssh-ed25519@openssh.com",
                blob(&[b"sk-ssh-ed25519@openssh.com", &[2; 32], b"ssh:"]),
            ),
            (
                "sk-ecdsa-sha2-nistp256@openssh.com",
                blob(&[
                    b"sk-ecdsa-sha2-nistp256@openssh.com",
                    b"nistp256",
                    &point(65),
                    b"ssh:",
                ]),
            ),
        ];
        for (kind, body) in cases {
            let k = parse_key_line(&format!("{kind} {body} 带中文的注释 two words"))
                .unwrap_or_else(|e| panic!("{kind}: {e:?}"));
            assert_eq!(k.kind, kind);
            assert_eq!(k.comment.as_deref(), Some("带中文的注释 two words"));
        }
    }

    #[test]
    fn skips_blank_and_comment_lines_and_names_the_line_of_a_problem() {
        let text = format!("# li's laptop\n\n{ED25519}\n\n");
        assert!(parse_key_file(&text).is_ok());
        let err = parse_key_file(&format!("# one\n{ED25519}\n{ECDSA256}\n")).unwrap_err();
        assert_eq!(err, at(3, KeyProblem::MultipleKeys));
        let err = parse_key_file("\n\nssh-ed25519\n").unwrap_err();
        assert_eq!(err, at(3, KeyProblem::MissingBody));
        assert_eq!(parse_key_file("").unwrap_err(), at(1, KeyProblem::Empty));
        assert_eq!(
            parse_key_file("# only a comment\n").unwrap_err(),
            at(1, KeyProblem::Empty)
        );
    }

    #[test]
    fn refuses_options_before_the_key() {
        for line in [
            format!("command=\"/bin/sh\" {ED25519}"),
            format!("restrict,pty {ED25519}"),
            format!("no-pty {ED25519}"),
        ] {
            assert_eq!(parse_key_line(&line), Err(KeyProblem::Options), "{line}");
        }
    }

    #[test]
    fn refuses_a_second_key_in_the_comment() {
        let two = format!("{ED25519} {ECDSA256}");
        assert_eq!(parse_key_line(&two), Err(KeyProblem::MultipleKeys));
        // A comment that merely names a key type is fine.
        assert!(parse_key_line(&format!("{ED25519} my ssh-rsa key was lost")).is_ok());
    }

    #[test]
    fn refuses_control_characters_and_escape_sequences() {
        let err = parse_key_file(&format!("{ED25519}\u{1b}[2J\n")).unwrap_err();
        assert_eq!(err, at(1, KeyProblem::ControlCharacters));
        let err = parse_key_file(&format!("{ED25519}\rssh-rsa x\n")).unwrap_err();
        assert_eq!(err.problem, KeyProblem::ControlCharacters);
        // Windows line endings are fine.
        assert!(parse_key_file(&format!("{ED25519}\r\n")).is_ok());
    }

    #[test]
    fn refuses_private_keys_without_quoting_them() {
        let text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        assert_eq!(
            parse_key_file(text).unwrap_err(),
            at(1, KeyProblem::PrivateKey)
        );
        let rfc = "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n";
        assert_eq!(
            parse_key_file(rfc).unwrap_err().problem,
            KeyProblem::Rfc4716
        );
    }

    #[test]
    fn refuses_unknown_types_bad_base64_and_mismatched_bodies() {
        assert_eq!(
            parse_key_line("ssh-dss AAAAB3NzaC1kc3M="),
            Err(KeyProblem::UnknownType("ssh-dss".into()))
        );
        assert_eq!(
            parse_key_line("ssh-ed25519 not*base64!"),
            Err(KeyProblem::BadBase64)
        );
        let rsa_body = blob(&[b"ssh-rsa", &[1, 0, 1], &[0xC5; 256]]);
        assert_eq!(
            parse_key_line(&format!("ssh-ed25519 {rsa_body}")),
            Err(KeyProblem::TypeMismatch {
                written: "ssh-ed25519".into(),
                inside: "ssh-rsa".into()
            })
        );
    }

    #[test]
    fn refuses_bodies_without_the_layout_of_their_type() {
        let short = blob(&[b"ssh-ed25519", &[1; 31]]);
        let trailing = blob(&[b"ssh-ed25519", &[1; 32], b"x"]);
        let wrong_curve = blob(&[b"ecdsa-sha2-nistp256", b"nistp384", &[4; 65]]);
        let truncated = {
            let mut b = STANDARD.decode(blob(&[b"ssh-ed25519", &[1; 32]])).unwrap();
            b.truncate(20);
            STANDARD.encode(b)
        };
        for (kind, body) in [
            ("ssh-ed25519", short),
            ("ssh-ed25519", trailing),
            ("ecdsa-sha2-nistp256", wrong_curve),
            ("ssh-ed25519", truncated),
        ] {
            assert_eq!(
                parse_key_line(&format!("{kind} {body}")),
                Err(KeyProblem::Malformed),
                "{body}"
            );
        }
        let small = blob(&[b"ssh-rsa", &[1, 0, 1], &[0xC5; 64]]);
        assert_eq!(
            parse_key_line(&format!("ssh-rsa {small}")),
            Err(KeyProblem::RsaTooSmall(512))
        );
    }

    #[test]
    fn quotes_words_for_the_shell_and_refuses_what_cannot_be_quoted() {
        assert_eq!(
            shell_word("/usr/local/bin/dutydesk").unwrap(),
            "/usr/local/bin/dutydesk"
        );
        assert_eq!(
            shell_word("/srv/duty desk/db").unwrap(),
            "'/srv/duty desk/db'"
        );
        assert_eq!(shell_word("/a/it's").unwrap(), r"'/a/it'\''s'");
        assert_eq!(shell_word("/a/$(id)").unwrap(), "'/a/$(id)'");
        assert_eq!(shell_word("李").unwrap(), "'李'");
        assert_eq!(shell_word("/a\"b"), Err(CommandProblem::Quote));
        assert_eq!(shell_word("/a\nb"), Err(CommandProblem::ControlCharacters));
    }

    #[test]
    fn builds_the_authorized_keys_line() {
        let key = parse_key_line(ED25519).unwrap();
        let line = authorized_keys_line(
            &ForcedCommand {
                program: "/usr/local/bin/dutydesk",
                user: "li",
                config: "/etc/dutydesk/config.toml",
                db: "/var/lib/duty desk/dutydesk.db",
            },
            &key,
        )
        .unwrap();
        assert_eq!(
            line,
            format!(
                "command=\"/usr/local/bin/dutydesk --ssh-forced --user li --config /etc/dutydesk/config.toml --db '/var/lib/duty desk/dutydesk.db'\",restrict,pty {ED25519}"
            )
        );
        let bad = ForcedCommand {
            program: "/usr/bin/dutydesk",
            user: "li",
            config: "/etc/dutydesk/config.toml",
            db: "/tmp/x\"y",
        };
        assert_eq!(
            authorized_keys_line(&bad, &key),
            Err(("db", CommandProblem::Quote))
        );
    }
}
