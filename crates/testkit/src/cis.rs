//! The services the CIS AWS Foundations Benchmark reads beyond IAM, EC2 and S3, seeded with an
//! OK and a FAIL case for each control moto can serve.

use aws_config::SdkConfig;

use crate::{LOG_BUCKET, OWN_ACCOUNT, PRIVATE_BUCKET, PUBLIC_BUCKET};

/// The log group the multi-region trail delivers to, in us-east-1.
pub const TRAIL_LOG_GROUP: &str = "cloudtrail-logs";
/// A log group no trail delivers to, in us-east-1.
pub const APP_LOG_GROUP: &str = "app-logs";
/// The topic the alarms notify, with one email subscription (moto confirms it at once).
pub const ALERT_TOPIC: &str = "security-alerts";
/// A topic whose policy lets anyone publish.
pub const OPEN_TOPIC: &str = "open-topic";
/// us-east-1: multi-region, logging, validated, SSE-KMS, to [`TRAIL_LOG_GROUP`], with every
/// management event and every S3 object event, into [`PRIVATE_BUCKET`].
pub const MAIN_TRAIL: &str = "main";
/// eu-west-1: single-region, never started, no validation, no KMS, no log group, into
/// [`PUBLIC_BUCKET`].
pub const REGIONAL_TRAIL: &str = "regional";
/// us-east-1 RDS instances: encrypted, Multi-AZ, minor upgrades on, private / the opposite of
/// each, and public; a manual snapshot of the second, restorable by anyone.
pub const PRIVATE_DATABASE: &str = "orders-db";
pub const PUBLIC_DATABASE: &str = "legacy-db";
pub const PUBLIC_DB_SNAPSHOT: &str = "legacy-db-shared";

/// CIS 5.1's pattern, as the benchmark gives it.
pub const UNAUTHORIZED_CALLS_PATTERN: &str = r#"{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#;
/// CIS 5.4's events in another order, spacing and quoting than the benchmark's: the same
/// meaning.
pub const IAM_POLICY_CHANGES_PATTERN: &str = r#"{($.eventName="DetachGroupPolicy")||($.eventName=AttachGroupPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachRolePolicy)||($.eventName=DeletePolicyVersion)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicy)||($.eventName=CreatePolicy)||($.eventName=PutUserPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutGroupPolicy)||($.eventName=DeleteUserPolicy)||($.eventName=DeleteRolePolicy)||($.eventName = DeleteGroupPolicy)}"#;
/// CIS 5.5's pattern: its filter has no alarm.
pub const TRAIL_CHANGES_PATTERN: &str = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }";
/// CIS 5.3's pattern: its filter is on [`APP_LOG_GROUP`], which no trail feeds.
pub const ROOT_USAGE_PATTERN: &str =
    r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;

const NAMESPACE: &str = "CISBenchmark";

/// Seeds CloudTrail, CloudWatch Logs, CloudWatch, SNS, KMS, Config, Security Hub,
/// Organizations, Account, RDS and EFS (the constants above say what).
pub async fn seed_cis_services(us: &SdkConfig, eu: &SdkConfig) {
    let keys = seed_kms(us).await;
    let topic = seed_sns(us).await;
    seed_logs_and_alarms(us, &topic).await;
    seed_trails(us, eu, &keys.rotated).await;
    seed_config(us).await;
    aws_sdk_securityhub::Client::new(us).enable_security_hub().send().await.unwrap();
    seed_organization(us).await;
    seed_rds_and_efs(us).await;
}

/// us-east-1 KMS keys.
pub struct Keys {
    /// Symmetric, rotated yearly: the main trail's key.
    pub rotated: String,
    /// Symmetric, never rotated.
    pub unrotated: String,
    /// RSA, for signing: KMS cannot rotate it.
    pub asymmetric: String,
    /// Symmetric, never rotated, with a key policy that lets anyone use it.
    pub public: String,
}

async fn seed_kms(config: &SdkConfig) -> Keys {
    use aws_sdk_kms::types::{KeySpec, KeyUsageType};
    let kms = aws_sdk_kms::Client::new(config);
    let key = |created: aws_sdk_kms::operation::create_key::CreateKeyOutput| {
        created.key_metadata().unwrap().arn().unwrap().to_owned()
    };
    let rotated = key(kms.create_key().description("trail").send().await.unwrap());
    kms.enable_key_rotation().key_id(&rotated).send().await.unwrap();
    let unrotated = key(kms.create_key().description("unrotated").send().await.unwrap());
    let signing = kms.create_key().key_spec(KeySpec::Rsa2048).key_usage(KeyUsageType::SignVerify);
    let asymmetric = key(signing.send().await.unwrap());
    let open = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}
    ]});
    let public = key(kms.create_key().description("public").policy(open.to_string()).send().await.unwrap());
    Keys { rotated, unrotated, asymmetric, public }
}

