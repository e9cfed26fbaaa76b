use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::ec2::DESCRIBE_NETWORK_ACLS;

declare_check! {
    /// Ensures every network ACL other than a VPC's default one is associated with a subnet: an
    /// unassociated ACL filters nothing and invites mistakes when someone associates it later.
    /// Default ACLs are not judged, since AWS does not let them be deleted.
    ///
    /// ## Remediation
    /// Delete the network ACLs no subnet uses, or associate them with the subnets they were made
    /// for.
    pub(crate) CHECK {
        id: "unusedNetworkAcl",
        title: "Unused Network ACL",
        severity: Low,
        reads: [DESCRIBE_NETWORK_ACLS],
        run,
        aliases: [("ec2_networkacl_unused", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_NETWORK_ACLS, findings, |region, data, findings| {
        let mut any = false;
        for acl in data.network_acls.iter().filter(|acl| !acl.is_default) {
            any = true;
            let arn = ctx.typed_arn("ec2", region, "network-acl", &acl.network_acl_id);
            match acl.associations.len() {
                0 => findings.fail(
                    arn,
                    region,
                    format!("Network ACL {} is associated with no subnet", acl.network_acl_id),
                ),
                count => findings.ok(
                    arn,
                    region,
                    format!("Network ACL {} is associated with {}", acl.network_acl_id, plural(count as i64, "subnet")),
                ),
            }
        }
        if !any {
            findings.ok(ctx.region_arn("ec2", region), region, format!("No network ACLs but default ones in {region}"));
        }
    });
}
