use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no customer-managed policy lets its holder obtain a Bedrock AgentCore workload
    /// access token for every workload identity of the account. A workload access token carries
    /// an agent's identity (and, for `GetWorkloadAccessTokenForJWT` and
    /// `GetWorkloadAccessTokenForUserId`, a user's), and unlocks the OAuth tokens and API keys
    /// AgentCore Identity keeps for that agent and user; `GetWorkloadAccessTokenForUserId` takes
    /// a user id AgentCore does not verify, so the IAM scope of these actions is what binds them.
    ///
    /// A policy fails when it allows `bedrock-agentcore:GetWorkloadAccessToken`,
    /// `…ForJWT` or `…ForUserId` (by name, by a wildcard such as `bedrock-agentcore:*` or `*`, or
    /// through a NotAction that does not exclude it) on a Resource that takes in every workload
    /// identity of the account in some region: `*`, NotResource, or an ARN whose workload
    /// identity name is left to wildcards, such as
    /// `arn:aws:bedrock-agentcore:REGION:ACCOUNT:workload-identity-directory/default/workload-identity/*`,
    /// `…:workload-identity-directory/*` or `arn:aws:bedrock-agentcore:*:*:*`. A grant an
    /// unconditioned Deny of the same policy takes away does not count; a Condition on the grant
    /// does not make it narrow. Accepted as scoped are ARNs of the `workload-identity` resource
    /// type of the Service Authorization Reference,
    /// `arn:aws:bedrock-agentcore:REGION:ACCOUNT:workload-identity-directory/default/workload-identity/NAME`,
    /// with a pattern within the name allowed (`…/workload-identity/agentName-*`, the form of
    /// AWS's AgentCore Runtime execution-role policy, since Runtime names an agent's identities
    /// after the agent), and the directory ARN
    /// (`…:workload-identity-directory/default`) beside them. Each account has one directory,
    /// `default`, and these actions take a workload name, not an ARN, so they act on the caller's
    /// own account: grants on other accounts' identities are not counted. Every customer-managed
    /// policy is judged at its default version, attached or not (an unattached one grants this
    /// to whoever it is attached to next).
    ///
    /// Prowler passes any Resource confined to the `workload-identity-directory` namespace, so
    /// `…/workload-identity/*`, which takes in every agent's identity, passes there and fails
    /// here. It also leaves `Action: "*"` and `*:*` to the administrator checks where stance
    /// counts them, reports NotAction grants as MANUAL where stance evaluates them, credits only an
    /// unconditioned Deny on Resource `*` where stance evaluates every Deny against the
    /// resources, and skips unattached policies unless run with `--scan-unused-services`.
    ///
    /// ## Remediation
    /// List in the statement's Resource the workload identities the policy's holders act as,
    /// `arn:aws:bedrock-agentcore:REGION:ACCOUNT:workload-identity-directory/default/workload-identity/NAME`
    /// (or the agent's name prefix), beside the directory ARN
    /// `arn:aws:bedrock-agentcore:REGION:ACCOUNT:workload-identity-directory/default`, instead of
    /// `*` or `workload-identity/*`. Where a user's JWT is always at hand, prefer
    /// `GetWorkloadAccessTokenForJWT` and leave `GetWorkloadAccessTokenForUserId` out.
    pub(crate) CHECK {
        id: "customerPolicyAgentCoreTokenWildcard",
        title: "Customer Policy AgentCore Token Wildcard",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_policy_no_agentcore_workload_access_token_wildcard", Differently("Prowler passes any Resource within the workload-identity-directory namespace, workload-identity/* included, leaves Action * to the administrator checks, reports NotAction as MANUAL, credits only an unconditioned Deny on * and skips unattached policies by default; stance fails grants on every workload identity of the account and reads wildcards, NotAction and Denies by the policy module")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Customer, |document| {
        iam_grants::agentcore_token_access(document, ctx.partition(), ctx.account_id())
    });
}
