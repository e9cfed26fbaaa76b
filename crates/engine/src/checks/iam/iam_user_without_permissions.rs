use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::Effect;
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures every IAM user has some permission: a user that can do nothing serves no purpose,
    /// and its credentials are one more thing to leak and to review. A user fails when none of
    /// the policies that apply to it (its own inline and attached policies, and its groups') has
    /// an Allow statement; a user with any Allow passes.
    ///
    /// CloudSploit passes a user with any policy at all; stance also fails a user whose policies
    /// only deny, since in IAM only an Allow grants a permission. A policy that cannot be read
    /// leaves the user UNKNOWN.
    ///
    /// ## Remediation
    /// Delete users that are no longer needed, or add them to the groups for their job.
    pub(crate) CHECK {
        id: "iamUserWithoutPermissions",
        title: "IAM User Without Permissions",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.users().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM users found");
        }
        for user in details.users() {
            let name = &user.user_name;
            let policies = match details.user_policies(user) {
                Ok(policies) => policies,
                Err(reason) => {
                    findings.unknown(&user.arn, GLOBAL_REGION, &reason);
                    continue;
                }
            };
            let granting = policies
                .iter()
                .find(|policy| policy.document.statements.iter().any(|statement| statement.effect == Effect::Allow));
            match (granting, policies.len()) {
                (Some(policy), _) => {
                    findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has permissions from {}", policy.source))
                }
                (None, 0) => findings.fail(&user.arn, GLOBAL_REGION, format!("User {name} has no policies")),
                (None, count) => findings.fail(
                    &user.arn,
                    GLOBAL_REGION,
                    if count == 1 {
                        format!("User {name} has 1 policy, which allows nothing")
                    } else {
                        format!("User {name} has {count} policies, none of which allows anything")
                    },
                ),
            }
        }
    });
}
