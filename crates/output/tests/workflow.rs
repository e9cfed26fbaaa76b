//! The GitHub Actions example of the README, `docs/github-actions-scan.yml`, read as YAML
//! (by Python's PyYAML, pinned in the CI venv), holds what it promises: OIDC, a SARIF scan,
//! and its upload to code scanning.

mod common;

use std::process::Command;

#[test]
fn the_example_workflow_scans_with_oidc_and_uploads_sarif() {
    let python = std::env::var("STANCE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let root = common::root();
    let output = Command::new(&python)
        .arg(root.join("crates/output/tests/consumers.py"))
        .arg("yaml")
        .arg(root.join("docs/github-actions-scan.yml"))
        .output()
        .unwrap_or_else(|error| panic!("cannot run {python} ({error}): the test needs Python 3 with PyYAML"));
    assert!(output.status.success(), "not YAML: {}", String::from_utf8_lossy(&output.stderr));
    let workflow: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(workflow["permissions"]["id-token"], "write");
    assert_eq!(workflow["permissions"]["security-events"], "write");
    // YAML 1.1 reads the key `on` as true.
    assert!(workflow.get("on").or(workflow.get("true")).is_some(), "no trigger");
    let steps = workflow["jobs"]["scan"]["steps"].as_array().unwrap();
    let uses = |action: &str| steps.iter().find(|step| step["uses"].as_str().is_some_and(|u| u.starts_with(action)));
    let credentials = uses("aws-actions/configure-aws-credentials@").expect("an OIDC credentials step");
    assert!(credentials["with"]["role-to-assume"].as_str().unwrap().starts_with("arn:aws:iam::"));
    let scan = steps
        .iter()
        .filter_map(|step| step["run"].as_str())
        .find(|run| run.starts_with("stance scan"))
        .expect("a stance scan step");
    let sarif = scan.split_whitespace().find_map(|arg| arg.strip_prefix("--sarif=")).expect("--sarif=FILE");
    let upload = uses("github/codeql-action/upload-sarif@").expect("an upload-sarif step");
    assert_eq!(upload["with"]["sarif_file"], sarif);
    assert_eq!(upload["if"], "always()", "the upload runs when the scan exits 1");
}
