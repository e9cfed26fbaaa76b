use crate::analysis::network::{Cidr, permission_cidrs};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::{Setting, StringList};
use crate::views::ec2::{DESCRIBE_SECURITY_GROUPS, security_group_arn};

declare_check! {
    /// Ensures no security group admits a whole private address block: an inbound rule whose IPv4
    /// source covers all of one of the private_cidrs ranges (10.0.0.0/8, 172.16.0.0/12 and
    /// 192.168.0.0/16 by default), which lets in every host of every network using that block,
    /// peered and on-premises networks included. A source covers a range when it holds every
    /// address of it, so 10.0.0.0/8 and a wider 10.0.0.0/7 fail and a narrower 10.1.0.0/16 passes.
    /// The whole internet (0.0.0.0/0), which also holds them, is left to the open-port checks.
    ///
    /// CloudSploit compares the CIDR strings, so it passes a wider 10.0.0.0/7; stance compares the
    /// address ranges.
    ///
    /// ## Remediation
    /// Replace the rule's source with the subnets or security groups that need the access.
    pub(crate) CHECK {
        id: "securityGroupRfc1918",
        title: "Open RFC 1918",
        severity: Medium,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        settings: [PRIVATE_CIDRS],
    }
}

static PRIVATE_CIDRS: Setting<StringList> = Setting::new(
    "private_cidrs",
    "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
    "Private IPv4 blocks no security group rule may admit whole.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let blocks: Result<Vec<(Cidr, &str)>, String> = ctx
        .setting(&PRIVATE_CIDRS)
        .items()
        .iter()
        .map(|item| Cidr::parse(item).map(|cidr| (cidr, item.as_str())))
        .collect();
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        let blocks = match &blocks {
            Ok(blocks) => blocks,
            Err(e) => {
                let reason = Unknown::new(format!("private_cidrs holds a {e}"));
                return findings.unknown(ctx.region_arn("ec2", region), region, &reason);
            }
        };
        if data.security_groups.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No security groups in {region}"));
        }
        for group in &data.security_groups {
            let arn = security_group_arn(ctx, region, group);
            let mut found: Vec<String> = Vec::new();
            let mut bad = None;
            for cidr in group.ip_permissions.iter().flat_map(permission_cidrs) {
                match Cidr::parse(cidr) {
                    Err(e) => bad = Some(e),
                    Ok(source) if source.is_internet() => {}
                    Ok(source) => {
                        for (block, name) in blocks {
                            if source.contains(block) {
                                let entry =
                                    if cidr == *name { cidr.to_owned() } else { format!("{cidr} (covering {name})") };
                                if !found.contains(&entry) {
                                    found.push(entry);
                                }
                            }
                        }
                    }
                }
            }
            let label = group.label();
            match bad {
                Some(e) => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("Security group {label} cannot be judged: a rule has {e}")),
                ),
                None if found.is_empty() => {
                    findings.ok(arn, region, format!("Security group {label} admits no whole private block"))
                }
                None => findings.fail(
                    arn,
                    region,
                    format!("Security group {label} admits whole private blocks: {}", found.join(", ")),
                ),
            }
        }
    });
}
