//! Settings: typed, tunable values, each declared once as a [`Setting`] static and read by any
//! check that lists it; and [`Settings`], the values a run uses.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::{Serialize, Serializer};

use crate::checks::REGISTRY;

/// A tunable value of type `T`, declared once (`static DAYS: Setting<i64> = Setting::new(…)`)
/// and listed in the `settings` of every check that reads it.
pub struct Setting<T> {
    pub info: SettingInfo,
    value: PhantomData<fn() -> T>,
}

impl<T: SettingType> Setting<T> {
    /// `default` is written as a user would write it after `--setting NAME=`; a test parses
    /// every declared default.
    pub const fn new(name: &'static str, default: &'static str, description: &'static str) -> Setting<T> {
        Setting {
            info: SettingInfo { name, kind: T::KIND, default, description, parse: parse_any::<T>, show: show_any::<T> },
            value: PhantomData,
        }
    }
}

/// A setting, whatever its type: what the registry, the docs and `--setting` see.
pub struct SettingInfo {
    /// Unique among declarations, e.g. `root_account_in_use_days`; set with `--setting NAME=VALUE`.
    pub name: &'static str,
    pub kind: SettingKind,
    /// The default, as text.
    pub default: &'static str,
    pub description: &'static str,
    parse: fn(&str) -> Result<Value, String>,
    show: fn(&Value) -> serde_json::Value,
}

type Value = Box<dyn Any + Send + Sync>;

impl SettingInfo {
    fn parse(&self, text: &str) -> Result<Value, SettingError> {
        (self.parse)(text.trim()).map_err(|expected| SettingError::BadValue {
            name: self.name.to_owned(),
            value: text.to_owned(),
            expected,
        })
    }

    /// The default, typed, as JSON (`15`, `true`, `[22, [8000, 8080]]`).
    pub fn default_json(&self) -> serde_json::Value {
        match (self.parse)(self.default) {
            Ok(value) => (self.show)(&value),
            Err(_) => serde_json::Value::String(self.default.to_owned()),
        }
    }
}

impl fmt::Debug for SettingInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SettingInfo").field("name", &self.name).field("default", &self.default).finish_non_exhaustive()
    }
}

impl Serialize for SettingInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut out = serializer.serialize_struct("Setting", 4)?;
        out.serialize_field("name", self.name)?;
        out.serialize_field("type", &self.kind)?;
        out.serialize_field("default", &self.default_json())?;
        out.serialize_field("description", self.description)?;
        out.end()
    }
}

/// The types a setting can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingKind {
    Bool,
    Integer,
    String,
    Regex,
    PortList,
    /// `tcp:80,udp:53,tcp:8000-8080` (`analysis::network::ProtocolPortList`).
    ProtocolPortList,
    StringList,
}

/// A type a [`Setting`] can hold: how it reads from text and shows as JSON.
pub trait SettingType: Sized + Send + Sync + 'static {
    const KIND: SettingKind;
    /// The value of `text`, or what was expected instead.
    fn parse(text: &str) -> Result<Self, String>;
    fn to_json(&self) -> serde_json::Value;
}

fn parse_any<T: SettingType>(text: &str) -> Result<Value, String> {
    T::parse(text).map(|value| Box::new(value) as Value)
}

fn show_any<T: SettingType>(value: &Value) -> serde_json::Value {
    value.downcast_ref::<T>().map_or(serde_json::Value::Null, T::to_json)
}

impl SettingType for bool {
    const KIND: SettingKind = SettingKind::Bool;

    fn parse(text: &str) -> Result<bool, String> {
        text.parse().map_err(|_| "true or false".to_owned())
    }

    fn to_json(&self) -> serde_json::Value {
        (*self).into()
    }
}

impl SettingType for i64 {
    const KIND: SettingKind = SettingKind::Integer;

    fn parse(text: &str) -> Result<i64, String> {
        text.parse().map_err(|_| "a whole number".to_owned())
    }

    fn to_json(&self) -> serde_json::Value {
        (*self).into()
    }
}

impl SettingType for String {
    const KIND: SettingKind = SettingKind::String;

    fn parse(text: &str) -> Result<String, String> {
        Ok(text.to_owned())
    }

    fn to_json(&self) -> serde_json::Value {
        self.as_str().into()
    }
}

impl SettingType for regex::Regex {
    const KIND: SettingKind = SettingKind::Regex;

    fn parse(text: &str) -> Result<regex::Regex, String> {
        regex::Regex::new(text).map_err(|e| format!("a regular expression ({e})"))
    }

    fn to_json(&self) -> serde_json::Value {
        self.as_str().into()
    }
}

/// Ports and port ranges: `22,3389,8000-8080`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortList(Vec<(u16, u16)>);

impl PortList {
    pub fn contains(&self, port: u16) -> bool {
        self.0.iter().any(|&(from, to)| from <= port && port <= to)
    }

    /// The ranges, in the order given; a single port is a range of one.
    pub fn ranges(&self) -> &[(u16, u16)] {
        &self.0
    }
}

impl SettingType for PortList {
    const KIND: SettingKind = SettingKind::PortList;

