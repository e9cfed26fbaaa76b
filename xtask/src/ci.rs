//! `cargo xtask ci`: everything CI checks, in the order that fails fastest.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{Result, codegen::BOTOCORE_VERSION, target_dir};

/// The moto release the end-to-end tests run against.
const MOTO_VERSION: &str = "5.2.1";
/// The AWS CLI release the parity test compares snapshots with; it pins `BOTOCORE_VERSION`.
const AWSCLI_VERSION: &str = "1.45.11";
/// The consumers that stance-output's tests hand each output format to
/// (crates/output/tests/consumers.py): the SARIF JSON Schema validator, the JUnit XSD
/// validator and reader, the OCSF models, and a YAML reader for the example workflow.
const OUTPUT_CONSUMERS: [&str; 5] =
    ["jsonschema==4.26.0", "xmlschema==4.3.2", "junitparser==5.0.3", "py-ocsf-models==0.10.0", "PyYAML==6.0.4"];

pub fn run() -> Result<()> {
    let tools = python_tools()?;
    let chromium = chromium()?;
    // The venv's python3 (with the pinned botocore) and moto_server come first on PATH.
    let path = std::env::join_paths(
        std::iter::once(tools.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )?;
    let cargo = || {
        let mut command = crate::cargo();
        command
            .env("PATH", &path)
            .env("STANCE_MOTO_SERVER", tools.join("moto_server"))
            .env("STANCE_AWS_CLI", tools.join("aws"))
            .env("STANCE_CHROMIUM", &chromium);
        command
    };
    step("format", cargo().args(["fmt", "--all", "--check"]))?;
    step("codegen", cargo().args(["xtask", "codegen", "--check"]))?;
    step("schema", cargo().args(["xtask", "schema", "--check"]))?;
    step("docs", cargo().args(["xtask", "docs", "--check"]))?;
    step("registry", cargo().args(["xtask", "registry", "--check"]))?;
    step("clippy", cargo().args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    test(cargo().args(["test", "--workspace", "--locked"]).env("INSTA_UPDATE", "no"))
}

/// Runs the tests, passing their output through, and closes with one line that totals every
/// test binary's `test result:` line (the last of which is otherwise a doc-test run of 0).
fn test(command: &mut Command) -> Result<()> {
    eprintln!("== test: {}", shown(command));
    let mut child = command.stdout(Stdio::piped()).spawn()?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(child.stdout.take().expect("stdout is piped")).lines() {
        let line = line?;
        println!("{line}");
        if let Some(counts) = line.strip_prefix("test result: ") {
            passed += count(counts, " passed");
            failed += count(counts, " failed");
        }
    }
    let status = child.wait()?;
    println!("{passed} passed, {failed} failed");
    if !status.success() {
        return Err(format!("step `test` failed ({status})").into());
    }
    Ok(())
}

/// The number before `label` in a `test result:` line (`ok. 96 passed; 0 failed; …`).
fn count(counts: &str, label: &str) -> u64 {
    counts
        .split(';')
        .find_map(|part| part.trim().trim_start_matches("ok. ").trim_start_matches("FAILED. ").strip_suffix(label))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

pub fn step(name: &str, command: &mut Command) -> Result<()> {
    eprintln!("== {name}: {}", shown(command));
    let status = command.status()?;
    if !status.success() {
        return Err(format!("step `{name}` failed ({status})").into());
    }
    Ok(())
}

/// A command as a log line: its program and arguments, without the environment (long, and
/// the same for every step).
pub fn shown(command: &Command) -> String {
    let args = command.get_args().map(|arg| arg.to_string_lossy());
    std::iter::once(Path::new(command.get_program()).display().to_string().into())
        .chain(args)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Debian's Chromium, which the HTML report's tests load pages in: `STANCE_CHROMIUM` when set,
/// else /usr/bin/chromium, installed with apt-get when it is not there.
pub fn chromium() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("STANCE_CHROMIUM") {
        return Ok(path.into());
    }
    let path = PathBuf::from("/usr/bin/chromium");
    if !path.is_file() {
        let apt = |args: &[&str]| {
            let mut command = Command::new("apt-get");
            command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            command
        };
        step("apt-get update", &mut apt(&["update", "-qq"]))?;
        step("chromium", &mut apt(&["install", "-y", "-qq", "chromium"]))?;
    }
    Ok(path)
}

/// A Python virtual environment with the pinned moto server and botocore, kept in the target
/// directory so that later runs reuse it. Returns its `bin` directory.
pub fn python_tools() -> Result<PathBuf> {
    let venv = target_dir().join("stance-python");
    let bin = venv.join("bin");
    let pins: Vec<String> = [
        format!("moto[server]=={MOTO_VERSION}"),
        format!("botocore=={BOTOCORE_VERSION}"),
        format!("awscli=={AWSCLI_VERSION}"),
    ]
    .into_iter()
    .chain(OUTPUT_CONSUMERS.iter().map(|pin| (*pin).to_owned()))
    .collect();
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
