use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures every IAM group has at least one member. An empty group grants nothing today, but
    /// it is one more set of permissions to review, and adding a user to it later grants whatever
    /// it has accumulated. A group with no members warns; a group with members passes.
    /// Membership is read from each user's group list in GetAccountAuthorizationDetails.
    ///
    /// ## Remediation
    /// Delete groups that no longer have a purpose (detach their policies and delete their inline
    /// policies first), or add the users who should hold their permissions.
    pub(crate) CHECK {
        id: "emptyGroups",
        title: "Empty Groups",
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
            match details.members(group).count() {
                0 => findings.warn(&group.arn, GLOBAL_REGION, format!("Group {name} has no members")),
                count => findings.ok(
                    &group.arn,
                    GLOBAL_REGION,
                    format!("Group {name} has {}", plural(count as i64, "member")),
                ),
            }
        }
    });
}
