//! The `stance` binary as users run it: flags, outputs, exit codes and errors.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};
use tempfile::TempDir;

const ROOT_ARN: &str = "arn:aws:iam::123456789012:root";
/// Collected 2026-06-30T12:00:00Z with the root user last used 5 days before.
/// Relative to the package directory, where cargo runs tests.
const FAIL_FIXTURE: &str = "../../fixtures/checks/rootAccountInUse/fail.json";
const FAIL_LINE: &str =
    "FAIL rootAccountInUse global arn:aws:iam::123456789012:root The root user was used 5 days ago (limit: 15)";

/// Runs `stance` with `args`, away from any AWS configuration of the machine.
fn stance<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let home = TempDir::new().unwrap();
    Command::new(env!("CARGO_BIN_EXE_stance")).args(args).env_clear().env("HOME", home.path()).output().unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("stance was killed by a signal")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts that `output` is an error: exit code 2, one line on stderr containing `parts`,
/// nothing on stdout.
fn assert_error(output: &Output, parts: &[&str]) {
    let stderr = stderr(output);
    assert_eq!(code(output), 2, "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(stderr.starts_with("stance: error: "), "{stderr}");
    for part in parts {
        assert!(stderr.contains(part), "{part:?} missing from {stderr}");
    }
    assert_eq!(stdout(output), "", "nothing on stdout after an error");
}

/// The names of the files in `dir`.
fn files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect()
}

