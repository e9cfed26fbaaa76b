//! `cargo xtask bench evaluate`: how fast, and in how much memory, `stance evaluate` reads
//! large snapshots, next to the floor of any serde_json reader, in the same run.
//!
//! # Method
//!
//! - **Snapshots.** [`synthetic`](super::synthetic) scales the whole-account fixture
//!   (`fixtures/moto-account.json`) to about 2, 20 and 200 MB (`--sizes`, in MB of 10^6
//!   bytes): copies of every resource with new, unique ids and names, in every region AWS
//!   enables by default (17). They are written to `$CARGO_TARGET_DIR/bench-evaluate/`, and
//!   written again only when the fixture or the generator changes (a stamp beside each file
//!   holds a hash of both). They have just been written or read, so the runs read them from
//!   the page cache.
//! - **Floor.** `crates/snapshot/examples/parse_floor.rs`, built in release: reads the file
//!   whole (`std::fs::read_to_string`) and parses it with serde_json into
//!   `serde::de::IgnoredAny`, keeping nothing. No reader of the snapshot built on serde_json
//!   does less, so stance/floor is what stance's own reading, checks and output cost.
//! - **stance** is the release build, through its command line only (so that the bench
//!   measures whatever the engine does inside): `stance evaluate FILE --console=none
//!   --json=OUT`, every check. Its exit code must be 0 or 1 (1: some result is FAIL, as
//!   expected of this account).
//! - **Timed runs.** Each is a child process, started by a small release-built helper
//!   (`crates/snapshot/examples/measured.rs`, itself run by [`measure`](super::measure), which
//!   enforces the time limit): wall time runs from spawning the child to reaping it, peak RSS
//!   is its `ru_maxrss` from `wait4`. The helper is there because on Linux a child's
//!   `ru_maxrss` starts from the peak RSS of the process that spawned it (exec keeps the
//!   high-water mark of the memory it replaces, under vfork the parent's): spawned straight
//!   from this debug build, a 2 MB parse reported 15 MiB, this program's own size. For each size,
//!   the floor and stance take turns, `--repeat` times each (default 3): the median wall
//!   time counts, with the spread shown, and the largest RSS. MB/s is the file's size over
//!   the wall time; RSS/file is the peak RSS over the file's size. The 1-minute load average
//!   before and after is reported: other work on the machine makes the times noisy. stance's
//!   CPU time (user + system) is shown too: above its wall time, it ran on several cores.
//! - **Results.** The results of stance's last run are counted by status by
//!   `crates/snapshot/examples/results_summary.rs` (release), which also counts (check,
//!   resource, region) triples seen twice: 0 if the copies are told apart.
//!
//! - **Diff.** `stance diff FILE CHANGED --json=OUT`, `--repeat` times per size, where
//!   CHANGED is the snapshot with every `"Encrypted":false` made `true` (every unencrypted
//!   volume, snapshot and file system of every copy changed, so that those calls are compared
//!   member by member, not only found equal). It evaluates both snapshots for the findings
//!   delta, so its floor is twice stance's evaluation of the same file: diff/2×evaluate is what
//!   comparing the calls adds.
//!
//! The goals, for the 200 MB snapshot: stance at ≥ 250 MB/s, within 3× the floor, with a
//! peak RSS of at most twice the file's size.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::synthetic::{Account, Plan};
use super::{child_report, load_average, measure};
use crate::{Result, project_root, target_dir};

/// The goals the figures are held to (stated, not enforced).
const GOAL_MB_PER_S: f64 = 250.0;
const GOAL_OF_FLOOR: f64 = 3.0;
const GOAL_RSS_OF_FILE: f64 = 2.0;

/// How long one run may take before it is killed and the bench fails.
const LIMIT: Duration = Duration::from_secs(10 * 60);

const USAGE: &str = "\
cargo xtask bench evaluate [--sizes 2,20,200] [--repeat N] [--stance BIN]

  --sizes A,B,…   sizes of the synthetic snapshots, in MB (10^6 bytes; default 2,20,200)
  --repeat N      runs of stance and of the floor per size; the median counts (default 3)
  --stance BIN    time this stance binary (e.g. an older build) instead of building one";

struct Options {
    sizes: Vec<f64>,
    repeat: usize,
    stance: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options { sizes: vec![2.0, 20.0, 200.0], repeat: 3, stance: None };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"));
            match arg.as_str() {
                "--sizes" => {
                    options.sizes = value()?.split(',').map(str::parse).collect::<std::result::Result<_, _>>()?;
                }
                "--repeat" => options.repeat = value()?.parse()?,
                "--stance" => options.stance = Some(PathBuf::from(value()?)),
                _ => return Err(format!("unknown option {arg:?}\n\n{USAGE}").into()),
            }
        }
        if options.repeat == 0
            || options.sizes.is_empty()
            || options.sizes.iter().any(|&mb| !(mb > 0.0 && mb <= 5000.0))
        {
            return Err(format!("--repeat must be at least 1, each size in (0, 5000] MB\n\n{USAGE}").into());
        }
        Ok(options)
    }
}

