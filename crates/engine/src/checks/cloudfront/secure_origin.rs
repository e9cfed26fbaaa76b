use stance_snapshot::GLOBAL_REGION;

use crate::analysis::cloudfront::{each_distribution_origins, is_s3_origin};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::results::Status;
use crate::views::cloudfront::LIST_DISTRIBUTIONS;

declare_check! {
    /// Ensures CloudFront talks to its custom (non-S3) origins over HTTPS with current TLS. Each
    /// custom origin's `OriginProtocolPolicy` is judged: `http-only` fails (every request to the
    /// origin is plain HTTP), `match-viewer` warns (requests from viewers on HTTP go to the origin
    /// on HTTP), `https-only` passes. For an origin reached over HTTPS, `SSLv3` among its
    /// `OriginSslProtocols` fails, and `TLSv1` or `TLSv1.1` warns: both are deprecated by RFC
    /// 8996. A distribution gets one result, the worst of its origins', naming each; one without
    /// custom origins passes. S3 REST origins are not judged (CloudFront reaches them over HTTPS
    /// as the viewer does).
    ///
    /// CloudSploit warns on TLSv1 and ignores TLSv1.1; stance warns on both, since the same RFC
    /// deprecates them. Prowler's related checks (FSBP CloudFront.9 and CloudFront.10) fail what
    /// this check warns on, and are not this check.
    ///
    /// ## Remediation
    /// Set each custom origin's protocol policy to `https-only` and its SSL protocols to
    /// `TLSv1.2` only: `aws cloudfront update-distribution` with the edited `CustomOriginConfig`.
    pub(crate) CHECK {
        id: "secureOrigin",
        title: "Secure CloudFront Origin",
        severity: Medium,
        reads: [LIST_DISTRIBUTIONS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    each_distribution_origins(ctx, findings, |distribution, origins, findings| {
        let (arn, id) = (distribution.arn.as_str(), &distribution.id);
        let mut worst = Status::Ok;
        let mut said = Vec::new();
        let mut custom = 0;
        for origin in origins.iter().filter(|origin| !is_s3_origin(origin)) {
            let Some(config) = &origin.custom_origin_config else { continue };
            custom += 1;
            let policy = config.origin_protocol_policy.as_str();
            let mut note = |status: Status, text: String| {
                worst = worst.max(status);
                said.push(format!("origin {} {text}", origin.id));
            };
            match policy {
                "http-only" => note(Status::Fail, "is reached over HTTP only".to_owned()),
                "match-viewer" => {
                    note(Status::Warn, "is reached over HTTP when the viewer uses HTTP (match-viewer)".to_owned())
                }
                _ => {}
            }
            if policy != "http-only" {
                let protocols =
                    config.origin_ssl_protocols.as_ref().map(|protocols| &protocols.items[..]).unwrap_or_default();
                if protocols.iter().any(|protocol| protocol == "SSLv3") {
                    note(Status::Fail, "accepts SSLv3".to_owned());
                }
                let old: Vec<&str> = protocols
                    .iter()
                    .map(String::as_str)
                    .filter(|protocol| matches!(*protocol, "TLSv1" | "TLSv1.1"))
                    .collect();
                if !old.is_empty() {
                    note(Status::Warn, format!("accepts {}, deprecated by RFC 8996", old.join(" and ")));
                }
            }
        }
        let message = match (custom, said.is_empty()) {
            (0, _) => format!("CloudFront distribution {id} has no custom origins"),
            (_, true) => {
                format!("CloudFront distribution {id} reaches every custom origin over HTTPS with TLS 1.2 or newer")
            }
            (_, false) => format!("CloudFront distribution {id}: {}", said.join("; ")),
        };
        findings.add(worst, arn, GLOBAL_REGION, message);
    });
}
