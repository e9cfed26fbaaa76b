use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures each instance has a single network interface, so that it sits in one subnet and
    /// cannot bridge networks that are meant to stay apart: each instance that is not terminated
    /// passes when one network interface is attached to it and fails when more are (network
    /// interfaces of any type: `interface`, `efa`, `efa-only` and `trunk`), naming them.
    ///
    /// The interfaces are those DescribeInstances lists for the instance, which are exactly the
    /// ones attached to it. Prowler counts only `interface`, `efa` and `trunk` interfaces, so it
    /// passes an instance with an ENA interface and an `efa-only` one; FSBP EC2.17 counts every
    /// ENI and EFA. An instance listing no interface is UNKNOWN.
    ///
    /// ## Remediation
    /// Detach the secondary network interfaces (`aws ec2 detach-network-interface`), and use
    /// security groups and routing rather than several interfaces to reach several networks.
    pub(crate) CHECK {
        id: "instanceSingleEni",
        title: "Instance Uses Single ENI",
        severity: Low,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [(
            "ec2_instance_uses_single_eni",
            Differently("Prowler counts only interface, efa and trunk interfaces; stance counts every interface attached, efa-only ones included, as FSBP EC2.17 counts every ENI and EFA")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::each_instance(ctx, findings, "instances", instances::is_live, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        let interfaces: Vec<String> = instance
            .network_interfaces
            .iter()
            .map(|interface| match &interface.interface_type {
                Some(kind) => format!("{} ({kind})", interface.network_interface_id),
                None => interface.network_interface_id.to_string(),
            })
            .collect();
        match interfaces.len() {
            0 => findings.unknown(
                arn,
                region,
                &Unknown::new(format!(
                    "Instance {id} cannot be judged: DescribeInstances lists no network interface for it"
                )),
            ),
            1 => findings.ok(arn, region, format!("Instance {id} has one network interface: {}", interfaces[0])),
            count => findings.fail(
                arn,
                region,
                format!("Instance {id} has {count} network interfaces: {}", interfaces.join(", ")),
            ),
        }
    });
}