    fn parse(text: &str) -> Result<PortList, String> {
        let expected = || "ports or port ranges separated by commas, such as 22,8000-8080".to_owned();
        let port = |text: &str| text.trim().parse::<u16>().map_err(|_| expected());
        let ranges = text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| match part.split_once('-') {
                Some((from, to)) => {
                    let (from, to) = (port(from)?, port(to)?);
                    if from <= to { Ok((from, to)) } else { Err(expected()) }
                }
                None => port(part).map(|port| (port, port)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PortList(ranges))
    }

    fn to_json(&self) -> serde_json::Value {
        let show = |&(from, to): &(u16, u16)| if from == to { from.into() } else { serde_json::json!([from, to]) };
        serde_json::Value::Array(self.0.iter().map(show).collect())
    }
}

/// The values of every setting for one run: a user's `--setting NAME=VALUE`, else the default.
pub struct Settings(BTreeMap<&'static str, Value>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingError {
    #[error("setting {0:?} is not NAME=VALUE")]
    Syntax(String),
    #[error("unknown setting {0:?} (`stance checks` lists each check's settings)")]
    UnknownName(String),
    #[error("setting {name}: {value:?} is not {expected}")]
    BadValue { name: String, value: String, expected: String },
}

impl Settings {
    /// Parses `NAME=VALUE` pairs, refusing names no check declares and values of the wrong type.
    pub fn parse<S: AsRef<str>>(pairs: &[S]) -> Result<Settings, SettingError> {
        let mut settings = Settings::default();
        settings.apply(pairs)?;
        Ok(settings)
    }

    /// Sets `NAME=VALUE` pairs over the current values.
    pub fn apply<S: AsRef<str>>(&mut self, pairs: &[S]) -> Result<(), SettingError> {
        for pair in pairs {
            let pair = pair.as_ref();
            let (name, value) = pair.split_once('=').ok_or_else(|| SettingError::Syntax(pair.to_owned()))?;
            self.set(name, value)?;
        }
        Ok(())
    }

    /// Sets one setting from text.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), SettingError> {
        let setting = declared().find(|setting| setting.name == name.trim());
        let setting = setting.ok_or_else(|| SettingError::UnknownName(name.to_owned()))?;
        self.0.insert(setting.name, setting.parse(value)?);
        Ok(())
    }

    /// The value of `setting`.
    pub fn get<'s, T: SettingType>(&'s self, setting: &'static Setting<T>) -> &'s T {
        // Every declared setting has a value of its own type, from `Default`.
        self.0
            .get(setting.info.name)
            .and_then(|value| value.downcast_ref::<T>())
            .unwrap_or_else(|| panic!("setting {} is not declared by any registered check", setting.info.name))
    }
}

impl Default for Settings {
    /// Every declared setting at its default.
    fn default() -> Settings {
        let defaults = declared().filter_map(|setting| Some((setting.name, (setting.parse)(setting.default).ok()?)));
        Settings(defaults.collect())
    }
}

/// Every setting some registered check declares (a setting read by several checks, once per check).
pub fn declared() -> impl Iterator<Item = &'static SettingInfo> {
    REGISTRY.iter().flat_map(|check| check.settings.iter().copied())
}

/// Words separated by commas, such as account ids: `111122223333,444455556666`. Blanks around
/// each are dropped, and empty items ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StringList(Vec<String>);

impl StringList {
    pub fn contains(&self, item: &str) -> bool {
        self.0.iter().any(|own| own == item)
    }

    pub fn items(&self) -> &[String] {
        &self.0
    }
}

impl SettingType for StringList {
    const KIND: SettingKind = SettingKind::StringList;

    fn parse(text: &str) -> Result<StringList, String> {
        Ok(StringList(text.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()))
    }

    fn to_json(&self) -> serde_json::Value {
        self.0.iter().map(String::as_str).collect::<Vec<_>>().into()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn every_declared_setting_has_a_valid_default_and_one_declaration_per_name() {
        let mut seen: BTreeMap<&str, &SettingInfo> = BTreeMap::new();
        for setting in declared() {
            assert!((setting.parse)(setting.default).is_ok(), "{}: bad default {:?}", setting.name, setting.default);
            if let Some(earlier) = seen.insert(setting.name, setting) {
                assert!(std::ptr::eq(earlier, setting), "two declarations named {}", setting.name);
            }
        }
    }

    #[test]
    fn values_parse_by_type() {
        assert_eq!(bool::parse("true"), Ok(true));
        assert_eq!(bool::parse("yes"), Err("true or false".to_owned()));
        assert_eq!(i64::parse("-3"), Ok(-3));
        assert!(i64::parse("soon").is_err());
        assert!(regex::Regex::parse("^prod-").unwrap().is_match("prod-db"));
        assert!(regex::Regex::parse("(").unwrap_err().starts_with("a regular expression"));
        let ports = PortList::parse("22, 8000-8080,3389").unwrap();
        assert_eq!(ports.ranges(), [(22, 22), (8000, 8080), (3389, 3389)]);
        assert!(ports.contains(8080) && ports.contains(22) && !ports.contains(23));
        assert_eq!(ports.to_json(), serde_json::json!([22, [8000, 8080], 3389]));
        assert!(PortList::parse("80-22").is_err());
        assert!(PortList::parse("70000").is_err());
        assert_eq!(PortList::parse("").unwrap().ranges(), []);
        let accounts = StringList::parse(" 111122223333, ,444455556666 ").unwrap();
        assert_eq!(accounts.items(), ["111122223333", "444455556666"]);
        assert!(accounts.contains("444455556666") && !accounts.contains("4444"));
        assert_eq!(accounts.to_json(), serde_json::json!(["111122223333", "444455556666"]));
        assert_eq!(StringList::parse("").unwrap(), StringList::default());
    }

    #[test]
    fn bad_pairs_are_named() {
        let error = |pair: &str| Settings::parse(&[pair]).err().map(|e| e.to_string());
        assert_eq!(error("nothing"), Some("setting \"nothing\" is not NAME=VALUE".to_owned()));
        assert!(error("no_such=1").unwrap().starts_with("unknown setting \"no_such\""));
        assert_eq!(
            error("root_account_in_use_days=soon"),
            Some("setting root_account_in_use_days: \"soon\" is not a whole number".to_owned())
        );
    }
}
