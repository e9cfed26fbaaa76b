//! The HTML report at 1,000, 10,000 and 100,000 results: the file's size, the time to render
//! it, and in headless Chromium the time to interactive and the time of a filter, a free text
//! search and a sort, each as the page records it (`data-interactive-ms`, `data-filter-ms`).
//! The results are the whole-account fixture's, repeated with new resource names.
//!
//! `cargo run -p stance-report --example bench --release [-- RUNS] [SIZES…]`: each page load
//! is made RUNS times (3 by default) and the median shown.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::chromium::{Chromium, attribute, body_attribute};
use stance_engine::CheckResult;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// What is measured in the page, by fragment: the first, none, is the time to interactive;
/// the others are the time of the filter the fragment applies (the page's order by status is
/// made before, as part of being interactive).
const LOADS: [(&str, &str); 4] = [
    ("interactive", ""),
    ("status+region", "status=FAIL&region=eu-west-1"),
    ("text", "q=bucket"),
    ("sort resource", "sort=resource"),
];

/// `count` results: the fixture's, then copies of them whose resources (and the messages that
/// name them) have a suffix, `-1`, `-2`, …
fn synthesise(results: &[CheckResult], count: usize) -> Vec<CheckResult> {
    (0..)
        .flat_map(|copy| results.iter().map(move |result| (copy, result)))
        .take(count)
        .map(|(copy, result)| {
            let mut result = result.clone();
            if copy > 0 {
                let name = result.resource.rsplit(['/', ':']).next().unwrap_or_default().to_owned();
                if !name.is_empty() {
                    let renamed = format!("{name}-{copy}");
                    result.message = result.message.replace(&name, &renamed);
                }
                result.resource = format!("{}-{copy}", result.resource);
            }
            result
        })
        .collect()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().map_or(3, |runs| runs.parse().expect("RUNS is a number"));
    let sizes: Vec<usize> = args.map(|size| size.parse().expect("a size is a number")).collect();
    let sizes = if sizes.is_empty() { SIZES.to_vec() } else { sizes };
    let chromium = Chromium::from_env();
    let fixture = common::fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut header = format!("{:>9}  {:>9}  {:>9}", "results", "file", "render");
    for (name, _) in LOADS {
        header.push_str(&format!("  {name:>13}"));
    }
    println!("{header}");
    for size in sizes {
        let results = synthesise(&fixture.results, size);
        let path = dir.path().join(format!("report-{size}.html"));
        let started = Instant::now();
        common::write_report(&path, &fixture.header, &results, Some(&fixture.cis));
        let render = started.elapsed();
        let bytes = std::fs::metadata(&path).unwrap().len();
        let mut line = format!("{size:>9}  {:>6.1} MB  {:>6.0} ms", bytes as f64 / 1e6, render.as_secs_f64() * 1e3);
        for (name, fragment) in LOADS {
            let times: Vec<f64> = (0..runs)
                .map(|_| {
                    let page = chromium.load(&path, fragment);
                    assert!(page.requests.is_empty(), "the page made requests: {:?}", page.requests);
                    let matched: usize = attribute(&page.dom, "match-count", "data-count").unwrap().parse().unwrap();
                    assert!(matched > 0, "{name}: nothing matched");
                    let attribute = if fragment.is_empty() { "data-interactive-ms" } else { "data-filter-ms" };
                    body_attribute(&page.dom, attribute).expect("the page recorded its time").parse().unwrap()
                })
                .collect();
            line.push_str(&format!("  {:>10.0} ms", median(times)));
        }
        println!("{line}");
    }
}
