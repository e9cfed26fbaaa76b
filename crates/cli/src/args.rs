//! The command line: clap types and the parsers of flag values.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use stance_collector::CollectOptions;
use stance_engine::{Severity, compliance};
pub use stance_output::Destination;

const EXIT_CODES: &str = "\
Exit codes:
  0  ran, and no result is FAIL
  1  at least one result is FAIL (with --strict: or WARN or UNKNOWN)
  2  error: bad flags, bad input file, failed collection, unwritable output, a check's internal error
  130  interrupted (Ctrl-C): nothing was written";

const DIFF_EXIT_CODES: &str = "\
Exit codes:
  0  nothing changed
  1  something changed: resources, coverage, regions or findings
  2  error: bad flags, a bad snapshot file, snapshots of different accounts, unwritable output";

const COLLECT_EXIT_CODES: &str = "\
Exit codes:
  0  the snapshot is written
  2  error: bad flags, failed collection, unwritable output
  130  interrupted (Ctrl-C): nothing was written";

#[derive(Debug, Parser)]
#[command(
    name = "stance",
    version,
    about = "Cloud security posture checks for AWS, on a live account or an offline snapshot.",
    long_about = "Cloud security posture checks for AWS, on a live account or an offline snapshot.\n\n\
                  `stance scan` collects and evaluates in one go. `stance collect` saves the API responses to a \
                  snapshot file, which `stance evaluate` checks offline, any number of times, with the same results.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Log more on stderr: -v failed calls, -vv every call, -vvv the AWS SDK's debug log too.
    #[arg(short, long, action = ArgAction::Count, global = true, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Log less on stderr: -q errors only, -qq nothing.
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub quiet: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Collect an account's configuration and save it as a snapshot file.
    #[command(after_help = COLLECT_EXIT_CODES)]
    Collect(CollectArgs),
    /// Run the checks offline on a saved snapshot.
    #[command(after_help = EXIT_CODES)]
    Evaluate(EvaluateArgs),
    /// Collect, then run the checks.
    #[command(after_help = EXIT_CODES)]
    Scan(ScanArgs),
    /// List the checks with their metadata and settings.
    Checks(ChecksArgs),
    /// Render saved JSON results (from --json) as an HTML report.
    Report(ReportArgs),
    /// Show what changed between two snapshots of an account: resources added, removed and
    /// changed, calls that lost or gained coverage, and the findings that are new or fixed.
    #[command(after_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Write the snapshot to FILE (replaced atomically, readable by the owner only).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    #[command(flatten)]
    pub collection: CollectionArgs,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The snapshot file written by `stance collect` or `stance scan --collection`.
    #[arg(value_name = "SNAPSHOT")]
    pub snapshot: PathBuf,

    #[command(flatten)]
    pub evaluation: EvaluationArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub collection: CollectionArgs,

    /// Also save the collected snapshot to FILE, for `stance evaluate` later.
    #[arg(long = "collection", value_name = "FILE", help_heading = "Collection")]
    pub collection_output: Option<PathBuf>,

    #[command(flatten)]
    pub evaluation: EvaluationArgs,
}

#[derive(Debug, Args)]
pub struct ChecksArgs {
    #[command(flatten)]
    pub selection: Selection,

    /// Print the checks as JSON, with description, remediation and the calls each reads.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The results file written by `stance evaluate|scan --json`.
    #[arg(value_name = "RESULTS")]
    pub results: PathBuf,

    /// Write the HTML report to FILE (replaced atomically).
    #[arg(long, value_name = "FILE", required = true)]
    pub html: PathBuf,

    /// Add this programme's per-control view, from the results of its checks in the file.
    #[arg(long, value_name = "PROGRAMME", value_parser = compliance_parser())]
    pub compliance: Option<&'static compliance::Selection>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later snapshot.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Write the diff as JSON to FILE (docs/diff.md describes it); `-` for stdout.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub json: Option<Destination>,

    /// Write the diff as Markdown to FILE, for a pull request or ticket comment; `-` for stdout.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub markdown: Option<Destination>,

