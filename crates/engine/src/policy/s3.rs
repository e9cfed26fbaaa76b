//! Bucket policies as S3 reads them: which statements S3 counts as public (the definition Block
//! Public Access and GetBucketPolicyStatus apply), whether the policy refuses plaintext requests
//! (`aws:SecureTransport`), and whether it refuses uploads without server-side encryption.
//!
//! **Public**, by the S3 User Guide ("The meaning of public"): S3 starts from "public" and
//! counts a policy non-public only when each grant to everyone is confined to *fixed* values
//! (no wildcard, no policy variable) of these keys: an AWS principal (`aws:PrincipalArn`,
//! `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:userid` outside
//! the form `ROLEID:*`), `aws:SourceIp` (CIDR blocks no broader than /8 for IPv4 and /32 for
//! IPv6), `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`,
//! `aws:SourceAccount`, `s3:DataAccessPointArn` (in a bucket policy the access point name may
//! be a wildcard when the account is fixed) and `s3:DataAccessPointAccount`. Other keys that
//! [`RESTRICTING_KEYS`](super::RESTRICTING_KEYS) knows (`aws:VpceAccount`, `aws:SourceOrgID`, …)
//! are not in S3's list, so here they leave a grant public. A Deny never makes a policy public;
//! a Deny that reaches everyone and leaves the grant only to fixed values of those keys (or to
//! no one) confines it.

use serde::Serialize;

use super::condition::{ConditionSeen, Operator, Verdict};
use super::document::{Actions, Document, Effect, Principal, Principals, Statement};
use super::evaluate::{StatementRef, deny_covers, deny_covers_action};
use super::principal::{OpenPrincipal, OpenStatement, open_statements};
use super::wildcard::{self, Case};

/// The keys whose fixed values make a grant to everyone non-public, by S3's definition.
pub const S3_NON_PUBLIC_KEYS: &[&str] = &[
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "aws:SourceIp",
    "aws:SourceArn",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:SourceOwner",
    "aws:SourceAccount",
    "s3:DataAccessPointArn",
    "s3:DataAccessPointAccount",
];

/// Actions that read a bucket's data or its access settings (`s3:*` and `s3:Get*` take them in).
const READ_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:GetObjectAcl",
    "s3:GetBucketAcl",
    "s3:GetBucketPolicy",
];

/// Actions that change a bucket's objects or its configuration.
const WRITE_ACTIONS: &[&str] = &[
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl",
    "s3:RestoreObject",
    "s3:AbortMultipartUpload",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:PutObjectRetention",
    "s3:BypassGovernanceRetention",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketVersioning",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketWebsite",
    "s3:PutReplicationConfiguration",
    "s3:DeleteBucket",
];

/// A statement of a bucket policy that S3 counts as public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicGrant {
    pub statement: StatementRef,
    pub principal: OpenPrincipal,
    /// It grants some of [`READ_ACTIONS`].
    pub reads: bool,
    /// It grants some of [`WRITE_ACTIONS`].
    pub writes: bool,
    /// Conditions that restrict for IAM in general but not by S3's definition (a wildcard
    /// value, a key S3 does not list, an address range broader than /8), as `key` names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions_not_counted: Vec<String>,
}

/// A grant to everyone that S3 does not count as public, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfinedGrant {
    pub statement: StatementRef,
    /// The condition keys (its own, or of the Denies confining it) that confine it.
    pub confined_by: Vec<String>,
}

/// The statements of a bucket policy granted to everyone, sorted by S3's definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublicAnalysis {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public: Vec<PublicGrant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub confined: Vec<ConfinedGrant>,
}

impl PublicAnalysis {
    pub fn is_public(&self) -> bool {
        !self.public.is_empty()
    }

    /// The public grants that let everyone write.
    pub fn writes(&self) -> impl Iterator<Item = &PublicGrant> {
        self.public.iter().filter(|grant| grant.writes)
    }
}

