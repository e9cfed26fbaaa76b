//! The commands: collect, evaluate, scan and checks.

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stance_collector::CollectOptions;
use stance_engine::{Check, CheckResult, REGISTRY, ResultsJson, Settings, Status, check_named};
use stance_snapshot::Snapshot;
use tracing::{info, warn};

use crate::args::{
    ChecksArgs, CollectArgs, CollectionArgs, Command, Console, Destination, EvaluateArgs, EvaluationArgs, ScanArgs,
    Selection,
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
    }
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
    plan.run(&snapshot)
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
    plan.run(&stance_snapshot::parse(&text, name)?)
}

fn checks(args: &ChecksArgs) -> Result<(), Error> {
    let checks = select(&args.selection)?;
    write_to(&Destination::Stdout, |out| {
        if args.json { output::checks_json(out, &checks) } else { output::checks_table(out, &checks) }
    })
}

/// What a run's results add up to, as they are written.
#[derive(Default)]
struct Tally {
    /// Whether a result makes the exit code 1.
    failed: bool,
    /// The checks that panicked.
    internal_errors: Vec<&'static str>,
    /// The results the console table shows (kept only for it).
    table: Vec<CheckResult>,
}

/// An evaluation, with every flag checked before any work is done.
struct Plan {
    checks: Vec<&'static Check>,
    settings: Settings,
    console: Console,
    json: Option<Destination>,
    ignore_ok: bool,
    strict: bool,
}

impl Plan {
    fn new(args: &EvaluationArgs) -> Result<Plan, Error> {
        let checks = select(&args.selection)?;
        let mut settings = Settings::default();
        if let Some(path) = &args.settings {
            settings_file::apply(path, &mut settings)?;
        }
        settings.apply(&args.setting)?;
        let console = match (args.console, &args.json) {
            (Some(Console::Table | Console::Text), Some(Destination::Stdout)) => return Err(Error::StdoutTaken),
            (Some(console), _) => console,
            (None, Some(Destination::Stdout)) => Console::None,
            (None, _) => Console::Table,
        };
        if let Some(Destination::File(path)) = &args.json {
            check_output_path(path)?;
        }
        Ok(Plan { checks, settings, console, json: args.json.clone(), ignore_ok: args.ignore_ok, strict: args.strict })
    }

    /// Runs the checks and writes their results where the flags say, each check's as soon as
    /// it and the checks before it are done (only the console table needs them all at once),
    /// and tells how the run went.
    fn run(&self, snapshot: &Snapshot) -> Result<Verdict, Error> {
        info!("running {} checks", self.checks.len());
        let mut tally = Tally::default();
        match &self.json {
            Some(destination) => write_to(destination, |out| {
                let mut json = ResultsJson::new(out);
                self.stream(snapshot, &mut tally, |results| json.write(results))?;
                json.finish()
            })?,
            None => self.stream(snapshot, &mut tally, |_| Ok(())).map_err(Error::Stdout)?,
        }
        if self.console == Console::Table {
            write_to(&Destination::Stdout, |out| output::console(out, Console::Table, &tally.table))?;
        }
        if !tally.internal_errors.is_empty() {
            return Err(Error::Internal(tally.internal_errors));
        }
        Ok(if tally.failed { Verdict::Findings } else { Verdict::Clean })
    }

    /// Evaluates `snapshot`, handing each check's results, less those `--ignore-ok` leaves out,
    /// to `emit` and to the console.
    fn stream(
        &self,
        snapshot: &Snapshot,
        tally: &mut Tally,
        mut emit: impl FnMut(&[CheckResult]) -> io::Result<()>,
    ) -> io::Result<()> {
        let fails = |status: Status| status == Status::Fail || (self.strict && status != Status::Ok);
        let mut written = Ok(());
        stance_engine::run_checks_in_order(snapshot, &self.checks, &self.settings, |run| {
            tally.failed |= run.results.iter().any(|result| fails(result.status));
            if run.panic.is_some() {
                tally.internal_errors.push(run.check.id);
            }
            let mut results = run.results;
            if self.ignore_ok {
                results.retain(|result| result.status != Status::Ok);
            }
            if written.is_ok() {
                written = emit(&results).and_then(|()| match self.console {
                    Console::Text => output::console_to_stdout(Console::Text, &results),
                    Console::Table | Console::None => Ok(()),
                });
            }
            if self.console == Console::Table {
                tally.table.extend(results);
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
        .filter(|check| {
            selection.compliance.is_none_or(|programme| programme.includes(check))
        })
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
