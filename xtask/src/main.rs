//! Project tasks: `cargo xtask <task>`. Run `cargo xtask help` for the list.

mod bench;
mod ci;
mod codegen;
#[cfg(feature = "engine")]
mod docs;
mod fixtures;
mod new_check;
mod registry;
mod schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const HELP: &str = "\
cargo xtask <task>

Tasks:
  bench collect [--scale F] [--repeat N] [--concurrency N] [--no-prowler]
                      Time `stance scan` of a large seeded moto account against Prowler and the
                      emulator's floor: wall time, API calls, peak RSS (installs moto and Prowler)
  bench serve [--scale F]
                      Keep a moto seeded with that account running, for profiling by hand
  bench evaluate [--sizes 2,20,200] [--repeat N] [--stance BIN]
                      Time `stance evaluate` of synthetic snapshots of about 2, 20 and 200 MB
                      (the fixture's account, copied) against the serde_json parse floor:
                      MB/s, ratio to the floor, peak RSS and RSS/file
  ci                  Run every check CI runs: format, generated files, clippy, all tests (installs moto)
  codegen [--check]   Generate (or check) the SDK-to-CLI-JSON conversions from the botocore models
  docs [--check]      Write (or check) docs/checks.md from the checks' metadata
  fixtures            Regenerate fixtures/moto-account.json with `stance collect` against a seeded moto
  new-check SERVICE ID [--reads SERVICE:Operation ...]
                      Add a check: checks/<service>/<id>.rs from a template, its ok and fail
                      fixtures with the calls it reads, and the regenerated registry
  registry [--check]  Generate (or check) crates/engine/src/checks/registry.rs and each service's
                      mod.rs from the check files. When the engine does not build (a check file
                      removed or renamed), run `cargo run -p xtask --no-default-features -- registry`
  schema [--check]    Write (or check) docs/snapshot.schema.json from the snapshot types
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let result = match args.first().map(String::as_str) {
        Some("bench") => bench::run(&args[1..]),
        Some("ci") => ci::run(),
        Some("codegen") => codegen::run(check),
        #[cfg(feature = "engine")]
        Some("docs") => docs::run(check),
        Some("fixtures") => fixtures::run(),
        Some("new-check") => new_check::run(&args[1..]),
        Some("registry") => registry::run(check),
        Some("schema") => schema::run(check),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task {other:?}\n\n{HELP}").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root. `cargo xtask` (`cargo run`) says where xtask's manifest is at run
/// time; the build-time path is only a fallback, as a reused build may come from another clone.
fn project_root() -> PathBuf {
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from);
    manifest_dir.parent().unwrap().to_owned()
}

/// `cargo`, run in the workspace without the variables `cargo xtask` (`cargo run`) sets for
/// xtask itself (`CARGO_MANIFEST_DIR`, `CARGO_PKG_*`, `LD_LIBRARY_PATH`, …). Build scripts
/// such as ring's rerun when one of those they read changes (`CARGO_MANIFEST_DIR` differs
/// from a build made by hand), which rebuilt the AWS SDK between the two kinds of builds in a
/// shared target directory.
fn cargo() -> std::process::Command {
    let mut command = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(project_root()).env_remove("LD_LIBRARY_PATH").env_remove("CARGO_PRIMARY_PACKAGE");
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if ["CARGO_MANIFEST_", "CARGO_PKG_", "CARGO_CRATE_", "CARGO_BIN_"].iter().any(|prefix| name.starts_with(prefix))
        {
            command.env_remove(&*name);
        }
    }
    command
}

/// Where cargo builds: `$CARGO_TARGET_DIR`, else `target/` in the workspace.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from)
}

/// Writes `content` to `path`, or with `check` fails if the file differs.
fn write_or_check(path: &Path, content: &str, check: bool) -> Result<()> {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current == content {
        return Ok(());
    }
    if check {
        return Err(format!("{} is stale: run `cargo xtask` to regenerate it", path.display()).into());
    }
    std::fs::write(path, content)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
