use crate::analysis::vpc::{region_data, report_attachment};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::{DESCRIBE_EGRESS_ONLY_INTERNET_GATEWAYS, DESCRIBE_INTERNET_GATEWAYS};

declare_check! {
    /// Ensures no internet gateway or egress-only internet gateway is left unused. Each passes
    /// when it is attached to a VPC (attachment state `attached`, or `available` as EC2 reports
    /// an attached internet gateway) and fails when it is not. Unused gateways are clutter that
    /// hides the ones that matter in network reviews, and can be attached to a VPC without any
    /// other change.
    ///
    /// ## Remediation
    /// Delete the gateways no VPC uses (`aws ec2 delete-internet-gateway`,
    /// `aws ec2 delete-egress-only-internet-gateway`).
    pub(crate) CHECK {
        id: "unusedVpcInternetGateways",
        title: "Unused VPC Internet Gateways",
        severity: Low,
        reads: [DESCRIBE_INTERNET_GATEWAYS, DESCRIBE_EGRESS_ONLY_INTERNET_GATEWAYS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_INTERNET_GATEWAYS, region)
            .and_then(|internet| Ok((internet, ctx.read_configured(DESCRIBE_EGRESS_ONLY_INTERNET_GATEWAYS, region)?)));
        let Some((internet, egress_only)) = region_data(ctx, findings, region, data) else { continue };
        for gateway in &internet.internet_gateways {
            let id = &gateway.internet_gateway_id;
            let arn = ctx.typed_arn("ec2", region, "internet-gateway", id);
            report_attachment(findings, arn, region, "Internet gateway", id, &gateway.attachments);
        }
        for gateway in &egress_only.egress_only_internet_gateways {
            let id = &gateway.egress_only_internet_gateway_id;
            let arn = ctx.typed_arn("ec2", region, "egress-only-internet-gateway", id);
            report_attachment(findings, arn, region, "Egress-only internet gateway", id, &gateway.attachments);
        }
    }
}
