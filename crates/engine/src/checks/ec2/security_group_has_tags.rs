use crate::analysis::tags::{self, Tagged};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_SECURITY_GROUPS;

declare_check! {
    /// Ensures security groups carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tags say which application and owner a security group serves, so that its rules can be reviewed and unused groups removed.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag security groups (`aws ec2 create-tags --resources sg-… --tags Key=…,Value=…`), default groups included.
    pub(crate) CHECK {
        id: "securityGroupHasTags",
        title: "Security Group Has Tags",
        severity: Low,
        reads: [DESCRIBE_SECURITY_GROUPS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_SECURITY_GROUPS, |ctx, region, data| {
        data.security_groups
            .iter()
            .map(|item| Tagged {
                arn: ctx.typed_arn("ec2", region, "security-group", &item.group_id),
                label: format!("Security group {}", item.label()),
                tags: &item.tags,
            })
            .collect()
    });
}
