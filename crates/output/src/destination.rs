//! Where an output goes: a file, replaced atomically, or stdout (`-`).

use std::io::{self, Write};
use std::path::PathBuf;

/// An output's destination, as a flag names it: `-` for stdout, anything else a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// `-` is stdout; an empty name is refused.
    pub fn parse(value: &str) -> Result<Destination, String> {
        match value {
            "" => Err("the file name is empty".to_owned()),
            "-" => Ok(Destination::Stdout),
            path => Ok(Destination::File(path.into())),
        }
    }
}

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    File(#[from] stance_snapshot::SnapshotError),
    #[error("cannot write to stdout: {0}")]
    Stdout(io::Error),
}

/// Writes to `destination` through `fill`. A file is written to a temporary file (mode 0600)
/// in the same directory and renamed over the path, so it holds its old content or the whole
/// new one, and is left untouched if `fill` fails. On stdout, a reader that stopped reading
/// (`stance … | head`) is no error.
pub fn write_to(
    destination: &Destination,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    match destination {
        Destination::File(path) => Ok(stance_snapshot::write_atomically(path, fill)?),
        Destination::Stdout => {
            let mut stdout = io::stdout().lock();
            match fill(&mut stdout).and_then(|()| stdout.flush()) {
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                result => result.map_err(WriteError::Stdout),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_to(&Destination::File(path.clone()), |out| out.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let failed = write_to(&Destination::File(path.clone()), |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn dash_is_stdout() {
        assert_eq!(Destination::parse("-"), Ok(Destination::Stdout));
        assert_eq!(Destination::parse("a.sarif"), Ok(Destination::File("a.sarif".into())));
        assert!(Destination::parse("").is_err());
    }
}
