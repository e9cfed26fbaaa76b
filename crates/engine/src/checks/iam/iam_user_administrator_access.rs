use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity};
use crate::views::iam_grants;

declare_check! {
    /// Ensures no IAM user has the AWS-managed AdministratorAccess policy attached directly:
    /// long-lived user credentials with full administrator access are the most damaging to leak.
    /// A user with the policy attached fails; when the user has a permissions boundary, IAM
    /// allows only what both the policy and the boundary allow, so the user warns instead,
    /// unless the boundary itself allows every action. Other users pass (administrator access
    /// through groups is groupAdministratorAccess's concern).
    ///
    /// Prowler looks for an attached policy named AdministratorAccess, so it also fails a
    /// customer-managed policy that happens to bear that name, and ignores permissions
    /// boundaries; stance matches the AWS-managed policy by its ARN and reads the boundary.
    ///
    /// ## Remediation
    /// Detach AdministratorAccess from the user. Let administrators sign in through IAM Identity
    /// Center or assume an administrator role with MFA, and give the user only what it needs.
    pub(crate) CHECK {
        id: "iamUserAdministratorAccess",
        title: "IAM User Administrator Access",
        severity: Critical,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_user_administrator_access_policy", Differently("Prowler matches an attached policy by the name AdministratorAccess (a customer-managed policy of that name fails too) and ignores permissions boundaries; stance matches the AWS-managed policy's ARN and warns where a permissions boundary that does not allow everything limits it")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        for user in details.users() {
            let boundary = user.permissions_boundary.as_ref();
            match iam_grants::administrator_access(ctx, details, Identity::User(user), boundary) {
                Some((status, message)) => findings.add(status, &user.arn, GLOBAL_REGION, message),
                None => findings.ok(
                    &user.arn,
                    GLOBAL_REGION,
                    format!(
                        "User {} does not have the AWS-managed AdministratorAccess policy attached",
                        user.user_name
                    ),
                ),
            }
        }
    });
}
