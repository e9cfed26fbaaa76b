use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;

static TAG_KEY: Setting<String> = Setting::new(
    "ec2_app_tier_tag_key",
    "",
    "The tag key that marks app-tier instances (any value); empty turns the check off.",
);

declare_check! {
    /// Ensures app-tier instances run with an IAM role that has permissions: each instance that
    /// is not terminated and carries the `ec2_app_tier_tag_key` tag key passes when its
    /// instance profile holds a role with at least one managed or inline policy, and fails when it
    /// has no instance profile, when its profile holds no role, or when the role has no policies.
    /// Instances without the tag are not judged; nothing is judged while the setting is empty.
    ///
    /// The profile's role is found through GetAccountAuthorizationDetails, which lists each role's
    /// instance profiles. CloudSploit looks the role up by the instance profile's name, which
    /// finds the wrong role, or none, whenever a profile and its role are named differently (as
    /// they may be outside the console); it also passes untagged instances, which stance leaves
    /// unjudged.
    ///
    /// ## Remediation
    /// Give the app tier a role whose policies grant what its workload needs, put it in an
    /// instance profile, and associate that with `aws ec2 associate-iam-instance-profile`.
    pub(crate) CHECK {
        id: "appTierInstanceIamRole",
        title: "App-Tier EC2 Instance IAM Role",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES, GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [TAG_KEY],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::judge_tier(ctx, findings, ctx.setting::<String>(&TAG_KEY), "App-tier");
}
