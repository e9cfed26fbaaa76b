//! CloudFront distributions as the checks read them: each distribution of the account's
//! (global) listing, and what kind each origin is.

use stance_snapshot::GLOBAL_REGION;

use crate::context::{Context, Findings, Unknown};
use crate::views::cloudfront::{DistributionSummary, LIST_DISTRIBUTIONS, Origin, Origins};

/// Runs `judge` on each distribution ListDistributions lists (the check declares
/// [`LIST_DISTRIBUTIONS`]); a listing that is missing or failed is one UNKNOWN for the account.
pub fn each_distribution(
    ctx: &Context,
    findings: &mut Findings,
    mut judge: impl FnMut(&DistributionSummary, &mut Findings),
) {
    match ctx.read_configured(LIST_DISTRIBUTIONS, GLOBAL_REGION) {
        Ok(list) => list.distribution_list.items.iter().for_each(|distribution| judge(distribution, findings)),
        Err(reason) => findings.unknown(ctx.arn("cloudfront", "", "account"), GLOBAL_REGION, &reason),
    }
}

/// Runs `judge` on each distribution with its origins, as [`each_distribution`] does; a
/// distribution whose origins the listing does not give is UNKNOWN: moto's summaries lack
/// them, and a listing with none is not AWS's answer (every distribution has an origin).
pub fn each_distribution_origins(
    ctx: &Context,
    findings: &mut Findings,
    mut judge: impl FnMut(&DistributionSummary, &[Origin], &mut Findings),
) {
    each_distribution(ctx, findings, |distribution, findings| {
        match distribution.origins.as_ref().map(|Origins { items }| &items[..]) {
            Some(origins) if !origins.is_empty() => judge(distribution, origins, findings),
            _ => {
                let reason = Unknown::new(format!(
                    "ListDistributions gives no Origins for CloudFront distribution {}",
                    distribution.id
                ));
                findings.unknown(&distribution.arn, GLOBAL_REGION, &reason);
            }
        }
    });
}

/// The viewer protocol policies CloudFront has; any other value (the AWS SDK fills a missing
/// one with a placeholder) says nothing about the distribution.
pub const VIEWER_PROTOCOL_POLICIES: [&str; 3] = ["allow-all", "https-only", "redirect-to-https"];

/// Whether an origin is an S3 bucket's REST endpoint: CloudFront gives such origins an
/// `S3OriginConfig` (a bucket's website endpoint is a custom origin, and has none).
pub fn is_s3_origin(origin: &Origin) -> bool {
    origin.s3_origin_config.is_some()
}

/// Whether an S3 origin reaches its bucket as CloudFront only: through an origin access control
/// or an origin access identity.
pub fn s3_origin_access(origin: &Origin) -> Option<&'static str> {
    let set = |value: Option<&str>| value.is_some_and(|value| !value.trim().is_empty());
    if set(origin.origin_access_control_id.as_deref()) {
        Some("an origin access control")
    } else if set(origin.s3_origin_config.as_ref().and_then(|config| config.origin_access_identity.as_deref())) {
        Some("an origin access identity")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn s3_origins_and_their_access() {
        let origin = |value: serde_json::Value| serde_json::from_value::<Origin>(value).unwrap();
        let oac = origin(
            json!({"Id": "a", "DomainName": "b.s3.us-east-1.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2QWRUHEXAMPLE"}),
        );
        assert!(is_s3_origin(&oac));
        assert_eq!(s3_origin_access(&oac), Some("an origin access control"));
        let oai = origin(
            json!({"Id": "a", "DomainName": "b.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E1"}, "OriginAccessControlId": ""}),
        );
        assert_eq!(s3_origin_access(&oai), Some("an origin access identity"));
        let open = origin(
            json!({"Id": "a", "DomainName": "b.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}),
        );
        assert_eq!(s3_origin_access(&open), None);
        let website = origin(
            json!({"Id": "a", "DomainName": "b.s3-website-us-east-1.amazonaws.com", "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only"}}),
        );
        assert!(!is_s3_origin(&website));
    }
}
