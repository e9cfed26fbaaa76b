//! User-set values of the checks' settings.

use std::collections::BTreeMap;

use crate::check::Setting;
use crate::checks::REGISTRY;

/// Values given with `--setting NAME=VALUE`; anything not given takes the check's default.
#[derive(Debug, Clone, Default)]
pub struct Settings(BTreeMap<&'static str, i64>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingError {
    #[error("setting {0:?} is not NAME=VALUE")]
    Syntax(String),
    #[error("unknown setting {0:?} (`stance checks` lists each check's settings)")]
    UnknownName(String),
    #[error("setting {name}: {value:?} is not a whole number")]
    NotANumber { name: String, value: String },
}

impl Settings {
    /// Parses `NAME=VALUE` pairs, refusing names no check declares.
    pub fn parse<S: AsRef<str>>(pairs: &[S]) -> Result<Settings, SettingError> {
        let mut values = BTreeMap::new();
        for pair in pairs {
            let pair = pair.as_ref();
            let (name, value) = pair.split_once('=').ok_or_else(|| SettingError::Syntax(pair.to_owned()))?;
            let setting = declared(name.trim()).ok_or_else(|| SettingError::UnknownName(name.to_owned()))?;
            let value = value
                .trim()
                .parse()
                .map_err(|_| SettingError::NotANumber { name: name.to_owned(), value: value.to_owned() })?;
            values.insert(setting.name, value);
        }
        Ok(Settings(values))
    }

    pub fn get(&self, setting: &Setting) -> i64 {
        self.0.get(setting.name).copied().unwrap_or(setting.default)
    }
}

fn declared(name: &str) -> Option<&'static Setting> {
    REGISTRY.iter().flat_map(|check| check.settings).find(|setting| setting.name == name)
}
