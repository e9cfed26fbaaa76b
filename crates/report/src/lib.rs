//! stance's HTML report: one self-contained file that opens from `file://` with no network.
//!
//! [`write_html`] renders `templates/report.html` (minijinja) with the stylesheet and script
//! inline, a Content-Security-Policy that allows only those two (by their hashes) and no
//! request of any kind, and the results as one inline JSON value (`src/data.rs` gives its
//! shape) that the script filters, sorts, groups and pages in the browser: a page shows at
//! most one page of rows, however many results there are. The summary (header, scoreboard,
//! charts, compliance view) is rendered here, so it reads and prints without the script.
//!
//! The findings table's state is the URL fragment, so a link can be shared:
//! `#status=FAIL,WARN&severity=high&category=EC2&region=eu-west-1&check=openSSH&control=cis:5.2`
//! `&q=TEXT&sort=-resource&group=check&details=1`. `status` and `severity` take lists; `q`
//! matches the resource, message, check id and title, ignoring case; `sort` names a column
//! (`status`, `severity`, `check`, `category`, `region`, `resource`, `message`), `-` for
//! descending. Once interactive, the page's `<body>` holds `data-interactive-ms` (time since
//! navigation) and, after each filter, `data-filter-ms`; `#match-count` holds `data-count` (and
//! `data-groups`, the checks matched when grouped): what the browser tests and the benchmark
//! read.

mod data;
mod scoreboard;

use std::io::{self, Write};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use minijinja::Environment;
use minijinja::value::{Serde, Value};
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use stance_engine::{Check, CheckResult, ControlReport};
use stance_snapshot::{GLOBAL_REGION, Snapshot};

use crate::data::{Data, SEVERITIES, STATUSES, name_of, regions_of};
use crate::scoreboard::{Scoreboard, fragment};

const TEMPLATE: &str = include_str!("../templates/report.html");
const STYLE: &str = include_str!("../templates/report.css");
const SCRIPT: &str = include_str!("../templates/report.js");

/// What the report's header says about the run. Each part is left out where the caller does
/// not know it (results read back from JSON carry no collection time).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Header {
    /// The account id, or ids.
    pub account: Option<String>,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub partition: Option<String>,
    /// The regions collected; empty when not known.
    pub regions: Vec<String>,
    /// When the snapshot was collected.
    pub collected_at: Option<jiff::Timestamp>,
    /// The version of stance that evaluated the results.
    pub stance_version: Option<String>,
    /// The snapshot's file name.
    pub snapshot: Option<String>,
}

impl Header {
    /// The header of `snapshot` evaluated by this stance; `file_name` names the snapshot, if
    /// it was read from or written to a file.
    pub fn of_snapshot(snapshot: &Snapshot, file_name: Option<&str>) -> Header {
        Header {
            account: Some(snapshot.account.id.clone()),
            partition: Some(snapshot.account.partition.clone()),
            regions: snapshot.regions.clone(),
            collected_at: Some(snapshot.collected_at),
            stance_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            snapshot: file_name.map(str::to_owned),
        }
    }

    /// What saved results tell of their run: their accounts, the partition of their ARNs and
    /// their regions (`global` left out); nothing of when, or by which stance.
    pub fn of_results(results: &[CheckResult]) -> Header {
        let mut accounts: Vec<&str> = results.iter().map(|result| &*result.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let regions: Vec<String> =
            regions_of(results).into_iter().filter(|region| *region != GLOBAL_REGION).map(str::to_owned).collect();
        let partition = results.iter().find_map(|result| {
            let mut parts = result.resource.split(':');
            (parts.next() == Some("arn")).then(|| parts.next()).flatten().map(str::to_owned)
        });
        Header { account: (!accounts.is_empty()).then(|| accounts.join(", ")), partition, regions, ..Header::default() }
    }
}

/// The compliance view: the control report, and per control the fragment of its findings
/// (none for a control no check evaluates).
#[derive(Serialize)]
struct Compliance<'c> {
    report: &'c ControlReport,
    links: Vec<Option<String>>,
}

