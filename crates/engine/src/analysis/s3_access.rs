//! Who S3 lets in: the Block Public Access settings S3 enforces on a bucket (its own, or the
//! account's), and whether its ACLs apply at all (Object Ownership).

use std::sync::Arc;

use stance_snapshot::GLOBAL_REGION;

use crate::context::{Context, Unknown};
use crate::policy::{Document, PolicyError};
use crate::views::s3::{
    self, BucketRef, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GET_BUCKET_OWNERSHIP_CONTROLS, GET_BUCKET_POLICY,
    GET_PUBLIC_ACCESS_BLOCK, GetBucketAcl, GetBucketOwnershipControls, GetBucketPolicy, PublicAccessBlockConfiguration,
};

/// One of the four Block Public Access settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockSetting {
    /// New public ACLs (on the bucket or its objects) are refused.
    BlockPublicAcls,
    /// Existing public ACLs are ignored: they grant nothing.
    IgnorePublicAcls,
    /// New bucket policies that grant public access are refused.
    BlockPublicPolicy,
    /// A public bucket policy grants only AWS service principals and the bucket owner's account.
    RestrictPublicBuckets,
}

impl BlockSetting {
    /// All four, in the console's order.
    pub const ALL: [BlockSetting; 4] = [
        BlockSetting::BlockPublicAcls,
        BlockSetting::IgnorePublicAcls,
        BlockSetting::BlockPublicPolicy,
        BlockSetting::RestrictPublicBuckets,
    ];

    /// The setting's name in the API and the console.
    pub fn name(self) -> &'static str {
        match self {
            BlockSetting::BlockPublicAcls => "BlockPublicAcls",
            BlockSetting::IgnorePublicAcls => "IgnorePublicAcls",
            BlockSetting::BlockPublicPolicy => "BlockPublicPolicy",
            BlockSetting::RestrictPublicBuckets => "RestrictPublicBuckets",
        }
    }

    /// Whether `config` has this setting on.
    pub fn is_on(self, config: &PublicAccessBlockConfiguration) -> bool {
        match self {
            BlockSetting::BlockPublicAcls => config.block_public_acls,
            BlockSetting::IgnorePublicAcls => config.ignore_public_acls,
            BlockSetting::BlockPublicPolicy => config.block_public_policy,
            BlockSetting::RestrictPublicBuckets => config.restrict_public_buckets,
        }
    }
}

/// The account-wide settings (S3 Control GetPublicAccessBlock), read once per check. "Not
/// configured" means every account-wide setting is off.
pub fn account_block(ctx: &Context) -> Result<PublicAccessBlockConfiguration, Unknown> {
    ctx.read(GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GLOBAL_REGION)
        .map(|data| data.map(|data| data.public_access_block_configuration.clone()).unwrap_or_default())
}

/// The Block Public Access S3 enforces on one bucket: a setting applies when it is on for the
/// bucket or for the account (S3 applies the more restrictive of the two).
pub struct EffectiveBlock<'a> {
    pub bucket: PublicAccessBlockConfiguration,
    pub account: &'a Result<PublicAccessBlockConfiguration, Unknown>,
}

impl EffectiveBlock<'_> {
    /// Whether S3 enforces `setting` on the bucket. Unknown only when the bucket itself has it
    /// off and the account's settings could not be read.
    pub fn enforces(&self, setting: BlockSetting) -> Result<bool, Unknown> {
        if setting.is_on(&self.bucket) {
            return Ok(true);
        }
        match self.account {
            Ok(account) => Ok(setting.is_on(account)),
            Err(reason) => Err(reason.clone()),
        }
    }

    /// Those of `settings` that S3 does not enforce on the bucket, in the given order.
    pub fn not_enforced(&self, settings: &[BlockSetting]) -> Result<Vec<BlockSetting>, Unknown> {
        let mut off = Vec::new();
        for &setting in settings {
            if !self.enforces(setting)? {
                off.push(setting);
            }
        }
        Ok(off)
    }

    /// Which level enforces `setting`, for messages: "the bucket", "the account" or `None`.
    pub fn enforced_by(&self, setting: BlockSetting) -> Option<&'static str> {
        if setting.is_on(&self.bucket) {
            Some("the bucket")
        } else if self.account.as_ref().is_ok_and(|account| setting.is_on(account)) {
            Some("the account")
        } else {
            None
        }
    }

    /// Where `setting` stands, for messages: `IgnorePublicAcls on for the account`,
    /// `IgnorePublicAcls off for the bucket and the account`; when the account's settings could
    /// not be read, `IgnorePublicAcls on for the bucket (the account's setting unread)`.
    pub fn state(&self, setting: BlockSetting) -> String {
        let unread = if self.account.is_err() { " (the account's setting unread)" } else { "" };
        match self.enforced_by(setting) {
            Some(level) => format!("{} on for {level}{unread}", setting.name()),
            None if unread.is_empty() => format!("{} off for the bucket and the account", setting.name()),
            None => format!("{} off for the bucket{unread}", setting.name()),
        }
    }
}

