//! The commands: collect, evaluate, scan, checks, report and diff.

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use std::path::PathBuf;

use stance_collector::CollectOptions;
use stance_engine::compliance::{ReportBuilder, ReportFormat, Selection as Programme};
use stance_engine::{Check, CheckResult, REGISTRY, ResultsJson, Settings, Status, check_named};
use stance_output::{BaselineResults, Gate, RunInfo, Suppressions, Tags};
use stance_snapshot::Snapshot;
use tracing::{info, warn};

use crate::args::{
    ChecksArgs, CollectArgs, CollectionArgs, Command, Console, Destination, DiffArgs, EvaluateArgs, EvaluationArgs,
    ReportArgs, ScanArgs, Selection, SettingsArgs,
};
use crate::error::Error;
use crate::output::{self, write_to};
use crate::progress;
use crate::settings_file;

/// How a command that ran went, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing failed (exit code 0).
    Clean,
    /// A result failed, or with `--strict` is not OK (exit code 1).
    Findings,
}

/// Runs `command`; `quiet` leaves out progress and summaries on stderr.
pub fn run(command: &Command, quiet: bool) -> Result<Verdict, Error> {
    match command {
        Command::Collect(args) => collect(args, quiet).map(|()| Verdict::Clean),
        Command::Evaluate(args) => evaluate(args),
        Command::Scan(args) => scan(args, quiet),
        Command::Checks(args) => checks(args).map(|()| Verdict::Clean),
        Command::Report(args) => report(args).map(|()| Verdict::Clean),
        Command::Diff(args) => diff(args),
    }
}

/// `stance diff`: exit code 0 when nothing changed, 1 when something did (as `diff` does).
fn diff(args: &DiffArgs) -> Result<Verdict, Error> {
    let mut noise = if args.all { stance_diff::Noise::none() } else { stance_diff::Noise::default() };
    for pattern in &args.ignore {
        noise.ignore(pattern)?;
    }
    let settings = load_settings(&args.settings)?;
    let outputs = [("--json", &args.json), ("--markdown", &args.markdown)];
    let on_stdout: Vec<&str> =
        outputs.iter().filter(|(_, to)| *to == &Some(Destination::Stdout)).map(|(flag, _)| *flag).collect();
    if on_stdout.len() > 1 {
        return Err(Error::StdoutShared(on_stdout.join(", ")));
    }
    for (_, destination) in outputs {
        if let Some(Destination::File(path)) = destination {
            check_output_path(path)?;
        }
    }
    let (old_text, new_text) = (stance_snapshot::read_text(&args.old)?, stance_snapshot::read_text(&args.new)?);
    let old = stance_snapshot::parse(&old_text, &args.old)?;
    let new = stance_snapshot::parse(&new_text, &args.new)?;
    let options = stance_diff::Options { allow_other_account: args.allow_other_account, noise };
    let diff = stance_diff::Diff::between(&old, &new, &options, &settings)?;
    if let Some(destination) = &args.json {
        write_to(destination, |out| output::json(out, &diff))?;
    }
    if let Some(destination) = &args.markdown {
        write_to(destination, |out| out.write_all(stance_diff::markdown(&diff).as_bytes()))?;
    }
    if on_stdout.is_empty() {
        let text = stance_diff::console(&diff, output::use_colour(&io::stdout()));
        write_to(&Destination::Stdout, |out| out.write_all(text.as_bytes()))?;
    }
    Ok(if diff.is_empty() { Verdict::Clean } else { Verdict::Findings })
}

fn collect(args: &CollectArgs, quiet: bool) -> Result<(), Error> {
    check_output_path(&args.output)?;
    let snapshot = collect_snapshot(&args.collection, None, quiet)?;
    stance_snapshot::write(&args.output, &snapshot)?;
    info!("wrote the snapshot to {}", args.output.display());
    Ok(())
}

