//! `cargo xtask bench collect`: how fast, and in how much memory, `stance scan` reads a large
//! account, next to Prowler and next to the emulator's own floor, all in the same run against
//! the same moto server.
//!
//! # Method
//!
//! - **Account.** [`seed_large_account`] seeds moto with 1,000 security groups (with rules),
//!   500 EBS volumes, 250 IAM users (access key and password) and 250 S3 buckets over
//!   us-east-1 and eu-west-1 (`--scale` multiplies every size). Seeding also generates the
//!   credential report, so that no tool's time includes waiting for moto to make one.
//! - **Timed runs.** Each tool runs as a child process straight against moto, with the same
//!   isolated environment as the end-to-end tests ([`isolated_command`]), under a small
//!   release-built helper (`crates/snapshot/examples/measured.rs`, see [`measure_child`]). Wall
//!   time runs from spawning the process to reaping it; peak RSS is the child's own `ru_maxrss`
//!   from `wait4` (which also covers any descendants it waited for). stance and the floor run
//!   `--repeat` times, taking turns (median wall time, largest RSS); Prowler, slower, runs
//!   once. The machine's load average is reported: other work on it makes the times noisy.
//! - **stance** is the release build: `stance scan --endpoint-url … --region us-east-1
//!   --region eu-west-1 --console=none --json FILE`.
//! - **Prowler** (PyPI `prowler`, pinned to [`PROWLER_VERSION`], in its own virtual
//!   environment) runs `prowler aws --service ec2 iam s3` over the same regions, with
//!   `--scan-unused-services` (without it, Prowler skips resources that nothing uses, such as
//!   security groups without network interfaces) and only its JSON (OCSF) output.
//! - **API calls.** Each tool also runs once untimed through a recording proxy
//!   (the tests' [`FaultProxy`], with no fault) that forwards to moto and keeps every request; its count is the tool's
//!   number of HTTP requests (pages and retries included). calls/s is that count over the
//!   timed run's wall time. stance's recorded run also saves its snapshot, whose size is
//!   reported beside its memory.
//! - **Floor.** What moto itself costs: the requests recorded from stance (the very same
//!   requests, as many as stance made, signatures included) replayed with a bare hyper client
//!   (`cargo xtask bench replay`, a child process), reading each response whole but converting
//!   nothing and without waiting for one request's answer to make the next. It runs once at
//!   each of 2, 4, 8, … requests in flight and at the most stance had in flight during the
//!   recording, and the fastest of these is the floor (moto, one GIL and a thread per
//!   connection, is not always faster with more in flight). No client making these calls at
//!   those concurrencies gets them answered sooner by this server, so
//!   stance/floor is stance's own overhead: its SDK, its conversions, its checks, and the
//!   order its calls depend on.
//! - **Memory growth.** stance also scans an account of half the size, on a moto of its own,
//!   to show how its peak RSS grows with the account.
//! - **Simulated AWS** (`--latency MS`, `--throttle PROFILE`). Each timed run of stance and
//!   of Prowler goes through a fresh [`FaultProxy`] simulating AWS in front of moto
//!   ([`Simulation`]): every answer `MS` later, and, with a profile ([`Profile::named`]:
//!   `ec2-documented`, `tight`, `every:CAPACITY:RATE`), token buckets per service, region and
//!   action, full at the start of each run. Per run it reports the requests made (retries
//!   included), the throttled answers the proxy gave, the calls left `throttled` (stance: in
//!   its snapshot, saved with `--collection`; Prowler: throttling errors in its log) and the
//!   peak in flight. The floor becomes the larger of the bare client's replay through the
//!   same latency (no throttling: it does not retry), at 8, 16, … in flight, and the bucket
//!   floor: for each bucket, the calls of stance's unthrottled recording beyond its capacity
//!   over its refill rate ([`Profile::floor`]). The recordings stay straight against moto.
//!
//! # Isolation
//!
//! Everything stays on 127.0.0.1. After the installs and the build, the task moves itself
//! (and so moto, stance and Prowler, which it starts) into a new network namespace where only
//! the loopback interface exists (Linux, as root), so nothing can reach outside the machine
//! whatever it tries. Every child also gets `HTTP(S)_PROXY` pointing at a local sentinel that
//! answers 403 to anything and logs it, with `NO_PROXY=127.0.0.1,localhost`: the sentinel's
//! log shows what a tool tried to fetch from the internet (Prowler 5.46 tried nothing when
//! this was written). Where a namespace cannot be made, the proxy guard alone remains, and the
//! task says so.

mod evaluate;
mod synthetic;

use std::collections::BTreeMap;
use std::fs::File;
use std::net::{Ipv4Addr, TcpListener as StdTcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::{Deserialize, Serialize};
use stance_testkit::large::{REGIONS, Scale, seed_large_account};
use stance_testkit::proxy::{FaultProxy, Seen};
use stance_testkit::simulation::{Profile, Simulation, Stats};
use stance_testkit::{Moto, isolated_command};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::runtime::Runtime;

use crate::ci::{python_tools, shown, step};
use crate::{Result, target_dir};

/// The Prowler release compared against.
pub const PROWLER_VERSION: &str = "5.46.0";

/// How long one run of a tool may take before it is killed and the bench fails.
const STANCE_LIMIT: Duration = Duration::from_secs(10 * 60);
const PROWLER_LIMIT: Duration = Duration::from_secs(60 * 60);

/// The goals the figures are held to (stated, not enforced).
const GOAL_FASTER_THAN_PROWLER: f64 = 10.0;
const GOAL_LESS_MEMORY_THAN_PROWLER: f64 = 10.0;
const GOAL_OF_FLOOR: f64 = 1.5;
/// The goal of issue 8 against a simulated AWS: within 1.3× of its floor.
const GOAL_OF_SIMULATED_FLOOR: f64 = 1.3;

const USAGE: &str = "\
cargo xtask bench collect [--scale F] [--repeat N] [--concurrency N] [--no-prowler]
                          [--latency MS] [--throttle PROFILE]
cargo xtask bench serve [--scale F]
cargo xtask bench evaluate [--sizes 2,20,200] [--repeat N] [--stance BIN]   (options: bench evaluate --help)
cargo xtask bench report [RUNS] [SIZES…]   (the HTML report in headless Chromium; default 3 runs
                          of 1000 10000 100000 results)

  --scale F         multiply the account's sizes (default 1: 1,000 security groups, 500 volumes,
                    250 users, 250 buckets)
  --repeat N        runs of stance and of the floor; the median wall time counts (default 3)
  --concurrency N   requests the floor keeps in flight (default: the fastest of 2, 4, 8, …
                    and the most stance had at once, one run each)
  --no-prowler      leave Prowler out (no install, no runs)
  --latency MS      simulated AWS: the timed runs go through a proxy answering every request
                    MS milliseconds late (concurrent requests wait concurrently)
  --throttle P      simulated AWS: the proxy also throttles with AWS-style token buckets per
                    service, region and action; P is ec2-documented (EC2's documented
                    buckets, guesses elsewhere), tight (1 token refilled at 1/s, every
                    action) or every:CAPACITY:RATE

