//! The per-control report: one status per control of a selection, from the results of its
//! checks in one run, with the counts of resources behind it.
//!
//! - FAIL when a mapped check gave FAIL or WARN (WARN is not compliant; the counts tell which);
//! - else UNKNOWN when one gave UNKNOWN, or a mapped check was not run;
//! - else PASS: every result OK (a control whose checks found nothing to judge passes with 0
//!   resources, and says so);
//! - MANUAL or NOT COLLECTED when no check evaluates the control.
//!
//! A caller that streams results feeds a [`ReportBuilder`] one check's results at a time (before
//! any `--ignore-ok` filtering); [`ControlReport::from_runs`] does it for runs held in memory.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Control, Selection};
use crate::check::Check;
use crate::results::{CheckResult, CheckRun, Status};

/// A control's status in one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ControlStatus {
    #[serde(rename = "PASS")]
    Pass,
    #[serde(rename = "FAIL")]
    Fail,
    #[serde(rename = "UNKNOWN")]
    Unknown,
    #[serde(rename = "MANUAL")]
    Manual,
    #[serde(rename = "NOT_COLLECTED")]
    NotCollected,
}

impl ControlStatus {
    /// As JSON and CSV spell it: `PASS`, `NOT_COLLECTED`.
    pub fn as_str(self) -> &'static str {
        match self {
            ControlStatus::Pass => "PASS",
            ControlStatus::Fail => "FAIL",
            ControlStatus::Unknown => "UNKNOWN",
            ControlStatus::Manual => "MANUAL",
            ControlStatus::NotCollected => "NOT_COLLECTED",
        }
    }

    /// As the console shows it: `NOT COLLECTED`.
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::NotCollected => "NOT COLLECTED",
            other => other.as_str(),
        }
    }
}

/// Resources per result status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    #[serde(rename = "OK")]
    pub ok: usize,
    #[serde(rename = "WARN")]
    pub warn: usize,
    #[serde(rename = "FAIL")]
    pub fail: usize,
    #[serde(rename = "UNKNOWN")]
    pub unknown: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Ok => self.ok += 1,
            Status::Warn => self.warn += 1,
            Status::Fail => self.fail += 1,
            Status::Unknown => self.unknown += 1,
        }
    }

    fn merge(&mut self, other: Counts) {
        self.ok += other.ok;
        self.warn += other.warn;
        self.fail += other.fail;
        self.unknown += other.unknown;
    }

    /// Every result counted.
    pub fn total(&self) -> usize {
        self.ok + self.warn + self.fail + self.unknown
    }
}

/// One mapped check of a control, in this run.
#[derive(Debug, Clone, Serialize)]
pub struct CheckLine {
    pub id: &'static str,
    /// Whether the check was run (a check left out by `--plugin` was not).
    pub run: bool,
    pub counts: Counts,
}

/// One control of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ControlLine {
    pub id: &'static str,
    pub title: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated: Option<bool>,
    pub status: ControlStatus,
    /// The resources behind the status, over every mapped check.
    pub counts: Counts,
    pub checks: Vec<CheckLine>,
    /// How many mapped checks were run, of how many would evaluate the control with every
    /// service collected: "N of M mapped checks evaluated".
    pub checks_evaluated: usize,
    pub checks_mapped: usize,
    /// The services the control needs that are not collected, with the checks they would feed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_collected: Vec<&'static super::NotCollected>,
    /// Why a person must review the control.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual: Option<&'static str>,
    /// The status in a sentence: what it rests on and what is left out.
    pub remark: String,
}

/// How many controls stand where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub controls: usize,
    /// Controls some check evaluates (PASS, FAIL or UNKNOWN).
    pub evaluated: usize,
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub manual: usize,
    pub not_collected: usize,
    /// Evaluated controls that also need services not collected.
    pub partial: usize,
}

/// The per-control report of a selection over one run.
#[derive(Debug, Clone, Serialize)]
pub struct ControlReport {
    /// The selection (`cis1`).
    pub selection: &'static str,
    /// The programme's id (`cis`), name, version and source.
    pub programme: &'static str,
    pub name: &'static str,
    pub version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    pub source: &'static str,
    /// "CIS v7.0.0: 61 of 70 controls evaluated: 40 PASS, …".
    pub headline: String,
    pub coverage: Coverage,
    pub controls: Vec<ControlLine>,
}

/// Gathers a run's results for a report, one check at a time.
#[derive(Debug)]
pub struct ReportBuilder {
    selection: &'static Selection,
    /// Per check run, the counts of its results.
    runs: HashMap<&'static str, Counts>,
}

