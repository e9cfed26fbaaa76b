use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::governance::{
    ConfigurationRecorder, DESCRIBE_CONFIGURATION_RECORDER_STATUS, DESCRIBE_CONFIGURATION_RECORDERS, RecorderStatus,
};

declare_check! {
    /// Ensures AWS Config records every supported resource type in every region, and the
    /// global (IAM) resource types in at least one, as CIS 4.3 asks. Each region passes when its
    /// customer managed configuration recorder records all supported resource types
    /// (`recordingGroup.allSupported`), is recording, and its last delivery did not fail; it
    /// fails with no recorder (service-linked recorders, which record only what their service
    /// needs, do not count), with a stopped one, with one limited to chosen resource types, or
    /// when `lastStatus` is `Failure` (with its `lastErrorCode`). One more result, for the
    /// account, fails when no region's passing recorder includes the global resource types
    /// (`includeGlobalResourceTypes`), which Config records only where asked, and is UNKNOWN
    /// when a region that could hold it was not read.
    ///
    /// `lastStatus` `Pending` passes: a recorder that has just started (and every moto
    /// recorder) has delivered nothing yet, and only `Failure` says delivery is broken; CIS's
    /// `Success` would fail a healthy new recorder. CloudSploit and Prowler read neither
    /// `allSupported` nor a recorder beyond the first; CloudSploit only WARNs a failed
    /// delivery, Prowler FAILs a recorder with no `lastStatus`, and collapses the regions'
    /// recorders (all named `default`) into one, so that only one region gets a verdict. Stance
    /// judges each region on its own.
    ///
    /// ## Remediation
    /// In each region: `aws configservice put-configuration-recorder --configuration-recorder
    /// name=default,roleARN=<role> --recording-group allSupported=true,includeGlobalResourceTypes=true`
    /// (global types in one region), a delivery channel, then `aws configservice
    /// start-configuration-recorder --configuration-recorder-name default`.
    pub(crate) CHECK {
        id: "configServiceEnabled",
        title: "Config Service Enabled",
        severity: Medium,
        reads: [DESCRIBE_CONFIGURATION_RECORDERS, DESCRIBE_CONFIGURATION_RECORDER_STATUS],
        run,
        aliases: [(
            "config_recorder_all_regions_enabled",
            Differently(
                "Prowler reports one region for recorders that share a name, passes a recorder limited to chosen resource types, fails one without lastStatus, and does not ask for global resource types anywhere"
            )
        )],
    }
}

/// What a region's recording is.
enum Region {
    /// A recorder that passes, and whether it records the global resource types.
    Passes {
        global: bool,
    },
    Fails,
    Unread,
}

fn run(ctx: &Context, findings: &mut Findings) {
    let mut regions = Vec::new();
    for region in ctx.regions() {
        let arn = ctx.region_arn("config", region);
        let data = ctx.read_configured(DESCRIBE_CONFIGURATION_RECORDERS, region).and_then(|recorders| {
            Ok((recorders, ctx.read_configured(DESCRIBE_CONFIGURATION_RECORDER_STATUS, region)?))
        });
        let (recorders, statuses) = match data {
            Ok(data) => data,
            Err(reason) => {
                findings.unknown(arn, region, &reason);
                regions.push(Region::Unread);
                continue;
            }
        };
        let customer: Vec<&ConfigurationRecorder> =
            recorders.configuration_recorders.iter().filter(|recorder| recorder.service_principal.is_none()).collect();
        if customer.is_empty() {
            findings.fail(arn, region, format!("No AWS Config recorder records resources in {region}"));
            regions.push(Region::Fails);
            continue;
        }
        // A region has at most one customer managed recorder; should there be more, the best decides.
        let judged: Vec<Result<(bool, bool, String), Unknown>> = customer
            .iter()
            .map(|recorder| {
                let status = statuses
                    .configuration_recorders_status
                    .iter()
                    .find(|status| status.name == recorder.name)
                    .ok_or_else(|| {
                        Unknown::new(format!(
                            "ConfigService DescribeConfigurationRecorderStatus holds no status for recorder {} in {region}",
                            recorder.name
                        ))
                    })?;
                Ok(judge(recorder, status))
            })
            .collect();
        if let Some((_, global, message)) = judged.iter().flatten().find(|(passes, _, _)| *passes) {
            findings.ok(arn, region, message.clone());
            regions.push(Region::Passes { global: *global });
        } else if let Some(Err(reason)) = judged.iter().find(|judged| judged.is_err()) {
            findings.unknown(arn, region, reason);
            regions.push(Region::Unread);
        } else {
            let messages: Vec<&str> = judged.iter().flatten().map(|(_, _, message)| message.as_str()).collect();
            findings.fail(arn, region, messages.join("; "));
            regions.push(Region::Fails);
        }
    }
    judge_global(ctx, findings, &regions);
}

/// Whether the recorder passes, whether it records global resource types, and the message.
fn judge(recorder: &ConfigurationRecorder, status: &RecorderStatus) -> (bool, bool, String) {
    let name = &recorder.name;
    let group = recorder.recording_group.as_ref();
    let all = group.is_some_and(|group| {
        group.all_supported
            && group
                .recording_strategy
                .as_ref()
                .is_none_or(|strategy| strategy.use_only == "ALL_SUPPORTED_RESOURCE_TYPES")
    });
    let global = all && group.is_some_and(|group| group.include_global_resource_types);
    let last = status.last_status.as_deref().unwrap_or("none");
    if !status.recording {
        return (false, false, format!("AWS Config recorder {name} is stopped"));
    }
    if last.eq_ignore_ascii_case("Failure") {
        let code = status.last_error_code.as_deref().unwrap_or("no error code");
        return (
            false,
            false,
            format!("AWS Config recorder {name} is recording but its last delivery failed ({code})"),
        );
    }
    if !all {
        let strategy = group
            .and_then(|group| group.recording_strategy.as_ref())
            .map_or("chosen resource types", |strategy| strategy.use_only.as_str());
        return (false, false, format!("AWS Config recorder {name} records only some resource types ({strategy})"));
    }
    let scope = if global {
        "all supported resource types, global ones included"
    } else {
        "all supported regional resource types"
    };
    (true, global, format!("AWS Config recorder {name} is recording {scope} (last status {last})"))
}

/// One account result: some passing recorder records the global resource types.
fn judge_global(ctx: &Context, findings: &mut Findings, regions: &[Region]) {
    if regions.is_empty() {
        return;
    }
    let arn = ctx.arn("config", "", "global-resources");
    let region = stance_snapshot::GLOBAL_REGION;
    if regions.iter().any(|judged| matches!(judged, Region::Passes { global: true })) {
        findings.ok(arn, region, "AWS Config records the global resource types (IAM) in at least one region");
    } else if regions.iter().any(|judged| matches!(judged, Region::Unread)) {
        let reason = Unknown::new(
            "No region read records the global resource types (IAM), and some regions' recorders could not be read",
        );
        findings.unknown(arn, region, &reason);
    } else {
        findings.fail(arn, region, "No region's AWS Config recorder records the global resource types (IAM)");
    }
}
