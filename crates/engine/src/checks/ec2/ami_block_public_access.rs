use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_storage::GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE;

declare_check! {
    /// Ensures Block Public Access for AMIs is on in every region: a region passes when its state
    /// is `block-new-sharing`, under which no AMI can be made public, and fails when it is
    /// `unblocked`. The setting does not withdraw public sharing that already exists; publicAmi
    /// reports those images.
    ///
    /// ## Remediation
    /// In each region, run `aws ec2 enable-image-block-public-access --image-block-public-access-state
    /// block-new-sharing` (EC2 console > Settings > Data protection and security).
    pub(crate) CHECK {
        id: "amiBlockPublicAccess",
        title: "AMI Block Public Access",
        severity: Medium,
        reads: [GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE],
        run,
        aliases: [("ec2_ami_account_block_public_access", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE, findings, |region, data, findings| {
        let arn = ctx.region_arn("ec2", region);
        match data.image_block_public_access_state.as_str() {
            "block-new-sharing" => {
                findings.ok(arn, region, format!("AMI Block Public Access in {region} blocks new public sharing"))
            }
            "unblocked" => {
                findings.fail(arn, region, format!("AMI Block Public Access is off (unblocked) in {region}"))
            }
            other => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("AMI Block Public Access in {region} has the unknown state {other:?}")),
            ),
        }
    });
}