    /// Also leave out the members PATTERN matches (repeatable): `SERVICE.OPERATION.MEMBER…`,
    /// with `*` and `?` in a segment and `**` for any depth, e.g. `EC2.**.Tags`.
    #[arg(long, value_name = "PATTERN")]
    pub ignore: Vec<String>,

    /// Leave nothing out: no noise pattern, the defaults (docs/diff.md) included.
    #[arg(long, conflicts_with = "ignore")]
    pub all: bool,

    /// Compare snapshots of different accounts instead of refusing them.
    #[arg(long)]
    pub allow_other_account: bool,

    /// The checks' settings, for evaluating both snapshots.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// How to reach the account.
#[derive(Debug, Args)]
#[command(next_help_heading = "Collection")]
pub struct CollectionArgs {
    /// Use this profile from the shared AWS config files.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Collect this region (repeatable, or comma-separated); `all` or none: every enabled region.
    #[arg(long, value_name = "REGION", value_delimiter = ',')]
    pub region: Vec<String>,

    /// Send every AWS call to this endpoint, such as a local emulator.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// The most calls in flight at once for each service in each region; each API is also
    /// paced from its first throttled answer on, at a rate learned from the throttling.
    #[arg(long, value_name = "N", default_value_t = CollectOptions::default().concurrency, value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    pub concurrency: usize,

    /// At most RATE requests per second to SERVICE (ec2, iam, s3, s3control, sts) in each
    /// region (repeatable, or comma-separated).
    #[arg(long, value_name = "SERVICE=RATE", value_delimiter = ',', value_parser = parse_max_rate)]
    pub max_rate: Vec<(String, f64)>,

    /// Attempts per call on server errors, timeouts and network failures, the first included
    /// (standard retry mode, with backoff); throttled calls are retried until the operation
    /// timeout.
    #[arg(long, value_name = "N", default_value_t = CollectOptions::default().max_attempts, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: u32,

    /// Give up an attempt after this many seconds (then retry it).
    #[arg(long, value_name = "SECONDS", default_value_t = CollectOptions::default().attempt_timeout.as_secs_f64(), value_parser = parse_seconds)]
    pub attempt_timeout: f64,

    /// Give up a call after this many seconds, every attempt and page included.
    #[arg(long, value_name = "SECONDS", default_value_t = CollectOptions::default().operation_timeout.as_secs_f64(), value_parser = parse_seconds)]
    pub operation_timeout: f64,

    /// Read the ACLs of each bucket's first N objects (in key order), for bucketPublicObjects;
    /// 1 + N calls per bucket whose ACLs are enabled; 0 reads none.
    #[arg(long, value_name = "N", default_value_t = CollectOptions::default().object_sample, value_parser = clap::value_parser!(i32).range(0..=1000))]
    pub s3_object_sample: i32,

    /// Read each launch template's newest N versions (its default version too).
    #[arg(long, value_name = "N", default_value_t = CollectOptions::default().launch_template_versions, value_parser = clap::value_parser!(u16).range(1..).map(usize::from))]
    pub launch_template_versions: usize,
}

/// `SERVICE=RATE`: a service stance collects and a positive number of requests per second.
fn parse_max_rate(value: &str) -> Result<(String, f64), String> {
    let (service, rate) = value.split_once('=').ok_or_else(|| format!("{value:?} is not SERVICE=RATE"))?;
    let known = stance_collector::OPERATIONS.iter().find(|op| op.service.eq_ignore_ascii_case(service.trim()));
    let Some(op) = known else {
        return Err(format!("{service:?} is not a service stance collects"));
    };
    match rate.trim().parse::<f64>() {
        Ok(rate) if rate > 0.0 && rate.is_finite() => Ok((op.service.to_owned(), rate)),
        _ => Err(format!("{rate:?} is not a positive number of requests per second")),
    }
}

/// A positive number of seconds, fractions allowed.
fn parse_seconds(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds < 1e9 => Ok(seconds),
        _ => Err(format!("{value:?} is not a positive number of seconds")),
    }
}

/// What to run and how to report it: CloudSploit's options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Evaluation")]
pub struct EvaluationArgs {
    /// How to print results on stdout [default: table, or none with --json -].
    #[arg(long, value_name = "FORMAT")]
    pub console: Option<Console>,

