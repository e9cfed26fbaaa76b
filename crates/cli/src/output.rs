//! What stance prints: results on the console and as JSON, and the list of checks.

use std::io::{self, IsTerminal, Write};

use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;
use std::collections::BTreeMap;

use stance_engine::{Baseline, CIS_VERSION, Check, CheckInfo, CheckResult, Severity, Status};

use crate::args::{Console, Destination};
use crate::error::Error;

/// Statuses in the order the summary counts them: the ones that need attention first.
const SUMMARY_ORDER: [Status; 4] = [Status::Fail, Status::Warn, Status::Unknown, Status::Ok];

/// Writes to `destination` through `fill`: a file is replaced atomically, and is left
/// untouched if `fill` fails.
pub fn write_to(destination: &Destination, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Error> {
    stance_output::write_to(destination, fill).map_err(|error| match error {
        stance_output::WriteError::File(error) => Error::Snapshot(error),
        stance_output::WriteError::Stdout(error) => Error::Stdout(error),
    })
}

/// Results as `format` prints them on the console once all are in: the table and the summary,
/// or the summary alone. `written` names the files the results were also written to.
pub fn console(out: &mut dyn Write, format: Console, results: &[CheckResult], written: &[String]) -> io::Result<()> {
    let colour = use_colour(&io::stdout());
    match format {
        Console::Table => {
            if !results.is_empty() {
                writeln!(out, "{}", results_table(results, colour))?;
            }
            write_summary(out, results, written, colour)
        }
        Console::Summary => write_summary(out, results, written, colour),
        Console::Text | Console::None => Ok(()),
    }
}

/// Results as `--console=text` prints them as they come, one line each, straight to stdout; a
/// reader that stopped reading (`stance … | head`) is no error.
pub fn text_to_stdout(results: &[CheckResult]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    let lines = results.iter().try_for_each(|r| {
        writeln!(stdout, "{} {} {} {} {}", r.status.as_str(), r.check.id, r.region, r.resource, r.message)
    });
    match lines.and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

/// Whether to colour what goes to `stream`: only a terminal, and never with NO_COLOR set.
pub fn use_colour(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(header);
    table
}

fn results_table(results: &[CheckResult], colour: bool) -> Table {
    let mut table = new_table(&["Status", "Plugin", "Region", "Resource", "Message"]);
    for result in results {
        let mut status = Cell::new(match result.baseline {
            Some(baseline) => format!("{} ({})", result.status.as_str(), baseline.as_str()),
            None => result.status.as_str().to_owned(),
        });
        if colour {
            status = status.fg(status_colour(result.status));
        }
        table.add_row(vec![
            status,
            Cell::new(result.check.id),
            Cell::new(&result.region),
            Cell::new(&result.resource),
            Cell::new(&result.message),
        ]);
    }
    table
}

fn status_colour(status: Status) -> Color {
    match status {
        Status::Ok => Color::Green,
        Status::Warn => Color::Yellow,
        Status::Fail => Color::Red,
        Status::Unknown => Color::Magenta,
    }
}

/// The summary that follows the table: each check with a result that is not OK, worst first
/// (FAIL before WARN before UNKNOWN, then by severity and count), with its counts per status;
/// how many checks had only OK results; FAIL results per severity; the result count; and the
/// files the results went to.
fn write_summary(out: &mut dyn Write, results: &[CheckResult], written: &[String], colour: bool) -> io::Result<()> {
    let mut per_check: BTreeMap<&str, (&Check, [usize; 4])> = BTreeMap::new();
    for result in results {
        per_check.entry(result.check.id).or_insert((result.check, [0; 4])).1[status_column(result.status)] += 1;
    }
    let (mut attention, clean): (Vec<_>, Vec<_>) =
        per_check.into_values().partition(|(_, counts)| counts[..3].iter().any(|&count| count > 0));
    // FAIL, WARN, UNKNOWN, OK: a check with a FAIL comes before any without, and so on.
    attention.sort_by_key(|(check, [fail, warn, unknown, _])| {
        let worst = [*fail, *warn, *unknown].iter().position(|&count| count > 0).unwrap_or(3);
        (worst, std::cmp::Reverse(check.severity), std::cmp::Reverse((*fail, *warn, *unknown)), check.id)
    });
    if !attention.is_empty() {
        let mut table = new_table(&["Check", "Severity", "FAIL", "WARN", "UNKNOWN", "OK"]);
        for (check, counts) in &attention {
            let mut row = vec![Cell::new(check.id), Cell::new(label(&check.severity))];
            for (status, count) in SUMMARY_ORDER.iter().zip(counts) {
                let mut cell = Cell::new(if *count == 0 { String::new() } else { count.to_string() });
                if colour && *count > 0 {
                    cell = cell.fg(status_colour(*status));
                }
                row.push(cell);
            }
            table.add_row(row);
        }
        writeln!(out, "{table}")?;
    }
    if !clean.is_empty() {
        let noun = if clean.len() == 1 { "check" } else { "checks" };
        writeln!(out, "{} {noun} with OK results only", clean.len())?;
    }
    let failed: Vec<String> = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low]
        .into_iter()
        .map(|severity| {
            let count = results.iter().filter(|r| r.status == Status::Fail && r.check.severity == severity).count();
            (severity, count)
        })
        .filter(|&(_, count)| count > 0)
        .map(|(severity, count)| format!("{count} {}", label(&severity)))
        .collect();
    if !failed.is_empty() {
        writeln!(out, "FAIL by severity: {}", failed.join(", "))?;
    }
    let fails = || results.iter().filter(|result| result.status == Status::Fail);
    if fails().any(|result| result.baseline.is_some()) {
        let new = fails().filter(|result| result.baseline == Some(Baseline::New)).count();
        writeln!(out, "FAIL new since the baseline: {new}; known: {}", fails().count() - new)?;
    }
    writeln!(out, "{}", count_line(results))?;
    for file in written {
        writeln!(out, "written: {file}")?;
    }
    Ok(())
}

/// A status's column in the summary, in [`SUMMARY_ORDER`].
fn status_column(status: Status) -> usize {
    SUMMARY_ORDER.iter().position(|&s| s == status).expect("every status has a column")
}

/// `3 results: 1 FAIL, 2 OK`; statuses without results are left out.
fn count_line(results: &[CheckResult]) -> String {
    let noun = if results.len() == 1 { "result" } else { "results" };
    let counts: Vec<String> = SUMMARY_ORDER
        .iter()
        .map(|&status| (status, results.iter().filter(|r| r.status == status).count()))
        .filter(|&(_, count)| count > 0)
        .map(|(status, count)| format!("{count} {}", status.as_str()))
        .collect();
    if counts.is_empty() {
        format!("{} {noun}", results.len())
    } else {
        format!("{} {noun}: {}", results.len(), counts.join(", "))
    }
}

pub fn checks_json(out: &mut dyn Write, checks: &[&'static Check]) -> io::Result<()> {
    json(out, &checks.iter().map(|&check| CheckInfo::from(check)).collect::<Vec<_>>())
}

pub fn checks_table(out: &mut dyn Write, checks: &[&'static Check]) -> io::Result<()> {
    let cis = format!("CIS {CIS_VERSION}");
    let headers = ["Id (aliases)", "Category", "Severity", "Title", "Compliance", &cis, "Settings (default)"];
    let mut table = new_table(&headers);
    for check in checks.iter().map(|&check| CheckInfo::from(check)) {
        let settings: Vec<String> =
            check.settings.iter().map(|setting| format!("{}={}", setting.name, setting.default)).collect();
        let names: Vec<&str> = std::iter::once(check.id).chain(check.aliases.iter().map(|alias| alias.id)).collect();
        table.add_row(vec![
            names.join("\n"),
            label(&check.category),
            label(&check.severity),
            check.title.to_owned(),
            check.compliance.join(", "),
            check.cis_controls.join(", "),
            settings.join("\n"),
        ]);
    }
    writeln!(out, "{table}")
}

/// The name a value has in JSON output (`IAM`, `high`), so that the table and JSON agree.
fn label(value: &impl Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

/// `value` as pretty-printed JSON and a newline.
pub fn json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
