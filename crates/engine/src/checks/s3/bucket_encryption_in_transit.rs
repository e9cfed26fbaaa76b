use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::s3::{self as s3_policy, SecureTransport};
use crate::views::s3::{self, BucketRef, GET_BUCKET_POLICY, LIST_BUCKETS};
use crate::views::s3_config::{GET_BUCKET_WEBSITE, S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES};

declare_check! {
    /// Ensures every S3 bucket refuses plaintext (HTTP) requests: its policy has a Deny, for every
    /// principal (`"*"` or `{"AWS": "*"}`), of every S3 action (`s3:*` or `*`), on the bucket and on
    /// its objects (`arn:aws:s3:::BUCKET` and `arn:aws:s3:::BUCKET/*`, in one statement or two),
    /// whose only condition is `aws:SecureTransport` false. A bucket without a policy, or whose
    /// Deny leaves out the bucket or the objects, some actions, or some principals (NotPrincipal),
    /// fails, and the message says what is missing. An Allow conditioned on `aws:SecureTransport`
    /// true is not enough: it limits only what it grants, while identity policies in the account
    /// still reach the bucket over HTTP. With `s3_allow_unencrypted_static_websites`, buckets with
    /// a website configuration pass, since S3 website endpoints serve HTTP only.
    ///
    /// CloudSploit asks for the same Deny; Prowler passes any Deny on `aws:SecureTransport` false
    /// whose Action includes `s3:PutObject` (so plaintext reads stay allowed) and checks neither
    /// principal nor resource.
    ///
    /// ## Remediation
    /// Add a statement denying `s3:*` to `"*"` on the bucket and `bucket/*` when
    /// `aws:SecureTransport` is false.
    pub(crate) CHECK {
        id: "bucketEncryptionInTransit",
        title: "S3 Bucket Encryption In Transit",
        severity: High,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY, GET_BUCKET_WEBSITE],
        run,
        settings: [S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES],
        aliases: [
            ("s3_bucket_secure_transport_policy", Differently("Prowler passes a SecureTransport Deny that covers only s3:PutObject, or only some principals or resources; stance requires every S3 action on the bucket and its objects to be denied to everyone over HTTP")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let allow_websites = *ctx.setting(&S3_ALLOW_UNENCRYPTED_STATIC_WEBSITES);
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        if allow_websites {
            match website(ctx, bucket) {
                Err(reason) => return findings.unknown(arn, region, &reason),
                Ok(true) => {
                    return findings.ok(
                        arn,
                        region,
                        format!(
                            "Bucket {} hosts a static website, exempt by s3_allow_unencrypted_static_websites",
                            bucket.name
                        ),
                    );
                }
                Ok(false) => {}
            }
        }
        match s3_access::parse_bucket_policy(data) {
            Err(reason) => findings.unknown(arn, region, &reason),
            Ok(None) => findings.fail(
                arn,
                region,
                format!("Bucket {} has no bucket policy to refuse HTTP requests", bucket.name),
            ),
            Ok(Some(document)) => {
                let tls = s3_policy::secure_transport(&document, &bucket.arn);
                if tls.enforced() {
                    findings.ok(
                        arn,
                        region,
                        format!("Bucket {}'s policy denies HTTP requests in {}", bucket.name, refs(&tls)),
                    );
                } else {
                    findings.fail(arn, region, format!("Bucket {}'s policy {}", bucket.name, missing(&tls)));
                }
            }
        }
    });
}

/// Whether the bucket has a website configuration.
pub(crate) fn website(ctx: &Context, bucket: &BucketRef) -> Result<bool, crate::context::Unknown> {
    s3::bucket_read(ctx, GET_BUCKET_WEBSITE, bucket).map(|website| website.is_some())
}

fn refs(tls: &SecureTransport) -> String {
    tls.denies.iter().map(ToString::to_string).collect::<Vec<_>>().join(" and ")
}

/// What keeps plaintext requests allowed, for a FAIL message.
pub(crate) fn missing(tls: &SecureTransport) -> String {
    let mut text = if tls.covers_bucket {
        format!("denies HTTP requests to the bucket but not to its objects ({})", refs(tls))
    } else if tls.covers_objects {
        format!("denies HTTP requests to the objects but not to the bucket itself ({})", refs(tls))
    } else {
        "has no Deny of every S3 action to everyone when aws:SecureTransport is false".to_owned()
    };
    if !tls.partial_denies.is_empty() {
        let partial: Vec<String> = tls.partial_denies.iter().map(ToString::to_string).collect();
        text.push_str(&format!("; {} covers only some actions, principals or requests", partial.join(", ")));
    }
    if !tls.allows_requiring_tls.is_empty() {
        let allows: Vec<String> = tls.allows_requiring_tls.iter().map(ToString::to_string).collect();
        text.push_str(&format!("; the Allow in {} requires TLS only for what it grants", allows.join(", ")));
    }
    text
}
