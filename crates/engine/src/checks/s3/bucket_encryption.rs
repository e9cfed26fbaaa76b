use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{Setting, StringList};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::{
    DefaultEncryption, GET_BUCKET_ENCRYPTION, GET_BUCKET_WEBSITE, KmsKey, S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES,
};

declare_check! {
    /// Ensures S3 buckets encrypt new objects by default, at the level the settings require.
    /// Since January 2023 S3 encrypts every new object with SSE-S3 when neither the request nor
    /// the bucket names another encryption, so with the default settings every bucket passes: a
    /// bucket without an encryption rule of its own (ServerSideEncryptionConfigurationNotFoundError,
    /// which S3 no longer returns but emulators do) is reported as using S3's default SSE-S3,
    /// never as unencrypted.
    ///
    /// - `s3_encryption_require_cmk`: SSE-S3 fails, and so does SSE-KMS with the AWS managed key
    ///   (no KMSMasterKeyID, or an `alias/aws/…` alias). A customer alias (`alias/NAME` outside
    ///   `alias/aws/`, which AWS reserves) or a key ARN of another account names a customer
    ///   managed key and passes. A key id or key ARN of the account could be either kind; telling
    ///   takes KMS DescribeKey, which stance does not collect, so such a bucket is UNKNOWN.
    /// - `s3_encryption_kms_alias` (aliases, comma-separated, with the `alias/` prefix): a bucket
    ///   passes when its rule names one of the aliases (or, for `alias/aws/s3`, no key), and fails
    ///   when it uses SSE-S3 or an AWS managed key not listed (no customer alias can name an AWS
    ///   managed key). Another alias, a key id or a key ARN may name the same key as a listed
    ///   alias: telling takes KMS ListAliases, not collected, so it is UNKNOWN. CloudSploit fails
    ///   every bucket when no listed alias exists in the account; stance cannot tell.
    /// - `s3_encryption_allow_pattern`: buckets whose name matches the regular expression pass.
    /// - `s3_allow_unencrypted_static_websites`: a bucket that fails the requirement but hosts a
    ///   static website (GetBucketWebsite) passes.
    /// - `s3_encryption_allow_cloudfront` (CloudFront origins are exempt from the CMK and alias
    ///   requirements) and `whitelist_appconfig_s3_buckets` (AppConfig configuration sources are
    ///   exempt) take CloudFront and AppConfig data that stance does not collect: with either on,
    ///   a bucket that would fail is UNKNOWN, since it may be exempt.
    ///
    /// ## Remediation
    /// Set the bucket's default encryption (PutBucketEncryption) to SSE-KMS with a customer
    /// managed key, the key aliased as `s3_encryption_kms_alias` requires where it is set.
    pub(crate) CHECK {
        id: "bucketEncryption",
        title: "S3 Bucket Encryption",
        severity: High,
        reads: [LIST_BUCKETS, GET_BUCKET_ENCRYPTION, GET_BUCKET_WEBSITE],
        run,
        settings: [
            REQUIRE_CMK,
            ALLOW_PATTERN,
            KMS_ALIAS,
            ALLOW_CLOUDFRONT,
            S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES,
            WHITELIST_APPCONFIG,
        ],
        aliases: [
            ("s3_bucket_default_encryption", Differently("Prowler fails a bucket that has no encryption rule of its own and one whose GetBucketEncryption call failed; stance passes the first, which S3 encrypts with SSE-S3 by default since January 2023, and says UNKNOWN for the second")),
        ],
    }
}

static REQUIRE_CMK: Setting<bool> = Setting::new(
    "s3_encryption_require_cmk",
    "false",
    "Require default encryption with a customer managed KMS key: SSE-S3 and the AWS managed aws/s3 key fail.",
);

static ALLOW_PATTERN: Setting<regex::Regex> = Setting::new(
    "s3_encryption_allow_pattern",
    "",
    "If set, a regular expression: buckets whose name matches are exempt.",
);

static KMS_ALIAS: Setting<StringList> = Setting::new(
    "s3_encryption_kms_alias",
    "",
    "If set, the KMS key aliases (alias/NAME, comma-separated) one of which default encryption must use.",
);

static ALLOW_CLOUDFRONT: Setting<bool> = Setting::new(
    "s3_encryption_allow_cloudfront",
    "false",
    "Exempt CloudFront origins from the CMK and alias requirements (CloudFront is not collected: buckets that would fail are UNKNOWN).",
);

static WHITELIST_APPCONFIG: Setting<bool> = Setting::new(
    "whitelist_appconfig_s3_buckets",
    "false",
    "Exempt buckets that are AppConfig configuration sources (AppConfig is not collected: buckets that would fail are UNKNOWN).",
);

