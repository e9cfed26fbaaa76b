use std::collections::BTreeSet;

use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::{
    GET_BUCKET_LOCATION, GET_BUCKET_REPLICATION, GET_BUCKET_VERSIONING, bucket_location, bucket_name_from_arn,
};

declare_check! {
    /// Ensures S3 buckets replicate their objects to a bucket in another region, so that a
    /// regional outage or a deletion in one region does not lose the data. A bucket passes when
    /// its versioning is `Enabled` (replication requires it) and an enabled replication rule's
    /// destination bucket is in another region than the bucket. It fails when it has no
    /// replication configuration, no enabled rule, versioning not enabled, or only rules to
    /// buckets in its own region (same-region replication).
    ///
    /// A rule names its destination by ARN only. When the destination is a bucket of this
    /// account (in ListBuckets), its region and the bucket's are their GetBucketLocation
    /// answers; a bucket of another
    /// account is not collected, so a rule to one cannot be judged: without a rule that passes,
    /// such a bucket is UNKNOWN (Prowler says MANUAL, the same decision).
    ///
    /// ## Remediation
    /// Enable versioning on the bucket and on a bucket in another region, and add an enabled
    /// replication rule (PutBucketReplication) from the one to the other.
    pub(crate) CHECK {
        id: "bucketCrossRegionReplication",
        title: "S3 Bucket Cross Region Replication",
        severity: Low,
        reads: [LIST_BUCKETS, GET_BUCKET_REPLICATION, GET_BUCKET_VERSIONING, GET_BUCKET_LOCATION],
        run,
        aliases: [
            ("s3_bucket_cross_region_replication", Differently("Prowler says MANUAL for a bucket whose GetBucketVersioning call failed even when it has no enabled replication rule; stance fails that bucket, since without a rule its versioning does not matter")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let own: BTreeSet<String> = match ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION) {
        Ok(list) => list.buckets.iter().map(|bucket| bucket.name.to_string()).collect(),
        Err(_) => BTreeSet::new(), // each_bucket reports it.
    };
    s3::each_bucket(ctx, findings, GET_BUCKET_REPLICATION, |bucket, region, data, findings| {
        let Some(replication) = data else {
            return findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has no replication configuration", bucket.name),
            );
        };
        let rules: Vec<_> = replication.replication_configuration.rules.iter().filter(|rule| rule.enabled()).collect();
        if rules.is_empty() {
            return findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} has no enabled replication rule", bucket.name),
            );
        }
        match ctx.read_resource(GET_BUCKET_VERSIONING, &bucket.arn).1 {
            Err(reason) => return findings.unknown(bucket.arn.clone(), region, &reason),
            Ok(versioning) => {
                let describe = versioning.as_deref().map_or_else(|| "not configured".to_owned(), |v| v.describe());
                if !versioning.is_some_and(|versioning| versioning.enabled()) {
                    return findings.fail(
                        bucket.arn.clone(),
                        region,
                        format!(
                            "Bucket {} has replication rules but versioning {describe}, which replication requires",
                            bucket.name
                        ),
                    );
                }
            }
        }
        // Both regions come from GetBucketLocation, the destination's and the bucket's own.
        let own_region = bucket_location(ctx, &bucket.arn);
        let mut same_region = Vec::new();
        let mut undecided: Vec<String> = Vec::new();
        for rule in rules {
            let destination = rule.destination.bucket.as_str();
            let Some(name) = bucket_name_from_arn(destination) else {
                undecided
                    .push(format!("rule {} names destination {destination}, which is not a bucket ARN", rule.name()));
                continue;
            };
            if !own.contains(name) {
                undecided.push(format!(
                    "rule {} replicates to bucket {name}, which is not in this account, so its region is not collected",
                    rule.name()
                ));
                continue;
            }
            match own_region
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|own| Ok((own, bucket_location(ctx, destination)?)))
            {
                Ok((own_region, destination_region)) if destination_region != *own_region => {
                    return findings.ok(
                        bucket.arn.clone(),
                        region,
                        format!(
                            "Bucket {} replicates to bucket {name} in {destination_region} (rule {})",
                            bucket.name,
                            rule.name()
                        ),
                    );
                }
                Ok(_) => same_region.push(name),
                Err(reason) => undecided.push(format!("rule {}: {reason}", rule.name())),
            }
        }
        if let Some(first) = undecided.first() {
            let more = if undecided.len() > 1 { format!(" (and {} more)", undecided.len() - 1) } else { String::new() };
            findings.unknown(
                bucket.arn.clone(),
                region,
                &Unknown::new(format!("Bucket {}: {first}{more}", bucket.name)),
            );
        } else {
            findings.fail(
                bucket.arn.clone(),
                region,
                format!("Bucket {} replicates only within its own region, to {}", bucket.name, same_region.join(", ")),
            );
        }
    });
}
