use stance_snapshot::GLOBAL_REGION;

use crate::analysis::kms_keys::{EncryptionLevel, encryption_level};
use crate::analysis::rds::instance_label;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_VOLUMES;
use crate::views::efs::DESCRIBE_FILE_SYSTEMS;
use crate::views::kms::{DESCRIBE_KEY, LIST_ALIASES};
use crate::views::lambda::LIST_FUNCTIONS;
use crate::views::rds::DESCRIBE_DB_INSTANCES;
use crate::views::s3::{LIST_BUCKETS, bucket_arn};
use crate::views::s3_config::GET_BUCKET_ENCRYPTION;

declare_check! {
    /// Ensures resources are encrypted with customer managed KMS keys rather than the AWS
    /// managed default keys (`alias/aws/ebs`, `alias/aws/rds`, …), whose key policies the
    /// account cannot change, so that access to the data cannot be confined by key policy or
    /// shared with another account. Each resource that KMS encrypts fails when its key is AWS
    /// managed and passes when it is customer managed; a region with no such resource passes
    /// with one result. Judged: encrypted EBS volumes (`KmsKeyId`), encrypted RDS DB instances
    /// (`KmsKeyId`), encrypted EFS file systems (`KmsKeyId`), S3 buckets whose default
    /// encryption is SSE-KMS or DSSE-KMS (`KMSMasterKeyID`; none named means `aws/s3`, as S3
    /// documents) and Lambda functions with environment variables (no `KMSKeyArn` means
    /// `aws/lambda`).
    ///
    /// Who manages a key is read from KMS DescribeKey's `KeyManager` (an `alias/aws/*` alias
    /// whose key is not listed yet is AWS managed, since only AWS creates those aliases);
    /// CloudSploit instead matches the key's description text ("Default master key …") and
    /// finds keys by substring, and examines S3 buckets only against us-east-1's keys, so it
    /// misses a bucket using another region's `aws/s3` key; stance reads each bucket in its own
    /// region. A key stance cannot describe (another account's, a failed call) is UNKNOWN for
    /// its resource. Not judged: CloudTrail trails and CloudWatch Logs log groups, which accept
    /// only customer managed keys, so cannot use a default key; Redshift, SES and WorkSpaces,
    /// which stance does not collect.
    ///
    /// ## Remediation
    /// Create a customer managed key (`aws kms create-key`) with a key policy that names who may
    /// use it, and re-encrypt with it: copy an EBS snapshot or RDS snapshot with `--kms-key-id`
    /// and restore from the copy, set the bucket's default encryption with
    /// `aws s3api put-bucket-encryption … "KMSMasterKeyID":"<key>"`, give a function
    /// `aws lambda update-function-configuration --kms-key-arn <key>`. EFS file systems are
    /// encrypted at creation: create a new one with `--kms-key-id` and copy the data.
    pub(crate) CHECK {
        id: "kmsDefaultKeyUsage",
        title: "KMS Default Key Usage",
        severity: Medium,
        reads: [
            DESCRIBE_VOLUMES,
            DESCRIBE_DB_INSTANCES,
            DESCRIBE_FILE_SYSTEMS,
            LIST_FUNCTIONS,
            LIST_BUCKETS,
            GET_BUCKET_ENCRYPTION,
            LIST_ALIASES,
            DESCRIBE_KEY,
        ],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let judge = Judge { ctx };
    ctx.each_region(DESCRIBE_VOLUMES, findings, |region, data, findings| {
        for volume in data.volumes.iter().filter(|volume| volume.encrypted) {
            let arn = format!("arn:{}:ec2:{region}:{}:volume/{}", ctx.partition(), ctx.account_id(), volume.volume_id);
            let label = format!("EBS volume {} is encrypted with", volume.volume_id);
            judge.key(findings, &arn, region, &label, volume.kms_key_id.as_deref());
        }
    });
    ctx.each_region(DESCRIBE_DB_INSTANCES, findings, |region, data, findings| {
        for instance in data.db_instances.iter().filter(|instance| instance.storage_encrypted == Some(true)) {
            let label = format!("{} is encrypted with", instance_label(instance));
            judge.key(findings, &instance.db_instance_arn, region, &label, instance.kms_key_id.as_deref());
        }
    });
    ctx.each_region(DESCRIBE_FILE_SYSTEMS, findings, |region, data, findings| {
        for file_system in data.file_systems.iter().filter(|file_system| file_system.encrypted == Some(true)) {
            let arn = file_system.file_system_arn.clone().unwrap_or_else(|| {
                format!(
                    "arn:{}:elasticfilesystem:{region}:{}:file-system/{}",
                    ctx.partition(),
                    ctx.account_id(),
                    file_system.file_system_id
                )
            });
            let label = format!("EFS file system {} is encrypted with", file_system.file_system_id);
            judge.key(findings, &arn, region, &label, file_system.kms_key_id.as_deref());
        }
    });
    ctx.each_region(LIST_FUNCTIONS, findings, |region, data, findings| {
        let with_variables = data
            .functions
            .iter()
            .filter(|function| function.environment.as_ref().is_some_and(|e| !e.variables.is_empty()));
        for function in with_variables {
            let label = format!("Lambda function {} encrypts its environment variables with", function.function_name);
            let key = function.kms_key_arn.as_deref().unwrap_or("alias/aws/lambda");
            judge.key(findings, &function.function_arn, region, &label, Some(key));
        }
    });
    judge.buckets(findings);
    // A failed listing is UNKNOWN for its region (for S3's account-wide one, `global`): no region
    // it may hide a resource in passes.
    let judged: std::collections::BTreeSet<String> =
        findings.results.iter().map(|result| result.region.clone()).collect();
    if judged.contains(GLOBAL_REGION) {
        return;
    }
    for region in ctx.regions() {
        if !judged.contains(region) {
            findings.ok(
                ctx.region_arn("kms", region),
                region,
                format!("No resource in {region} is encrypted with an AWS managed default KMS key"),
            );
        }
    }
}

struct Judge<'c, 'a> {
    ctx: &'c Context<'a>,
}

impl Judge<'_, '_> {
    /// Judges a resource KMS encrypts with the key `key` names (`None`: the listing names none,
    /// which AWS documents only for unencrypted resources). `encrypted_with` starts the message:
    /// `EBS volume vol-1 is encrypted with`.
    fn key(&self, findings: &mut Findings, arn: &str, region: &str, encrypted_with: &str, key: Option<&str>) {
        let Some(key) = key else {
            let reason = Unknown::new(format!("{encrypted_with} KMS, and its listing names no key"));
            return findings.unknown(arn, region, &reason);
        };
        match encryption_level(self.ctx, key, region) {
            Ok(EncryptionLevel::AwsKms) => {
                findings.fail(arn, region, format!("{encrypted_with} the AWS managed key {key}"))
            }
            Ok(level) => findings.ok(arn, region, format!("{encrypted_with} the customer managed key {key} ({level})")),
            Err(reason) => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("{encrypted_with} KMS key {key}, whose manager is unknown: {reason}")),
            ),
        }
    }

    /// Judges each bucket whose default encryption uses KMS, in the bucket's region.
    fn buckets(&self, findings: &mut Findings) {
        let ctx = self.ctx;
        let list = match ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION) {
            Ok(list) => list,
            Err(reason) => return findings.unknown(ctx.region_arn("s3", ""), GLOBAL_REGION, &reason),
        };
        for bucket in &list.buckets {
            let arn = bucket_arn(ctx, &bucket.name);
            let (region, encryption) = ctx.read_resource(GET_BUCKET_ENCRYPTION, &arn);
            let region = region.unwrap_or(GLOBAL_REGION);
            let encryption = match encryption {
                Ok(encryption) => encryption,
                Err(reason) => {
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            let defaults =
                encryption.iter().flat_map(|encryption| encryption.server_side_encryption_configuration.rules.iter());
            let kms = defaults
                .filter_map(|rule| rule.apply_server_side_encryption_by_default.as_ref())
                .find(|default| default.sse_algorithm.starts_with("aws:kms"));
            if let Some(default) = kms {
                let key = default.kms_master_key_id.as_deref().unwrap_or("alias/aws/s3");
                let label = format!(
                    "S3 bucket {} encrypts new objects by default ({}) with",
                    bucket.name, default.sse_algorithm
                );
                self.key(findings, &arn, region, &label, Some(key));
            }
        }
    }
}