/// [`ALERT_TOPIC`] with an email subscriber, and [`OPEN_TOPIC`]; returns the first's ARN.
async fn seed_sns(config: &SdkConfig) -> String {
    let sns = aws_sdk_sns::Client::new(config);
    let alerts = sns.create_topic().name(ALERT_TOPIC).send().await.unwrap().topic_arn().unwrap().to_owned();
    sns.subscribe().topic_arn(&alerts).protocol("email").endpoint("security@example.com").send().await.unwrap();
    let open = sns.create_topic().name(OPEN_TOPIC).send().await.unwrap().topic_arn().unwrap().to_owned();
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "SNS:Publish", "Resource": open}
    ]});
    sns.set_topic_attributes()
        .topic_arn(&open)
        .attribute_name("Policy")
        .attribute_value(policy.to_string())
        .send()
        .await
        .unwrap();
    alerts
}

/// The two log groups, the metric filters of CIS 5.1, 5.3, 5.4 and 5.5, and alarms on 5.1's
/// and 5.4's metrics that notify `topic`.
async fn seed_logs_and_alarms(config: &SdkConfig, topic: &str) {
    use aws_sdk_cloudwatch::types::{ComparisonOperator, Statistic};
    use aws_sdk_cloudwatchlogs::types::MetricTransformation;
    let logs = aws_sdk_cloudwatchlogs::Client::new(config);
    for group in [TRAIL_LOG_GROUP, APP_LOG_GROUP] {
        logs.create_log_group().log_group_name(group).send().await.unwrap();
    }
    let filters = [
        ("cis-5.1", TRAIL_LOG_GROUP, UNAUTHORIZED_CALLS_PATTERN),
        ("cis-5.3", APP_LOG_GROUP, ROOT_USAGE_PATTERN),
        ("cis-5.4", TRAIL_LOG_GROUP, IAM_POLICY_CHANGES_PATTERN),
        ("cis-5.5", TRAIL_LOG_GROUP, TRAIL_CHANGES_PATTERN),
    ];
    for (name, group, pattern) in filters {
        let metric = MetricTransformation::builder()
            .metric_name(name)
            .metric_namespace(NAMESPACE)
            .metric_value("1")
            .build()
            .unwrap();
        logs.put_metric_filter()
            .log_group_name(group)
            .filter_name(name)
            .filter_pattern(pattern)
            .metric_transformations(metric)
            .send()
            .await
            .unwrap();
    }
    let cloudwatch = aws_sdk_cloudwatch::Client::new(config);
    for metric in ["cis-5.1", "cis-5.3", "cis-5.4"] {
        cloudwatch
            .put_metric_alarm()
            .alarm_name(format!("{metric}-alarm"))
            .metric_name(metric)
            .namespace(NAMESPACE)
            .statistic(Statistic::Sum)
            .period(300)
            .evaluation_periods(1)
            .threshold(1.0)
            .comparison_operator(ComparisonOperator::GreaterThanOrEqualToThreshold)
            .alarm_actions(topic)
            .send()
            .await
            .unwrap();
    }
}

async fn seed_trails(us: &SdkConfig, eu: &SdkConfig, key: &str) {
    use aws_sdk_cloudtrail::types::{DataResource, EventSelector, ReadWriteType};
    let trails = aws_sdk_cloudtrail::Client::new(us);
    let role = format!("arn:aws:iam::{OWN_ACCOUNT}:role/web");
    trails
        .create_trail()
        .name(MAIN_TRAIL)
        .s3_bucket_name(PRIVATE_BUCKET)
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .kms_key_id(key)
        .cloud_watch_logs_log_group_arn(format!("arn:aws:logs:us-east-1:{OWN_ACCOUNT}:log-group:{TRAIL_LOG_GROUP}:*"))
        .cloud_watch_logs_role_arn(role)
        .send()
        .await
        .unwrap();
    trails.start_logging().name(MAIN_TRAIL).send().await.unwrap();
    let objects = DataResource::builder().r#type("AWS::S3::Object").values("arn:aws:s3").build();
    let everything = EventSelector::builder()
        .read_write_type(ReadWriteType::All)
        .include_management_events(true)
        .data_resources(objects)
        .build();
    trails.put_event_selectors().trail_name(MAIN_TRAIL).event_selectors(everything).send().await.unwrap();
    let regional = aws_sdk_cloudtrail::Client::new(eu);
    regional.create_trail().name(REGIONAL_TRAIL).s3_bucket_name(PUBLIC_BUCKET).send().await.unwrap();
}

