//! stance's conversion of answers shaped as real AWS sends them, for calls moto cannot answer
//! right (see `MOTO_MALFORMED` in `cli_parity.rs`): moto's GetBucketVersioning,
//! GetBucketAccelerateConfiguration and GetBucketNotificationConfiguration answers, and S3
//! Control's ListAccessPoints and ListMultiRegionAccessPoints, have the wrong root element
//! (`…Response` for `…Result` or the configuration), moto's notification answer leaves out an
//! EventBridge configuration it was given, and moto lacks GetBucketPolicyStatus and IAM's
//! service last-accessed jobs (GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails). So that these
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
    Moto, PRIVATE_BUCKET, PUBLIC_BUCKET, REPLICA_BUCKET, SEEDED_BUCKETS, aws_cli, isolated_command,
    seed_insecure_account,
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

const ACCELERATED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AccelerateConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></AccelerateConfiguration>"#;

/// A bucket whose Transfer Acceleration was never configured: an empty configuration.
const NEVER_ACCELERATED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AccelerateConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;

/// Notifications to an SNS topic and to EventBridge. The XML elements are singular
/// (`TopicConfiguration`, `Topic`, `Event`); the CLI's keys are the API members'.
const NOTIFYING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TopicConfiguration><Id>new-objects</Id><Topic>arn:aws:sns:us-east-1:123456789012:uploads</Topic><Event>s3:ObjectCreated:*</Event></TopicConfiguration><EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>"#;

