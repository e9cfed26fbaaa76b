//! A diff as text: for the console (a summary, then the details grouped by service and
//! resource) and as Markdown, for a pull request or ticket comment.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::{
    AttributeChange, Change, CoverageChange, CoverageKind, Diff, FindingChange, OutcomeState, ResourceChange,
    Source, ValueChange,
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
    for (heading, lines) in sections(diff) {
        let _ = writeln!(out, "\n{}", bold(&heading));
        for (tone, line) in lines {
            let _ = writeln!(out, "{}", tone.paint(&line, colour));
        }
    }
    out
}

/// The diff in GitHub-flavoured Markdown: the summary as a table, the details in `diff` code
/// blocks, where additions and removals are coloured.
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
    for (heading, lines) in sections(diff) {
        let _ = writeln!(out, "\n### {heading}\n\n```diff");
        for (tone, line) in lines {
            // In a `diff` block a line's first character colours it.
            let mark = match tone {
                Tone::Added if !line.starts_with('+') => "+ ",
                Tone::Removed if !line.starts_with('-') => "- ",
                Tone::Changed => "! ",
                _ => "",
            };
            let _ = writeln!(out, "{mark}{line}");
        }
        out.push_str("```\n");
    }
    out
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
            let parts: Vec<String> = [
                (count.added, "added"),
                (count.removed, "removed"),
                (count.changed, "changed"),
                (count.coverage, "coverage changes"),
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

/// The details: each service's resource changes, then coverage, regions, the snapshots' own
/// fields and the findings.
fn sections(diff: &Diff) -> Vec<(String, Vec<(Tone, String)>)> {
    let mut sections = Vec::new();
    let mut by_service: BTreeMap<&str, Vec<&ResourceChange>> = BTreeMap::new();
    for resource in &diff.resources {
        by_service.entry(&resource.service).or_default().push(resource);
    }
    for (service, resources) in by_service {
        sections.push((service.to_owned(), resource_lines(&resources)));
    }
    let mut coverage = coverage_lines(&diff.coverage);
    for region in &diff.regions.added {
        coverage.push((Tone::Added, format!("+ region {region} (collected in NEW only)")));
    }
    for region in &diff.regions.removed {
        coverage.push((Tone::Removed, format!("- region {region} (collected in OLD only)")));
    }
    if !coverage.is_empty() {
        sections.push(("Coverage".to_owned(), coverage));
    }
    if !diff.snapshot.is_empty() {
        sections.push(("Snapshot".to_owned(), diff.snapshot.iter().map(attribute_line).collect()));
    }
    let findings = finding_lines(diff);
    if !findings.is_empty() {
        sections.push(("Findings".to_owned(), findings));
    }
    sections
}

/// What a group of changes is about: a resource (a per-resource call's, across its calls), or a
/// call's own object.
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

/// A service's resource changes, one group per resource: `+ TITLE` for an added resource,
/// `TITLE  LINE` for one change, a title and indented lines for several.
fn resource_lines(resources: &[&ResourceChange]) -> Vec<(Tone, String)> {
    let mut lines = Vec::new();
    let mut index = 0;
    while index < resources.len() {
        let first = resources[index];
        let title = resource_title(first);
        // A per-resource call's resource is one group across its calls; any other change is
        // its own group.
        let mut end = index + 1;
        if first.source == Source::PerResource {
            while end < resources.len()
                && resources[end].source == Source::PerResource
                && resource_title(resources[end]) == title
            {
                end += 1;
            }
        }
        let group = &resources[index..end];
        index = end;
        let all = |added: bool| {
            group.iter().all(|change| match change.change {
                Change::Added { .. } => added,
                Change::Removed { .. } => !added,
                Change::Modified { .. } => false,
            })
        };
        if all(true) || all(false) {
            let (tone, mark) = if all(true) { (Tone::Added, '+') } else { (Tone::Removed, '-') };
            let calls = match first.source {
                Source::PerResource => {
                    format!(" ({})", group.iter().map(|change| change.operation.as_str()).collect::<Vec<_>>().join(", "))
                }
                Source::Item | Source::Call => String::new(),
            };
            lines.push((tone, format!("{mark} {title}{calls}")));
            continue;
        }
        let mut details = Vec::new();
        for change in group {
            let call = |text: String| match change.source {
                Source::PerResource => format!("{} {text}", change.operation),
                Source::Item | Source::Call => text,
            };
            match &change.change {
                Change::Added { .. } => details.push((Tone::Added, call("+".to_owned()))),
                Change::Removed { .. } => details.push((Tone::Removed, call("-".to_owned()))),
                Change::Modified { attributes } => {
                    details.extend(attributes.iter().map(|attribute| {
                        let (tone, text) = attribute_line(attribute);
                        (tone, call(text))
                    }));
                }
            }
        }
        if let [(tone, detail)] = details.as_slice() {
            lines.push((*tone, format!("{title}  {detail}")));
        } else {
            lines.push((Tone::Plain, title));
            lines.extend(details.into_iter().map(|(tone, detail)| (tone, format!("    {detail}"))));
        }
    }
    lines
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

/// Coverage changes, those of one call's resources in one line with their count.
fn coverage_lines(coverage: &[CoverageChange]) -> Vec<(Tone, String)> {
    let mut groups: Vec<(&CoverageChange, usize)> = Vec::new();
    for change in coverage {
        match groups.last_mut() {
            Some((first, count))
                if first.resource.is_some()
                    && change.resource.is_some()
                    && (&first.service, &first.operation, &first.region, first.change, &first.old, &first.new)
                        == (&change.service, &change.operation, &change.region, change.change, &change.old, &change.new) =>
            {
                *count += 1
            }
            _ => groups.push((change, 1)),
        }
    }
    groups
        .into_iter()
        .map(|(change, count)| {
            let (tone, what) = match change.change {
                CoverageKind::Lost => (Tone::Removed, "coverage lost"),
                CoverageKind::Gained => (Tone::Added, "coverage gained"),
                CoverageKind::ErrorChanged => (Tone::Changed, "error changed"),
                CoverageKind::CallAdded => (Tone::Added, "call added"),
                CoverageKind::CallRemoved => (Tone::Removed, "call removed"),
                CoverageKind::OperationAdded => (Tone::Added, "operation collected in NEW only"),
                CoverageKind::OperationRemoved => (Tone::Removed, "operation collected in OLD only"),
            };
            let mut call = format!("{} {}", change.service, change.operation);
            if let Some(region) = &change.region {
                let _ = write!(call, " {region}");
            }
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
        .collect()
}

fn finding_lines(diff: &Diff) -> Vec<(Tone, String)> {
    let line = |what: &str, change: &FindingChange| {
        let status = |status: Option<stance_engine::Status>| status.map_or("no result", |status| status.as_str());
        format!(
            "{what} {} {} {}: {} → {}: {}",
            change.plugin,
            change.region,
            change.resource,
            status(change.old),
            status(change.new),
            change.message
        )
    };
    let findings = &diff.findings;
    let mut lines: Vec<(Tone, String)> =
        findings.new_fails.iter().map(|change| (Tone::Removed, line("new FAIL", change))).collect();
    lines.extend(findings.fixed.iter().map(|change| (Tone::Added, line("fixed", change))));
    lines.extend(findings.changed.iter().map(|change| (Tone::Changed, line("changed", change))));
    lines
}
