use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures every IAM role carries at least one tag, so that its owner and purpose can be
    /// found and tag-based access control and cost allocation apply to it. A role without tags
    /// fails; a tagged role passes.
    ///
    /// Service-linked roles are judged too: the IAM API reference for TagRole says the role may
    /// be a regular role or a service-linked role, so their owners can tag them.
    ///
    /// ## Remediation
    /// Tag each listed role (`aws iam tag-role`) with the keys your organization uses, such as
    /// owner, application and environment.
    pub(crate) CHECK {
        id: "iamRoleHasTags",
        title: "IAM Role Has Tags",
        severity: Low,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.roles().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM roles found");
        }
        for role in details.roles() {
            let name = &role.role_name;
            match role.tags.len() {
                0 => findings.fail(&role.arn, GLOBAL_REGION, format!("Role {name} has no tags")),
                count => {
                    findings.ok(&role.arn, GLOBAL_REGION, format!("Role {name} has {}", plural(count as i64, "tag")))
                }
            }
        }
    });
}
