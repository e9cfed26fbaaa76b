use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no customer-managed policy lets its holder raise its own privileges. Each
    /// customer-managed policy, attached or not, is judged at its default version: one that
    /// allows every action of a known privilege-escalation path fails, naming the paths; others
    /// pass. An unattached policy grants nothing today, but whoever it is attached to next gets
    /// the path, so it is judged too (its message says it is unattached).
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
    /// Prowler skips unattached customer-managed policies unless run with
    /// `--scan-unused-services`, expands wildcards against its catalogue of IAM actions and tests
    /// a larger table of combinations without regard to resources. stance reads the resources of
    /// each grant and Deny, so the two disagree on such policies and on the paths only one table
    /// has.
    ///
    /// ## Remediation
    /// Remove the escalation actions from the policy, or limit them to the resources they are
    /// meant for: name the roles `iam:PassRole` may pass (and pin `iam:PassedToService`), and
    /// the policies and users the IAM write actions may touch. Delete unattached policies nothing
    /// needs.
    pub(crate) CHECK {
        id: "customerPolicyPrivilegeEscalation",
        title: "Customer Policy Privilege Escalation",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_policy_allows_privilege_escalation", Differently("Prowler skips unattached policies by default, tests a larger table of action combinations expanded from its action catalogue and ignores the resources of grants and Denies; stance judges every customer-managed policy with the policy module's paths, counting an action only on resources no unconditioned Deny covers")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Customer, iam_grants::privilege_escalation);
}