impl<'c> Compliance<'c> {
    fn of(report: &'c ControlReport) -> Compliance<'c> {
        let links = report
            .controls
            .iter()
            .map(|control| {
                let filter = format!("{}:{}", report.programme, control.id);
                (!control.checks.is_empty()).then(|| fragment(&[("control", &filter)]))
            })
            .collect();
        Compliance { report, links }
    }
}

/// The options of the findings table's filters, of the results at hand.
#[derive(Serialize)]
struct Filters {
    statuses: [&'static str; 4],
    severities: Vec<String>,
    categories: Vec<String>,
    regions: Vec<String>,
    /// `(id, title)`, by title.
    checks: Vec<(&'static str, &'static str)>,
    /// `(programme:control, control)` of the compliance view.
    controls: Vec<(String, &'static str)>,
}

impl Filters {
    fn of(results: &[CheckResult], compliance: Option<&ControlReport>) -> Filters {
        let mut checks: Vec<&'static Check> = results.iter().map(|result| result.check).collect();
        checks.sort_unstable_by(|a, b| a.title.cmp(b.title).then(a.id.cmp(b.id)));
        checks.dedup_by_key(|check| check.id);
        let mut categories: Vec<String> = checks.iter().map(|check| name_of(&check.category)).collect();
        categories.sort_unstable();
        categories.dedup();
        let regions = regions_of(results).into_iter().map(str::to_owned).collect();
        let controls = compliance
            .map(|report| {
                report
                    .controls
                    .iter()
                    .filter(|control| !control.checks.is_empty())
                    .map(|control| (format!("{}:{}", report.programme, control.id), control.id))
                    .collect()
            })
            .unwrap_or_default();
        Filters {
            statuses: STATUSES.map(|status| status.as_str()),
            severities: SEVERITIES.iter().map(name_of).collect(),
            categories,
            regions,
            checks: checks.iter().map(|check| (check.id, check.title)).collect(),
            controls,
        }
    }
}

/// `'sha256-…'`: what a Content-Security-Policy lists to allow an inline element whose text
/// is `text`.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", BASE64.encode(Sha256::digest(text.as_bytes())))
}

/// The page's policy: nothing may be fetched, framed, submitted or run, except the page's
/// own stylesheet and script.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

/// Writes the HTML report of `results`: the run's `header`, and the compliance view when
/// a control report is given.
pub fn write_html(
    out: &mut dyn Write,
    header: &Header,
    results: &[CheckResult],
    compliance: Option<&ControlReport>,
) -> io::Result<()> {
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE).map_err(template_error)?;
    env.add_filter("thousands", thousands);
    let title = match &header.account {
        Some(account) => format!("stance report: account {account}"),
        None => "stance report".to_owned(),
    };
    let context = minijinja::context! {
        title,
        csp => Value::from_safe_string(content_security_policy()),
        style => Value::from_safe_string(STYLE.to_owned()),
        script => Value::from_safe_string(SCRIPT.to_owned()),
        header => Serde(header),
        collected => header.collected_at.map(|at| at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()),
        scoreboard => Serde(Scoreboard::of(results)),
        compliance => compliance.map(|report| Value::from(Serde(Compliance::of(report)))),
        filters => Serde(Filters::of(results, compliance)),
        data => Value::from_safe_string(Data::of(results).to_script_json()),
    };
    let html = env.get_template("report.html").and_then(|template| template.render(context)).map_err(template_error)?;
    out.write_all(html.as_bytes())
}

fn template_error(error: minijinja::Error) -> io::Error {
    io::Error::other(format!("the HTML report's template: {error:#}"))
}

/// `1234567` as `1,234,567`.
fn thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn saved_results_tell_their_accounts_partition_and_regions() {
        let result = |account: &str, resource: &str, region: &str| CheckResult {
            check: stance_engine::check_by_id("openSSH").unwrap(),
            resource: resource.to_owned(),
            region: region.to_owned(),
            status: stance_engine::Status::Ok,
            message: String::new(),
            account: account.into(),
            suppressed: None,
            baseline: None,
        };
        let results = [
            result("210987654321", "arn:aws-cn:iam::210987654321:root", "global"),
            result("123456789012", "arn:aws-cn:ec2:cn-north-1:123456789012:vpc/vpc-1", "cn-north-1"),
            result("123456789012", "arn:aws-cn:ec2:cn-northwest-1:123456789012:vpc/vpc-2", "cn-northwest-1"),
        ];
        let header = Header::of_results(&results);
        assert_eq!(header.account.as_deref(), Some("123456789012, 210987654321"));
        assert_eq!(header.partition.as_deref(), Some("aws-cn"));
        assert_eq!(header.regions, ["cn-north-1", "cn-northwest-1"]);
        assert_eq!((header.collected_at, header.stance_version, header.snapshot), (None, None, None));
        let empty = Header::of_results(&[]);
        assert_eq!((empty.account, empty.partition, empty.regions.len()), (None, None, 0));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script() {
        let mut html = Vec::new();
        write_html(&mut html, &Header::default(), &[], None).unwrap();
        let html = String::from_utf8(html).unwrap();
        let inner = |open: &str, close: &str| -> String {
            let start = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
            html[start..start + html[start..].find(close).unwrap()].to_owned()
        };
        let style = inner("<style>", "</style>");
        let script = inner("<script>", "</script>");
        let policy = inner("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        assert!(policy.starts_with("default-src 'none'; "), "{policy}");
        assert!(policy.contains(&format!("script-src {};", csp_hash(&script))), "{policy}");
        assert!(policy.contains(&format!("style-src {};", csp_hash(&style))), "{policy}");
        assert_eq!((style.as_str(), script.as_str()), (STYLE, SCRIPT));
    }
}
