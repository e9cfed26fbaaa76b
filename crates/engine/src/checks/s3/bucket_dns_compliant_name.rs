use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{LIST_BUCKETS, bucket_arn};

declare_check! {
    /// Ensures S3 bucket names are DNS-compliant labels without periods, so that the bucket can be
    /// reached over HTTPS at its virtual-hosted address (`NAME.s3.REGION.amazonaws.com`, whose
    /// wildcard certificate covers one label) and can use Transfer Acceleration, which requires
    /// such names. A bucket passes when its name is 3 to 63 lowercase letters, digits and hyphens,
    /// beginning and ending with a letter or digit; it fails when the name has a period, or is one
    /// of the legacy us-east-1 names that are not DNS-compliant at all (upper case, underscores,
    /// longer than 63 characters).
    ///
    /// CloudSploit fails only names with a period; stance also fails the legacy names, which S3
    /// serves only at path-style addresses. The result is reported for the `global` region, since
    /// the name alone decides it.
    ///
    /// ## Remediation
    /// Create a bucket whose name uses hyphens instead of periods, copy the objects into it, point
    /// clients at it, and delete the old bucket.
    pub(crate) CHECK {
        id: "bucketDnsCompliantName",
        title: "S3 DNS Compliant Bucket Names",
        severity: Low,
        reads: [LIST_BUCKETS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let list = match ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.region_arn("s3", ""), GLOBAL_REGION, &reason),
    };
    if list.buckets.is_empty() {
        return findings.ok(ctx.region_arn("s3", ""), GLOBAL_REGION, "No S3 buckets found");
    }
    for bucket in &list.buckets {
        let arn = bucket_arn(ctx, &bucket.name);
        match problem(&bucket.name) {
            None => findings.ok(arn, GLOBAL_REGION, format!("Bucket {} has a DNS-compliant name", bucket.name)),
            Some(problem) => findings.fail(
                arn,
                GLOBAL_REGION,
                format!("Bucket {} has a name that is not DNS-compliant: {problem}", bucket.name),
            ),
        }
    }
}

/// Why `name` is not a DNS-compliant bucket name without periods, if it is not.
fn problem(name: &str) -> Option<&'static str> {
    let alphanumeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.contains('.') {
        Some("it contains a period")
    } else if !(3..=63).contains(&name.len()) {
        Some("it is not 3 to 63 characters long")
    } else if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        Some("it has characters other than lowercase letters, digits and hyphens")
    } else if !alphanumeric(name.chars().next()) || !alphanumeric(name.chars().last()) {
        Some("it does not begin and end with a letter or digit")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn names_with_periods_or_legacy_characters_are_not_compliant() {
        assert_eq!(problem("app-data-2026"), None);
        assert_eq!(problem("www.example.com"), Some("it contains a period"));
        assert_eq!(
            problem("Legacy_Bucket"),
            Some("it has characters other than lowercase letters, digits and hyphens")
        );
        assert_eq!(problem("-data"), Some("it does not begin and end with a letter or digit"));
        assert_eq!(problem("ab"), Some("it is not 3 to 63 characters long"));
        assert_eq!(problem(&"a".repeat(64)), Some("it is not 3 to 63 characters long"));
    }
}
