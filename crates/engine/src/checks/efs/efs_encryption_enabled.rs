use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::efs::{DESCRIBE_FILE_SYSTEMS, FileSystem};

declare_check! {
    /// Ensures every EFS file system encrypts its data at rest: a file system whose `Encrypted`
    /// is false fails, an encrypted one passes, and the message names its KMS key where
    /// DescribeFileSystems gives it. Encryption at rest can only be chosen when a file system is
    /// created. Every file system gets its own result: CloudSploit reports only the unencrypted
    /// ones (one regional PASS when there are none, and a single regional FAIL beyond 20).
    ///
    /// ## Remediation
    /// Create a new file system with encryption at rest on (`aws efs create-file-system
    /// --encrypted --kms-key-id …`), copy the data over (AWS DataSync), and move the mount
    /// targets' clients to it.
    pub(crate) CHECK {
        id: "efsEncryptionEnabled",
        title: "EFS Encryption Enabled",
        severity: High,
        reads: [DESCRIBE_FILE_SYSTEMS],
        run,
        aliases: [("efs_encryption_at_rest_enabled", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = match ctx.read_configured(DESCRIBE_FILE_SYSTEMS, region) {
            Ok(data) => data,
            Err(reason) => {
                findings.unknown(ctx.region_arn("elasticfilesystem", region), region, &reason);
                continue;
            }
        };
        if data.file_systems.is_empty() {
            findings.ok(
                ctx.region_arn("elasticfilesystem", region),
                region,
                format!("No EFS file systems in {region}"),
            );
            continue;
        }
        for file_system in &data.file_systems {
            judge(ctx, region, file_system, findings);
        }
    }
}

fn judge(ctx: &Context, region: &str, file_system: &FileSystem, findings: &mut Findings) {
    let id = &file_system.file_system_id;
    let arn = file_system
        .file_system_arn
        .clone()
        .unwrap_or_else(|| ctx.typed_arn("elasticfilesystem", region, "file-system", id));
    let label = match file_system.name.as_deref().filter(|name| !name.is_empty()) {
        Some(name) => format!("EFS file system {id} ({name})"),
        None => format!("EFS file system {id}"),
    };
    match file_system.encrypted {
        Some(true) => {
            let key = file_system.kms_key_id.as_deref().map(|key| format!(" with KMS key {key}")).unwrap_or_default();
            findings.ok(arn, region, format!("{label} is encrypted at rest{key}"));
        }
        Some(false) => findings.fail(arn, region, format!("{label} is not encrypted at rest")),
        None => findings.unknown(
            arn,
            region,
            &Unknown::new(format!("{label}: DescribeFileSystems does not say whether it is encrypted")),
        ),
    }
}
