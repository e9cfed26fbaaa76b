//! A diff as text: for the console (a summary, then the details grouped by service and
//! resource) and as Markdown, for a pull request or ticket comment.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::{
    AttributeChange, Change, CoverageChange, CoverageKind, Diff, FindingChange, OutcomeState, ResourceChange, Source,
    ValueChange,
};

/// Values longer than this are cut, with `…`, in text (the JSON has them whole).
const MAX_VALUE: usize = 300;

/// How a line reads: its mark, and its colour on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Added,
    Removed,
    Changed,
    Plain,
}

impl Tone {
    fn paint(self, text: &str, colour: bool) -> String {
        let code = match self {
            Tone::Added => "32",
            Tone::Removed => "31",
            Tone::Changed => "33",
            Tone::Plain => return text.to_owned(),
        };
        if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }
}

/// The diff for a terminal; with `colour`, additions are green, removals red and changes
/// yellow.
pub fn console(diff: &Diff, colour: bool) -> String {
    let bold = |text: &str| if colour { format!("\x1b[1m{text}\x1b[0m") } else { text.to_owned() };
    let mut out = String::new();
    let _ = writeln!(out, "{}", bold(&title(diff)));
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push('\n');
    for line in totals(diff).into_iter().chain(service_lines(diff)) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{}", findings_summary(diff));
    let mut section = |heading: &str, lines: Vec<(Tone, String)>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{}", bold(heading));
            for (tone, line) in lines {
                let _ = writeln!(out, "{}", tone.paint(&line, colour));
            }
        }
    };
    for (service, groups) in groups_by_service(diff) {
        let mut lines = Vec::new();
        for group in groups {
            match (group.whole, group.details.as_slice()) {
                (Some(tone), _) => lines.push((tone, group.headline())),
                (None, [(tone, detail)]) => lines.push((*tone, format!("{}  {detail}", group.title))),
                (None, details) => {
                    lines.push((Tone::Plain, group.title.clone()));
                    lines.extend(details.iter().map(|(tone, detail)| (*tone, format!("    {detail}"))));
                }
            }
        }
        section(service, lines);
    }
    section("Coverage", coverage_lines(diff));
    section("Snapshot", diff.snapshot.iter().map(attribute_line).collect());
    let findings =
        [("new FAIL", &diff.findings.new_fails, Tone::Removed), ("fixed", &diff.findings.fixed, Tone::Added)];
    let mut lines: Vec<(Tone, String)> = findings
        .iter()
        .flat_map(|(what, changes, tone)| changes.iter().map(move |change| (*tone, finding_line(what, change))))
        .collect();
    lines.extend(diff.findings.changed.iter().map(|change| (Tone::Changed, finding_line("changed", change))));
    section("Findings", lines);
    out
}

/// The diff in GitHub-flavoured Markdown: the summary and the findings as tables, each
/// service's changes in a `diff` code block, where additions and removals are coloured.
pub fn markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", title(diff));
    if diff.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    if let Some(totals) = totals(diff) {
        let _ = writeln!(out, "{totals}\n");
    }
    let counts = counts(diff);
    if !counts.is_empty() {
        out.push_str("| service | added | removed | changed | coverage |\n|---|--:|--:|--:|--:|\n");
        for (service, count) in &counts {
            let _ = writeln!(
                out,
                "| {service} | {} | {} | {} | {} |",
                count.added, count.removed, count.changed, count.coverage
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", findings_summary(diff));
    for (service, groups) in groups_by_service(diff) {
        let _ = writeln!(out, "\n### {service}\n\n```diff");
        for group in groups {
            // In a `diff` block a line's first character colours it.
            match group.whole {
                Some(_) => {
                    let _ = writeln!(out, "{}", group.headline());
                }
                None => {
                    let _ = writeln!(out, "  {}", group.title);
                    for (tone, detail) in &group.details {
                        let mark = match tone {
                            Tone::Added => '+',
                            Tone::Removed => '-',
                            Tone::Changed => '!',
                            Tone::Plain => ' ',
                        };
                        let _ = writeln!(out, "{mark}     {detail}");
                    }
                }
            }
        }
        out.push_str("```\n");
    }
    let bullets = |out: &mut String, heading: &str, lines: Vec<(Tone, String)>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n### {heading}\n");
            for (_, line) in lines {
                let _ = writeln!(out, "- {}", code(&line));
            }
        }
    };
    bullets(&mut out, "Coverage", coverage_lines(diff));
    bullets(&mut out, "Snapshot", diff.snapshot.iter().map(attribute_line).collect());
    let findings = &diff.findings;
    for (heading, changes) in
        [("New FAILs", &findings.new_fails), ("Fixed", &findings.fixed), ("Other status changes", &findings.changed)]
    {
        if changes.is_empty() {
            continue;
        }
        let _ =
            writeln!(out, "\n### {heading}\n\n| check | region | resource | status | message |\n|---|---|---|---|---|");
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} → {} | {} |",
                change.plugin,
                change.region,
                code(&change.resource),
                status(change.old),
                status(change.new),
                cell(&change.message)
            );
        }
    }
    out
}