serve seeds the same account on a moto server and keeps it up until Ctrl-C, for profiling
stance by hand (e.g. under heaptrack) against the endpoint it prints.";

/// `cargo xtask bench …`.
pub fn run(args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("collect") => collect(&Options::parse(&args[1..])?),
        Some("serve") => serve(&Options::parse(&args[1..])?),
        Some("evaluate") => evaluate::run(&args[1..]),
        Some("report") => report(&args[1..]),
        // Internal: the floor's child process.
        Some("replay") => match &args[1..] {
            [file, endpoint, concurrency] => replay(Path::new(file), endpoint, concurrency.parse()?),
            _ => Err("usage: cargo xtask bench replay FILE ENDPOINT CONCURRENCY".into()),
        },
        _ => Err(format!("usage: {USAGE}").into()),
    }
}

/// `cargo xtask bench report [RUNS] [SIZES…]`: the HTML report's size and its times in headless
/// Chromium (crates/report/examples/bench.rs), from a release build.
fn report(args: &[String]) -> Result<()> {
    let chromium = crate::ci::chromium()?;
    let status = crate::cargo()
        .args(["run", "--release", "--quiet", "-p", "stance-report", "--example", "bench", "--"])
        .args(args)
        .env("STANCE_CHROMIUM", chromium)
        .status()?;
    if !status.success() {
        return Err(format!("the report benchmark failed ({status})").into());
    }
    Ok(())
}

struct Options {
    scale: f64,
    repeat: usize,
    concurrency: Option<usize>,
    prowler: bool,
    latency: Duration,
    throttle: Option<Profile>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            scale: 1.0,
            repeat: 3,
            concurrency: None,
            prowler: true,
            latency: Duration::ZERO,
            throttle: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value\n\n{USAGE}"));
            match arg.as_str() {
                "--scale" => options.scale = value()?.parse()?,
                "--repeat" => options.repeat = value()?.parse()?,
                "--concurrency" => options.concurrency = Some(value()?.parse()?),
                "--no-prowler" => options.prowler = false,
                "--latency" => options.latency = Duration::from_millis(value()?.parse()?),
                "--throttle" => {
                    let name = value()?;
                    let profile =
                        Profile::named(name).ok_or_else(|| format!("unknown throttle profile {name:?}\n\n{USAGE}"))?;
                    options.throttle = Some(profile);
                }
                _ => return Err(format!("unknown option {arg:?}\n\n{USAGE}").into()),
            }
        }
        if !(options.scale > 0.0 && options.scale <= 20.0) || options.repeat == 0 || options.concurrency == Some(0) {
            return Err(format!("--scale must be in (0, 20], --repeat and --concurrency at least 1\n\n{USAGE}").into());
        }
        Ok(options)
    }

    /// The simulated AWS the timed runs go through, if any.
    fn simulation(&self) -> Option<Simulation> {
        (!self.latency.is_zero() || self.throttle.is_some())
            .then(|| Simulation { latency: self.latency, throttle: self.throttle.clone() })
    }
}

