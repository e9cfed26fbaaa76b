use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::views::elbv2::{DESCRIBE_LOAD_BALANCER_ATTRIBUTES, DESCRIBE_LOAD_BALANCERS};

declare_check! {
    /// Ensures application and network load balancers write access logs, as CIS 4.10 asks of
    /// front-end services. A load balancer passes when its `access_logs.s3.enabled` attribute is
    /// `true` and fails when it is `false`. Gateway Load Balancers have no access logs (the
    /// attribute does not exist for them: they pass traffic through without terminating it) and
    /// get no result. A load balancer whose attributes cannot be read, or that lacks the
    /// attribute although its type has it, is UNKNOWN.
    ///
    /// Prowler fails a Gateway Load Balancer for the missing attribute, which no setting can
    /// change; CloudSploit gives it no result, as stance does. CloudSploit fails a load balancer
    /// whose attributes cannot be read; stance reports UNKNOWN. Classic Load Balancers are not
    /// ELBv2 and are not judged here.
    ///
    /// ## Remediation
    /// `aws elbv2 modify-load-balancer-attributes --load-balancer-arn … --attributes
    /// Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>` (the
    /// bucket policy must let Elastic Load Balancing write to it).
    pub(crate) CHECK {
        id: "elbv2LoggingEnabled",
        title: "ELBv2 Logging Enabled",
        severity: Medium,
        reads: [DESCRIBE_LOAD_BALANCERS, DESCRIBE_LOAD_BALANCER_ATTRIBUTES],
        run,
        aliases: [
            ("elbv2_logging_enabled", Differently("Prowler fails Gateway Load Balancers, which have no access logs; stance gives them no result")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_LOAD_BALANCERS, findings, |region, data, findings| {
        for balancer in &data.load_balancers {
            let (arn, name) = (balancer.load_balancer_arn.as_str(), &balancer.load_balancer_name);
            if balancer.kind.as_deref() == Some("gateway") {
                continue;
            }
            let attributes = ctx
                .read_resource(DESCRIBE_LOAD_BALANCER_ATTRIBUTES, arn)
                .1
                .and_then(|attributes| attributes.ok_or_else(|| not_configured(DESCRIBE_LOAD_BALANCER_ATTRIBUTES.id)));
            let attributes = match attributes {
                Ok(attributes) => attributes,
                Err(reason) => {
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            match attributes.get("access_logs.s3.enabled") {
                Some(value) if value.eq_ignore_ascii_case("true") => {
                    let bucket = attributes.get("access_logs.s3.bucket").filter(|bucket| !bucket.is_empty());
                    let to = bucket.map(|bucket| format!(" to S3 bucket {bucket}")).unwrap_or_default();
                    findings.ok(arn, region, format!("Load balancer {name} writes access logs{to}"));
                }
                Some(value) if value.eq_ignore_ascii_case("false") => {
                    findings.fail(arn, region, format!("Load balancer {name} writes no access logs"));
                }
                Some(value) => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!(
                        "Load balancer {name} has access_logs.s3.enabled {value:?}, which says neither true nor false"
                    )),
                ),
                None => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("Load balancer {name} has no access_logs.s3.enabled attribute")),
                ),
            }
        }
    });
}
