use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::settings::Setting;
use crate::views::ec2::DESCRIBE_SECURITY_GROUPS;

declare_check! {
    /// Ensures a region does not hold so many security groups that nobody can review them: it fails
    /// above excessive_security_groups_fail (40) groups, warns above excessive_security_groups_warn
    /// (30), and passes otherwise. Every group counts, default groups and unused ones included,
    /// as each is one more rule set to audit.
    ///
    /// ## Remediation
    /// Delete the groups nothing uses and merge groups with the same purpose, so that the region
    /// keeps a small set of well-named groups.
    pub(crate) CHECK {
        id: "excessiveSecurityGroups",
        title: "Excessive Security Groups",
        severity: Medium,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        settings: [FAIL_ABOVE, WARN_ABOVE],
    }
}

static FAIL_ABOVE: Setting<i64> =
    Setting::new("excessive_security_groups_fail", "40", "Fail a region with more security groups than this.");

static WARN_ABOVE: Setting<i64> = Setting::new(
    "excessive_security_groups_warn",
    "30",
    "Warn on a region with more security groups than this (and no more than excessive_security_groups_fail).",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let (fail, warn) = (*ctx.setting(&FAIL_ABOVE), *ctx.setting(&WARN_ABOVE));
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        let count = data.security_groups.len() as i64;
        let arn = ctx.region_arn("ec2", region);
        let groups = plural(count, "security group");
        if count > fail {
            findings.fail(arn, region, format!("{region} has {groups}, more than {fail}"));
        } else if count > warn {
            findings.warn(arn, region, format!("{region} has {groups}, more than {warn}"));
        } else {
            findings.ok(arn, region, format!("{region} has {groups}, no more than {warn}"));
        }
    });
}
