//! Reading and writing snapshot files.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{FORMAT_MAJOR, FORMAT_NAME, Snapshot};

/// Why a snapshot could not be read or written. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: truncated JSON ({source})")]
    Truncated { path: PathBuf, source: serde_json::Error },
    #[error("{path}: not JSON ({source})")]
    NotJson { path: PathBuf, source: serde_json::Error },
    #[error("{path}: not a stance snapshot (format is {found:?}, expected {FORMAT_NAME:?})")]
    NotASnapshot { path: PathBuf, found: String },
    #[error(
        "{path}: snapshot format version {} is newer than this stance reads ({FORMAT_MAJOR}.x); upgrade stance",
        one_line(.found)
    )]
    NewerVersion { path: PathBuf, found: String },
    #[error("{path}: invalid snapshot format version {found:?}")]
    BadVersion { path: PathBuf, found: String },
    #[error("{path}: not a valid snapshot ({})", one_line(.source))]
    Invalid { path: PathBuf, source: serde_json::Error },
}

/// `text` on one line, its control characters escaped: the snapshot's own strings that an
/// error quotes (an unknown `kind`, a key, a version) may hold line breaks, and an error is one
/// line.
fn one_line(text: &impl std::fmt::Display) -> String {
    let text = text.to_string();
    if !text.chars().any(needs_escape) {
        return text;
    }
    text.chars().map(|c| if needs_escape(c) { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The header fields, read first so that a newer format is reported as such rather than
/// as whatever structural difference it brought.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<String>,
}

/// The text of the snapshot file at `path`, to be [`parse`]d: the snapshot borrows its calls'
/// data from it.
pub fn read_text(path: &Path) -> Result<String, SnapshotError> {
    fs::read_to_string(path).map_err(|source| SnapshotError::Io { path: path.to_owned(), source })
}

/// Parses and validates snapshot `text`; `path` names it in errors. The calls' data are not
/// parsed, only delimited: they stay slices of `text` until a check reads them.
pub fn parse<'a>(text: &'a str, path: &Path) -> Result<Snapshot<'a>, SnapshotError> {
    let path = path.to_owned();
    // One pass over the text when it is a valid snapshot; the header is read apart only to
    // explain a failure (a newer major may differ in structure) or to check a success (a newer
    // major may also parse).
    let parsed = serde_json::from_str::<Snapshot>(text);
    let header = match &parsed {
        Ok(snapshot) => {
            Header { format: Some(snapshot.format.clone()), format_version: Some(snapshot.format_version.clone()) }
        }
        Err(_) => match serde_json::from_str::<Header>(text) {
            Ok(header) => header,
            Err(source) if source.is_eof() => return Err(SnapshotError::Truncated { path, source }),
            Err(source) if source.is_syntax() => return Err(SnapshotError::NotJson { path, source }),
            Err(_) => Header { format: None, format_version: None },
        },
    };
    match header.format.as_deref() {
        Some(FORMAT_NAME) => {}
        found => return Err(SnapshotError::NotASnapshot { path, found: found.unwrap_or("missing").to_owned() }),
    }
    let found = header.format_version.unwrap_or_default();
    let major = found.split('.').next().and_then(|major| major.parse::<u32>().ok());
    match major {
        None => return Err(SnapshotError::BadVersion { path, found }),
        Some(major) if major > FORMAT_MAJOR || major == 0 => {
            return Err(SnapshotError::NewerVersion { path, found });
        }
        Some(_) => {}
    }
    parsed.map_err(|source| SnapshotError::Invalid { path, source })
}

/// Writes `snapshot` to `path` atomically, readable by the owner only.
pub fn write(path: &Path, snapshot: &Snapshot) -> Result<(), SnapshotError> {
    write_atomically(path, |out| serde_json::to_writer(out, snapshot).map_err(io::Error::from))
}

