use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::{grantees, s3 as s3_policy};
use crate::settings::{Setting, StringList};
use crate::views::s3::{self, GET_BUCKET_POLICY, LIST_BUCKETS};

declare_check! {
    /// Ensures no S3 bucket policy grants access to AWS accounts other than the bucket owner's
    /// and those in `trusted_account_ids`. A bucket fails when an Allow names a principal of
    /// another account (an account id, its root, or a user or role ARN in it), or grants to
    /// everyone without a confining condition (S3's definition of public), or confines a grant to
    /// everyone to named accounts outside the trusted ones (`aws:PrincipalAccount`,
    /// `aws:SourceAccount`, an account in `aws:PrincipalArn`). It warns when a grant to everyone
    /// is confined by keys that do not name accounts (`aws:PrincipalOrgID`, a VPC endpoint, an IP
    /// range), which can take in other accounts. Service principals, CloudFront origin access
    /// identities and deleted principals (unique ids) are not accounts and do not count. It
    /// passes with no policy or in-account principals only.
    ///
    /// CloudSploit has no such plugin; the setting is Prowler's `trusted_account_ids`.
    ///
    /// ## Remediation
    /// Remove the statements naming untrusted accounts, or add those accounts to
    /// `trusted_account_ids` if they are meant to have access.
    pub(crate) CHECK {
        id: "bucketCrossAccountAccess",
        title: "S3 Bucket Cross Account Access",
        severity: High,
        reads: [LIST_BUCKETS, GET_BUCKET_POLICY],
        run,
        settings: [TRUSTED],
        aliases: [
            ("s3_bucket_cross_account_access", Differently("Prowler passes a grant to everyone under any condition naming the account; stance counts only conditions that confine it by S3's definition, and warns on grants confined by keys that take in other accounts, such as aws:PrincipalOrgID")),
        ],
    }
}

/// Shared with vpcEndpointCrossAccount and sqsCrossAccount.
pub(crate) static TRUSTED: Setting<StringList> = Setting::new(
    "trusted_account_ids",
    "",
    "AWS account ids, comma-separated, that bucket, VPC endpoint and SQS queue policies may grant access to besides this account.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let own = ctx.account_id();
    let trusted: Vec<&str> = ctx.setting(&TRUSTED).items().iter().map(String::as_str).collect();
    let is_trusted = |account: &str| account == own || trusted.contains(&account);
    s3::each_bucket(ctx, findings, GET_BUCKET_POLICY, |bucket, region, data, findings| {
        let arn = bucket.arn.clone();
        let document = match s3_access::parse_bucket_policy(data) {
            Err(reason) => return findings.unknown(arn, region, &reason),
            Ok(None) => return findings.ok(arn, region, format!("Bucket {} has no bucket policy", bucket.name)),
            Ok(Some(document)) => document,
        };
        let grantees = grantees(&document);
        let public = s3_policy::public_analysis(&document, &bucket.arn);
        let mut failures: Vec<String> = grantees
            .foreign_accounts(own, &trusted)
            .map(|(account, statements)| {
                let named: Vec<String> = statements.iter().map(ToString::to_string).collect();
                format!("account {account} ({})", named.join(", "))
            })
            .collect();
        failures.extend(public.public.iter().map(|grant| format!("everyone ({})", grant.statement)));
        let mut warnings = Vec::new();
        for confined in &public.confined {
            let open = grantees.everyone.iter().find(|open| open.statement == confined.statement);
            match open.and_then(|open| open.confined_to_accounts()) {
                Some(accounts) => {
                    let foreign: Vec<&str> =
                        accounts.iter().map(String::as_str).filter(|account| !is_trusted(account)).collect();
                    if !foreign.is_empty() {
                        failures.push(format!("{} ({})", foreign.join(", "), confined.statement));
                    }
                }
                None => warnings.push(format!(
                    "everyone under {} ({})",
                    confined.confined_by.join(", "),
                    confined.statement
                )),
            }
        }
        if !failures.is_empty() {
            findings.fail(
                arn,
                region,
                format!("Bucket {}'s policy grants access to {}", bucket.name, failures.join(", ")),
            );
        } else if !warnings.is_empty() {
            findings.warn(
                arn,
                region,
                format!(
                    "Bucket {}'s policy grants access to {}, which can include other accounts",
                    bucket.name,
                    warnings.join(", ")
                ),
            );
        } else {
            findings.ok(
                arn,
                region,
                format!(
                    "Bucket {}'s policy grants access to no account outside this one and the trusted ones",
                    bucket.name
                ),
            );
        }
    });
}
