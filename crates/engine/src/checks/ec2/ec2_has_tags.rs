use crate::analysis::tags::{self, Tagged};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures EC2 instances carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tags name an instance's owner, environment and application, which access policies (attribute-based access control), cost allocation and incident response rely on. Terminated instances, which EC2 lists for a while after termination, are not judged.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag instances (`aws ec2 create-tags --resources i-… --tags Key=…,Value=…`), and add `--tag-specifications` to launch templates and Auto Scaling groups (whose `aws:autoscaling:groupName` tag alone does not count) so that new instances are tagged at launch.
    pub(crate) CHECK {
        id: "ec2HasTags",
        title: "EC2 Instance Has Tags",
        severity: Low,
        reads: [DESCRIBE_INSTANCES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_INSTANCES, |ctx, region, data| {
        data.reservations
            .iter()
            .flat_map(|reservation| &reservation.instances)
            .filter(|item| item.state.as_ref().is_none_or(|state| state.name != "terminated"))
            .map(|item| Tagged {
                arn: ctx.typed_arn("ec2", region, "instance", &item.instance_id),
                label: format!("Instance {}", item.instance_id),
                tags: &item.tags,
            })
            .collect()
    });
}