/// Whether a statement's Resource takes in the bucket or some of its objects.
fn touches_bucket(statement: &Statement, bucket_arn: &str) -> bool {
    let objects = format!("{bucket_arn}/*");
    match &statement.resources {
        None => true,
        Some(super::Resources::Listed(globs)) => globs.iter().any(|glob| {
            wildcard::intersect(glob, bucket_arn, Case::Sensitive)
                || wildcard::intersect(glob, &objects, Case::Sensitive)
        }),
        Some(super::Resources::AllExcept(globs)) => {
            let leaves = |target: &str| {
                !globs
                    .iter()
                    .any(|glob| wildcard::covers(glob, target, Case::Sensitive, wildcard::Variables::MatchNothing))
            };
            leaves(bucket_arn) || leaves(&objects)
        }
    }
}

/// Whether a value holds a wildcard or a policy variable for the condition's operator.
fn has_wildcard(operator: &Operator, value: &str) -> bool {
    let variable = value.contains("${");
    let glob = operator.base.takes_wildcards() && value.contains(['*', '?']);
    variable || glob
}

/// Whether an address range is no broader than S3 allows for a non-public policy: /8 for IPv4,
/// /32 for IPv6 (a bare address is one host).
fn narrow_enough(value: &str) -> bool {
    let (address, bits) = match value.split_once('/') {
        Some((address, bits)) => (address, bits.trim().parse::<u8>().ok()),
        None => (value, None),
    };
    let ipv6 = address.contains(':');
    match bits {
        None => !value.contains('/'),
        Some(bits) if ipv6 => bits >= 32,
        Some(bits) => bits >= 8,
    }
}

/// Whether a wildcard in `value` is one S3 accepts for the key: an access point ARN whose account
/// is fixed (`arn:aws:s3:us-west-2:123456789012:accesspoint/*`), or a role's sessions
/// (`AROAEXAMPLE:*`) for `aws:userid`.
fn accepted_wildcard(key: &str, value: &str) -> bool {
    if value.contains("${") {
        return false;
    }
    if key.eq_ignore_ascii_case("s3:DataAccessPointArn") {
        let fields: Vec<&str> = value.splitn(6, ':').collect();
        return fields.len() == 6
            && fields[..5].iter().all(|field| !field.contains(['*', '?']))
            && super::is_account_id(fields[4]);
    }
    if key.eq_ignore_ascii_case("aws:userid") {
        return value.strip_suffix(":*").is_some_and(|id| !id.is_empty() && !id.contains(['*', '?', ':']));
    }
    false
}

/// Whether a condition that restricts for IAM also counts for S3's definition of public.
fn counts_for_s3(seen: &ConditionSeen) -> bool {
    if seen.verdict != Verdict::Restricts || !S3_NON_PUBLIC_KEYS.iter().any(|key| key.eq_ignore_ascii_case(&seen.key)) {
        return false;
    }
    let Some(operator) = Operator::parse(&seen.operator) else { return false };
    seen.values.iter().all(|value| {
        let fixed = !has_wildcard(&operator, value) || accepted_wildcard(&seen.key, value);
        let address = seen.key.eq_ignore_ascii_case("aws:SourceIp");
        fixed && (!address || narrow_enough(value))
    })
}

/// What S3 makes of the grants to everyone in a bucket policy for the bucket `bucket_arn`.
pub fn public_analysis(document: &Document, bucket_arn: &str) -> PublicAnalysis {
    let mut analysis = PublicAnalysis::default();
    for open in open_statements(document) {
        let statement = &document.statements[open.statement.index];
        if !touches_bucket(statement, bucket_arn) {
            continue;
        }
        match confinement(document, &open) {
            Some(confined_by) => analysis.confined.push(ConfinedGrant { statement: open.statement, confined_by }),
            None => {
                let matches_any = |actions: &[&str]| actions.iter().any(|action| statement.matches_action(action));
                analysis.public.push(PublicGrant {
                    reads: matches_any(READ_ACTIONS),
                    writes: matches_any(WRITE_ACTIONS),
                    conditions_not_counted: open
                        .restrictions
                        .restricting()
                        .filter(|seen| !counts_for_s3(seen))
                        .map(|seen| seen.key.clone())
                        .collect(),
                    statement: open.statement,
                    principal: open.principal,
                });
            }
        }
    }
    analysis
}

