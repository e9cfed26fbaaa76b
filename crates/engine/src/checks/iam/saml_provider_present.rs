use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_lists::LIST_SAML_PROVIDERS;

declare_check! {
    /// Ensures the account has a SAML identity provider, the sign that people reach it through
    /// federated, centrally managed identities rather than long-lived IAM users. Each SAML
    /// provider passes (IAM Identity Center's `AWSSSO_…` providers included); an account with
    /// none fails.
    ///
    /// Prowler fails the account as having no providers when ListSAMLProviders fails with any
    /// error but AccessDenied (a throttled or failed call); stance says UNKNOWN for any failed
    /// call, since an unanswered list says nothing about the providers.
    ///
    /// ## Remediation
    /// Set up federation: enable IAM Identity Center for the organization, or add your identity
    /// provider as a SAML provider in IAM and let people assume roles through it.
    pub(crate) CHECK {
        id: "samlProviderPresent",
        title: "SAML Provider Present",
        severity: Low,
        reads: [LIST_SAML_PROVIDERS],
        run,
        aliases: [
            ("iam_check_saml_providers_sts", Differently("When ListSAMLProviders fails with an error other than AccessDenied, Prowler fails the account as having no SAML providers; stance says UNKNOWN")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let list = match ctx.read_configured(LIST_SAML_PROVIDERS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    };
    if list.saml_provider_list.is_empty() {
        return findings.fail(ctx.account_arn(), GLOBAL_REGION, "The account has no SAML identity provider");
    }
    for provider in &list.saml_provider_list {
        findings.ok(provider.arn.clone(), GLOBAL_REGION, format!("SAML provider {} is configured", provider.name()));
    }
}
