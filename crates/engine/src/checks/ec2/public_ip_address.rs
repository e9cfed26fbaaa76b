use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::ec2_network::live_instances;

declare_check! {
    /// Ensures no instance has a public IPv4 address, as FSBP EC2.9 requires: a public address
    /// (assigned at launch or an Elastic IP, on any of the instance's network interfaces) makes the
    /// instance reachable from the internet as far as its security groups and network ACLs allow,
    /// and one rule change away from exposure. Instances reach the internet through a NAT gateway
    /// and are reached through load balancers instead.
    ///
    /// CloudSploit fails a public instance only when one of its groups also has an inbound rule
    /// from 0.0.0.0/0 or ::/0, and passes the others; stance follows EC2.9 and Prowler and fails
    /// every public instance (the instanceOpen* checks say which ports the internet reaches).
    /// Prowler reads only the primary interface's address; stance also counts public addresses of
    /// secondary interfaces. Terminated and shutting-down instances are not judged.
    ///
    /// ## Remediation
    /// Launch instances in private subnets without public addresses, disassociate Elastic IPs,
    /// and reach them through a load balancer, Session Manager or a VPN.
    pub(crate) CHECK {
        id: "publicIpAddress",
        title: "Public IP Address EC2 Instances",
        severity: High,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [
            ("ec2_instance_public_ip", Differently("Prowler reads only the primary interface's public address; stance also fails public addresses of secondary interfaces")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let mut any = false;
        for instance in live_instances(data) {
            any = true;
            let id = &instance.instance_id;
            let arn = ctx.typed_arn("ec2", region, "instance", id);
            let mut addresses: Vec<&str> = instance.public_ip_address.iter().map(|ip| ip.as_str()).collect();
            for interface in &instance.network_interfaces {
                if let Some(ip) = interface.public_ipv4()
                    && !addresses.contains(&ip)
                {
                    addresses.push(ip);
                }
            }
            if addresses.is_empty() {
                findings.ok(arn, region, format!("Instance {id} has no public IPv4 address"));
            } else {
                findings.fail(
                    arn,
                    region,
                    format!("Instance {id} has public IPv4 addresses: {}", addresses.join(", ")),
                );
            }
        }
        if !any {
            findings.ok(ctx.region_arn("ec2", region), region, format!("No instances in {region}"));
        }
    });
}
