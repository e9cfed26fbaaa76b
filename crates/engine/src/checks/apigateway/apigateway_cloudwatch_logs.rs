use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::apigateway::{GET_REST_APIS, GET_STAGES, rest_api_arn};

declare_check! {
    /// Ensures every REST API stage sends execution logs to CloudWatch Logs for all its methods,
    /// as FSBP APIGateway.1 asks. A stage passes when its `*/*` method setting (the stage's
    /// default for every method) has `loggingLevel` `ERROR` or `INFO` and no method overrides it
    /// with `OFF`; it fails when the `*/*` setting is missing or `OFF`, or a method turns logging
    /// off. An API without stages has nothing deployed and gets no result.
    ///
    /// CloudSploit reads only `*/*` and takes any `loggingLevel` for enabled, `OFF` included;
    /// Prowler passes a stage when any one method logs. Both pass stages where some methods write
    /// no logs; here they fail. This is execution logging; the access logging CIS 4.10 names
    /// (`accessLogSettings`) is not judged by this check.
    ///
    /// ## Remediation
    /// `aws apigateway update-stage --rest-api-id … --stage-name … --patch-operations
    /// op=replace,path=/*/*/logging/loglevel,value=ERROR` (the account's API Gateway CloudWatch
    /// role must be set first).
    pub(crate) CHECK {
        id: "apigatewayCloudwatchLogs",
        title: "API Gateway CloudWatch Logs",
        severity: Medium,
        reads: [GET_REST_APIS, GET_STAGES],
        run,
        aliases: [
            ("apigateway_restapi_logging_enabled", Differently("Prowler passes a stage when any one method logs; stance, as FSBP APIGateway.1, requires ERROR or INFO on every method")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(GET_REST_APIS, findings, |region, data, findings| {
        for api in &data.items {
            let arn = rest_api_arn(ctx.partition(), region, &api.id);
            let label = api.name.as_deref().map_or_else(|| api.id.clone(), |name| format!("{name} ({})", api.id));
            let stages = ctx
                .read_resource(GET_STAGES, &arn)
                .1
                .and_then(|stages| stages.ok_or_else(|| not_configured(GET_STAGES.id)));
            let stages = match stages {
                Ok(stages) => stages,
                Err(reason) => {
                    findings.unknown(arn.as_str(), region, &reason);
                    continue;
                }
            };
            for stage in &stages.item {
                let stage_arn = format!("{arn}/stages/{}", stage.stage_name);
                let level =
                    |key: &str| stage.method_settings.get(key).and_then(|setting| setting.logging_level.as_deref());
                let off: Vec<&str> = stage
                    .method_settings
                    .iter()
                    .filter(|(key, setting)| {
                        key.as_str() != "*/*"
                            && setting.logging_level.as_deref().is_some_and(|level| level.eq_ignore_ascii_case("OFF"))
                    })
                    .map(|(key, _)| key.as_str())
                    .collect();
                let name = format!("Stage {} of REST API {label}", stage.stage_name);
                match level("*/*") {
                    Some(level) if ["ERROR", "INFO"].iter().any(|on| level.eq_ignore_ascii_case(on)) => {
                        if off.is_empty() {
                            findings.ok(
                                stage_arn,
                                region,
                                format!("{name} logs every method to CloudWatch Logs at level {level}"),
                            );
                        } else {
                            findings.fail(
                                stage_arn,
                                region,
                                format!("{name} logs at level {level} but turns logging off for {}", off.join(", ")),
                            );
                        }
                    }
                    Some(level) => {
                        findings.fail(stage_arn, region, format!("{name} has execution logging level {level}"))
                    }
                    None => findings.fail(
                        stage_arn,
                        region,
                        format!("{name} has no execution logging for all methods (no */* logging level)"),
                    ),
                }
            }
        }
    });
}