fn collect(options: &Options) -> Result<()> {
    // Installs and the build first: they are the only steps that need more than loopback.
    if std::env::var_os("STANCE_MOTO_SERVER").is_none() {
        // SAFETY: no other thread exists yet; Moto::start reads it.
        unsafe { std::env::set_var("STANCE_MOTO_SERVER", python_tools()?.join("moto_server")) };
    }
    let prowler = options.prowler.then(prowler_tools).transpose()?;
    let built = crate::cargo()
        .args(["build", "--release", "--quiet", "-p", "stance", "-p", "stance-snapshot", "--example", "measured"])
        .status()?;
    if !built.success() {
        return Err("cargo build --release -p stance (and the measuring helper) failed".into());
    }
    let stance = target_dir().join("release/stance");
    let helper = target_dir().join("release/examples/measured");
    let work = target_dir().join("bench");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;

    let isolation = match isolate_network() {
        Ok(()) => "own network namespace (loopback only) + proxy sentinel".to_owned(),
        Err(e) => {
            eprintln!("bench: no network namespace ({e}); relying on the proxy sentinel alone");
            "proxy sentinel only (no network namespace)".to_owned()
        }
    };
    let load_before = load_average();
    let runtime = Runtime::new()?;
    let sentinel = runtime.block_on(Sentinel::start())?;
    let simulation = options.simulation();
    let replay_client = replay_client(&work)?;
    let bench = Bench {
        sentinel: &sentinel,
        work: &work,
        stance: &stance,
        helper: &helper,
        replay_client: &replay_client,
        simulation: simulation.as_ref(),
    };

    // How stance's memory grows: the same scan over half the account, on a moto of its own.
    let half = Scale::times(options.scale / 2.0);
    let half_runs = {
        let moto = Moto::start();
        let started = Instant::now();
        runtime.block_on(seed_large_account(&moto, half));
        eprintln!("bench: seeded {half} in {:.1} s", started.elapsed().as_secs_f64());
        // Simulated, it runs as the full account's runs do: through the proxy, saving its
        // snapshot.
        let snapshot = simulation.is_some();
        (0..options.repeat)
            .map(|run| {
                let name = format!("half-{run}");
                Ok(bench.simulated(&moto.endpoint, |endpoint| bench.stance(endpoint, &name, snapshot))?.0)
            })
            .collect::<Result<Vec<_>>>()?
    };

    let scale = Scale::times(options.scale);
    let moto = Moto::start();
    let started = Instant::now();
    runtime.block_on(seed_large_account(&moto, scale));
    let seeding = started.elapsed();
    eprintln!("bench: seeded {scale} in {:.1} s", seeding.as_secs_f64());

    // stance through the recorder first (untimed): its requests, for the floor to replay.
    let (stance_requests, stance_peak) =
        bench.recorded(&moto.endpoint, |endpoint| bench.stance(endpoint, "recorded", true))?;
    let requests_file = work.join("stance-requests.json");
    let replayable: Vec<RecordedRequest> = stance_requests.iter().map(RecordedRequest::from).collect();
    serde_json::to_writer(File::create(&requests_file)?, &replayable)?;
    // The floor runs at the concurrency this server answers fastest at: one sweep run each.
    // With added latency it replays through a proxy adding the same latency, and more in flight
    // pays.
    let latency_proxy = (!options.latency.is_zero())
        .then(|| FaultProxy::start_with(&moto.endpoint, vec![], Simulation::latency(options.latency)));
    let floor_endpoint = latency_proxy.as_ref().map_or(moto.endpoint.as_str(), |proxy| proxy.endpoint.as_str());
    let sweep = match options.concurrency {
        Some(_) => vec![],
        None => {
            let tried = if latency_proxy.is_some() { latency_sweep(stance_peak) } else { floor_sweep(stance_peak) };
            tried
                .into_iter()
                .map(|concurrency| {
                    Ok((concurrency, bench.floor(&requests_file, floor_endpoint, concurrency, "sweep")?.wall))
                })
                .collect::<Result<Vec<_>>>()?
        }
    };
    let concurrency = options.concurrency.or_else(|| sweep.iter().min_by_key(|(_, wall)| *wall).map(|(c, _)| *c));
    let concurrency = concurrency.unwrap_or(stance_peak).max(1);

    // stance and the floor take turns, so that a change in the machine's load (or in moto)
    // during the runs weighs on both alike.
    let (mut stance_runs, mut floor_runs, mut simulated) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..options.repeat {
        let name = format!("full-{run}");
        // Simulated, the snapshot too, for the calls left throttled.
        let (measured, stats) =
            bench.simulated(&moto.endpoint, |endpoint| bench.stance(endpoint, &name, simulation.is_some()))?;
        if let Some(stats) = stats {
            let left = throttled_outcomes(&work.join(format!("stance-{name}.snapshot.json")))?;
            simulated.push(SimulatedRun { tool: "stance", wall: measured.wall, stats, left });
        }
        stance_runs.push(measured);
        floor_runs.push(bench.floor(&requests_file, floor_endpoint, concurrency, &run.to_string())?);
    }
    let stance_resources = stance_resources(&work.join("stance-full-0.json"))?;
    let bucket_floor = options.throttle.as_ref().map(|profile| {
        profile.floor(stance_requests.iter().map(|seen| (&*seen.service, &*seen.region, &*seen.operation)))
    });

    // Prowler timed, then once more through the recorder to count its calls.
    let prowler_run = match prowler.as_deref() {
        Some(bin) => {
            let (measured, stats) =
                bench.simulated(&moto.endpoint, |endpoint| bench.prowler(bin, endpoint, "timed"))?;
            if let Some(stats) = stats {
                let left = prowler_throttling_errors(&work.join("prowler-timed.log"))?;
                simulated.push(SimulatedRun { tool: "Prowler", wall: measured.wall, stats, left });
            }
            Some(measured)
        }
        None => None,
    };
    let prowler_requests = match prowler.as_deref() {
        Some(bin) => {
            let requests = bench.recorded(&moto.endpoint, |endpoint| bench.prowler(bin, endpoint, "counted"))?.0;
            // Its findings (hundreds of MB at full scale) repeat the timed run's.
            std::fs::remove_dir_all(work.join("prowler-counted"))?;
            Some(requests)
        }
        None => None,
    };

    let snapshot_bytes = std::fs::metadata(work.join("stance-recorded.snapshot.json"))?.len();
    let load = (load_before, load_average());
    let outbound = sentinel.seen();
    let report = Report {
        scale,
        seeding,
        isolation,
        stance: Row::new("stance", &stance_runs, Some(stance_requests.len())),
        prowler: prowler_run.map(|run| {
            Row::new(&format!("Prowler {PROWLER_VERSION}"), &[run], prowler_requests.as_ref().map(Vec::len))
        }),
        floor: Row::new("floor (bare client)", &floor_runs, Some(stance_requests.len())),
        concurrency,
        sweep,
        stance_resources,
        stance_services: by_service(&stance_requests),
        prowler_services: prowler_requests.as_deref().map(by_service),
        prowler_resources: prowler.is_some().then(|| prowler_resources(&work.join("prowler-timed"))).transpose()?,
        half: Row::new("stance, half account", &half_runs, None),
        half_scale: half,
        outbound,
        load,
        snapshot_bytes,
        simulation: simulation.clone(),
        simulated,
        bucket_floor,
    };
    report.print();
    eprintln!("bench: commands, outputs and logs are in {}", work.display());
    Ok(())
}

