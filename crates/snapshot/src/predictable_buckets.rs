//! Bucket names that AWS services choose for an account by a fixed pattern.
//!
//! Some services create, or expect, a bucket whose name is built from the account id and the
//! region alone. Bucket names are global to a partition, so anyone can create such a bucket
//! first; the service then reads from or writes to a bucket another account owns (the
//! "shadow resource" or "bucket monopoly" attack). The collector probes these names with S3
//! HeadBucket, and the `bucketShadowResource` check judges the answers: both take the names
//! from here.

/// The services whose bucket names are predictable, with the name each uses for an account and
/// region, in the order they are probed and reported:
///
/// - AWS Glue (Glue Studio's scripts and temporary files): `aws-glue-assets-{account}-{region}`;
/// - Amazon SageMaker (the SDK's default bucket): `sagemaker-{region}-{account}`;
/// - Amazon EMR Studio (workspace storage): `aws-emr-studio-{account}-{region}`;
/// - AWS CodeStar (project templates): `aws-codestar-{region}-{account}`.
pub fn predictable_bucket_names(account: &str, region: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Glue", format!("aws-glue-assets-{account}-{region}")),
        ("SageMaker", format!("sagemaker-{region}-{account}")),
        ("EMR Studio", format!("aws-emr-studio-{account}-{region}")),
        ("CodeStar", format!("aws-codestar-{region}-{account}")),
    ]
}

#[cfg(test)]
mod tests {
    use super::predictable_bucket_names;

    #[test]
    fn names_follow_each_services_pattern() {
        let names = predictable_bucket_names("123456789012", "eu-west-1");
        assert_eq!(
            names,
            [
                ("Glue", "aws-glue-assets-123456789012-eu-west-1".to_owned()),
                ("SageMaker", "sagemaker-eu-west-1-123456789012".to_owned()),
                ("EMR Studio", "aws-emr-studio-123456789012-eu-west-1".to_owned()),
                ("CodeStar", "aws-codestar-eu-west-1-123456789012".to_owned()),
            ]
        );
    }

    #[test]
    fn names_are_valid_bucket_names_in_every_region() {
        // The longest region name of the aws partition today, and one of another partition.
        for region in ["ap-southeast-1", "ap-southeast-7", "us-gov-west-1", "cn-northwest-1", "us-east-1"] {
            for (_, name) in predictable_bucket_names("123456789012", region) {
                assert!((3..=63).contains(&name.len()), "{name}");
                assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{name}");
            }
        }
    }
}
