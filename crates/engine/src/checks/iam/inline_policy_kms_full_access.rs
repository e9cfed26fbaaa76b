use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no inline policy of a user, group or role allows every KMS action on every resource. A policy fails when an Allow
    /// statement grants `kms:*` (or `*`, or a NotAction that leaves KMS whole) on `*` and no
    /// Deny without a Condition in the policy takes any KMS action away; it warns when such a Deny
    /// narrows the grant; policies with narrower KMS rights pass.
    /// Results name an inline policy as its owner's ARN followed by `:inline-policy/NAME`.
    ///
    /// A Condition on the Allow does not make it pass: for the requests that meet it, the grant is
    /// full access. Prowler, which expands actions from its catalogue, passes a policy as soon as
    /// any Deny removes one KMS action, even a Deny with a Condition or limited to one resource;
    /// by the IAM policy evaluation logic a conditioned Deny applies only to the requests that
    /// meet its condition and leaves full access to every other, so stance still fails it, and an
    /// unconditioned Deny narrows the grant without removing it, so stance warns.
    ///
    /// ## Remediation
    /// Grant the KMS actions the policy's holders use, on the resources they use them on, instead
    /// of `kms:*`; keep full KMS access to a few administrator roles.
    pub(crate) CHECK {
        id: "inlinePolicyKmsFullAccess",
        title: "Inline Policy KMS Full Access",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_inline_policy_no_full_access_to_kms", Differently("Prowler passes a policy once any Deny, conditioned or limited to some resources, removes one KMS action; stance fails a grant that only conditioned Denies limit and warns where an unconditioned Deny narrows it")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Inline, |document| {
        iam_grants::full_service_access(document, "kms", "KMS")
    });
}
