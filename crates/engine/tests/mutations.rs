//! Mutation test of the snapshot reader and of every check (issue 7).
//!
//! Every fixture under `fixtures/` (settings sidecars and the diff's snapshot pairs aside) is
//! mutated at random by a seeded PRNG, and the reader and all checks run on each mutated text:
//!
//! - text: truncated at a character, a character replaced, inserted or deleted, a bit of a byte
//!   flipped (written to a file and read back with `read_text`, so invalid UTF-8 is covered);
//! - JSON (the fixture is parsed, one node is changed, and it is serialized again): a member or
//!   element removed or duplicated, a key renamed, a value replaced by another JSON type, by a
//!   huge number, by an empty or odd string, by a bad timestamp, by a token that is not JSON or
//!   no JSON number can hold (`1e400`, `NaN`, a lone surrogate), or by arrays and objects nested
//!   up to thousands deep. Most of them aim at the header and at the calls' `data`.
//!
//! Whatever the mutation, nothing panics, and either the reader refuses the text with one line
//! that starts with the file's path, or every check runs (no internal error, no undeclared
//! read) and every result has a message. Where more is true by design, it is asserted too:
//!
//! - a text truncated before its last non-blank character is refused as truncated JSON;
//! - a `collected_at` that is not an RFC 3339 timestamp is refused;
//! - a call whose `data` is replaced by a non-object (null, a boolean, a number, a string, an
//!   array) gives exactly the verdicts it gives when the whole outcome is replaced by an
//!   `AccessDenied` error: data of the wrong shape is data the checks could not read, and the
//!   UNKNOWN results that named the failed call now name its unexpected data;
//! - a value inside a call's data replaced by one of another JSON type (null aside, which reads
//!   as absent; and what IAM's policy grammar takes alike: scalars in a Condition, one string or
//!   a list in a statement's Action or Resource) creates no verdict: every result that is not UNKNOWN is one the unmutated
//!   fixture gives (same resource, region and status). That includes an object replaced by an
//!   array, which serde alone would read as the struct's members in order (`["sg-1", "web"]` as
//!   a security group without rules): `Data::parse` refuses an array wherever a struct is
//!   expected;
//! - a credential report date of the root user that is neither a timestamp nor one of the
//!   report's `N/A`, `no_information`, `not_supported` makes rootAccountInUse report no OK.
//!
//! `cargo test -p stance-engine --test mutations` runs 3,000 cases with a fixed seed, the same
//! every time. By hand, `STANCE_MUTATION_CASES=N` runs N cases and `STANCE_MUTATION_SEED=S`
//! (decimal or `0x` hex) another seed; use a release build for many cases:
//!
//! ```sh
//! STANCE_MUTATION_CASES=200000 STANCE_MUTATION_SEED=$RANDOM cargo test --release -p stance-engine --test mutations
//! ```
//!
//! A failure names the seed, the case and its mutation; `STANCE_MUTATION_CASE=I` (with the same
//! seed) replays case I alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Value, json};
use stance_engine::{CheckResult, CheckRun, REGISTRY, Settings, Status, run_checks};

const DEFAULT_CASES: u64 = 3_000;
/// "stance", then the issue number.
const DEFAULT_SEED: u64 = 0x7374_616e_6365_0007;
/// How many failures are described in full before the test gives up.
const MAX_FAILURES: usize = 20;

