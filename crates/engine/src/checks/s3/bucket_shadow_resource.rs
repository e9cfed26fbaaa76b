use std::collections::BTreeSet;

use stance_snapshot::GLOBAL_REGION;
use stance_snapshot::predictable_buckets::predictable_bucket_names;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{LIST_BUCKETS, bucket_arn};
use crate::views::s3_config::HEAD_BUCKET;

declare_check! {
    /// Ensures no other account owns a bucket whose name an AWS service predictably uses for this
    /// account (the "shadow resource" takeover): Glue's `aws-glue-assets-{account}-{region}`,
    /// SageMaker's `sagemaker-{region}-{account}`, EMR Studio's
    /// `aws-emr-studio-{account}-{region}` and CodeStar's `aws-codestar-{region}-{account}`, for
    /// each region of the snapshot. Bucket names are global, so whoever creates such a bucket
    /// first receives what the service writes there, or serves it what it reads.
    ///
    /// A name in this account's ListBuckets passes without a probe. For every other name the
    /// collector sends S3 HeadBucket, a read-only request that may reach a bucket of another
    /// account: 404 means the name is free (pass); 200, 403 (the bucket exists and this account may
    /// not read it) and 301 (it exists in another region) mean another account owns it (fail). A
    /// HEAD answer carries no error body, so the collector records its HTTP status as the error
    /// code; any other answer, such as a throttled or failed probe, is UNKNOWN, as is a name
    /// whose probe is missing. Names of regions that were not collected are not probed.
    ///
    /// Prowler reports nothing for a free name and fails a name whose probe failed for any reason
    /// other than 404 (a throttled or broken request included); stance passes the first and says
    /// UNKNOWN for the second.
    ///
    /// ## Remediation
    /// Create the service's bucket in this account before using the service in the region (Glue
    /// Studio, SageMaker, EMR Studio), or configure the service to use a bucket of your own
    /// choosing; stop using a service whose bucket another account owns until it is configured
    /// away from that bucket.
    pub(crate) CHECK {
        id: "bucketShadowResource",
        title: "S3 Shadow Resource Bucket",
        severity: High,
        reads: [LIST_BUCKETS, HEAD_BUCKET],
        run,
        aliases: [
            ("s3_bucket_shadow_resource_vulnerability", Differently("Prowler reports nothing for a free name and fails a name whose HeadBucket probe failed for any reason but 404; stance passes the first and says UNKNOWN for the second")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let list = match ctx.read_configured(LIST_BUCKETS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.region_arn("s3", ""), GLOBAL_REGION, &reason),
    };
    let own: BTreeSet<&str> = list.buckets.iter().map(|bucket| bucket.name.as_str()).collect();
    for region in ctx.regions() {
        for (service, name) in predictable_bucket_names(ctx.account_id(), region) {
            let arn = bucket_arn(ctx, &name);
            if own.contains(name.as_str()) {
                findings.ok(arn, region, format!("Bucket {name}, {service}'s for {region}, is owned by this account"));
                continue;
            }
            match ctx.read_resource(HEAD_BUCKET, &arn).1 {
                Ok(None) => {
                    findings.ok(arn, region, format!("Bucket name {name}, {service}'s for {region}, is not taken"));
                }
                Ok(Some(head)) => {
                    let location = head.bucket_region.as_deref().map(|r| format!(" in {r}")).unwrap_or_default();
                    findings.fail(
                        arn,
                        region,
                        format!("Bucket {name}, {service}'s for {region}, exists{location} and is owned by another account (HeadBucket answered 200)"),
                    );
                }
                Err(reason) => match ctx.resource_error(HEAD_BUCKET, &arn).and_then(head_status) {
                    Some(status) => findings.fail(
                        arn,
                        region,
                        format!("Bucket {name}, {service}'s for {region}, exists and is owned by another account (HeadBucket answered {status})"),
                    ),
                    None => findings.unknown(arn, region, &reason),
                },
            }
        }
    }
}

/// The status of a HEAD answer that shows the bucket exists: 403 (forbidden to this account) or
/// 301 (in another region). A HEAD error has no body, so its code is the status itself; an error
/// with another code did not come from S3's answer to the probe.
fn head_status(error: &stance_snapshot::CallError) -> Option<u16> {
    let status = error.http_status.filter(|status| matches!(status, 301 | 403))?;
    (error.code == status.to_string()).then_some(status)
}

#[cfg(test)]
mod tests {
    use stance_snapshot::CallError;

    use super::head_status;

    #[test]
    fn only_bare_status_answers_show_a_bucket_exists() {
        let error = |code: &str, status| CallError::new(code, None, Some(status));
        assert_eq!(head_status(&error("403", 403)), Some(403));
        assert_eq!(head_status(&error("301", 301)), Some(301));
        assert_eq!(head_status(&error("AccessDenied", 403)), None, "not a HEAD answer");
        assert_eq!(head_status(&error("500", 500)), None);
        assert_eq!(head_status(&error("400", 400)), None);
        assert_eq!(head_status(&CallError::new("Timeout", None, None)), None);
    }
}