fn evaluate(args: &EvaluateArgs) -> Result<Verdict, Error> {
    let plan = Plan::new(&args.evaluation)?;
    let text = stance_snapshot::read_text(&args.snapshot)?;
    let snapshot = stance_snapshot::parse(&text, &args.snapshot)?;
    info!("read {} ({} regions)", args.snapshot.display(), snapshot.regions.len());
    plan.run(&snapshot, &args.snapshot.display().to_string())
}

fn scan(args: &ScanArgs, quiet: bool) -> Result<Verdict, Error> {
    let plan = Plan::new(&args.evaluation)?;
    if let Some(path) = &args.collection_output {
        check_output_path(path)?;
    }
    // With checks picked out, only the calls they read are made.
    let selection = &args.evaluation.selection;
    let narrowed = !selection.plugin.is_empty() || selection.compliance.is_some();
    // The results are those of the snapshot as `stance evaluate` reads it back from the
    // file, so that evaluating the --collection file later gives the same results. The
    // collected tree is dropped call by call as it is serialized, and the snapshot evaluated
    // borrows its data from the text: only one copy is held at a time.
    let text = {
        let collected = collect_snapshot(&args.collection, narrowed.then_some(plan.checks.as_slice()), quiet)?;
        collected.into_json()
    };
    let name = match &args.collection_output {
        Some(path) => {
            stance_snapshot::write_atomically(path, |out| out.write_all(text.as_bytes()))?;
            info!("wrote the snapshot to {}", path.display());
            path.as_path()
        }
        None => Path::new("the collected snapshot"),
    };
    let artifact =
        args.collection_output.as_ref().map_or("snapshot.json".to_owned(), |path| path.display().to_string());
    plan.run(&stance_snapshot::parse(&text, name)?, &artifact)
}

fn checks(args: &ChecksArgs) -> Result<(), Error> {
    let checks = select(&args.selection)?;
    write_to(&Destination::Stdout, |out| match (args.json, args.selection.compliance) {
        (true, _) => output::checks_json(out, &checks),
        // Per control: its checks, and whether stance evaluates it.
        (false, Some(programme)) => out.write_all(programme.overview().as_bytes()),
        (false, None) => output::checks_table(out, &checks),
    })
}

/// The settings `--settings` and then `--setting` give, over the defaults.
fn load_settings(args: &SettingsArgs) -> Result<Settings, Error> {
    let mut settings = Settings::default();
    if let Some(path) = &args.settings {
        settings_file::apply(path, &mut settings)?;
    }
    settings.apply(&args.setting)?;
    Ok(settings)
}

/// A `--json` results file, read back.
fn read_results_file(path: &Path) -> Result<Vec<CheckResult>, Error> {
    let failed = |error: String| Error::ReadResults { path: path.to_owned(), error };
    let text = std::fs::read_to_string(path).map_err(|error| failed(error.to_string()))?;
    stance_engine::read_results(&text).map_err(|error| failed(error.to_string()))
}

fn report(args: &ReportArgs) -> Result<(), Error> {
    check_output_path(&args.html)?;
    let results = read_results_file(&args.results)?;
    let controls = args.compliance.map(|programme| {
        let mut by_check: std::collections::BTreeMap<&str, Vec<CheckResult>> = Default::default();
        for result in results.iter().filter(|result| programme.includes(result.check)) {
            by_check.entry(result.check.id).or_default().push(result.clone());
        }
        // A check of the programme with no result in the file is reported as not run.
        let mut report = ReportBuilder::new(programme);
        for own in by_check.values() {
            report.add(own[0].check, own);
        }
        report.finish()
    });
    let header = stance_report::Header::of_results(&results);
    write_to(&Destination::File(args.html.clone()), |out| {
        stance_report::write_html(out, &header, &results, controls.as_ref())
    })?;
    info!("wrote the report to {}", args.html.display());
    Ok(())
}

/// What a run's results add up to, as they are written.
#[derive(Default)]
struct Tally {
    /// Whether a result makes the exit code 1.
    failed: bool,
    /// The checks that panicked.
    internal_errors: Vec<&'static str>,
    /// The results the console table and the formats written at the end need (kept only for
    /// them).
    kept: Vec<CheckResult>,
}

