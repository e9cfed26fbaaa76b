use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::s3::{self, LIST_BUCKETS};
use crate::views::s3_config::{GET_BUCKET_WEBSITE, LIST_OBJECTS_V2};

declare_check! {
    /// Ensures S3 buckets are not configured for static website hosting: a website endpoint
    /// serves only HTTP, without TLS, and needs the objects to be public; CloudFront with an
    /// origin access control serves the same content over HTTPS from a private bucket. A bucket
    /// passes when it has no website configuration (NoSuchWebsiteConfiguration), and fails when it
    /// has one, including one that only redirects every request elsewhere.
    ///
    /// With `s3_website_whitelist_empty_buckets`, a website bucket that holds no object passes
    /// (exempt): its first page of ListObjectsV2 lists no key. That takes the listing, and a
    /// website bucket whose listing was not collected is UNKNOWN. CloudSploit exempts an empty
    /// bucket whether or not it has a website; stance reads the website configuration first, so
    /// the listing matters only for website buckets.
    ///
    /// ## Remediation
    /// Remove the website configuration (DeleteBucketWebsite) and serve the content through a
    /// CloudFront distribution with an origin access control on the private bucket.
    pub(crate) CHECK {
        id: "bucketWebsiteEnabled",
        title: "S3 Bucket Website Enabled",
        severity: High,
        reads: [LIST_BUCKETS, GET_BUCKET_WEBSITE, LIST_OBJECTS_V2],
        run,
        settings: [WHITELIST_EMPTY],
    }
}

static WHITELIST_EMPTY: Setting<bool> = Setting::new(
    "s3_website_whitelist_empty_buckets",
    "false",
    "Exempt website buckets that hold no object (this takes S3 ListObjectsV2).",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let exempt_empty = *ctx.setting(&WHITELIST_EMPTY);
    s3::each_bucket(ctx, findings, GET_BUCKET_WEBSITE, |bucket, region, data, findings| {
        let Some(website) = data.and_then(|website| website.describe()) else {
            return findings.ok(
                bucket.arn.clone(),
                region,
                format!("Bucket {} does not have static website hosting enabled", bucket.name),
            );
        };
        if exempt_empty {
            match ctx.read_resource(LIST_OBJECTS_V2, &bucket.arn).1 {
                Err(reason) => return findings.unknown(bucket.arn.clone(), region, &reason),
                Ok(Some(listing)) if listing.is_empty() => {
                    return findings.ok(
                        bucket.arn.clone(),
                        region,
                        format!(
                            "Bucket {} {website} but holds no object (exempt by s3_website_whitelist_empty_buckets)",
                            bucket.name
                        ),
                    );
                }
                Ok(_) => {}
            }
        }
        findings.fail(bucket.arn.clone(), region, format!("Bucket {} {website}", bucket.name));
    });
}
