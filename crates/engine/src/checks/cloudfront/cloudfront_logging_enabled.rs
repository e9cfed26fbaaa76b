use stance_snapshot::GLOBAL_REGION;

use crate::analysis::cloudfront::each_distribution;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::views::cloudfront::{
    DESCRIBE_DELIVERIES, DESCRIBE_DELIVERY_SOURCES, GET_DISTRIBUTION_CONFIG, LIST_DISTRIBUTIONS, LOG_DELIVERY_REGION,
};

declare_check! {
    /// Ensures every CloudFront distribution writes access logs, as CIS 4.10 asks of front-end
    /// services. A distribution passes when its configuration has standard logging (legacy) on
    /// (`DistributionConfig.Logging.Enabled`, to an S3 bucket), or when standard logging v2
    /// delivers its access logs: a CloudWatch Logs delivery source in us-east-1 whose
    /// `resourceArns` name the distribution, with at least one delivery (to S3, CloudWatch Logs or
    /// Firehose). It fails when neither holds. When the configuration cannot be read, or it has no
    /// legacy logging and the us-east-1 delivery listings cannot be read, it is UNKNOWN.
    ///
    /// CloudSploit accepts only legacy logging, so a distribution logging through v2 fails there,
    /// although CIS 4.10 accepts S3 and CloudWatch Logs destinations; it passes here, as in
    /// Prowler. Prowler also accepts a real-time log configuration on the default cache behavior;
    /// real-time logs go to a Kinesis data stream, sampled at a rate the configuration sets, so
    /// they are not a record of every request, and they do not count here.
    ///
    /// ## Remediation
    /// Turn on standard logging: with v2, `aws logs put-delivery-source --resource-arn
    /// <distribution ARN> --log-type ACCESS_LOGS`, a delivery destination and
    /// `aws logs create-delivery` (in us-east-1); or legacy logging to an S3 bucket in the
    /// distribution's `Logging` settings.
    pub(crate) CHECK {
        id: "cloudfrontLoggingEnabled",
        title: "CloudFront Logging Enabled",
        severity: Medium,
        reads: [LIST_DISTRIBUTIONS, GET_DISTRIBUTION_CONFIG, DESCRIBE_DELIVERY_SOURCES, DESCRIBE_DELIVERIES],
        run,
        aliases: [
            ("cloudfront_distributions_logging_enabled", Differently("Prowler also passes a distribution whose only logging is a real-time log configuration, which samples requests to a Kinesis stream; stance counts standard logging, legacy or v2, which records every request")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    // Read only when some distribution has no legacy logging: its OK needs nothing else.
    let mut v2_data = None;
    each_distribution(ctx, findings, |distribution, findings| {
        let (arn, id) = (distribution.arn.as_str(), &distribution.id);
        let legacy = ctx
            .read_resource(GET_DISTRIBUTION_CONFIG, arn)
            .1
            .and_then(|config| config.ok_or_else(|| not_configured(GET_DISTRIBUTION_CONFIG.id)))
            .map(|config| {
                config
                    .distribution_config
                    .logging
                    .as_ref()
                    .filter(|logging| logging.enabled)
                    .map(|logging| logging.bucket.clone().unwrap_or_default())
            });
        let legacy = match legacy {
            Ok(legacy) => legacy,
            Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
        };
        if let Some(bucket) = legacy {
            let message = format!("CloudFront distribution {id} writes standard (legacy) logs to S3 bucket {bucket}");
            return findings.ok(arn, GLOBAL_REGION, message);
        }
        let (sources, deliveries) = v2_data.get_or_insert_with(|| {
            (
                ctx.read_configured(DESCRIBE_DELIVERY_SOURCES, LOG_DELIVERY_REGION),
                ctx.read_configured(DESCRIBE_DELIVERIES, LOG_DELIVERY_REGION),
            )
        });
        let v2 = match (&*sources, &*deliveries) {
            (Ok(sources), Ok(deliveries)) => {
                let names: Vec<&str> = sources
                    .delivery_sources
                    .iter()
                    .filter(|source| source.resource_arns.iter().any(|resource| resource == arn))
                    .filter(|source| source.log_type.as_deref().is_none_or(|kind| kind == "ACCESS_LOGS"))
                    .map(|source| source.name.as_str())
                    .collect();
                let destinations: Vec<&str> = deliveries
                    .deliveries
                    .iter()
                    .filter(|delivery| names.contains(&delivery.delivery_source_name.as_str()))
                    .map(|delivery| delivery.delivery_destination_arn.as_deref().unwrap_or("an unnamed destination"))
                    .collect();
                Ok(destinations)
            }
            (Err(reason), _) | (_, Err(reason)) => Err(reason.clone()),
        };
        match v2 {
            Ok(destinations) if !destinations.is_empty() => findings.ok(
                arn,
                GLOBAL_REGION,
                format!("CloudFront distribution {id} delivers standard logs (v2) to {}", destinations.join(", ")),
            ),
            Ok(_) => findings.fail(
                arn,
                GLOBAL_REGION,
                format!("CloudFront distribution {id} writes no standard logs, legacy or v2"),
            ),
            Err(reason) => findings.unknown(
                arn,
                GLOBAL_REGION,
                &Unknown::new(format!(
                    "Whether CloudFront distribution {id} writes standard logs (v2) is unknown: {reason}"
                )),
            ),
        }
    });
}
