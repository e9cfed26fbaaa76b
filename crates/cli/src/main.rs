//! `stance`: cloud security posture checks for AWS.

mod args;
mod commands;
mod error;
mod output;
mod progress;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::filter::LevelFilter;

use crate::args::Cli;
use crate::commands::Verdict;
use crate::error::Error;

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

/// Diagnostics go to stderr, at `warn` unless -v or -q say otherwise.
fn init_logging(verbose: u8, quiet: u8) {
    let level = match (verbose, quiet) {
        (0, 0) => LevelFilter::WARN,
        (0, 1) => LevelFilter::ERROR,
        (0, _) => LevelFilter::OFF,
        (1, _) => LevelFilter::INFO,
        (2, _) => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    tracing_subscriber::fmt()
        .with_writer(io::stderr)
        .with_max_level(level)
        .with_target(verbose >= 2)
        .without_time()
        .with_ansi(output::use_colour(&io::stderr()))
        .init();
}
