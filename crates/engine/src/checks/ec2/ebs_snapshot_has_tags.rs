use crate::analysis::tags::{self, Tagged};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::DESCRIBE_SNAPSHOTS_TAGS;

declare_check! {
    /// Ensures the account's own EBS snapshots carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tags say which volume, system and retention a snapshot belongs to; without them nobody can tell which snapshots may be deleted or which hold sensitive data.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag snapshots (`aws ec2 create-tags --resources snap-… --tags Key=…,Value=…`); Amazon Data Lifecycle Manager and AWS Backup can copy the volume's tags to the snapshots they create.
    pub(crate) CHECK {
        id: "ebsSnapshotHasTags",
        title: "EBS Snapshot Has Tags",
        severity: Low,
        reads: [DESCRIBE_SNAPSHOTS_TAGS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_SNAPSHOTS_TAGS, |ctx, region, data| {
        data.snapshots
            .iter()
            .map(|item| Tagged {
                arn: crate::views::ec2_storage::snapshot_arn(ctx, region, &item.snapshot_id),
                label: format!("Snapshot {}", item.snapshot_id),
                tags: &item.tags,
            })
            .collect()
    });
}
