use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures IAM groups get their permissions from managed policies rather than inline
    /// policies. An inline policy lives inside one group: it cannot be reused, versioned or
    /// rolled back, and is easy to overlook in a review. A group with one or more inline policies
    /// fails; a group with only managed policies, or none, passes.
    ///
    /// ## Remediation
    /// Recreate each inline policy as a customer-managed policy, attach it to the group, and
    /// delete the inline policy.
    pub(crate) CHECK {
        id: "groupInlinePolicies",
        title: "Group Inline Policies",
        severity: Low,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.groups().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM groups found");
        }
        for group in details.groups() {
            let name = &group.group_name;
            if group.group_policy_list.is_empty() {
                findings.ok(&group.arn, GLOBAL_REGION, format!("Group {name} has no inline policies"));
            } else {
                let policies: Vec<&str> = group.group_policy_list.iter().map(|p| p.policy_name.as_str()).collect();
                findings.fail(
                    &group.arn,
                    GLOBAL_REGION,
                    format!("Group {name} has inline policies: {}", policies.join(", ")),
                );
            }
        }
    });
}
