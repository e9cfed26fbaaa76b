use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_VOLUMES;

declare_check! {
    /// Ensures no EBS volume sits unattached: a volume fails when its state is `available`,
    /// which EBS gives a volume no instance is attached to, and passes when it is `in-use`; a
    /// volume being created or deleted, or in the error state, warns with its state. Unattached
    /// volumes cost money and keep data that nobody looks after.
    ///
    /// CloudSploit looks for the volume in the instances' block device mappings; stance reads the
    /// volume's own state and attachments, which EBS keeps, and so needs no second call. Regions
    /// without volumes give no result.
    ///
    /// ## Remediation
    /// Snapshot each unattached volume that may still be needed, then delete it (`aws ec2
    /// delete-volume`), or attach it to the instance that should use it.
    pub(crate) CHECK {
        id: "ebsUnusedVolumes",
        title: "Unused EBS Volumes",
        severity: Medium,
        reads: [DESCRIBE_VOLUMES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_VOLUMES, findings, |region, data, findings| {
        for volume in &data.volumes {
            let (id, arn) = (&volume.volume_id, ctx.typed_arn("ec2", region, "volume", &volume.volume_id));
            match volume.state.as_deref() {
                Some("in-use") => {
                    let instances: Vec<&str> =
                        volume.attachments.iter().filter_map(|attachment| attachment.instance_id.as_deref()).collect();
                    let to = if instances.is_empty() { String::new() } else { format!(" by {}", instances.join(", ")) };
                    findings.ok(arn, region, format!("EBS volume {id} is in use{to}"));
                }
                Some("available") => {
                    findings.fail(arn, region, format!("EBS volume {id} is not attached to any instance"))
                }
                Some(state) => {
                    findings.warn(arn, region, format!("EBS volume {id} is in the {state} state, not in use"))
                }
                None => findings.unknown(arn, region, &Unknown::new(format!("EBS volume {id} has no State"))),
            }
        }
    });
}