impl ReportBuilder {
    pub fn new(selection: &'static Selection) -> ReportBuilder {
        ReportBuilder { selection, runs: HashMap::new() }
    }

    /// Adds the results of one run of `check` (all of them: OK ones too).
    pub fn add(&mut self, check: &'static Check, results: &[CheckResult]) {
        let counts = self.runs.entry(check.id).or_default();
        for result in results {
            counts.add(result.status);
        }
    }

    pub fn finish(self) -> ControlReport {
        let selection = self.selection;
        let controls: Vec<ControlLine> = selection.controls().map(|control| line(control, &self.runs)).collect();
        let mut coverage = Coverage { controls: controls.len(), ..Coverage::default() };
        for control in &controls {
            match control.status {
                ControlStatus::Pass => coverage.pass += 1,
                ControlStatus::Fail => coverage.fail += 1,
                ControlStatus::Unknown => coverage.unknown += 1,
                ControlStatus::Manual => coverage.manual += 1,
                ControlStatus::NotCollected => coverage.not_collected += 1,
            }
            if !control.checks.is_empty() && !control.not_collected.is_empty() {
                coverage.partial += 1;
            }
        }
        coverage.evaluated = coverage.pass + coverage.fail + coverage.unknown;
        let programme = selection.programme;
        ControlReport {
            selection: &selection.name,
            programme: &programme.id,
            name: &programme.name,
            version: &programme.version,
            level: selection.level,
            source: &programme.source,
            headline: headline(&selection.label(), &coverage),
            coverage,
            controls,
        }
    }
}

/// `CIS v7.0.0: 64 of 70 controls evaluated: 40 PASS, 20 FAIL, 4 UNKNOWN; 5 manual review; 1
/// needs services not collected`.
fn headline(label: &str, coverage: &Coverage) -> String {
    let mut headline = format!(
        "{label}: {} of {} controls evaluated: {} PASS, {} FAIL, {} UNKNOWN",
        coverage.evaluated, coverage.controls, coverage.pass, coverage.fail, coverage.unknown
    );
    if coverage.partial > 0 {
        write!(headline, " ({} in part)", coverage.partial).unwrap();
    }
    write!(headline, "; {} manual review", coverage.manual).unwrap();
    let verb = if coverage.not_collected == 1 { "needs" } else { "need" };
    write!(headline, "; {} {verb} services not collected", coverage.not_collected).unwrap();
    headline
}

fn line(control: &'static Control, runs: &HashMap<&'static str, Counts>) -> ControlLine {
    let checks: Vec<CheckLine> = control
        .checks
        .iter()
        .map(|id| match runs.get(id.as_str()) {
            Some(counts) => CheckLine { id, run: true, counts: *counts },
            None => CheckLine { id, run: false, counts: Counts::default() },
        })
        .collect();
    let mut counts = Counts::default();
    checks.iter().for_each(|check| counts.merge(check.counts));
    let not_run: Vec<&str> = checks.iter().filter(|check| !check.run).map(|check| check.id).collect();
    let services: Vec<&str> = control.services_not_collected().collect();
    let status = if checks.is_empty() {
        if control.manual.is_some() { ControlStatus::Manual } else { ControlStatus::NotCollected }
    } else if counts.fail + counts.warn > 0 {
        ControlStatus::Fail
    } else if counts.unknown > 0 || !not_run.is_empty() {
        ControlStatus::Unknown
    } else {
        ControlStatus::Pass
    };
    let mut remarks = Vec::new();
    match status {
        ControlStatus::Manual => remarks.push("needs a person's review".to_owned()),
        ControlStatus::NotCollected => remarks.push(format!("needs {}, not collected", services.join(", "))),
        _ if counts.total() == 0 && not_run.is_empty() => remarks.push("no resource to judge".to_owned()),
        _ => {}
    }
    if !not_run.is_empty() {
        remarks.push(format!("not run: {}", not_run.join(", ")));
    }
    if !checks.is_empty() && !services.is_empty() {
        remarks.push(format!(
            "{} of {} mapped checks evaluated; not collected: {}",
            checks.len() - not_run.len(),
            control.mapped_checks(),
            services.join(", ")
        ));
    }
    if !checks.is_empty() && control.manual.is_some() {
        remarks.push("also needs a person's review".to_owned());
    }
    ControlLine {
        id: &control.id,
        title: &control.title,
        level: control.level,
        automated: control.automated,
        status,
        counts,
        checks_evaluated: checks.len() - not_run.len(),
        checks_mapped: control.mapped_checks(),
        checks,
        not_collected: control.not_collected.iter().collect(),
        manual: control.manual.as_deref(),
        remark: remarks.join("; "),
    }
}

