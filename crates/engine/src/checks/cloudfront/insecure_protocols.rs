use stance_snapshot::GLOBAL_REGION;

use crate::analysis::cloudfront::each_distribution;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::cloudfront::LIST_DISTRIBUTIONS;

static IGNORE_DEFAULT: Setting<bool> = Setting::new(
    "insecure_cloudfront_ignore_default",
    "true",
    "Pass CloudFront distributions on the default *.cloudfront.net certificate, whose security policy (TLSv1) cannot be changed.",
);

declare_check! {
    /// Ensures CloudFront distributions do not let viewers connect with deprecated SSL or TLS
    /// versions. With a custom certificate, a distribution fails when its security policy
    /// (`MinimumProtocolVersion`) is `SSLv3`, `TLSv1` or `TLSv1_2016`, which accept SSL 3.0 or
    /// TLS 1.0; warns on `TLSv1.1_2016`, which accepts TLS 1.1, deprecated with TLS 1.0 by RFC
    /// 8996; and passes `TLSv1.2_*` and `TLSv1.3_*` policies. A distribution on the default
    /// `*.cloudfront.net` certificate, whose policy CloudFront fixes at TLSv1, passes while
    /// insecure_cloudfront_ignore_default is true (the default, CloudSploit's setting) and fails
    /// otherwise. A policy stance does not know is UNKNOWN.
    ///
    /// CloudSploit passes TLSv1.1_2016 and reports any policy it does not list as TLSv1.2_2018;
    /// stance warns on TLS 1.1 and names the policy it read. This is the viewer side; the origin
    /// side is secureOrigin.
    ///
    /// ## Remediation
    /// Choose the `TLSv1.2_2021` security policy (or newer) for the distribution's custom
    /// certificate: `aws cloudfront update-distribution` with
    /// `ViewerCertificate.MinimumProtocolVersion` set.
    pub(crate) CHECK {
        id: "insecureProtocols",
        title: "Insecure CloudFront Protocols",
        severity: Medium,
        reads: [LIST_DISTRIBUTIONS],
        run,
        settings: [IGNORE_DEFAULT],
    }
}

/// What a viewer security policy accepts: `Err` for the deprecated protocols it admits
/// (`Ok(false)`: TLS 1.1; `Err`: SSL 3.0 or TLS 1.0), `Ok(true)` for TLS 1.2 or newer only.
fn policy_grade(policy: &str) -> Option<Result<bool, &'static str>> {
    match policy {
        "SSLv3" => Some(Err("SSL 3.0")),
        "TLSv1" | "TLSv1_2016" => Some(Err("TLS 1.0")),
        "TLSv1.1_2016" => Some(Ok(false)),
        _ if policy.starts_with("TLSv1.2_") || policy.starts_with("TLSv1.3_") => Some(Ok(true)),
        _ => None,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let ignore_default = *ctx.setting(&IGNORE_DEFAULT);
    each_distribution(ctx, findings, |distribution, findings| {
        let (arn, id) = (distribution.arn.as_str(), &distribution.id);
        let Some(certificate) = &distribution.viewer_certificate else {
            let reason =
                Unknown::new(format!("ListDistributions gives no ViewerCertificate for CloudFront distribution {id}"));
            findings.unknown(arn, GLOBAL_REGION, &reason);
            return;
        };
        if certificate.cloud_front_default_certificate == Some(true) {
            let message = format!(
                "CloudFront distribution {id} uses the default CloudFront certificate, whose security policy (TLSv1) accepts TLS 1.0"
            );
            if ignore_default {
                findings.ok(arn, GLOBAL_REGION, format!("{message}, which insecure_cloudfront_ignore_default passes"));
            } else {
                findings.fail(arn, GLOBAL_REGION, message);
            }
            return;
        }
        let Some(policy) = certificate.minimum_protocol_version.as_deref() else {
            let reason = Unknown::new(format!(
                "CloudFront distribution {id} has a custom certificate without a MinimumProtocolVersion"
            ));
            findings.unknown(arn, GLOBAL_REGION, &reason);
            return;
        };
        match policy_grade(policy) {
            Some(Ok(true)) => findings.ok(
                arn,
                GLOBAL_REGION,
                format!("CloudFront distribution {id} accepts TLS 1.2 or newer only (security policy {policy})"),
            ),
            Some(Ok(false)) => findings.warn(
                arn,
                GLOBAL_REGION,
                format!(
                    "CloudFront distribution {id} accepts TLS 1.1, which RFC 8996 deprecates (security policy {policy})"
                ),
            ),
            Some(Err(protocol)) => findings.fail(
                arn,
                GLOBAL_REGION,
                format!("CloudFront distribution {id} accepts {protocol} (security policy {policy})"),
            ),
            None => findings.unknown(
                arn,
                GLOBAL_REGION,
                &Unknown::new(format!(
                    "CloudFront distribution {id} has security policy {policy:?}, which stance does not know"
                )),
            ),
        }
    });
}