/// The formats written once every result is in, beside the streamed JSON.
#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Junit,
    Sarif,
    Ocsf,
    Asff,
}

impl Format {
    fn flag(self) -> &'static str {
        match self {
            Format::Csv => "--csv",
            Format::Junit => "--junit",
            Format::Sarif => "--sarif",
            Format::Ocsf => "--ocsf",
            Format::Asff => "--asff",
        }
    }

    /// The format's name, as the console summary gives it.
    fn name(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Junit => "JUnit",
            Format::Sarif => "SARIF",
            Format::Ocsf => "OCSF",
            Format::Asff => "ASFF",
        }
    }
}

/// An evaluation, with every flag checked before any work is done.
struct Plan {
    checks: Vec<&'static Check>,
    settings: Settings,
    console: Console,
    json: Option<Destination>,
    formats: Vec<(Format, Destination)>,
    html: Option<PathBuf>,
    /// `--compliance`, and where `--compliance-report` writes its report.
    programme: Option<(&'static Programme, Option<PathBuf>)>,
    suppressions: Suppressions,
    baseline: Option<BaselineResults>,
    ignore_ok: bool,
    gate: Gate,
}

impl Plan {
    fn new(args: &EvaluationArgs) -> Result<Plan, Error> {
        let checks = select(&args.selection)?;
        let settings = load_settings(&args.settings)?;
        let formats: Vec<(Format, Destination)> = [
            (Format::Csv, &args.csv),
            (Format::Junit, &args.junit),
            (Format::Sarif, &args.sarif),
            (Format::Ocsf, &args.ocsf),
            (Format::Asff, &args.asff),
        ]
        .into_iter()
        .filter_map(|(format, destination)| Some((format, destination.clone()?)))
        .collect();
        let on_stdout: Vec<&str> = std::iter::once(("--json", args.json.as_ref()))
            .chain(formats.iter().map(|(format, destination)| (format.flag(), Some(destination))))
            .filter(|(_, destination)| *destination == Some(&Destination::Stdout))
            .map(|(flag, _)| flag)
            .collect();
        if on_stdout.len() > 1 {
            return Err(Error::StdoutShared(on_stdout.join(", ")));
        }
        let console = match (args.console, on_stdout.is_empty()) {
            (Some(Console::Table | Console::Summary | Console::Text), false) => return Err(Error::StdoutTaken),
            (Some(console), _) => console,
            (None, false) => Console::None,
            (None, true) => Console::Table,
        };
        let files = args.json.iter().chain(formats.iter().map(|(_, destination)| destination));
        for destination in files {
            if let Destination::File(path) = destination {
                check_output_path(path)?;
            }
        }
        for path in args.compliance_report.iter().chain(&args.html) {
            check_output_path(path)?;
        }
        // Rules expire by the UTC calendar day.
        let today = jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now()).date();
        let mut suppressions = Suppressions::new(today);
        for rule in &args.suppress {
            suppressions.add_flag(rule)?;
        }
        if let Some(path) = &args.suppressions {
            suppressions.add_file(path)?;
        }
        let baseline = match &args.baseline {
            Some(path) => Some(BaselineResults::new(&read_results_file(path)?)),
            None => None,
        };
        Ok(Plan {
            checks,
            settings,
            console,
            json: args.json.clone(),
            formats,
            html: args.html.clone(),
            programme: args.selection.compliance.map(|programme| (programme, args.compliance_report.clone())),
            suppressions,
            baseline,
            ignore_ok: args.ignore_ok,
            gate: Gate { fail_on: args.fail_on, strict: args.strict },
        })
    }

