use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::DESCRIBE_SUBNETS;

declare_check! {
    /// Ensures no subnet gives instances a public IPv4 address by default. With
    /// `MapPublicIpOnLaunch` on, every instance launched in the subnet without an explicit
    /// choice gets a public address, and is reachable from the internet wherever its security
    /// groups allow. Each subnet fails when the attribute is true and passes when it is false.
    /// The default VPC's subnets have it on.
    ///
    /// Prowler judges only subnets with network interfaces (unless `--scan-unused-services`);
    /// stance judges every subnet, since an empty subnet gives the next instance launched in it
    /// a public address just the same, and the Security Hub control (EC2.15) judges them all.
    ///
    /// ## Remediation
    /// Turn the attribute off (`aws ec2 modify-subnet-attribute --subnet-id … --no-map-public-ip-on-launch`)
    /// and give public addresses only to the instances that need them, at launch or with Elastic IPs.
    pub(crate) CHECK {
        id: "subnetAutoAssignPublicIp",
        title: "Subnet Auto-Assign Public IP",
        severity: High,
        reads: [DESCRIBE_SUBNETS],
        run,
        aliases: [
            ("vpc_subnet_no_public_ip_by_default", Differently("Prowler judges only subnets with network interfaces by default; stance judges every subnet, since an empty one assigns public addresses to the next instance launched in it")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_SUBNETS, findings, |region, data, findings| {
        for subnet in &data.subnets {
            let id = &subnet.subnet_id;
            let arn = ctx.typed_arn("ec2", region, "subnet", id);
            if subnet.map_public_ip_on_launch {
                findings.fail(arn, region, format!("Subnet {id} assigns public IPv4 addresses to instances at launch"));
            } else {
                findings.ok(arn, region, format!("Subnet {id} does not assign public IPv4 addresses at launch"));
            }
        }
    });
}
