//! The programme files' rules (see `crates/engine/compliance/`): every control listed once,
//! with a title, and either checks that exist or a reason why none evaluates it.

use std::collections::BTreeSet;

use super::*;
use crate::check_by_id;

#[test]
fn every_programme_file_parses_and_names_itself() {
    assert_eq!(programmes().len(), FILES.len());
    let ids: BTreeSet<&str> = programmes().iter().map(|programme| programme.id.as_str()).collect();
    assert_eq!(ids.len(), programmes().len(), "two programme files have one id");
    for programme in programmes() {
        for field in [&programme.name, &programme.version, &programme.source] {
            assert!(!field.trim().is_empty(), "{}: an empty name, version or source", programme.id);
        }
        assert!(!programme.controls.is_empty(), "{}: no controls", programme.id);
    }
}

#[test]
fn controls_have_unique_ids_and_titles() {
    for programme in programmes() {
        let mut seen = BTreeSet::new();
        for control in &programme.controls {
            assert!(!control.id.trim().is_empty(), "{}: a control without an id", programme.id);
            assert!(seen.insert(&control.id), "{}: control {} is listed twice", programme.id, control.id);
            let title = control.title.trim();
            assert!(!title.is_empty(), "{} {}: no title", programme.id, control.id);
            assert!(!title.contains('\n'), "{} {}: the title is more than one line", programme.id, control.id);
        }
    }
}

#[test]
fn every_mapped_check_exists_once_per_control() {
    for programme in programmes() {
        for control in &programme.controls {
            let mut seen = BTreeSet::new();
            for id in &control.checks {
                assert!(check_by_id(id).is_some(), "{} {}: no check is named {id:?}", programme.id, control.id);
                assert!(seen.insert(id), "{} {}: {id} is listed twice", programme.id, control.id);
            }
        }
    }
}

#[test]
fn a_control_without_checks_says_why() {
    for programme in programmes() {
        for control in &programme.controls {
            if let Some(manual) = &control.manual {
                assert!(!manual.trim().is_empty(), "{} {}: an empty manual reason", programme.id, control.id);
            }
            for part in &control.not_collected {
                assert!(!part.service.trim().is_empty(), "{} {}: a part without a service", programme.id, control.id);
                // A part may name no check: no tool has one for that service's controls yet.
                // Once a check of that part is written, it belongs in `checks`.
                for id in &part.checks {
                    assert!(
                        check_by_id(id).is_none(),
                        "{} {}: {id} exists now: move it from not_collected to checks",
                        programme.id,
                        control.id
                    );
                }
            }
            assert!(
                !control.checks.is_empty() || control.manual.is_some() || !control.not_collected.is_empty(),
                "{} {}: no checks, and neither manual nor not_collected says why",
                programme.id,
                control.id
            );
        }
    }
}

#[test]
fn the_cis_file_is_v7_with_its_70_controls_and_levels() {
    let cis = programme("cis").expect("the CIS programme");
    assert_eq!(cis.version, CIS_VERSION);
    assert_eq!(cis.controls.len(), 70);
    let level = |n| cis.controls.iter().filter(|control| control.level == Some(n)).count();
    assert_eq!((level(1), level(2)), (41, 29));
    assert_eq!(cis.controls.iter().filter(|control| control.automated == Some(true)).count(), 34);
}

#[test]
fn selections_are_programmes_and_their_levels() {
    let names: Vec<&str> = Selection::names().collect();
    assert_eq!(&names[..3], ["cis", "cis1", "cis2"]);
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "two selections share a name");
    let cis1 = Selection::parse("cis1").unwrap();
    assert!(cis1.controls().all(|control| control.level == Some(1)));
    assert_eq!(Selection::parse("cis").unwrap().controls().count(), 70);
    assert_eq!(Selection::parse("cis").unwrap().label(), "CIS v7.0.0");
    assert_eq!(cis1.label(), "CIS v7.0.0 Level 1");
    let error = Selection::parse("sox").unwrap_err().to_string();
    assert!(error.starts_with("unknown compliance programme \"sox\": the programmes are cis, cis1, cis2"), "{error}");
}

#[test]
fn the_reverse_index_lists_selections_and_controls_per_check() {
    let root_keys = check_by_id("rootAccessKeys").unwrap();
    assert_eq!(cis_controls(root_keys), ["2.4"]);
    assert!(programmes_of(root_keys).starts_with(&["cis", "cis1"]));
    assert!(!programmes_of(root_keys).contains(&"cis2"));
    let open_ssh = check_by_id("openSSH").unwrap();
    assert_eq!(cis_controls(open_ssh), ["6.3", "6.4"]);
    let json = serde_json::to_value(ControlsJson(controls_of(open_ssh))).unwrap();
    assert_eq!(json["cis"], serde_json::json!(["6.3", "6.4"]));
    // Every check a selection includes lists that selection, and no other.
    for check in REGISTRY {
        let expected: Vec<&str> =
            selections().iter().filter(|selection| selection.includes(check)).map(|s| s.name.as_str()).collect();
        assert_eq!(programmes_of(check), expected, "{}", check.id);
    }
}

#[test]
fn a_selection_runs_the_checks_of_its_controls_in_registry_order() {
    let cis2 = Selection::parse("cis2").unwrap().checks();
    assert!(cis2.iter().any(|check| check.id == "bucketEncryptionInTransit"));
    assert!(!cis2.iter().any(|check| check.id == "rootAccessKeys"));
    let positions: Vec<usize> =
        cis2.iter().map(|check| REGISTRY.iter().position(|other| other.id == check.id).unwrap()).collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn the_overview_lists_each_control_and_how_stance_stands_on_it() {
    let overview = Selection::parse("cis2").unwrap().overview();
    let lines: Vec<&str> = overview.lines().collect();
    assert_eq!(lines.len(), 1 + 29 + 1);
    assert!(lines[0].starts_with("Control  Level  In stance"), "{}", lines[0]);
    assert!(lines.iter().any(|line| line.starts_with("2.1.2 ") && line.contains("manual review")));
    assert_eq!(lines[30], "CIS v7.0.0 Level 2: 25 of 29 controls evaluated by stance");
}
