//! Collection through a fault-injecting proxy in front of moto: AWS errors, throttling,
//! server errors, hangs and reset connections on chosen calls must be recorded as those
//! calls' errors, with the right code and kind, while every other call comes out exactly as
//! in a clean run, and the checks reading the failed calls say UNKNOWN with the code.
//! Ctrl-C during a collection leaves no file behind. A clean collection makes no request
//! twice.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stance_testkit::proxy::{Canned, Fault, FaultProxy, Rule, Seen, repeated};
use stance_testkit::simulation::{Profile, Simulation};
use stance_testkit::{Moto, SEEDED_BUCKETS, isolated_command, seed_insecure_account};

/// Attempts per call, and how long one may take: small, so that the test stays fast, but
/// long enough that moto on a loaded machine never times out an attempt by itself (a retry
/// that no fault caused would show as a repeated request).
const MAX_ATTEMPTS: usize = 3;
const ATTEMPT_TIMEOUT_SECS: u64 = 5;

fn stance_command(args: &[&str]) -> Command {
    let mut command = isolated_command(env!("CARGO_BIN_EXE_stance"));
    command.args(args);
    command
}

/// `stance collect` of both seeded regions through `endpoint` into `output`.
fn collect(endpoint: &str, output: &Path) {
    collect_within(endpoint, output, 60);
}

