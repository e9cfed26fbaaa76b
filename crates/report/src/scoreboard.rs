//! The report's summary, rendered by the template without scripts: counts by status ×
//! severity, by category, by region and by check, and two bar charts as inline SVG. Every
//! count links to the findings it counts, by their fragment filter.

use std::cmp::{Ordering, Reverse};
use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use stance_engine::{Category, Check, CheckResult, Status};

use crate::data::{SEVERITIES, STATUSES, name_of, severity_index, status_index};

/// What a fragment value keeps unescaped besides letters and digits: enough for check ids,
/// regions, `cis:2.4` and lists (`FAIL,WARN`) to stay readable.
const FRAGMENT_VALUE: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b':').remove(b',');

/// The fragment that filters the findings table: `#status=FAIL&region=eu-west-1`.
pub(crate) fn fragment(filters: &[(&str, &str)]) -> String {
    let pairs: Vec<String> =
        filters.iter().map(|(key, value)| format!("{key}={}", utf8_percent_encode(value, FRAGMENT_VALUE))).collect();
    format!("#{}", pairs.join("&"))
}

/// A count, and the fragment of the findings it counts.
#[derive(Debug, Serialize)]
pub(crate) struct Cell {
    count: usize,
    href: String,
}

/// Counts per status (worst first) of one group of results: a severity, category, region or
/// check.
#[derive(Debug, Serialize)]
pub(crate) struct Line {
    name: String,
    /// The check's title, for a line of a check.
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
    /// The check's severity, for a line of a check.
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<String>,
    href: String,
    cells: Vec<Cell>,
    total: usize,
    /// Whether every result is OK: print leaves such checks out.
    clean: bool,
}

impl Line {
    fn new(key: &str, name: String, counts: [usize; 4]) -> Line {
        let cells = STATUSES
            .iter()
            .zip(counts)
            .map(|(status, count)| Cell { count, href: fragment(&[("status", status.as_str()), (key, &name)]) })
            .collect();
        Line {
            href: fragment(&[(key, &name)]),
            name,
            title: None,
            severity: None,
            cells,
            total: counts.iter().sum(),
            clean: counts[..3].iter().all(|count| *count == 0),
        }
    }
}

/// A horizontal bar chart: one bar per line, each of one or more segments.
#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    width: f64,
    height: f64,
    /// Where a bar's label ends (it is right-aligned there).
    label_end: f64,
    bar_height: f64,
    bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    /// The top of the bar.
    y: f64,
    /// The baseline of its label and total.
    text_y: f64,
    total: usize,
    total_x: f64,
    segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
struct Segment {
    /// The status it counts, as its CSS class names it.
    status: &'static str,
    x: f64,
    width: f64,
    href: String,
    /// Its tooltip: `high: 12 FAIL`.
    title: String,
}

const LABEL_WIDTH: f64 = 130.0;
const BAR_AREA: f64 = 240.0;
const TOTAL_WIDTH: f64 = 50.0;
const BAR_PITCH: f64 = 19.0;
const BAR_HEIGHT: f64 = 14.0;

/// A bar as a chart is given it: its label and its segments' statuses, counts and fragments.
type BarCounts = (String, Vec<(Status, usize, String)>);