    /// Write the results as a JSON array to FILE (atomically); `-` for stdout.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub json: Option<Destination>,

    /// Write the results as CSV to FILE, one row per result; `-` for stdout.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub csv: Option<Destination>,

    /// Write the results as JUnit XML to FILE: a test suite per check, a test case per resource.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub junit: Option<Destination>,

    /// Write the FAIL and WARN results as SARIF 2.1.0 to FILE, for GitHub code scanning.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub sarif: Option<Destination>,

    /// Write the results as OCSF Detection Findings (a JSON array) to FILE.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub ocsf: Option<Destination>,

    /// Write the results in Security Hub's ASFF (BatchImportFindings' Findings) to FILE.
    #[arg(long, value_name = "FILE", value_parser = Destination::parse)]
    pub asff: Option<Destination>,

    /// Write a self-contained HTML report to FILE: scoreboard, the --compliance control view,
    /// and the findings to filter, sort and share by link; it opens from disk with no network.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// Write the per-control report of --compliance to FILE: JSON, or CSV when FILE ends in .csv.
    #[arg(long, value_name = "FILE", requires = "compliance")]
    pub compliance_report: Option<PathBuf>,

    /// Mute results CHECK:REGION:RESOURCE matches, `*` for any part (repeatable); they stay in
    /// every output, marked suppressed, and do not count for the exit code.
    #[arg(long, value_name = "CHECK:REGION:RESOURCE")]
    pub suppress: Vec<String>,

    /// Read suppression rules, each with a reason and an optional expiry date, from this TOML
    /// file.
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,

    /// Only results of this severity or above (low, medium, high, critical) decide exit code 1.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,

    /// Compare with the results of an earlier run (a --json file): each result is marked new or
    /// known, and only new ones (not in the baseline in the same status) decide exit code 1.
    #[arg(long, value_name = "RESULTS")]
    pub baseline: Option<PathBuf>,

    /// Accepted for CloudSploit's command lines: stance always exits 1 on a FAIL result.
    #[arg(long)]
    pub exit_code: bool,

    #[command(flatten)]
    pub selection: Selection,

    /// Leave OK results out of every output.
    #[arg(long)]
    pub ignore_ok: bool,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Exit with 1 on WARN and UNKNOWN results too, not only on FAIL; and with 2 when a
    /// suppression rule has expired or matched nothing.
    #[arg(long)]
    pub strict: bool,
}

/// The checks' thresholds.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Set a check's threshold (repeatable); `stance checks` lists the settings.
    #[arg(long, value_name = "NAME=VALUE")]
    pub setting: Vec<String>,

    /// Read settings from this TOML file (`name = value` lines, lists as arrays); --setting
    /// overrides it.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
}

/// Which checks: all of them unless narrowed.
#[derive(Debug, Args)]
pub struct Selection {
    /// Only the checks of this compliance programme's controls (cis: both CIS levels; cis1,
    /// cis2: one).
    #[arg(long, value_name = "PROGRAMME", value_parser = compliance_parser())]
    pub compliance: Option<&'static compliance::Selection>,

    /// Only the check with this id (repeatable).
    #[arg(long, value_name = "ID")]
    pub plugin: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Console {
    /// A table of the results, then the summary.
    Table,
    /// The summary alone: each check with results that are not OK, worst first, with its
    /// counts per status; FAIL results per severity; the files results were written to.
    Summary,
    /// One line per result: STATUS PLUGIN REGION RESOURCE MESSAGE.
    Text,
    /// Nothing.
    None,
}

/// `--fail-on`: a severity.
fn parse_severity(value: &str) -> Result<Severity, String> {
    stance_output::severity_named(value).ok_or_else(|| format!("{value:?} is not low, medium, high or critical"))
}

/// `--compliance` values: the programme files' selections (`cis`, `cis1`, `cis2`, …).
fn compliance_parser() -> impl TypedValueParser<Value = &'static compliance::Selection> {
    PossibleValuesParser::new(compliance::Selection::names().map(PossibleValue::new))
        .try_map(|name| compliance::Selection::parse(&name))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
