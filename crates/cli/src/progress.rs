//! What a user sees while collection runs: a progress bar on an interactive stderr, log
//! lines otherwise, and a one-line summary at the end.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use stance_collector::Progress;
use stance_snapshot::{CallError, ErrorKind, Outcome, Snapshot};
use tracing::{debug, info};

/// The progress observer for a collection: a bar when stderr is a terminal and not `--quiet`.
pub fn observer(quiet: bool) -> Box<dyn Progress> {
    if !quiet && std::io::stderr().is_terminal() { Box::new(Bar::new()) } else { Box::new(Log) }
}

/// Calls done out of calls known (the total grows as listings reveal per-resource calls), the
/// services with calls in flight, and the errors so far.
struct Bar {
    bar: ProgressBar,
    state: Mutex<BarState>,
}

#[derive(Default)]
struct BarState {
    in_flight: BTreeMap<String, usize>,
    errors: usize,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} collecting {pos}/{len} calls {elapsed} {wide_msg}")
                .expect("the template is valid"),
        );
        bar.enable_steady_tick(Duration::from_millis(100));
        Bar { bar, state: Mutex::default() }
    }

    fn show(&self, state: &BarState) {
        let services: Vec<&str> = state.in_flight.keys().map(String::as_str).collect();
        let errors = match state.errors {
            0 => String::new(),
            1 => " · 1 error".to_owned(),
            n => format!(" · {n} errors"),
        };
        self.bar.set_message(format!("{}{errors}", services.join(" ")));
    }
}

impl Progress for Bar {
    fn call_queued(&self, _service: &str, _operation: &str, _region: &str) {
        self.bar.inc_length(1);
    }

    fn call_started(&self, service: &str, _operation: &str, _region: &str) {
        let mut state = self.state.lock().expect("no panic while holding the lock");
        *state.in_flight.entry(service.to_owned()).or_default() += 1;
        self.show(&state);
    }

    fn call_finished(&self, service: &str, _operation: &str, _region: &str, error: Option<&CallError>) {
        self.bar.inc(1);
        let mut state = self.state.lock().expect("no panic while holding the lock");
        if let Some(count) = state.in_flight.get_mut(service) {
            *count -= 1;
            if *count == 0 {
                state.in_flight.remove(service);
            }
        }
        state.errors += usize::from(error.is_some_and(is_failure));
        self.show(&state);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Whether a call failed: "not configured" (no bucket policy, no password policy) is an
/// answer, not a failure.
fn is_failure(error: &CallError) -> bool {
    error.kind != ErrorKind::NotConfigured
}

/// One log line per call: failures at `-v`, every call at `-vv`.
struct Log;

impl Progress for Log {
    fn call_finished(&self, service: &str, operation: &str, region: &str, error: Option<&CallError>) {
        match error {
            Some(error) if is_failure(error) => info!("{service} {operation} {region}: {error}"),
            Some(error) => debug!("{service} {operation} {region}: {error}"),
            None => debug!("{service} {operation} {region}: ok"),
        }
    }
}

/// `collected 1234 calls in 5.1 s: 1200 with data, 30 not_configured, 4 access_denied`.
pub fn summary(snapshot: &Snapshot, elapsed: Duration) -> String {
    let mut data = 0;
    let mut errors: BTreeMap<&'static str, usize> = BTreeMap::new();
    for outcome in snapshot.outcomes() {
        match outcome {
            Outcome::Data(_) => data += 1,
            Outcome::Error(error) => *errors.entry(error.kind.as_str()).or_default() += 1,
        }
    }
    let total = data + errors.values().sum::<usize>();
    let mut line = format!("collected {total} calls in {:.1} s: {data} with data", elapsed.as_secs_f64());
    for (kind, count) in errors {
        line.push_str(&format!(", {count} {kind}"));
    }
    line
}