const NOT_NOTIFYING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;

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
        Case {
            operation: "GetBucketAccelerateConfiguration",
            bucket: REPLICA_BUCKET,
            region: "us-east-1",
            body: ACCELERATED,
            printed: json!({"Status": "Enabled"}),
        },
        Case {
            operation: "GetBucketAccelerateConfiguration",
            bucket: PUBLIC_BUCKET,
            region: "us-east-1",
            body: NEVER_ACCELERATED,
            printed: json!({}),
        },
        Case {
            operation: "GetBucketNotificationConfiguration",
            bucket: REPLICA_BUCKET,
            region: "us-east-1",
            body: NOTIFYING,
            printed: json!({
                "TopicConfigurations": [{"Id": "new-objects", "TopicArn": "arn:aws:sns:us-east-1:123456789012:uploads", "Events": ["s3:ObjectCreated:*"]}],
                "EventBridgeConfiguration": {}
            }),
        },
        Case {
            operation: "GetBucketNotificationConfiguration",
            bucket: PUBLIC_BUCKET,
            region: "us-east-1",
            body: NOT_NOTIFYING,
            printed: json!({}),
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
    let moto = Moto::start_with_aws_managed_policies();
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
    for operation in [
        "GetBucketVersioning",
        "GetBucketPolicyStatus",
        "GetBucketAccelerateConfiguration",
        "GetBucketNotificationConfiguration",
    ] {
        let answered: BTreeMap<&str, Vec<bool>> = log
            .iter()
            .filter(|seen| seen.operation == operation)
            .map(|seen| (seen.parameters["Bucket"].as_str(), matches!(seen.fault, Some(Fault::Respond(_)))))
            .fold(BTreeMap::new(), |mut by_bucket, (bucket, canned)| {
                by_bucket.entry(bucket).or_default().push(canned);
                by_bucket
            });
        let expected: BTreeMap<&str, Vec<bool>> = SEEDED_BUCKETS
            .iter()
            .copied()
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

const ACCESS_POINTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListAccessPointsResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><AccessPointList><AccessPoint><Name>stance-open-ap</Name><NetworkOrigin>Internet</NetworkOrigin><Bucket>stance-private-bucket</Bucket><AccessPointArn>arn:aws:s3:us-east-1:123456789012:accesspoint/stance-open-ap</AccessPointArn><Alias>stance-open-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias</Alias><BucketAccountId>123456789012</BucketAccountId></AccessPoint><AccessPoint><Name>stance-vpc-ap</Name><NetworkOrigin>VPC</NetworkOrigin><VpcConfiguration><VpcId>vpc-1a2b3c4d</VpcId></VpcConfiguration><Bucket>stance-private-bucket</Bucket><AccessPointArn>arn:aws:s3:us-east-1:123456789012:accesspoint/stance-vpc-ap</AccessPointArn><Alias>stance-vpc-ap-n7b2aqgcxsiyufvvnwamfzfqz3mgeuse1b-s3alias</Alias><BucketAccountId>123456789012</BucketAccountId></AccessPoint></AccessPointList></ListAccessPointsResult>"#;

const OPEN_ACCESS_POINT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetAccessPointResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><Name>stance-open-ap</Name><Bucket>stance-private-bucket</Bucket><NetworkOrigin>Internet</NetworkOrigin><PublicAccessBlockConfiguration><BlockPublicAcls>false</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration><CreationDate>2026-06-30T12:00:00Z</CreationDate><Alias>stance-open-ap-hrzrlukc5m36ft7okagglf3gmwluquse1b-s3alias</Alias><AccessPointArn>arn:aws:s3:us-east-1:123456789012:accesspoint/stance-open-ap</AccessPointArn><Endpoints><entry><key>ipv4</key><value>s3-accesspoint.us-east-1.amazonaws.com</value></entry></Endpoints><BucketAccountId>123456789012</BucketAccountId></GetAccessPointResult>"#;

const VPC_ACCESS_POINT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetAccessPointResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><Name>stance-vpc-ap</Name><Bucket>stance-private-bucket</Bucket><NetworkOrigin>VPC</NetworkOrigin><VpcConfiguration><VpcId>vpc-1a2b3c4d</VpcId></VpcConfiguration><PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration><CreationDate>2026-06-30T12:00:00Z</CreationDate><Alias>stance-vpc-ap-n7b2aqgcxsiyufvvnwamfzfqz3mgeuse1b-s3alias</Alias><AccessPointArn>arn:aws:s3:us-east-1:123456789012:accesspoint/stance-vpc-ap</AccessPointArn><BucketAccountId>123456789012</BucketAccountId></GetAccessPointResult>"#;

const MULTI_REGION_ACCESS_POINTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListMultiRegionAccessPointsResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><AccessPoints><AccessPoint><Name>stance-global</Name><Alias>mfzwi23gnjvgw.mrap</Alias><CreatedAt>2026-06-30T12:00:00Z</CreatedAt><PublicAccessBlock><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlock><Status>READY</Status><Regions><Region><Bucket>stance-private-bucket</Bucket><Region>eu-west-1</Region><BucketAccountId>123456789012</BucketAccountId></Region><Region><Bucket>stance-replica-bucket</Bucket><Region>us-east-1</Region><BucketAccountId>123456789012</BucketAccountId></Region></Regions></AccessPoint></AccessPoints></ListMultiRegionAccessPointsResult>"#;

/// Access points and Multi-Region Access Points as S3 Control's API reference shows them, since
/// moto's list answers have the wrong root element: recorded as the CLI prints them (the
/// CLI itself cannot be run here, as it sends S3 Control calls to an account-prefixed host
/// name that does not resolve on loopback). The list of access points in us-east-1 leads to
/// one GetAccessPoint per access point, in that region; the Multi-Region list goes to
/// us-west-2, its control plane, and is recorded once for the account.
#[tokio::test(flavor = "multi_thread")]
async fn real_s3_control_answers_are_recorded_as_the_aws_cli_prints_them() {
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let canned = |operation, body| Rule::new(operation, Fault::Respond(Canned::s3_xml(body))).service("s3control");
    let proxy = FaultProxy::start(
        &moto.endpoint,
        vec![
            canned("ListAccessPoints", ACCESS_POINTS).region("us-east-1"),
            canned("GetAccessPoint", OPEN_ACCESS_POINT).parameter("Name", "stance-open-ap"),
            canned("GetAccessPoint", VPC_ACCESS_POINT).parameter("Name", "stance-vpc-ap"),
            canned("ListMultiRegionAccessPoints", MULTI_REGION_ACCESS_POINTS),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    let mut collect = isolated_command(env!("CARGO_BIN_EXE_stance"));
    collect.args(["collect", "--quiet", "--endpoint-url", &proxy.endpoint, "--region", "us-east-1", "-o"]).arg(&path);
    let collected = collect.output().unwrap();
    assert!(collected.status.success(), "collect: {}", String::from_utf8_lossy(&collected.stderr));
    let snapshot: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let control = &snapshot["calls"]["S3Control"];

    let arn = |name: &str| format!("arn:aws:s3:us-east-1:123456789012:accesspoint/{name}");
    let alias = |name: &str, id: &str| format!("{name}-{id}-s3alias");
    assert_eq!(
        control["ListAccessPoints"]["us-east-1"],
        json!({"data": {"AccessPointList": [
            {"Name": "stance-open-ap", "NetworkOrigin": "Internet", "Bucket": PRIVATE_BUCKET, "AccessPointArn": arn("stance-open-ap"), "Alias": alias("stance-open-ap", "hrzrlukc5m36ft7okagglf3gmwluquse1b"), "BucketAccountId": "123456789012"},
            {"Name": "stance-vpc-ap", "NetworkOrigin": "VPC", "VpcConfiguration": {"VpcId": "vpc-1a2b3c4d"}, "Bucket": PRIVATE_BUCKET, "AccessPointArn": arn("stance-vpc-ap"), "Alias": alias("stance-vpc-ap", "n7b2aqgcxsiyufvvnwamfzfqz3mgeuse1b"), "BucketAccountId": "123456789012"}
        ]}})
    );
    assert_eq!(
        control["GetAccessPoint"]["us-east-1"][arn("stance-open-ap")],
        json!({"data": {
            "Name": "stance-open-ap", "Bucket": PRIVATE_BUCKET, "NetworkOrigin": "Internet",
            "PublicAccessBlockConfiguration": {"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": false},
            "CreationDate": "2026-06-30T12:00:00Z", "Alias": alias("stance-open-ap", "hrzrlukc5m36ft7okagglf3gmwluquse1b"),
            "AccessPointArn": arn("stance-open-ap"), "Endpoints": {"ipv4": "s3-accesspoint.us-east-1.amazonaws.com"}, "BucketAccountId": "123456789012"
        }})
    );
    assert_eq!(
        control["GetAccessPoint"]["us-east-1"][arn("stance-vpc-ap")]["data"]["VpcConfiguration"],
        json!({"VpcId": "vpc-1a2b3c4d"})
    );
    assert_eq!(
        control["ListMultiRegionAccessPoints"]["global"],
        json!({"data": {"AccessPoints": [{
            "Name": "stance-global", "Alias": "mfzwi23gnjvgw.mrap", "CreatedAt": "2026-06-30T12:00:00Z",
            "PublicAccessBlock": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": false},
            "Status": "READY",
            "Regions": [
                {"Bucket": PRIVATE_BUCKET, "Region": "eu-west-1", "BucketAccountId": "123456789012"},
                {"Bucket": REPLICA_BUCKET, "Region": "us-east-1", "BucketAccountId": "123456789012"}
            ]
        }]}})
    );
    let log = proxy.log();
    let mrap_regions: Vec<&str> = log
        .iter()
        .filter(|seen| seen.operation == "ListMultiRegionAccessPoints")
        .map(|seen| seen.region.as_str())
        .collect();
    assert_eq!(mrap_regions, ["us-west-2"], "ListMultiRegionAccessPoints goes to its control plane once");
}

/// IAM's answer to GenerateServiceLastAccessedDetails, as the IAM API reference shows it.
const LAST_ACCESSED_JOB: &str = r#"<GenerateServiceLastAccessedDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GenerateServiceLastAccessedDetailsResult>
    <JobId>examplef-1305-c245-eba4-71fe298bcda7</JobId>
  </GenerateServiceLastAccessedDetailsResult>
  <ResponseMetadata><RequestId>f3a1b2c4-0d5e-4f6a-8b7c-9d0e1f2a3b4c</RequestId></ResponseMetadata>
</GenerateServiceLastAccessedDetailsResponse>"#;

const LAST_ACCESSED_RUNNING: &str = r#"<GetServiceLastAccessedDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetServiceLastAccessedDetailsResult>
    <JobStatus>IN_PROGRESS</JobStatus>
    <JobType>SERVICE_LEVEL</JobType>
    <JobCreationDate>2026-06-30T11:59:58.466Z</JobCreationDate>
    <ServicesLastAccessed/>
    <IsTruncated>false</IsTruncated>
  </GetServiceLastAccessedDetailsResult>
  <ResponseMetadata><RequestId>0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</RequestId></ResponseMetadata>
</GetServiceLastAccessedDetailsResponse>"#;

const LAST_ACCESSED_DONE: &str = r#"<GetServiceLastAccessedDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetServiceLastAccessedDetailsResult>
    <IsTruncated>false</IsTruncated>
    <JobCreationDate>2026-06-30T11:59:58.466Z</JobCreationDate>
    <ServicesLastAccessed>
      <member>
        <ServiceName>Amazon Simple Storage Service</ServiceName>
        <LastAuthenticated>2026-06-29T19:11:00Z</LastAuthenticated>
        <ServiceNamespace>s3</ServiceNamespace>
        <LastAuthenticatedEntity>arn:aws:iam::123456789012:user/alice</LastAuthenticatedEntity>
        <LastAuthenticatedRegion>us-east-1</LastAuthenticatedRegion>
        <TotalAuthenticatedEntities>1</TotalAuthenticatedEntities>
      </member>
      <member>
        <ServiceName>Amazon Bedrock</ServiceName>
        <ServiceNamespace>bedrock</ServiceNamespace>
        <TotalAuthenticatedEntities>0</TotalAuthenticatedEntities>
      </member>
    </ServicesLastAccessed>
    <JobCompletionDate>2026-06-30T12:00:01.241Z</JobCompletionDate>
    <JobStatus>COMPLETED</JobStatus>
    <JobType>SERVICE_LEVEL</JobType>
  </GetServiceLastAccessedDetailsResult>
  <ResponseMetadata><RequestId>1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e</RequestId></ResponseMetadata>
</GetServiceLastAccessedDetailsResponse>"#;

/// A user's last-accessed job, answered as IAM does (moto does not implement it): started, still
/// running at the first ask, done at the second. stance polls until it is done and records the
/// finished report as the AWS CLI prints it; the other principals' jobs, which moto cannot
/// start, are recorded `unsupported`.
#[tokio::test(flavor = "multi_thread")]
async fn a_last_accessed_job_is_polled_until_done_and_recorded_as_the_aws_cli_prints_it() {
    let moto = Moto::start_with_aws_managed_policies();
    seed_insecure_account(&moto).await;
    let (alice, job) = ("arn:aws:iam::123456789012:user/alice", "examplef-1305-c245-eba4-71fe298bcda7");
    let rules = vec![
        Rule::new("GenerateServiceLastAccessedDetails", Fault::Respond(Canned::query_xml(LAST_ACCESSED_JOB)))
            .parameter("Arn", alice),
        Rule::new("GetServiceLastAccessedDetails", Fault::Respond(Canned::query_xml(LAST_ACCESSED_RUNNING)))
            .parameter("JobId", job)
            .times(1),
        Rule::new("GetServiceLastAccessedDetails", Fault::Respond(Canned::query_xml(LAST_ACCESSED_DONE)))
            .parameter("JobId", job),
    ];
    let proxy = FaultProxy::start(&moto.endpoint, rules);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snapshot.json");
    let mut collect = isolated_command(env!("CARGO_BIN_EXE_stance"));
    collect.args(["collect", "--quiet", "--endpoint-url", &proxy.endpoint, "--region", "us-east-1", "-o"]).arg(&path);
    let collected = collect.output().unwrap();
    assert!(collected.status.success(), "collect: {}", String::from_utf8_lossy(&collected.stderr));
    let snapshot: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    let asked: Vec<bool> = proxy
        .log()
        .iter()
        .filter(|seen| seen.operation == "GetServiceLastAccessedDetails")
        .map(|seen| seen.parameters.get("JobId").map(String::as_str) == Some(job))
        .collect();
    assert_eq!(asked, [true, true], "asked twice, for alice's job only");
    let iam = &snapshot["calls"]["IAM"];
    let printed = aws_cli(&proxy.endpoint, "us-east-1", &["iam", "get-service-last-accessed-details", "--job-id", job])
        .unwrap_or_else(|stderr| panic!("aws iam get-service-last-accessed-details: {stderr}"));
    assert_eq!(printed["JobStatus"], "COMPLETED");
    assert_eq!(iam["GetServiceLastAccessedDetails"]["global"][alice], json!({"data": printed}));
    let started = &iam["GenerateServiceLastAccessedDetails"]["global"];
    assert_eq!(started[alice], json!({"data": {"JobId": job}}));
    let others: Vec<&str> =
        started.as_object().unwrap().keys().map(String::as_str).filter(|arn| *arn != alice).collect();
    assert!(!others.is_empty(), "the seeded account has other users and roles");
    for arn in others {
        assert_eq!(started[arn]["error"]["kind"], "unsupported", "{arn}: {}", started[arn]);
        assert!(iam["GetServiceLastAccessedDetails"]["global"].get(arn).is_none(), "{arn}: no job, no report");
    }
}
