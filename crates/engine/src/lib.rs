//! stance's checks and the machinery that runs them over a snapshot.
//!
//! This crate is pure: it reads a [`Snapshot`](stance_snapshot::Snapshot) and returns
//! results. It depends on no AWS SDK, so it builds and tests in seconds.

mod analysis;
mod check;
mod checks;
pub mod compliance;
mod context;
pub mod docs;
mod metadata;
pub mod policy;
mod results;
mod results_json;
mod results_read;
mod settings;
mod views;

pub use check::{Agreement, Alias, Call, CallId, Category, Check, Family, Severity};
pub use checks::REGISTRY;
pub use compliance::{CIS_VERSION, ControlReport, ReportBuilder, ReportFormat, Selection};
pub use metadata::CheckInfo;
pub use results::{Baseline, CheckResult, CheckRun, Status, Suppression, finding_id, run_checks, run_checks_in_order};
pub use results_json::ResultsJson;
pub use results_read::{ReadResultsError, read_results};
pub use settings::{PortList, Setting, SettingError, SettingInfo, SettingKind, SettingType, Settings, StringList};

/// The check with this id, if there is one.
pub fn check_by_id(id: &str) -> Option<&'static Check> {
    REGISTRY.iter().copied().find(|check| check.id == id)
}

/// The check with this id or alias (`--plugin` takes either), if there is one.
pub fn check_named(name: &str) -> Option<&'static Check> {
    REGISTRY.iter().copied().find(|check| check.is_named(name))
}