#[test]
fn mutated_snapshots_give_clean_errors_or_results_never_panics() {
    let seed = env_number("STANCE_MUTATION_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_number("STANCE_MUTATION_CASES").unwrap_or(DEFAULT_CASES);
    let only = env_number("STANCE_MUTATION_CASE");
    let fixtures = load_fixtures();
    let scratch = Scratch::new();
    let started = Instant::now();
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let range = match only {
        Some(case) => case..case + 1,
        None => 0..cases,
    };
    for number in range {
        let fixture = &fixtures[(number % fixtures.len() as u64) as usize];
        let mut rng = Rng::for_case(seed, number);
        let case = mutate(fixture, &mut rng);
        if let Err(problem) = run_case(&case, fixture, &scratch, number, &mut tally) {
            failures.push(format!(
                "case {number} on {}: {}\n    {problem}\n    replay: STANCE_MUTATION_SEED={seed:#x} STANCE_MUTATION_CASE={number} \
                 cargo test -p stance-engine --test mutations",
                fixture.path.display(),
                case.description,
            ));
            if failures.len() == MAX_FAILURES {
                break;
            }
        }
    }
    let (refused, read) = tally.total();
    println!(
        "seed {seed:#x}: {} cases on {} fixtures in {:.1?}; refused by the reader / evaluated:",
        refused + read,
        fixtures.len(),
        started.elapsed()
    );
    for (kind, (refused, read)) in &tally.kinds {
        println!("  {kind:<26} {refused:>6} / {read}");
    }
    println!("with a stronger expectation:");
    for (name, count) in &tally.expectations {
        println!("  {name:<26} {count:>6}");
    }
    assert!(
        failures.is_empty(),
        "{} failing mutation case(s) (seed {seed:#x}{}):\n{}",
        failures.len(),
        if failures.len() == MAX_FAILURES { ", stopped at the first ones" } else { "" },
        failures.join("\n")
    );
}

/// A number from the environment, decimal or `0x` hex.
fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(&hex.replace('_', ""), 16),
        None => text.replace('_', "").parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={text:?}: not a number ({e})")))
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// xorshift64*, seeded through splitmix64 so that each case has its own stream: case N of a
/// seed is the same whatever cases run before it.
struct Rng(u64);

impl Rng {
    fn for_case(seed: u64, case: u64) -> Rng {
        let mut z = seed ^ case.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`; `n` is not 0.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn percent(&mut self) -> usize {
        self.below(100)
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures and JSON paths

struct Fixture {
    path: PathBuf,
    text: String,
    value: Value,
    /// Every node but the root, by class.
    header: Vec<JsonPath>,
    data_roots: Vec<JsonPath>,
    in_data: Vec<JsonPath>,
    structure: Vec<JsonPath>,
    dates: Vec<JsonPath>,
    /// The credential report dates of the root user that rootAccountInUse reads.
    root_dates: Vec<JsonPath>,
    all: Vec<JsonPath>,
    /// The verdicts of the unmutated fixture, check by check.
    verdicts: Vec<Vec<Verdict>>,
    /// Whether every view the checks read of the fixture parses: then each data node they
    /// read has a type they accept, and a node of another type is damage, not repair.
    clean: bool,
}

/// A result's resource, region and status.
type Verdict = (String, String, Status);

fn verdicts(runs: &[CheckRun]) -> Vec<Vec<Verdict>> {
    let verdict = |result: &CheckResult| (result.resource.clone(), result.region.clone(), result.status);
    runs.iter().map(|run| run.results.iter().map(verdict).collect()).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

type JsonPath = Vec<Step>;

/// Every fixture snapshot, read once.
fn load_fixtures() -> Vec<Fixture> {
    // Relative to the package directory, where cargo runs tests.
    let mut paths = Vec::new();
    collect_json(Path::new("../../fixtures"), &mut paths);
    paths.sort();
    assert!(paths.len() > 10, "fixtures not found: {paths:?}");
    paths.into_iter().map(load_fixture).collect()
}

fn collect_json(dir: &Path, paths: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        // The diff's snapshot pairs are stance-diff's inputs, not the checks' fixtures.
        if path.is_dir() && path.file_name().is_some_and(|name| name == "diff") {
            continue;
        }
        if path.is_dir() {
            collect_json(&path, paths);
        } else if path.extension().is_some_and(|ext| ext == "json")
            && !path.to_string_lossy().ends_with(".settings.json")
        {
            paths.push(path);
        }
    }
}

fn load_fixture(path: PathBuf) -> Fixture {
    let text = stance_snapshot::read_text(&path).unwrap_or_else(|e| panic!("{e}"));
    // Every fixture is a valid snapshot, or the mutations would prove nothing.
    let snapshot = stance_snapshot::parse(&text, &path).unwrap_or_else(|e| panic!("{e}"));
    let runs = run_checks(&snapshot, REGISTRY, &Settings::default());
    let clean =
        runs.iter().flat_map(|run| &run.results).all(|result| !result.message.contains("returned unexpected data"));
    let verdicts = verdicts(&runs);
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut all = Vec::new();
    collect_paths(&value, &mut Vec::new(), &mut all);
    let mut fixture = Fixture {
        path,
        text,
        value,
        header: vec![],
        data_roots: vec![],
        in_data: vec![],
        structure: vec![],
        dates: vec![],
        root_dates: vec![],
        all: vec![],
        verdicts,
        clean,
    };
    for path in &all {
        let node = get(&fixture.value, path);
        if node.as_str().is_some_and(looks_like_date) || last_key(path).is_some_and(is_date_key) {
            fixture.dates.push(path.clone());
        }
        if is_root_use_date(&fixture.value, path) {
            fixture.root_dates.push(path.clone());
        }
        let class = if path[0] != Step::Key("calls".into()) {
            &mut fixture.header
        } else {
            match data_root_len(path) {
                Some(len) if len == path.len() => &mut fixture.data_roots,
                Some(_) => &mut fixture.in_data,
                None => &mut fixture.structure,
            }
        };
        class.push(path.clone());
    }
    fixture.all = all;
    fixture
}

fn collect_paths(value: &Value, path: &mut JsonPath, out: &mut Vec<JsonPath>) {
    if !path.is_empty() {
        out.push(path.clone());
    }
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                path.push(Step::Key(key.clone()));
                collect_paths(member, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                collect_paths(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The length of the path of the `data` the node at `path` is in or is, if it is in one:
/// `calls/SERVICE/OPERATION/REGION/data` or `calls/SERVICE/OPERATION/REGION/RESOURCE/data`.
fn data_root_len(path: &[Step]) -> Option<usize> {
    let key = |index: usize| match path.get(index) {
        Some(Step::Key(key)) => Some(key.as_str()),
        _ => None,
    };
    if key(0) != Some("calls") {
        return None;
    }
    match (key(4), key(5)) {
        (Some("data"), _) => Some(5),
        (Some(resource), Some("data")) if resource != "error" => Some(6),
        _ => None,
    }
}

/// `SERVICE OPERATION`, as check messages name a call, of a path under `calls`.
fn call_name(path: &[Step]) -> String {
    match (&path[1], &path[2]) {
        (Step::Key(service), Step::Key(operation)) => format!("{service} {operation}"),
        _ => unreachable!("calls are keyed by service and operation"),
    }
}

fn last_key(path: &[Step]) -> Option<&str> {
    match path.last() {
        Some(Step::Key(key)) => Some(key),
        _ => None,
    }
}

/// `2026-06-30…`
fn looks_like_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

/// The credential report's date columns, and the header's time.
fn is_date_key(key: &str) -> bool {
    key == "collected_at"
        || ["_time", "_date", "_used", "_changed", "_rotated", "_rotation"].iter().any(|s| key.ends_with(s))
}

/// The credential report columns rootAccountInUse reads.
const ROOT_USE_DATES: [&str; 3] = ["password_last_used", "access_key_1_last_used_date", "access_key_2_last_used_date"];

/// The values a credential report date column holds when there is no date.
const REPORT_NO_DATE: [&str; 3] = ["N/A", "no_information", "not_supported"];

fn pointer(path: &[Step]) -> String {
    path.iter().fold(String::new(), |mut out, step| {
        match step {
            Step::Key(key) => write!(out, "/{key}"),
            Step::Index(index) => write!(out, "/{index}"),
        }
        .unwrap();
        out
    })
}

fn get<'a>(value: &'a Value, path: &[Step]) -> &'a Value {
    path.iter().fold(value, |node, step| match step {
        Step::Key(key) => &node[key.as_str()],
        Step::Index(index) => &node[*index],
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match step {
        Step::Key(key) => &mut node[key.as_str()],
        Step::Index(index) => &mut node[*index],
    })
}

/// Shortened, for messages.
fn show(text: &str) -> String {
    let shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() { format!("{shown}… ({} bytes)", text.len()) } else { shown }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// One mutated input, with what is known of the result beyond the rules every case holds.
struct Case {
    /// The kind of mutation, for the tally.
    kind: &'static str,
    description: String,
    input: Input,
    expect: Expect,
}

enum Input {
    Text(String),
    /// Bytes that may not be UTF-8: written to a file and read with `read_text`.
    Bytes(Vec<u8>),
}

enum Expect {
    /// Only the rules every case holds.
    Anything,
    /// Refused, as truncated JSON.
    Truncated,
    /// Refused: `collected_at` is not a timestamp.
    Refused,
    /// The same verdicts as on `reference`, where the call's whole outcome is an error.
    LikeFailedCall { reference: String, call: String },
    /// rootAccountInUse reports no OK.
    NoRootOk,
    /// Every result that is not UNKNOWN is one of the unmutated fixture's: same resource, region
    /// and status. Damaged data can only make verdicts UNKNOWN.
    NoNewVerdict,
}

/// Marks the node whose text is replaced verbatim after serialization.
const MARKER: &str = "\u{1}stance-mutation\u{1}";

/// Strings that checks compare against, or that are plain odd.
const STRINGS: &[&str] = &[
    " ",
    "x",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "22",
    "2.0",
    "0.0.0.0/0",
    "::/0",
    "tcp",
    "ACTIVE",
    "FAILED",
    "default",
    "<root_account>",
    "not_supported",
    "N/A",
    "access_denied",
    "not_configured",
    "arn:aws:s3:::x",
    "é😀\u{202e}",
    "{\"data\": {}}",
];

/// Strings that would break an error or a result onto several lines, or drive a terminal.
const LINE_BREAKERS: &[&str] = &[
    "two\nlines",
    "carriage\rreturn",
    "2.0\nnewer",
    "\u{1b}[31mred\u{1b}[0m",
    "line\u{2028}separator",
    "tab\there",
    "nul\u{0}here",
];

/// Timestamps that are not RFC 3339, or not real, and the credential report's words for none.
const BAD_DATES: &[&str] = &[
    "2026-13-45T99:99:99Z",
    "2026-02-30T00:00:00Z",
    "2026-06-30T24:00:01Z",
    "2026-06-30T12:00:00",
    "2026-06-30",
    "2026-06-30T12:00:00+25:00",
    "26-06-30T12:00:00Z",
    "",
    "N/A",
    "no_information",
    "not a date",
    "yesterday",
    "0",
    "2026-06-30T12:00:00Z\n",
];

/// Timestamps that are valid but extreme.
const ODD_DATES: &[&str] = &[
    "9999-12-31T23:59:59Z",
    "-009999-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "2026-06-30T12:00:00+14:00",
    "2026-06-30T12:00:00.123456789Z",
    "2099-01-01T00:00:00Z",
];

/// Numbers as JSON values.
fn number(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => json!(1e308),
        1 => json!(-1e308),
        2 => json!(u64::MAX),
        3 => json!(i64::MIN),
        4 => json!(i64::MAX),
        5 => json!(f64::MIN_POSITIVE),
        6 => json!(-0.0),
        7 => json!(65_536),
        8 => json!(-1),
        9 => json!(9_007_199_254_740_993_u64),
        10 => json!(0.5),
        _ => json!(22),
    }
}

/// Tokens that are not JSON, or that no JSON number type holds, or that strings reject.
const RAW_TOKENS: &[&str] = &[
    "1e400",
    "-1e400",
    "1e-400",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890123456789",
    "NaN",
    "Infinity",
    "-0",
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "0x10",
    "\"\\ud800\"",
    "\"\\udc00\\ud800\"",
    "\"\\u00zz\"",
    "\"\\x\"",
    "\"raw\ttab\"",
    "\"raw\nnewline\"",
    "'single'",
    "nul",
    "tru",
    "[1,]",
    "{\"a\":1,}",
    "{\"a\" 1}",
    "[1 2]",
    "{\"a\":1,\"a\":2}",
    "{\"data\":{},\"data\":{}}",
    "{\"data\":{},\"error\":{}}",
];

/// Arrays or objects nested `depth` deep, as text.
fn nested(depth: usize, objects: bool) -> String {
    if objects { "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth) } else { "[".repeat(depth) + &"]".repeat(depth) }
}

fn mutate(fixture: &Fixture, rng: &mut Rng) -> Case {
    match rng.percent() {
        0..10 => truncate(fixture, rng),
        10..18 => replace_char(fixture, rng),
        18..24 => insert_char(fixture, rng),
        24..29 => delete_char(fixture, rng),
        29..34 => flip_bit(fixture, rng),
        _ => mutate_json(fixture, rng),
    }
}

/// A random character boundary of `text` before `end`.
fn boundary(text: &str, end: usize, rng: &mut Rng) -> usize {
    let mut at = rng.below(end + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Characters that matter to JSON, and some that matter to text.
const CHARS: &[char] =
    &['{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-', '.', 'e', 't', 'n', ' ', '\n', '\u{0}', 'é', '😀'];

fn text_case(kind: &'static str, description: String, text: String, expect: Expect) -> Case {
    Case { kind, description, input: Input::Text(text), expect }
}

fn truncate(fixture: &Fixture, rng: &mut Rng) -> Case {
    let text = &fixture.text;
    // Near the end half the time, where the closing brackets are.
    let at = if rng.percent() < 50 {
        let mut at = text.len().saturating_sub(rng.below(40));
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    } else {
        boundary(text, text.len(), rng)
    };
    let expect = if at < text.trim_end().len() { Expect::Truncated } else { Expect::Anything };
    let description = format!("truncated at byte {at} of {}", text.len());
    text_case("truncate", description, text[..at].to_owned(), expect)
}

fn replace_char(fixture: &Fixture, rng: &mut Rng) -> Case {
    let text = &fixture.text;
    let at = boundary(text, text.len() - 1, rng);
    let old = text[at..].chars().next().unwrap();
    let new = *rng.pick(CHARS);
    let mutated = format!("{}{new}{}", &text[..at], &text[at + old.len_utf8()..]);
    text_case("replace a char", format!("{old:?} at byte {at} replaced by {new:?}"), mutated, Expect::Anything)
}

fn insert_char(fixture: &Fixture, rng: &mut Rng) -> Case {
    let text = &fixture.text;
    let at = boundary(text, text.len(), rng);
    let new = *rng.pick(CHARS);
    let mutated = format!("{}{new}{}", &text[..at], &text[at..]);
    text_case("insert a char", format!("{new:?} inserted at byte {at}"), mutated, Expect::Anything)
}

fn delete_char(fixture: &Fixture, rng: &mut Rng) -> Case {
    let text = &fixture.text;
    let at = boundary(text, text.len() - 1, rng);
    let old = text[at..].chars().next().unwrap();
    let mutated = format!("{}{}", &text[..at], &text[at + old.len_utf8()..]);
    text_case("delete a char", format!("{old:?} at byte {at} deleted"), mutated, Expect::Anything)
}

fn flip_bit(fixture: &Fixture, rng: &mut Rng) -> Case {
    let mut bytes = fixture.text.as_bytes().to_vec();
    let at = rng.below(bytes.len());
    // The high bit most of the time: it makes invalid UTF-8 out of ASCII.
    let bit = if rng.percent() < 60 { 7 } else { rng.below(8) };
    bytes[at] ^= 1 << bit;
    let description = format!("bit {bit} of byte {at} flipped");
    Case { kind: "flip a bit", description, input: Input::Bytes(bytes), expect: Expect::Anything }
}

fn mutate_json(fixture: &Fixture, rng: &mut Rng) -> Case {
    // The header, the calls' data and dates more often than their share of the nodes.
    let (class, paths) = match rng.percent() {
        0..15 => ("header", &fixture.header),
        15..35 => ("data", &fixture.data_roots),
        35..60 => ("inside data", &fixture.in_data),
        60..72 => ("structure", &fixture.structure),
        72..84 => ("date", &fixture.dates),
        84..90 => ("date", &fixture.root_dates),
        _ => ("any", &fixture.all),
    };
    let (class, paths) = if paths.is_empty() { ("any", &fixture.all) } else { (class, paths) };
    let path = rng.pick(paths).clone();
    if class == "data" && rng.percent() < 70 {
        return data_not_object(fixture, &path, rng);
    }
    let node = get(&fixture.value, &path);
    let at = pointer(&path);
    // Dates are mostly replaced by other dates; 100 is the dates' arm.
    let roll = if class == "date" && rng.percent() < 80 { 100 } else { rng.percent() };
    let (kind, new) = match roll {
        0..12 => {
            let mut value = fixture.value.clone();
            remove(&mut value, &path);
            return json_case("remove", format!("{at} removed"), value, Expect::Anything);
        }
        12..22 if matches!(path.last(), Some(Step::Key(_))) => return rename_or_duplicate(fixture, &path, rng),
        12..42 => ("another type", other_type(node, rng)),
        42..52 => ("a huge number", number(rng)),
        52..59 => ("an empty string", json!("")),
        59..67 => ("an odd string", json!(rng.pick(STRINGS))),
        67..73 => ("line breaks", json!(rng.pick(LINE_BREAKERS))),
        73..86 => return raw_case("a raw token", fixture, &path, (*rng.pick(RAW_TOKENS)).to_owned()),
        86..100 => {
            let depth = *rng.pick(&[50, 100, 120, 127, 128, 129, 200, 500, 1_000, 5_000]);
            let objects = rng.percent() < 30;
            return raw_case("deep nesting", fixture, &path, nested(depth, objects));
        }
        _ => {
            let bad = rng.percent() < 75;
            let date = if bad { *rng.pick(BAD_DATES) } else { *rng.pick(ODD_DATES) };
            let expect = date_expectation(&fixture.value, &path, date);
            let mut value = fixture.value.clone();
            *get_mut(&mut value, &path) = json!(date);
            let kind = if bad { "a bad date" } else { "an odd date" };
            return json_case(kind, format!("{at} replaced by {date:?}"), value, expect);
        }
    };
    let description = format!("{at} replaced by {kind}: {}", show(&new.to_string()));
    let inside_data = data_root_len(&path).is_some_and(|len| path.len() > len);
    let expect = if fixture.clean
        && inside_data
        && is_type_error(node, &new)
        && !is_condition_scalar(&path, node, &new)
        && !is_statement_string_or_list(&path, node, &new)
    {
        Expect::NoNewVerdict
    } else {
        Expect::Anything
    };
    let mut value = fixture.value.clone();
    *get_mut(&mut value, &path) = new;
    json_case(kind, description, value, expect)
}

/// Whether `new` in place of `node` is data of the wrong type for any view: another JSON type,
/// null aside (it reads as an absent member). The views are typed structs, so such data is
/// data a check cannot read.
///
/// An object replaced by an array counts too: serde would read a struct from an array of its
/// members in order, but `Data::parse` refuses it (e.g. `STANCE_MUTATION_CASE=2326`, default seed).
fn is_type_error(node: &Value, new: &Value) -> bool {
    !node.is_null() && !new.is_null() && std::mem::discriminant(node) != std::mem::discriminant(new)
}

/// Whether `path` is a value of a policy's Condition block, and both values are scalars: IAM's
/// policy grammar takes strings, numbers and booleans there alike (a number given to a string
/// operator is compared as its text), so such a replacement is other data, not damage.
fn is_condition_scalar(path: &[Step], node: &Value, new: &Value) -> bool {
    let scalar = |value: &Value| value.is_string() || value.is_number() || value.is_boolean();
    path.iter().any(|step| *step == Step::Key("Condition".into())) && scalar(node) && scalar(new)
}

/// Whether `path` is a policy statement's `Action`, `NotAction`, `Resource` or `NotResource`,
/// and a string stands for a list or a list for a string: IAM's policy grammar takes one string
/// or a list of them alike there, so such a replacement is another policy, not damage (a
/// Resource list replaced by one string that matches nothing may well pass a check that failed).
fn is_statement_string_or_list(path: &[Step], node: &Value, new: &Value) -> bool {
    let in_statement = path.iter().any(|step| *step == Step::Key("Statement".into()));
    let member = last_key(path).is_some_and(|key| ["Action", "NotAction", "Resource", "NotResource"].contains(&key));
    let swapped = (node.is_array() && new.is_string()) || (node.is_string() && new.is_array());
    in_statement && member && swapped
}

/// What a date at `path` makes of the snapshot.
fn date_expectation(value: &Value, path: &[Step], date: &str) -> Expect {
    let is_timestamp = date.parse::<jiff::Timestamp>().is_ok();
    if path == [Step::Key("collected_at".into())] {
        return if is_timestamp { Expect::Anything } else { Expect::Refused };
    }
    if is_root_use_date(value, path) && !is_timestamp && !REPORT_NO_DATE.contains(&date) {
        Expect::NoRootOk
    } else {
        Expect::Anything
    }
}

/// Whether `path` is a credential report date of the root user that rootAccountInUse reads.
fn is_root_use_date(value: &Value, path: &[Step]) -> bool {
    let report = path.get(..3).is_some_and(|start| {
        start == [Step::Key("calls".into()), Step::Key("IAM".into()), Step::Key("GetCredentialReport".into())]
    });
    let read = last_key(path).is_some_and(|key| ROOT_USE_DATES.contains(&key));
    report && read && get(value, &path[..path.len() - 1])["user"] == "<root_account>"
}

/// A value of another JSON type than `node`, or `node` wrapped in an array or an object.
fn other_type(node: &Value, rng: &mut Rng) -> Value {
    loop {
        let new = match rng.below(8) {
            0 => Value::Null,
            1 => json!(rng.percent() < 50),
            2 => number(rng),
            3 => json!(rng.pick(STRINGS)),
            4 => json!([]),
            5 => return json!([node.clone()]),
            6 => json!({}),
            _ => return json!({"x": node.clone()}),
        };
        if std::mem::discriminant(&new) != std::mem::discriminant(node) {
            return new;
        }
    }
}

fn remove(value: &mut Value, path: &[Step]) {
    let (last, parent) = path.split_last().unwrap();
    match (get_mut(value, parent), last) {
        (Value::Object(members), Step::Key(key)) => {
            members.remove(key);
        }
        (Value::Array(items), Step::Index(index)) => {
            items.remove(*index);
        }
        _ => unreachable!("paths follow the value"),
    }
}

/// Renames the member at `path`, or writes it twice.
fn rename_or_duplicate(fixture: &Fixture, path: &[Step], rng: &mut Rng) -> Case {
    let (Step::Key(key), parent) = path.split_last().unwrap() else { unreachable!("the caller picks a member") };
    let mut value = fixture.value.clone();
    if rng.percent() < 65 {
        let to = match rng.below(9) {
            0 => String::new(),
            1 => key.to_uppercase(),
            2 => format!("{key}x"),
            3 => "data".to_owned(),
            4 => "error".to_owned(),
            5 | 6 => (*rng.pick(LINE_BREAKERS)).to_owned(),
            7 => "arn:aws:s3:::renamed".to_owned(),
            _ => key.chars().skip(1).collect(),
        };
        let Value::Object(members) = get_mut(&mut value, parent) else { unreachable!("a key is in an object") };
        let member = members.remove(key).unwrap();
        members.insert(to.clone(), member);
        return json_case("rename a key", format!("{} renamed to {to:?}", pointer(path)), value, Expect::Anything);
    }
    // The member twice: serde_json's maps hold a key once, so the parent is written by hand.
    let Value::Object(members) = get(&value, parent) else { unreachable!("a key is in an object") };
    let mut raw = String::from("{");
    for (name, member) in members {
        write!(raw, "{}:{member},", json!(name)).unwrap();
    }
    write!(raw, "{}:{}}}", json!(key), members[key]).unwrap();
    *get_mut(&mut value, parent) = json!(MARKER);
    let mut case = json_case("duplicate a member", format!("{} written twice", pointer(path)), value, Expect::Anything);
    case.input = Input::Text(unmark(&case.input, &raw));
    case
}

/// The node at `path` replaced by `raw`, verbatim.
fn raw_case(kind: &'static str, fixture: &Fixture, path: &[Step], raw: String) -> Case {
    let mut value = fixture.value.clone();
    *get_mut(&mut value, path) = json!(MARKER);
    let description = format!("{} replaced by {kind}: {}", pointer(path), show(&raw));
    let mut case = json_case(kind, description, value, Expect::Anything);
    case.input = Input::Text(unmark(&case.input, &raw));
    case
}

/// The text of `input` with the marked node replaced by `raw`.
fn unmark(input: &Input, raw: &str) -> String {
    let Input::Text(text) = input else { unreachable!("JSON cases are text") };
    let marker = serde_json::to_string(MARKER).unwrap();
    assert!(text.contains(&marker), "the marker is written as {marker}");
    text.replacen(&marker, raw, 1)
}

/// The `data` at `path` replaced by a non-object, with the same snapshot where the call failed
/// as the reference.
fn data_not_object(fixture: &Fixture, path: &[Step], rng: &mut Rng) -> Case {
    let data = get(&fixture.value, path);
    let new = match rng.below(11) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => number(rng),
        4 => json!(""),
        5 => json!(rng.pick(STRINGS)),
        6 => json!(data.to_string()),
        7 => json!([]),
        8 => json!([data.clone()]),
        9 => json!(["x", 1]),
        _ => json!([[]]),
    };
    let description = format!("{} replaced by a non-object: {}", pointer(path), show(&new.to_string()));
    let mut mutated = fixture.value.clone();
    *get_mut(&mut mutated, path) = new;
    let mut reference = fixture.value.clone();
    *get_mut(&mut reference, &path[..path.len() - 1]) = json!({"error": {
        "code": "AccessDenied", "message": "mutation test", "http_status": 403, "kind": "access_denied"
    }});
    let reference = serde_json::to_string_pretty(&reference).unwrap();
    json_case("data not an object", description, mutated, Expect::LikeFailedCall { reference, call: call_name(path) })
}

fn json_case(kind: &'static str, description: String, value: Value, expect: Expect) -> Case {
    text_case(kind, description, serde_json::to_string_pretty(&value).unwrap(), expect)
}

// ---------------------------------------------------------------------------------------------
// Running a case

/// How many cases of each kind the reader refused, and how many it read; and how many cases
/// held each stronger expectation.
#[derive(Default)]
struct Tally {
    kinds: BTreeMap<&'static str, (u64, u64)>,
    expectations: BTreeMap<&'static str, u64>,
}

impl Tally {
    fn count(&mut self, case: &Case, refused: bool) {
        let (refusals, reads) = self.kinds.entry(case.kind).or_default();
        *if refused { refusals } else { reads } += 1;
        if let Some(name) = case.expect.name() {
            *self.expectations.entry(name).or_default() += 1;
        }
    }

    fn total(&self) -> (u64, u64) {
        self.kinds.values().fold((0, 0), |(refused, read), (a, b)| (refused + a, read + b))
    }
}

impl Expect {
    fn name(&self) -> Option<&'static str> {
        match self {
            Expect::Anything => None,
            Expect::Truncated => Some("refused as truncated"),
            Expect::Refused => Some("refused: bad collected_at"),
            Expect::LikeFailedCall { .. } => Some("like a failed call"),
            Expect::NoRootOk => Some("no root OK on a bad date"),
            Expect::NoNewVerdict => Some("no new verdict"),
        }
    }
}

/// A directory for inputs that go through files, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("stance-mutations-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What the reader and the checks made of a text.
type Evaluation = Result<Vec<CheckRun>, String>;

/// Parses `text` and runs every check on it, catching any panic.
fn evaluate(text: &str, path: &Path) -> Result<Evaluation, String> {
    panic::catch_unwind(AssertUnwindSafe(|| {
        let snapshot = stance_snapshot::parse(text, path).map_err(|e| e.to_string())?;
        Ok(run_checks(&snapshot, REGISTRY, &Settings::default()))
    }))
    .map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        format!("panicked: {message}")
    })
}

fn run_case(case: &Case, fixture: &Fixture, scratch: &Scratch, number: u64, tally: &mut Tally) -> Result<(), String> {
    let (text, path) = match &case.input {
        Input::Text(text) => (text.clone(), fixture.path.clone()),
        Input::Bytes(bytes) => {
            let path = scratch.0.join(format!("case-{number}.json"));
            fs::write(&path, bytes).unwrap();
            let read = stance_snapshot::read_text(&path);
            fs::remove_file(&path).unwrap();
            match read {
                Ok(text) => (text, path),
                Err(error) => {
                    tally.count(case, true);
                    return clean_error(&error.to_string(), &path);
                }
            }
        }
    };
    let runs = match evaluate(&text, &path)? {
        Err(message) => {
            tally.count(case, true);
            clean_error(&message, &path)?;
            return match case.expect {
                Expect::Truncated if !message.contains("truncated JSON") => {
                    Err(format!("refused, but not as truncated JSON: {message}"))
                }
                Expect::LikeFailedCall { .. } | Expect::NoRootOk | Expect::NoNewVerdict => {
                    Err(format!("refused, but only a call's data changed: {message}"))
                }
                _ => Ok(()),
            };
        }
        Ok(runs) => runs,
    };
    tally.count(case, false);
    house_rules(&runs)?;
    match &case.expect {
        Expect::Anything => Ok(()),
        Expect::Truncated => Err("a truncated text was read as a snapshot".to_owned()),
        Expect::Refused => Err("a snapshot with a bad collected_at was read".to_owned()),
        Expect::LikeFailedCall { reference, call } => {
            let reference = match evaluate(reference, &path)? {
                Ok(runs) => runs,
                Err(message) => return Err(format!("the reference snapshot is refused: {message}")),
            };
            same_verdicts(&runs, &reference, call)
        }
        Expect::NoNewVerdict => no_new_verdict(&runs, &fixture.verdicts),
        Expect::NoRootOk => {
            let oks: Vec<&CheckResult> = runs
                .iter()
                .filter(|run| run.check.id == "rootAccountInUse")
                .flat_map(|run| &run.results)
                .filter(|result| result.status == Status::Ok)
                .collect();
            match oks.first() {
                None => Ok(()),
                Some(ok) => Err(format!("rootAccountInUse reports OK on a bad date: {}", ok.message)),
            }
        }
    }
}

/// A reader error: one line, free of control characters, that starts with the path.
fn clean_error(message: &str, path: &Path) -> Result<(), String> {
    if message.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
        return Err(format!("the error is not one line of text: {message:?}"));
    }
    if !message.starts_with(&path.display().to_string()) {
        return Err(format!("the error does not start with the path {}: {message:?}", path.display()));
    }
    Ok(())
}

/// What every evaluation holds: no check panicked or read a call it does not declare, and every
/// result has a status and a message.
fn house_rules(runs: &[CheckRun]) -> Result<(), String> {
    if runs.len() != REGISTRY.len() {
        return Err(format!("{} checks ran, not {}", runs.len(), REGISTRY.len()));
    }
    for run in runs {
        if let Some(panic) = &run.panic {
            return Err(format!("{} panicked: {panic}", run.check.id));
        }
        let undeclared: Vec<_> = run.undeclared().collect();
        if !undeclared.is_empty() {
            return Err(format!("{} reads calls it does not declare: {undeclared:?}", run.check.id));
        }
        for result in &run.results {
            if !std::ptr::eq(result.check, run.check) {
                return Err(format!("{} reports a result of {}", run.check.id, result.check.id));
            }
            match result.status {
                Status::Ok | Status::Warn | Status::Fail | Status::Unknown => {}
            }
            if result.message.trim().is_empty() {
                return Err(format!(
                    "{} reports {} {} without a message",
                    run.check.id,
                    result.status.as_str(),
                    result.resource
                ));
            }
        }
    }
    Ok(())
}

/// Every result that is not UNKNOWN is one of `baseline`'s.
fn no_new_verdict(runs: &[CheckRun], baseline: &[Vec<Verdict>]) -> Result<(), String> {
    for (run, baseline) in runs.iter().zip(baseline) {
        for result in run.results.iter().filter(|result| result.status != Status::Unknown) {
            let verdict = (result.resource.clone(), result.region.clone(), result.status);
            if !baseline.contains(&verdict) {
                return Err(format!(
                    "{} reports {} {} ({}) on damaged data, which it did not on the fixture: {}",
                    run.check.id,
                    result.status.as_str(),
                    result.resource,
                    result.region,
                    result.message
                ));
            }
        }
    }
    Ok(())
}

/// The verdicts on malformed data are those on a failed call: the same resources, regions and
/// statuses, and the same messages but where an UNKNOWN named the call's failure.
fn same_verdicts(runs: &[CheckRun], reference: &[CheckRun], call: &str) -> Result<(), String> {
    // The injected error exactly: a recorded `AccessDeniedException` of another region starts the same way.
    let failed = format!("{call} failed: AccessDenied (mutation test)");
    let unexpected = format!("{call} returned unexpected data");
    for (run, expected) in runs.iter().zip(reference) {
        let id = run.check.id;
        let verdict = |result: &CheckResult| {
            format!("{} {} {}: {}", result.status.as_str(), result.region, result.resource, result.message)
        };
        let differ = || {
            let list = |results: &[CheckResult]| results.iter().map(verdict).collect::<Vec<_>>().join("; ");
            Err(format!(
                "{id} on malformed data: [{}], on a failed call: [{}]",
                list(&run.results),
                list(&expected.results)
            ))
        };
        if run.results.len() != expected.results.len() {
            return differ();
        }
        for (result, expected) in run.results.iter().zip(&expected.results) {
            let same_place = (result.status, &result.resource, &result.region)
                == (expected.status, &expected.resource, &expected.region);
            let same_message = if expected.message.contains(&failed) {
                result.message.contains(&unexpected)
            } else {
                result.message == expected.message
            };
            if !same_place || !same_message {
                return differ();
            }
        }
    }
    Ok(())
}
