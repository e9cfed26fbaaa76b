use std::collections::BTreeSet;

use super::open_ports::Usage;
use crate::analysis::network::internet_reach;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::{Setting, StringList};
use crate::views::ec2::{DESCRIBE_NETWORK_INTERFACES, DESCRIBE_SECURITY_GROUPS, NetworkInterface, security_group_arn};

declare_check! {
    /// Ensures no security group lets the internet (0.0.0.0/0 or ::/0) reach every port, unless
    /// only managed interfaces that must accept the internet use it. An inbound rule counts when
    /// it allows all traffic (protocol -1) or every TCP or UDP port (0-65535), as
    /// openAllPortsProtocols counts it; what differs is the exemption: a group passes when every
    /// network interface using it is of a type in ec2_allowed_interface_types (API Gateway's and
    /// VPC endpoints' by default) or attached to an instance owned by an owner in
    /// ec2_allowed_instance_owners (`amazon-elb`, load balancers, by default), as Prowler decides.
    ///
    /// Prowler judges only groups some interface uses; stance also fails an open group nothing
    /// uses yet (the next instance launched into it is exposed at once), and says in the message
    /// that nothing uses it. Without DescribeNetworkInterfaces an open group is UNKNOWN, since the
    /// exemption cannot be told.
    ///
    /// ## Remediation
    /// Replace the all-traffic and all-ports rules with rules for the ports the workload serves,
    /// from the address ranges that need them.
    pub(crate) CHECK {
        id: "openAnyPort",
        title: "Open Any Port",
        severity: High,
        reads: [DESCRIBE_SECURITY_GROUPS, DESCRIBE_NETWORK_INTERFACES],
        run,
        settings: [ALLOWED_INTERFACE_TYPES, ALLOWED_INSTANCE_OWNERS],
        aliases: [
            ("ec2_securitygroup_allow_ingress_from_internet_to_any_port", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance also fails an open group nothing uses yet")),
        ],
    }
}

static ALLOWED_INTERFACE_TYPES: Setting<StringList> = Setting::new(
    "ec2_allowed_interface_types",
    "api_gateway_managed,vpc_endpoint",
    "Network interface types (InterfaceType) whose use of a group open on every port to the internet is accepted.",
);

static ALLOWED_INSTANCE_OWNERS: Setting<StringList> = Setting::new(
    "ec2_allowed_instance_owners",
    "amazon-elb",
    "Instance owners (Attachment.InstanceOwnerId) whose interfaces may use a group open on every port to the internet.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let types = ctx.setting(&ALLOWED_INTERFACE_TYPES);
    let owners = ctx.setting(&ALLOWED_INSTANCE_OWNERS);
    let exempt = |interface: &NetworkInterface| {
        interface.interface_type.as_deref().is_some_and(|kind| types.contains(kind))
            || interface
                .attachment
                .as_ref()
                .and_then(|attachment| attachment.instance_owner_id.as_deref())
                .is_some_and(|owner| owners.contains(owner))
    };
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        if data.security_groups.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No security groups in {region}"));
        }
        let interfaces = ctx.read_configured(DESCRIBE_NETWORK_INTERFACES, region);
        for group in &data.security_groups {
            let arn = security_group_arn(ctx, region, group);
            let label = group.label();
            let used = match &interfaces {
                Ok(interfaces) => Usage::of(interfaces, group).describe(),
                Err(reason) => format!("whose network interfaces are unknown ({reason})"),
            };
            let reach = match internet_reach(&group.ip_permissions, |traffic| traffic.opens_every_port()) {
                Ok(reach) => reach,
                Err(e) => {
                    findings.unknown(arn, region, &Unknown::new(format!("Security group {label} cannot be judged: {e}")));
                    continue;
                }
            };
            if reach.open.is_empty() {
                findings.ok(arn, region, format!("Security group {label}, {used}, does not open every port to the internet"));
                continue;
            }
            let opened =
                format!("Security group {label}, {used}, opens every port to the internet: {}", reach.describe_open());
            let interfaces = match &interfaces {
                Ok(interfaces) => interfaces,
                Err(_) => {
                    findings.unknown(arn, region, &Unknown::new(format!("{opened}; whether only allowed interfaces use it cannot be told")));
                    continue;
                }
            };
            let using: Vec<&NetworkInterface> = interfaces
                .network_interfaces
                .iter()
                .filter(|interface| interface.groups.iter().any(|own| own.group_id == group.group_id))
                .collect();
            let others: BTreeSet<&str> = using
                .iter()
                .filter(|interface| !exempt(interface))
                .map(|interface| interface.network_interface_id.as_str())
                .collect();
            if using.is_empty() {
                findings.fail(arn, region, format!("{opened}; nothing exempts it"));
            } else if others.is_empty() {
                findings.ok(
                    arn,
                    region,
                    format!("{opened}; every interface using it is allowed by ec2_allowed_interface_types or ec2_allowed_instance_owners"),
                );
            } else {
                let ids: Vec<&str> = others.into_iter().collect();
                findings.fail(arn, region, format!("{opened}; not allowed: {}", ids.join(", ")));
            }
        }
    });
}
