//! stance's conversion of S3 answers shaped as real AWS sends them, for the two calls moto
//! cannot answer right (see `MOTO_MALFORMED` in `cli_parity.rs`): moto's GetBucketVersioning
//! answer has the wrong root element, and moto lacks GetBucketPolicyStatus. So that these
//! calls are still converted and checked end to end, the fault proxy answers them for chosen
//! buckets with canned responses whose bodies follow the S3 API reference's response syntax
//! (the root element, its namespace, the `MfaDelete` element name); everything else goes to
//! a seeded moto. The snapshot's `data` must be what the AWS CLI prints for the same answers:
//! written out here, and checked against the CLI (`$STANCE_AWS_CLI`, else `aws` from `PATH`)
//! through the same proxy.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use stance_testkit::proxy::{Canned, Fault, FaultProxy, Rule};
use stance_testkit::{
    LOG_BUCKET, Moto, PRIVATE_BUCKET, PUBLIC_BUCKET, aws_cli, isolated_command, seed_insecure_account,
};

/// A versioned bucket whose MFA delete was once configured, then turned off. The XML element
/// is `MfaDelete`; the API member, and so the CLI's key, is `MFADelete`.
const VERSIONING_ENABLED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>"#;

/// A bucket never versioned: S3 answers an empty configuration.
const NEVER_VERSIONED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;

const POLICY_PUBLIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>true</IsPublic></PolicyStatus>"#;

const POLICY_NOT_PUBLIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>false</IsPublic></PolicyStatus>"#;

/// One canned answer: the call and bucket it answers, and what the CLI prints for it.
struct Case {
    operation: &'static str,
    bucket: &'static str,
    /// The bucket's region, where stance records the call.
    region: &'static str,
    body: &'static str,
    printed: Value,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            operation: "GetBucketVersioning",
            bucket: PRIVATE_BUCKET,
            region: "eu-west-1",
            body: VERSIONING_ENABLED,
            printed: json!({"Status": "Enabled", "MFADelete": "Disabled"}),
        },
        Case {
            operation: "GetBucketVersioning",
            bucket: PUBLIC_BUCKET,
            region: "us-east-1",
            body: NEVER_VERSIONED,
            printed: json!({}),
        },
        Case {
            operation: "GetBucketPolicyStatus",
            bucket: PUBLIC_BUCKET,
            region: "us-east-1",
            body: POLICY_PUBLIC,
            printed: json!({"PolicyStatus": {"IsPublic": true}}),
        },
        Case {
            operation: "GetBucketPolicyStatus",
            bucket: PRIVATE_BUCKET,
            region: "eu-west-1",
            body: POLICY_NOT_PUBLIC,
            printed: json!({"PolicyStatus": {"IsPublic": false}}),
        },
    ]
}

fn rule(case: &Case) -> Rule {
    Rule::new(case.operation, Fault::Respond(Canned::s3_xml(case.body))).service("s3").parameter("Bucket", case.bucket)
}

/// What `aws s3api <command> --bucket BUCKET` prints through `endpoint`; panics with its
/// stderr when it fails.
fn aws_prints(endpoint: &str, case: &Case) -> Value {
    let command = stance_testkit::cli_command_name(case.operation);
    aws_cli(endpoint, case.region, &["s3api", &command, "--bucket", case.bucket])
        .unwrap_or_else(|stderr| panic!("aws s3api {command} --bucket {}: {stderr}", case.bucket))
}

#[tokio::test(flavor = "multi_thread")]
async fn real_s3_answers_moto_gets_wrong_are_recorded_as_the_aws_cli_prints_them() {
    let moto = Moto::start();
    seed_insecure_account(&moto).await;
    let cases = cases();
    let proxy = FaultProxy::start(&moto.endpoint, cases.iter().map(rule).collect());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    let mut collect = isolated_command(env!("CARGO_BIN_EXE_stance"));
    collect.args(["collect", "--quiet", "--endpoint-url", &proxy.endpoint, "--region", "us-east-1", "-o"]).arg(&path);
    let collected = collect.output().unwrap();
    let stderr = String::from_utf8_lossy(&collected.stderr);
    assert!(collected.status.success(), "collect: {stderr}");
    let snapshot: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    // Each canned answer was given once, to its own bucket's request: no retry, and the other
    // buckets' requests (such as the log bucket's) went to moto.
    let log = proxy.log();
    for operation in ["GetBucketVersioning", "GetBucketPolicyStatus"] {
        let answered: BTreeMap<&str, Vec<bool>> = log
            .iter()
            .filter(|seen| seen.operation == operation)
            .map(|seen| (seen.parameters["Bucket"].as_str(), matches!(seen.fault, Some(Fault::Respond(_)))))
            .fold(BTreeMap::new(), |mut by_bucket, (bucket, canned)| {
                by_bucket.entry(bucket).or_default().push(canned);
                by_bucket
            });
        let expected: BTreeMap<&str, Vec<bool>> = [PUBLIC_BUCKET, LOG_BUCKET, PRIVATE_BUCKET]
            .into_iter()
            .map(|bucket| (bucket, vec![cases.iter().any(|c| c.operation == operation && c.bucket == bucket)]))
            .collect();
        assert_eq!(answered, expected, "{operation}: canned (true) or forwarded (false), by bucket");
    }

    for case in &cases {
        let arn = format!("arn:aws:s3:::{}", case.bucket);
        let outcome = &snapshot["calls"]["S3"][case.operation][case.region][&arn];
        assert_eq!(outcome, &json!({"data": case.printed}), "{} {} in the snapshot", case.operation, case.bucket);
    }

    // The AWS CLI, given the same answers, prints what the cases say: the CLI runs slowly, so
    // all at once.
    let printed: Vec<Value> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases.iter().map(|case| scope.spawn(|| aws_prints(&proxy.endpoint, case))).collect();
        handles.into_iter().map(|handle| handle.join().unwrap()).collect()
    });
    for (case, printed) in cases.iter().zip(printed) {
        let command = stance_testkit::cli_command_name(case.operation);
        assert_eq!(printed, case.printed, "aws s3api {command} --bucket {}", case.bucket);
    }
}