fn serve(options: &Options) -> Result<()> {
    if std::env::var_os("STANCE_MOTO_SERVER").is_none() {
        // SAFETY: no other thread exists yet; Moto::start reads it.
        unsafe { std::env::set_var("STANCE_MOTO_SERVER", python_tools()?.join("moto_server")) };
    }
    let moto = Moto::start();
    let scale = Scale::times(options.scale);
    Runtime::new()?.block_on(seed_large_account(&moto, scale));
    let regions = REGIONS.iter().map(|region| format!(" --region {region}")).collect::<String>();
    println!("seeded {scale}; try:");
    println!(
        "  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing stance scan --endpoint-url {}{regions}",
        moto.endpoint
    );
    println!("Ctrl-C stops the server");
    // A terminal's Ctrl-C reaches moto too: it is in this process's group.
    loop {
        std::thread::park();
    }
}

/// What the runs share: where to put their files, and the sentinel their proxy settings name.
struct Bench<'a> {
    sentinel: &'a Sentinel,
    work: &'a Path,
    stance: &'a Path,
    /// The small program every timed child runs under, which reports the child's own peak RSS
    /// ([`measure_child`]).
    helper: &'a Path,
    /// This program's copy that replays requests for the floor ([`replay_client`]).
    replay_client: &'a Path,
    /// The simulated AWS the timed runs go through, if any.
    simulation: Option<&'a Simulation>,
}

impl Bench<'_> {
    /// One `stance scan` of the account behind `endpoint`; results go to `stance-NAME.json`.
    /// With `snapshot`, it is also saved, to `stance-NAME.snapshot.json`.
    fn stance(&self, endpoint: &str, name: &str, snapshot: bool) -> Result<Measured> {
        let results = self.work.join(format!("stance-{name}.json"));
        let report = self.work.join(format!("stance-{name}.measured.json"));
        let mut command = self.offline(self.stance, &report);
        command.args(["scan", "--endpoint-url", endpoint, "--console=none", "--json"]).arg(&results);
        for region in REGIONS {
            command.args(["--region", region]);
        }
        if snapshot {
            command.arg("--collection").arg(self.work.join(format!("stance-{name}.snapshot.json")));
        }
        let run = measure_child(&mut command, &report, &self.work.join(format!("stance-{name}.log")), STANCE_LIMIT)?;
        // 1: some result is FAIL, as expected of this account.
        if !matches!(run.code, Some(0 | 1)) {
            return Err(format!("stance scan ({name}) failed: {:?}; see {}", run.code, self.work.display()).into());
        }
        eprintln!("bench: stance {name}: {:.2} s, {} MiB", run.wall.as_secs_f64(), mib(run.peak_rss_kib));
        Ok(run)
    }

    /// One Prowler scan of ec2, iam and s3 in the bench's regions; output goes to `prowler-NAME/`.
    fn prowler(&self, bin: &Path, endpoint: &str, name: &str) -> Result<Measured> {
        let output = self.work.join(format!("prowler-{name}"));
        let report = self.work.join(format!("prowler-{name}.measured.json"));
        let mut command = self.offline(bin.join("prowler"), &report);
        command
            .args(["aws", "--service", "ec2", "iam", "s3", "--region"])
            .args(REGIONS)
            .args(["--scan-unused-services", "--output-formats", "json-ocsf", "--ignore-exit-code-3"])
            .args(["--no-banner", "--no-color", "--output-directory"])
            .arg(&output)
            .current_dir(self.work)
            .env("AWS_ENDPOINT_URL", endpoint);
        let log = self.work.join(format!("prowler-{name}.log"));
        let run = measure_child(&mut command, &report, &log, PROWLER_LIMIT)?;
        if run.code != Some(0) {
            return Err(format!("prowler ({name}) failed: {:?}; see {}", run.code, self.work.display()).into());
        }
        eprintln!("bench: Prowler {name}: {:.2} s, {} MiB", run.wall.as_secs_f64(), mib(run.peak_rss_kib));
        Ok(run)
    }

    /// One replay of `requests` at `concurrency` by the bare client (this program, `bench
    /// replay`); `run` names its log.
    fn floor(&self, requests: &Path, endpoint: &str, concurrency: usize, run: &str) -> Result<Measured> {
        let log = self.work.join(format!("floor-{run}-c{concurrency}.log"));
        let report = log.with_extension("measured.json");
        let mut command = self.offline(self.replay_client, &report);
        command.args(["bench", "replay"]).arg(requests).args([endpoint, &concurrency.to_string()]);
        let measured = measure_child(&mut command, &report, &log, STANCE_LIMIT)?;
        if measured.code != Some(0) {
            return Err(format!("the floor's replay failed: {:?}; see {}", measured.code, log.display()).into());
        }
        let summary = std::fs::read_to_string(&log)?;
        let replayed: Replayed = serde_json::from_str(summary.lines().last().unwrap_or_default())?;
        if replayed.status_changed > 0 {
            eprintln!(
                "bench: floor {run}: {} of {} answers had another status than when recorded",
                replayed.status_changed, replayed.requests
            );
        }
        eprintln!(
            "bench: floor {run}, {concurrency} in flight: {:.2} s, {} MiB",
            measured.wall.as_secs_f64(),
            mib(measured.peak_rss_kib)
        );
        Ok(measured)
    }

    /// Runs `tool` straight against moto, or, when simulating AWS, through a proxy of its own
    /// (its buckets full) in front of it; returns what it measured and what that proxy counted.
    fn simulated(&self, moto: &str, tool: impl FnOnce(&str) -> Result<Measured>) -> Result<(Measured, Option<Stats>)> {
        match self.simulation {
            None => Ok((tool(moto)?, None)),
            Some(simulation) => {
                let proxy = FaultProxy::start_with(moto, vec![], simulation.clone());
                let measured = tool(&proxy.endpoint)?;
                Ok((measured, Some(proxy.stats())))
            }
        }
    }

    /// Runs `tool` against a recorder in front of moto; returns the requests it made and the
    /// most it had in flight at once.
    fn recorded(&self, moto: &str, tool: impl FnOnce(&str) -> Result<Measured>) -> Result<(Vec<Seen>, usize)> {
        let recorder = FaultProxy::start(moto, vec![]);
        tool(&recorder.endpoint)?;
        Ok((recorder.log(), recorder.peak_in_flight()))
    }

    /// A command for a timed child, run under the measuring helper (which writes `report`;
    /// append the child's arguments): the end-to-end tests' isolation, and any proxied request
    /// sent to the sentinel (loopback itself is never proxied). Every proxy variable is set, so
    /// none is inherited.
    fn offline(&self, program: impl AsRef<std::ffi::OsStr>, report: &Path) -> Command {
        let mut command = isolated_command(self.helper);
        command.arg(report).arg(program);
        for name in ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"] {
            command.env(name, &self.sentinel.url);
        }
        command.env("NO_PROXY", "127.0.0.1,localhost").env("no_proxy", "127.0.0.1,localhost");
        command
    }
}

