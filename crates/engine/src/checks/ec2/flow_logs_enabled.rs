use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::{DESCRIBE_FLOW_LOGS, DESCRIBE_VPCS, FlowLog};

declare_check! {
    /// Ensures every VPC has an active flow log. Flow logs record the traffic accepted and rejected
    /// in the VPC, which incident response and network troubleshooting depend on.
    ///
    /// ## Remediation
    /// Create a flow log for each VPC (at least for rejected traffic) delivering to CloudWatch Logs
    /// or S3, and fix the delivery permissions of flow logs that fail to deliver.
    pub(crate) CHECK {
        id: "flowLogsEnabled",
        title: "VPC Flow Logs Enabled",
        severity: Medium,
        reads: [DESCRIBE_VPCS, DESCRIBE_FLOW_LOGS],
        run,
        aliases: [
            ("vpc_flow_logs_enabled", Differently("Prowler accepts a flow log in any state and judges only VPCs with network interfaces; stance requires an ACTIVE flow log, since one whose delivery failed records nothing, and judges every VPC")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_VPCS, region)
            .and_then(|vpcs| ctx.read_configured(DESCRIBE_FLOW_LOGS, region).map(|logs| (vpcs, logs)));
        let (vpcs, logs) = match data {
            Ok(data) => data,
            Err(reason) => {
                findings.unknown(ctx.region_arn("ec2", region), region, &reason);
                continue;
            }
        };
        if vpcs.vpcs.is_empty() {
            findings.ok(ctx.region_arn("ec2", region), region, format!("No VPCs in {region}"));
            continue;
        }
        for vpc in &vpcs.vpcs {
            let arn = ctx.typed_arn("ec2", region, "vpc", &vpc.vpc_id);
            let name =
                if vpc.is_default { format!("Default VPC {}", vpc.vpc_id) } else { format!("VPC {}", vpc.vpc_id) };
            let active: Vec<&FlowLog> =
                logs.flow_logs.iter().filter(|log| log.resource_id == vpc.vpc_id && log.is_active()).collect();
            if active.is_empty() {
                findings.fail(arn, region, format!("{name} has no active flow log"));
            } else if let Some(log) = active.iter().find(|log| !log.delivery_failed()) {
                findings.ok(arn, region, format!("{name} has an active flow log ({})", log.flow_log_id));
            } else {
                let ids: Vec<&str> = active.iter().map(|log| log.flow_log_id.as_str()).collect();
                findings.warn(
                    arn,
                    region,
                    format!("{name} has a flow log that fails to deliver logs ({})", ids.join(", ")),
                );
            }
        }
    }
}
