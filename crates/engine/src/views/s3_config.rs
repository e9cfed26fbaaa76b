//! S3 bucket configuration: encryption, versioning, lifecycle, Object Lock, replication,
//! website hosting, tags, Transfer Acceleration, event notifications, and the HeadBucket probes
//! of predictable bucket names. Per-bucket calls are keyed by the bucket's ARN and made in the
//! bucket's region (see [`super::s3`], whose `each_bucket` walks them).

use serde::Deserialize;

use super::Text;
use crate::check::Call;
use crate::context::{Context, Unknown};
use crate::settings::Setting;

pub const GET_BUCKET_LOCATION: Call<GetBucketLocation> = Call::new("S3", "GetBucketLocation");
pub const GET_BUCKET_ENCRYPTION: Call<GetBucketEncryption> = Call::new("S3", "GetBucketEncryption");
pub const GET_BUCKET_VERSIONING: Call<GetBucketVersioning> = Call::new("S3", "GetBucketVersioning");
pub const GET_BUCKET_LIFECYCLE_CONFIGURATION: Call<GetBucketLifecycleConfiguration> =
    Call::new("S3", "GetBucketLifecycleConfiguration");
pub const GET_OBJECT_LOCK_CONFIGURATION: Call<GetObjectLockConfiguration> =
    Call::new("S3", "GetObjectLockConfiguration");
pub const GET_BUCKET_REPLICATION: Call<GetBucketReplication> = Call::new("S3", "GetBucketReplication");
pub const GET_BUCKET_WEBSITE: Call<GetBucketWebsite> = Call::new("S3", "GetBucketWebsite");
pub const GET_BUCKET_TAGGING: Call<GetBucketTagging> = Call::new("S3", "GetBucketTagging");
pub const GET_BUCKET_ACCELERATE_CONFIGURATION: Call<GetBucketAccelerateConfiguration> =
    Call::new("S3", "GetBucketAccelerateConfiguration");
pub const GET_BUCKET_NOTIFICATION_CONFIGURATION: Call<GetBucketNotificationConfiguration> =
    Call::new("S3", "GetBucketNotificationConfiguration");
/// The first keys of a bucket (a sample; the snapshot holds one page).
pub const LIST_OBJECTS_V2: Call<ListObjectsV2> = Call::new("S3", "ListObjectsV2");
/// The ACL of each object ListObjectsV2 sampled, keyed by the object's ARN (`BUCKET_ARN/KEY`):
/// the same shape as a bucket's ACL.
pub const GET_OBJECT_ACL: Call<crate::views::s3::GetBucketAcl> = Call::new("S3", "GetObjectAcl");
/// Probes of predictable bucket names that are not in ListBuckets, keyed `global` and by the
/// name's ARN: data when S3 answers 200, otherwise the HTTP status as the error's code.
pub const HEAD_BUCKET: Call<HeadBucket> = Call::new("S3", "HeadBucket");

/// CloudSploit's exemption of buckets that host static websites from encryption requirements.
pub static S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES: Setting<bool> = Setting::new(
    "s3_allow_unencrypted_static_websites",
    "false",
    "Exempt buckets configured for static website hosting from the encryption requirement.",
);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLocation {
    /// The region; empty or absent for us-east-1, `EU` for eu-west-1 (legacy).
    pub location_constraint: Option<Text>,
}

impl GetBucketLocation {
    /// The bucket's region, as S3 documents LocationConstraint.
    pub fn region(&self) -> &str {
        match self.location_constraint.as_deref() {
            None | Some("") => "us-east-1",
            Some("EU") => "eu-west-1",
            Some(region) => region,
        }
    }
}

/// A bucket's region from its GetBucketLocation answer.
pub fn bucket_location(ctx: &Context, bucket_arn: &str) -> Result<String, Unknown> {
    match ctx.read_resource(GET_BUCKET_LOCATION, bucket_arn).1? {
        Some(location) => Ok(location.region().to_owned()),
        None => Err(Unknown::new(format!("S3 GetBucketLocation gave no location for {bucket_arn}"))),
    }
}

