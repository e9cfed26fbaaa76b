use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_storage::GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE;

declare_check! {
    /// Ensures Block Public Access for EBS snapshots blocks all sharing in every region. A region
    /// passes with `block-all-sharing`, under which no snapshot can be made public and the ones
    /// already shared publicly are treated as private; it fails with `block-new-sharing`, which
    /// leaves existing public snapshots public, and with `unblocked`.
    ///
    /// Every region is judged, as AWS Config's ebs-snapshot-block-public-access rule does: the
    /// setting guards the snapshots created there later too. Prowler reports only regions that
    /// have snapshots unless run with --scan-unused-services.
    ///
    /// ## Remediation
    /// In each region, run `aws ec2 enable-snapshot-block-public-access --state
    /// block-all-sharing` (EC2 console > Settings > Data protection and security), after moving
    /// any deliberate public sharing to shares with named accounts.
    pub(crate) CHECK {
        id: "ebsSnapshotBlockPublicAccess",
        title: "EBS Snapshot Block Public Access",
        severity: High,
        reads: [GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE],
        run,
        aliases: [
            ("ec2_ebs_snapshot_account_block_public_access", Differently("Prowler reports only regions that have snapshots unless --scan-unused-services; stance judges every region, since the setting guards the snapshots created there later")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE, findings, |region, data, findings| {
        let arn = ctx.region_arn("ec2", region);
        match data.state.as_str() {
            "block-all-sharing" => {
                findings.ok(arn, region, format!("Snapshot Block Public Access in {region} blocks all public sharing"))
            }
            "block-new-sharing" => findings.fail(
                arn,
                region,
                format!("Snapshot Block Public Access in {region} blocks only new public sharing (block-new-sharing): snapshots already public stay public"),
            ),
            "unblocked" => findings.fail(arn, region, format!("Snapshot Block Public Access is off (unblocked) in {region}")),
            other => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("Snapshot Block Public Access in {region} has the unknown state {other:?}")),
            ),
        }
    });
}
