use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures IAM users receive their permissions only through groups (or roles they assume),
    /// never from managed or inline policies attached to the user itself, so that permissions
    /// are granted and reviewed per job function rather than per person. A user with a directly
    /// attached managed policy or an inline policy fails, naming them; a user without either
    /// passes. Policies inherited from the user's groups are not direct.
    ///
    /// CloudSploit reports such a user as a warning; stance fails it, as CIS 2.13 and the
    /// AWS Foundational Security Best Practices control IAM.2 count it noncompliant. Prowler
    /// fails each offending policy apart; stance gives one result per user naming them all.
    ///
    /// ## Remediation
    /// Create groups for the job functions, attach the policies to the groups, add the users to
    /// them, then detach the users' managed policies and delete their inline policies.
    pub(crate) CHECK {
        id: "noUserIamPolicies",
        title: "No User IAM Policies",
        severity: Low,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [("iam_policy_attached_only_to_group_or_roles", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.users().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM users found");
        }
        for user in details.users() {
            let name = &user.user_name;
            let attached = user.attached_managed_policies.iter().map(|p| format!("managed policy {}", p.policy_name));
            let inline = user.user_policy_list.iter().map(|p| format!("inline policy {}", p.policy_name));
            let direct: Vec<String> = attached.chain(inline).collect();
            if direct.is_empty() {
                findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no policies of its own"));
            } else {
                findings.fail(
                    &user.arn,
                    GLOBAL_REGION,
                    format!("User {name} has policies of its own: {}", direct.join(", ")),
                );
            }
        }
    });
}
