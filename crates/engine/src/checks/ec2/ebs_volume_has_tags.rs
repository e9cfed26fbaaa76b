use crate::analysis::tags::{self, Tagged};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::DESCRIBE_VOLUMES;

declare_check! {
    /// Ensures EBS volumes carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tags name a volume's owner, application and data classification, which cost allocation, backup selection and incident response rely on.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag volumes (`aws ec2 create-tags --resources vol-… --tags Key=…,Value=…`), or tag them at launch with `--tag-specifications` in the launch template or RunInstances call.
    pub(crate) CHECK {
        id: "ebsVolumeHasTags",
        title: "EBS Volume Has Tags",
        severity: Low,
        reads: [DESCRIBE_VOLUMES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_VOLUMES, |ctx, region, data| {
        data.volumes
            .iter()
            .map(|item| Tagged {
                arn: ctx.typed_arn("ec2", region, "volume", &item.volume_id),
                label: format!("Volume {}", item.volume_id),
                tags: &item.tags,
            })
            .collect()
    });
}
