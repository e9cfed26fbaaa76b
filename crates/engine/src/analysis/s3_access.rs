//! Who S3 lets in: the Block Public Access settings S3 enforces on a bucket (its own, or the
//! account's), and whether its ACLs apply at all (Object Ownership).

use stance_snapshot::GLOBAL_REGION;

use crate::context::{Context, Unknown};
use crate::views::s3::{GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, GetBucketOwnershipControls, PublicAccessBlockConfiguration};

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

    /// Whether S3 enforces all of `settings`.
    pub fn enforces_all(&self, settings: &[BlockSetting]) -> Result<bool, Unknown> {
        Ok(self.not_enforced(settings)?.is_empty())
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
        assert!(block.enforces_all(&BlockSetting::ALL).is_err());
        assert_eq!(block.enforces_all(&[BlockSetting::RestrictPublicBuckets]), Ok(true));
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
