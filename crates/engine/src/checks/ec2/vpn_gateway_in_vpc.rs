use crate::analysis::vpc::report_attachment;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::DESCRIBE_VPN_GATEWAYS;

declare_check! {
    /// Ensures every available virtual private gateway is attached to a VPC. A virtual private
    /// gateway carries VPN and Direct Connect traffic into the VPC it is attached to; detached,
    /// it carries nothing. Each gateway in state `available` passes when a VPC attachment is
    /// `attached` and fails otherwise; gateways being created or deleted are not judged.
    ///
    /// unusedVirtualPrivateGateway reports the same gateways as unused.
    ///
    /// ## Remediation
    /// Attach the gateway to the VPC it serves (`aws ec2 attach-vpn-gateway`), or delete it
    /// (`aws ec2 delete-vpn-gateway`) with the VPN connections that end on it.
    pub(crate) CHECK {
        id: "vpnGatewayInVpc",
        title: "Virtual Private Gateway In VPC",
        severity: Medium,
        reads: [DESCRIBE_VPN_GATEWAYS],
        run,
    }
}

/// Also unusedVirtualPrivateGateway's: the two checks judge the same thing.
pub(super) fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_VPN_GATEWAYS, findings, |region, data, findings| {
        for gateway in data.vpn_gateways.iter().filter(|gateway| gateway.state == "available") {
            let id = &gateway.vpn_gateway_id;
            let arn = ctx.typed_arn("ec2", region, "vpn-gateway", id);
            report_attachment(findings, arn, region, "Virtual private gateway", id, &gateway.vpc_attachments);
        }
    });
}
