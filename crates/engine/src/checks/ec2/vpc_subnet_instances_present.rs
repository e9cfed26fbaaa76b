use crate::analysis::vpc::region_data;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::ec2_vpc::DESCRIBE_SUBNETS;

declare_check! {
    /// Ensures every subnet holds at least one EC2 instance, so that unused subnets (and the
    /// routes and ACLs that come with them) are found and removed. Each subnet passes when an
    /// instance that is not terminated is in it (a stopped instance keeps its network interface
    /// there) and fails when none is. Terminated instances, which EC2 lists for a while after
    /// termination, do not count.
    ///
    /// Only instances are counted, as the check's name says: a subnet used only by other
    /// services (Lambda functions, RDS databases, load balancers, VPC endpoints) fails too, so
    /// read a failure as "no instances", not as "unused".
    ///
    /// ## Remediation
    /// Delete subnets nothing uses (`aws ec2 delete-subnet`), after checking that no other
    /// service places network interfaces in them.
    pub(crate) CHECK {
        id: "vpcSubnetInstancesPresent",
        title: "VPC Subnet Instances Present",
        severity: Low,
        reads: [DESCRIBE_SUBNETS, DESCRIBE_INSTANCES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let data = ctx
            .read_configured(DESCRIBE_SUBNETS, region)
            .and_then(|subnets| Ok((subnets, ctx.read_configured(DESCRIBE_INSTANCES, region)?)));
        let Some((subnets, instances)) = region_data(ctx, findings, region, data) else { continue };
        let live: Vec<(&str, &str)> = instances
            .reservations
            .iter()
            .flat_map(|reservation| &reservation.instances)
            .filter(|instance| instance.state.as_ref().is_none_or(|state| state.name != "terminated"))
            .flat_map(|instance| {
                let primary = instance.subnet_id.iter().map(|subnet| subnet.as_str());
                let others = instance.network_interfaces.iter().filter_map(|interface| interface.subnet_id.as_deref());
                primary.chain(others).map(|subnet| (subnet, instance.instance_id.as_str()))
            })
            .collect();
        for subnet in &subnets.subnets {
            let id = &subnet.subnet_id;
            let arn = ctx.typed_arn("ec2", region, "subnet", id);
            let mut here: Vec<&str> =
                live.iter().filter(|(subnet, _)| subnet == id).map(|(_, instance)| *instance).collect();
            here.dedup();
            match here.as_slice() {
                [] => findings.fail(arn, region, format!("Subnet {id} has no EC2 instances")),
                [one] => findings.ok(arn, region, format!("Subnet {id} has 1 EC2 instance ({one})")),
                many => findings.ok(arn, region, format!("Subnet {id} has {} EC2 instances", many.len())),
            }
        }
    }
}
