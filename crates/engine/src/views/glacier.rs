//! S3 Glacier: the vaults of each region (ListVaults), and each vault's access policy
//! (GetVaultAccessPolicy), keyed by its VaultARN. A vault without a policy answers
//! `ResourceNotFoundException`, recorded as "not configured".

use serde::Deserialize;

use crate::check::Call;

pub const LIST_VAULTS: Call<ListVaults> = Call::new("Glacier", "ListVaults");
/// Per vault, keyed by its VaultARN; no policy is "not configured".
pub const GET_VAULT_ACCESS_POLICY: Call<GetVaultAccessPolicy> = Call::new("Glacier", "GetVaultAccessPolicy");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListVaults {
    #[serde(default)]
    pub vault_list: Box<[Vault]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vault {
    pub vault_name: String,
    #[serde(rename = "VaultARN")]
    pub vault_arn: String,
}

/// The CLI prints `{"policy": {"Policy": "<json>"}}`.
#[derive(Debug, Deserialize)]
pub struct GetVaultAccessPolicy {
    pub policy: VaultAccessPolicy,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VaultAccessPolicy {
    /// The access policy, a JSON document as text.
    pub policy: String,
}