/// The keys that confine an open statement by S3's definition, if any do.
fn confinement(document: &Document, open: &OpenStatement) -> Option<Vec<String>> {
    let own: Vec<String> =
        open.restrictions.conditions.iter().filter(|seen| counts_for_s3(seen)).map(|seen| seen.key.clone()).collect();
    if !own.is_empty() {
        return Some(own);
    }
    for deny in &open.confined_by_denies {
        let statement = &document.statements[deny.index];
        let restrictions = statement.restrictions();
        if restrictions.conditions.iter().all(counts_for_s3) {
            let keys: Vec<String> = restrictions.conditions.iter().map(|seen| seen.key.clone()).collect();
            return Some(if keys.is_empty() { vec![format!("{deny} (denies it outright)")] } else { keys });
        }
    }
    None
}

/// Whether a Deny's principal is everyone: `"*"` or `{"AWS": "*"}` (not NotPrincipal, which
/// leaves the listed principals out, nor `{"Service": "*"}`, which names services only).
fn denies_everyone(statement: &Statement) -> bool {
    match &statement.principals {
        None | Some(Principals::Listed(Principal::Everyone)) => true,
        Some(Principals::Listed(Principal::Named(named))) => named.aws.iter().any(|value| value == "*"),
        Some(Principals::AllExcept(_)) => false,
    }
}

/// Whether every condition of a Deny tests `key` with `Bool` (or `BoolIfExists`) against
/// `value` alone, so that the Deny applies to every request with that value.
fn only_bool_condition(statement: &Statement, key: &str, value: &str) -> bool {
    !statement.conditions.is_empty()
        && statement.conditions.iter().all(|condition| {
            condition.key_is(key)
                && condition.operator.set.is_none()
                && condition.operator.base == super::BaseOperator::Bool
                && condition.values.len() == 1
                && condition.values[0].eq_ignore_ascii_case(value)
        })
}

/// How a bucket policy refuses plaintext (HTTP) requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SecureTransport {
    /// The Denies on `aws:SecureTransport` false that reach everyone and cover every S3 action.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub denies: Vec<StatementRef>,
    /// Whether they cover the bucket ARN (bucket operations such as ListBucket).
    pub covers_bucket: bool,
    /// Whether they cover every object (`bucket/*`).
    pub covers_objects: bool,
    /// Denies on `aws:SecureTransport` false that do not count: a narrower principal, some
    /// actions only, or further conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub partial_denies: Vec<StatementRef>,
    /// Allow statements conditioned on `aws:SecureTransport` true: they limit only what they
    /// grant, not what identity policies grant, so they do not refuse plaintext requests.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allows_requiring_tls: Vec<StatementRef>,
}

impl SecureTransport {
    /// Whether plaintext requests are refused for the bucket and all its objects.
    pub fn enforced(&self) -> bool {
        self.covers_bucket && self.covers_objects
    }
}

/// Whether and how a bucket policy refuses plaintext requests to `bucket_arn` and its objects.
pub fn secure_transport(document: &Document, bucket_arn: &str) -> SecureTransport {
    let objects = format!("{bucket_arn}/*");
    let mut found = SecureTransport::default();
    for (index, statement) in document.statements.iter().enumerate() {
        let reference = StatementRef::new(0, index, statement);
        let on_key = statement.conditions.iter().any(|condition| condition.key_is("aws:SecureTransport"));
        if !on_key {
            continue;
        }
        match statement.effect {
            Effect::Allow => {
                if only_bool_condition(statement, "aws:SecureTransport", "true")
                    || statement.conditions.iter().any(|c| {
                        c.key_is("aws:SecureTransport") && c.values.iter().any(|v| v.eq_ignore_ascii_case("true"))
                    })
                {
                    found.allows_requiring_tls.push(reference);
                }
            }
            Effect::Deny => {
                let counts = denies_everyone(statement)
                    && deny_covers_action(statement, "s3:*")
                    && only_bool_condition(statement, "aws:SecureTransport", "false");
                let bucket = deny_covers(statement.resources.as_ref(), bucket_arn);
                let all_objects = deny_covers(statement.resources.as_ref(), &objects);
                if counts && (bucket || all_objects) {
                    found.covers_bucket |= bucket;
                    found.covers_objects |= all_objects;
                    found.denies.push(reference);
                } else {
                    found.partial_denies.push(reference);
                }
            }
        }
    }
    found
}