fn json_of(output: &Output) -> Vec<Value> {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

fn plugins(results: &[Value]) -> BTreeSet<String> {
    results.iter().map(|result| result["plugin"].as_str().unwrap().to_owned()).collect()
}

/// A snapshot holding only the credential report, with the root user last used at `root_last_used`.
/// A snapshot whose credential report has the root user's row alone, with every column AWS
/// reports for root.
fn snapshot(root_last_used: &str) -> Value {
    credential_report(json!([{
        "user": "<root_account>",
        "arn": ROOT_ARN,
        "user_creation_time": "2024-01-01T00:00:00+00:00",
        "password_enabled": "not_supported",
        "password_last_used": root_last_used,
        "password_last_changed": "not_supported",
        "password_next_rotation": "not_supported",
        "mfa_active": "true",
        "access_key_1_active": "false",
        "access_key_1_last_rotated": "N/A",
        "access_key_1_last_used_date": "N/A",
        "access_key_1_last_used_region": "N/A",
        "access_key_1_last_used_service": "N/A",
        "access_key_2_active": "false",
        "access_key_2_last_rotated": "N/A",
        "access_key_2_last_used_date": "N/A",
        "access_key_2_last_used_region": "N/A",
        "access_key_2_last_used_service": "N/A",
        "cert_1_active": "false",
        "cert_1_last_rotated": "N/A",
        "cert_2_active": "false",
        "cert_2_last_rotated": "N/A"
    }]))
}

/// A snapshot whose credential report `Content` is `content`.
fn credential_report(content: Value) -> Value {
    json!({
        "format": "stance-snapshot",
        "format_version": "1.0",
        "tool_version": "0.1.0",
        "collected_at": "2026-06-30T12:00:00Z",
        "account": {"id": "123456789012", "arn": "arn:aws:iam::123456789012:user/audit", "partition": "aws"},
        "regions": ["us-east-1"],
        "calls": {"IAM": {"GetCredentialReport": {"global": {"data": {
            "GeneratedTime": "2026-06-30T11:59:00Z",
            "ReportFormat": "text/csv",
            "Content": content
        }}}}}
    })
}

/// A temporary directory with snapshot files in it.
struct Dir(TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(TempDir::new().unwrap())
    }

    fn root(&self) -> &str {
        self.0.path().to_str().unwrap()
    }

    /// The path of `name` in the directory, as an argument.
    fn path(&self, name: &str) -> String {
        format!("{}/{name}", self.root())
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn snapshot(&self, name: &str, snapshot: &Value) -> String {
        self.write(name, &serde_json::to_string_pretty(snapshot).unwrap())
    }

    fn files(&self) -> BTreeSet<String> {
        files(self.0.path())
    }
}

#[test]
fn text_console_prints_one_greppable_line_per_result() {
    let output = stance(["evaluate", FAIL_FIXTURE, "--plugin", "rootAccountInUse", "--console", "text"]);
    assert_eq!(stdout(&output), format!("{FAIL_LINE}\n"));
    assert_eq!(stderr(&output), "", "a run that works logs nothing by default");
    assert_eq!(code(&output), 1);
}

#[test]
fn flags_work_with_equals_signs_too() {
    let spaced = stance(["evaluate", FAIL_FIXTURE, "--plugin", "rootAccountInUse", "--console", "text"]);
    let joined = stance(["evaluate", "--plugin=rootAccountInUse", "--console=text", FAIL_FIXTURE]);
    assert_eq!(joined.stdout, spaced.stdout);
    assert_eq!(code(&joined), code(&spaced));
}

#[test]
fn table_console_is_the_default_and_ends_with_a_summary() {
    let dir = Dir::new();
    let ok = dir.snapshot("ok.json", &snapshot("2026-05-01T08:00:00+00:00"));
    let output = stance(["evaluate", ok.as_str(), "--plugin=rootAccountInUse"]);
    let text = stdout(&output);
    for header in ["Status", "Plugin", "Region", "Resource", "Message"] {
        assert!(text.contains(header), "{header} missing from {text}");
    }
    assert!(text.contains(ROOT_ARN) && text.contains("last used 60 days ago"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal: {text}");
    assert_eq!(text.lines().last(), Some("1 result: 1 OK"));
    assert_eq!(code(&output), 0);

    let fail = stance(["evaluate", FAIL_FIXTURE, "--plugin=rootAccountInUse", "--console=table"]);
    assert_eq!(stdout(&fail).lines().last(), Some("1 result: 1 FAIL"));
}

#[test]
fn console_none_prints_nothing() {
    let output = stance(["evaluate", FAIL_FIXTURE, "--console=none"]);
    assert_eq!(stdout(&output), "");
    assert_eq!(code(&output), 1);
}

#[test]
fn json_file_holds_every_result_with_cloudsploit_fields() {
    let dir = Dir::new();
    let results = dir.path("results.json");
    let output = stance(["evaluate", FAIL_FIXTURE, "--json", results.as_str()]);
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("rootAccountInUse"), "the console table is still printed");

    let results: Vec<Value> = serde_json::from_str(&fs::read_to_string(&results).unwrap()).unwrap();
    assert!(!results.is_empty());
    let fields = [
        "plugin",
        "aliases",
        "category",
        "title",
        "description",
        "resource",
        "region",
        "status",
        "message",
        "severity",
        "compliance",
        "cis_controls",
    ];
    for result in &results {
        for field in fields {
            assert!(result.get(field).is_some(), "{field} missing from {result}");
        }
    }
    // What `jq '.[] | select(.category == "IAM" and .region == "global" and .status == "FAIL")'` finds.
    let root = results
        .iter()
        .find(|r| {
            r["category"] == "IAM"
                && r["region"] == "global"
                && r["status"] == "FAIL"
                && r["plugin"] == "rootAccountInUse"
        })
        .unwrap();
    assert_eq!(root["resource"], ROOT_ARN);
    assert_eq!(root["severity"], "high");
    assert_eq!(root["message"], "The root user was used 5 days ago (limit: 15)");
    assert!(root["compliance"].as_array().unwrap().contains(&json!("cis1")));
    // CIS AWS Foundations v7.0.0's control for root use.
    assert_eq!(root["cis_controls"], json!(["2.7"]));
    assert_eq!(root["aliases"], json!(["iam_avoid_root_usage"]));
}

#[test]
fn json_dash_prints_the_results_on_stdout_alone() {
    let output = stance(["evaluate", FAIL_FIXTURE, "--plugin=rootAccountInUse", "--json", "-"]);
    let results = json_of(&output);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["status"], "FAIL");
    assert_eq!(code(&output), 1);

    let both = stance(["evaluate", FAIL_FIXTURE, "--json=-", "--console=table"]);
    assert_error(&both, &["--json -", "--console"]);
    let with_none = stance(["evaluate", FAIL_FIXTURE, "--plugin=rootAccountInUse", "--json=-", "--console=none"]);
    assert_eq!(with_none.stdout, output.stdout);
}

#[test]
fn plugin_selects_the_checks_that_run() {
    let all = json_of(&stance(["evaluate", FAIL_FIXTURE, "--json=-"]));
    let every_check = check_ids(&[]);
    assert!(plugins(&all).is_subset(&every_check));
    assert!(plugins(&all).contains("rootAccountInUse"));

    let one = json_of(&stance(["evaluate", FAIL_FIXTURE, "--json=-", "--plugin=rootAccountInUse"]));
    assert_eq!(plugins(&one), BTreeSet::from(["rootAccountInUse".to_owned()]));

    // Repeating --plugin runs each check once.
    let twice =
        stance(["evaluate", FAIL_FIXTURE, "--json=-", "--plugin=rootAccountInUse", "--plugin", "rootAccountInUse"]);
    assert_eq!(json_of(&twice), one);
}

/// The ids `stance checks --json` lists with `args`.
fn check_ids(args: &[&str]) -> BTreeSet<String> {
    let output = stance(["checks", "--json"].iter().chain(args));
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    json_of(&output).iter().map(|check| check["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn compliance_runs_only_the_checks_of_that_programme() {
    let cis1 = check_ids(&["--compliance=cis1"]);
    let cis2 = check_ids(&["--compliance", "cis2"]);
    let cis = check_ids(&["--compliance=cis"]);
    assert_eq!(cis, &cis1 | &cis2, "cis is both CIS levels");
    assert!(cis1.contains("rootAccountInUse") && !cis2.contains("rootAccountInUse"));

    for (programme, ids) in [("cis", &cis), ("cis1", &cis1), ("cis2", &cis2)] {
        let output = stance(["evaluate", FAIL_FIXTURE, "--json=-", "--compliance", programme]);
        assert!(plugins(&json_of(&output)).is_subset(ids), "{programme}");
    }
    let cis = json_of(&stance(["evaluate", FAIL_FIXTURE, "--json=-", "--compliance=cis"]));
    assert!(plugins(&cis).contains("rootAccountInUse"));
    let cis2 = json_of(&stance(["evaluate", FAIL_FIXTURE, "--json=-", "--compliance=cis2"]));
    assert!(!plugins(&cis2).contains("rootAccountInUse"));

    let unknown = stance(["evaluate", FAIL_FIXTURE, "--compliance=sox"]);
    assert_eq!(code(&unknown), 2, "clap refuses an unknown programme");
    assert!(stderr(&unknown).contains("pci"), "the valid values are listed: {}", stderr(&unknown));
}

#[test]
fn ignore_ok_drops_ok_results_from_every_output() {
    let dir = Dir::new();
    let ok = dir.snapshot("ok.json", &snapshot("N/A"));
    let evaluate = |extra: &[&str]| {
        let mut args = vec!["evaluate", ok.as_str(), "--plugin=rootAccountInUse"];
        args.extend(extra);
        stance(args)
    };
    let shown = evaluate(&["--console=text"]);
    assert_eq!(stdout(&shown), format!("OK rootAccountInUse global {ROOT_ARN} The root user has never been used\n"));

    let text = evaluate(&["--console=text", "--ignore-ok"]);
    assert_eq!(stdout(&text), "");
    assert_eq!(code(&text), 0);
    assert_eq!(json_of(&evaluate(&["--json=-", "--ignore-ok"])), Vec::<Value>::new());
    assert_eq!(stdout(&evaluate(&["--ignore-ok"])), "0 results\n");

    let fail = stance(["evaluate", FAIL_FIXTURE, "--plugin=rootAccountInUse", "--console=text", "--ignore-ok"]);
    assert_eq!(stdout(&fail), format!("{FAIL_LINE}\n"), "other statuses stay");
}

#[test]
fn setting_changes_a_threshold() {
    let output = stance([
        "evaluate",
        FAIL_FIXTURE,
        "--plugin=rootAccountInUse",
        "--console=text",
        "--setting",
        "root_account_in_use_days=1",
    ]);
    assert_eq!(
        stdout(&output),
        format!("OK rootAccountInUse global {ROOT_ARN} The root user was last used 5 days ago (limit: 1)\n")
    );
    assert_eq!(code(&output), 0);
    let joined = stance([
        "evaluate",
        FAIL_FIXTURE,
        "--plugin=rootAccountInUse",
        "--console=text",
        "--setting=root_account_in_use_days=1",
    ]);
    assert_eq!(joined.stdout, output.stdout);
}

#[test]
fn a_settings_file_sets_thresholds_and_setting_flags_override_it() {
    let dir = Dir::new();
    let file = dir.write("stance.toml", "# thresholds\nroot_account_in_use_days = 1\n");
    let run = |extra: &[&str]| {
        let args = [&["evaluate", FAIL_FIXTURE, "--plugin=rootAccountInUse", "--console=text"][..], extra].concat();
        stance(args)
    };
    let from_file = run(&["--settings", &file]);
    assert_eq!(
        stdout(&from_file),
        format!("OK rootAccountInUse global {ROOT_ARN} The root user was last used 5 days ago (limit: 1)\n")
    );
    let overridden = run(&["--settings", &file, "--setting=root_account_in_use_days=15"]);
    assert_eq!(stdout(&overridden), stdout(&run(&[])), "--setting wins over the file");
    assert_eq!(code(&overridden), 1);
}

#[test]
fn bad_settings_files_are_one_line_errors_that_name_the_file_and_line() {
    let dir = Dir::new();
    let out = dir.path("out.json");
    let evaluate = |file: &str| stance(["evaluate", FAIL_FIXTURE, "--settings", file, "--json", out.as_str()]);
    let unknown = dir.write("unknown.toml", "root_account_in_use_days = 3\n\nno_such_setting = 1\n");
    assert_error(&evaluate(&unknown), &[&format!("{unknown}:3: unknown setting \"no_such_setting\"")]);
    let wrong_type = dir.write("type.toml", "root_account_in_use_days = \"soon\"\n");
    assert_error(&evaluate(&wrong_type), &[&format!("{wrong_type}:1: setting root_account_in_use_days: \"soon\"")]);
    let table = dir.write("table.toml", "\nroot_account_in_use_days = { days = 3 }\n");
    assert_error(&evaluate(&table), &[&format!("{table}:2: setting root_account_in_use_days: expected")]);
    let syntax = dir.write("syntax.toml", "root_account_in_use_days = 3\nthis is not toml\n");
    assert_error(&evaluate(&syntax), &[&format!("{syntax}:2: ")]);
    assert_error(&evaluate(&dir.path("missing.toml")), &["missing.toml: "]);
    let names: BTreeSet<String> = ["unknown.toml", "type.toml", "table.toml", "syntax.toml"].map(String::from).into();
    assert_eq!(dir.files(), names, "nothing written");
}

#[test]
fn plugin_takes_a_checks_prowler_alias() {
    let by_id = stance(["evaluate", FAIL_FIXTURE, "--plugin=rootMfaEnabled", "--console=text"]);
    let by_alias = stance(["evaluate", FAIL_FIXTURE, "--plugin=iam_root_mfa_enabled", "--console=text"]);
    assert!(!stdout(&by_id).is_empty());
    assert_eq!(stdout(&by_alias), stdout(&by_id));
    assert_error(
        &stance(["checks", "--plugin=IAM_ROOT_MFA_ENABLED"]),
        &["unknown plugin \"IAM_ROOT_MFA_ENABLED\"; did you mean \"iam_root_mfa_enabled\"?"],
    );
    let listed = json_of(&stance(["checks", "--json", "--plugin=iam_root_mfa_enabled"]));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], "rootMfaEnabled");
    assert_eq!(listed[0]["aliases"][0]["id"], "iam_root_mfa_enabled");
    assert_eq!(listed[0]["aliases"][0]["decides"], "differently");
    assert_eq!(listed[0]["cis_version"], "v7.0.0");
    assert_eq!(listed[0]["cis_controls"], serde_json::json!(["2.5"]));
}

#[test]
fn bad_plugins_and_settings_are_errors_before_anything_is_written() {
    let dir = Dir::new();
    let out = dir.path("out.json");
    let evaluate = |flag: &str| stance(["evaluate", FAIL_FIXTURE, flag, "--json", out.as_str()]);
    assert_error(&evaluate("--plugin=noSuchCheck"), &["unknown plugin \"noSuchCheck\"", "stance checks"]);
    assert_error(&evaluate("--setting=no_such_setting=3"), &["unknown setting \"no_such_setting\"", "stance checks"]);
    assert_error(&evaluate("--setting=root_account_in_use_days=soon"), &["root_account_in_use_days", "\"soon\""]);
    assert_error(&evaluate("--setting=root_account_in_use_days"), &["NAME=VALUE"]);
    assert_error(&stance(["checks", "--plugin=noSuchCheck"]), &["unknown plugin \"noSuchCheck\""]);
    assert_error(&evaluate("--plugin=rootaccountinuse"), &["did you mean \"rootAccountInUse\"?"]);
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

#[test]
fn bad_max_rates_are_usage_errors_before_anything_is_collected() {
    let dir = Dir::new();
    let out = dir.path("snapshot.json");
    // An endpoint nothing listens on: reaching it would be a different error.
    let collect = |flag: &str| stance(["collect", "--endpoint-url", "http://127.0.0.1:9", flag, "-o", out.as_str()]);
    for (flag, reason) in [
        ("--max-rate=ec2", "\"ec2\" is not SERVICE=RATE"),
        ("--max-rate=dynamodb=5", "\"dynamodb\" is not a service stance collects"),
        ("--max-rate=ec2=0", "\"0\" is not a positive number of requests per second"),
        ("--max-rate=ec2=fast", "\"fast\" is not a positive number of requests per second"),
    ] {
        let output = collect(flag);
        let stderr = stderr(&output);
        // clap's usage error: its first line says what is wrong, the second points to --help.
        assert_eq!(code(&output), 2, "{flag}: {stderr}");
        assert!(stderr.lines().next().unwrap().contains(reason), "{flag}: {stderr}");
        assert_eq!(stdout(&output), "");
    }
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

#[test]
fn bad_snapshots_are_one_line_errors_that_name_the_file() {
    let dir = Dir::new();
    let good = serde_json::to_string(&snapshot("N/A")).unwrap();
    let mut newer = snapshot("N/A");
    newer["format_version"] = json!("2.0");
    let mut mistyped = snapshot("N/A");
    mistyped["regions"] = json!(7);
    // One bit flipped: in a letter, which makes the text invalid UTF-8, and in the colon after
    // "format", which makes it a semicolon.
    let mut not_utf8 = good.clone().into_bytes();
    not_utf8[good.find("stance-snapshot").unwrap()] ^= 0x80;
    let mut flipped = good.clone().into_bytes();
    flipped[good.find("\"format\":").unwrap() + "\"format\"".len()] ^= 0x01;
    let cases = [
        ("not-json.json", b"this is not JSON".to_vec(), "not JSON"),
        ("truncated.json", good[..good.len() / 2].into(), "truncated JSON"),
        ("not-utf8.json", not_utf8, "did not contain valid UTF-8"),
        ("flipped.json", flipped, "not JSON (expected `:`"),
        ("newer.json", newer.to_string().into(), "format version 2.0 is newer than this stance reads"),
        ("mistyped.json", mistyped.to_string().into(), "not a valid snapshot"),
        ("other.json", br#"{"format": "something-else"}"#.to_vec(), "not a stance snapshot"),
    ];
    for (name, bytes, problem) in &cases {
        let input = dir.path(name);
        fs::write(&input, bytes).unwrap();
        let out = dir.path("results.json");
        let output = stance(["evaluate", input.as_str(), "--json", out.as_str()]);
        assert_error(&output, &[name, problem]);
        assert!(!Path::new(&out).exists(), "{name}: no results file is written");
    }
    let missing = dir.path("missing.json");
    let out = dir.path("results.json");
    let output = stance(["evaluate", missing.as_str(), "--json", out.as_str()]);
    assert_error(&output, &["missing.json", "No such file"]);
    assert_eq!(dir.files(), cases.iter().map(|(name, ..)| name.to_string()).collect(), "nothing is left behind");
}

#[test]
fn mistyped_call_data_makes_unknown_results_of_the_checks_that_read_it() {
    let dir = Dir::new();
    let input = dir.snapshot("mistyped-data.json", &credential_report(json!("not a list of rows")));
    let evaluate = |extra: &str| stance(["evaluate", input.as_str(), "--plugin=rootAccountInUse", extra]);
    let output = evaluate("--json=-");
    let results = json_of(&output);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["status"], "UNKNOWN");
    let message = results[0]["message"].as_str().unwrap();
    assert!(message.starts_with("IAM GetCredentialReport returned unexpected data"), "{message}");
    assert_eq!(code(&output), 0, "UNKNOWN is not a failure");
    assert_eq!(code(&evaluate("--strict")), 1, "except with --strict");
}

#[test]
fn exit_code_is_one_when_a_result_fails() {
    let dir = Dir::new();
    let recent = dir.snapshot("recent.json", &snapshot("2026-06-29T12:00:00+00:00"));
    let old = dir.snapshot("old.json", &snapshot("2025-06-29T12:00:00+00:00"));
    let evaluate = |path: &str, strict: bool| {
        let mut args = vec!["evaluate", path, "--plugin=rootAccountInUse"];
        if strict {
            args.push("--strict");
        }
        code(&stance(args))
    };
    assert_eq!(evaluate(&recent, false), 1);
    assert_eq!(evaluate(&old, false), 0);
    assert_eq!(evaluate(&old, true), 0, "--strict passes when everything is OK");
}

#[test]
fn an_output_in_a_missing_directory_is_refused() {
    let dir = Dir::new();
    let out = dir.path("no-such-dir/results.json");
    let output = stance(["evaluate", FAIL_FIXTURE, "--json", out.as_str()]);
    assert_error(&output, &["results.json", "there is no directory", "no-such-dir"]);
    let output = stance(["evaluate", FAIL_FIXTURE, "--json", dir.root()]);
    assert_error(&output, &["is a directory"]);
    assert!(dir.files().is_empty());
}

#[test]
fn checks_lists_every_check_with_its_settings() {
    let output = stance(["checks"]);
    let text = stdout(&output);
    assert_eq!(code(&output), 0);
    assert!(text.contains("rootAccountInUse") && text.contains("Root Account In Use"), "{text}");
    assert!(text.contains("root_account_in_use_days=15"), "{text}");

    let pci = stance(["checks", "--compliance", "pci", "--json"]);
    let checks = json_of(&pci);
    assert!(checks.iter().any(|check| check["id"] == "rootAccountInUse"));
    for check in &checks {
        assert!(check["compliance"].as_array().unwrap().contains(&json!("pci")), "{check}");
        for field in ["title", "category", "severity", "description", "remediation", "cis_controls"] {
            assert!(check.get(field).is_some(), "{field} missing from {check}");
        }
        assert!(check["reads"].as_array().unwrap().iter().all(|call| call["service"].is_string()), "{check}");
    }
    let root = checks.iter().find(|check| check["id"] == "rootAccountInUse").unwrap();
    assert_eq!(root["reads"], json!([{"service": "IAM", "operation": "GetCredentialReport"}]));
    assert_eq!(root["settings"][0]["name"], "root_account_in_use_days");
    assert_eq!(root["settings"][0]["default"], 15);
}

#[test]
fn help_documents_the_exit_codes() {
    let output = stance(["--help"]);
    let text = stdout(&output);
    assert_eq!(code(&output), 0);
    assert!(text.contains("Exit codes:"), "{text}");
    for line in ["0  ran, and no result is FAIL", "1  at least one result is FAIL", "2  error"] {
        assert!(text.contains(line), "{line:?} missing from {text}");
    }
    for command in ["collect", "evaluate", "scan", "checks"] {
        let help = stdout(&stance([command, "--help"]));
        assert!(help.contains("Usage: stance"), "{help}");
    }
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(code(&stance(["evaluate", FAIL_FIXTURE, "--console=fancy"])), 2);
    assert_eq!(code(&stance(["evaluate"])), 2);
    assert_eq!(code(&stance(["frobnicate"])), 2);
}

#[test]
fn verbose_logs_on_stderr_and_quiet_does_not() {
    let verbose = stance(["evaluate", FAIL_FIXTURE, "--console=none", "-v"]);
    assert!(stderr(&verbose).contains("running"), "{}", stderr(&verbose));
    let quiet =
        stance(["-q", "evaluate", "--console=none", "--plugin=rootAccountInUse", "--compliance=cis2", FAIL_FIXTURE]);
    assert_eq!(stderr(&quiet), "", "-q hides the warning that no check was selected");
    let warned = stance(["evaluate", "--console=none", "--plugin=rootAccountInUse", "--compliance=cis2", FAIL_FIXTURE]);
    assert!(stderr(&warned).contains("no check matches"), "{}", stderr(&warned));
}

#[test]
fn a_failed_collection_is_an_error_and_writes_nothing() {
    let dir = Dir::new();
    let out = dir.path("out.json");
    // Nothing listens on port 9 of the loopback address. HOME is empty, so there are no AWS
    // config files; fake credentials keep the SDK from looking for real ones, and the instance
    // metadata service is switched off.
    let output = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["collect", "-o", out.as_str()])
        .args(["--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"])
        .env_clear()
        .env("HOME", dir.root())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", "us-east-1")
        .output()
        .unwrap();
    assert_error(&output, &["collection failed"]);
    assert!(dir.files().is_empty(), "{:?}", dir.files());

    let nowhere = dir.path("no-such-dir/out.json");
    let output = stance(["collect", "-o", nowhere.as_str(), "--endpoint-url=http://127.0.0.1:9"]);
    assert_error(&output, &["there is no directory", "no-such-dir"]);
}

/// `stance collect` on a machine with no AWS configuration at all: an empty HOME, no
/// credentials, no instance metadata; `env` adds to that.
fn collect_unconfigured(dir: &Dir, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["collect", "-o", dir.path("out.json").as_str(), "--endpoint-url", "http://127.0.0.1:9"])
        .args(args)
        .env_clear()
        .env("HOME", dir.root())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// A new user's first run: without credentials the error is one line naming where stance looked
/// and what to do, and the SDK's provider chain appears only at -v; a profile that no file
/// defines is named. Without a region configured anywhere, one line says where stance starts.
#[test]
fn missing_credentials_and_profiles_are_one_line_each() {
    let dir = Dir::new();
    let region = [("AWS_REGION", "us-east-1")];
    let output = collect_unconfigured(&dir, &[], &region);
    assert_error(
        &output,
        &["no AWS credentials found (tried environment, profile, SSO,", "--profile", "aws sso login"],
    );
    let verbose = collect_unconfigured(&dir, &["-v"], &region);
    assert!(stderr(&verbose).contains("Attempted:"), "-v shows the provider chain: {}", stderr(&verbose));

    let output = collect_unconfigured(&dir, &["--profile", "audit"], &region);
    assert_error(&output, &["profile \"audit\" is in neither ~/.aws/config nor ~/.aws/credentials"]);
    std::fs::create_dir_all(dir.path(".aws").as_str()).unwrap();
    std::fs::write(dir.path(".aws/config").as_str(), "[profile prod]\nregion = eu-west-1\n").unwrap();
    let output = collect_unconfigured(&dir, &["--profile", "audit"], &region);
    assert_error(&output, &["profiles there: prod"]);

    let output = collect_unconfigured(&dir, &[], &[]);
    let text = stderr(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(code(&output), 2);
    assert_eq!(lines.len(), 2, "the region line and the error: {lines:?}");
    assert!(lines[0].contains("no region configured") && lines[0].contains("starting from us-east-1"), "{lines:?}");
    assert!(lines[1].contains("no AWS credentials found"), "{lines:?}");
    assert!(dir.files().iter().all(|file| !file.ends_with(".json")), "{:?}", dir.files());
}

/// `--html` writes the report beside the other outputs, and `stance report` renders the same
/// results again from the JSON file; the console summary names both files. A file that is not
/// stance's results is one line of error, and no report.
#[test]
fn html_reports_from_a_run_and_from_saved_results() {
    let dir = Dir::new();
    let (json, html) = (dir.path("results.json"), dir.path("report.html"));
    let output = stance([
        "evaluate",
        "../../fixtures/moto-account.json",
        "--compliance=cis",
        "--console=summary",
        &format!("--json={json}"),
        &format!("--html={html}"),
    ]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let summary = stdout(&output);
    assert!(summary.contains(&format!("written: {json} (JSON)")), "{summary}");
    assert!(summary.contains(&format!("written: {html} (HTML report)")), "{summary}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"), "{}", &page[..80]);
    assert!(
        page.contains("moto-account.json") && page.contains("123456789012"),
        "the header names snapshot and account"
    );
    assert!(page.contains("CIS"), "the compliance view is there");

    let again = dir.path("again.html");
    let output = stance(["report", json.as_str(), "--compliance=cis", &format!("--html={again}")]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let rendered = std::fs::read_to_string(&again).unwrap();
    assert!(rendered.contains("123456789012") && rendered.contains("CIS"), "saved results render with their controls");

    let bad = dir.path("bad.json");
    std::fs::write(&bad, r#"[{"plugin": "noSuchCheck"}]"#).unwrap();
    let refused = dir.path("refused.html");
    let output = stance(["report", bad.as_str(), &format!("--html={refused}")]);
    assert_error(&output, &[bad.as_str(), "not a stance JSON results file"]);
    assert!(!Path::new(&refused).exists());
}

/// `--baseline`: a FAIL the baseline already had is `known` and leaves the exit code 0; one the
/// baseline had as OK is `new` and makes it 1. The JSON and the table say which.
#[test]
fn a_baseline_lets_only_new_fails_decide_the_exit_code() {
    let dir = Dir::new();
    let (failing, passing) = (dir.path("failing.json"), dir.path("passing.json"));
    let ok_fixture = "../../fixtures/checks/rootAccountInUse/ok.json";
    for (fixture, results) in [(FAIL_FIXTURE, &failing), (ok_fixture, &passing)] {
        stance(["evaluate", fixture, "--plugin=rootAccountInUse", "--console=none", &format!("--json={results}")]);
    }
    let marked = dir.path("marked.json");
    let args = |baseline: &str| {
        let json = format!("--json={marked}");
        [
            "evaluate",
            FAIL_FIXTURE,
            "--plugin=rootAccountInUse",
            "--console=table",
            &json,
            &format!("--baseline={baseline}"),
        ]
        .map(str::to_owned)
    };
    let known = stance(args(&failing));
    assert_eq!(code(&known), 0, "a known FAIL does not fail the run: {}", stderr(&known));
    assert!(stdout(&known).contains("FAIL (known)"), "{}", stdout(&known));
    assert!(stdout(&known).contains("FAIL new since the baseline: 0; known: 1"), "{}", stdout(&known));
    let results: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&marked).unwrap()).unwrap();
    assert_eq!(results[0]["baseline"], "known", "{results}");

    let new = stance(args(&passing));
    assert_eq!(code(&new), 1, "an OK that now FAILs fails the run: {}", stderr(&new));
    assert!(stdout(&new).contains("FAIL (new)"), "{}", stdout(&new));
    let results: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&marked).unwrap()).unwrap();
    assert_eq!(results[0]["baseline"], "new", "{results}");

    let output = stance(["evaluate", FAIL_FIXTURE, "--baseline=../../fixtures/moto-account.json"]);
    assert_error(&output, &["moto-account.json", "not a stance JSON results file"]);
}
