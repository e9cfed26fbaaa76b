//! `--settings FILE`: check settings from a TOML file, one `name = value` per setting, as
//! `--setting NAME=VALUE` would set them. Lists (ports, account ids) are TOML arrays.
//!
//! ```toml
//! root_account_in_use_days = 30
//! open_ports = [22, "8000-8080"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stance_engine::Settings;
use toml::{Spanned, Value};

/// Why a settings file was refused: where, and what.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {reason}", path.display(), line.map(|line| format!(":{line}")).unwrap_or_default())]
pub struct SettingsFileError {
    path: PathBuf,
    line: Option<usize>,
    reason: String,
}

/// Applies the settings of the TOML file at `path` to `settings`, in the file's order.
pub fn apply(path: &Path, settings: &mut Settings) -> Result<(), SettingsFileError> {
    let error = |line, reason: String| SettingsFileError { path: path.to_owned(), line, reason };
    let text = std::fs::read_to_string(path).map_err(|e| error(None, e.to_string()))?;
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let table: BTreeMap<Spanned<String>, Spanned<Value>> = toml::from_str(&text)
        .map_err(|e| error(e.span().map(|span| line_of(span.start)), e.message().trim().to_owned()))?;
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    for (name, value) in entries {
        let line = Some(line_of(name.span().start));
        let name = name.into_inner();
        let text = as_text(value.get_ref()).map_err(|reason| error(line, format!("setting {name}: {reason}")))?;
        settings.set(&name, &text).map_err(|e| error(line, e.to_string()))?;
    }
    Ok(())
}

/// A TOML value as `--setting` text: a list's items joined with commas.
fn as_text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Integer(number) => Ok(number.to_string()),
        Value::Float(number) => Ok(number.to_string()),
        Value::Boolean(flag) => Ok(flag.to_string()),
        Value::Array(items) => {
            let items = items.iter().map(as_text).collect::<Result<Vec<_>, _>>()?;
            if items.iter().any(|item| item.contains(',')) {
                return Err("a list item may not contain a comma".to_owned());
            }
            Ok(items.join(","))
        }
        Value::Datetime(_) | Value::Table(_) => Err("expected a number, true or false, a string, or a list".to_owned()),
    }
}