/// The name of a bucket from its ARN (`arn:aws:s3:::NAME`), or `None` for another ARN.
pub fn bucket_name_from_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("s3"), Some(""), Some(""), Some(name)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketEncryption {
    pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionConfiguration {
    #[serde(default)]
    pub rules: Box<[EncryptionRule]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EncryptionRule {
    pub apply_server_side_encryption_by_default: Option<ApplyServerSideEncryptionByDefault>,
}

#[derive(Debug, Deserialize)]
pub struct ApplyServerSideEncryptionByDefault {
    /// `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS).
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: Text,
    /// A key id, key ARN, alias name or alias ARN; absent for the AWS managed key `aws/s3`.
    #[serde(rename = "KMSMasterKeyID")]
    pub kms_master_key_id: Option<Text>,
}

/// How new objects of a bucket are encrypted when a request names no encryption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultEncryption<'a> {
    /// SSE-S3: set as the bucket's rule (`configured`), or S3's own default, which applies to
    /// every bucket without a rule since January 2023.
    S3 { configured: bool },
    /// SSE-KMS (`aws:kms`) or DSSE-KMS (`aws:kms:dsse`), with the key the rule names.
    Kms { algorithm: &'a str, key: Option<&'a str> },
    /// An algorithm stance does not know.
    Other(&'a str),
}

impl DefaultEncryption<'_> {
    /// The encryption of a GetBucketEncryption answer (`None`: not configured). S3 applies only
    /// one rule, the first.
    pub fn of(data: Option<&GetBucketEncryption>) -> DefaultEncryption<'_> {
        let rule = data.and_then(|data| data.server_side_encryption_configuration.rules.first());
        match rule.and_then(|rule| rule.apply_server_side_encryption_by_default.as_ref()) {
            None => DefaultEncryption::S3 { configured: false },
            Some(sse) => match sse.sse_algorithm.as_str() {
                "AES256" => DefaultEncryption::S3 { configured: true },
                algorithm @ ("aws:kms" | "aws:kms:dsse") => {
                    DefaultEncryption::Kms { algorithm, key: sse.kms_master_key_id.as_deref() }
                }
                other => DefaultEncryption::Other(other),
            },
        }
    }

    /// `SSE-S3 (AES256)`, `aws:kms with key K`, for messages.
    pub fn describe(&self) -> String {
        match self {
            DefaultEncryption::S3 { configured: true } => "SSE-S3 (AES256)".to_owned(),
            DefaultEncryption::S3 { configured: false } => {
                "SSE-S3, S3's default (no encryption rule of its own)".to_owned()
            }
            DefaultEncryption::Kms { algorithm, key: Some(key) } => format!("{algorithm} with key {key}"),
            DefaultEncryption::Kms { algorithm, key: None } => format!("{algorithm} with the AWS managed key aws/s3"),
            DefaultEncryption::Other(algorithm) => format!("algorithm {algorithm}"),
        }
    }
}

