use stance_snapshot::GLOBAL_REGION;

use crate::analysis::cloudfront::{VIEWER_PROTOCOL_POLICIES, each_distribution};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::cloudfront::LIST_DISTRIBUTIONS;

declare_check! {
    /// Ensures CloudFront distributions make viewers use HTTPS. A distribution fails when its
    /// default cache behavior, or any other cache behavior, has the viewer protocol policy
    /// `allow-all`, which serves the matching paths over plain HTTP; it passes when every behavior
    /// is `redirect-to-https` or `https-only`. A summary without its default cache behavior is
    /// UNKNOWN.
    ///
    /// CloudSploit and Prowler read only the default cache behavior, so a distribution whose
    /// `/api/*` behavior allows HTTP passes in both; each behavior decides its paths' protocol,
    /// and FSBP CloudFront.3 requires HTTPS on all of them, so it fails here.
    ///
    /// ## Remediation
    /// Set the viewer protocol policy of every cache behavior to `redirect-to-https` or
    /// `https-only`: `aws cloudfront update-distribution` with the edited configuration.
    pub(crate) CHECK {
        id: "cloudfrontHttpsOnly",
        title: "CloudFront HTTPS Only",
        severity: Medium,
        reads: [LIST_DISTRIBUTIONS],
        run,
        aliases: [
            ("cloudfront_distributions_https_enabled", Differently("Prowler reads only the default cache behavior; stance also fails an allow-all policy on any other cache behavior, which serves those paths over HTTP, as FSBP CloudFront.3 requires")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    each_distribution(ctx, findings, |distribution, findings| {
        let (arn, id) = (distribution.arn.as_str(), &distribution.id);
        let Some(default) = &distribution.default_cache_behavior else {
            let reason = Unknown::new(format!(
                "ListDistributions gives no DefaultCacheBehavior for CloudFront distribution {id}"
            ));
            findings.unknown(arn, GLOBAL_REGION, &reason);
            return;
        };
        let others = distribution.cache_behaviors.as_ref().map(|behaviors| &behaviors.items[..]).unwrap_or_default();
        let behaviors = || std::iter::once(default).chain(others);
        if let Some(odd) = behaviors().find(|behavior| {
            !VIEWER_PROTOCOL_POLICIES.iter().any(|known| behavior.viewer_protocol_policy.eq_ignore_ascii_case(known))
        }) {
            let reason = Unknown::new(format!(
                "CloudFront distribution {id} has a cache behavior whose ViewerProtocolPolicy {:?} is not one CloudFront has",
                odd.viewer_protocol_policy
            ));
            findings.unknown(arn, GLOBAL_REGION, &reason);
            return;
        }
        let plain: Vec<String> = behaviors()
            .filter(|behavior| behavior.viewer_protocol_policy.eq_ignore_ascii_case("allow-all"))
            .map(|behavior| match &behavior.path_pattern {
                Some(pattern) => format!("the cache behavior for {pattern}"),
                None => "the default cache behavior".to_owned(),
            })
            .collect();
        if plain.is_empty() {
            findings.ok(
                arn,
                GLOBAL_REGION,
                format!("CloudFront distribution {id} makes viewers use HTTPS on every cache behavior"),
            );
        } else {
            findings.fail(
                arn,
                GLOBAL_REGION,
                format!("CloudFront distribution {id} lets viewers use plain HTTP (allow-all) in {}", plain.join(", ")),
            );
        }
    });
}