/// A bucket's verdict and its message.
enum Verdict {
    Pass(String),
    Fail(String),
    Unknown(String),
}

fn run(ctx: &Context, findings: &mut Findings) {
    let pattern = ctx.setting(&ALLOW_PATTERN);
    s3::each_bucket(ctx, findings, GET_BUCKET_ENCRYPTION, |bucket, region, data, findings| {
        if !pattern.as_str().is_empty() && pattern.is_match(bucket.name) {
            return findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} is exempt by s3_encryption_allow_pattern", bucket.name),
            );
        }
        let encryption = DefaultEncryption::of(data);
        let described = format!("Bucket {} encrypts new objects with {}", bucket.name, encryption.describe());
        let mut verdict = requirement(ctx, encryption, described);
        if !matches!(verdict, Verdict::Pass(_)) && *ctx.setting(&S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES) {
            match ctx.read_resource(GET_BUCKET_WEBSITE, &bucket.arn).1 {
                Err(reason) => verdict = Verdict::Unknown(reason.to_string()),
                Ok(Some(website)) if website.describe().is_some() => {
                    verdict = Verdict::Pass(format!(
                        "Bucket {} hosts a static website (exempt by s3_allow_unencrypted_static_websites)",
                        bucket.name
                    ));
                }
                Ok(_) => {}
            }
        }
        if let Verdict::Fail(message) = &verdict {
            let exemption = if *ctx.setting(&ALLOW_CLOUDFRONT) {
                Some(
                    "it is exempt by s3_encryption_allow_cloudfront if it is a CloudFront origin, and CloudFront is not collected",
                )
            } else if *ctx.setting(&WHITELIST_APPCONFIG) {
                Some(
                    "it is exempt by whitelist_appconfig_s3_buckets if it is an AppConfig configuration source, and AppConfig is not collected",
                )
            } else {
                None
            };
            if let Some(exemption) = exemption {
                verdict = Verdict::Unknown(format!("{message}, but {exemption}"));
            }
        }
        match verdict {
            Verdict::Pass(message) => findings.ok(bucket.arn.clone(), region, message),
            Verdict::Fail(message) => findings.fail(bucket.arn.clone(), region, message),
            Verdict::Unknown(reason) => {
                findings.unknown(bucket.arn.clone(), region, &crate::context::Unknown::new(reason));
            }
        }
    });
}

/// The verdict of a bucket's default encryption under the CMK and alias settings; `described`
/// says what the bucket uses.
fn requirement(ctx: &Context, encryption: DefaultEncryption, described: String) -> Verdict {
    let key = match encryption {
        DefaultEncryption::Kms { key, .. } => Some(key),
        DefaultEncryption::S3 { .. } | DefaultEncryption::Other(_) => None,
    };
    if *ctx.setting(&REQUIRE_CMK) {
        match key.map(|key| KmsKey::of(key, ctx.account_id())) {
            None if matches!(encryption, DefaultEncryption::Other(_)) => {
                return Verdict::Unknown(format!("{described}, which stance does not know"));
            }
            None => return Verdict::Fail(format!("{described}, not a customer managed KMS key")),
            Some(KmsKey::AwsManaged) => return Verdict::Fail(format!("{described}, not a customer managed KMS key")),
            Some(KmsKey::Undecided(_)) => {
                return Verdict::Unknown(format!(
                    "{described}; whether that key is customer managed takes KMS DescribeKey, which stance does not collect"
                ));
            }
            Some(KmsKey::CustomerAlias(_) | KmsKey::OtherAccount(_)) => {}
        }
    }
    let required = ctx.setting(&KMS_ALIAS).items();
    if !required.is_empty() {
        let listed = required.join(", ");
        let Some(key) = key else {
            return Verdict::Fail(format!("{described}, not the KMS key of alias {listed}"));
        };
        match KmsKey::alias(key) {
            Some(alias) if required.iter().any(|required| required == alias) => {}
            Some(alias) if alias.starts_with("alias/aws/") => {
                return Verdict::Fail(format!("{described}, not the KMS key of alias {listed}"));
            }
            Some(alias) => {
                return Verdict::Unknown(format!(
                    "{described}; whether {alias} names the same key as {listed} takes KMS ListAliases, which stance does not collect"
                ));
            }
            None => {
                return Verdict::Unknown(format!(
                    "{described}; whether that is the key of alias {listed} takes KMS ListAliases, which stance does not collect"
                ));
            }
        }
    }
    Verdict::Pass(described)
}
