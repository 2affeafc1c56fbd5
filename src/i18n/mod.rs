//! The translation layer: every user-visible string is looked up here by key, in
//! Simplified Chinese or English. Templates use `{name}` placeholders.

mod catalog_approvals;
mod catalog_console;
mod catalog_core;
mod catalog_flags;
mod catalog_handover;
mod catalog_health;
mod catalog_incidents;
mod catalog_site;
mod catalog_ssh;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The console's and the CLI's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

/// One catalog entry: key, Chinese, English.
pub type Entry = (&'static str, &'static str, &'static str);

/// All catalogs, one per feature, so each feature keeps its strings beside its code.
const CATALOGS: &[&[Entry]] = &[
    catalog_core::ENTRIES,
    catalog_flags::ENTRIES,
    catalog_approvals::ENTRIES,
    catalog_ssh::ENTRIES,
    catalog_console::ENTRIES,
    catalog_handover::ENTRIES,
    catalog_site::ENTRIES,
    catalog_incidents::ENTRIES,
    catalog_health::ENTRIES,
];

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static TABLE: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        CATALOGS
            .iter()
            .flat_map(|c| c.iter())
            .map(|(k, zh, en)| (*k, (*zh, *en)))
            .collect()
    })
}

impl Lang {
    /// `zh`/`en` (also `zh-CN`, `zh_CN.UTF-8`, `chinese`, `english`); `auto` or anything
    /// else returns `None` so the caller can fall back to the environment.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "chinese" || s == "中文" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From `LC_ALL`, then `LC_MESSAGES`, then `LANG`: Chinese locales give `Zh`,
    /// everything else (including `C` and unset) gives `En`.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// The template for a key, or `None` when the key is not in any catalog.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    table().get(key).map(|(zh, en)| match lang {
        Lang::Zh => *zh,
        Lang::En => *en,
    })
}

/// The template for a key; an unknown key is shown as itself so it is noticed.
pub fn tr(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
}

/// Replaces `{name}` placeholders with their values.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Shorthand: translate and fill.
pub fn trf(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    fill(tr(lang, key), args)
}

/// A countdown in the operator's language: "8 分 36 秒", "1 小时 58 分"; "8m 36s",
/// "1h 58m". The one place countdowns are worded, for the CLI and the console.
pub fn countdown(lang: Lang, left: crate::domain::flag::TimeLeft) -> String {
    let units = match lang {
        Lang::Zh => [" 小时", " 分", " 秒"],
        Lang::En => ["h", "m", "s"],
    };
    crate::domain::flag::countdown_words(left, units, " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_key_is_unique_and_complete_in_both_languages() {
        let mut seen = HashSet::new();
        for (key, zh, en) in CATALOGS.iter().flat_map(|c| c.iter()) {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(
                !zh.is_empty() && !en.is_empty(),
                "{key} is missing a language"
            );
            assert_eq!(
                placeholders(zh),
                placeholders(en),
                "{key}: placeholders differ"
            );
        }
    }

    #[test]
    fn detects_the_language_from_the_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_env_vars(env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_env_vars(env(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")])),
            Lang::En
        );
        assert_eq!(Lang::from_env_vars(env(&[])), Lang::En);
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill(
                "第{line}行：{why}",
                &[("line", "3".into()), ("why", "缺少姓名".into())]
            ),
            "第3行：缺少姓名"
        );
    }
}
