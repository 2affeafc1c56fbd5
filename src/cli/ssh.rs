//! `dutydesk ssh authorize`: the `authorized_keys` line that binds one public key to
//! one operator. OpenSSH runs the forced command whatever the client asks for, so the
//! key opens the console as that operator and nothing else.

use super::Session;
use crate::config::ConfigSource;
use crate::domain::ssh_key::{self, ForcedCommand, KeyFileError, KeyProblem, PublicKey};
use crate::error::{DeskError, DeskResult};
use clap::{Args, Subcommand};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum SshCommand {
    /// Print the authorized_keys line binding a public key to the operator given by --user.
    Authorize(AuthorizeArgs),
}

#[derive(Debug, Args)]
pub struct AuthorizeArgs {
    /// The operator's public key file, as ssh-keygen wrote it (`-` reads stdin).
    #[arg(long, value_name = "PUBKEY_FILE")]
    key: PathBuf,
}

pub fn run(session: &Session, cmd: SshCommand) -> DeskResult<ExitCode> {
    match cmd {
        SshCommand::Authorize(a) => authorize(session, &a),
    }
}

fn authorize(session: &Session, a: &AuthorizeArgs) -> DeskResult<ExitCode> {
    let Some(user) = session.user.as_deref() else {
        eprintln!(
            "{}: {}",
            session.tr("cli.error"),
            session.tr("ssh.user_required")
        );
        return Ok(ExitCode::from(2));
    };
    let config_file = match &session.loaded.source {
        ConfigSource::File(p) => p.display().to_string(),
        ConfigSource::BuiltIn => crate::config::EMBEDDED_NAME.to_string(),
    };
    let Some(users) = &session.loaded.config.users else {
        return Err(DeskError::refused("ssh.no_users")
            .arg("path", config_file)
            .arg("user", crate::domain::text::sanitize(user)));
    };
    let Some(operator) = users.get(user) else {
        let known: Vec<&str> = users.keys().map(String::as_str).collect();
        return Err(DeskError::not_found("ssh.unknown_user")
            .arg("user", crate::domain::text::sanitize(user))
            .arg("path", config_file)
            .arg("known", crate::domain::text::sanitize(&known.join(", "))));
    };
    let key = read_key(&a.key)?;

    let program = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| DeskError::internal("ssh.exe_unknown").arg("detail", e))?;
    // `[users]` is never built in, so the config is a file here; both paths are pinned.
    let config = match &session.loaded.source {
        ConfigSource::File(p) => absolute(p),
        ConfigSource::BuiltIn => {
            return Err(DeskError::refused("ssh.no_users")
                .arg("path", config_file)
                .arg("user", crate::domain::text::sanitize(user)));
        }
    };
    let db = absolute(&session.db_path);
    let program = utf8(&program)?;
    let config = utf8(&config)?;
    let db = utf8(&db)?;
    let line = ssh_key::authorized_keys_line(
        &ForcedCommand {
            program,
            user,
            config,
            db,
        },
        &key,
    )
    .map_err(|(what, problem)| {
        let value = match what {
            "program" => program,
            "config" => config,
            "db" => db,
            _ => user,
        };
        DeskError::invalid("ssh.cannot_quote")
            .arg("what", format!("ssh.what.{what}"))
            .arg("value", crate::domain::text::sanitize(value))
            .arg("problem", problem.key())
    })?;
    println!("{line}");
    eprintln!(
        "{}",
        crate::i18n::trf(
            session.lang,
            "ssh.authorized",
            &[
                ("user", crate::domain::text::sanitize(user)),
                ("name", crate::domain::text::sanitize(&operator.name)),
                (
                    "role",
                    session.tr(&format!("role.{}", operator.role)).to_string()
                ),
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// Notes in the log where an SSH session came from and what its client asked to run.
/// The forced command runs the console whatever was asked: `SSH_ORIGINAL_COMMAND` is
/// only recorded here, never acted on, so an administrator can see attempts.
pub fn note_remote_session(env: impl Fn(&str) -> Option<String>) {
    let Some(from) = env("SSH_CONNECTION") else {
        return;
    };
    let from = crate::domain::text::sanitize(&from);
    match env("SSH_ORIGINAL_COMMAND") {
        Some(asked) => tracing::warn!(
            "ssh session from {from}: the client asked to run {:?}; ignored, the key opens the console only",
            crate::domain::text::sanitize(&asked)
        ),
        None => tracing::info!("ssh session from {from}"),
    }
}

/// Reads and checks the public key; errors name the file and the line.
fn read_key(path: &Path) -> DeskResult<PublicKey> {
    let stdin = path == Path::new("-");
    let shown = if stdin {
        "(stdin)".to_string()
    } else {
        path.display().to_string()
    };
    let unreadable = |e: std::io::Error| {
        DeskError::invalid("file.unreadable")
            .arg("path", &shown)
            .arg("detail", e)
    };
    let mut bytes = Vec::new();
    let limit = ssh_key::MAX_KEY_FILE_BYTES as u64 + 1;
    if stdin {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .map_err(unreadable)?;
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| DeskError::invalid("ssh.key_not_utf8").arg("path", &shown))?;
    ssh_key::parse_key_file(&text).map_err(|e| key_error(&shown, e))
}

fn key_error(path: &str, e: KeyFileError) -> DeskError {
    let mut err = DeskError::invalid("ssh.key_problem")
        .arg("path", path)
        .arg("line", e.line)
        .arg("problem", e.problem.key());
    match e.problem {
        KeyProblem::UnknownType(t) => err = err.arg("type", crate::domain::text::sanitize(&t)),
        KeyProblem::TypeMismatch { written, inside } => {
            err = err.arg("written", written).arg("inside", inside)
        }
        KeyProblem::RsaTooSmall(bits) => err = err.arg("bits", bits),
        _ => {}
    }
    err
}

/// An absolute path with symbolic links resolved where the file exists; a database
/// not created yet keeps its name under its (resolved) directory.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| abs.clone()),
        _ => abs,
    }
}

fn utf8(p: &Path) -> DeskResult<&str> {
    p.to_str()
        .ok_or_else(|| DeskError::invalid("ssh.path_not_utf8").arg("path", p.display()))
}
