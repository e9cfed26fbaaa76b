//! Which calls a collection makes: with `--plugin`, only those the selected checks read,
//! plus the calls those depend on (per-bucket calls need the bucket list, and so on).

use std::collections::BTreeSet;

/// A call: (service, operation).
type Call = (&'static str, &'static str);

/// (call, the call it is made from): a call is made for each resource its parent lists.
const PARENTS: &[(Call, Call)] = &[
    (("S3", "GetBucketLocation"), ("S3", "ListBuckets")),
    (("S3", "GetBucketAcl"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketPolicy"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketPolicyStatus"), ("S3", "GetBucketLocation")),
    (("S3", "GetPublicAccessBlock"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketLogging"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketEncryption"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketVersioning"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketLifecycleConfiguration"), ("S3", "GetBucketLocation")),
    (("S3", "GetObjectLockConfiguration"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketOwnershipControls"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketWebsite"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketTagging"), ("S3", "GetBucketLocation")),
    (("S3", "GetBucketReplication"), ("S3", "GetBucketLocation")),
    (("IAM", "GetCredentialReport"), ("IAM", "GenerateCredentialReport")),
    (("IAM", "ListAccessKeys"), ("IAM", "ListUsers")),
    (("IAM", "GetAccessKeyLastUsed"), ("IAM", "ListAccessKeys")),
    (("IAM", "ListMFADevices"), ("IAM", "ListUsers")),
    (("IAM", "ListSSHPublicKeys"), ("IAM", "ListUsers")),
    (("IAM", "ListSigningCertificates"), ("IAM", "ListUsers")),
    (("EC2", "DescribeSnapshotAttribute"), ("EC2", "DescribeSnapshots")),
    (("EC2", "DescribeImageAttribute"), ("EC2", "DescribeImages")),
    (("EC2", "DescribeLaunchTemplateVersions"), ("EC2", "DescribeLaunchTemplates")),
];

/// `calls` and every call they are made from, transitively.
pub fn with_dependencies(calls: &BTreeSet<(String, String)>) -> BTreeSet<(String, String)> {
    let mut all = calls.clone();
    loop {
        let parents: Vec<(String, String)> = PARENTS
            .iter()
            .filter(|((service, operation), _)| all.contains(&((*service).to_owned(), (*operation).to_owned())))
            .map(|(_, (service, operation))| ((*service).to_owned(), (*operation).to_owned()))
            .filter(|parent| !all.contains(parent))
            .collect();
        if parents.is_empty() {
            return all;
        }
        all.extend(parents);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(calls: &[(&str, &str)]) -> BTreeSet<(String, String)> {
        calls.iter().map(|(s, o)| ((*s).to_owned(), (*o).to_owned())).collect()
    }

    #[test]
    fn dependencies_are_followed_to_the_root() {
        assert_eq!(
            with_dependencies(&set(&[("S3", "GetBucketAcl"), ("IAM", "GetAccessKeyLastUsed")])),
            set(&[
                ("S3", "GetBucketAcl"),
                ("S3", "GetBucketLocation"),
                ("S3", "ListBuckets"),
                ("IAM", "GetAccessKeyLastUsed"),
                ("IAM", "ListAccessKeys"),
                ("IAM", "ListUsers"),
            ])
        );
        assert_eq!(with_dependencies(&set(&[("EC2", "DescribeVpcs")])), set(&[("EC2", "DescribeVpcs")]));
    }
}
