use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::DESCRIBE_TRANSIT_GATEWAYS;

declare_check! {
    /// Ensures no transit gateway accepts attachment requests from other accounts
    /// automatically. With `AutoAcceptSharedAttachments` set to `enable`, any account the
    /// transit gateway is shared with (through AWS RAM) can attach its VPCs and reach the
    /// networks routed through it without the owner's approval. Each transit gateway fails when
    /// the option is `enable` and passes when it is `disable`; deleted ones are not judged.
    ///
    /// ## Remediation
    /// Turn automatic acceptance off (`aws ec2 modify-transit-gateway --options
    /// AutoAcceptSharedAttachments=disable`) and accept each attachment request after review.
    pub(crate) CHECK {
        id: "transitGatewayAutoAccept",
        title: "Transit Gateway Auto Accept Shared Attachments",
        severity: High,
        reads: [DESCRIBE_TRANSIT_GATEWAYS],
        run,
        aliases: [("ec2_transitgateway_auto_accept_vpc_attachments", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_TRANSIT_GATEWAYS, findings, |region, data, findings| {
        for gateway in data.transit_gateways.iter().filter(|gateway| !matches!(gateway.state.as_str(), "deleting" | "deleted")) {
            let arn = ctx.typed_arn("ec2", region, "transit-gateway", &gateway.transit_gateway_id);
            let id = &gateway.transit_gateway_id;
            match gateway.options.auto_accept_shared_attachments.as_str() {
                "enable" => findings.fail(arn, region, format!("Transit gateway {id} accepts shared attachments automatically")),
                "disable" => findings.ok(arn, region, format!("Transit gateway {id} does not accept shared attachments automatically")),
                other => findings.unknown(arn, region, &crate::context::Unknown::new(format!(
                    "Transit gateway {id} reports AutoAcceptSharedAttachments {other:?}, which is neither enable nor disable"
                ))),
            }
        }
    });
}
