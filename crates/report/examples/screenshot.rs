//! Renders the whole-account fixture's report with its CIS control report and saves a
//! screenshot of it from headless Chromium: `docs/report.png` unless a path is given.
//!
//! `cargo run -p stance-report --example screenshot [-- PATH.png]`

#[path = "../tests/common/mod.rs"]
mod common;

use common::chromium::Chromium;

fn main() {
    let png = std::env::args().nth(1).map_or_else(|| common::root().join("docs/report.png"), Into::into);
    let fixture = common::fixture();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    common::write_report(&page, &fixture.header, &fixture.results, Some(&fixture.cis));
    Chromium::from_env().screenshot(&page, "", &png, (1400, 1000));
    println!("{}", png.display());
}
