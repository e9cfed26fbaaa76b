use crate::analysis::network::nacl_internet_entry_where;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_NETWORK_ACLS;

declare_check! {
    /// Ensures no network ACL lets every port out to the internet: an outbound allow entry for all
    /// traffic (protocol -1) or every TCP or UDP port, to 0.0.0.0/0 or ::/0, that the entries
    /// before it (in rule-number order, as AWS applies them) leave reachable. The default ACL's
    /// outbound rule 100 (allow all traffic to 0.0.0.0/0) fails. A deny of the same traffic for the
    /// whole address family before it keeps the port range closed; a deny of a few ports or
    /// addresses leaves the rest open, and the ACL fails.
    ///
    /// CloudSploit fails any outbound allow entry without a port range, whatever its destination
    /// and however earlier entries decide: an allow of all traffic to 10.0.0.0/8 fails there and
    /// passes here, and an allow behind a deny of the same traffic to everyone passes here.
    ///
    /// ## Remediation
    /// Replace the allow-all outbound entry with entries for the destinations and ports the subnet
    /// needs (for instance HTTPS out, and the ephemeral ports back for inbound services).
    pub(crate) CHECK {
        id: "networkAclOutboundTraffic",
        title: "Network ACL Outbound Traffic",
        severity: Medium,
        reads: [DESCRIBE_NETWORK_ACLS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_NETWORK_ACLS, findings, |region, data, findings| {
        if data.network_acls.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No network ACLs in {region}"));
        }
        for acl in &data.network_acls {
            let arn = ctx.typed_arn("ec2", region, "network-acl", &acl.network_acl_id);
            let name = format!(
                "Network ACL {}{}",
                acl.network_acl_id,
                acl.vpc_id.as_deref().map_or_else(String::new, |vpc| format!(" of {vpc}"))
            );
            match nacl_internet_entry_where(&acl.entries, true, |traffic| traffic.opens_every_port()) {
                Err(e) => findings.unknown(arn, region, &Unknown::new(format!("{name} cannot be judged: {e}"))),
                Ok(None) => findings.ok(arn, region, format!("{name} does not let every port out to the internet")),
                Ok(Some(entry)) => findings.fail(
                    arn,
                    region,
                    format!("{name} lets every port out to the internet: {}", entry.describe(true)),
                ),
            }
        }
    });
}