/// `cargo xtask bench evaluate …`.
pub fn run(args: &[String]) -> Result<()> {
    if args.iter().any(|arg| arg == "--help" || arg == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let options = Options::parse(args)?;
    let examples = ["parse_floor", "results_summary", "measured"];
    build(&["-p", "stance-snapshot", "--example", examples[0], "--example", examples[1], "--example", examples[2]])?;
    let release = target_dir().join("release");
    let stance = match &options.stance {
        Some(stance) => std::path::absolute(stance)?,
        None => {
            build(&["-p", "stance"])?;
            release.join("stance")
        }
    };
    let [floor, summary, helper] = examples.map(|example| release.join("examples").join(example));
    let work = target_dir().join("bench-evaluate");
    std::fs::create_dir_all(&work)?;

    let account = Account::load(&project_root().join("fixtures/moto-account.json"))?;
    let snapshots =
        options.sizes.iter().map(|&mb| Snapshot::ensure(&account, mb, &work)).collect::<Result<Vec<Snapshot>>>()?;

    let load_before = load_average();
    let mut rows = Vec::new();
    for snapshot in &snapshots {
        let (mut floor_runs, mut stance_runs) = (Vec::new(), Vec::new());
        let results = work.join(format!("results-{}.json", snapshot.name));
        for run in 0..options.repeat {
            let log = work.join(format!("floor-{}-{run}.log", snapshot.name));
            let measured = run_measured(&helper, Command::new(&floor).arg(&snapshot.path), &log)?;
            if measured.code != Some(0) {
                return Err(format!(
                    "the floor failed on {}: {:?}; see {}",
                    snapshot.name,
                    measured.code,
                    log.display()
                )
                .into());
            }
            eprintln!("bench: floor {} #{run}: {}", snapshot.name, shown(&measured, snapshot.bytes));
            floor_runs.push(measured);

            let log = work.join(format!("stance-{}-{run}.log", snapshot.name));
            let mut command = Command::new(&stance);
            command
                .arg("evaluate")
                .arg(&snapshot.path)
                .arg("--console=none")
                .arg(format!("--json={}", results.display()));
            let measured = run_measured(&helper, &mut command, &log)?;
            // 1: some result is FAIL, as expected of this account.
            if !matches!(measured.code, Some(0 | 1)) {
                return Err(format!(
                    "stance evaluate failed on {}: exit code {:?}; see {}",
                    snapshot.name,
                    measured.code,
                    log.display()
                )
                .into());
            }
            eprintln!("bench: stance {} #{run}: {}", snapshot.name, shown(&measured, snapshot.bytes));
            stance_runs.push(measured);
        }
        let changed = snapshot.changed(&work)?;
        let mut diff_runs = Vec::new();
        for run in 0..options.repeat {
            let log = work.join(format!("diff-{}-{run}.log", snapshot.name));
            let mut command = Command::new(&stance);
            command
                .arg("diff")
                .arg(&snapshot.path)
                .arg(&changed)
                .arg(format!("--json={}", work.join(format!("diff-{}.json", snapshot.name)).display()));
            let measured = run_measured(&helper, &mut command, &log)?;
            // 1: the snapshots differ, as they were made to.
            if measured.code != Some(1) {
                return Err(format!(
                    "stance diff on {} exited {:?}, not 1; see {}",
                    snapshot.name,
                    measured.code,
                    log.display()
                )
                .into());
            }
            eprintln!("bench: diff {} #{run}: {}", snapshot.name, shown(&measured, snapshot.bytes));
            diff_runs.push(measured);
        }
        let summary = summarize(&summary, &results, &work.join(format!("results-{}.log", snapshot.name)))?;
        rows.push(Row {
            floor: Runs::new(&floor_runs),
            stance: Runs::new(&stance_runs),
            diff: Runs::new(&diff_runs),
            summary,
        });
    }
    let load = (load_before, load_average());
    println!();
    println!("stance: {}", stance.display());
    print_report(&snapshots, &rows, load);
    eprintln!("bench: snapshots, results and logs are in {}", work.display());
    Ok(())
}

/// Runs `command` under the `measured` helper, with its output in `log`: the child's own
/// wall time, peak RSS and exit code.
fn run_measured(helper: &Path, command: &mut Command, log: &Path) -> Result<Run> {
    let report = log.with_extension("measured.json");
    let mut wrapped = Command::new(helper);
    wrapped.arg(&report).arg(command.get_program()).args(command.get_args());
    let child = child_report(&mut wrapped, &report, log, LIMIT)?;
    let measured = child.measured();
    Ok(Run { wall: measured.wall, cpu: child.cpu(), peak_rss_kib: measured.peak_rss_kib, code: measured.code })
}

/// One run of a program on one file.
#[derive(Debug, Clone, Copy)]
struct Run {
    wall: Duration,
    /// User and system time.
    cpu: Duration,
    peak_rss_kib: u64,
    code: Option<i32>,
}

fn build(what: &[&str]) -> Result<()> {
    let built = crate::cargo().args(["build", "--release", "--quiet"]).args(what).status()?;
    if !built.success() {
        return Err(format!("cargo build --release {} failed", what.join(" ")).into());
    }
    Ok(())
}

/// A synthetic snapshot on disk.
struct Snapshot {
    /// `200mb`.
    name: String,
    path: PathBuf,
    bytes: u64,
    plan: Plan,
}

impl Snapshot {
    /// The snapshot of about `mb` MB, generated unless the one on disk was made from the same
    /// fixture by the same generator.
    fn ensure(account: &Account, mb: f64, work: &Path) -> Result<Snapshot> {
        let name = format!("{mb}mb");
        let path = work.join(format!("snapshot-{name}.json"));
        let stamp_path = work.join(format!("snapshot-{name}.stamp"));
        let plan = account.plan_for((mb * 1e6) as u64)?;
        let mut hasher = DefaultHasher::new();
        std::fs::read_to_string(project_root().join("fixtures/moto-account.json"))?.hash(&mut hasher);
        include_str!("synthetic.rs").hash(&mut hasher);
        let stamp = format!("{:016x} copies {} regions {}\n", hasher.finish(), plan.copies, plan.regions.join(","));
        let bytes = match std::fs::metadata(&path) {
            Ok(metadata) if std::fs::read_to_string(&stamp_path).is_ok_and(|old| old == stamp) => metadata.len(),
            _ => {
                let started = Instant::now();
                let partial = work.join(format!("snapshot-{name}.json.partial"));
                let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&partial)?);
                account.write(&plan, &mut out)?;
                out.flush()?;
                drop(out);
                std::fs::rename(&partial, &path)?;
                std::fs::write(&stamp_path, &stamp)?;
                let bytes = std::fs::metadata(&path)?.len();
                eprintln!(
                    "bench: wrote {} ({:.1} MB: {} copies of the account in {} regions) in {:.1} s",
                    path.display(),
                    bytes as f64 / 1e6,
                    plan.copies,
                    plan.regions.len(),
                    started.elapsed().as_secs_f64()
                );
                bytes
            }
        };
        Ok(Snapshot { name, path, bytes, plan })
    }
}

