use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{Setting, StringList};
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS};

declare_check! {
    /// Ensures every IAM role carries the policies your organization requires of all roles
    /// (for example a deny guardrail), named in `iam_required_policy_names`. A role missing
    /// any of them, as an attached managed policy or an inline policy of that name, fails; a role
    /// carrying all of them passes. Nothing is reported while the setting is empty.
    ///
    /// Service-linked roles (path `/aws-service-role/`) and the roles IAM Identity Center
    /// creates for permission sets (path `/aws-reserved/sso.amazonaws.com/`) are not judged: IAM
    /// refuses to change their policies (the owning service, or the permission set in Identity
    /// Center, defines them), so no one could make them pass. CloudSploit judges them too.
    ///
    /// ## Remediation
    /// Attach the missing policies to each listed role, or add them to the templates the roles
    /// are created from.
    pub(crate) CHECK {
        id: "iamPoliciesPresent",
        title: "IAM Policies Present",
        severity: Low,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [REQUIRED],
    }
}

static REQUIRED: Setting<StringList> = Setting::new(
    "iam_required_policy_names",
    "",
    "The names of the policies (managed or inline) every IAM role must have, separated by commas.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let required = ctx.setting(&REQUIRED);
    if required.items().is_empty() {
        return;
    }
    iam_authorization::with_details(ctx, findings, |details, findings| {
        for role in details.roles() {
            if role.is_service_linked() || role.is_identity_center() {
                continue;
            }
            let attached = role.attached_managed_policies.iter().map(|p| p.policy_name.as_str());
            let names: Vec<&str> =
                attached.chain(role.role_policy_list.iter().map(|p| p.policy_name.as_str())).collect();
            let missing: Vec<&str> =
                required.items().iter().map(String::as_str).filter(|name| !names.contains(name)).collect();
            let name = &role.role_name;
            if missing.is_empty() {
                findings.ok(&role.arn, GLOBAL_REGION, format!("Role {name} has every required policy"));
            } else {
                findings.fail(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} lacks the required policies: {}", missing.join(", ")),
                );
            }
        }
    });
}
