use super::sqs_public_access::each_queue;
use crate::analysis::kms_keys::{EncryptionLevel, encryption_level};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::kms::{DESCRIBE_KEY, LIST_ALIASES};
use crate::views::sqs::{GET_QUEUE_ATTRIBUTES, LIST_QUEUES};

static SQS_ENCRYPTION_LEVEL: Setting<EncryptionLevel> = Setting::new(
    "sqs_encryption_level",
    "sse",
    "The weakest encryption an SQS queue may have: sse (SSE-SQS, keys SQS owns, or any KMS key), awskms (a KMS key, the AWS managed alias/aws/sqs included), awscmk (a customer managed key), externalcmk (imported key material) or cloudhsm (a CloudHSM key store); none accepts unencrypted queues.",
);

declare_check! {
    /// Ensures every SQS queue is encrypted at rest. A queue fails when it has neither SSE-KMS (a
    /// `KmsMasterKeyId`) nor SSE-SQS (`SqsManagedSseEnabled` true), and passes with either under
    /// the default sqs_encryption_level, `sse`: SSE-SQS encrypts messages at rest with keys SQS
    /// manages, it is what new queues get by default, and FSBP SQS.1 accepts it. With the level
    /// raised, SSE-SQS ranks sse, the AWS managed `alias/aws/sqs` awskms, and a customer managed
    /// key by its KMS DescribeKey (`analysis::kms_keys`: awscmk, externalcmk for imported material
    /// or an external key store, cloudhsm); a weaker encryption fails, and a key that cannot be
    /// described (another account's, a failed call) is UNKNOWN.
    ///
    /// CloudSploit counts only KMS encryption, so it fails SSE-SQS queues, and warns on the
    /// `alias/aws/sqs` key only when named by that literal alias; Prowler accepts either, as stance
    /// does by default. Set sqs_encryption_level to awscmk for CloudSploit's intent (a key the
    /// account controls), which here also recognises the AWS managed key by its id or ARN.
    ///
    /// ## Remediation
    /// Turn on server-side encryption: `aws sqs set-queue-attributes --attributes
    /// SqsManagedSseEnabled=true`, or `KmsMasterKeyId=<key>` for a customer managed key.
    pub(crate) CHECK {
        id: "sqsEncrypted",
        title: "SQS Encrypted",
        severity: High,
        reads: [LIST_QUEUES, GET_QUEUE_ATTRIBUTES, LIST_ALIASES, DESCRIBE_KEY],
        run,
        settings: [SQS_ENCRYPTION_LEVEL],
        aliases: [
            ("sqs_queues_server_side_encryption_enabled", Same),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let target = *ctx.setting(&SQS_ENCRYPTION_LEVEL);
    each_queue(ctx, findings, |arn, region, name, attributes, findings| {
        let attributes = match attributes {
            Ok(attributes) => attributes,
            Err(reason) => return findings.unknown(arn, region, &reason),
        };
        let (level, how) = match (attributes.kms_master_key_id(), attributes.sqs_managed_sse()) {
            (Some(key), _) if target <= EncryptionLevel::AwsKms => {
                (EncryptionLevel::AwsKms, format!("is encrypted with KMS key {key}"))
            }
            (Some(key), _) => match encryption_level(ctx, key, region) {
                Ok(level) => (level, format!("is encrypted with KMS key {key}, a key of level {level}")),
                Err(reason) => {
                    let reason = Unknown::new(format!(
                        "SQS queue {name} is encrypted with KMS key {key}, and whether it meets sqs_encryption_level {target} is unknown: {reason}"
                    ));
                    return findings.unknown(arn, region, &reason);
                }
            },
            (None, Some(true)) => (EncryptionLevel::Sse, "is encrypted with SSE-SQS (keys SQS owns)".to_owned()),
            (None, _) => (EncryptionLevel::None, "is not encrypted at rest".to_owned()),
        };
        if level >= target && level > EncryptionLevel::None {
            findings.ok(arn, region, format!("SQS queue {name} {how}, meeting sqs_encryption_level {target}"));
        } else if level >= target {
            findings.ok(arn, region, format!("SQS queue {name} {how}, which sqs_encryption_level {target} allows"));
        } else {
            findings.fail(arn, region, format!("SQS queue {name} {how}, below sqs_encryption_level {target}"));
        }
    });
}