/// `text` as inline code, with room for the backticks it holds.
fn code(text: &str) -> String {
    let fence = "`".repeat(text.split(|c| c != '`').map(str::len).max().unwrap_or(0) + 1);
    format!("{fence}{text}{fence}")
}

/// `text` in a table cell: its pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn status(status: Option<stance_engine::Status>) -> &'static str {
    status.map_or("no result", |status| status.as_str())
}

fn title(diff: &Diff) -> String {
    let account = if diff.old.account == diff.new.account {
        diff.new.account.clone()
    } else {
        format!("{} → {}", diff.old.account, diff.new.account)
    };
    format!("stance diff {account}: {} → {}", diff.old.collected_at, diff.new.collected_at)
}

#[derive(Default)]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
    coverage: usize,
}

/// Changes counted per service.
fn counts(diff: &Diff) -> BTreeMap<&str, Counts> {
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    for resource in &diff.resources {
        let count = counts.entry(&resource.service).or_default();
        match resource.change {
            Change::Added { .. } => count.added += 1,
            Change::Removed { .. } => count.removed += 1,
            Change::Modified { .. } => count.changed += 1,
        }
    }
    for coverage in &diff.coverage {
        counts.entry(&coverage.service).or_default().coverage += 1;
    }
    counts
}

/// What changed, counted: `3 resource changes, 1 coverage change`.
fn totals(diff: &Diff) -> Option<String> {
    let count = |n: usize, what: &str| (n > 0).then(|| format!("{n} {what}{}", plural(n)));
    let totals: Vec<String> = [
        count(diff.resources.len(), "resource change"),
        count(diff.coverage.len(), "coverage change"),
        count(diff.regions.added.len() + diff.regions.removed.len(), "region collected in one snapshot only"),
        count(diff.snapshot.len(), "snapshot field change"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!totals.is_empty()).then(|| totals.join(", "))
}

/// A line per service with changes: `  EC2  1 added, 2 changed`.
fn service_lines(diff: &Diff) -> Vec<String> {
    let counts = counts(diff);
    let width = counts.keys().map(|service| service.len()).max().unwrap_or(0);
    counts
        .iter()
        .map(|(service, count)| {
            let coverage = format!("coverage change{}", plural(count.coverage));
            let parts: Vec<String> = [
                (count.added, "added"),
                (count.removed, "removed"),
                (count.changed, "changed"),
                (count.coverage, coverage.as_str()),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
            format!("  {service:width$}  {}", parts.join(", "))
        })
        .collect()
}

fn findings_summary(diff: &Diff) -> String {
    let findings = &diff.findings;
    format!(
        "Findings: {} new FAIL{}, {} fixed, {} other status change{}",
        findings.new_fails.len(),
        plural(findings.new_fails.len()),
        findings.fixed.len(),
        findings.changed.len(),
        plural(findings.changed.len())
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The changes of one resource: of one call's item or own object, or of a per-resource call's
/// resource across its calls, or of items that several calls list (a user in ListUsers and
/// GetAccountAuthorizationDetails).
struct Group {
    title: String,
    /// The calls, where more than one describes the resource, or it is a per-resource call's.
    calls: Vec<String>,
    /// `Added` or `Removed` when the resource is, in every call of the group.
    whole: Option<Tone>,
    /// The changes otherwise, each prefixed with its call where `calls` are shown.
    details: Vec<(Tone, String)>,
}

impl Group {
    /// `+ TITLE (calls)` for an added resource.
    fn headline(&self) -> String {
        let mark = if self.whole == Some(Tone::Added) { '+' } else { '-' };
        match self.calls.as_slice() {
            [] => format!("{mark} {}", self.title),
            calls => format!("{mark} {} ({})", self.title, calls.join(", ")),
        }
    }
}

/// Each service's resource changes, grouped by resource.
fn groups_by_service(diff: &Diff) -> BTreeMap<&str, Vec<Group>> {
    let mut by_title: BTreeMap<&str, Vec<(String, Vec<&ResourceChange>)>> = BTreeMap::new();
    for change in &diff.resources {
        let title = resource_title(change);
        let groups = by_title.entry(&change.service).or_default();
        match groups.last_mut() {
            // The resources are sorted by service, region, kind and id: a resource's changes are
            // next to each other.
            Some((last, changes)) if *last == title && change.source != Source::Call => changes.push(change),
            _ => groups.push((title, vec![change])),
        }
    }
    by_title
        .into_iter()
        .map(|(service, groups)| (service, groups.into_iter().map(|(title, changes)| group(title, &changes)).collect()))
        .collect()
}

fn group(title: String, changes: &[&ResourceChange]) -> Group {
    let show_calls = changes.len() > 1 || changes.iter().any(|change| change.source == Source::PerResource);
    let calls = if show_calls { changes.iter().map(|change| change.operation.clone()).collect() } else { Vec::new() };
    let every = |added: bool| {
        changes.iter().all(|change| match change.change {
            Change::Added { .. } => added,
            Change::Removed { .. } => !added,
            Change::Modified { .. } => false,
        })
    };
    let whole = if every(true) {
        Some(Tone::Added)
    } else if every(false) {
        Some(Tone::Removed)
    } else {
        None
    };
    let mut details = Vec::new();
    if whole.is_none() {
        for change in changes {
            let call = |text: String| if show_calls { format!("{} {text}", change.operation) } else { text };
            match &change.change {
                Change::Added { .. } => details.push((Tone::Added, call("+".to_owned()))),
                Change::Removed { .. } => details.push((Tone::Removed, call("-".to_owned()))),
                Change::Modified { attributes } => details.extend(attributes.iter().map(|attribute| {
                    let (tone, text) = attribute_line(attribute);
                    (tone, call(text))
                })),
            }
        }
    }
    Group { title, calls: if whole.is_some() { calls } else { Vec::new() }, whole, details }
}

/// `SERVICE REGION KIND ID (LABEL)`, or `SERVICE REGION OPERATION` for a call's own object.
fn resource_title(change: &ResourceChange) -> String {
    let mut title = format!("{} {}", change.service, change.region);
    match (&change.kind, &change.id) {
        (Some(kind), Some(id)) => {
            let _ = write!(title, " {kind} {id}");
        }
        (None, Some(id)) => {
            let _ = write!(title, " {} {id}", change.operation);
        }
        _ => {
            let _ = write!(title, " {}", change.operation);
        }
    }
    if let Some(label) = &change.label {
        let _ = write!(title, " ({label})");
    }
    title
}

/// `path: + value`, `path: - value` or `path: old → new`.
fn attribute_line(attribute: &AttributeChange) -> (Tone, String) {
    let (tone, change) = match &attribute.change {
        ValueChange::Added { value } => (Tone::Added, format!("+ {}", shown(value))),
        ValueChange::Removed { value } => (Tone::Removed, format!("- {}", shown(value))),
        ValueChange::ItemAdded { value, summary } => {
            (Tone::Added, format!("+ {}", summary.clone().unwrap_or_else(|| shown(value))))
        }
        ValueChange::ItemRemoved { value, summary } => {
            (Tone::Removed, format!("- {}", summary.clone().unwrap_or_else(|| shown(value))))
        }
        ValueChange::Changed { old, new } => (Tone::Changed, format!("{} → {}", shown(old), shown(new))),
    };
    if attribute.path.is_empty() { (tone, change) } else { (tone, format!("{}: {change}", attribute.path)) }
}

/// A value as compact JSON, cut at [`MAX_VALUE`] characters.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(MAX_VALUE) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn state(state: &OutcomeState) -> String {
    match state {
        OutcomeState::Data => "data".to_owned(),
        OutcomeState::Error { code, .. } => code.clone(),
        OutcomeState::Absent => "not collected".to_owned(),
        OutcomeState::Collected => "collected".to_owned(),
    }
}

/// Coverage changes, those of one call's resources in one line with their count; then the
/// regions collected in one snapshot only.
fn coverage_lines(diff: &Diff) -> Vec<(Tone, String)> {
    let same_call = |a: &CoverageChange, b: &CoverageChange| {
        a.resource.is_some()
            && b.resource.is_some()
            && (&a.service, &a.operation, &a.region, a.change, &a.old, &a.new)
                == (&b.service, &b.operation, &b.region, b.change, &b.old, &b.new)
    };
    let mut groups: Vec<(&CoverageChange, usize)> = Vec::new();
    for change in &diff.coverage {
        match groups.last_mut() {
            Some((first, count)) if same_call(first, change) => *count += 1,
            _ => groups.push((change, 1)),
        }
    }
    let mut lines: Vec<(Tone, String)> = groups
        .into_iter()
        .map(|(change, count)| {
            let (tone, what) = match change.change {
                CoverageKind::Lost => (Tone::Removed, "coverage lost"),
                CoverageKind::Gained => (Tone::Added, "coverage gained"),
                CoverageKind::ErrorChanged => (Tone::Changed, "error changed"),
                CoverageKind::CallAdded => (Tone::Added, "call added"),
                CoverageKind::CallRemoved => (Tone::Removed, "call removed"),
                CoverageKind::OperationAdded => (Tone::Added, "collected in NEW only"),
                CoverageKind::OperationRemoved => (Tone::Removed, "collected in OLD only"),
            };
            let mut call = change.service.clone();
            if let Some(region) = &change.region {
                let _ = write!(call, " {region}");
            }
            let _ = write!(call, " {}", change.operation);
            match (&change.resource, count) {
                (Some(resource), 1) => {
                    let _ = write!(call, " {resource}");
                }
                (Some(_), count) => {
                    let _ = write!(call, " ({count} resources)");
                }
                (None, _) => {}
            }
            let states = match change.change {
                CoverageKind::OperationAdded | CoverageKind::OperationRemoved => String::new(),
                _ => format!(": {} → {}", state(&change.old), state(&change.new)),
            };
            (tone, format!("{what}: {call}{states}"))
        })
        .collect();
    lines.extend(
        diff.regions.added.iter().map(|region| (Tone::Added, format!("region collected in NEW only: {region}"))),
    );
    lines.extend(
        diff.regions.removed.iter().map(|region| (Tone::Removed, format!("region collected in OLD only: {region}"))),
    );
    lines
}

/// `new FAIL CHECK REGION RESOURCE: OLD → NEW: MESSAGE`.
fn finding_line(what: &str, change: &FindingChange) -> String {
    format!(
        "{what} {} {} {}: {} → {}: {}",
        change.plugin,
        change.region,
        change.resource,
        status(change.old),
        status(change.new),
        change.message
    )
}