/// The server-side encryption a bucket policy requires of uploads (`s3:PutObject`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UploadEncryption {
    /// Denies that refuse uploads whose `s3:x-amz-server-side-encryption` is not `aws:kms`
    /// (or `aws:kms:dsse`), reaching everyone and covering every object.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub require_kms: Vec<StatementRef>,
    /// Denies that refuse uploads without the header (`Null … true`) or without AES256/KMS:
    /// since January 2023 S3 encrypts every upload with SSE-S3 anyway.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub require_header: Vec<StatementRef>,
    /// The KMS keys a Deny on `s3:x-amz-server-side-encryption-aws-kms-key-id` leaves uploads to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_keys: Vec<String>,
}

const SSE_HEADER: &str = "s3:x-amz-server-side-encryption";
const SSE_KEY_HEADER: &str = "s3:x-amz-server-side-encryption-aws-kms-key-id";

/// The encryption of uploads a bucket policy enforces on `bucket_arn`'s objects.
pub fn upload_encryption(document: &Document, bucket_arn: &str) -> UploadEncryption {
    let objects = format!("{bucket_arn}/*");
    let mut found = UploadEncryption::default();
    for (index, statement) in document.statements.iter().enumerate() {
        let reference = StatementRef::new(0, index, statement);
        let applies = statement.effect == Effect::Deny
            && denies_everyone(statement)
            && deny_covers_action(statement, "s3:PutObject")
            && deny_covers(statement.resources.as_ref(), &objects);
        if !applies || statement.conditions.len() != 1 {
            continue;
        }
        let condition = &statement.conditions[0];
        let negated_equals = condition.operator.set.is_none()
            && matches!(
                condition.operator.base,
                super::BaseOperator::StringNotEquals | super::BaseOperator::StringNotEqualsIgnoreCase
            );
        if condition.key_is(SSE_HEADER) && negated_equals {
            let kms_only = condition.values.iter().all(|value| value.to_ascii_lowercase().starts_with("aws:kms"));
            if kms_only {
                found.require_kms.push(reference);
            } else {
                found.require_header.push(reference);
            }
        } else if condition.key_is(SSE_HEADER)
            && condition.operator.base == super::BaseOperator::Null
            && condition.values.iter().all(|value| value.eq_ignore_ascii_case("true"))
        {
            found.require_header.push(reference);
        } else if condition.key_is(SSE_KEY_HEADER) && negated_equals {
            found.required_keys.extend(condition.values.iter().cloned());
            found.require_kms.push(reference);
        }
    }
    found
}

