//! One `ingest` line as a JSON object whose keys each appear once.
//!
//! serde_json keeps the last of two equal keys, so `{"person_id":"S1",…,"person_id":"S2"}`
//! would register S2 while the device's log shows S1 first. The object is read here
//! through its own visitor, in the same single pass as the parse, and a repeated key
//! makes the line an error naming the key.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// What the top level of a line held.
#[derive(Debug, PartialEq)]
pub enum Top {
    /// An object whose keys are all different.
    Object(Map<String, Value>),
    /// An object with this key (the first one repeated) more than once.
    Duplicate(String),
    /// Anything but an object (array, string, number, …).
    NotObject,
}

/// Parses one line; `Err` is a JSON syntax error.
pub fn parse_top(line: &str) -> serde_json::Result<Top> {
    serde_json::from_str(line)
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Top, D::Error> {
        d.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut out = Map::new();
        let mut repeated = None;
        while let Some(key) = map.next_key::<String>()? {
            if repeated.is_some() {
                // Read the rest so a syntax error later in the line is still reported.
                map.next_value::<IgnoredAny>()?;
            } else if out.contains_key(&key) {
                map.next_value::<IgnoredAny>()?;
                repeated = Some(key);
            } else {
                let value = map.next_value::<Value>()?;
                out.insert(key, value);
            }
        }
        Ok(match repeated {
            Some(key) => Top::Duplicate(key),
            None => Top::Object(out),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Top::NotObject)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Top, E> {
        Ok(Top::NotObject)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Top, E> {
        Ok(Top::NotObject)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Top, E> {
        Ok(Top::NotObject)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Top, E> {
        Ok(Top::NotObject)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Top, E> {
        Ok(Top::NotObject)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::NotObject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_with_distinct_keys_is_read_whole() {
        let Top::Object(m) = parse_top(r#"{"a":1,"b":"x","c":{"d":[1,2]}}"#).unwrap() else {
            panic!()
        };
        assert_eq!(m.len(), 3);
        assert_eq!(m["b"], "x");
    }

    #[test]
    fn a_repeated_key_is_named() {
        assert_eq!(
            parse_top(r#"{"person_id":"S1","gate":"东门","person_id":"S2"}"#).unwrap(),
            Top::Duplicate("person_id".into())
        );
        // Escapes spelling the same key are the same key.
        assert_eq!(
            parse_top(r#"{"gate":"a","g\u0061te":"b"}"#).unwrap(),
            Top::Duplicate("gate".into())
        );
    }

    #[test]
    fn syntax_errors_and_other_values_are_told_apart() {
        assert!(parse_top(r#"{"a":1,"a":2"#).is_err());
        assert!(parse_top("gate=东门").is_err());
        for other in ["[1,2]", "\"s\"", "1", "-1", "1.5", "true", "null"] {
            assert_eq!(parse_top(other).unwrap(), Top::NotObject, "{other}");
        }
    }
}

/// `ingest::parse_line` over generated lines: any order of the known keys, a key
/// repeated, an unknown key mixed in.
#[cfg(test)]
mod properties {
    use crate::service::ingest::parse_line;
    use proptest::prelude::*;

    /// The keys that take text, with the field of `EntryInput` each fills.
    const TEXT_KEYS: [&str; 4] = ["gate", "direction", "temp", "person_id"];

    fn value() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9东西门.]{0,8}"
    }

    /// A line's fields in some order, as (key, JSON value) pairs.
    fn fields() -> impl Strategy<Value = Vec<(String, String)>> {
        (
            proptest::collection::vec(value(), TEXT_KEYS.len()),
            any::<bool>(),
            proptest::collection::vec(any::<bool>(), TEXT_KEYS.len() + 1),
        )
            .prop_map(|(values, scan, present)| {
                let mut out: Vec<(String, String)> = TEXT_KEYS
                    .iter()
                    .zip(values)
                    .zip(&present)
                    .filter(|(_, p)| **p)
                    .map(|((k, v), _)| (k.to_string(), serde_json::to_string(&v).unwrap()))
                    .collect();
                if present[TEXT_KEYS.len()] {
                    out.push(("venue_scan".into(), scan.to_string()));
                }
                out
            })
            .prop_shuffle()
    }

    fn line(fields: &[(String, String)]) -> String {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
            .collect();
        format!("{{{}}}", body.join(","))
    }

    fn field(fields: &[(String, String)], key: &str) -> Option<String> {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| serde_json::from_str::<String>(v).unwrap())
    }

    proptest! {
        #[test]
        fn any_order_of_distinct_keys_reads_the_same(fields in fields()) {
            let input = parse_line(&line(&fields)).unwrap();
            prop_assert_eq!(Some(input.gate), field(&fields, "gate").or(Some(String::new())));
            prop_assert_eq!(Some(input.direction), field(&fields, "direction").or(Some(String::new())));
            prop_assert_eq!(Some(input.temp), field(&fields, "temp").or(Some(String::new())));
            prop_assert_eq!(input.person_id, field(&fields, "person_id"));
            let scan = fields.iter().any(|(k, v)| k == "venue_scan" && v == "true");
            prop_assert_eq!(input.venue_scan, scan);
        }

        #[test]
        fn a_repeated_key_is_an_error_naming_it_wherever_it_is(
            fields in fields().prop_filter("one key at least", |f| !f.is_empty()),
            which in any::<prop::sample::Index>(),
            at in any::<prop::sample::Index>(),
            again in value(),
            unknown in any::<bool>(),
        ) {
            let mut fields = fields;
            let (key, _) = fields[which.index(fields.len())].clone();
            let repeat = if key == "venue_scan" { "false".to_string() } else { serde_json::to_string(&again).unwrap() };
            fields.insert(at.index(fields.len() + 1), (key.clone(), repeat));
            if unknown {
                fields.push(("tmp".into(), "1".into()));
            }
            let e = parse_line(&line(&fields)).unwrap_err();
            prop_assert_eq!(e.key, "ingest.duplicate_key");
            prop_assert_eq!(e.get("key"), Some(key.as_str()));
        }

        #[test]
        fn an_unknown_key_anywhere_is_named(
            fields in fields(),
            at in any::<prop::sample::Index>(),
            name in "[a-z_]{1,12}".prop_filter("not a known key", |k| !KNOWN.contains(&k.as_str())),
        ) {
            let mut fields = fields;
            fields.insert(at.index(fields.len() + 1), (name.clone(), "\"x\"".into()));
            let e = parse_line(&line(&fields)).unwrap_err();
            prop_assert_eq!(e.key, "ingest.unknown_key");
            prop_assert_eq!(e.get("key"), Some(name.as_str()));
        }
    }

    /// The keys a line may carry: the ingest reader's own list.
    const KNOWN: &[&str] = crate::service::ingest::KEYS;
}