/// A copy of this program in `work`, to run again as the floor's client. Through the measuring
/// helper it must go by path (`/proc/self/exe` would name the helper), and a copy of its own
/// still runs when cargo rebuilds this program's file meanwhile (another checkout's build in
/// the same target directory does).
fn replay_client(work: &Path) -> std::io::Result<PathBuf> {
    let copy = work.join("replay-client");
    std::fs::copy("/proc/self/exe", &copy)?;
    Ok(copy)
}

/// One child process's wall time, peak resident memory and exit code.
#[derive(Debug, Clone, Copy)]
struct Measured {
    wall: Duration,
    peak_rss_kib: u64,
    code: Option<i32>,
}

/// Runs `command` with its output in `log`, killing it after `limit`; measures it.
fn measure(command: &mut Command, log: &Path, limit: Duration) -> Result<Measured> {
    let output = File::create(log)?;
    command.stdin(Stdio::null()).stdout(output.try_clone()?).stderr(output);
    let started = Instant::now();
    let child = command.spawn().map_err(|e| format!("cannot run {}: {e}", shown(command)))?;
    let pid = child.id() as libc::pid_t;
    // The child is reaped by wait4, for its rusage, on a thread of its own so that a hung
    // child can be killed at the limit.
    let (done, reaped) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut status = 0;
        // SAFETY: rusage is plain data that wait4 fills in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our child, not yet reaped (std's Child never waited for it).
        let result = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let _ = done.send((result, status, usage, Instant::now()));
    });
    let (result, status, usage, ended) = match reaped.recv_timeout(limit) {
        Ok(reaped) => reaped,
        Err(_) => {
            // SAFETY: the child is not reaped until wait4 returns, so pid is still ours.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            let _ = reaped.recv();
            return Err(format!("{} did not finish within {} s; killed", shown(command), limit.as_secs()).into());
        }
    };
    if result != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()).into());
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // Linux gives ru_maxrss in KiB.
    Ok(Measured { wall: ended - started, peak_rss_kib: usage.ru_maxrss as u64, code })
}

/// What the measuring helper (`crates/snapshot/examples/measured.rs`) reports of its child.
#[derive(Deserialize)]
struct ChildReport {
    wall_seconds: f64,
    peak_rss_kib: u64,
    user_seconds: f64,
    system_seconds: f64,
    code: Option<i32>,
}

impl ChildReport {
    fn measured(&self) -> Measured {
        Measured { wall: Duration::from_secs_f64(self.wall_seconds), peak_rss_kib: self.peak_rss_kib, code: self.code }
    }

    /// User and system time.
    fn cpu(&self) -> Duration {
        Duration::from_secs_f64(self.user_seconds + self.system_seconds)
    }
}

/// Runs `wrapped`, the measuring helper running a child and writing what it measured to
/// `report`, with their output in `log`, killing both after `limit`: the child's own wall
/// time, peak RSS and exit code.
///
/// Why the helper: on Linux a child's `ru_maxrss` starts from the peak RSS of the process that
/// spawned it (exec keeps the high-water mark of the memory it replaces, under vfork the
/// parent's), and this process holds the proxies' logs: spawned from it directly, every tool
/// reported at least its size (about 145 MiB when simulating AWS).
fn measure_child(wrapped: &mut Command, report: &Path, log: &Path, limit: Duration) -> Result<Measured> {
    Ok(child_report(wrapped, report, log, limit)?.measured())
}

fn child_report(wrapped: &mut Command, report: &Path, log: &Path, limit: Duration) -> Result<ChildReport> {
    let _ = std::fs::remove_file(report);
    let outer = measure(wrapped, log, limit)?;
    if outer.code != Some(0) {
        return Err(format!("the measuring helper failed: {:?}; see {}", outer.code, log.display()).into());
    }
    Ok(serde_json::from_str(&std::fs::read_to_string(report)?)?)
}