/// The actions a statement's Action or NotAction names, for messages.
pub fn actions_text(statement: &Statement) -> String {
    match &statement.actions {
        Actions::Listed(globs) => globs.join(", "),
        Actions::AllExcept(globs) => format!("every action but {}", globs.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BUCKET: &str = "arn:aws:s3:::b";

    fn document(value: serde_json::Value) -> Document {
        Document::from_value(&value).unwrap()
    }

    fn open(condition: Option<serde_json::Value>) -> Document {
        let mut statement =
            json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"});
        if let Some(condition) = condition {
            statement["Condition"] = condition;
        }
        document(json!({"Statement": [statement]}))
    }

    fn public(condition: serde_json::Value) -> bool {
        public_analysis(&open(Some(condition)), BUCKET).is_public()
    }

    #[test]
    fn fixed_values_of_s3_keys_confine() {
        assert!(public_analysis(&open(None), BUCKET).is_public());
        assert!(!public(json!({"StringEquals": {"aws:SourceVpc": "vpc-91237329"}})));
        assert!(public(json!({"StringLike": {"aws:SourceVpc": "vpc-*"}})));
        assert!(!public(json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}})));
        assert!(!public(json!({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})));
        assert!(!public(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})));
        assert!(public(json!({"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}})));
        assert!(public(json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/16"]}})));
        assert!(!public(json!({"IpAddress": {"aws:SourceIp": "2001:db8::/48"}})));
        // Keys IAM counts but S3 does not list.
        assert!(public(json!({"StringEquals": {"aws:VpceAccount": "111122223333"}})));
        // A wildcard S3 does not accept, and the two it does.
        assert!(public(json!({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}})));
        assert!(!public(
            json!({"ArnLike": {"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:111122223333:accesspoint/*"}})
        ));
        assert!(public(json!({"ArnLike": {"s3:DataAccessPointArn": "arn:aws:s3:us-west-2:*:accesspoint/*"}})));
        assert!(!public(json!({"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}})));
        assert!(public(json!({"StringLike": {"aws:userid": "AROA*"}})));
        assert!(public(json!({"StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}})));
        // Transport is not who.
        assert!(public(json!({"Bool": {"aws:SecureTransport": "true"}})));
    }

    #[test]
    fn reads_writes_and_resources() {
        let policy = document(json!({"Statement": [
            {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"},
            {"Sid": "Write", "Effect": "Allow", "Principal": "*", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::b/uploads/*"},
            {"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b"},
            {"Sid": "Other", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::other/*"}
        ]}));
        let analysis = public_analysis(&policy, BUCKET);
        let grants: Vec<(Option<&str>, bool, bool)> =
            analysis.public.iter().map(|g| (g.statement.sid.as_deref(), g.reads, g.writes)).collect();
        assert_eq!(grants, [(Some("Read"), true, false), (Some("Write"), false, true), (Some("All"), true, true)]);
    }

    #[test]
    fn deny_guards_confine_by_s3_keys_only() {
        let guarded = |key: &str, value: &str| {
            document(json!({"Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
                {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
                 "Condition": {"StringNotEquals": {key: value}}}
            ]}))
        };
        assert!(!public_analysis(&guarded("aws:SourceVpce", "vpce-1a2b"), BUCKET).is_public());
        assert!(public_analysis(&guarded("aws:VpceOrgID", "o-abc123"), BUCKET).is_public());
        let deny_only = document(json!({"Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ]}));
        assert_eq!(public_analysis(&deny_only, BUCKET), PublicAnalysis::default());
    }

    fn tls(statements: serde_json::Value) -> SecureTransport {
        secure_transport(&document(json!({"Statement": statements})), BUCKET)
    }

    #[test]
    fn secure_transport_needs_a_deny_over_bucket_and_objects() {
        let deny = |resource: serde_json::Value, action: &str| {
            json!({"Effect": "Deny", "Principal": "*", "Action": action, "Resource": resource,
                   "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
        };
        assert!(tls(json!([deny(json!(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]), "s3:*")])).enforced());
        assert!(tls(json!([deny(json!("arn:aws:s3:::b"), "*"), deny(json!("arn:aws:s3:::b/*"), "s3:*")])).enforced());
        let bucket_only = tls(json!([deny(json!("arn:aws:s3:::b"), "s3:*")]));
        assert!(bucket_only.covers_bucket && !bucket_only.covers_objects);
        let put_only = tls(json!([deny(json!(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]), "s3:PutObject")]));
        assert!(!put_only.enforced());
        assert_eq!(put_only.partial_denies.len(), 1);
        let allow =
            tls(json!([{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
            "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]));
        assert!(!allow.enforced());
        assert_eq!(allow.allows_requiring_tls.len(), 1);
        let not_principal = tls(json!([{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]));
        assert!(!not_principal.enforced());
    }

    #[test]
    fn upload_encryption_forms() {
        let policy = document(json!({"Statement": [
            {"Sid": "Kms", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}},
            {"Sid": "Header", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}},
            {"Sid": "Key", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/k"}}},
            {"Sid": "Elsewhere", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/logs/*",
             "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}
        ]}));
        let found = upload_encryption(&policy, BUCKET);
        let sids = |refs: &[StatementRef]| refs.iter().map(|r| r.sid.clone().unwrap()).collect::<Vec<_>>();
        assert_eq!(sids(&found.require_kms), ["Kms", "Key"]);
        assert_eq!(sids(&found.require_header), ["Header"]);
        assert_eq!(found.required_keys, ["arn:aws:kms:us-east-1:111122223333:key/k"]);
    }
}
