use std::cell::OnceCell;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::views::ec2_storage::{
    DESCRIBE_SNAPSHOT_ATTRIBUTE, DESCRIBE_SNAPSHOTS, GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE, snapshot_arn,
};

declare_check! {
    /// Ensures no EBS snapshot the account owns can be restored by anyone: a snapshot fails when
    /// its `createVolumePermission` grants the group `all`, which lets every AWS account create a
    /// volume holding its data, and passes otherwise.
    ///
    /// A public grant in a region whose snapshot Block Public Access is `block-all-sharing`
    /// passes, with the grant named: EBS then treats the snapshot as private, though its
    /// attribute still shows the grant, which takes effect again the moment the setting is lifted
    /// or relaxed to `block-new-sharing`. When that setting cannot be read, a publicly granted
    /// snapshot is UNKNOWN. Neither CloudSploit nor Prowler looks at Block Public Access here.
    ///
    /// A grant to named AWS accounts is a share, not public access: it passes, and the message
    /// lists the accounts so that unexpected ones stand out. CloudSploit collapses more than 20
    /// public snapshots into one region result; stance reports every snapshot.
    ///
    /// ## Remediation
    /// Remove the public permission (`aws ec2 modify-snapshot-attribute --attribute
    /// createVolumePermission --operation-type remove --group-names all`), and set snapshot Block
    /// Public Access to block all sharing in every region.
    pub(crate) CHECK {
        id: "ebsSnapshotPublic",
        title: "EBS Snapshot Public",
        severity: High,
        reads: [DESCRIBE_SNAPSHOTS, DESCRIBE_SNAPSHOT_ATTRIBUTE, GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE],
        run,
        aliases: [
            ("ec2_ebs_public_snapshot", Differently("Prowler fails every snapshot granted to the group all; stance passes one in a region whose snapshot Block Public Access blocks all sharing, which EBS then treats as private")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_SNAPSHOTS, findings, |region, data, findings| {
        if data.snapshots.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No EBS snapshots in {region}"));
        }
        // Read only when a snapshot is granted to everyone: otherwise nothing depends on it.
        let blocks_all = OnceCell::new();
        let blocks_all = || {
            blocks_all.get_or_init(|| {
                ctx.read_configured(GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE, region)
                    .map(|block| block.state == "block-all-sharing")
            })
        };
        for snapshot in &data.snapshots {
            let (id, arn) = (&snapshot.snapshot_id, snapshot_arn(ctx, region, &snapshot.snapshot_id));
            let permissions = match ctx.read_resource(DESCRIBE_SNAPSHOT_ATTRIBUTE, &arn).1 {
                Ok(Some(attribute)) => attribute,
                Ok(None) => {
                    findings.unknown(arn, region, &not_configured(DESCRIBE_SNAPSHOT_ATTRIBUTE.id));
                    continue;
                }
                Err(reason) => {
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            let permissions = &permissions.create_volume_permissions;
            let shared: Vec<&str> =
                permissions.iter().filter(|grant| !grant.is_public()).map(|grant| grant.grantee()).collect();
            let shares = if shared.is_empty() { String::new() } else { format!("; shared with {}", shared.join(", ")) };
            if !permissions.iter().any(|grant| grant.is_public()) {
                findings.ok(arn, region, format!("EBS snapshot {id} is not public{shares}"));
                continue;
            }
            match blocks_all() {
                Ok(true) => findings.ok(
                    arn,
                    region,
                    format!("EBS snapshot {id} grants createVolumePermission to everyone, but Block Public Access block-all-sharing in {region} keeps it private{shares}"),
                ),
                Ok(false) => findings.fail(arn, region, format!("EBS snapshot {id} is public: it grants createVolumePermission to everyone{shares}")),
                Err(reason) => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("EBS snapshot {id} grants createVolumePermission to everyone, and whether Block Public Access keeps it private is unknown: {reason}")),
                ),
            }
        }
    });
}
