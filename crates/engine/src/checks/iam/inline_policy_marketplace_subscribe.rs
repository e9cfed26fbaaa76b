use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_grants::{self, Scope};

declare_check! {
    /// Ensures no inline policy of a user, group or role lets its holder subscribe to any AWS Marketplace product, which includes
    /// enabling paid third-party Amazon Bedrock models. aws-marketplace:Subscribe has no resource
    /// type, so its Resource is always `*`; AWS scopes it with the `aws-marketplace:ProductId`
    /// condition key instead. A policy fails when an Allow grants the action (by name, by a
    /// wildcard such as `aws-marketplace:*` or `*`, or through a NotAction that does not exclude
    /// it) without a ProductId condition naming the products, and no Deny without a Condition
    /// takes it away. Policies that do not allow it, deny it, or name the products pass.
    /// Results name an inline policy as its owner's ARN followed by `:inline-policy/NAME`.
    ///
    /// Prowler fails every Allow of the action on `*`, a ProductId condition or not, and asks
    /// for product ARNs in Resource, which this action does not take; stance passes a grant
    /// confined by a positive ProductId test (`StringEquals`, `StringLike` without a bare
    /// `*`, not `…IfExists` or `ForAllValues:`, which admit requests without the key), as
    /// AWS's Bedrock model-access examples scope it. Any other Condition does not make it pass,
    /// and a conditioned Deny leaves the action to the requests it does not match.
    ///
    /// ## Remediation
    /// Add a `ForAnyValue:StringEquals` condition on `aws-marketplace:ProductId` listing the
    /// approved products to each statement that allows aws-marketplace:Subscribe, or remove the
    /// action and leave subscriptions to an administrator role.
    pub(crate) CHECK {
        id: "inlinePolicyMarketplaceSubscribe",
        title: "Inline Policy Marketplace Subscribe",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_inline_policy_no_wildcard_marketplace_subscribe", Differently("Prowler fails an Allow of aws-marketplace:Subscribe on * even when an aws-marketplace:ProductId condition names the products; stance passes such a grant, since AWS scopes this action, which takes no resource ARN, by that key")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_grants::judge_policies(ctx, findings, Scope::Inline, iam_grants::marketplace_subscribe);
}
