//! Compliance programmes as data: one file per programme under `crates/engine/compliance/`,
//! mapping each of its controls to the checks that evaluate it. The mapping lives only there;
//! check metadata carries none.
//!
//! - [`programmes`]: the files, parsed once into an index;
//! - [`Selection`]: what `--compliance` takes: a programme (`cis`, `fsbp`, …) or, for a
//!   programme with levels, one level of it (`cis1`, `cis2`);
//! - [`programmes_of`], [`controls_of`], [`cis_controls`]: the reverse index, check → controls;
//! - [`ControlReport`]: one status per control from a run's results.

mod report;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::check::Check;
use crate::checks::REGISTRY;

pub use report::{CheckLine, ControlLine, ControlReport, ControlStatus, Counts, Coverage, ReportBuilder, ReportFormat};

/// The programme files, in the order their selections are listed: `(id, text)`, the id being
/// the file's stem. Adding a programme is one line here.
#[rustfmt::skip]
const FILES: &[(&str, &str)] = &[
    ("cis", include_str!("../../compliance/cis.json")),
    ("fsbp", include_str!("../../compliance/fsbp.json")),
    ("pci", include_str!("../../compliance/pci.json")),
    ("hipaa", include_str!("../../compliance/hipaa.json")),
];

/// The version of the CIS AWS Foundations Benchmark whose controls `cis` holds (the CIS file's
/// `version`; a test keeps them equal).
pub const CIS_VERSION: &str = "v7.0.0";

/// A compliance programme: every one of its controls, with the checks that evaluate each.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// What `--compliance` takes (`cis`), and the file's stem.
    pub id: String,
    pub name: String,
    pub version: String,
    /// Where the programme's own text is.
    pub source: String,
    /// Every control, manual ones included, in the programme's order.
    pub controls: Vec<Control>,
}

/// One control of a programme.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    /// In stance's own words, one line.
    pub title: String,
    /// The control's level, for a programme with levels (CIS: 1 or 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// Whether the programme states an automated assessment (CIS: automated or manual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated: Option<bool>,
    /// The stance checks that evaluate the control.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Why a person must review the control, when one must.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<String>,
    /// What would evaluate the control, or the rest of it, but reads services stance does not
    /// collect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_collected: Vec<NotCollected>,
    /// Why the mapping is what it is, where it differs from a peer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A part of a control that needs a service stance does not collect.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotCollected {
    /// The AWS service (`Lambda`).
    pub service: String,
    /// The checks that would evaluate that part: a peer's (Prowler's) ids or stance's planned ids.
    pub checks: Vec<String>,
}

impl Control {
    /// How many checks would evaluate the control with every service collected: its checks
    /// and those under `not_collected`.
    pub fn mapped_checks(&self) -> usize {
        self.checks.len() + self.not_collected.iter().map(|part| part.checks.len()).sum::<usize>()
    }

    /// How stance stands on the control without running anything: `evaluated` (and what is
    /// left out), `manual review` or `not collected (services)`.
    pub fn standing(&self) -> String {
        let services: Vec<&str> = self.services_not_collected().collect();
        if self.checks.is_empty() {
            return match self.manual {
                Some(_) => "manual review".to_owned(),
                None => format!("not collected ({})", services.join(", ")),
            };
        }
        let mut standing = "evaluated".to_owned();
        if !services.is_empty() {
            write!(
                standing,
                " ({} of {} mapped checks; not collected: {})",
                self.checks.len(),
                self.mapped_checks(),
                services.join(", ")
            )
            .unwrap();
        }
        if self.manual.is_some() {
            standing.push_str("; and a person's review");
        }
        standing
    }

    /// The services the control needs that stance does not collect.
    pub fn services_not_collected(&self) -> impl Iterator<Item = &str> {
        self.not_collected.iter().map(|part| part.service.as_str())
    }
}

static PROGRAMMES: LazyLock<Vec<Programme>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(id, text)| {
            let programme: Programme = serde_json::from_str(text)
                .unwrap_or_else(|error| panic!("crates/engine/compliance/{id}.json: {error}"));
            assert_eq!(programme.id, *id, "crates/engine/compliance/{id}.json: its id is not its file's name");
            programme
        })
        .collect()
});

/// Every programme, in the order of their files.
pub fn programmes() -> &'static [Programme] {
    &PROGRAMMES
}

/// The programme with this id (`cis`).
pub fn programme(id: &str) -> Option<&'static Programme> {
    programmes().iter().find(|programme| programme.id == id)
}

/// What `--compliance` selects: a programme's controls, or one level's.
#[derive(Debug)]
pub struct Selection {
    /// `cis`, `cis1`.
    pub name: String,
    pub programme: &'static Programme,
    /// Only the controls of this level (`cis1`: 1).
    pub level: Option<u8>,
}

static SELECTIONS: LazyLock<Vec<Selection>> = LazyLock::new(|| {
    let mut selections = Vec::new();
    for programme in programmes() {
        selections.push(Selection { name: programme.id.clone(), programme, level: None });
        let mut levels: Vec<u8> = programme.controls.iter().filter_map(|control| control.level).collect();
        levels.sort_unstable();
        levels.dedup();
        for level in levels {
            selections.push(Selection { name: format!("{}{level}", programme.id), programme, level: Some(level) });
        }
    }
    selections
});

/// Every selection, in order: each programme, then each of its levels (`cis`, `cis1`, `cis2`,
/// `fsbp`, …).
pub fn selections() -> &'static [Selection] {
    &SELECTIONS
}

