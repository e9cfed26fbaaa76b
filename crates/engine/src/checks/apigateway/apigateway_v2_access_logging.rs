use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::apigateway::{GET_APIS, GET_V2_STAGES, api_arn};

declare_check! {
    /// Ensures every stage of an HTTP or WebSocket API writes access logs, as CIS 4.10 and FSBP
    /// APIGateway.9 ask. A stage passes when its `AccessLogSettings` name a destination (a
    /// CloudWatch Logs log group or Firehose stream) and fails when they do not. An API without
    /// stages gets no result.
    ///
    /// CloudSploit reads a member GetStages never returns (`AccessLogSetting`), so it fails every
    /// stage; Prowler reuses one finding for all stages of an API, so each carries the verdict of
    /// the API's last stage. Each stage is judged on its own here.
    ///
    /// ## Remediation
    /// `aws apigatewayv2 update-stage --api-id … --stage-name … --access-log-settings
    /// DestinationArn=<log group ARN>,Format=<format>`.
    pub(crate) CHECK {
        id: "apigatewayV2AccessLogging",
        title: "API Gateway V2 Access Logging",
        severity: Medium,
        reads: [GET_APIS, GET_V2_STAGES],
        run,
        aliases: [
            ("apigatewayv2_api_access_logging_enabled", Differently("Prowler reuses one finding for every stage of an API, so all of them carry the last stage's verdict; stance judges each stage")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(GET_APIS, findings, |region, data, findings| {
        for api in &data.items {
            let arn = api_arn(ctx.partition(), region, &api.api_id);
            let label =
                api.name.as_deref().map_or_else(|| api.api_id.clone(), |name| format!("{name} ({})", api.api_id));
            let kind = api.protocol_type.as_deref().unwrap_or("HTTP or WebSocket");
            let stages = ctx
                .read_resource(GET_V2_STAGES, &arn)
                .1
                .and_then(|stages| stages.ok_or_else(|| not_configured(GET_V2_STAGES.id)));
            let stages = match stages {
                Ok(stages) => stages,
                Err(reason) => {
                    findings.unknown(arn.as_str(), region, &reason);
                    continue;
                }
            };
            for stage in &stages.items {
                let stage_arn = format!("{arn}/stages/{}", stage.stage_name);
                let name = format!("Stage {} of {kind} API {label}", stage.stage_name);
                let destination = stage
                    .access_log_settings
                    .as_ref()
                    .and_then(|settings| settings.destination_arn.as_deref())
                    .filter(|arn| !arn.is_empty());
                match destination {
                    Some(destination) => {
                        findings.ok(stage_arn, region, format!("{name} writes access logs to {destination}"))
                    }
                    None => findings.fail(stage_arn, region, format!("{name} writes no access logs")),
                }
            }
        }
    });
}
