use crate::analysis::tags::{self, Tagged};
use crate::analysis::vpc::vpc_label;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VPCS;

declare_check! {
    /// Ensures VPCs carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tags say which environment and owner a VPC belongs to, which network reviews and cost allocation rely on.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag VPCs (`aws ec2 create-tags --resources vpc-… --tags Key=…,Value=…`), default VPCs included (or delete the default VPCs that are not used).
    pub(crate) CHECK {
        id: "vpcHasTags",
        title: "VPC Has Tags",
        severity: Low,
        reads: [DESCRIBE_VPCS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_VPCS, |ctx, region, data| {
        data.vpcs
            .iter()
            .map(|item| Tagged {
                arn: ctx.typed_arn("ec2", region, "vpc", &item.vpc_id),
                label: vpc_label(item),
                tags: &item.tags,
            })
            .collect()
    });
}