/// Writes a file through `fill` so that `path` holds either its old content or the whole new
/// one: the bytes go to a temporary file (mode 0600) in the same directory, which is then
/// renamed over `path`. If `fill` fails, nothing is left behind.
pub fn write_atomically(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), SnapshotError> {
    let io_error = |source| SnapshotError::Io { path: path.to_owned(), source };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // tempfile creates the file with mode 0600 on Unix.
    let temp =
        tempfile::Builder::new().prefix(&format!(".{file_name}.")).suffix(".tmp").tempfile_in(dir).map_err(io_error)?;
    let mut out = BufWriter::new(temp);
    fill(&mut out).map_err(io_error)?;
    out.flush().map_err(io_error)?;
    let temp = out.into_inner().map_err(|e| io_error(e.into_error()))?;
    temp.as_file().sync_all().map_err(io_error)?;
    temp.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Account, Data, Outcome};

    fn sample() -> Snapshot<'static> {
        let account = Account {
            id: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/audit".into(),
            partition: "aws".into(),
        };
        let mut snapshot =
            Snapshot::new("0.1.0", "2026-01-02T03:04:05Z".parse().unwrap(), account, vec!["us-east-1".into()]);
        snapshot.insert(
            "EC2",
            "DescribeVpcs",
            "us-east-1",
            Outcome::Data(Data::from_value(&serde_json::json!({"Vpcs": []}))),
        );
        snapshot
    }

    fn parse_text(text: &str) -> Result<Snapshot<'_>, SnapshotError> {
        parse(text, Path::new("snap.json"))
    }

    #[test]
    fn write_then_read_gives_the_same_snapshot_with_owner_only_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snap.json");
        write(&path, &sample()).unwrap();
        assert_eq!(parse(&read_text(&path).unwrap(), &path).unwrap(), sample());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        fs::write(&path, "old").unwrap();
        let result = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_input_is_named() {
        let full = serde_json::to_string(&sample()).unwrap();
        let message = |text: &str| parse_text(text).unwrap_err().to_string();
        assert!(message("nope").starts_with("snap.json: not JSON"), "{}", message("nope"));
        assert!(message(&full[..full.len() / 2]).starts_with("snap.json: truncated JSON"));
        assert!(message(r#"{"format": "other"}"#).contains("not a stance snapshot"));
        let newer = full.replace("\"1.0\"", "\"2.0\"");
        assert!(
            message(&newer).contains("format version 2.0 is newer than this stance reads (1.x)"),
            "{}",
            message(&newer)
        );
        let wrong_type = full.replace("\"regions\":[\"us-east-1\"]", "\"regions\":7");
        assert!(message(&wrong_type).starts_with("snap.json: not a valid snapshot"), "{}", message(&wrong_type));
    }

    #[test]
    fn errors_quoting_the_snapshot_stay_on_one_line() {
        let full = serde_json::to_string(&sample()).unwrap();
        let bad_kind =
            full.replace("\"Vpcs\":[]", "\"Vpcs\":[]}},\"x\":{\"error\":{\"code\":\"C\",\"kind\":\"two\\nlines\"");
        let newer = full.replace("\"1.0\"", "\"2.0\\r\\u001b[31m\"");
        for text in [bad_kind, newer] {
            let message = parse_text(&text).unwrap_err().to_string();
            assert!(!message.chars().any(char::is_control), "{message:?}");
            assert!(message.contains(r"two\nlines") || message.contains(r"2.0\r\u{1b}[31m"), "{message}");
        }
    }

    #[test]
    fn into_json_writes_what_serde_json_writes() {
        let mut snapshot = sample();
        let data = |value| Outcome::Data(Data::from_value(&value));
        snapshot.insert(
            "EC2",
            "DescribeVolumes",
            "eu-west-1",
            data(serde_json::json!({"Volumes": [{"VolumeId": "vol-\"1"}]})),
        );
        let denied = crate::CallError::new("AccessDenied", Some("no".into()), Some(403));
        snapshot.insert("IAM", "ListUsers", "global", Outcome::Error(denied));
        snapshot.insert_resource(
            "S3",
            "GetBucketAcl",
            "us-east-1",
            "arn:aws:s3:::a",
            data(serde_json::json!({"Grants": []})),
        );
        snapshot.insert_resource("S3", "GetBucketAcl", "us-east-1", "arn:aws:s3:::b", data(serde_json::json!({})));
        let expected = serde_json::to_string(&snapshot).unwrap();
        assert_eq!(snapshot.into_json(), expected);
        let empty = Snapshot { calls: crate::Calls::new(), ..sample() };
        assert_eq!(empty.clone().into_json(), serde_json::to_string(&empty).unwrap());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let mut value = serde_json::to_value(sample()).unwrap();
        value["comment"] = "from a later minor version".into();
        value["format_version"] = "1.7".into();
        let text = value.to_string();
        let snapshot = parse_text(&text).unwrap();
        assert_eq!(snapshot.calls, sample().calls);
    }
}
