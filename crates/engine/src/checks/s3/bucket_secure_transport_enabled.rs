use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::s3 as s3_policy;
use crate::views::s3::{self, GET_BUCKET_POLICY, LIST_BUCKETS};

use super::bucket_encryption_in_transit::missing;

declare_check! {
    /// Ensures every S3 bucket policy makes S3 refuse plaintext (HTTP) requests for every
    /// principal: a Deny of every S3 action to everyone on the bucket and its objects when
    /// `aws:SecureTransport` is false (see bucketEncryptionInTransit). Buckets without a policy,
    /// or with an empty one, fail.
    ///
    /// CloudSploit instead passes a policy whose every Allow is conditioned on
    /// `aws:SecureTransport` true and every Deny on false, and fails one with any statement outside
    /// that pattern. By AWS's policy evaluation, a condition on an Allow limits only what that
    /// statement grants: principals of the account reach the bucket through their identity
    /// policies over HTTP, so a policy of Allows requiring TLS does not enforce it, and only the
    /// Deny does. With that Deny in place, statements without a SecureTransport condition cannot
    /// be used over HTTP either, so stance does not fail them.
    ///
    /// ## Remediation
    /// Add a statement denying `s3:*` to `"*"` on the bucket and `bucket/*` when
    /// `aws:SecureTransport` is false.
    pub(crate) CHECK {
        id: "bucketSecureTransportEnabled",
        title: "S3 Secure Transport Enabled",
        severity: Medium,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        match s3_access::parse_bucket_policy(data) {
            Err(reason) => findings.unknown(arn, region, &reason),
            Ok(None) => findings.fail(arn, region, format!("Bucket {} has no bucket policy", bucket.name)),
            Ok(Some(document)) if document.statements.is_empty() => {
                findings.fail(arn, region, format!("Bucket {}'s policy has no statements", bucket.name))
            }
            Ok(Some(document)) => {
                let tls = s3_policy::secure_transport(&document, &bucket.arn);
                if tls.enforced() {
                    let denies: Vec<String> = tls.denies.iter().map(ToString::to_string).collect();
                    findings.ok(
                        arn,
                        region,
                        format!(
                            "Bucket {}'s policy refuses HTTP requests for everyone in {}",
                            bucket.name,
                            denies.join(" and ")
                        ),
                    );
                } else {
                    findings.fail(arn, region, format!("Bucket {}'s policy {}", bucket.name, missing(&tls)));
                }
            }
        }
    });
}