/// Moves this process into a new network namespace with only a loopback interface, up.
/// Must run before any other thread starts: threads that exist already stay outside.
#[cfg(target_os = "linux")]
fn isolate_network() -> std::io::Result<()> {
    use std::io::Error;
    // SAFETY: plain system calls on memory we own; the socket is closed before returning.
    unsafe {
        if libc::unshare(libc::CLONE_NEWNET) != 0 {
            return Err(Error::last_os_error());
        }
        let socket = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
        if socket < 0 {
            return Err(Error::last_os_error());
        }
        let mut request: libc::ifreq = std::mem::zeroed();
        request.ifr_name[..2].copy_from_slice(&[b'l' as libc::c_char, b'o' as libc::c_char]);
        let mut result = libc::ioctl(socket, libc::SIOCGIFFLAGS, &raw mut request);
        if result == 0 {
            request.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            result = libc::ioctl(socket, libc::SIOCSIFFLAGS, &raw const request);
        }
        let error = Error::last_os_error();
        libc::close(socket);
        if result != 0 {
            return Err(error);
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn isolate_network() -> std::io::Result<()> {
    Err(std::io::Error::other("network namespaces are Linux only"))
}

/// The pinned Prowler in a virtual environment of its own in the target directory, made on
/// first use. Returns its `bin` directory.
fn prowler_tools() -> Result<PathBuf> {
    let venv = target_dir().join("prowler-venv");
    let bin = venv.join("bin");
    let pin = format!("prowler=={PROWLER_VERSION}");
    let marker = venv.join("installed.txt");
    if std::fs::read_to_string(&marker).is_ok_and(|installed| installed == pin) {
        return Ok(bin);
    }
    step("prowler venv", Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
    step("prowler", Command::new(bin.join("pip")).args(["install", "--quiet", "--disable-pip-version-check", &pin]))?;
    std::fs::write(marker, pin)?;
    Ok(bin)
}

/// A request as the recording proxy received it, enough to send it again: the floor's input.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RecordedRequest {
    method: String,
    /// Path and query.
    target: String,
    headers: Vec<(String, String)>,
    /// Base64.
    body: String,
    /// The status moto answered with.
    status: u16,
}

impl From<&Seen> for RecordedRequest {
    fn from(seen: &Seen) -> RecordedRequest {
        RecordedRequest {
            method: seen.method.clone(),
            target: seen.target.clone(),
            headers: seen.headers.clone(),
            body: BASE64.encode(&seen.body),
            status: seen.status.unwrap_or_default(),
        }
    }
}

/// What a replay did, printed by the child as one JSON line.
#[derive(Debug, Serialize, Deserialize)]
struct Replayed {
    requests: usize,
    /// Requests whose status differs from the recorded one.
    status_changed: usize,
}

/// `bench replay FILE ENDPOINT CONCURRENCY`: sends the recorded requests to `endpoint`, at
/// most `concurrency` at a time, each response read whole and otherwise ignored. Fails if any
/// request fails to get an answer.
fn replay(file: &Path, endpoint: &str, concurrency: usize) -> Result<()> {
    let recorded: Vec<RecordedRequest> = serde_json::from_reader(std::io::BufReader::new(File::open(file)?))?;
    let requests = recorded
        .iter()
        .map(|recorded| {
            let mut request =
                Request::builder().method(recorded.method.as_str()).uri(format!("{endpoint}{}", recorded.target));
            // The client sets Host for the endpoint it connects to.
            for (name, value) in recorded.headers.iter().filter(|(name, _)| name != "host") {
                request = request.header(name, value);
            }
            Ok((request.body(Full::new(Bytes::from(BASE64.decode(&recorded.body)?)))?, recorded.status))
        })
        .collect::<Result<Vec<_>>>()?;
    let total = requests.len();
    let queue = Arc::new(Mutex::new(requests.into_iter()));
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let status_changed = Runtime::new()?.block_on(async {
        let workers = (0..concurrency.min(total).max(1)).map(|_| {
            let (queue, client) = (Arc::clone(&queue), client.clone());
            tokio::spawn(async move {
                let mut changed = 0;
                loop {
                    let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
                    let Some((request, status)) = next else { return Ok::<_, String>(changed) };
                    let response = client.request(request).await.map_err(|e| format!("request failed: {e}"))?;
                    changed += usize::from(response.status().as_u16() != status);
                    response.into_body().collect().await.map_err(|e| format!("response failed: {e}"))?;
                }
            })
        });
        let mut changed = 0;
        for worker in workers.collect::<Vec<_>>() {
            changed += worker.await??;
        }
        Ok::<_, Box<dyn std::error::Error>>(changed)
    })?;
    println!("{}", serde_json::to_string(&Replayed { requests: total, status_changed })?);
    Ok(())
}

/// A stand-in proxy that answers every request with 403 and logs its first line (`CONNECT
/// host:443 HTTP/1.1`): what a child tried to reach outside the machine.
struct Sentinel {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Sentinel {
    async fn start() -> Result<Sentinel> {
        let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let mut head = vec![0; 4096];
                    let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut head)).await;
                    let n = read.ok().and_then(std::result::Result::ok).unwrap_or(0);
                    let line = String::from_utf8_lossy(&head[..n]).lines().next().unwrap_or_default().to_owned();
                    log.lock().unwrap_or_else(PoisonError::into_inner).push(line);
                    let refusal = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    let _ = stream.write_all(refusal).await;
                });
            }
        });
        Ok(Sentinel { url, seen })
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

/// How many requests went to each service.
type Services = BTreeMap<String, usize>;

/// Requests by service ([`Seen::service`]: the SigV4 signing name, or `s3control`).
fn by_service(requests: &[Seen]) -> Services {
    let mut services = Services::new();
    for request in requests {
        *services.entry(request.service.clone()).or_default() += 1;
    }
    services
}

/// How many distinct resources of each kind a tool reported on, by ARN.
type Resources = BTreeMap<&'static str, usize>;

fn count_resources<'a>(arns: impl Iterator<Item = &'a str>) -> Resources {
    let kinds = [
        ("security groups", ":security-group/"),
        ("volumes", ":volume/"),
        ("users", ":user/"),
        ("buckets", "arn:aws:s3:::"),
    ];
    let unique: std::collections::BTreeSet<&str> = arns.collect();
    kinds.iter().map(|(kind, marker)| (*kind, unique.iter().filter(|arn| arn.contains(marker)).count())).collect()
}

/// The resources in stance's JSON results.
fn stance_resources(results: &Path) -> Result<Resources> {
    let results: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(File::open(results)?))?;
    let arns = results.as_array().into_iter().flatten().filter_map(|result| result["resource"].as_str());
    Ok(count_resources(arns))
}