    /// Runs the checks and writes their results where the flags say: JSON and the console's
    /// text as each check and the checks before it are done, the table, the other formats and
    /// the compliance report once all are. `artifact` names the snapshot in SARIF. Tells how
    /// the run went.
    fn run(mut self, snapshot: &Snapshot, artifact: &str) -> Result<Verdict, Error> {
        info!("running {} checks", self.checks.len());
        let mut tally = Tally::default();
        let tags = if self.suppressions.is_empty() { Tags::default() } else { Tags::of(snapshot) };
        let mut report = self.programme.as_ref().map(|(programme, _)| ReportBuilder::new(programme));
        let mut suppressions = std::mem::replace(&mut self.suppressions, Suppressions::new(jiff::civil::Date::MIN));
        let baseline = self.baseline.take();
        let mut run = |emit: &mut dyn FnMut(&[CheckResult]) -> io::Result<()>| {
            self.stream(snapshot, &mut tally, emit, &mut |check, results| {
                suppressions.apply(results, &tags);
                if let Some(baseline) = &baseline {
                    baseline.mark(results);
                }
                if let Some(report) = report.as_mut() {
                    report.add(check, results);
                }
            })
        };
        match &self.json {
            Some(destination) => write_to(destination, |out| {
                let mut json = ResultsJson::new(out);
                run(&mut |results| json.write(results))?;
                json.finish()
            })?,
            None => run(&mut |_| Ok(())).map_err(Error::Stdout)?,
        }
        let info = RunInfo::of(snapshot);
        for (format, destination) in &self.formats {
            let results = &tally.kept;
            write_to(destination, |out| match format {
                Format::Csv => stance_output::write_csv(out, results),
                Format::Junit => stance_output::write_junit(out, results),
                Format::Sarif => stance_output::write_sarif(out, &info, &self.checks, results, artifact),
                Format::Ocsf => stance_output::write_ocsf(out, &info, results),
                Format::Asff => stance_output::write_asff(out, &info, results),
            })?;
        }
        let report = report.map(ReportBuilder::finish);
        if let Some(path) = &self.html {
            let file_name = Path::new(artifact).file_name().and_then(|name| name.to_str());
            let header = stance_report::Header::of_snapshot(snapshot, file_name);
            write_to(&Destination::File(path.clone()), |out| {
                stance_report::write_html(out, &header, &tally.kept, report.as_ref())
            })?;
        }
        if matches!(self.console, Console::Table | Console::Summary) {
            let written = self.written_files();
            write_to(&Destination::Stdout, |out| output::console(out, self.console, &tally.kept, &written))?;
        }
        if let Some(report) = &report {
            if self.console != Console::None {
                let text = report.console(output::use_colour(&io::stdout()));
                write_to(&Destination::Stdout, |out| writeln!(out, "\n{text}"))?;
            }
            if let Some((_, Some(path))) = &self.programme {
                write_to(&Destination::File(path.clone()), |out| report.write(out, ReportFormat::for_path(path)))?;
            }
        }
        let suppressed = suppressions.report();
        for warning in suppressed.warnings() {
            warn!("{warning}");
        }
        suppressed.check(self.gate.strict)?;
        if !tally.internal_errors.is_empty() {
            return Err(Error::Internal(tally.internal_errors));
        }
        Ok(if tally.failed { Verdict::Findings } else { Verdict::Clean })
    }

    /// The files results go to, as the console summary names them: `results.json (JSON)`.
    fn written_files(&self) -> Vec<String> {
        let json = self.json.iter().map(|destination| ("JSON", destination));
        let formats = self.formats.iter().map(|(format, destination)| (format.name(), destination));
        let mut files: Vec<String> = json
            .chain(formats)
            .filter_map(|(name, destination)| match destination {
                Destination::File(path) => Some(format!("{} ({name})", path.display())),
                Destination::Stdout => None,
            })
            .collect();
        if let Some(path) = &self.html {
            files.push(format!("{} (HTML report)", path.display()));
        }
        if let Some((programme, Some(path))) = &self.programme {
            files.push(format!("{} ({} control report)", path.display(), programme.name));
        }
        files
    }

