use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::{self as ec2, DESCRIBE_SECURITY_GROUPS};

declare_check! {
    /// Ensures no security group was made by the EC2 console's launch wizard, which names its
    /// groups `launch-wizard-1`, `launch-wizard-2` and so on and usually opens SSH or RDP to
    /// 0.0.0.0/0. A group fails when its name starts with `launch-wizard` (any case), as
    /// CloudSploit decides. Prowler fails any name containing `launch-wizard` (case-sensitive),
    /// which also catches names such as `copy-of-launch-wizard-1`; stance goes by the prefix,
    /// the only form the wizard writes. Whether the group is used does not change the verdict.
    ///
    /// ## Remediation
    /// Move instances to purpose-built groups with only the rules they need, then delete the
    /// launch-wizard groups.
    pub(crate) CHECK {
        id: "launchWizardSecurityGroups",
        title: "EC2 Launch Wizard Security Groups",
        severity: Low,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
        aliases: [
            ("ec2_securitygroup_from_launch_wizard", Differently("Prowler fails any name containing launch-wizard, case-sensitively; stance fails names starting with it in any case, the form the wizard writes")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2::each_security_group(ctx, findings, |group, arn, region, findings| {
        let wizard = group.group_name.get(..13).is_some_and(|head| head.eq_ignore_ascii_case("launch-wizard"));
        if wizard {
            findings.fail(arn, region, format!("Security group {} was created by the launch wizard", group.label()));
        } else {
            findings.ok(arn, region, format!("Security group {} was not created by the launch wizard", group.label()));
        }
    });
}
