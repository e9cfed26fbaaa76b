//! `stance diff` end to end against moto: collect the seeded account twice with no change in
//! between (the diff must be empty: the default noise list holds), change the account through
//! the AWS SDK, collect again, and hold the diff to exactly those changes and the findings they
//! make and fix.
//!
//! moto answers S3 GetBucketVersioning with the wrong root element, which the SDK rejects (see
//! `aws_shapes.rs`), so the versioning state of the bucket whose versioning is turned on is
//! answered by the fault proxy in S3's own response shape: never versioned in the first two
//! collections, `Enabled` in the third, as moto records it. Every other call goes to moto,
//! through the same proxy each time: moto builds SQS queue URLs from the address it is asked
//! at, which a real account's do not change with.

use std::collections::BTreeSet;
use std::path::Path;

use aws_sdk_ec2::types::{IpPermission, IpRange};
use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
use serde_json::Value;
use stance_testkit::proxy::{Canned, Fault, FaultProxy, Rule};
use stance_testkit::{DOTTED_BUCKET, Moto, SAGEMAKER_BUCKET, isolated_command, seed_insecure_account};

const NEVER_VERSIONED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;
const VERSIONING_ENABLED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#;

/// A policy that refuses plain HTTP: not public, so it changes no public-access verdict.
const TLS_ONLY_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::stance.dotted.bucket","arn:aws:s3:::stance.dotted.bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;

/// A proxy to moto that answers the versioning of [`SAGEMAKER_BUCKET`] as never versioned twice
/// (one collection each), then as enabled.
fn proxy(moto: &Moto) -> FaultProxy {
    let versioning = |body| {
        Rule::new("GetBucketVersioning", Fault::Respond(Canned::s3_xml(body))).parameter("Bucket", SAGEMAKER_BUCKET)
    };
    FaultProxy::start(&moto.endpoint, vec![versioning(NEVER_VERSIONED).times(2), versioning(VERSIONING_ENABLED)])
}

/// `stance collect` of both seeded regions through `proxy`.
fn collect(proxy: &FaultProxy, output: &Path) {
    let args = ["collect", "--endpoint-url", &proxy.endpoint, "--region", "us-east-1", "--region", "eu-west-1"];
    let collected = isolated_command(env!("CARGO_BIN_EXE_stance")).args(args).arg("-o").arg(output).output().unwrap();
    assert_eq!(collected.status.code(), Some(0), "{}", String::from_utf8_lossy(&collected.stderr));
}

/// `stance diff OLD NEW --json`: the exit code and the JSON.
fn diff(old: &Path, new: &Path, json: &Path) -> (i32, Value) {
    let output = isolated_command(env!("CARGO_BIN_EXE_stance"))
        .arg("diff")
        .args([old, new])
        .arg(format!("--json={}", json.display()))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (output.status.code().unwrap(), serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap())
}

/// Each resource change as `SERVICE KIND ID CHANGE`, the id cut to its last `/` or `:` part
/// (a per-resource call is keyed by the ARN the resource's listing names by id or name).
fn resource_changes(diff: &Value) -> BTreeSet<String> {
    let text = |value: &Value| value.as_str().unwrap_or("-").to_owned();
    diff["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            let id = text(&change["id"]);
            let short = id.rsplit(['/', ':']).next().unwrap_or(&id).to_owned();
            let kind = change["kind"].as_str().map_or_else(|| text(&change["operation"]), str::to_owned);
            format!("{} {kind} {short} {}", text(&change["service"]), text(&change["change"]))
        })
        .collect()
}

/// (plugin, resource) of each finding in `list` of the findings delta.
fn findings(diff: &Value, list: &str) -> BTreeSet<(String, String)> {
    diff["findings"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            (finding["plugin"].as_str().unwrap().to_owned(), finding["resource"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_lists_exactly_the_changes_made_between_two_collections() {
    let moto = Moto::start_with_aws_managed_policies();
    let seeded = seed_insecure_account(&moto).await;
    let dir = tempfile::tempdir().unwrap();
    let [first, again, changed] = ["first", "again", "changed"].map(|name| dir.path().join(format!("{name}.json")));
    let proxy = proxy(&moto);
    collect(&proxy, &first);
    collect(&proxy, &again);
    let (code, unchanged) = diff(&first, &again, &dir.path().join("unchanged.json"));
    assert_eq!(code, 0, "an unchanged account diffs to nothing: {unchanged:#}");

    let us = moto.sdk_config("us-east-1").await;
    let ec2 = aws_sdk_ec2::Client::new(&us);
    let world_ssh = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .build();
    ec2.authorize_security_group_ingress()
        .group_id(&seeded.private_group)
        .ip_permissions(world_ssh)
        .send()
        .await
        .unwrap();
    ec2.delete_volume().volume_id(&seeded.unencrypted_volume).send().await.unwrap();
    aws_sdk_iam::Client::new(&us).create_user().user_name("erin").send().await.unwrap();
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&us).force_path_style(true).build());
    s3.put_bucket_policy().bucket(DOTTED_BUCKET).policy(TLS_ONLY_POLICY).send().await.unwrap();
    let enabled = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    s3.put_bucket_versioning().bucket(SAGEMAKER_BUCKET).versioning_configuration(enabled).send().await.unwrap();
    collect(&proxy, &changed);

    let (code, changes) = diff(&again, &changed, &dir.path().join("changes.json"));
    assert_eq!(code, 1, "{changes:#}");
    let group = seeded.private_group.as_str();
    let volume = seeded.unencrypted_volume.as_str();
    let expected: BTreeSet<String> = [
        format!("EC2 security-group {group} modified"),
        format!("EC2 volume {volume} removed"),
        "IAM user erin added".to_owned(),
        // The account's user count, which the new user raises.
        "IAM GetAccountSummary - modified".to_owned(),
        format!("S3 bucket {DOTTED_BUCKET} added"),
        format!("S3 bucket {SAGEMAKER_BUCKET} modified"),
    ]
    .into_iter()
    .collect();
    assert_eq!(resource_changes(&changes), expected, "{:#}", changes["resources"]);
    // The new user's per-user calls that moto cannot answer (the service last-accessed job) are
    // calls made in NEW only; nothing else changed coverage.
    for coverage in changes["coverage"].as_array().unwrap() {
        assert_eq!(coverage["change"], "call_added", "{coverage:#}");
        assert!(coverage["resource"].as_str().is_some_and(|arn| arn.ends_with(":user/erin")), "{coverage:#}");
    }
    let rule = changes["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|change| change["id"] == group)
        .map(|change| change["attributes"].to_string())
        .unwrap();
    assert!(rule.contains("tcp 22 from 0.0.0.0/0"), "{rule}");
    let summary =
        changes["resources"].as_array().unwrap().iter().find(|change| change["operation"] == "GetAccountSummary");
    let paths: Vec<&str> =
        summary.unwrap()["attributes"].as_array().unwrap().iter().map(|a| a["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["SummaryMap.Users"], "{summary:?}");

    let group_arn = format!("arn:aws:ec2:us-east-1:123456789012:security-group/{group}");
    let new_fails = findings(&changes, "new_fails");
    assert!(new_fails.contains(&("openSSH".to_owned(), group_arn)), "{new_fails:?}");
    let fixed = findings(&changes, "fixed");
    let versioned = format!("arn:aws:s3:::{SAGEMAKER_BUCKET}");
    assert!(fixed.contains(&("bucketVersioning".to_owned(), versioned)), "{fixed:?}");
}
