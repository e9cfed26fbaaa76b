//! `stance`: cloud security posture checks for AWS.

mod args;
mod commands;
mod error;
mod output;
mod progress;
mod settings_file;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::args::Cli;
use crate::commands::Verdict;
use crate::error::Error;

/// Evaluating a large snapshot makes millions of small allocations (views, ARNs, messages);
/// mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    match commands::run(&cli.command, cli.quiet > 0) {
        Ok(Verdict::Clean) => ExitCode::SUCCESS,
        Ok(Verdict::Findings) => ExitCode::from(1),
        Err(error @ Error::Interrupted) => {
            let _ = writeln!(io::stderr(), "stance: {error}");
            ExitCode::from(130)
        }
        Err(error) => {
            // Nothing is left to tell anyone if stderr is gone too.
            let _ = writeln!(io::stderr(), "stance: error: {error}");
            ExitCode::from(2)
        }
    }
}

/// stance's own crates, whose logs -v and -vv open; the AWS SDK's take -vvv.
const OWN_CRATES: [&str; 4] = ["stance", "stance_collector", "stance_engine", "stance_snapshot"];

/// Diagnostics go to stderr, at `warn` unless -v or -q say otherwise.
fn init_logging(verbose: u8, quiet: u8) {
    // The AWS SDK's own messages (its warning that instance metadata gave no region, say) are
    // internals: stance says what matters in its own words, and -vvv shows the SDK's log.
    let (own, others) = match (verbose, quiet) {
        (0, 0) => (LevelFilter::WARN, LevelFilter::OFF),
        (0, 1) => (LevelFilter::ERROR, LevelFilter::OFF),
        (0, _) => (LevelFilter::OFF, LevelFilter::OFF),
        (1, _) => (LevelFilter::INFO, LevelFilter::OFF),
        (2, _) => (LevelFilter::DEBUG, LevelFilter::OFF),
        (3, _) => (LevelFilter::TRACE, LevelFilter::DEBUG),
        _ => (LevelFilter::TRACE, LevelFilter::TRACE),
    };
    let filter = Targets::new().with_default(others).with_targets(OWN_CRATES.map(|name| (name, own)));
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(io::stderr)
                .with_target(verbose >= 3)
                .without_time()
                .with_ansi(output::use_colour(&io::stderr())),
        )
        .with(filter)
        .init();
}
