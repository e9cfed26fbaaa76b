//! The report in a real browser: the whole-account fixture's report loaded by headless
//! Chromium from `file://` with filters in the URL fragment, its DOM read after the script
//! ran, and its counts compared with counts made here from the same results. Every load also
//! holds that the page made no request and wrote nothing to its console (no error, no
//! policy violation).

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::chromium::{Chromium, Page, attribute, body_attribute};
use common::{Fixture, fixture, write_report};
use stance_engine::{CheckResult, Status};
use stance_report::Header;

/// Rows a page shows at first.
const PAGE_SIZE: usize = 100;

struct Reports {
    fixture: Fixture,
    /// The results written as JSON and read back, rendered as `stance report` renders them:
    /// a header from the results alone, no compliance view.
    saved: PathBuf,
    /// The results with the header of their snapshot and the CIS control report.
    cis: PathBuf,
}

fn reports() -> &'static Reports {
    static REPORTS: OnceLock<Reports> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let fixture = fixture();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
        std::fs::create_dir_all(&dir).unwrap();
        let mut json = Vec::new();
        let mut writer = stance_engine::ResultsJson::new(&mut json);
        writer.write(&fixture.results).unwrap();
        writer.finish().unwrap();
        let read = stance_engine::read_results(std::str::from_utf8(&json).unwrap()).unwrap();
        let saved = dir.join("saved.html");
        write_report(&saved, &Header::of_results(&read), &read, None);
        let cis = dir.join("cis.html");
        write_report(&cis, &fixture.header, &fixture.results, Some(&fixture.cis));
        Reports { fixture, saved, cis }
    })
}

fn results() -> &'static [CheckResult] {
    &reports().fixture.results
}

/// `file` with `fragment`, after holding that it made no request and wrote nothing to its
/// console, and that its script finished.
fn load(file: &Path, fragment: &str) -> Page {
    let page = Chromium::from_env().load(file, fragment);
    assert!(page.requests.is_empty(), "#{fragment}: the page made requests: {:?}", page.requests);
    assert!(page.console.is_empty(), "#{fragment}: the page wrote to its console:\n{}", page.console.join("\n"));
    assert!(body_attribute(&page.dom, "data-interactive-ms").is_some(), "#{fragment}: the script did not finish");
    page
}

/// The results the page says match its filters.
fn matches(page: &Page) -> usize {
    attribute(&page.dom, "match-count", "data-count").expect("a match count").parse().unwrap()
}

/// The results' rows on the page.
fn finding_rows(page: &Page) -> usize {
    page.dom.matches("<tr class=\"finding\"").count()
}

fn count(filter: impl Fn(&CheckResult) -> bool) -> usize {
    results().iter().filter(|result| filter(result)).count()
}

#[test]
fn with_no_filter_every_result_matches_and_one_page_is_shown() {
    let page = load(&reports().saved, "");
    assert_eq!(matches(&page), results().len());
    assert!(results().len() > 1000, "the fixture has {} results", results().len());
    assert_eq!(finding_rows(&page), PAGE_SIZE);
    assert!(page.dom.contains("<dd>123456789012</dd>"), "the header names the account");
    assert!(!page.dom.contains("id=\"compliance\""), "a compliance view without a programme");
    assert!(!page.dom.contains("name=\"control\""), "a control filter without a programme");
}

#[test]
fn status_and_region() {
    let page = load(&reports().saved, "status=FAIL&region=eu-west-1");
    let expected = count(|result| result.status == Status::Fail && result.region == "eu-west-1");
    assert!(expected > 0);
    assert_eq!(matches(&page), expected);
    assert_eq!(finding_rows(&page), expected.min(PAGE_SIZE));
}

#[test]
fn lists_of_statuses_and_severities_and_a_category() {
    let page = load(&reports().saved, "status=FAIL,WARN&severity=critical,high&category=S3");
    let expected = count(|result| {
        matches!(result.status, Status::Fail | Status::Warn)
            && matches!(result.check.severity, stance_engine::Severity::Critical | stance_engine::Severity::High)
            && result.check.category == stance_engine::Category::S3
    });
    assert!(expected > 0);
    assert_eq!(matches(&page), expected);
}

#[test]
fn free_text_matches_the_resource_message_and_check_ignoring_case() {
    let page = load(&reports().saved, "q=Public-Bucket");
    let expected = count(|result| {
        [&*result.resource, &*result.message, result.check.id, result.check.title]
            .iter()
            .any(|text| text.to_lowercase().contains("public-bucket"))
    });
    assert!(expected > 0);
    assert_eq!(matches(&page), expected);
}

#[test]
fn grouped_by_check_each_check_is_one_closed_group() {
    let page = load(&reports().saved, "status=FAIL&group=check");
    let mut failing: Vec<&str> =
        results().iter().filter(|result| result.status == Status::Fail).map(|result| result.check.id).collect();
    failing.sort_unstable();
    failing.dedup();
    let groups: usize = attribute(&page.dom, "match-count", "data-groups").unwrap().parse().unwrap();
    assert_eq!(groups, failing.len());
    assert_eq!(page.dom.matches("<tr class=\"group\"").count(), failing.len().min(PAGE_SIZE));
    assert_eq!(finding_rows(&page), 0, "groups start closed");
}

#[test]
fn sorted_by_resource_descending_the_last_resource_comes_first() {
    let page = load(&reports().saved, "sort=-resource");
    let first = page.dom.find("<tr class=\"finding\" data-row=\"").expect("a row");
    let row: usize = page.dom[first..].split('"').nth(3).unwrap().parse().unwrap();
    let last = results().iter().map(|result| &result.resource).max().unwrap();
    assert_eq!(&results()[row].resource, last);
}

#[test]
fn the_compliance_view_appears_with_a_programme_and_links_each_control_to_its_findings() {
    let cis = &reports().fixture.cis;
    let control = cis
        .controls
        .iter()
        .filter(|control| control.checks.len() > 1)
        .max_by_key(|control| control.counts.total())
        .expect("a control of several checks");
    let page = load(&reports().cis, &format!("control=cis:{}", control.id));
    assert!(page.dom.contains("<section id=\"compliance\""), "no compliance view");
    assert_eq!(page.dom.matches("<tr class=\"control ").count(), cis.controls.len());
    assert!(
        page.dom.contains(&format!("<a href=\"#control=cis:{}\">", control.id)),
        "no link to the control's findings"
    );
    assert!(control.counts.total() > 0);
    assert_eq!(matches(&page), control.counts.total());
}

#[test]
fn details_show_the_console_link_and_the_suppression() {
    let page = load(&reports().cis, "q=sg-cdd5687429fa0ecad&check=openSSH&details=1");
    assert_eq!(matches(&page), 1);
    assert!(
        page.dom.contains(
            "href=\"https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=sg-cdd5687429fa0ecad\""
        ),
        "no console link for the security group"
    );
    assert!(page.dom.contains("by suppressions.toml:2: bastion host, reviewed by security"), "no suppression");
    assert!(page.dom.contains("CIS 6.3, 6.4"), "no controls");
}

/// The net log sees what a page requests: the checks above would see a request the report
/// made.
#[test]
fn a_page_request_shows_in_the_net_log() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("requests.html");
    std::fs::write(&file, "<!DOCTYPE html><title>t</title><img src=\"http://127.0.0.1:9/pixel.png\">").unwrap();
    let page = Chromium::from_env().load(&file, "");
    assert_eq!(page.requests, ["http://127.0.0.1:9/pixel.png"]);
}
