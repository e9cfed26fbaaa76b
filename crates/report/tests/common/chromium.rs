//! Headless Chromium, one process per page: it loads a `file://` page with a fragment and
//! hands back the DOM after the page's scripts ran, every request the page made (from a net
//! log) and every message the page wrote to its console (errors, policy violations).
//!
//! Nothing can leave the machine: every host name resolves to nothing and every request goes
//! to a proxy on 127.0.0.1 that is not there. Chromium's own background requests (updates,
//! accounts) still show in the net log; a page's requests are told apart by their network
//! isolation key, which is the page's site, `file://`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary: `STANCE_CHROMIUM`, else Debian's.
const DEFAULT_BINARY: &str = "/usr/bin/chromium";

/// How long one page may take, loading 100,000 results included.
const TIMEOUT: Duration = Duration::from_secs(120);

pub struct Chromium {
    binary: PathBuf,
}

/// A page after its scripts ran.
pub struct Page {
    /// The DOM, serialized.
    pub dom: String,
    /// The URLs the page requested over the network.
    pub requests: Vec<String>,
    /// What the page wrote to its console, Chromium's own reports of errors and policy
    /// violations included.
    pub console: Vec<String>,
}

impl Chromium {
    /// The browser at `STANCE_CHROMIUM` or `/usr/bin/chromium`; panics with how to install it
    /// when it is not there.
    pub fn from_env() -> Chromium {
        let binary = PathBuf::from(std::env::var_os("STANCE_CHROMIUM").unwrap_or_else(|| DEFAULT_BINARY.into()));
        assert!(
            binary.is_file(),
            "no Chromium at {}: install Debian's (`apt-get install chromium`) or set STANCE_CHROMIUM to its binary",
            binary.display()
        );
        Chromium { binary }
    }

    /// Loads `file` with `fragment` (`status=FAIL&region=eu-west-1`, or empty).
    pub fn load(&self, file: &Path, fragment: &str) -> Page {
        let work = tempfile::tempdir().unwrap();
        let net_log = work.path().join("net-log.json");
        let stdout = work.path().join("dom.html");
        let stderr = work.path().join("stderr.txt");
        self.run(
            work.path(),
            &[format!("--log-net-log={}", net_log.display()), "--dump-dom".to_owned(), url(file, fragment)],
            &stdout,
            &stderr,
        );
        let log = std::fs::read_to_string(&stderr).unwrap();
        Page {
            dom: std::fs::read_to_string(&stdout).unwrap(),
            requests: page_requests(&std::fs::read_to_string(&net_log).unwrap()),
            console: log.lines().filter(|line| line.contains(":CONSOLE")).map(str::to_owned).collect(),
        }
    }

    /// Saves a PNG of `file` with `fragment`, in a window `width` × `height` pixels.
    pub fn screenshot(&self, file: &Path, fragment: &str, png: &Path, (width, height): (u32, u32)) {
        let work = tempfile::tempdir().unwrap();
        self.run(
            work.path(),
            &[
                format!("--screenshot={}", png.display()),
                format!("--window-size={width},{height}"),
                "--hide-scrollbars".to_owned(),
                url(file, fragment),
            ],
            &work.path().join("stdout.txt"),
            &work.path().join("stderr.txt"),
        );
        assert!(png.is_file(), "Chromium wrote no screenshot to {}", png.display());
    }

    fn run(&self, work: &Path, arguments: &[String], stdout: &Path, stderr: &Path) {
        let mut child = Command::new(&self.binary)
            .args([
                "--headless",
                // Tests run as root, which Chromium's sandbox refuses.
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!("--user-data-dir={}", work.join("profile").display()))
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(stdout).unwrap())
            .stderr(std::fs::File::create(stderr).unwrap())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", self.binary.display()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("Chromium did not finish within {TIMEOUT:?}: {arguments:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(
            status.success(),
            "Chromium failed ({status}): {arguments:?}\n{}",
            std::fs::read_to_string(stderr).unwrap_or_default()
        );
    }
}

fn url(file: &Path, fragment: &str) -> String {
    let file = file.canonicalize().unwrap();
    let mut url = format!("file://{}", file.display());
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

/// The URLs of the requests a `file://` page made, from a Chromium net log: each
/// `URL_REQUEST_START_JOB` whose network isolation key is the page's site.
fn page_requests(net_log: &str) -> Vec<String> {
    let log: serde_json::Value = serde_json::from_str(net_log).expect("the net log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_u64().expect("a known event type");
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .expect("the net log has events")
        .iter()
        .filter(|event| event["type"].as_u64() == Some(start_job))
        .filter(|event| event["params"]["network_isolation_key"].as_str().is_some_and(|key| key.starts_with("file://")))
        .filter_map(|event| event["params"]["url"].as_str().map(str::to_owned))
        .collect();
    urls.dedup();
    urls
}

/// The value of `attribute` on the element with id `id` in a serialized DOM.
pub fn attribute(dom: &str, id: &str, attribute: &str) -> Option<String> {
    let at = dom.find(&format!(" id=\"{id}\""))?;
    tag_attribute(&dom[dom[..at].rfind('<')?..], attribute)
}

/// The `<body>`'s `attribute`.
pub fn body_attribute(dom: &str, attribute: &str) -> Option<String> {
    tag_attribute(&dom[dom.find("<body")?..], attribute)
}

/// The value of `attribute` in the tag `text` starts with.
fn tag_attribute(text: &str, attribute: &str) -> Option<String> {
    let tag = &text[..text.find('>')?];
    let marker = format!(" {attribute}=\"");
    let value = tag.find(&marker)? + marker.len();
    Some(tag[value..value + tag[value..].find('"')?].to_owned())
}