/// [`collect`], giving up a call after `operation_timeout` seconds.
fn collect_within(endpoint: &str, output: &Path, operation_timeout: u64) {
    let (attempts, timeout) = (MAX_ATTEMPTS.to_string(), ATTEMPT_TIMEOUT_SECS.to_string());
    let operation_timeout = operation_timeout.to_string();
    let args = ["collect", "--endpoint-url", endpoint, "--region", "us-east-1", "--region", "eu-west-1"];
    let limits =
        ["--max-attempts", &attempts, "--attempt-timeout", &timeout, "--operation-timeout", &operation_timeout];
    let output_file = output.to_str().unwrap();
    let result = stance_command(&[&args[..], &limits, &["-o", output_file]].concat()).output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "collect exits 0; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `stance evaluate` of `snapshot`: the results.
fn evaluate(snapshot: &Path) -> Vec<Value> {
    let results = snapshot.with_extension("results.json");
    let args = ["evaluate", snapshot.to_str().unwrap(), "--console=none", "--json", results.to_str().unwrap()];
    let evaluated = stance_command(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&evaluated.stderr);
    assert_eq!(evaluated.status.code(), Some(1), "the seeded account has FAIL results; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    read_json(&results).as_array().unwrap().clone()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Members moto computes anew at every call, so that two collections of one account differ in
/// them: CloudTrail's delivery times, RDS LatestRestorableTime and the EFS size.
const RECOMPUTED: &[&str] = &[
    "LatestDeliveryTime",
    "LatestDeliveryAttemptTime",
    "LatestNotificationAttemptTime",
    "LatestNotificationTime",
    "LatestRestorableTime",
    "SizeInBytes",
];

/// `value` without the [`RECOMPUTED`] members, and without the port of loopback URLs: moto
/// builds SQS queue URLs from the address the request came to, the proxy's or its own.
fn without_recomputed(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(name, _)| !RECOMPUTED.contains(&name.as_str()))
                .map(|(name, member)| (name.clone(), without_recomputed(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_recomputed).collect()),
        Value::String(text) => match text.strip_prefix("http://127.0.0.1:") {
            Some(rest) => Value::String(format!("http://127.0.0.1{}", &rest[rest.find('/').unwrap_or(rest.len())..])),
            None => value.clone(),
        },
        other => other.clone(),
    }
}

/// Every call's outcome, keyed `SERVICE/Operation/region`, then `/ARN` for per-resource calls,
/// without the members moto recomputes.
fn outcomes(snapshot: &Value) -> BTreeMap<String, Value> {
    let object = |value: &Value| value.as_object().unwrap().clone();
    let mut outcomes = BTreeMap::new();
    for (service, operations) in object(&snapshot["calls"]) {
        for (operation, regions) in object(&operations) {
            for (region, calls) in object(&regions) {
                let key = format!("{service}/{operation}/{region}");
                if calls.get("data").is_some() || calls.get("error").is_some() {
                    outcomes.insert(key, without_recomputed(&calls));
                } else {
                    let per_resource = object(&calls).into_iter();
                    outcomes.extend(
                        per_resource.map(|(arn, outcome)| (format!("{key}/{arn}"), without_recomputed(&outcome))),
                    );
                }
            }
        }
    }
    outcomes
}

/// Requests a collection may repeat: IAM GenerateCredentialReport, called again until it says
/// the report is ready (`COMPLETE`; AWS takes seconds, and moto says `STARTED` to the first
/// call, so a clean run against it makes this request twice), and GetServiceLastAccessedDetails,
/// asked again while its job is `IN_PROGRESS` (moto does not implement the job).
const POLLED: &[(&str, &str)] = &[("iam", "GenerateCredentialReport"), ("iam", "GetServiceLastAccessedDetails")];

/// The requests of `log` made more than once, polls aside, with how many times. The pages of
/// a call are different requests (their page tokens differ), and so are the calls of different
/// resources (their parameters differ); see [`Seen::same_request`].
fn repeated_requests(log: &[Seen]) -> Vec<(Seen, usize)> {
    repeated(log)
        .into_iter()
        .filter(|(seen, _)| !POLLED.contains(&(seen.service.as_str(), seen.operation.as_str())))
        .collect()
}

/// A fault and what the calls it hits must be recorded as.
struct Injected {
    rule: Rule,
    /// The calls hit: outcome keys starting with this.
    calls: &'static str,
    /// Their recorded error.
    code: &'static str,
    kind: &'static str,
    http_status: Option<u16>,
    /// Requests per call: 1 when the error is not retried.
    attempts: usize,
}

fn injected() -> Vec<Injected> {
    let hang = Fault::Hang(Duration::from_secs(30));
    let denied =
        |rule, calls, code| Injected { rule, calls, code, kind: "access_denied", http_status: Some(403), attempts: 1 };
    vec![
        denied(
            Rule::new("DescribeVolumes", Fault::AccessDenied).region("us-east-1"),
            "EC2/DescribeVolumes/us-east-1",
            "UnauthorizedOperation",
        ),
        denied(Rule::new("GetBucketAcl", Fault::AccessDenied), "S3/GetBucketAcl/", "AccessDenied"),
        denied(
            Rule::new("GetAccountPasswordPolicy", Fault::AccessDenied),
            "IAM/GetAccountPasswordPolicy/global",
            "AccessDenied",
        ),
        Injected {
            rule: Rule::new("GetBucketLogging", Fault::ServerError),
            calls: "S3/GetBucketLogging/",
            code: "InternalError",
            kind: "other",
            http_status: Some(500),
            attempts: MAX_ATTEMPTS,
        },
        Injected {
            rule: Rule::new("GetPublicAccessBlock", hang).service("s3").region("eu-west-1"),
            calls: "S3/GetPublicAccessBlock/eu-west-1/",
            code: "Timeout",
            kind: "other",
            http_status: None,
            attempts: MAX_ATTEMPTS,
        },
        Injected {
            rule: Rule::new("DescribeVpcs", Fault::ResetConnection).region("us-east-1"),
            calls: "EC2/DescribeVpcs/us-east-1",
            code: "DispatchFailure",
            kind: "other",
            http_status: None,
            attempts: MAX_ATTEMPTS,
        },
    ]
}

/// The checks reading the failed calls: (check, region or every region, the code they name).
const UNKNOWN: &[(&str, Option<&str>, &str)] = &[
    ("ebsEncryptionEnabled", Some("us-east-1"), "UnauthorizedOperation"),
    ("bucketAllUsersAcl", None, "AccessDenied"),
    ("passwordPolicyExists", None, "AccessDenied"),
    ("minPasswordLength", None, "AccessDenied"),
    ("maxPasswordAge", None, "AccessDenied"),
    ("passwordExpiration", None, "AccessDenied"),
    ("passwordRequiresLowercase", None, "AccessDenied"),
    ("passwordRequiresNumbers", None, "AccessDenied"),
    ("passwordRequiresSymbols", None, "AccessDenied"),
    ("passwordRequiresUppercase", None, "AccessDenied"),
    ("passwordReusePrevention", None, "AccessDenied"),
    ("policyAllowsToChangePassword", None, "AccessDenied"),
    ("flowLogsEnabled", Some("us-east-1"), "DispatchFailure"),
    ("bucketLogging", None, "InternalError"),
    ("bucketPublicAccessBlock", Some("eu-west-1"), "Timeout"),
];

#[tokio::test(flavor = "multi_thread")]
async fn faults_are_recorded_on_their_calls_and_every_other_call_is_as_in_a_clean_run() {
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let (clean_path, faulty_path) = (dir.path().join("clean.json"), dir.path().join("faulty.json"));

    let clean_proxy = FaultProxy::start(&moto.endpoint, vec![]);
    let started = Instant::now();
    collect(&clean_proxy.endpoint, &clean_path);
    eprintln!("clean collection: {:?}", started.elapsed());
    let repeated_when_clean: Vec<String> =
        repeated_requests(&clean_proxy.log()).iter().map(|(seen, count)| format!("{count}× {seen}")).collect();
    let listed = repeated_when_clean.join("\n");
    assert!(repeated_when_clean.is_empty(), "requests made more than once in a clean run:\n{listed}");

    let injected = injected();
    // Two throttled answers, then data: retried, so the call succeeds.
    let burst = Rule::new("DescribeSecurityGroups", Fault::Throttle).region("us-east-1").times(2);
    let rules = injected.iter().map(|i| i.rule.clone()).chain([burst]).collect();
    let proxy = FaultProxy::start(&moto.endpoint, rules);
    let started = Instant::now();
    collect(&proxy.endpoint, &faulty_path);
    eprintln!("collection with faults: {:?}", started.elapsed());

    let log = proxy.log();
    let unnamed: Vec<_> = log.iter().filter(|seen| seen.operation.contains(' ')).collect();
    assert!(unnamed.is_empty(), "the proxy names every request, so rules can match it: {unnamed:?}");
    let (mut clean, mut faulty) = (outcomes(&read_json(&clean_path)), outcomes(&read_json(&faulty_path)));
    assert_eq!(faulty.keys().collect::<Vec<_>>(), clean.keys().collect::<Vec<_>>(), "the same calls are made");
    // With faults, the repeated requests are the retries: each retried call's, once per attempt.
    // The throttled burst: two throttled answers, then data.
    let mut retried = vec![("DescribeSecurityGroups", 3)];
    for fault in &injected {
        let hit: Vec<String> = faulty.keys().filter(|key| key.starts_with(fault.calls)).cloned().collect();
        assert!(!hit.is_empty(), "no call under {}", fault.calls);
        if fault.attempts > 1 {
            retried.extend(std::iter::repeat_n((fault.rule.operation, fault.attempts), hit.len()));
        }
        // Server errors, timeouts and resets are retried MAX_ATTEMPTS times; a denial is not.
        let requests =
            log.iter().filter(|seen| seen.operation == fault.rule.operation && seen.fault == Some(fault.rule.fault));
        assert_eq!(requests.count(), hit.len() * fault.attempts, "requests for {}", fault.calls);
        for key in hit {
            let error = &faulty[&key]["error"];
            assert_eq!(error["code"], fault.code, "{key}: {error}");
            assert_eq!(error["kind"], fault.kind, "{key}: {error}");
            assert_eq!(error["http_status"].as_u64(), fault.http_status.map(u64::from), "{key}: {error}");
            clean.remove(&key);
            faulty.remove(&key);
        }
    }
    let mut repeated_with_faults: Vec<_> =
        repeated_requests(&log).iter().map(|(seen, count)| (seen.operation.clone(), *count)).collect();
    repeated_with_faults.sort();
    retried.sort();
    let retried: Vec<_> = retried.into_iter().map(|(operation, count)| (operation.to_owned(), count)).collect();
    assert_eq!(repeated_with_faults, retried, "requests made more than once with faults");
    // Nothing needs normalising between the two runs: moto even gives its credential report
    // a fixed GeneratedTime.
    assert_eq!(faulty, clean, "calls without a fault, the throttled burst included, are as in a clean run");

    let bursts: Vec<_> = log
        .iter()
        .filter(|seen| seen.operation == "DescribeSecurityGroups" && seen.region == "us-east-1")
        .map(|seen| seen.fault)
        .collect();
    assert_eq!(bursts, [Some(Fault::Throttle), Some(Fault::Throttle), None]);

    // Checks reading a failed call say UNKNOWN and name its code; all others are unaffected.
    let (clean_results, faulty_results) = (evaluate(&clean_path), evaluate(&faulty_path));
    let scope = |result: &Value| {
        UNKNOWN.iter().find(|(plugin, region, _)| {
            result["plugin"] == *plugin && region.is_none_or(|region| result["region"] == region)
        })
    };
    let mut unknown: BTreeMap<(&str, Option<&str>), BTreeSet<String>> = BTreeMap::new();
    for result in &faulty_results {
        if let Some((plugin, region, code)) = scope(result) {
            assert_eq!(result["status"], "UNKNOWN", "{result}");
            assert!(result["message"].as_str().unwrap().contains(code), "{code} is not in {result}");
            unknown.entry((plugin, *region)).or_default().insert(result["resource"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(unknown.len(), UNKNOWN.len(), "every affected check reports: {unknown:?}");
    let buckets: BTreeSet<String> = SEEDED_BUCKETS.iter().map(|bucket| format!("arn:aws:s3:::{bucket}")).collect();
    assert_eq!(unknown[&("bucketAllUsersAcl", None)], buckets);
    // The checks that read none of the failed calls give the very same results.
    let failed: Vec<(&str, &str)> = injected
        .iter()
        .map(|injected| {
            let mut key = injected.calls.split('/');
            (key.next().unwrap(), key.next().unwrap())
        })
        .collect();
    let reads_failed = |result: &Value| {
        let check = stance_engine::check_by_id(result["plugin"].as_str().unwrap()).unwrap();
        check.reads.iter().any(|call| failed.contains(&(call.service, call.operation)))
    };
    // rdsRestorable's message quotes LatestRestorableTime, which moto recomputes: its verdict is
    // compared, not its message.
    let comparable = |result: &Value| {
        let mut result = result.clone();
        if result["plugin"] == "rdsRestorable" {
            result["message"] = Value::Null;
        }
        result
    };
    let unaffected =
        |results: &[Value]| results.iter().filter(|r| !reads_failed(r)).map(comparable).collect::<Vec<_>>();
    assert!(unaffected(&clean_results).len() > 500, "the comparison compares little");
    let (faulty_unaffected, clean_unaffected) = (unaffected(&faulty_results), unaffected(&clean_results));
    let differing: Vec<String> = faulty_unaffected
        .iter()
        .filter(|result| !clean_unaffected.contains(result))
        .map(|result| {
            format!("{} {} {}: {}", result["plugin"], result["resource"], result["status"], result["message"])
        })
        .collect();
    assert!(differing.is_empty(), "results of checks that read no failed call differ:\n{}", differing.join("\n"));
    assert_eq!(faulty_unaffected.len(), clean_unaffected.len());
}

/// Ctrl-C while a call hangs: stance stops, with a failure exit status, and leaves neither
/// the snapshot nor a temporary file.
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_during_collection_leaves_no_file() {
    let moto = Moto::start();
    let proxy =
        FaultProxy::start(&moto.endpoint, vec![Rule::new("DescribeVpcs", Fault::Hang(Duration::from_secs(60)))]);
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let args =
        ["collect", "--endpoint-url", &proxy.endpoint, "--region", "us-east-1", "-o", snapshot.to_str().unwrap()];
    let mut child = stance_command(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();

    let deadline = Instant::now() + Duration::from_secs(30);
    while !proxy.log().iter().any(|seen| seen.fault.is_some()) {
        assert!(Instant::now() < deadline, "DescribeVpcs was not called: {:?}", proxy.log());
        assert!(child.try_wait().unwrap().is_none(), "stance ended before the hang");
        std::thread::sleep(Duration::from_millis(50));
    }
    let interrupted = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupted.success());

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("stance still runs 10 s after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    eprintln!("after SIGINT: {status:?}; stderr: {stderr}");
    assert_eq!(status.code(), Some(130), "exit code 130: interrupted");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

/// Through AWS-style token buckets far smaller than the account's calls need (one request per
/// second for every action, `tight`), collection at its default settings loses no call: every
/// throttled answer slows its action and is sent again until the bucket lets it through, and
/// the snapshot equals a clean run's.
#[tokio::test(flavor = "multi_thread")]
async fn throttled_calls_are_retried_until_they_pass_and_none_is_lost() {
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let (clean_path, throttled_path) = (dir.path().join("clean.json"), dir.path().join("throttled.json"));
    let regions = ["--region", "us-east-1", "--region", "eu-west-1"];
    let collect_default = |endpoint: &str, output: &Path| {
        let args = [&["collect", "--endpoint-url", endpoint][..], &regions, &["-o", output.to_str().unwrap()]].concat();
        let result = stance_command(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(0), "collect exits 0; stderr: {stderr}");
    };
    collect_default(&moto.endpoint, &clean_path);
    let tight = Simulation::none().throttle(Profile::named("tight").unwrap());
    let proxy = FaultProxy::start_with(&moto.endpoint, vec![], tight);
    collect_default(&proxy.endpoint, &throttled_path);
    let throttled: usize = proxy.stats().throttled.values().sum();
    assert!(throttled > 10, "the buckets throttled only {throttled} requests: the test tests nothing");
    let (clean, after) = (outcomes(&read_json(&clean_path)), outcomes(&read_json(&throttled_path)));
    let lost: Vec<&String> =
        after.iter().filter(|(_, outcome)| outcome["error"]["kind"] == "throttled").map(|(key, _)| key).collect();
    assert!(lost.is_empty(), "calls left throttled after {throttled} throttled answers: {lost:?}");
    let differing: Vec<String> = clean
        .keys()
        .chain(after.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|key| clean.get(*key) != after.get(*key))
        .map(|key| format!("{key}:\n  clean: {:?}\n  throttled: {:?}", clean.get(key), after.get(key)))
        .collect();
    assert!(differing.is_empty(), "the snapshot differs from a clean run's in:\n{}", differing.join("\n"));
}

/// A call throttled on every request is sent again, more slowly each time, until its
/// operation timeout, and then recorded `throttled` with the service's code; the checks reading
/// it say UNKNOWN with that code. Every other call is as in a clean run.
#[tokio::test(flavor = "multi_thread")]
async fn a_call_throttled_until_its_operation_timeout_is_recorded_throttled() {
    const OPERATION_TIMEOUT_SECS: u64 = 8;
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let (clean_path, throttled_path) = (dir.path().join("clean.json"), dir.path().join("throttled.json"));
    collect(&moto.endpoint, &clean_path);
    let rule = Rule::new("DescribeFlowLogs", Fault::Throttle).region("eu-west-1");
    let proxy = FaultProxy::start(&moto.endpoint, vec![rule]);
    collect_within(&proxy.endpoint, &throttled_path, OPERATION_TIMEOUT_SECS);

    let key = "EC2/DescribeFlowLogs/eu-west-1";
    let (mut clean, mut after) = (outcomes(&read_json(&clean_path)), outcomes(&read_json(&throttled_path)));
    let error = after.remove(key).unwrap()["error"].clone();
    assert_eq!(
        (&error["code"], &error["kind"], &error["http_status"]),
        (&json!("RequestLimitExceeded"), &json!("throttled"), &json!(503))
    );
    clean.remove(key);
    assert_eq!(after, clean, "every other call is as in a clean run");
    // Sent at 0 s, then 1.4 s, 2 s and 2.9 s later (at 6.3 s); the next would go out after the
    // timeout. The bounds leave room for a slow machine.
    let requests = proxy.log().iter().filter(|seen| seen.fault.is_some()).count();
    assert!((2..=6).contains(&requests), "{requests} requests for a call throttled for {OPERATION_TIMEOUT_SECS} s");

    let results = evaluate(&throttled_path);
    let flow_logs: Vec<&Value> =
        results.iter().filter(|r| r["plugin"] == "flowLogsEnabled" && r["region"] == "eu-west-1").collect();
    assert!(!flow_logs.is_empty());
    for result in flow_logs {
        assert_eq!(result["status"], "UNKNOWN", "{result}");
        assert!(result["message"].as_str().unwrap().contains("RequestLimitExceeded"), "{result}");
    }
}

/// `--max-rate s3=10`: no second sees more than about 10 requests to S3 in a region, and the
/// snapshot is a clean run's.
#[tokio::test(flavor = "multi_thread")]
async fn max_rate_spaces_a_services_requests() {
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let (clean_path, capped_path) = (dir.path().join("clean.json"), dir.path().join("capped.json"));
    let regions = ["--region", "us-east-1"];
    let collect_with = |endpoint: &str, output: &Path, extra: &[&str]| {
        let args =
            [&["collect", "--endpoint-url", endpoint][..], &regions, extra, &["-o", output.to_str().unwrap()]].concat();
        let result = stance_command(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(0), "collect exits 0; stderr: {stderr}");
    };
    collect_with(&moto.endpoint, &clean_path, &[]);
    let proxy = FaultProxy::start(&moto.endpoint, vec![]);
    collect_with(&proxy.endpoint, &capped_path, &["--max-rate", "s3=10"]);
    assert_eq!(outcomes(&read_json(&capped_path)), outcomes(&read_json(&clean_path)));

    let mut by_region: BTreeMap<String, Vec<Instant>> = BTreeMap::new();
    for seen in proxy.log().iter().filter(|seen| seen.service == "s3") {
        by_region.entry(seen.region.clone()).or_default().push(seen.received);
    }
    let s3_requests: usize = by_region.values().map(Vec::len).sum();
    assert!(s3_requests >= 20, "only {s3_requests} S3 requests: the test tests nothing");
    for (region, mut received) in by_region {
        received.sort();
        // Paced at 10/s, each second holds at most 11 arrivals; one more for the jitter
        // between pacing a request and its arrival (signing, a new connection).
        let busiest = (0..received.len())
            .map(|first| {
                received[first..].iter().take_while(|at| **at - received[first] < Duration::from_secs(1)).count()
            })
            .max()
            .unwrap_or(0);
        assert!(busiest <= 12, "{busiest} S3 requests within one second in {region}");
    }
}

/// STS's answer to a request signed with an expired session token.
const EXPIRED_TOKEN: Canned = Canned {
    status: 400,
    headers: &[("content-type", "text/xml")],
    body: r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>4c6a2e3f-0d0e-4b7c-9a55-1f2e3d4c5b6a</RequestId></ErrorResponse>"#,
};

/// `stance collect` through `endpoint` that must fail: exit 2, one line on stderr holding each of
/// `parts`, and no file written.
fn assert_collect_refused(endpoint: &str, regions: &[&str], parts: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let output_file = dir.path().join("snapshot.json");
    let mut args =
        vec!["collect", "--endpoint-url", endpoint, "--max-attempts", "1", "-o", output_file.to_str().unwrap()];
    for region in regions {
        args.extend(["--region", region]);
    }
    let result = stance_command(&args).env("AWS_REGION", "us-east-1").output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(stderr.starts_with("stance: error: collection failed: "), "{stderr}");
    for part in parts {
        assert!(stderr.contains(part), "{part:?} missing from {stderr}");
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "a refused collection writes nothing");
}

/// The errors that stop a collection before it starts are each one line saying what to do:
/// expired credentials, a denied GetCallerIdentity, and regions that are not enabled (moto, like
/// an account, lists opt-in regions that are not enabled as `not-opted-in`), or that do not exist.
#[tokio::test(flavor = "multi_thread")]
async fn identity_and_region_failures_are_one_line_each() {
    let moto = Moto::start();
    let expired =
        FaultProxy::start(&moto.endpoint, vec![Rule::new("GetCallerIdentity", Fault::Respond(EXPIRED_TOKEN))]);
    assert_collect_refused(
        &expired.endpoint,
        &["us-east-1"],
        &["credentials have expired (ExpiredToken", "aws sso login"],
    );
    let denied = FaultProxy::start(&moto.endpoint, vec![Rule::new("GetCallerIdentity", Fault::AccessDenied)]);
    assert_collect_refused(&denied.endpoint, &["us-east-1"], &["STS GetCallerIdentity was denied (AccessDenied"]);

    let ec2 = aws_sdk_ec2::Client::new(&moto.sdk_config("us-east-1").await);
    let described = ec2.describe_regions().send().await.unwrap();
    let not_enabled = described
        .regions()
        .iter()
        .find(|region| region.opt_in_status() == Some("not-opted-in"))
        .and_then(|region| region.region_name())
        .expect("moto lists an opt-in region that is not enabled")
        .to_owned();
    assert_collect_refused(
        &moto.endpoint,
        &["us-east-1", &not_enabled, "eu-west-9"],
        &[&format!("regions {not_enabled}, eu-west-9 are not enabled for this account"), "us-east-1", "--region"],
    );
}