impl Chart {
    /// Bars scaled so that the longest fills the chart; a zero count has no segment.
    fn new(bars: Vec<BarCounts>) -> Chart {
        let longest = bars.iter().map(|(_, segments)| segments.iter().map(|s| s.1).sum::<usize>()).max().unwrap_or(0);
        let scale = if longest == 0 { 0.0 } else { BAR_AREA / longest as f64 };
        let bars: Vec<Bar> = bars
            .into_iter()
            .enumerate()
            .map(|(index, (label, counts))| {
                let y = 4.0 + index as f64 * BAR_PITCH;
                let mut x = LABEL_WIDTH;
                let mut segments = Vec::new();
                for (status, count, href) in counts.iter().filter(|(_, count, _)| *count > 0) {
                    let width = round(*count as f64 * scale);
                    segments.push(Segment {
                        status: status.as_str(),
                        x,
                        width,
                        href: href.clone(),
                        title: format!("{label}: {count} {}", status.as_str()),
                    });
                    x = round(x + width);
                }
                let total = counts.iter().map(|(_, count, _)| count).sum();
                Bar { label, y, text_y: y + BAR_HEIGHT - 3.5, total, total_x: x + 6.0, segments }
            })
            .collect();
        Chart {
            width: LABEL_WIDTH + BAR_AREA + TOTAL_WIDTH,
            height: 8.0 + bars.len() as f64 * BAR_PITCH,
            label_end: LABEL_WIDTH - 8.0,
            bar_height: BAR_HEIGHT,
            bars,
        }
    }
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[derive(Debug, Serialize)]
pub(crate) struct Scoreboard {
    total: usize,
    suppressed: usize,
    /// Per status, worst first.
    statuses: Vec<Line>,
    /// Per severity, worst first.
    severities: Vec<Line>,
    /// Per category, most failing results first.
    categories: Vec<Line>,
    /// Per region, in name order.
    regions: Vec<Line>,
    /// Per check, most failing results first, then the worst severity.
    checks: Vec<Line>,
    /// Status by severity.
    severity_chart: Chart,
    /// Checks with a FAIL, per category.
    category_chart: Chart,
}

/// Counts per status, worst first, under each key.
struct Tally<K>(BTreeMap<K, [usize; 4]>);

impl<K: Ord> Tally<K> {
    fn new() -> Tally<K> {
        Tally(BTreeMap::new())
    }

    fn add(&mut self, key: K, status: Status) {
        self.0.entry(key).or_insert([0; 4])[status_index(status)] += 1;
    }