/// The resources in Prowler's OCSF findings.
fn prowler_resources(output: &Path) -> Result<Resources> {
    let mut arns = Vec::new();
    for entry in std::fs::read_dir(output)? {
        let path = entry?.path();
        if path.to_string_lossy().ends_with(".ocsf.json") {
            let findings: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(File::open(path)?))?;
            let resources = findings.as_array().into_iter().flatten().flat_map(|finding| {
                finding["resources"].as_array().into_iter().flatten().filter_map(|resource| resource["uid"].as_str())
            });
            arns.extend(resources.map(str::to_owned));
        }
    }
    Ok(count_resources(arns.iter().map(String::as_str)))
}

/// One line of the table.
struct Row {
    name: String,
    /// Median over the runs.
    wall: Duration,
    /// The spread of the runs' wall times.
    walls: (Duration, Duration),
    runs: usize,
    /// The largest over the runs.
    peak_rss_kib: u64,
    calls: Option<usize>,
}

impl Row {
    fn new(name: &str, runs: &[Measured], calls: Option<usize>) -> Row {
        let mut walls: Vec<Duration> = runs.iter().map(|run| run.wall).collect();
        walls.sort();
        Row {
            name: name.to_owned(),
            wall: walls[walls.len() / 2],
            walls: (walls[0], walls[walls.len() - 1]),
            runs: runs.len(),
            peak_rss_kib: runs.iter().map(|run| run.peak_rss_kib).max().unwrap_or(0),
            calls,
        }
    }

    fn print(&self) {
        let calls = self.calls.map_or("-".to_owned(), |calls| calls.to_string());
        let rate = self.calls.map_or("-".to_owned(), |calls| format!("{:.0}", calls as f64 / self.wall.as_secs_f64()));
        let spread = if self.runs > 1 {
            format!("{:.2}–{:.2} s over {} runs", self.walls.0.as_secs_f64(), self.walls.1.as_secs_f64(), self.runs)
        } else {
            "1 run".to_owned()
        };
        println!(
            "{:<22} {:>9.2} {:>10} {:>8} {:>10.1}   {spread}",
            self.name,
            self.wall.as_secs_f64(),
            calls,
            rate,
            self.peak_rss_kib as f64 / 1024.0
        );
    }
}

struct Report {
    scale: Scale,
    seeding: Duration,
    isolation: String,
    stance: Row,
    prowler: Option<Row>,
    floor: Row,
    concurrency: usize,
    /// The floor's wall time at each concurrency tried (empty when `--concurrency` chose).
    sweep: Vec<(usize, Duration)>,
    stance_resources: Resources,
    stance_services: Services,
    prowler_services: Option<Services>,
    prowler_resources: Option<Resources>,
    half: Row,
    half_scale: Scale,
    outbound: Vec<String>,
    /// The 1-minute load average before and after the runs.
    load: (Option<f64>, Option<f64>),
    /// The size of the snapshot stance collected (as a file, compact JSON).
    snapshot_bytes: u64,
    /// The simulated AWS the timed runs went through, if any.
    simulation: Option<Simulation>,
    /// What each timed run got from it.
    simulated: Vec<SimulatedRun>,
    /// The least time stance's calls take through the throttle's buckets.
    bucket_floor: Option<Duration>,
}

impl Report {
    fn print(&self) {
        println!();
        println!("account: {} in {} (seeded in {:.1} s)", self.scale, REGIONS.join(", "), self.seeding.as_secs_f64());
        println!("network: {}", self.isolation);
        let load = |load: Option<f64>| load.map_or("?".to_owned(), |load| format!("{load:.2}"));
        println!(
            "load average (1 min) before and after: {} and {}, on {} cores",
            load(self.load.0),
            load(self.load.1),
            std::thread::available_parallelism().map_or(0, usize::from)
        );
        println!();
        println!("{:<22} {:>9} {:>10} {:>8} {:>10}", "", "wall (s)", "API calls", "calls/s", "peak RSS (MiB)");
        self.stance.print();
        if let Some(prowler) = &self.prowler {
            prowler.print();
        }
        self.floor.print();
        let through = match &self.simulation {
            Some(simulation) if !simulation.latency.is_zero() => {
                format!(", through {} ms of added latency", simulation.latency.as_millis())
            }
            _ => String::new(),
        };
        println!(
            "(floor: stance's recorded requests replayed by a bare hyper client, {} in flight{through})",
            self.concurrency
        );
        if !self.sweep.is_empty() {
            let tried = self.sweep.iter().map(|(c, wall)| format!("{c}: {:.2} s", wall.as_secs_f64()));
            println!(
                "(floor, one run at each number in flight: {}; the fastest is used)",
                tried.collect::<Vec<_>>().join(", ")
            );
        }
        println!();
        let goal = |met: bool| if met { "met" } else { "NOT met" };
        if let Some(prowler) = &self.prowler {
            let speed = prowler.wall.as_secs_f64() / self.stance.wall.as_secs_f64();
            let memory = prowler.peak_rss_kib as f64 / self.stance.peak_rss_kib as f64;
            println!(
                "Prowler / stance: wall time {speed:.1}× (goal ≥ {GOAL_FASTER_THAN_PROWLER}×: {}), peak RSS {memory:.1}× (goal ≥ {GOAL_LESS_MEMORY_THAN_PROWLER}×: {})",
                goal(speed >= GOAL_FASTER_THAN_PROWLER),
                goal(memory >= GOAL_LESS_MEMORY_THAN_PROWLER)
            );
        }
        let floor = self.floor.wall.max(self.bucket_floor.unwrap_or_default());
        let of_floor = self.stance.wall.as_secs_f64() / floor.as_secs_f64();
        let goal_of_floor = if self.simulation.is_some() { GOAL_OF_SIMULATED_FLOOR } else { GOAL_OF_FLOOR };
        println!(
            "stance / floor:   wall time {of_floor:.2}× (goal ≤ {goal_of_floor}×: {}){}",
            goal(of_floor <= goal_of_floor),
            match self.bucket_floor {
                Some(buckets) => format!(
                    "; floor {:.2} s, the larger of the replay's {:.2} s and the buckets' {:.2} s",
                    floor.as_secs_f64(),
                    self.floor.wall.as_secs_f64(),
                    buckets.as_secs_f64()
                ),
                None => String::new(),
            }
        );
        if let Some(simulation) = &self.simulation {
            self.print_simulated(simulation);
        }
        let (small, large) = (self.half_scale.resources(), self.scale.resources());
        let (small_mib, large_mib) = (mib_f(self.half.peak_rss_kib), mib_f(self.stance.peak_rss_kib));
        println!(
            "stance memory:    {small} resources: {small_mib:.1} MiB ({:.2} s); {large} resources: {large_mib:.1} MiB ({:.2} s); {:+.1} MiB per 1,000 resources",
            self.half.wall.as_secs_f64(),
            self.stance.wall.as_secs_f64(),
            (large_mib - small_mib) * 1000.0 / (large - small).max(1) as f64
        );
        println!("stance's snapshot of the account: {:.1} MiB of JSON", self.snapshot_bytes as f64 / 1048576.0);
        let describe = |resources: &Resources| {
            resources.iter().map(|(kind, n)| format!("{n} {kind}")).collect::<Vec<_>>().join(", ")
        };
        println!("resources in stance's results:  {}", describe(&self.stance_resources));
        if let Some(resources) = &self.prowler_resources {
            println!("resources in Prowler's results: {}", describe(resources));
        }
        let per_service = |services: &Services| {
            services.iter().map(|(service, n)| format!("{service} {n}")).collect::<Vec<_>>().join(", ")
        };
        println!("stance's calls by service:  {}", per_service(&self.stance_services));
        if let Some(services) = &self.prowler_services {
            println!("Prowler's calls by service: {}", per_service(services));
        }
        if self.outbound.is_empty() {
            println!("outbound attempts refused by the sentinel: none");
        } else {
            println!("outbound attempts refused by the sentinel: {}", self.outbound.len());
            for line in &self.outbound {
                println!("  {line}");
            }
        }
    }
}

