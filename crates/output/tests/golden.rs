//! Golden files: every format of the whole-account fixture's results, held by insta, so that
//! every change to an output's shape shows in review.

mod common;

use common::{evaluated, render};

#[test]
fn every_format_of_the_whole_account() {
    let evaluated = evaluated();
    for (format, extension) in
        [("csv", "csv"), ("junit", "xml"), ("sarif", "sarif"), ("ocsf", "ocsf.json"), ("asff", "asff.json")]
    {
        let text = render(&evaluated, format);
        insta::with_settings!({snapshot_suffix => extension, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("moto-account", text);
        });
    }
}

#[test]
fn the_suppressions_mute_one_finding_and_report_the_stale_and_expired_rules() {
    let evaluated = evaluated();
    let suppressed: Vec<_> = evaluated
        .results
        .iter()
        .filter_map(|result| {
            Some((result.check.id, result.resource.as_str(), result.suppressed.as_ref()?.rule.as_str()))
        })
        .collect();
    assert_eq!(suppressed.len(), 1, "{suppressed:?}");
    assert_eq!(suppressed[0].0, "openSSH");
    assert_eq!(suppressed[0].2, "suppressions.toml:2");
    assert_eq!(evaluated.report.stale, ["suppressions.toml:9"]);
    assert_eq!(evaluated.report.expired.len(), 1);
    assert_eq!(evaluated.report.expired[0].rule, "suppressions.toml:14");
    let warnings = evaluated.report.warnings();
    assert!(warnings[0].contains("suppressions.toml:14 expired on 2026-01-31"), "{warnings:?}");
    assert!(evaluated.report.check(true).is_err());
    // A suppressed FAIL no longer decides the exit code.
    let gate = stance_output::Gate::default();
    let muted = evaluated.results.iter().find(|result| result.suppressed.is_some()).unwrap();
    assert!(!gate.counts(muted));
}

#[test]
fn the_json_results_keep_their_fields_and_gain_id_account_and_suppressed() {
    let evaluated = evaluated();
    let json: serde_json::Value = serde_json::from_str(&render(&evaluated, "json")).unwrap();
    let first = &json[0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "plugin",
        "aliases",
        "category",
        "title",
        "description",
        "id",
        "account",
        "resource",
        "region",
        "status",
        "message",
        "suppressed",
        "severity",
        "compliance",
        "cis_controls",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert_eq!(first["account"], "123456789012");
    let id = first["id"].as_str().unwrap();
    assert_eq!(id.len(), 32);
    assert_eq!(
        id,
        stance_engine::finding_id(
            "123456789012",
            first["plugin"].as_str().unwrap(),
            first["region"].as_str().unwrap(),
            first["resource"].as_str().unwrap()
        )
    );
    let muted: Vec<&serde_json::Value> =
        json.as_array().unwrap().iter().filter(|r| !r["suppressed"].is_null()).collect();
    assert_eq!(muted.len(), 1);
    assert_eq!(muted[0]["suppressed"]["reason"], "bastion host, reviewed by security");
    // Ids are unique, and the same in another run.
    let ids: std::collections::BTreeSet<&str> =
        json.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), json.as_array().unwrap().len());
    assert_eq!(render(&common::evaluated(), "json"), render(&evaluated, "json"));
}
