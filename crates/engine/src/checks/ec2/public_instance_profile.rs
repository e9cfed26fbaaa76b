use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures instances with a public address do not also carry an IAM instance profile: each
    /// instance that is not terminated fails when it has both a public address and an instance
    /// profile, and passes otherwise. A compromise of an internet-facing instance hands the
    /// attacker its role's credentials.
    ///
    /// A public address is a public IPv4 address (assigned at launch or an Elastic IP) or an IPv6
    /// address, on any of the instance's interfaces: every IPv6 address AWS assigns is globally
    /// routable. Prowler looks at the primary public IPv4 address only. Whether the subnet routes
    /// to an internet gateway, and what the role's policies allow, are not read.
    ///
    /// ## Remediation
    /// Put the instance behind a load balancer or NAT and remove its public address, or move the
    /// work that needs AWS credentials to instances the internet cannot reach; at least keep the
    /// role's policies to the least the workload needs.
    pub(crate) CHECK {
        id: "publicInstanceProfile",
        title: "Internet-Facing Instance With Instance Profile",
        severity: High,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [(
            "ec2_instance_internet_facing_with_instance_profile",
            Differently("Prowler looks at the primary public IPv4 address only; stance also counts the public IPv4 addresses of secondary interfaces and IPv6 addresses, which AWS assigns globally routable")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::each_instance(ctx, findings, "instances", instances::is_live, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        let addresses = instances::public_addresses(instance);
        match (&instance.iam_instance_profile, addresses.is_empty()) {
            (Some(profile), false) => findings.fail(
                arn,
                region,
                format!(
                    "Instance {id} has the public address {} and the instance profile {}",
                    addresses.join(", "),
                    instances::profile_name(&profile.arn)
                ),
            ),
            (Some(profile), true) => findings.ok(
                arn,
                region,
                format!(
                    "Instance {id} has the instance profile {} and no public address",
                    instances::profile_name(&profile.arn)
                ),
            ),
            (None, _) => findings.ok(arn, region, format!("Instance {id} has no instance profile")),
        }
    });
}
