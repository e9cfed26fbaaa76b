use crate::analysis::network::{Ports, describe_ports, nacl_internet_entry};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::views::ec2::{DESCRIBE_NETWORK_ACLS, NetworkAclEntry};

declare_check! {
    /// Ensures no network ACL lets the internet (0.0.0.0/0 or ::/0) in to the remote administration
    /// ports: SSH (22) and RDP (3389), over TCP or UDP, as CIS 6.2 counts them. Entries are read as
    /// AWS applies them: in rule-number order, the first entry matching the protocol and port
    /// decides, deny entries included, and what no entry matches is denied (rule 32767, `*`). An
    /// all-traffic entry (protocol -1) or a port range covering the port counts. The internet gets in
    /// when an allow entry for 0.0.0.0/0 or ::/0 is reached by some addresses: a deny of a few
    /// addresses before it leaves the port open to the rest. The default ACL, which allows all
    /// traffic, fails, and so does an allow of the ephemeral ports (1024-65535) from the internet,
    /// a common entry for return traffic that also admits new connections to 3389, since ACLs are
    /// stateless.
    ///
    /// CloudSploit looks at IPv4 only, ignores rule order and deny entries, and also fails on ports
    /// 80, 443 and 53, which are not remote administration ports: stance follows the entries' order,
    /// as AWS does, and CIS's ports. Prowler's three checks (all traffic, TCP 22, TCP 3389) follow
    /// the order too, but only an entry for exactly 0.0.0.0/0 or ::/0 counts as deciding the
    /// internet, and they skip regions without a non-default security group.
    ///
    /// ## Remediation
    /// Add deny entries for 0.0.0.0/0 and ::/0 on ports 22 and 3389 numbered below the allow
    /// entries, or replace the allow-all entries with allows for the ports and ranges the subnet
    /// serves.
    pub(crate) CHECK {
        id: "networkAclInboundTraffic",
        title: "Network ACL Inbound Traffic",
        severity: High,
        reads: [DESCRIBE_NETWORK_ACLS],
        run,
        aliases: [
            ("ec2_networkacl_allow_ingress_any_port", Differently("Prowler fails only all-traffic (-1) allow entries and judges only regions with a non-default security group; stance fails an ACL that lets the internet reach TCP or UDP 22 or 3389 through any entry, and judges every ACL")),
            ("ec2_networkacl_allow_ingress_tcp_port_22", Differently("Prowler's check looks at TCP 22 only and judges only regions with a non-default security group; stance's one check fails on TCP or UDP 22 and 3389 and judges every ACL")),
            ("ec2_networkacl_allow_ingress_tcp_port_3389", Differently("Prowler's check looks at TCP 3389 only and judges only regions with a non-default security group; stance's one check fails on TCP or UDP 22 and 3389 and judges every ACL")),
        ],
    }
}

/// The remote administration ports, as CIS 6.2 counts them.
const ADMIN: [(&str, Ports); 4] = [
    ("SSH", Ports::tcp(22, 22)),
    ("SSH", Ports::udp(22, 22)),
    ("RDP", Ports::tcp(3389, 3389)),
    ("RDP", Ports::udp(3389, 3389)),
];

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_NETWORK_ACLS, findings, |region, data, findings| {
        if data.network_acls.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No network ACLs in {region}"));
        }
        for acl in &data.network_acls {
            let arn = ctx.typed_arn("ec2", region, "network-acl", &acl.network_acl_id);
            let subnets = match acl.associations.len() {
                0 => "associated with no subnet".to_owned(),
                count => format!("associated with {}", plural(count as i64, "subnet")),
            };
            let name = format!(
                "Network ACL {}{}{}, {subnets},",
                acl.network_acl_id,
                if acl.is_default { " (the default of " } else { " (of " },
                acl.vpc_id.as_deref().map_or_else(|| "no VPC)".to_owned(), |vpc| format!("{vpc})"))
            );
            let open = openings(&acl.entries);
            match open {
                Err(e) => findings.unknown(arn, region, &Unknown::new(format!("{name} cannot be judged: {e}"))),
                Ok(open) if open.is_empty() => findings.ok(
                    arn,
                    region,
                    format!("{name} keeps the internet out of SSH and RDP (TCP and UDP 22 and 3389)"),
                ),
                Ok(open) => findings.fail(arn, region, format!("{name} lets the internet in to {}", open.join("; "))),
            }
        }
    });
}

/// The entries through which the internet reaches an administration port, each with the ports
/// it opens: `SSH (TCP 22), RDP (TCP 3389): rule 100 allows all traffic from 0.0.0.0/0`.
fn openings(entries: &[NetworkAclEntry]) -> Result<Vec<String>, String> {
    let mut opened: Vec<(String, Vec<String>)> = Vec::new();
    for (service, ports) in &ADMIN {
        let Some(entry) = nacl_internet_entry(entries, false, ports)? else { continue };
        let port = format!("{service} ({})", describe_ports(&[*ports]));
        let entry = entry.describe(false);
        match opened.iter_mut().find(|(own, _)| *own == entry) {
            Some((_, ports)) => ports.push(port),
            None => opened.push((entry, vec![port])),
        }
    }
    Ok(opened.into_iter().map(|(entry, ports)| format!("{}: {entry}", ports.join(", "))).collect())
}
