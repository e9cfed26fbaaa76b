use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no customer-managed policy lets its holder pass every role of the account to
    /// Bedrock AgentCore. AgentCore runtimes, gateways, code interpreters and browsers act with
    /// the role named when they are created, so a holder who may pass any role can run agent
    /// code with an administrator's role: a privilege escalation.
    ///
    /// A policy fails when one statement allows `iam:PassRole` (by name, by a wildcard such as
    /// `iam:*` or `*`, or through a NotAction that does not exclude it) on a Resource that takes
    /// in every role of the account (`*`, `arn:aws:iam::*:role/*`, NotResource), no Deny of the
    /// policy that applies to AgentCore takes it away, and the statement can reach AgentCore:
    /// either an `iam:PassedToService` condition names `bedrock-agentcore.amazonaws.com`, or no
    /// such condition keeps AgentCore out and the policy also allows some Bedrock AgentCore action
    /// (any `bedrock-agentcore:` action, since new resource types keep taking roles). It passes
    /// when PassRole is limited to the roles it names (a name prefix such as
    /// `role/AgentCoreEvaluationRole*`, the scope of AWS's AgentCore Evaluations policy,
    /// included), pinned to other services, or unpinned in a policy that allows no AgentCore
    /// action. When a role is passed to AgentCore the request carries `iam:PassedToService` with
    /// AgentCore's principal, so a condition is judged by whether its values admit it:
    /// `StringNotEquals` of another service admits it, `…IfExists` and the set qualifiers change
    /// nothing, `Null: true` on the key keeps it out. A Deny counts when it has no Condition, or
    /// only `iam:PassedToService` tests that AgentCore meets; other Conditions on a Deny leave the
    /// grant to the requests they do not match, and a Condition on the grant does not make it
    /// narrow. Every customer-managed policy is judged at its default version, attached or not.
    ///
    /// Prowler leaves `Action: "*"` and `*:*` to the administrator checks where stance counts them,
    /// reports NotAction grants as MANUAL where stance evaluates them, reads an `…IfExists` or
    /// `ForAllValues:` pin to another service as reaching AgentCore unless a `Null` test guards it,
    /// credits only an unconditioned Deny on Resource `*` (stance also credits a Deny conditioned
    /// on AgentCore as the passed-to service), and skips unattached policies unless run with
    /// `--scan-unused-services`.
    ///
    /// ## Remediation
    /// Name in the statement's Resource the execution roles AgentCore is meant to run as (their
    /// ARNs or a role-name prefix), and add a `StringEquals` condition on `iam:PassedToService`
    /// with `bedrock-agentcore.amazonaws.com`, so that no other role can be handed to AgentCore and
    /// these roles to no other service.
    pub(crate) CHECK {
        id: "customerPolicyAgentCorePassRole",
        title: "Customer Policy AgentCore PassRole",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_policy_passrole_to_bedrock_agentcore_restricted", Differently("Prowler leaves Action * to the administrator checks, reports NotAction as MANUAL, reads an IfExists or ForAllValues pin to another service as reaching AgentCore, credits only an unconditioned Deny on * and skips unattached policies by default; stance judges the pin by the value AgentCore's request carries and reads NotAction and Denies by the policy module")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Customer, |document| {
        iam_grants::agentcore_pass_role(document, ctx.partition(), ctx.account_id())
    });
}
