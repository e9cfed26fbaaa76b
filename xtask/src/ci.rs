//! `cargo xtask ci`: everything CI checks, in the order that fails fastest.

use std::path::PathBuf;
use std::process::Command;

use crate::{Result, codegen::BOTOCORE_VERSION, project_root};

/// The moto release the end-to-end tests run against.
const MOTO_VERSION: &str = "5.2.1";

pub fn run() -> Result<()> {
    let tools = python_tools()?;
    // The venv's python3 (with the pinned botocore) and moto_server come first on PATH.
    let path = std::env::join_paths(
        std::iter::once(tools.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )?;
    let cargo = || {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command.current_dir(project_root()).env("PATH", &path).env("STANCE_MOTO_SERVER", tools.join("moto_server"));
        command
    };
    step("format", cargo().args(["fmt", "--all", "--check"]))?;
    step("codegen", cargo().args(["xtask", "codegen", "--check"]))?;
    step("schema", cargo().args(["xtask", "schema", "--check"]))?;
    step("docs", cargo().args(["xtask", "docs", "--check"]))?;
    step("clippy", cargo().args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    step("test", cargo().args(["test", "--workspace", "--locked"]).env("INSTA_UPDATE", "no"))?;
    Ok(())
}

fn step(name: &str, command: &mut Command) -> Result<()> {
    eprintln!("== {name}: {command:?}");
    let status = command.status()?;
    if !status.success() {
        return Err(format!("step `{name}` failed ({status})").into());
    }
    Ok(())
}

/// A Python virtual environment with the pinned moto server and botocore, kept in the target
/// directory so that later runs reuse it. Returns its `bin` directory.
pub fn python_tools() -> Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from);
    let venv = target.join("stance-python");
    let bin = venv.join("bin");
    let pins = [format!("moto[server]=={MOTO_VERSION}"), format!("botocore=={BOTOCORE_VERSION}")];
    let marker = venv.join("installed.txt");
    if std::fs::read_to_string(&marker).is_ok_and(|installed| installed == pins.join("\n")) {
        return Ok(bin);
    }
    step("python venv", Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    step(
        "python tools",
        Command::new(bin.join("pip")).args(["install", "--quiet", "--disable-pip-version-check"]).args(&pins),
    )?;
    std::fs::write(marker, pins.join("\n"))?;
    Ok(bin)
}
