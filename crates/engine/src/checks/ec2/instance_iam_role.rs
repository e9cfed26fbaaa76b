use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::results::Status;
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_INSTANCES, Instance};

static THRESHOLD: Setting<i64> = Setting::new(
    "instance_iam_role_threshold",
    "10",
    "When more instances of a region than this have no instance profile, they are reported as one FAIL for the region naming them all; 0 reports each.",
);

declare_check! {
    /// Ensures instances reach AWS with an IAM role rather than stored keys: each instance that is
    /// not terminated passes when an IAM instance profile is associated with it and fails when
    /// none is. The role's temporary credentials, served by the instance metadata service and
    /// rotated by AWS, replace access keys written onto the instance.
    ///
    /// When more instances of one region than `instance_iam_role_threshold` fail, they are
    /// reported as one FAIL for the region whose message names every one of them, as CloudSploit
    /// collapses them (CloudSploit's reset also drops the results of the regions before; stance
    /// keeps them); 0 reports each instance. Whether the profile holds a role with permissions is
    /// judged by appTierInstanceIamRole and webTierInstanceIamRole.
    ///
    /// ## Remediation
    /// Create a role for the instance's workload with only the permissions it needs, and associate
    /// it with `aws ec2 associate-iam-instance-profile --instance-id ID --iam-instance-profile
    /// Name=PROFILE`; then remove any access keys stored on the instance.
    pub(crate) CHECK {
        id: "instanceIamRole",
        title: "Instance IAM Role",
        severity: High,
        reads: [DESCRIBE_INSTANCES],
        run,
        settings: [THRESHOLD],
        aliases: [(
            "ec2_instance_profile_attached",
            Differently("above instance_iam_role_threshold failing instances in a region stance reports one FAIL for the region naming them all, as CloudSploit does; Prowler reports each instance")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let threshold = *ctx.setting(&THRESHOLD);
    let judge = |instance: &Instance| {
        let id = &instance.instance_id;
        match &instance.iam_instance_profile {
            Some(profile) => (Status::Ok, format!("Instance {id} has the instance profile {}", profile.arn)),
            None => (Status::Fail, format!("Instance {id} has no IAM instance profile")),
        }
    };
    instances::each_region_collapsing(ctx, findings, threshold, judge, |region, count, ids| {
        format!("{count} instances in {region} have no IAM instance profile (more than {threshold}): {ids}")
    });
}
