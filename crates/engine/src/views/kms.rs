//! KMS: the keys and aliases of each region, and per key (keyed by its `KeyArn`) its metadata,
//! rotation status and key policy. What the data means (who manages a key, whether it can
//! rotate, how strong an encryption level it gives) is `crate::analysis::kms_keys`.

use serde::Deserialize;

use super::Text;
use crate::check::Call;

pub const LIST_KEYS: Call<ListKeys> = Call::new("KMS", "ListKeys");
pub const LIST_ALIASES: Call<ListAliases> = Call::new("KMS", "ListAliases");
/// Per key, keyed by its `KeyArn`.
pub const DESCRIBE_KEY: Call<DescribeKey> = Call::new("KMS", "DescribeKey");
/// Per key, keyed by its `KeyArn`. Keys that cannot rotate automatically (asymmetric, HMAC,
/// imported key material, custom key stores) answer `UnsupportedOperationException`.
pub const GET_KEY_ROTATION_STATUS: Call<GetKeyRotationStatus> = Call::new("KMS", "GetKeyRotationStatus");
/// Per key, keyed by its `KeyArn`: the `default` key policy (the only name KMS accepts).
pub const GET_KEY_POLICY: Call<GetKeyPolicy> = Call::new("KMS", "GetKeyPolicy");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListKeys {
    #[serde(default)]
    pub keys: Box<[KeyListEntry]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyListEntry {
    pub key_arn: String,
}

/// Every alias of the region, `alias/aws/*` (the AWS managed keys' aliases) included; an
/// `alias/aws/*` alias has no `TargetKeyId` until its service first uses it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAliases {
    #[serde(default)]
    pub aliases: Box<[AliasListEntry]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasListEntry {
    /// `alias/name`.
    pub alias_name: String,
    /// The key's id (not its ARN).
    #[serde(default)]
    pub target_key_id: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeKey {
    pub key_metadata: KeyMetadata,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyMetadata {
    pub key_id: Text,
    pub arn: String,
    /// `AWS` or `CUSTOMER`.
    pub key_manager: Text,
    /// `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `PendingReplicaDeletion`,
    /// `Unavailable`, `Creating`, `Updating`.
    pub key_state: Text,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`…, `ECC_*`, `HMAC_*`, `SM2`, `ML_DSA_*`.
    pub key_spec: Text,
    /// `AWS_KMS`, `EXTERNAL` (imported key material), `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    pub origin: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetKeyRotationStatus {
    pub key_rotation_enabled: bool,
    /// Days between automatic rotations (90 to 2560; 365 unless set), when rotation is on.
    #[serde(default)]
    pub rotation_period_in_days: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetKeyPolicy {
    /// The policy document, as JSON text.
    pub policy: String,
}
