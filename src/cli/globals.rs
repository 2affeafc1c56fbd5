//! The options that apply to every command (`--db`, `--config`, `--user`, `--lang`)
//! may each be given once. clap copies a global option into every subcommand and keeps
//! the value given deepest, so `dutydesk --user zhao entry add … --user zhou` would act
//! as zhou without a word; this check refuses the second occurrence instead.

use std::ffi::OsString;

/// The global options with a value, as written on the command line.
pub const GLOBALS: [&str; 4] = ["--db", "--config", "--user", "--lang"];

/// The first global option that appears more than once among `args` (the program
/// name excluded), either as `--user NAME` or `--user=NAME`. A bare `--` ends the
/// options, as it does for clap. A value that itself reads `--user` is counted too:
/// clap would take it as the option everywhere except after `--temp` or `--value`
/// (which accept leading hyphens), where it is not a valid value anyway.
pub fn repeated(args: &[OsString]) -> Option<&'static str> {
    let mut seen = [0usize; GLOBALS.len()];
    for arg in args {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        for (i, name) in GLOBALS.iter().enumerate() {
            let matches = arg == *name
                || arg
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('='));
            if matches {
                seen[i] += 1;
                if seen[i] > 1 {
                    return Some(name);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::repeated;
    use std::ffi::OsString;

    fn args(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn a_second_occurrence_anywhere_is_found() {
        assert_eq!(
            repeated(&args("--user zhao entry add --user zhou")),
            Some("--user")
        );
        assert_eq!(repeated(&args("--db=a info --db b")), Some("--db"));
        assert_eq!(
            repeated(&args("entry --lang zh list --lang=en")),
            Some("--lang")
        );
        assert_eq!(
            repeated(&args("--config a --config=b info")),
            Some("--config")
        );
    }

    #[test]
    fn once_each_is_fine() {
        assert_eq!(
            repeated(&args("--user zhao --db d --config c --lang zh info")),
            None
        );
        assert_eq!(repeated(&args("--username x --user y info")), None);
        assert_eq!(repeated(&args("info -- --user --user")), None);
    }
}
