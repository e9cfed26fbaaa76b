use crate::analysis::ec2_storage::EncryptionLevel;
use crate::analysis::rds::{each_db_instance, instance_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
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
    /// With rds_encryption_level above awskms, or rds_encryption_kms_alias set, an encrypted
    /// instance needs its key's manager, origin and aliases (KMS DescribeKey, ListAliases):
    /// stance reports it UNKNOWN until that KMS analysis is wired in. CloudSploit drops an
    /// encrypted instance without a result when DescribeKey fails; stance never does.
    ///
    /// ## Remediation
    /// Take a snapshot of the instance, copy it with encryption on (`aws rds copy-db-snapshot
    /// --kms-key-id …`), restore a new instance from the copy and move clients to it.
    pub(crate) CHECK {
        id: "rdsEncryptionEnabled",
        title: "RDS Encryption Enabled",
        severity: High,
        reads: [DESCRIBE_DB_INSTANCES],
        run,
        settings: [RDS_ENCRYPTION_LEVEL, RDS_ENCRYPTION_KMS_ALIAS],
        aliases: [
            ("rds_instance_storage_encrypted", Differently("Prowler skips DocumentDB instances; stance judges them, since DescribeDBInstances reports their StorageEncrypted with the same meaning")),
        ],
        compliance: [Hipaa, Pci],
        cis: ["3.2.1"],
        fsbp: ["RDS.3"],
        pci4: ["3.5.1", "8.3.2"],
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
        let key = instance.kms_key_id.as_deref().map(|key| format!(" with KMS key {key}")).unwrap_or_default();
        match instance.storage_encrypted {
            None => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("{label}: DescribeDBInstances does not say whether its storage is encrypted")),
            ),
            Some(false) => findings.fail(arn, region, format!("{label} is not encrypted at rest")),
            Some(true) if level <= EncryptionLevel::AwsKms && alias.is_empty() => {
                findings.ok(arn, region, format!("{label} is encrypted at rest{key}"));
            }
            Some(true) => {
                let wanted = if alias.is_empty() {
                    format!("rds_encryption_level {level}")
                } else {
                    format!("rds_encryption_kms_alias {alias}")
                };
                findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!(
                        "{label} is encrypted at rest{key}; telling whether the key meets {wanted} needs KMS DescribeKey and ListAliases, which this check does not read yet"
                    )),
                );
            }
        }
    });
}