/// The Block Public Access S3 enforces on `bucket`: its own settings ("not configured" is all
/// off) with the account's.
pub fn bucket_block<'a>(
    ctx: &Context,
    bucket: &BucketRef,
    account: &'a Result<PublicAccessBlockConfiguration, Unknown>,
) -> Result<EffectiveBlock<'a>, Unknown> {
    let own = s3::bucket_read(ctx, GET_PUBLIC_ACCESS_BLOCK, bucket)?;
    let bucket = own.map(|own| own.public_access_block_configuration.clone()).unwrap_or_default();
    Ok(EffectiveBlock { bucket, account })
}

/// A bucket's Object Ownership ("not configured" is `None`: ACLs apply).
pub fn ownership(ctx: &Context, bucket: &BucketRef) -> Result<Option<Arc<GetBucketOwnershipControls>>, Unknown> {
    s3::bucket_read(ctx, GET_BUCKET_OWNERSHIP_CONTROLS, bucket)
}

/// A bucket's policy, parsed (`None` when it has none: NoSuchBucketPolicy). A policy stance
/// cannot read is UNKNOWN.
pub fn bucket_policy(ctx: &Context, bucket: &BucketRef) -> Result<Option<Document>, Unknown> {
    parse_bucket_policy(s3::bucket_read(ctx, GET_BUCKET_POLICY, bucket)?.as_deref())
}

/// The document of GetBucketPolicy's answer (`None`: no policy).
pub fn parse_bucket_policy(data: Option<&GetBucketPolicy>) -> Result<Option<Document>, Unknown> {
    let Some(data) = data else { return Ok(None) };
    Document::parse(&data.policy).map(Some).map_err(|error: PolicyError| {
        Unknown::new(format!("S3 GetBucketPolicy returned a policy stance cannot read: {error}"))
    })
}