/// How a report file is written: CSV for a name ending in `.csv`, else JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Csv,
}

impl ReportFormat {
    /// CSV when `path` ends in `.csv` (in any case), JSON otherwise.
    pub fn for_path(path: &Path) -> ReportFormat {
        match path.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("csv") => ReportFormat::Csv,
            _ => ReportFormat::Json,
        }
    }
}

/// The columns of the CSV report, one row per control.
const CSV_HEADER: [&str; 15] = [
    "programme",
    "control",
    "title",
    "level",
    "automated",
    "status",
    "ok",
    "warn",
    "fail",
    "unknown",
    "checks",
    "checks_evaluated",
    "checks_mapped",
    "not_collected",
    "remark",
];

impl ControlReport {
    /// The report of `selection` over `runs`.
    pub fn from_runs(selection: &'static Selection, runs: &[CheckRun]) -> ControlReport {
        let mut builder = ReportBuilder::new(selection);
        for run in runs {
            builder.add(run.check, &run.results);
        }
        builder.finish()
    }

    /// Writes the report in `format`.
    pub fn write(&self, out: &mut dyn Write, format: ReportFormat) -> io::Result<()> {
        match format {
            ReportFormat::Json => self.write_json(out),
            ReportFormat::Csv => self.write_csv(out),
        }
    }