    fn lines(&self, key: &str, name: impl Fn(&K) -> String) -> Vec<Line> {
        self.0.iter().map(|(k, counts)| Line::new(key, name(k), *counts)).collect()
    }
}

impl Scoreboard {
    pub(crate) fn of(results: &[CheckResult]) -> Scoreboard {
        let mut severities = [[0usize; 4]; 4];
        let mut categories = Tally::new();
        let mut regions = Tally::new();
        let mut checks = Tally::new();
        for result in results {
            severities[severity_index(result.check.severity)][status_index(result.status)] += 1;
            categories.add(result.check.category, result.status);
            regions.add(result.region.as_str(), result.status);
            checks.add(CheckKey(result.check), result.status);
        }

        let severity_lines: Vec<Line> = SEVERITIES
            .iter()
            .zip(severities)
            .map(|(severity, counts)| Line::new("severity", name_of(severity), counts))
            .collect();
        let status_lines = STATUSES
            .iter()
            .enumerate()
            .map(|(index, status)| {
                let mut counts = [0; 4];
                counts[index] = severities.iter().map(|counts| counts[index]).sum();
                Line::new("status", status.as_str().to_owned(), counts)
            })
            .collect();
        let mut category_lines = categories.lines("category", name_of);
        category_lines.sort_by_key(|line| Reverse([line.cells[0].count, line.cells[1].count, line.cells[2].count]));
        let region_lines = regions.lines("region", |region| region.to_string());
        let mut by_check: Vec<(&'static Check, [usize; 4])> =
            checks.0.iter().map(|(CheckKey(check), counts)| (*check, *counts)).collect();
        // Most FAIL, WARN and UNKNOWN results first, then the worst severity.
        by_check.sort_by_key(|(check, counts)| {
            (Reverse([counts[0], counts[1], counts[2]]), severity_index(check.severity))
        });
        let check_lines = by_check
            .into_iter()
            .map(|(check, counts)| {
                let mut line = Line::new("check", check.id.to_owned(), counts);
                line.title = Some(check.title);
                line.severity = Some(name_of(&check.severity));
                line
            })
            .collect();

        let severity_chart = Chart::new(
            severity_lines
                .iter()
                .map(|line| {
                    let segments = STATUSES
                        .iter()
                        .zip(&line.cells)
                        .map(|(status, cell)| (*status, cell.count, cell.href.clone()))
                        .collect();
                    (line.name.clone(), segments)
                })
                .collect(),
        );
        let mut failing: BTreeMap<Category, usize> = BTreeMap::new();
        for (CheckKey(check), counts) in &checks.0 {
            if counts[status_index(Status::Fail)] > 0 {
                *failing.entry(check.category).or_default() += 1;
            }
        }
        let mut failing: Vec<(String, usize)> =
            failing.into_iter().map(|(category, count)| (name_of(&category), count)).collect();
        failing.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let category_chart = Chart::new(
            failing
                .into_iter()
                .map(|(category, count)| {
                    let href = fragment(&[("status", "FAIL"), ("category", &category)]);
                    (category, vec![(Status::Fail, count, href)])
                })
                .collect(),
        );
        Scoreboard {
            total: results.len(),
            suppressed: results.iter().filter(|result| result.suppressed.is_some()).count(),
            statuses: status_lines,
            severities: severity_lines,
            categories: category_lines,
            regions: region_lines,
            checks: check_lines,
            severity_chart,
            category_chart,
        }
    }
}

/// A check as a tally's key: by its id, which the registry keeps unique.
struct CheckKey(&'static Check);

impl PartialEq for CheckKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for CheckKey {}

impl PartialOrd for CheckKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CheckKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.id.cmp(other.0.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, status: Status, region: &str) -> CheckResult {
        CheckResult {
            check: stance_engine::check_by_id(id).unwrap(),
            resource: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1".to_owned(),
            region: region.to_owned(),
            status,
            message: String::new(),
            account: "123456789012".into(),
            suppressed: None,
            baseline: None,
        }
    }

    #[test]
    fn fragments_escape_what_a_value_may_not_hold() {
        assert_eq!(fragment(&[("status", "FAIL"), ("region", "eu-west-1")]), "#status=FAIL&region=eu-west-1");
        assert_eq!(
            fragment(&[("category", "API Gateway"), ("control", "cis:2.4")]),
            "#category=API%20Gateway&control=cis:2.4"
        );
        assert_eq!(fragment(&[("q", "a&b=c#d")]), "#q=a%26b%3Dc%23d");
    }

    #[test]
    fn counts_by_severity_category_region_and_check_with_the_worst_first() {
        let results = [
            result("openSSH", Status::Fail, "us-east-1"),
            result("openSSH", Status::Ok, "eu-west-1"),
            result("openTelnet", Status::Fail, "us-east-1"),
            result("rootAccessKeys", Status::Ok, "global"),
            result("rootAccountInUse", Status::Warn, "global"),
        ];
        let board = Scoreboard::of(&results);
        let counts = |lines: &[Line]| -> Vec<(String, Vec<usize>)> {
            lines.iter().map(|line| (line.name.clone(), line.cells.iter().map(|cell| cell.count).collect())).collect()
        };
        let high = board.severities.iter().find(|line| line.name == "high").unwrap();
        assert_eq!(high.cells.iter().map(|cell| cell.count).collect::<Vec<_>>(), [2, 1, 0, 1]);
        assert_eq!(high.cells[0].href, "#status=FAIL&severity=high");
        assert_eq!(
            counts(&board.categories),
            [("EC2".to_owned(), vec![2, 0, 0, 1]), ("IAM".to_owned(), vec![0, 1, 0, 1])]
        );
        assert_eq!(
            counts(&board.regions),
            [
                ("eu-west-1".to_owned(), vec![0, 0, 0, 1]),
                ("global".to_owned(), vec![0, 1, 0, 1]),
                ("us-east-1".to_owned(), vec![2, 0, 0, 0])
            ]
        );
        let checks: Vec<(&str, bool)> = board.checks.iter().map(|line| (line.name.as_str(), line.clean)).collect();
        assert_eq!(checks[..2], [("openSSH", false), ("openTelnet", false)]);
        assert_eq!(checks[2], ("rootAccountInUse", false));
        assert_eq!(checks[3], ("rootAccessKeys", true));
        assert_eq!(counts(&board.statuses)[0], ("FAIL".to_owned(), vec![2, 0, 0, 0]));
        let ec2 = &board.category_chart.bars[0];
        assert_eq!((ec2.label.as_str(), ec2.total), ("EC2", 2), "two EC2 checks have a FAIL");
        assert_eq!(board.category_chart.bars.len(), 1, "no IAM check has a FAIL");
        let high_bar = &board.severity_chart.bars[severity_index(stance_engine::Severity::High)];
        let segments: Vec<(&str, f64)> = high_bar.segments.iter().map(|s| (s.status, s.width)).collect();
        assert_eq!(segments, [("FAIL", BAR_AREA / 2.0), ("WARN", BAR_AREA / 4.0), ("OK", BAR_AREA / 4.0)]);
    }
}
