use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, aws_managed_policy_arn};

declare_check! {
    /// Ensures the AWS-managed AWSCloudShellFullAccess policy is attached to no IAM user, group
    /// or role. It grants CloudShell with file upload and download, which lets a holder move data
    /// in and out of the account past other controls (CIS 2.20). The account fails when any
    /// identity has it attached, naming them, and passes when none has. The policy is matched by
    /// its ARN (`arn:PARTITION:iam::aws:policy/AWSCloudShellFullAccess`).
    ///
    /// ## Remediation
    /// Detach AWSCloudShellFullAccess from each listed identity; grant the CloudShell actions
    /// they need in a policy of your own, without file transfer where it is not needed.
    pub(crate) CHECK {
        id: "cloudShellFullAccessPolicy",
        title: "CloudShell Full Access Policy",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [("iam_policy_cloudshell_admin_not_attached", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let arn = aws_managed_policy_arn(ctx.partition(), "AWSCloudShellFullAccess");
    iam_authorization::with_details(ctx, findings, |details, findings| {
        let holders: Vec<String> = details.attachments(&arn).map(|identity: Identity| identity.to_string()).collect();
        if holders.is_empty() {
            findings.ok(
                ctx.account_arn(),
                GLOBAL_REGION,
                "The AWSCloudShellFullAccess policy is not attached to any identity",
            );
        } else {
            findings.fail(
                ctx.account_arn(),
                GLOBAL_REGION,
                format!("The AWSCloudShellFullAccess policy is attached to {}", holders.join(", ")),
            );
        }
    });
}
