use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{self, GET_BUCKET_ACL, LIST_BUCKETS};

declare_check! {
    /// Ensures no S3 bucket ACL grants access to the AllUsers group (anyone on the internet) or the
    /// AuthenticatedUsers group (anyone with any AWS account).
    ///
    /// ## Remediation
    /// Remove the grants to AllUsers and AuthenticatedUsers from the bucket ACL, and preferably
    /// disable ACLs altogether with the bucket owner enforced Object Ownership setting.
    pub(crate) CHECK {
        id: "bucketAllUsersAcl",
        title: "S3 Bucket All Users ACL",
        severity: Critical,
        reads: [LIST_BUCKETS, GET_BUCKET_ACL],
        run,
        aliases: [
            ("s3_bucket_public_list_acl", Differently("Prowler counts only READ, READ_ACP and FULL_CONTROL here, and passes a bucket whose Block Public Access ignores public ACLs; stance fails any grant to AllUsers or AuthenticatedUsers in the ACL itself")),
            ("s3_bucket_public_write_acl", Differently("Prowler counts only WRITE, WRITE_ACP and FULL_CONTROL here, and passes a bucket whose Block Public Access ignores public ACLs; stance fails any grant to AllUsers or AuthenticatedUsers in the ACL itself")),
        ],
        compliance: [Pci],
        fsbp: ["S3.2", "S3.3"],
        pci4: ["1.2.8", "1.3.1", "1.3.2"],
    }
}

/// The global groups whose grants make a bucket public, with how the message names them.
const PUBLIC_GROUPS: [(&str, &str); 2] = [
    ("http://acs.amazonaws.com/groups/global/AllUsers", "AllUsers"),
    ("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "AuthenticatedUsers"),
];

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_ACL, |bucket, region, data, findings| {
        let Some(acl) = data else {
            return findings.unknown(bucket.arn.clone(), region, &not_configured(GET_BUCKET_ACL.id));
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