    /// The report as pretty-printed JSON and a newline.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        writeln!(out)
    }

    /// The report as CSV: a header, then one row per control (checks and services separated by
    /// spaces; `not_collected` as `Service:check` pairs).
    pub fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(CSV_HEADER)?;
        for control in &self.controls {
            let not_collected: Vec<String> = control
                .not_collected
                .iter()
                .flat_map(|part| part.checks.iter().map(|check| format!("{}:{check}", part.service)))
                .collect();
            let checks: Vec<&str> = control.checks.iter().map(|check| check.id).collect();
            writer.write_record([
                self.programme,
                control.id,
                control.title,
                &control.level.map(|level| level.to_string()).unwrap_or_default(),
                control.automated.map_or("", |automated| if automated { "true" } else { "false" }),
                control.status.as_str(),
                &control.counts.ok.to_string(),
                &control.counts.warn.to_string(),
                &control.counts.fail.to_string(),
                &control.counts.unknown.to_string(),
                &checks.join(" "),
                &control.checks_evaluated.to_string(),
                &control.checks_mapped.to_string(),
                &not_collected.join(" "),
                &control.remark,
            ])?;
        }
        writer.flush()
    }

    /// The report as a plain-text table for the console, then the headline; with `colour`, the
    /// statuses in ANSI colours.
    pub fn console(&self, colour: bool) -> String {
        let header = ["Control", "Level", "Status", "OK", "WARN", "FAIL", "UNKNOWN", "Title"];
        let rows: Vec<[String; 8]> = self
            .controls
            .iter()
            .map(|control| {
                let mut title = control.title.to_owned();
                if !control.remark.is_empty() {
                    write!(title, " ({})", control.remark).unwrap();
                }
                let evaluated = !matches!(control.status, ControlStatus::Manual | ControlStatus::NotCollected);
                let count = |n: usize| if evaluated { n.to_string() } else { String::new() };
                [
                    control.id.to_owned(),
                    control.level.map(|level| level.to_string()).unwrap_or_default(),
                    control.status.label().to_owned(),
                    count(control.counts.ok),
                    count(control.counts.warn),
                    count(control.counts.fail),
                    count(control.counts.unknown),
                    title,
                ]
            })
            .collect();
        let mut widths = header.map(str::len);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        // Counts are right-aligned; the title, last, is not padded.
        let numeric = [false, false, false, true, true, true, true, false];
        let mut out = String::new();
        let mut render = |cells: &[String], statuses: Option<ControlStatus>| {
            let mut line = String::new();
            for (index, cell) in cells.iter().enumerate() {
                if index > 0 {
                    line.push_str("  ");
                }
                let pad = widths[index] - cell.chars().count();
                let last = index == cells.len() - 1;
                let text = match (index, statuses) {
                    (2, Some(status)) if colour => format!("\x1b[{}m{cell}\x1b[0m", ansi(status)),
                    _ => cell.clone(),
                };
                if numeric[index] {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(&text);
                } else {
                    line.push_str(&text);
                    if !last {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        };
        render(&header.map(str::to_owned), None);
        for (row, control) in rows.iter().zip(&self.controls) {
            render(row, Some(control.status));
        }
        out.push_str(&self.headline);
        out.push('\n');
        out
    }
}

/// The ANSI colour of a status: the colours the results table gives FAIL, UNKNOWN and OK.
fn ansi(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::Pass => "32",
        ControlStatus::Fail => "31",
        ControlStatus::Unknown => "35",
        ControlStatus::Manual | ControlStatus::NotCollected => "36",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check_by_id;

    fn result(check: &'static Check, status: Status) -> CheckResult {
        CheckResult {
            check,
            account: "123456789012".into(),
            resource: "arn:aws:iam::123456789012:root".to_owned(),
            region: "global".to_owned(),
            status,
            message: String::new(),
            suppressed: None,
            baseline: None,
        }
    }

    fn cis() -> &'static Selection {
        Selection::parse("cis").unwrap()
    }

    fn control<'a>(report: &'a ControlReport, id: &str) -> &'a ControlLine {
        report.controls.iter().find(|control| control.id == id).unwrap()
    }

    #[test]
    fn a_control_fails_on_any_fail_or_warn_and_is_unknown_on_any_unknown() {
        let keys = check_by_id("accessKeysLastUsed").unwrap();
        let passwords = check_by_id("usersPasswordLastUsed").unwrap();
        for (statuses, expected) in [
            ([Status::Ok, Status::Ok], ControlStatus::Pass),
            ([Status::Ok, Status::Warn], ControlStatus::Fail),
            ([Status::Fail, Status::Unknown], ControlStatus::Fail),
            ([Status::Unknown, Status::Ok], ControlStatus::Unknown),
        ] {
            let mut builder = ReportBuilder::new(cis());
            builder.add(keys, &[result(keys, statuses[0])]);
            builder.add(passwords, &[result(passwords, statuses[1])]);
            let report = builder.finish();
            let line = control(&report, "2.11");
            assert_eq!(line.status, expected, "{statuses:?}");
            assert_eq!(line.counts.total(), 2);
            assert_eq!((line.checks_evaluated, line.checks_mapped), (2, 2));
        }
    }

    #[test]
    fn no_resource_passes_and_says_so_and_a_check_not_run_is_unknown() {
        let keys = check_by_id("accessKeysLastUsed").unwrap();
        let passwords = check_by_id("usersPasswordLastUsed").unwrap();
        let mut builder = ReportBuilder::new(cis());
        builder.add(keys, &[]);
        builder.add(passwords, &[]);
        let report = builder.finish();
        assert_eq!(control(&report, "2.11").status, ControlStatus::Pass);
        assert_eq!(control(&report, "2.11").remark, "no resource to judge");
        // Nothing else was run: every other evaluated control is UNKNOWN, naming what was not run.
        assert_eq!(control(&report, "2.4").status, ControlStatus::Unknown);
        assert_eq!(control(&report, "2.4").remark, "not run: rootAccessKeys");
        assert_eq!(control(&report, "2.1.2").status, ControlStatus::Manual);
        assert_eq!(control(&report, "4.10").status, ControlStatus::Unknown);
        let partial = control(&report, "2.21");
        assert_eq!((partial.checks_evaluated, partial.checks_mapped), (0, 9));
        assert_eq!(
            report.headline,
            "CIS v7.0.0: 66 of 70 controls evaluated: 1 PASS, 0 FAIL, 65 UNKNOWN; 4 manual review; \
             0 need services not collected"
        );
    }

    #[test]
    fn a_level_selects_its_controls_only() {
        let report = ReportBuilder::new(Selection::parse("cis2").unwrap()).finish();
        assert_eq!(report.coverage.controls, 29);
        assert!(report.controls.iter().all(|control| control.level == Some(2)));
        assert!(report.headline.starts_with("CIS v7.0.0 Level 2: "), "{}", report.headline);
    }

    #[test]
    fn csv_has_one_row_per_control_and_the_console_a_line_per_control_and_the_headline() {
        let report = ReportBuilder::new(cis()).finish();
        let mut csv = Vec::new();
        report.write(&mut csv, ReportFormat::Csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 70);
        let partial = rows.iter().find(|row| &row[1] == "2.21").unwrap();
        assert_eq!((&partial[12], &partial[13]), ("9", ""), "{partial:?}");
        let console = report.console(false);
        assert_eq!(console.lines().count(), 72);
        assert!(console.lines().next().unwrap().starts_with("Control  Level  Status"));
        assert_eq!(console.lines().last().unwrap(), report.headline);
        assert!(!console.contains('\x1b'));
        assert!(report.console(true).contains("\x1b[36mMANUAL\x1b[0m"));
        assert_eq!(ReportFormat::for_path(Path::new("out/Report.CSV")), ReportFormat::Csv);
        assert_eq!(ReportFormat::for_path(Path::new("report.json")), ReportFormat::Json);
    }
}
