use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, aws_managed_policy_arn};

declare_check! {
    /// Ensures a security audit role exists: an IAM role with the AWS-managed SecurityAudit
    /// policy attached, so that auditors and security tools can read the account's
    /// configuration through a role instead of long-lived credentials or broader rights. The
    /// account passes when some role has the policy, and fails when none has (a user or group
    /// having it does not count). The policy is matched by its ARN
    /// (`arn:PARTITION:iam::aws:policy/SecurityAudit`).
    ///
    /// ## Remediation
    /// Create a role for security auditing, trusted by the principals or tools that audit the
    /// account, and attach the SecurityAudit policy to it.
    pub(crate) CHECK {
        id: "iamSecurityAuditRole",
        title: "IAM Security Audit Role",
        severity: Low,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [("iam_securityaudit_role_created", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let arn = aws_managed_policy_arn(ctx.partition(), "SecurityAudit");
    iam_authorization::with_details(ctx, findings, |details, findings| {
        let role = details.attachments(&arn).find(|identity| matches!(identity, Identity::Role(_)));
        match role {
            Some(role) => {
                findings.ok(ctx.account_arn(), GLOBAL_REGION, format!("The SecurityAudit policy is attached to {role}"))
            }
            None => {
                findings.fail(ctx.account_arn(), GLOBAL_REGION, "The SecurityAudit policy is not attached to any role")
            }
        }
    });
}
