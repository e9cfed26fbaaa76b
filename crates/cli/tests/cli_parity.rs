//! The snapshot's `data` is what the AWS CLI prints: for the calls `stance collect` made
//! against a seeded moto, `aws <service> <command> --output json` against the same moto
//! prints the same JSON. The AWS CLI is `$STANCE_AWS_CLI`, else `aws` from `PATH`
//! (`cargo xtask ci` installs the pinned `awscli` that matches the codegen's botocore).
//!
//! Compared as the CLI prints them, with three allowances: timestamps are compared as instants,
//! to the millisecond (the CLI prints each protocol's own format, an ISO string or epoch
//! seconds, and stance prints RFC 3339 UTC); members the CLI prints as `null` count as absent
//! (stance omits absent members); and the members moto computes anew on every call
//! ([`RECOMPUTED`]) are not compared.
//!
//! Not compared: IAM GenerateCredentialReport (an action whose state changes between calls),
//! IAM GetCredentialReport (stored parsed by design, see docs/snapshot.md), and S3 Control,
//! whose account-id host prefix the CLI cannot resolve against 127.0.0.1.

use serde_json::Value;
use stance_testkit::{Moto, PRIVATE_BUCKET, aws_cli, cli_command_name, isolated_command, seed_insecure_account};

const REGION: &str = "us-east-1";

/// Calls moto answers in ways the AWS SDK for Rust rightly rejects while the CLI lets them
/// pass, so that stance records an `InvalidResponse` error where the CLI prints data:
/// - S3 GetBucketVersioning: moto's root element is `GetBucketVersioningResponse`, not
///   `VersioningConfiguration`;
/// - S3 GetBucketPolicyStatus: moto lacks it and answers with a ListObjects result;
/// - S3 GetBucketAccelerateConfiguration and GetBucketNotificationConfiguration (for a bucket
///   without notifications): the roots are `GetBucketAccelerateConfigurationResponse` and
///   `GetBucketNotificationResponse`.
///
/// `aws_shapes.rs` covers them with answers shaped as real AWS sends them.
const MOTO_MALFORMED: &[&str] = &[
    "GetBucketVersioning",
    "GetBucketPolicyStatus",
    "GetBucketAccelerateConfiguration",
    "GetBucketNotificationConfiguration",
];

/// Calls moto serves the CLI but not the AWS SDK for Rust, or crashes on, with the error stance
/// records instead: Macie2 GetMacieSession (moto answers the SDK's request with an HTML page)
/// and Organizations DescribeResourcePolicy (a 500 with an HTML body to both). The checks'
/// fixtures hold these calls' real AWS answers.
const MOTO_UNSERVED: &[(&str, &str)] =
    &[("GetMacieSession", "UnsupportedResponse"), ("DescribeResourcePolicy", "ResponseError")];

/// Members not compared: those moto computes at each call, so that the CLI's later call sees a
/// later value (RDS LatestRestorableTime, the EFS size and its Timestamp), and a boolean the SDK
/// defaults to false where moto's answer omits it (CloudWatch Logs applyOnTransformedLogs; AWS
/// sends it).
const RECOMPUTED: &[&str] = &["LatestRestorableTime", "SizeInBytes", "applyOnTransformedLogs"];

/// Calls moto answers without members the API marks required, which the AWS SDK for Rust
/// fills with defaults (`false`, `0`, `"no value was set"`) where the CLI prints nothing: moto's
/// CloudFront distribution summaries hold only ARN, Id, DomainName, Status, LastModifiedTime
/// and the ICP recordals. AWS always sends those members; here every member the CLI printed
/// must be in stance's data, alike.
const MOTO_INCOMPLETE: &[&str] = &["ListDistributions"];

/// What the AWS CLI prints for a call, or the error it reports.
fn aws(endpoint: &str, region: &str, service: &str, operation: &str, args: &[&str]) -> Result<Value, String> {
    let cli_service = match service {
        "S3" => "s3api".to_owned(),
        "CloudWatchLogs" => "logs".to_owned(),
        "EventBridge" => "events".to_owned(),
        other => other.to_lowercase(),
    };
    aws_cli(endpoint, region, &[&[cli_service.as_str(), &cli_command_name(operation)], args].concat())
}

/// Whether stance's `data` is what the CLI printed, with the allowances of the module's doc;
/// with `filled`, stance may also hold members the CLI did not print ([`MOTO_INCOMPLETE`]).
fn same(stance: &Value, cli: &Value, filled: bool) -> bool {
    let instant = |value: &Value| match value {
        Value::String(text) => text.parse::<jiff::Timestamp>().ok(),
        Value::Number(seconds) => {
            seconds.as_f64().and_then(|s| jiff::Timestamp::from_millisecond((s * 1000.0).round() as i64).ok())
        }
        _ => None,
    };
    match (stance, cli) {
        (Value::Object(ours), Value::Object(theirs)) => {
            let present = |members: &serde_json::Map<String, Value>| -> Vec<String> {
                members
                    .iter()
                    .filter(|(k, v)| !v.is_null() && !RECOMPUTED.contains(&k.as_str()))
                    .map(|(k, _)| k.clone())
                    .collect()
            };
            let (mut a, mut b) = (present(ours), present(theirs));
            a.sort();
            b.sort();
            let members_match = if filled { b.iter().all(|key| a.contains(key)) } else { a == b };
            members_match && b.iter().all(|key| same(&ours[key], &theirs[key], filled))
        }
        (Value::Array(ours), Value::Array(theirs)) => {
            ours.len() == theirs.len() && ours.iter().zip(theirs).all(|(a, b)| same(a, b, filled))
        }
        (Value::String(_), Value::String(_) | Value::Number(_)) => match (instant(stance), instant(cli)) {
            // Epoch seconds pass through a float: a millisecond apart is the same instant.
            (Some(a), Some(b)) => (a.as_millisecond() - b.as_millisecond()).abs() <= 1,
            _ => stance == cli,
        },
        _ => stance == cli,
    }
}

