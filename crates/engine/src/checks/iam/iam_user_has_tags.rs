use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures every IAM user carries at least one tag, so that the person or system behind it
    /// can be found and tag-based access control applies to it. A user without tags fails; a
    /// tagged user passes.
    ///
    /// ## Remediation
    /// Tag each listed user (`aws iam tag-user`) with the keys your organization uses, such as
    /// owner, team and purpose.
    pub(crate) CHECK {
        id: "iamUserHasTags",
        title: "IAM User Has Tags",
        severity: Low,
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
            match user.tags.len() {
                0 => findings.fail(&user.arn, GLOBAL_REGION, format!("User {name} has no tags")),
                count => {
                    findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has {}", plural(count as i64, "tag")))
                }
            }
        }
    });
}
