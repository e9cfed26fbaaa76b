use crate::analysis::kms_keys::{
    EncryptionLevel, ResolvedKey, alias_target, encryption_level, is_aws_managed_alias, resolve_key,
};
use crate::analysis::rds::{each_db_instance, instance_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::kms::{DESCRIBE_KEY, LIST_ALIASES};
use crate::views::rds::DESCRIBE_DB_INSTANCES;

declare_check! {
    /// Ensures every RDS DB instance is encrypted at rest: an instance whose `StorageEncrypted`
    /// is false fails, an encrypted one passes. RDS encrypts only with KMS keys, so with the
    /// default rds_encryption_level, awskms, `StorageEncrypted` alone decides, as in Prowler,
    /// CIS 3.2.1 and FSBP RDS.3. Encryption cannot be turned on for an existing instance, and an
    /// Aurora member's storage is its cluster's, which its own `StorageEncrypted` reports.
    ///
    /// DescribeDBInstances also lists DocumentDB and Neptune instances, whose `StorageEncrypted`
    /// means the same; stance judges them (as CloudSploit does), where Prowler skips DocumentDB.
    ///
    /// With rds_encryption_level above awskms, an encrypted instance also needs a key of that
    /// level (`analysis::kms_keys`: an AWS managed key is awskms, a customer managed one awscmk,
    /// externalcmk with imported material or an external key store, cloudhsm in a CloudHSM key
    /// store), read from KMS DescribeKey; a weaker key fails. With rds_encryption_kms_alias set,
    /// the instance's key must be the one the alias points to in the instance's region (KMS
    /// ListAliases); another key fails, and so does every encrypted instance of a region where
    /// the alias does not exist. Where the key or the aliases cannot be read (a key of another
    /// account, a failed call), the instance is UNKNOWN: CloudSploit drops an encrypted instance
    /// without a result when DescribeKey fails.
    ///
    /// ## Remediation
    /// Take a snapshot of the instance, copy it with encryption on (`aws rds copy-db-snapshot
    /// --kms-key-id …`), restore a new instance from the copy and move clients to it.
    pub(crate) CHECK {
        id: "rdsEncryptionEnabled",
        title: "RDS Encryption Enabled",
        severity: High,
        reads: [DESCRIBE_DB_INSTANCES, LIST_ALIASES, DESCRIBE_KEY],
        run,
        settings: [RDS_ENCRYPTION_LEVEL, RDS_ENCRYPTION_KMS_ALIAS],
        aliases: [
            ("rds_instance_storage_encrypted", Differently("Prowler skips DocumentDB instances; stance judges them, since DescribeDBInstances reports their StorageEncrypted with the same meaning")),
        ],
    }
}

pub(crate) static RDS_ENCRYPTION_LEVEL: Setting<EncryptionLevel> = Setting::new(
    "rds_encryption_level",
    "awskms",
    "The weakest key RDS may encrypt with: awskms (any KMS key, AWS managed included), awscmk (a customer managed key), externalcmk (imported key material) or cloudhsm (a CloudHSM key store); none and sse accept any encryption.",
);

pub(crate) static RDS_ENCRYPTION_KMS_ALIAS: Setting<String> = Setting::new(
    "rds_encryption_kms_alias",
    "",
    "The KMS alias (alias/…) whose key every RDS DB instance must be encrypted with; empty accepts any key.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let level = *ctx.setting(&RDS_ENCRYPTION_LEVEL);
    let alias = ctx.setting(&RDS_ENCRYPTION_KMS_ALIAS).trim();
    each_db_instance(ctx, findings, |region, _, instance, findings| {
        let (arn, label) = (instance.db_instance_arn.as_str(), instance_label(instance));
        match instance.storage_encrypted {
            None => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("{label}: DescribeDBInstances does not say whether its storage is encrypted")),
            ),
            Some(false) => findings.fail(arn, region, format!("{label} is not encrypted at rest")),
            Some(true) => match judge_key(ctx, region, instance.kms_key_id.as_deref(), level, alias) {
                Ok(Ok(said)) => findings.ok(arn, region, format!("{label} is encrypted at rest{said}")),
                Ok(Err(said)) => findings.fail(arn, region, format!("{label} is encrypted at rest{said}")),
                Err(reason) => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!(
                        "{label} is encrypted at rest, and whether its key meets the settings is unknown: {reason}"
                    )),
                ),
            },
        }
    });
}

/// Whether an encrypted instance's key meets `level` and `alias` (empty for any key): the end
/// of the message, as `Ok` when it does and `Err` when it does not.
fn judge_key(
    ctx: &Context,
    region: &str,
    key: Option<&str>,
    level: EncryptionLevel,
    alias: &str,
) -> Result<Result<String, String>, Unknown> {
    let named = key.map(|key| format!(" with KMS key {key}")).unwrap_or_default();
    if level <= EncryptionLevel::AwsKms && alias.is_empty() {
        return Ok(Ok(named));
    }
    let key = key.ok_or_else(|| Unknown::new("DescribeDBInstances names no KMS key for it"))?;
    if !alias.is_empty() {
        let aliases = ctx.read_configured(LIST_ALIASES, region)?;
        if alias_target(&aliases, alias).is_none() && !is_aws_managed_alias(alias) {
            return Ok(Err(format!("{named}, but rds_encryption_kms_alias {alias} is not an alias in {region}")));
        }
        let wanted = resolve_key(ctx, alias, region)?;
        let own = resolve_key(ctx, key, region)?;
        let matches = match (&wanted, &own) {
            (ResolvedKey::Key(wanted), ResolvedKey::Key(own)) => wanted == own,
            _ => false,
        };
        if !matches {
            let target = match &wanted {
                ResolvedKey::Key(arn) => arn.clone(),
                ResolvedKey::AwsManagedAlias(name) => name.clone(),
            };
            return Ok(Err(format!("{named}, not with {target}, the key of rds_encryption_kms_alias {alias}")));
        }
    }
    let of_alias =
        if alias.is_empty() { String::new() } else { format!(", the key of rds_encryption_kms_alias {alias}") };
    if level <= EncryptionLevel::AwsKms {
        return Ok(Ok(format!("{named}{of_alias}")));
    }
    let found = encryption_level(ctx, key, region)?;
    if found >= level {
        Ok(Ok(format!("{named}{of_alias}, a key of level {found}, meeting rds_encryption_level {level}")))
    } else {
        Ok(Err(format!("{named}{of_alias}, a key of level {found}, below rds_encryption_level {level}")))
    }
}
