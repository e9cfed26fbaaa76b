use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::analysis::network::permission_sources;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::{DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS, SecurityGroup};
use crate::views::ec2_network::live_instances;

declare_check! {
    /// Ensures no instance has two security groups holding the same inbound rule: the same traffic
    /// (protocol and ports) from the same source CIDR or prefix list. Such duplicates are harmless
    /// to traffic (the groups' rules are unioned) but mean that narrowing one group leaves the
    /// access open through the other. An instance with two or more groups warns when two of them
    /// share a rule, and passes otherwise; one with a single group passes. Each source of a rule
    /// is compared on its own, the CIDRs as address ranges, so `tcp 22 from 10.0.0.0/8` in one
    /// group and a rule of the other listing 10.0.0.0/8 among other sources overlap. Sources that
    /// are other security groups are not compared. CloudSploit keeps only the last qualifying rule
    /// of each group and skips rules without ports (all traffic and ICMP); stance compares every
    /// rule.
    ///
    /// ## Remediation
    /// Keep each rule in one of the instance's groups and remove its copies from the others.
    pub(crate) CHECK {
        id: "overlappingSecurityGroups",
        title: "Overlapping Security Groups",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let instances: Vec<_> = live_instances(data).collect();
        if instances.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No instances in {region}"));
        }
        let groups = match ctx.read_configured(DESCRIBE_SECURITY_GROUPS, region) {
            Ok(groups) => groups,
            Err(reason) => {
                for instance in instances {
                    findings.unknown(ctx.typed_arn("ec2", region, "instance", &instance.instance_id), region, &reason);
                }
                return;
            }
        };
        let by_id: HashMap<&str, &SecurityGroup> =
            groups.security_groups.iter().map(|group| (group.group_id.as_str(), group)).collect();
        for instance in instances {
            let id = &instance.instance_id;
            let arn = ctx.typed_arn("ec2", region, "instance", id);
            let ids: BTreeSet<&str> = instance.security_groups.iter().map(|group| group.group_id.as_str()).collect();
            match overlaps(&ids, &by_id) {
                Err(e) => findings.unknown(arn, region, &Unknown::new(format!("Instance {id} cannot be judged: {e}"))),
                Ok(_) if ids.len() < 2 => {
                    findings.ok(arn, region, format!("Instance {id} has fewer than two security groups"))
                }
                Ok(shared) if shared.is_empty() => findings.ok(
                    arn,
                    region,
                    format!("Instance {id}'s {} security groups share no inbound rule", ids.len()),
                ),
                Ok(shared) => findings.warn(
                    arn,
                    region,
                    format!("Instance {id} has security groups sharing inbound rules: {}", shared.join("; ")),
                ),
            }
        }
    });
}

/// The rules two of the groups share: `sg-1 and sg-2: tcp 22 from 10.0.0.0/8`.
fn overlaps(ids: &BTreeSet<&str>, groups: &HashMap<&str, &SecurityGroup>) -> Result<Vec<String>, String> {
    let mut holders: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for id in ids {
        let group =
            groups.get(id).ok_or_else(|| format!("its group {id} is not among DescribeSecurityGroups' groups"))?;
        let mut own: BTreeSet<String> = BTreeSet::new();
        for permission in &group.ip_permissions {
            own.extend(permission_sources(permission).map_err(|e| format!("its group {} has {e}", group.label()))?);
        }
        for rule in own {
            holders.entry(rule).or_default().push(id);
        }
    }
    Ok(holders
        .into_iter()
        .filter(|(_, holders)| holders.len() > 1)
        .map(|(rule, holders)| format!("{}: {rule}", holders.join(" and ")))
        .collect())
}