/// A `--compliance` value that names no selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSelection(pub String);

impl fmt::Display for UnknownSelection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Selection::names().collect();
        write!(f, "unknown compliance programme {:?}: the programmes are {}", self.0, names.join(", "))
    }
}

impl std::error::Error for UnknownSelection {}

impl Selection {
    /// The selection `name` names (`cis`, `cis1`, `fsbp`).
    pub fn parse(name: &str) -> Result<&'static Selection, UnknownSelection> {
        selections().iter().find(|selection| selection.name == name).ok_or_else(|| UnknownSelection(name.to_owned()))
    }

    /// Every selection's name, in order: what `--compliance` accepts.
    pub fn names() -> impl Iterator<Item = &'static str> {
        selections().iter().map(|selection| selection.name.as_str())
    }

    /// `CIS v7.0.0`, `CIS v7.0.0 Level 1`: the programme's id in capitals, its version and level.
    pub fn label(&self) -> String {
        let mut label = format!("{} {}", self.programme.id.to_uppercase(), self.programme.version);
        if let Some(level) = self.level {
            label.push_str(&format!(" Level {level}"));
        }
        label
    }

    /// The controls selected, in the programme's order.
    pub fn controls(&self) -> impl Iterator<Item = &'static Control> + use<> {
        let level = self.level;
        self.programme.controls.iter().filter(move |control| level.is_none() || control.level == level)
    }

    /// Whether a selected control is evaluated by `check`.
    pub fn includes(&self, check: &Check) -> bool {
        self.controls().any(|control| control.checks.iter().any(|id| id == check.id))
    }

    /// The selected controls as plain text, for `stance checks --compliance=X`: per control its
    /// id, level, how stance stands on it, its checks and title; then a count.
    pub fn overview(&self) -> String {
        let controls: Vec<&Control> = self.controls().collect();
        let rows: Vec<[String; 5]> = controls
            .iter()
            .map(|control| {
                [
                    control.id.clone(),
                    control.level.map(|level| level.to_string()).unwrap_or_default(),
                    control.standing(),
                    control.checks.join(" "),
                    control.title.clone(),
                ]
            })
            .collect();
        let header = ["Control", "Level", "In stance", "Checks", "Title"].map(str::to_owned);
        let mut widths = [0; 5];
        for row in std::iter::once(&header).chain(&rows) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::new();
            for (cell, width) in row.iter().zip(widths) {
                write!(line, "{cell:width$}  ").unwrap();
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        let evaluated = controls.iter().filter(|control| !control.checks.is_empty()).count();
        writeln!(out, "{}: {evaluated} of {} controls evaluated by stance", self.label(), controls.len()).unwrap();
        out
    }

    /// The checks the selected controls need, in registry order: what `--compliance` runs.
    pub fn checks(&self) -> Vec<&'static Check> {
        REGISTRY.iter().copied().filter(|check| self.includes(check)).collect()
    }
}

/// What the programmes say of one check.
#[derive(Debug, Default)]
struct Mapped {
    /// The selections that include it (`cis`, `cis1`, `fsbp`).
    selections: Vec<&'static str>,
    /// Per programme mapping it, in programme order, the controls it evaluates.
    controls: Vec<(&'static str, Vec<&'static str>)>,
}

static BY_CHECK: LazyLock<HashMap<&'static str, Mapped>> = LazyLock::new(|| {
    let mut by_check: HashMap<&'static str, Mapped> = HashMap::new();
    for programme in programmes() {
        for control in &programme.controls {
            for check in &control.checks {
                let mapped = by_check.entry(check.as_str()).or_default();
                match mapped.controls.last_mut() {
                    Some((id, controls)) if *id == programme.id => {
                        if !controls.contains(&control.id.as_str()) {
                            controls.push(&control.id)
                        }
                    }
                    _ => mapped.controls.push((&programme.id, vec![&control.id])),
                }
            }
        }
    }
    for selection in selections() {
        for control in selection.controls() {
            for check in &control.checks {
                let mapped = by_check.get_mut(check.as_str()).expect("every mapped check was indexed above");
                if !mapped.selections.contains(&selection.name.as_str()) {
                    mapped.selections.push(&selection.name);
                }
            }
        }
    }
    by_check
});

/// The selections that include `check` (`["cis", "cis1", "fsbp"]`): a result's `compliance`.
pub fn programmes_of(check: &Check) -> &'static [&'static str] {
    BY_CHECK.get(check.id).map_or(&[], |mapped| &mapped.selections)
}

/// Per programme that maps `check`, in programme order, the controls it evaluates
/// (`[("cis", ["2.4"]), ("fsbp", ["IAM.4"])]`): a result's `controls`.
pub fn controls_of(check: &Check) -> &'static [(&'static str, Vec<&'static str>)] {
    BY_CHECK.get(check.id).map_or(&[], |mapped| &mapped.controls)
}

/// The CIS controls `check` evaluates: a result's `cis_controls`.
pub fn cis_controls(check: &Check) -> &'static [&'static str] {
    controls_of(check).iter().find(|(programme, _)| *programme == "cis").map_or(&[], |(_, ids)| ids.as_slice())
}

/// A check's controls as a JSON object of programme ids to control ids.
pub(crate) struct ControlsJson(pub &'static [(&'static str, Vec<&'static str>)]);

impl Serialize for ControlsJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(programme, controls)| (programme, controls)))
    }
}

#[cfg(test)]
mod tests;
