use crate::analysis::kms_keys::{EncryptionLevel, encryption_level};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::kms::{DESCRIBE_KEY, LIST_ALIASES};
use crate::views::secretsmanager::LIST_SECRETS;

static SECRETS_ENCRYPTION_LEVEL: Setting<EncryptionLevel> = Setting::new(
    "secretsmanager_minimum_encryption_level",
    "awskms",
    "The weakest KMS key a Secrets Manager secret may be encrypted with: awskms (any key, the AWS managed aws/secretsmanager included), awscmk (a customer managed key), externalcmk (imported key material) or cloudhsm (a CloudHSM key store).",
);

declare_check! {
    /// Ensures every Secrets Manager secret is encrypted with a KMS key of at least
    /// secretsmanager_minimum_encryption_level. Secrets Manager always encrypts: a secret that
    /// names no `KmsKeyId` uses the AWS managed key `aws/secretsmanager` (awskms). With the
    /// default level, awskms, every secret passes; raised to awscmk (CloudSploit's setting of the
    /// same name), a secret on the AWS managed key fails, and a named key is graded by its KMS
    /// DescribeKey (`analysis::kms_keys`: awscmk, externalcmk for imported material or an
    /// external key store, cloudhsm). A key that cannot be described (another account's, a failed
    /// call) is UNKNOWN, where CloudSploit drops the secret without a result.
    ///
    /// ## Remediation
    /// Re-encrypt the secret with a customer managed key: `aws secretsmanager update-secret
    /// --secret-id … --kms-key-id <key>` (grant the secret's readers `kms:Decrypt` on the key).
    pub(crate) CHECK {
        id: "secretsManagerEncrypted",
        title: "Secrets Manager Encrypted Secrets",
        severity: High,
        reads: [LIST_SECRETS, LIST_ALIASES, DESCRIBE_KEY],
        run,
        settings: [SECRETS_ENCRYPTION_LEVEL],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let target = *ctx.setting(&SECRETS_ENCRYPTION_LEVEL);
    ctx.each_region(LIST_SECRETS, findings, |region, data, findings| {
        for secret in &data.secret_list {
            let (arn, name) = (secret.arn.as_str(), &secret.name);
            let (level, how) = match secret.kms_key_id.as_deref().filter(|key| !key.trim().is_empty()) {
                None => (EncryptionLevel::AwsKms, "the AWS managed key aws/secretsmanager".to_owned()),
                Some(key) if target <= EncryptionLevel::AwsKms => (EncryptionLevel::AwsKms, format!("KMS key {key}")),
                Some(key) => match encryption_level(ctx, key, region) {
                    Ok(level) => (level, format!("KMS key {key}, a key of level {level}")),
                    Err(reason) => {
                        let reason = Unknown::new(format!(
                            "Secrets Manager secret {name} is encrypted with KMS key {key}, and whether it meets secretsmanager_minimum_encryption_level {target} is unknown: {reason}"
                        ));
                        findings.unknown(arn, region, &reason);
                        continue;
                    }
                },
            };
            if level >= target {
                findings.ok(arn, region, format!("Secrets Manager secret {name} is encrypted with {how}, meeting secretsmanager_minimum_encryption_level {target}"));
            } else {
                findings.fail(arn, region, format!("Secrets Manager secret {name} is encrypted with {how}, below secretsmanager_minimum_encryption_level {target}"));
            }
        }
    });
}
