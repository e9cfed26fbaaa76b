use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::s3::{self as s3_policy, PublicAnalysis};
use crate::views::s3::{self, GET_BUCKET_POLICY, LIST_BUCKETS};

declare_check! {
    /// Ensures no S3 bucket policy grants access to everyone: an Allow statement whose principal is
    /// `"*"`, `{"AWS": "*"}` (or another wildcard principal) or a NotPrincipal, that S3 counts as
    /// public. A bucket fails when such a statement is not confined to fixed values of the keys
    /// S3's definition of "public" lists (source VPC or endpoint, source IP ranges no broader than
    /// /8, organization, principal or source account or ARN, access point); it passes with no
    /// policy, with no grant to everyone, or when every such grant is confined, and the message
    /// names the confining keys. A Deny never makes a bucket public.
    ///
    /// CloudSploit only warns on any wildcard-principal Allow with a Condition, whatever the
    /// condition: a condition on `aws:SecureTransport` or a wildcard `aws:SourceVpc` leaves the
    /// grant public for S3, so stance fails those, and passes grants S3 counts as confined.
    /// Block Public Access is not consulted here (bucketPublicAccess and bucketPolicyPublicWrite
    /// weigh it): this check reports what the policy says.
    ///
    /// ## Remediation
    /// Replace the wildcard principal with the accounts or roles that need access, or confine the
    /// statement with a condition on a fixed `aws:SourceVpce`, `aws:PrincipalOrgID` or
    /// `aws:SourceIp` range; serve public content through CloudFront with origin access control.
    pub(crate) CHECK {
        id: "bucketAllUsersPolicy",
        title: "S3 Bucket All Users Policy",
        severity: Critical,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        let document = match s3_access::parse_bucket_policy(data) {
            Err(reason) => return findings.unknown(arn, region, &reason),
            Ok(None) => return findings.ok(arn, region, format!("Bucket {} has no bucket policy", bucket.name)),
            Ok(Some(document)) => document,
        };
        let analysis = s3_policy::public_analysis(&document, &bucket.arn);
        if analysis.is_public() {
            findings.fail(arn, region, format!("Bucket {}'s policy {}", bucket.name, public_text(&analysis)));
        } else if analysis.confined.is_empty() {
            findings.ok(arn, region, format!("Bucket {}'s policy grants nothing to everyone", bucket.name));
        } else {
            findings.ok(arn, region, format!("Bucket {}'s policy {}", bucket.name, confined_text(&analysis)));
        }
    });
}

/// `grants everyone access in statement "Read" (its aws:SourceVpc condition has a wildcard,
/// which S3 does not count)`, for every public grant.
pub(crate) fn public_text(analysis: &PublicAnalysis) -> String {
    let grants: Vec<String> = analysis
        .public
        .iter()
        .map(|grant| {
            let mut text = grant.statement.to_string();
            if !grant.conditions_not_counted.is_empty() {
                text.push_str(&format!(
                    " (its condition on {} does not confine it by S3's definition)",
                    grant.conditions_not_counted.join(", ")
                ));
            }
            text
        })
        .collect();
    format!("grants everyone access in {}", grants.join(" and "))
}

/// `grants to everyone only under fixed aws:SourceVpce (statement "X")`.
pub(crate) fn confined_text(analysis: &PublicAnalysis) -> String {
    let grants: Vec<String> = analysis
        .confined
        .iter()
        .map(|grant| format!("{} under {}", grant.statement, grant.confined_by.join(", ")))
        .collect();
    format!("grants to everyone only confined to fixed values: {}", grants.join("; "))
}
