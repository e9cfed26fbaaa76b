use crate::analysis::vpc::report_attachment;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::DESCRIBE_INTERNET_GATEWAYS;

declare_check! {
    /// Ensures every internet gateway is attached to a VPC. A detached internet gateway serves
    /// nothing and is one `attach-internet-gateway` away from putting a VPC on the internet.
    /// Each gateway passes when an attachment is in effect (EC2 reports an attached internet
    /// gateway's attachment as `available`) and fails with none, or only one being detached.
    ///
    /// unusedVpcInternetGateways judges internet gateways the same way, and egress-only ones too.
    ///
    /// ## Remediation
    /// Delete internet gateways that are not needed (`aws ec2 delete-internet-gateway`), or
    /// attach them to the VPC they were made for.
    pub(crate) CHECK {
        id: "internetGatewayInVpc",
        title: "Internet Gateways In VPC",
        severity: Medium,
        reads: [DESCRIBE_INTERNET_GATEWAYS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_INTERNET_GATEWAYS, findings, |region, data, findings| {
        for gateway in &data.internet_gateways {
            let id = &gateway.internet_gateway_id;
            let arn = ctx.typed_arn("ec2", region, "internet-gateway", id);
            report_attachment(findings, arn, region, "Internet gateway", id, &gateway.attachments);
        }
    });
}
