use crate::analysis::resource_policy::report_public;
use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::secretsmanager::{GET_RESOURCE_POLICY, LIST_SECRETS};

declare_check! {
    /// Ensures no Secrets Manager secret's resource policy lets everyone read or change it. A
    /// secret fails when an Allow statement names everyone (`"*"`, `{"AWS": "*"}`,
    /// `arn:aws:iam::*:root` or another wildcard, or NotPrincipal) and neither one of its
    /// conditions nor a Deny of the policy confines it; it passes when every such grant is
    /// confined, or there is none, or the secret has no resource policy (then only principals of
    /// the account that IAM allows can use it). A condition confines when it tests with fixed
    /// values (a positive operator, no catch-all value) a key that names the caller, its account,
    /// organization or network (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:SourceVpce`,
    /// …), as for KMS keys.
    ///
    /// CloudSploit has no such plugin. Prowler counts any value of its condition keys as
    /// restricting, even `*`, and gives no result for a secret without a policy or whose policy
    /// cannot be read; here a wildcard confines nothing, a secret without a policy passes (it is
    /// not public, by the IAM policy evaluation logic), and an unreadable policy is UNKNOWN.
    ///
    /// ## Remediation
    /// Replace the grant to everyone with the accounts or roles that need the secret, or confine it
    /// with `aws:PrincipalOrgID` or `aws:SourceVpce`: `aws secretsmanager put-resource-policy
    /// --block-public-policy` refuses a policy that is public.
    pub(crate) CHECK {
        id: "secretsManagerPublicAccess",
        title: "Secrets Manager Public Access",
        severity: High,
        reads: [LIST_SECRETS, GET_RESOURCE_POLICY],
        run,
        aliases: [
            ("secretsmanager_not_publicly_accessible", Differently("Prowler counts any value of its condition keys as restricting, even \"*\", and reports nothing for a secret without a policy; stance counts only fixed values under positive operators, by the IAM reference's condition semantics, and passes a secret without a policy")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(LIST_SECRETS, findings, |region, data, findings| {
        for secret in &data.secret_list {
            let arn = secret.arn.as_str();
            let read = ctx
                .read_resource(GET_RESOURCE_POLICY, arn)
                .1
                .and_then(|policy| policy.ok_or_else(|| not_configured(GET_RESOURCE_POLICY.id)));
            let label = format!("Secrets Manager secret {}", secret.name);
            let text = read.as_ref().map(|policy| policy.resource_policy.as_deref()).map_err(Clone::clone);
            report_public(findings, arn, region, &label, text, &[]);
        }
    });
}