/// A recorder of every resource type, global ones included, in us-east-1 only.
async fn seed_config(config: &SdkConfig) {
    use aws_sdk_config::types::{ConfigurationRecorder, DeliveryChannel, RecordingGroup};
    let recorder_service = aws_sdk_config::Client::new(config);
    let everything = RecordingGroup::builder().all_supported(true).include_global_resource_types(true).build();
    let recorder = ConfigurationRecorder::builder()
        .name("default")
        .role_arn(format!("arn:aws:iam::{OWN_ACCOUNT}:role/web"))
        .recording_group(everything)
        .build();
    recorder_service.put_configuration_recorder().configuration_recorder(recorder).send().await.unwrap();
    let channel = DeliveryChannel::builder().name("default").s3_bucket_name(LOG_BUCKET).build();
    recorder_service.put_delivery_channel().delivery_channel(channel).send().await.unwrap();
    recorder_service.start_configuration_recorder().configuration_recorder_name("default").send().await.unwrap();
}

/// An organization with every feature, managed from this account, with one member account
/// delegated to administer IAM Access Analyzer; and a security contact.
async fn seed_organization(config: &SdkConfig) {
    use aws_sdk_account::types::AlternateContactType;
    use aws_sdk_organizations::types::OrganizationFeatureSet;
    let organizations = aws_sdk_organizations::Client::new(config);
    organizations.create_organization().feature_set(OrganizationFeatureSet::All).send().await.unwrap();
    let created =
        organizations.create_account().account_name("security").email("security@example.com").send().await.unwrap();
    let member = created.create_account_status().and_then(|status| status.account_id()).unwrap().to_owned();
    organizations
        .register_delegated_administrator()
        .account_id(member)
        .service_principal("access-analyzer.amazonaws.com")
        .send()
        .await
        .unwrap();
    aws_sdk_account::Client::new(config)
        .put_alternate_contact()
        .alternate_contact_type(AlternateContactType::Security)
        .email_address("security@example.com")
        .name("Security team")
        .phone_number("+1-555-0100")
        .title("CISO")
        .send()
        .await
        .unwrap();
}

async fn seed_rds_and_efs(config: &SdkConfig) {
    let rds = aws_sdk_rds::Client::new(config);
    let database = |name: &str, engine: &str, secure: bool| {
        rds.create_db_instance()
            .db_instance_identifier(name)
            .engine(engine)
            .db_instance_class("db.t3.micro")
            .allocated_storage(20)
            .master_username("admin")
            .master_user_password("Correct-Horse-9")
            .storage_encrypted(secure)
            .multi_az(secure)
            .auto_minor_version_upgrade(secure)
            .publicly_accessible(!secure)
            .backup_retention_period(7)
            .db_subnet_group_name("default-vpc")
            .send()
    };
    // AWS gives every instance a DB subnet group (the default VPC's when none is named); moto
    // gives none unless one is named.
    let ec2 = aws_sdk_ec2::Client::new(config);
    let subnets = ec2.describe_subnets().send().await.unwrap();
    let default_subnets =
        subnets.subnets().iter().filter(|subnet| subnet.default_for_az() == Some(true)).filter_map(|s| s.subnet_id());
    rds.create_db_subnet_group()
        .db_subnet_group_name("default-vpc")
        .db_subnet_group_description("the default VPC's subnets")
        .set_subnet_ids(Some(default_subnets.map(str::to_owned).collect()))
        .send()
        .await
        .unwrap();
    database(PRIVATE_DATABASE, "mysql", true).await.unwrap();
    database(PUBLIC_DATABASE, "postgres", false).await.unwrap();
    rds.create_db_snapshot()
        .db_instance_identifier(PUBLIC_DATABASE)
        .db_snapshot_identifier(PUBLIC_DB_SNAPSHOT)
        .send()
        .await
        .unwrap();
    rds.modify_db_snapshot_attribute()
        .db_snapshot_identifier(PUBLIC_DB_SNAPSHOT)
        .attribute_name("restore")
        .values_to_add("all")
        .send()
        .await
        .unwrap();
    let efs = aws_sdk_efs::Client::new(config);
    for (token, encrypted) in [("encrypted-files", true), ("plain-files", false)] {
        efs.create_file_system().creation_token(token).encrypted(encrypted).send().await.unwrap();
    }
}
