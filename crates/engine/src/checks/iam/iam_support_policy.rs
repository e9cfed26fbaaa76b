use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, aws_managed_policy_arn};

declare_check! {
    /// Ensures a support role exists: an IAM role with the AWS-managed AWSSupportAccess policy
    /// attached, so that authorized people can open and manage AWS Support cases during an
    /// incident without broader rights. The account passes when some role has the policy, and
    /// fails when none has.
    ///
    /// CloudSploit also passes when only a user or a group has the policy; stance requires a
    /// role, as CIS 2.15 does (its audit asks that the policy's PolicyRoles not be empty), and
    /// names the users or groups that have it in the failure. The policy is matched by its ARN
    /// (`arn:PARTITION:iam::aws:policy/AWSSupportAccess`), so a customer-managed policy of the
    /// same name does not count.
    ///
    /// ## Remediation
    /// Create a role for incident handlers, trusted by the accounts or identity provider they
    /// sign in through, and attach the AWSSupportAccess policy to it.
    pub(crate) CHECK {
        id: "iamSupportPolicy",
        title: "IAM Support Policy",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [("iam_support_role_created", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let arn = aws_managed_policy_arn(ctx.partition(), "AWSSupportAccess");
    iam_authorization::with_details(ctx, findings, |details, findings| {
        let (roles, others): (Vec<Identity>, Vec<Identity>) =
            details.attachments(&arn).partition(|identity| matches!(identity, Identity::Role(_)));
        let account = ctx.account_arn();
        if let Some(role) = roles.first() {
            findings.ok(account, GLOBAL_REGION, format!("The AWSSupportAccess policy is attached to {role}"));
        } else if others.is_empty() {
            findings.fail(account, GLOBAL_REGION, "The AWSSupportAccess policy is not attached to any role");
        } else {
            let names: Vec<String> = others.iter().map(Identity::to_string).collect();
            findings.fail(
                account,
                GLOBAL_REGION,
                format!("The AWSSupportAccess policy is attached to no role, only to {}", names.join(", ")),
            );
        }
    });
}
