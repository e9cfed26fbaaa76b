use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no inline policy of a user, group or role lets its holder raise its own
    /// privileges. An inline policy that allows every action of a known privilege-escalation
    /// path fails, naming the paths; other inline policies pass. Results name the policy as its
    /// owner's ARN followed by `:inline-policy/NAME`.
    ///
    /// The paths are those of the policy module (after Rhino Security Labs' and Bishop Fox's
    /// research): changing a managed policy's default version, attaching or writing policies,
    /// joining a group, creating another user's keys or password, rewriting a trust policy and
    /// assuming the role, and passing a role to a compute service that then runs code (EC2,
    /// Lambda, Glue, CloudFormation, Data Pipeline, CodeBuild, SageMaker, ECS). An action counts
    /// when the policy allows it on some resource that no unconditioned Deny of the same policy
    /// covers; a Condition on the grant does not stop a path, since some requests meet it.
    /// Keys and passwords limited to the caller's own user (`${aws:username}`) are not a path.
    ///
    /// Prowler expands wildcards against its catalogue of IAM actions and tests a larger table of
    /// combinations (launch-template and stack updates, Glue jobs, Lambda configuration), without
    /// regard to resources: it counts `iam:CreateAccessKey` on the caller's own user, and a
    /// Deny limited to some resources takes the action away everywhere. stance reads the
    /// resources of each grant and Deny, so the two disagree on such policies and on the paths
    /// only one table has.
    ///
    /// ## Remediation
    /// Remove the escalation actions from the policy, or limit them to the resources they are
    /// meant for: name the roles `iam:PassRole` may pass (and pin `iam:PassedToService`), and
    /// the policies and users the IAM write actions may touch.
    pub(crate) CHECK {
        id: "inlinePolicyPrivilegeEscalation",
        title: "Inline Policy Privilege Escalation",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_inline_policy_allows_privilege_escalation", Differently("Prowler tests a larger table of action combinations expanded from its action catalogue and ignores the resources of grants and Denies; stance tests the policy module's paths, counts an action only on resources no unconditioned Deny covers, and does not count keys or passwords limited to the caller's own user")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Inline, iam_grants::privilege_escalation);
}