/// Checks one call of the snapshot against the CLI's answer to the same call.
fn compare(
    endpoint: &str,
    region: &str,
    service: &str,
    operation: &str,
    args: &[&str],
    outcome: &Value,
) -> Option<String> {
    let label = format!("{service} {operation} {region} {args:?}");
    if MOTO_MALFORMED.contains(&operation) {
        let code = &outcome["error"]["code"];
        return (code != "InvalidResponse")
            .then(|| format!("{label}: expected InvalidResponse from moto, got {outcome}"));
    }
    if let Some((_, expected)) = MOTO_UNSERVED.iter().find(|(unserved, _)| *unserved == operation) {
        let code = &outcome["error"]["code"];
        return (code != expected).then(|| format!("{label}: expected {expected} from moto, got {outcome}"));
    }
    match (outcome.get("data"), aws(endpoint, region, service, operation, args)) {
        (Some(data), Ok(printed)) if same(data, &printed, MOTO_INCOMPLETE.contains(&operation)) => None,
        (Some(data), Ok(printed)) => Some(format!("{label}:\n  stance: {data}\n  aws:    {printed}")),
        (None, Err(stderr)) => {
            let code = outcome["error"]["code"].as_str().unwrap_or_default();
            // moto's HTML error pages give the CLI no code either.
            (!stderr.contains(code) && code != "UnsupportedResponse")
                .then(|| format!("{label}: stance recorded {code}, the CLI said {stderr}"))
        }
        (Some(_), Err(stderr)) => Some(format!("{label}: stance has data, the CLI failed: {stderr}")),
        (None, Ok(printed)) => {
            Some(format!("{label}: stance recorded {}, the CLI printed {printed}", outcome["error"]))
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn snapshot_data_is_what_the_aws_cli_prints() {
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    let mut collect = isolated_command(env!("CARGO_BIN_EXE_stance"));
    collect.args(["collect", "--quiet", "--endpoint-url", &moto.endpoint, "--region", REGION, "-o"]).arg(&path);
    assert!(collect.status().unwrap().success());
    let snapshot: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    let mut jobs: Vec<(String, String, String, Vec<String>, Value)> = Vec::new();
    for (service, operations) in snapshot["calls"].as_object().unwrap() {
        for (operation, regions) in operations.as_object().unwrap() {
            let skipped = ["GenerateCredentialReport", "GetCredentialReport"].contains(&operation.as_str())
                || service == "S3Control";
            if skipped {
                continue;
            }
            for (region, calls) in regions.as_object().unwrap() {
                let region = if region == "global" { REGION } else { region.as_str() };
                let args: Vec<String> = match operation.as_str() {
                    "DescribeSnapshots" => vec!["--owner-ids".into(), "self".into()],
                    "DescribeImages" => vec!["--owners".into(), "self".into()],
                    "ListVaults" => vec!["--account-id".into(), "-".into()],
                    _ => vec![],
                };
                if calls.get("data").is_some() || calls.get("error").is_some() {
                    jobs.push((service.clone(), operation.clone(), region.to_owned(), args, calls.clone()));
                    continue;
                }
                // Per-resource calls: the private bucket's, and the users' and keys' ones.
                for (resource, outcome) in calls.as_object().unwrap() {
                    let args = match (service.as_str(), resource.rsplit_once(['/', ':'])) {
                        ("S3", Some((_, bucket))) if bucket == PRIVATE_BUCKET => vec!["--bucket".into(), bucket.into()],
                        ("IAM", Some((_, user))) if resource.contains(":user/") => {
                            vec!["--user-name".into(), user.into()]
                        }
                        ("IAM", None) => vec!["--access-key-id".into(), resource.clone()],
                        _ => continue,
                    };
                    jobs.push((service.clone(), operation.clone(), region.to_owned(), args, outcome.clone()));
                }
            }
        }
    }
    assert!(jobs.len() > 50, "only {} calls to compare", jobs.len());

    // The CLI starts slowly; compare on a few threads.
    let endpoint = moto.endpoint.clone();
    let chunks: Vec<_> = jobs.chunks(jobs.len().div_ceil(4)).map(<[_]>::to_vec).collect();
    let mismatches: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let endpoint = &endpoint;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|(service, operation, region, args, outcome)| {
                            let args: Vec<&str> = args.iter().map(String::as_str).collect();
                            compare(endpoint, region, service, operation, &args, outcome)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().unwrap()).collect()
    });
    assert!(mismatches.is_empty(), "{} of {} calls differ:\n{}", mismatches.len(), jobs.len(), mismatches.join("\n"));
}
