use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::ec2::{DESCRIBE_INSTANCES, Instance};

declare_check! {
    /// Ensures no instance runs on EC2-Classic, the flat network that predates VPCs and has none
    /// of their isolation, network ACLs or egress rules: each region warns, naming them, when a
    /// running instance has neither a VPC nor a network interface (EC2-Classic's signature), and
    /// passes when every running instance is in a VPC.
    ///
    /// AWS retired EC2-Classic in August 2023 and migrated or stopped every instance on it, so
    /// an account today can only pass. CloudSploit reports WARN, never FAIL, and stance keeps
    /// that level. CloudSploit looks at the network interfaces alone; stance also requires the
    /// VpcId to be absent, so that an answer that omits the interface list of a VPC instance is
    /// not taken for EC2-Classic.
    ///
    /// ## Remediation
    /// Launch a replacement for the instance in a VPC (from an AMI of it) and move its Elastic IP
    /// addresses to the VPC.
    pub(crate) CHECK {
        id: "classicInstances",
        title: "Detect EC2 Classic Instances",
        severity: High,
        reads: [DESCRIBE_INSTANCES],
        run,
    }
}

fn is_classic(instance: &Instance) -> bool {
    instance.vpc_id.is_none() && instance.network_interfaces.is_empty()
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let resource = ctx.region_arn("ec2", region);
        let running: Vec<&Instance> =
            instances::all(data).filter(|instance| instances::state(instance) == Some("running")).collect();
        if running.is_empty() {
            return findings.ok(resource, region, format!("No running instances in {region}"));
        }
        let classic: Vec<&str> = running
            .iter()
            .filter(|instance| is_classic(instance))
            .map(|instance| instance.instance_id.as_str())
            .collect();
        if classic.is_empty() {
            let count = plural(running.len() as i64, "running instance");
            findings.ok(resource, region, format!("Every running instance in {region} is in a VPC ({count})"));
        } else {
            findings.warn(
                resource,
                region,
                format!("Running instances in {region} on EC2-Classic: {}", classic.join(", ")),
            );
        }
    });
}
