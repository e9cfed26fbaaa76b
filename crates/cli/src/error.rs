//! Everything that stops a command; each is reported as one line and exit code 2.

use std::io;
use std::path::PathBuf;

use stance_collector::CollectError;
use stance_engine::SettingError;
use stance_snapshot::SnapshotError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error(transparent)]
    Setting(#[from] SettingError),
    #[error(transparent)]
    SettingsFile(#[from] crate::settings_file::SettingsFileError),
    #[error("unknown plugin {id:?}{} (`stance checks` lists the check ids)", did_you_mean(*.suggestion))]
    UnknownPlugin { id: String, suggestion: Option<&'static str> },
    #[error("--json - prints the results on stdout, so --console can only be none there")]
    StdoutTaken,
    #[error("{0} each name stdout (-); only one output can go there")]
    StdoutShared(String),
    #[error(transparent)]
    Suppression(#[from] stance_output::SuppressionError),
    #[error("{path}: there is no directory {dir}")]
    NoDirectory { path: PathBuf, dir: PathBuf },
    #[error("{}: {error}", .path.display())]
    ReadResults { path: PathBuf, error: String },
    #[error(transparent)]
    Diff(#[from] stance_diff::DiffError),
    #[error(transparent)]
    IgnorePattern(#[from] stance_diff::PatternError),
    #[error("{0}: is a directory")]
    IsDirectory(PathBuf),
    #[error("collection failed: {0}")]
    Collect(#[from] CollectError),
    #[error("interrupted: nothing was written")]
    Interrupted,
    #[error("could not start the async runtime: {0}")]
    Runtime(io::Error),
    #[error("could not write to stdout: {0}")]
    Stdout(io::Error),
    #[error(
        "internal error in {} (reported as UNKNOWN; the other checks ran): this is a bug in stance, please report it",
        .0.join(", ")
    )]
    Internal(Vec<&'static str>),
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map(|id| format!("; did you mean {id:?}?")).unwrap_or_default()
}