impl Snapshot {
    /// The snapshot with every `"Encrypted":false` made `"Encrypted":true`, for the diff.
    fn changed(&self, work: &Path) -> Result<PathBuf> {
        let path = work.join(format!("snapshot-{}-changed.json", self.name));
        let text = std::fs::read_to_string(&self.path)?;
        std::fs::write(&path, text.replace("\"Encrypted\":false", "\"Encrypted\":true"))?;
        Ok(path)
    }
}

/// What `results_summary` prints.
#[derive(Debug, Deserialize)]
struct Summary {
    results: usize,
    statuses: BTreeMap<String, usize>,
    /// (check, resource, region) triples seen more than once.
    repeated: usize,
}

fn summarize(program: &Path, results: &Path, log: &Path) -> Result<Summary> {
    let measured = measure(Command::new(program).arg(results), log, LIMIT)?;
    if measured.code != Some(0) {
        return Err(format!("results_summary failed: {:?}; see {}", measured.code, log.display()).into());
    }
    let printed = std::fs::read_to_string(log)?;
    Ok(serde_json::from_str(printed.lines().last().unwrap_or_default())?)
}

/// Several runs of one program on one file.
struct Runs {
    /// The median.
    wall: Duration,
    /// The median.
    cpu: Duration,
    /// The fastest and the slowest.
    walls: (Duration, Duration),
    count: usize,
    /// The largest.
    peak_rss_kib: u64,
}

impl Runs {
    fn new(runs: &[Run]) -> Runs {
        let mut walls: Vec<Duration> = runs.iter().map(|run| run.wall).collect();
        walls.sort();
        let mut cpus: Vec<Duration> = runs.iter().map(|run| run.cpu).collect();
        cpus.sort();
        Runs {
            wall: walls[walls.len() / 2],
            cpu: cpus[cpus.len() / 2],
            walls: (walls[0], walls[walls.len() - 1]),
            count: runs.len(),
            peak_rss_kib: runs.iter().map(|run| run.peak_rss_kib).max().unwrap_or(0),
        }
    }