/// What the form of a bucket's KMSMasterKeyID tells of its key, without KMS data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KmsKey<'a> {
    /// No key named (S3 then uses `aws/s3`), or an alias under `alias/aws/`, which AWS reserves
    /// for its managed keys.
    AwsManaged,
    /// An alias of the account's own (`alias/NAME`, or its ARN): aliases outside `alias/aws/`
    /// can only name customer managed keys.
    CustomerAlias(&'a str),
    /// A key ARN of another account: customer managed, since an AWS managed key serves only its
    /// own account.
    OtherAccount(&'a str),
    /// A key id or key ARN of this account, which may be the AWS managed key or a customer
    /// managed one: telling takes KMS DescribeKey.
    Undecided(&'a str),
}

impl KmsKey<'_> {
    /// The alias name (`alias/NAME`) a KMSMasterKeyID gives, `alias/aws/s3` when it is absent
    /// (S3 then uses that key), or `None` for a key id or key ARN.
    pub fn alias(key: Option<&str>) -> Option<&str> {
        let Some(key) = key else { return Some("alias/aws/s3") };
        if key.starts_with("alias/") {
            Some(key)
        } else {
            key.find(":alias/").map(|at| &key[at + 1..]).filter(|_| key.starts_with("arn:"))
        }
    }

    /// The key of a KMSMasterKeyID (`None`: absent), for a bucket of `account`.
    pub fn of<'a>(key: Option<&'a str>, account: &str) -> KmsKey<'a> {
        if let Some(alias) = KmsKey::alias(key) {
            return if alias.starts_with("alias/aws/") { KmsKey::AwsManaged } else { KmsKey::CustomerAlias(alias) };
        }
        let Some(key) = key else { return KmsKey::AwsManaged };
        let key_account = key.starts_with("arn:").then(|| key.split(':').nth(4)).flatten();
        match key_account {
            Some(owner) if !owner.is_empty() && owner != account => KmsKey::OtherAccount(key),
            _ => KmsKey::Undecided(key),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketVersioning {
    /// `Enabled` or `Suspended`; absent when versioning was never turned on.
    pub status: Option<Text>,
    #[serde(rename = "MFADelete")]
    pub mfa_delete: Option<Text>,
}

impl GetBucketVersioning {
    pub fn enabled(&self) -> bool {
        self.status.as_deref() == Some("Enabled")
    }

    pub fn mfa_delete_enabled(&self) -> bool {
        self.mfa_delete.as_deref() == Some("Enabled")
    }

    /// `enabled`, `suspended`, `never enabled`, for messages.
    pub fn describe(&self) -> String {
        match self.status.as_deref() {
            None | Some("") => "never enabled".to_owned(),
            Some(status) => status.to_lowercase(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketLifecycleConfiguration {
    #[serde(default)]
    pub rules: Box<[LifecycleRule]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleRule {
    #[serde(rename = "ID")]
    pub id: Option<Text>,
    /// `Enabled` or `Disabled`.
    pub status: Text,
    pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
    #[serde(default)]
    pub noncurrent_version_transitions: Box<[NoncurrentVersionTransition]>,
}

/// Its members (when noncurrent versions expire) do not matter to the checks.
#[derive(Debug, Deserialize)]
pub struct NoncurrentVersionExpiration {}

/// Its members (when noncurrent versions move, and where) do not matter to the checks.
#[derive(Debug, Deserialize)]
pub struct NoncurrentVersionTransition {}

impl LifecycleRule {
    pub fn enabled(&self) -> bool {
        self.status == "Enabled"
    }

    /// Whether the rule expires or transitions noncurrent object versions.
    pub fn acts_on_noncurrent_versions(&self) -> bool {
        self.noncurrent_version_expiration.is_some() || !self.noncurrent_version_transitions.is_empty()
    }

    /// The rule's id for messages (`(no id)` when it has none).
    pub fn name(&self) -> &str {
        self.id.as_deref().filter(|id| !id.is_empty()).unwrap_or("(no id)")
    }
}

impl GetBucketLifecycleConfiguration {
    pub fn enabled_rules(&self) -> impl Iterator<Item = &LifecycleRule> {
        self.rules.iter().filter(|rule| rule.enabled())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectLockConfiguration {
    pub object_lock_configuration: ObjectLockConfiguration,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectLockConfiguration {
    /// `Enabled` (the only value S3 knows).
    pub object_lock_enabled: Option<Text>,
    pub rule: Option<ObjectLockRule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ObjectLockRule {
    pub default_retention: Option<DefaultRetention>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DefaultRetention {
    /// `GOVERNANCE` or `COMPLIANCE`.
    pub mode: Option<Text>,
    pub days: Option<i64>,
    pub years: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketReplication {
    pub replication_configuration: ReplicationConfiguration,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationConfiguration {
    #[serde(default)]
    pub rules: Box<[ReplicationRule]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationRule {
    #[serde(rename = "ID")]
    pub id: Option<Text>,
    /// `Enabled` or `Disabled`.
    pub status: Text,
    pub destination: ReplicationDestination,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationDestination {
    /// The destination bucket's ARN.
    pub bucket: Text,
}

impl ReplicationRule {
    pub fn enabled(&self) -> bool {
        self.status == "Enabled"
    }

    pub fn name(&self) -> &str {
        self.id.as_deref().filter(|id| !id.is_empty()).unwrap_or("(no id)")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketWebsite {
    pub index_document: Option<IndexDocument>,
    pub redirect_all_requests_to: Option<RedirectAllRequestsTo>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexDocument {
    pub suffix: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectAllRequestsTo {
    pub host_name: Text,
}

impl GetBucketWebsite {
    /// What the website does, for messages; `None` for an answer with neither an index document
    /// nor a redirect, which S3 does not store.
    pub fn describe(&self) -> Option<String> {
        match (&self.index_document, &self.redirect_all_requests_to) {
            (Some(index), _) => Some(format!("serves a website (index document {})", index.suffix)),
            (None, Some(redirect)) => {
                Some(format!("serves a website that redirects every request to {}", redirect.host_name))
            }
            (None, None) => None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketTagging {
    #[serde(default)]
    pub tag_set: Box<[Tag]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketAccelerateConfiguration {
    /// `Enabled` or `Suspended`; absent when never configured.
    pub status: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetBucketNotificationConfiguration {
    #[serde(default)]
    pub topic_configurations: Box<[TopicConfiguration]>,
    #[serde(default)]
    pub queue_configurations: Box<[QueueConfiguration]>,
    #[serde(default)]
    pub lambda_function_configurations: Box<[LambdaFunctionConfiguration]>,
    /// Present (`{}`) when the bucket sends its events to EventBridge.
    pub event_bridge_configuration: Option<EventBridgeConfiguration>,
}

/// One destination of the bucket's events; which, and for which events, does not matter to
/// the checks.
#[derive(Debug, Deserialize)]
pub struct TopicConfiguration {}

/// One destination of the bucket's events; which, and for which events, does not matter to
/// the checks.
#[derive(Debug, Deserialize)]
pub struct QueueConfiguration {}

/// One destination of the bucket's events; which, and for which events, does not matter to
/// the checks.
#[derive(Debug, Deserialize)]
pub struct LambdaFunctionConfiguration {}

#[derive(Debug, Deserialize)]
pub struct EventBridgeConfiguration {}

impl GetBucketNotificationConfiguration {
    /// The destinations events go to, by kind, for messages: `2 SNS topics, EventBridge`.
    pub fn destinations(&self) -> Vec<String> {
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        [
            count(self.topic_configurations.len(), "SNS topic", "SNS topics"),
            count(self.queue_configurations.len(), "SQS queue", "SQS queues"),
            count(self.lambda_function_configurations.len(), "Lambda function", "Lambda functions"),
            self.event_bridge_configuration.as_ref().map(|_| "EventBridge".to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListObjectsV2 {
    #[serde(default)]
    pub contents: Box<[Object]>,
    pub key_count: Option<i64>,
}

/// A listed object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Object {
    pub key: String,
}

impl ListObjectsV2 {
    /// Whether the bucket holds no (current) object: no key listed, and a key count of 0.
    pub fn is_empty(&self) -> bool {
        self.contents.is_empty() && self.key_count.unwrap_or(0) == 0
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HeadBucket {
    pub bucket_region: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn locations_follow_s3s_legacy_values() {
        let region = |json| parse::<GetBucketLocation>(json).region().to_owned();
        assert_eq!(region(serde_json::json!({"LocationConstraint": null})), "us-east-1");
        assert_eq!(region(serde_json::json!({"LocationConstraint": ""})), "us-east-1");
        assert_eq!(region(serde_json::json!({})), "us-east-1");
        assert_eq!(region(serde_json::json!({"LocationConstraint": "EU"})), "eu-west-1");
        assert_eq!(region(serde_json::json!({"LocationConstraint": "ap-south-2"})), "ap-south-2");
    }

    #[test]
    fn bucket_names_come_from_bucket_arns_only() {
        assert_eq!(bucket_name_from_arn("arn:aws:s3:::backup-eu"), Some("backup-eu"));
        assert_eq!(bucket_name_from_arn("arn:aws-cn:s3:::b"), Some("b"));
        assert_eq!(bucket_name_from_arn("arn:aws:s3:::b/key"), None, "an object");
        assert_eq!(bucket_name_from_arn("arn:aws:s3:us-east-1:1:accesspoint/ap"), None);
        assert_eq!(bucket_name_from_arn("backup-eu"), None);
        assert_eq!(bucket_name_from_arn("arn:aws:s3:::"), None);
    }

    #[test]
    fn default_encryption_is_sse_s3_without_a_rule() {
        assert_eq!(DefaultEncryption::of(None), DefaultEncryption::S3 { configured: false });
        let empty: GetBucketEncryption = parse(serde_json::json!({"ServerSideEncryptionConfiguration": {"Rules": []}}));
        assert_eq!(DefaultEncryption::of(Some(&empty)), DefaultEncryption::S3 { configured: false });
        let kms: GetBucketEncryption = parse(serde_json::json!({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms:dsse", "KMSMasterKeyID": "alias/k"}}
        ]}}));
        assert_eq!(
            DefaultEncryption::of(Some(&kms)),
            DefaultEncryption::Kms { algorithm: "aws:kms:dsse", key: Some("alias/k") }
        );
        let aes: GetBucketEncryption = parse(serde_json::json!({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}
        ]}}));
        assert_eq!(DefaultEncryption::of(Some(&aes)), DefaultEncryption::S3 { configured: true });
    }

    #[test]
    fn kms_keys_are_told_apart_by_form_only_where_the_form_decides() {
        let account = "123456789012";
        assert_eq!(KmsKey::of(None, account), KmsKey::AwsManaged);
        assert_eq!(KmsKey::of(Some("alias/aws/s3"), account), KmsKey::AwsManaged);
        assert_eq!(KmsKey::of(Some("arn:aws:kms:eu-west-1:123456789012:alias/aws/s3"), account), KmsKey::AwsManaged);
        assert_eq!(KmsKey::of(Some("alias/data"), account), KmsKey::CustomerAlias("alias/data"));
        assert_eq!(
            KmsKey::of(Some("arn:aws:kms:eu-west-1:123456789012:alias/data"), account),
            KmsKey::CustomerAlias("alias/data")
        );
        let foreign = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(KmsKey::of(Some(foreign), account), KmsKey::OtherAccount(foreign));
        let own = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(KmsKey::of(Some(own), account), KmsKey::Undecided(own));
        let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(KmsKey::of(Some(id), account), KmsKey::Undecided(id));
        assert_eq!(KmsKey::alias(None), Some("alias/aws/s3"));
        assert_eq!(KmsKey::alias(Some("arn:aws:kms:eu-west-1:123456789012:alias/data")), Some("alias/data"));
        assert_eq!(KmsKey::alias(Some(own)), None);
    }

    #[test]
    fn versioning_never_configured_is_not_suspended() {
        let never: GetBucketVersioning = parse(serde_json::json!({}));
        assert!(!never.enabled() && !never.mfa_delete_enabled());
        assert_eq!(never.describe(), "never enabled");
        let suspended: GetBucketVersioning = parse(serde_json::json!({"Status": "Suspended", "MFADelete": "Enabled"}));
        assert!(!suspended.enabled() && suspended.mfa_delete_enabled());
        assert_eq!(suspended.describe(), "suspended");
    }

    #[test]
    fn lifecycle_rules_act_on_noncurrent_versions_by_expiration_or_transition() {
        let config: GetBucketLifecycleConfiguration = parse(serde_json::json!({"Rules": [
            {"ID": "off", "Status": "Disabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}},
            {"ID": "current", "Status": "Enabled", "Expiration": {"Days": 30}},
            {"ID": "move", "Status": "Enabled", "NoncurrentVersionTransitions": [{"NoncurrentDays": 30, "StorageClass": "GLACIER"}]},
        ]}));
        let enabled: Vec<_> = config.enabled_rules().map(LifecycleRule::name).collect();
        assert_eq!(enabled, ["current", "move"]);
        assert!(!config.rules[1].acts_on_noncurrent_versions());
        assert!(config.rules[2].acts_on_noncurrent_versions());
        assert!(config.rules[0].acts_on_noncurrent_versions(), "though disabled");
    }

    #[test]
    fn notification_destinations_are_counted_by_kind() {
        let config: GetBucketNotificationConfiguration = parse(serde_json::json!({
            "TopicConfigurations": [
                {"TopicArn": "arn:aws:sns:us-east-1:1:a", "Events": ["s3:ObjectCreated:*"]},
                {"TopicArn": "arn:aws:sns:us-east-1:1:b", "Events": ["s3:ObjectRemoved:*"]}
            ],
            "EventBridgeConfiguration": {}
        }));
        assert_eq!(config.destinations(), ["2 SNS topics", "EventBridge"]);
        let none: GetBucketNotificationConfiguration = parse(serde_json::json!({}));
        assert!(none.destinations().is_empty());
    }

    #[test]
    fn a_listing_is_empty_only_without_keys() {
        let empty: ListObjectsV2 = parse(serde_json::json!({"KeyCount": 0, "MaxKeys": 3, "Name": "b"}));
        assert!(empty.is_empty());
        let full: ListObjectsV2 = parse(serde_json::json!({"Contents": [{"Key": "index.html"}], "KeyCount": 1}));
        assert!(!full.is_empty());
        let counted: ListObjectsV2 = parse(serde_json::json!({"KeyCount": 2}));
        assert!(!counted.is_empty(), "a count without keys is not an empty bucket");
    }
}
