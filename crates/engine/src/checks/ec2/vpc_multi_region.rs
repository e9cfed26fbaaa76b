use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_VPCS;

declare_check! {
    /// Ensures the account's workloads are not confined to one region: the account passes when
    /// VPCs other than the default ones exist in at least two regions, and fails when they exist
    /// in one region or none. A regional outage then leaves a network to fail over to. Default
    /// VPCs do not count, since AWS creates them in every region whether they are used or not.
    ///
    /// The verdict is about the whole account, so it needs every region: it is UNKNOWN when the
    /// snapshot covers a single region, or when a region's VPCs could not be read and the
    /// regions that were read do not already make two.
    ///
    /// ## Remediation
    /// Build the networks for disaster recovery in a second region, if the workloads' recovery
    /// objectives call for one.
    pub(crate) CHECK {
        id: "vpcMultiRegion",
        title: "VPCs In Multiple Regions",
        severity: Medium,
        reads: [DESCRIBE_VPCS],
        run,
        aliases: [
            ("vpc_different_regions", Differently("Prowler judges whatever regions it scanned; stance reports UNKNOWN when the snapshot covers a single region, or when an unread region could change the verdict")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let arn = ctx.arn("ec2", "", "account");
    let mut with_vpcs = Vec::new();
    let mut unread = Vec::new();
    for region in ctx.regions() {
        match ctx.read_configured(DESCRIBE_VPCS, region) {
            Ok(data) => {
                if data.vpcs.iter().any(|vpc| !vpc.is_default) {
                    with_vpcs.push(region.as_str());
                }
            }
            Err(reason) => {
                let reason = reason.to_string();
                if !unread.contains(&reason) {
                    unread.push(reason);
                }
            }
        }
    }
    let regions = with_vpcs.join(", ");
    if with_vpcs.len() >= 2 {
        findings.ok(arn, "global", format!("Non-default VPCs exist in {} regions ({regions})", with_vpcs.len()));
    } else if !unread.is_empty() {
        findings.unknown(arn, "global", &Unknown::new(unread.join("; ")));
    } else if ctx.regions().len() < 2 {
        let reason = "The snapshot covers a single region, which cannot show VPCs in two";
        findings.unknown(arn, "global", &Unknown::new(reason));
    } else if with_vpcs.is_empty() {
        findings.fail(
            arn,
            "global",
            format!("No region of the {} collected has a non-default VPC", ctx.regions().len()),
        );
    } else {
        findings.fail(
            arn,
            "global",
            format!("Only {regions} has non-default VPCs, of the {} regions collected", ctx.regions().len()),
        );
    }
}
