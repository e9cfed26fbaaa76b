use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, aws_managed_policy_arn};
use crate::views::iam_trust::{self, foreign_principals, join_and, trust_policy};

declare_check! {
    /// Ensures roles with the AWS-managed ReadOnlyAccess policy cannot be assumed from other
    /// AWS accounts: ReadOnlyAccess reads nearly every resource and its data (S3 objects,
    /// DynamoDB items, secrets' metadata), so a role that carries it and trusts another account
    /// hands that account a view of the whole account. A role fails when ReadOnlyAccess is
    /// attached to it and its trust policy lets a principal of another account, or every AWS
    /// principal (`"*"`, `{"AWS": "*"}`), call `sts:AssumeRole`, whatever the conditions (an
    /// external ID or MFA decides who of that account may, not whether it is another account);
    /// every other role passes.
    ///
    /// Prowler matches the policy by its name, so a customer-managed policy named ReadOnlyAccess
    /// counts there; stance matches the AWS-managed policy's ARN. Prowler reads only the `AWS`
    /// member of a Principal object, so `"Principal": "*"` passes there; stance fails it, and
    /// passes an open statement whose conditions confine it to the role's own account
    /// (`aws:PrincipalAccount`). A deleted principal, shown as its unique id (`AROA…`), admits no
    /// one: Prowler fails it, stance does not count it.
    ///
    /// ## Remediation
    /// Detach ReadOnlyAccess from the role and grant the other account only the reads it needs, or
    /// remove the other account from the role's trust policy.
    pub(crate) CHECK {
        id: "iamRoleCrossAccountReadOnly",
        title: "IAM Role Cross-Account ReadOnlyAccess",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_role_cross_account_readonlyaccess_policy", Differently("Prowler matches the policy by name (a customer policy named ReadOnlyAccess counts), ignores \"Principal\": \"*\", and fails trusts of deleted principals' unique ids; stance matches the AWS-managed policy's ARN, counts every AWS principal that may assume the role, and skips unique ids, which no one can use")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let own = ctx.account_id();
    let read_only = aws_managed_policy_arn(ctx.partition(), "ReadOnlyAccess");
    crate::views::iam_authorization::with_details(ctx, findings, |details, findings| {
        for role in details.roles() {
            let name = &role.role_name;
            if !Identity::Role(role).has_attached(&read_only) {
                findings.ok(&role.arn, GLOBAL_REGION, format!("Role {name} does not have the ReadOnlyAccess policy"));
                continue;
            }
            let document = match trust_policy(role) {
                Ok(document) => document,
                Err(reason) => {
                    findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                    continue;
                }
            };
            let mut foreign: Vec<String> = Vec::new();
            for principal in foreign_principals(document, own) {
                let shown = iam_trust::shown(&principal.principal);
                if !foreign.contains(&shown) {
                    foreign.push(shown);
                }
            }
            if foreign.is_empty() {
                findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} has the ReadOnlyAccess policy but trusts no principal of another account"),
                );
            } else {
                findings.fail(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} has the ReadOnlyAccess policy and trusts {}", join_and(&foreign)),
                );
            }
        }
    });
}