/// The predefined groups whose grants S3 counts as public, with how messages name them.
const PUBLIC_GROUPS: [(&str, &str); 2] = [
    ("http://acs.amazonaws.com/groups/global/AllUsers", "AllUsers"),
    ("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "AuthenticatedUsers"),
];

/// A grant of an ACL to AllUsers (anyone) or AuthenticatedUsers (anyone with an AWS account):
/// both are public for S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAclGrant {
    pub group: &'static str,
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP` or `FULL_CONTROL`.
    pub permission: String,
}

impl PublicAclGrant {
    /// Whether it exposes data: READ (list the bucket's keys, or read the object) and every
    /// write form. READ_ACP alone shows only who has access.
    pub fn exposes_data(&self) -> bool {
        self.permission != "READ_ACP"
    }
}

/// The public grants of a bucket or object ACL, in the ACL's order.
pub fn public_acl_grants(acl: &GetBucketAcl) -> Vec<PublicAclGrant> {
    let mut grants = Vec::new();
    for grant in acl.grants.iter() {
        let Some(uri) = grant.grantee.uri.as_deref() else { continue };
        if let Some((_, group)) = PUBLIC_GROUPS.iter().find(|(known, _)| *known == uri) {
            grants.push(PublicAclGrant { group, permission: grant.permission.to_string() });
        }
    }
    grants
}

/// `READ, READ_ACP to AllUsers and WRITE to AuthenticatedUsers`.
pub fn describe_acl_grants(grants: &[PublicAclGrant]) -> String {
    let mut parts = Vec::new();
    for (_, group) in PUBLIC_GROUPS {
        let permissions: Vec<&str> =
            grants.iter().filter(|grant| grant.group == group).map(|grant| grant.permission.as_str()).collect();
        if !permissions.is_empty() {
            parts.push(format!("{} to {group}", permissions.join(", ")));
        }
    }
    parts.join(" and ")
}

/// Whether a bucket's ACLs grant anything. With Object Ownership BucketOwnerEnforced, S3
/// disables ACLs: they neither grant access nor can be changed. "Not configured" (no ownership
/// controls, as on buckets made before April 2023 and never changed) means ACLs apply.
pub fn acls_apply(ownership: Option<&GetBucketOwnershipControls>) -> bool {
    ownership.is_none_or(|ownership| !ownership.bucket_owner_enforced())
}

/// The names of `settings`, joined for a message.
pub fn names(settings: &[BlockSetting]) -> String {
    settings.iter().map(|setting| setting.name()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn config(value: serde_json::Value) -> PublicAccessBlockConfiguration {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_setting_applies_when_on_for_the_bucket_or_the_account() {
        let account = Ok(config(json!({"IgnorePublicAcls": true})));
        let block = EffectiveBlock { bucket: config(json!({"BlockPublicAcls": true})), account: &account };
        assert_eq!(block.enforces(BlockSetting::BlockPublicAcls), Ok(true));
        assert_eq!(block.enforces(BlockSetting::IgnorePublicAcls), Ok(true));
        assert_eq!(block.enforces(BlockSetting::RestrictPublicBuckets), Ok(false));
        assert_eq!(
            block.not_enforced(&BlockSetting::ALL).unwrap(),
            [BlockSetting::BlockPublicPolicy, BlockSetting::RestrictPublicBuckets]
        );
    }

    #[test]
    fn an_unreadable_account_setting_is_unknown_only_where_the_bucket_leaves_it_off() {
        let account = Err(Unknown::new("S3Control:GetPublicAccessBlock was denied"));
        let block = EffectiveBlock { bucket: config(json!({"RestrictPublicBuckets": true})), account: &account };
        assert_eq!(block.enforces(BlockSetting::RestrictPublicBuckets), Ok(true));
        assert!(block.enforces(BlockSetting::IgnorePublicAcls).is_err());
        assert!(block.not_enforced(&BlockSetting::ALL).is_err());
        assert_eq!(block.not_enforced(&[BlockSetting::RestrictPublicBuckets]), Ok(vec![]));
    }

    #[test]
    fn public_acl_grants_by_permission() {
        let acl: GetBucketAcl = serde_json::from_value(json!({"Grants": [
            {"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"},
            {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"},
            {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}, "Permission": "WRITE"},
            {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}, "Permission": "WRITE_ACP"},
            {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ_ACP"}
        ]}))
        .unwrap();
        let grants = public_acl_grants(&acl);
        assert_eq!(grants.len(), 3);
        assert_eq!(describe_acl_grants(&grants), "READ, READ_ACP to AllUsers and WRITE_ACP to AuthenticatedUsers");
        let exposes: Vec<bool> = grants.iter().map(PublicAclGrant::exposes_data).collect();
        assert_eq!(exposes, [true, true, false]);
    }

    #[test]
    fn states_name_the_level() {
        let account = Ok(config(json!({"IgnorePublicAcls": true})));
        let block = EffectiveBlock { bucket: config(json!({})), account: &account };
        assert_eq!(block.state(BlockSetting::IgnorePublicAcls), "IgnorePublicAcls on for the account");
        assert_eq!(
            block.state(BlockSetting::RestrictPublicBuckets),
            "RestrictPublicBuckets off for the bucket and the account"
        );
        let unread = Err(Unknown::new("denied"));
        let block = EffectiveBlock { bucket: config(json!({})), account: &unread };
        assert_eq!(
            block.state(BlockSetting::IgnorePublicAcls),
            "IgnorePublicAcls off for the bucket (the account's setting unread)"
        );
    }

    #[test]
    fn acls_apply_unless_the_bucket_owner_is_enforced() {
        let ownership = |value: &str| -> GetBucketOwnershipControls {
            serde_json::from_value(json!({"OwnershipControls": {"Rules": [{"ObjectOwnership": value}]}})).unwrap()
        };
        assert!(!acls_apply(Some(&ownership("BucketOwnerEnforced"))));
        assert!(acls_apply(Some(&ownership("BucketOwnerPreferred"))));
        assert!(acls_apply(Some(&ownership("ObjectWriter"))));
        assert!(acls_apply(None));
    }
}