impl Report {
    fn print_simulated(&self, simulation: &Simulation) {
        println!();
        let throttle = simulation
            .throttle
            .as_ref()
            .map_or("no throttling".to_owned(), |profile| format!("throttled by profile {}", profile.name));
        println!("simulated AWS: {} ms added to every answer, {throttle}", simulation.latency.as_millis());
        println!(
            "{:<10} {:>9} {:>9} {:>10} {:>15} {:>15}   throttled answers by service",
            "run", "wall (s)", "requests", "throttled", "left throttled", "peak in flight"
        );
        for run in &self.simulated {
            let by_service = run.stats.throttled.iter().map(|(service, n)| format!("{service} {n}"));
            println!(
                "{:<10} {:>9.2} {:>9} {:>10} {:>15} {:>15}   {}",
                run.tool,
                run.wall.as_secs_f64(),
                run.stats.requests,
                run.stats.throttled_total(),
                run.left,
                run.stats.peak_in_flight,
                by_service.collect::<Vec<_>>().join(", ")
            );
        }
        println!(
            "(requests: every request the run made, retries included; left throttled: stance's calls \
             recorded as throttled in its snapshot, Prowler's throttling errors in its log)"
        );
    }
}

/// The numbers of requests in flight the floor tries through added latency, which more in
/// flight hides: 8, 16, … 64, and stance's peak if more.
fn latency_sweep(stance_peak: usize) -> Vec<usize> {
    let mut tried: Vec<usize> = std::iter::successors(Some(8), |n| Some(n * 2)).take_while(|&n| n <= 64).collect();
    if stance_peak > 64 {
        tried.push(stance_peak);
    }
    tried
}

/// The calls a snapshot holds as failed with kind `throttled`: its `calls` are
/// `SERVICE/Operation/region`, then the outcome (`data` or `error`), or per-resource outcomes
/// by ARN.
fn throttled_outcomes(snapshot: &Path) -> Result<usize> {
    use serde_json::Value;
    fn values(value: &Value) -> impl Iterator<Item = &Value> {
        value.as_object().into_iter().flat_map(|object| object.values())
    }
    let throttled = |outcome: &Value| usize::from(outcome["error"]["kind"] == "throttled");
    let snapshot: Value = serde_json::from_reader(std::io::BufReader::new(File::open(snapshot)?))?;
    let mut left = 0;
    for calls in values(&snapshot["calls"]).flat_map(values).flat_map(values) {
        left += if calls.get("data").is_some() || calls.get("error").is_some() {
            throttled(calls)
        } else {
            values(calls).map(throttled).sum()
        };
    }
    Ok(left)
}

/// The throttling errors in Prowler's log (it logs a call it gave up on as `ERROR`).
fn prowler_throttling_errors(log: &Path) -> Result<usize> {
    let log = std::fs::read_to_string(log)?;
    let throttling = ["Throttling", "RequestLimitExceeded", "SlowDown", "TooManyRequests", "Rate exceeded"];
    Ok(log.lines().filter(|line| line.contains("ERROR") && throttling.iter().any(|code| line.contains(code))).count())
}

/// One timed run through the simulated AWS.
struct SimulatedRun {
    tool: &'static str,
    wall: Duration,
    stats: Stats,
    /// Calls given up on while throttled: stance's `throttled` outcomes, Prowler's logged
    /// throttling errors.
    left: usize,
}

/// The numbers of requests in flight the floor tries: powers of two up to stance's peak, and
/// the peak itself. moto closes every connection and serves each on a thread under one GIL,
/// so more in flight is not always faster.
fn floor_sweep(stance_peak: usize) -> Vec<usize> {
    let mut tried: Vec<usize> =
        std::iter::successors(Some(2), |n| Some(n * 2)).take_while(|&n| n < stance_peak).collect();
    tried.push(stance_peak.max(1));
    tried
}

/// The 1-minute load average (Linux), a hint of how much else the machine was doing.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

fn mib(kib: u64) -> String {
    format!("{:.1}", mib_f(kib))
}

fn mib_f(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
