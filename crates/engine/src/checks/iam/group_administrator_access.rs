use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity};
use crate::views::iam_grants;

declare_check! {
    /// Ensures no IAM group has the AWS-managed AdministratorAccess policy attached: every member
    /// of such a group, present or future, holds full administrator access, and group membership
    /// is easy to grant and to overlook. A group with the policy attached fails; other groups
    /// pass.
    ///
    /// Prowler looks for an attached policy named AdministratorAccess, so it also fails a
    /// customer-managed policy that happens to bear that name, whatever it grants; stance matches
    /// the AWS-managed policy by its ARN (`arn:PARTITION:iam::aws:policy/AdministratorAccess`) and
    /// leaves what customer-managed policies grant to customerAttachedPolicyAdminPrivileges.
    ///
    /// ## Remediation
    /// Detach AdministratorAccess from the group. Give the people who need administrator access a
    /// role to assume with MFA, and give the group policies for what its members do day to day.
    pub(crate) CHECK {
        id: "groupAdministratorAccess",
        title: "Group Administrator Access",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_group_administrator_access_policy", Differently("Prowler matches an attached policy by the name AdministratorAccess, so a customer-managed policy of that name fails too; stance matches the AWS-managed policy's ARN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        for group in details.groups() {
            match iam_grants::administrator_access(ctx, details, Identity::Group(group), None) {
                Some((status, message)) => findings.add(status, &group.arn, GLOBAL_REGION, message),
                None => findings.ok(
                    &group.arn,
                    GLOBAL_REGION,
                    format!(
                        "Group {} does not have the AWS-managed AdministratorAccess policy attached",
                        group.group_name
                    ),
                ),
            }
        }
    });
}
