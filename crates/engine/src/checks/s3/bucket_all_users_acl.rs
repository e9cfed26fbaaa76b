use crate::check::{Category, Check, Framework, Severity};
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{self, GET_BUCKET_ACL, GetBucketAcl, LIST_BUCKETS};

pub(crate) static CHECK: Check = Check {
    id: "bucketAllUsersAcl",
    title: "S3 Bucket All Users ACL",
    category: Category::S3,
    severity: Severity::Critical,
    description: "Ensures no S3 bucket ACL grants access to the AllUsers group (anyone on the internet) or the \
                  AuthenticatedUsers group (anyone with any AWS account).",
    remediation: "Remove the grants to AllUsers and AuthenticatedUsers from the bucket ACL, and preferably \
                  disable ACLs altogether with the bucket owner enforced Object Ownership setting.",
    compliance: &[Framework::Pci],
    cis_controls: &[],
    reads: &[LIST_BUCKETS, GET_BUCKET_ACL],
    settings: &[],
    run,
};

/// The global groups whose grants make a bucket public, with how the message names them.
const PUBLIC_GROUPS: [(&str, &str); 2] = [
    ("http://acs.amazonaws.com/groups/global/AllUsers", "AllUsers"),
    ("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "AuthenticatedUsers"),
];

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_ACL, |bucket, region, data: Option<GetBucketAcl>, findings| {
        let Some(acl) = data else {
            return findings.unknown(bucket.arn.clone(), region, &not_configured(GET_BUCKET_ACL));
        };
        let mut public = Vec::new();
        for (uri, group) in PUBLIC_GROUPS {
            let permissions: Vec<&str> = acl
                .grants
                .iter()
                .filter(|grant| grant.grantee.uri.as_deref() == Some(uri))
                .map(|grant| grant.permission.as_str())
                .collect();
            if !permissions.is_empty() {
                public.push(format!("{} to {group}", permissions.join(", ")));
            }
        }
        if public.is_empty() {
            findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {}'s ACL grants nothing to AllUsers or AuthenticatedUsers", bucket.name),
            );
        } else {
            findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {}'s ACL grants {}", bucket.name, public.join(" and ")),
            );
        }
    });
}