    fn mb_per_s(&self, bytes: u64) -> f64 {
        bytes as f64 / 1e6 / self.wall.as_secs_f64()
    }

    fn rss_mib(&self) -> f64 {
        self.peak_rss_kib as f64 / 1024.0
    }

    fn spread(&self) -> String {
        format!(
            "{:.3}–{:.3} s over {} runs, CPU {:.3} s (median)",
            self.walls.0.as_secs_f64(),
            self.walls.1.as_secs_f64(),
            self.count,
            self.cpu.as_secs_f64()
        )
    }
}

struct Row {
    floor: Runs,
    stance: Runs,
    /// `stance diff` of the snapshot and its changed copy.
    diff: Runs,
    summary: Summary,
}

fn shown(run: &Run, bytes: u64) -> String {
    format!(
        "{:.3} s, {:.0} MB/s, {:.1} MiB",
        run.wall.as_secs_f64(),
        bytes as f64 / 1e6 / run.wall.as_secs_f64(),
        run.peak_rss_kib as f64 / 1024.0
    )
}

fn print_report(snapshots: &[Snapshot], rows: &[Row], load: (Option<f64>, Option<f64>)) {
    let shown_load = |load: Option<f64>| load.map_or("?".to_owned(), |load| format!("{load:.2}"));
    println!(
        "load average (1 min) before and after: {} and {}, on {} cores",
        shown_load(load.0),
        shown_load(load.1),
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    println!();
    println!(
        "{:>8} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>8} {:>9} {:>8} | {:>9}",
        "file MB", "floor s", "MB/s", "RSS MiB", "stance s", "MB/s", "×floor", "RSS MiB", "RSS/file", "results"
    );
    for (snapshot, row) in snapshots.iter().zip(rows) {
        let rss_of_file = row.stance.peak_rss_kib as f64 * 1024.0 / snapshot.bytes as f64;
        println!(
            "{:>8.1} {:>9.3} {:>9.0} {:>9.1} | {:>9.3} {:>9.0} {:>7.2}× {:>9.1} {:>7.2}× | {:>9}",
            snapshot.bytes as f64 / 1e6,
            row.floor.wall.as_secs_f64(),
            row.floor.mb_per_s(snapshot.bytes),
            row.floor.rss_mib(),
            row.stance.wall.as_secs_f64(),
            row.stance.mb_per_s(snapshot.bytes),
            row.stance.wall.as_secs_f64() / row.floor.wall.as_secs_f64(),
            row.stance.rss_mib(),
            rss_of_file,
            row.summary.results
        );
    }
    println!();
    println!("{:>8} | {:>9} {:>9} {:>14}", "file MB", "diff s", "RSS MiB", "×2 evaluations");
    for (snapshot, row) in snapshots.iter().zip(rows) {
        println!(
            "{:>8.1} | {:>9.3} {:>9.1} {:>13.2}×",
            snapshot.bytes as f64 / 1e6,
            row.diff.wall.as_secs_f64(),
            row.diff.rss_mib(),
            row.diff.wall.as_secs_f64() / (2.0 * row.stance.wall.as_secs_f64())
        );
    }
    println!();
    let goal = |met: bool| if met { "met" } else { "NOT met" };
    for (snapshot, row) in snapshots.iter().zip(rows) {
        let (mb_s, of_floor) =
            (row.stance.mb_per_s(snapshot.bytes), row.stance.wall.as_secs_f64() / row.floor.wall.as_secs_f64());
        let rss_of_file = row.stance.peak_rss_kib as f64 * 1024.0 / snapshot.bytes as f64;
        let statuses = row.summary.statuses.iter().map(|(status, n)| format!("{n} {status}")).collect::<Vec<_>>();
        println!(
            "{:.1} MB ({} copies of the account, {} regions): {} results ({})",
            snapshot.bytes as f64 / 1e6,
            snapshot.plan.copies,
            snapshot.plan.regions.len(),
            row.summary.results,
            statuses.join(", ")
        );
        println!("  floor:  {}", row.floor.spread());
        println!("  stance: {}", row.stance.spread());
        println!(
            "  goals: {mb_s:.0} MB/s (≥ {GOAL_MB_PER_S}: {}), {of_floor:.2}× the floor (≤ {GOAL_OF_FLOOR}×: {}), peak RSS {rss_of_file:.2}× the file (≤ {GOAL_RSS_OF_FILE}×: {})",
            goal(mb_s >= GOAL_MB_PER_S),
            goal(of_floor <= GOAL_OF_FLOOR),
            goal(rss_of_file <= GOAL_RSS_OF_FILE)
        );
        if row.summary.repeated > 0 {
            println!("  WARNING: {} (check, resource, region) triples occur more than once", row.summary.repeated);
        }
    }
}
