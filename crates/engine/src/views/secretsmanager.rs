//! Secrets Manager: the secrets of each region (ListSecrets), and each secret's resource policy
//! (GetResourcePolicy), keyed by its ARN.

use serde::Deserialize;

use crate::check::Call;

pub const LIST_SECRETS: Call<ListSecrets> = Call::new("SecretsManager", "ListSecrets");
/// Per secret, keyed by its ARN; a secret without a policy answers without `ResourcePolicy`.
pub const GET_RESOURCE_POLICY: Call<GetResourcePolicy> = Call::new("SecretsManager", "GetResourcePolicy");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSecrets {
    #[serde(default)]
    pub secret_list: Box<[Secret]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Secret {
    #[serde(rename = "ARN")]
    pub arn: String,
    pub name: String,
    /// The KMS key the secret is encrypted with (key id, key ARN or alias); absent when it is
    /// the AWS managed key `aws/secretsmanager`.
    #[serde(default)]
    pub kms_key_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetResourcePolicy {
    /// The resource policy, a JSON document as text; absent when the secret has none.
    #[serde(default)]
    pub resource_policy: Option<String>,
}
