use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::{GET_BUCKET_LIFECYCLE_CONFIGURATION, GET_BUCKET_VERSIONING, LifecycleRule};

declare_check! {
    /// Ensures versioned S3 buckets have a lifecycle rule for noncurrent object versions: with
    /// versioning enabled, every overwrite and delete keeps the earlier version, and without such
    /// a rule those versions are kept (and paid for) forever. A bucket whose versioning is
    /// `Enabled` passes when an enabled lifecycle rule expires noncurrent versions
    /// (NoncurrentVersionExpiration) or transitions them (NoncurrentVersionTransitions), and
    /// fails otherwise. A bucket whose versioning was never enabled, or is suspended (new writes
    /// no longer create noncurrent versions), passes without its lifecycle being read.
    ///
    /// CloudSploit counts only rules with NoncurrentVersionTransitions, since it tests a
    /// `length` that the NoncurrentVersionExpiration object does not have, so it fails buckets
    /// whose rule expires noncurrent versions; stance counts both actions, as S3 applies both.
    /// A rule limited by a filter (a prefix or tags) counts too.
    ///
    /// ## Remediation
    /// Add an enabled lifecycle rule with a NoncurrentVersionExpiration (for example after 90
    /// days) or NoncurrentVersionTransitions to a colder storage class.
    pub(crate) CHECK {
        id: "versionedBucketsLC",
        title: "S3 Versioned Buckets Lifecycle Configuration",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_VERSIONING, GET_BUCKET_LIFECYCLE_CONFIGURATION],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    s3::each_bucket(ctx, findings, GET_BUCKET_VERSIONING, |bucket, region, data, findings| {
        let Some(versioning) = data else {
            return findings.unknown(bucket.arn.clone(), region, &not_configured(GET_BUCKET_VERSIONING.id));
        };
        if !versioning.enabled() {
            return findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} is not versioned (versioning {})", bucket.name, versioning.describe()),
            );
        }
        let lifecycle = match ctx.read_resource(GET_BUCKET_LIFECYCLE_CONFIGURATION, &bucket.arn).1 {
            Ok(lifecycle) => lifecycle,
            Err(reason) => return findings.unknown(bucket.arn.clone(), region, &reason),
        };
        let rules: Vec<&str> = lifecycle
            .iter()
            .flat_map(|lifecycle| lifecycle.enabled_rules())
            .filter(|rule| rule.acts_on_noncurrent_versions())
            .map(LifecycleRule::name)
            .collect();
        if rules.is_empty() {
            let found = if lifecycle.is_some() { "no enabled lifecycle rule" } else { "no lifecycle configuration" };
            findings.fail(
                bucket.arn.clone(),
                region,
                format!(
                    "Bucket {} is versioned but has {found} that expires or transitions noncurrent versions",
                    bucket.name
                ),
            );
        } else {
            findings.ok(
                bucket.arn.clone(),
                region,
                format!(
                    "Bucket {} is versioned and has lifecycle rules for noncurrent versions: {}",
                    bucket.name,
                    rules.join(", ")
                ),
            );
        }
    });
}