    /// Evaluates `snapshot`, handing each check's results to `prepare` (suppressions, the
    /// compliance report), then, less those `--ignore-ok` leaves out, to `emit` and to the
    /// console.
    fn stream(
        &self,
        snapshot: &Snapshot,
        tally: &mut Tally,
        emit: &mut dyn FnMut(&[CheckResult]) -> io::Result<()>,
        prepare: &mut dyn FnMut(&'static Check, &mut [CheckResult]),
    ) -> io::Result<()> {
        let keep = matches!(self.console, Console::Table | Console::Summary)
            || !self.formats.is_empty()
            || self.html.is_some();
        let mut written = Ok(());
        stance_engine::run_checks_in_order(snapshot, &self.checks, &self.settings, |run| {
            let mut results = run.results;
            prepare(run.check, &mut results);
            tally.failed |= self.gate.fails(&results);
            if run.panic.is_some() {
                tally.internal_errors.push(run.check.id);
            }
            if self.ignore_ok {
                results.retain(|result| result.status != Status::Ok);
            }
            if written.is_ok() {
                written = emit(&results).and_then(|()| match self.console {
                    Console::Text => output::text_to_stdout(&results),
                    Console::Table | Console::Summary | Console::None => Ok(()),
                });
            }
            if keep {
                tally.kept.extend(results);
            }
        });
        written
    }
}

/// The checks `--plugin` and `--compliance` select, in registry order.
fn select(selection: &Selection) -> Result<Vec<&'static Check>, Error> {
    if let Some(unknown) = selection.plugin.iter().find(|name| check_named(name).is_none()) {
        let names =
            REGISTRY.iter().flat_map(|check| std::iter::once(check.id).chain(check.aliases.iter().map(|a| a.id)));
        let suggestion = names.into_iter().find(|name| name.eq_ignore_ascii_case(unknown));
        return Err(Error::UnknownPlugin { id: unknown.clone(), suggestion });
    }
    let checks: Vec<_> = REGISTRY
        .iter()
        .copied()
        .filter(|check| selection.plugin.is_empty() || selection.plugin.iter().any(|name| check.is_named(name)))
        .filter(|check| selection.compliance.is_none_or(|programme| programme.includes(check)))
        .collect();
    if checks.is_empty() {
        warn!("no check matches the --plugin and --compliance given");
    }
    Ok(checks)
}

/// Collects a snapshot, with `only` the calls the selected checks read (all when `None`),
/// showing progress and a summary on stderr unless `quiet`. Ctrl-C stops it, and nothing is
/// written.
fn collect_snapshot(
    args: &CollectionArgs,
    only: Option<&[&'static Check]>,
    quiet: bool,
) -> Result<Snapshot<'static>, Error> {
    let options = CollectOptions {
        profile: args.profile.clone(),
        regions: args.region.clone(),
        endpoint_url: args.endpoint_url.clone(),
        concurrency: args.concurrency,
        max_rates: args.max_rate.clone(),
        max_attempts: args.max_attempts,
        attempt_timeout: Duration::from_secs_f64(args.attempt_timeout),
        operation_timeout: Duration::from_secs_f64(args.operation_timeout),
        only: only.map(|checks| {
            checks
                .iter()
                .flat_map(|check| check.reads)
                .map(|call| (call.service.to_owned(), call.operation.to_owned()))
                .collect()
        }),
        progress: Some(Arc::from(progress::observer(quiet))),
        object_sample: args.s3_object_sample,
        launch_template_versions: args.launch_template_versions,
    };
    let started = Instant::now();
    let runtime = tokio::runtime::Runtime::new().map_err(Error::Runtime)?;
    let snapshot = runtime.block_on(async {
        tokio::select! {
            collected = stance_collector::collect(&options) => collected.map_err(Error::from),
            _ = tokio::signal::ctrl_c() => Err(Error::Interrupted),
        }
    })?;
    drop(options); // Clears the progress bar before the summary.
    if !quiet {
        eprintln!("{}", progress::summary(&snapshot, started.elapsed()));
    }
    Ok(snapshot)
}

/// Refuses, before any work is done, an output path that cannot be written.
fn check_output_path(path: &Path) -> Result<(), Error> {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::NoDirectory { path: path.to_owned(), dir: dir.to_owned() });
    }
    if path.is_dir() {
        return Err(Error::IsDirectory(path.to_owned()));
    }
    Ok(())
}
