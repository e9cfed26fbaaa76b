use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_trust::{
    SourceBinding, is_plain_service_role, join_and, service_statements, services, source_binding, statement_name,
    trust_policy,
};

declare_check! {
    /// Ensures that where a role's trust policy lets an AWS service principal assume it, the
    /// conditions confine the service's requests to sources in known accounts: `aws:SourceAccount`
    /// with account ids, `aws:SourceArn` with ARNs that each name an account
    /// (`arn:aws:sns:us-east-1:111122223333:topic`, `arn:aws:sns:*:111122223333:*`), or
    /// `aws:SourceOrgID` / `aws:SourceOrgPaths`. A role passes when every statement letting a
    /// service call `sts:AssumeRole` is so confined, and fails when one is not: no condition, a
    /// condition that confines nothing (negated, `…IfExists`, `ForAllValues:`, catch-all
    /// values), or one that names a resource but no account, such as an S3 bucket ARN (bucket
    /// ARNs hold no account, and a deleted bucket's name can be taken by anyone; the IAM User
    /// Guide asks for `aws:SourceAccount` beside it).
    ///
    /// It complements serviceRoleConfusedDeputy, which fails service roles (trusting only
    /// services) with a statement that has no source condition at all: such roles get no result
    /// here. Every other role trusting a service is judged here, including roles that trust a
    /// service and an AWS principal together, which serviceRoleConfusedDeputy does not look at.
    /// Service-linked roles are skipped: AWS owns their trust policies. Prowler's check passes a
    /// service role with one confined statement beside an unconditioned one, and judges here the
    /// service roles its own confused-deputy check leaves out (a trust policy with a Deny);
    /// stance reports every service role with an unconditioned statement once, in
    /// serviceRoleConfusedDeputy, as a failure.
    ///
    /// ## Remediation
    /// Add `"StringEquals": {"aws:SourceAccount": "ACCOUNT_ID"}` to each statement trusting a
    /// service (beside any `aws:SourceArn` that names no account), or use `aws:SourceArn` values
    /// with the account in them, or `aws:SourceOrgID` for services acting across the organization.
    pub(crate) CHECK {
        id: "serviceRoleTrustSourceAccount",
        title: "Service Trust Restricts Source Account",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_role_service_trust_restricts_source_to_account", Differently("Prowler passes a service role whose other statement trusts the service unconditionally and judges here service roles its confused-deputy check skips; stance leaves every service role with an unconditioned statement to serviceRoleConfusedDeputy, which fails it")),
        ],
    }
}

fn describe(binding: &SourceBinding) -> String {
    match binding {
        SourceBinding::Unbound => "no condition confining the source".to_owned(),
        SourceBinding::Resource(conditions) => format!("{}, which names no account", join_and(conditions)),
        SourceBinding::Accounts(accounts) => {
            let noun = if accounts.len() == 1 { "source account" } else { "source accounts" };
            format!("{noun} {}", accounts.iter().cloned().collect::<Vec<_>>().join(", "))
        }
        SourceBinding::Organization(conditions) => join_and(conditions),
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    crate::views::iam_authorization::with_details(ctx, findings, |details, findings| {
        for role in details.roles().iter().filter(|role| !role.is_service_linked()) {
            let name = &role.role_name;
            let document = match trust_policy(role) {
                Ok(document) => document,
                Err(reason) => {
                    findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                    continue;
                }
            };
            let statements: Vec<_> = service_statements(document)
                .map(|(index, statement)| (index, statement, source_binding(statement)))
                .collect();
            if statements.is_empty() {
                continue;
            }
            let sibling_fails = statements.iter().any(|(_, _, binding)| !binding.is_guarded());
            if sibling_fails && is_plain_service_role(role, document) {
                // serviceRoleConfusedDeputy fails this role.
                continue;
            }
            let loose: Vec<String> = statements
                .iter()
                .filter(|(_, _, binding)| !binding.confines_to_accounts())
                .map(|(index, statement, binding)| {
                    format!(
                        "{} ({}) has {}",
                        statement_name(*index, statement),
                        services(statement).join(", "),
                        describe(binding)
                    )
                })
                .collect();
            if loose.is_empty() {
                let bindings: Vec<String> = statements.iter().map(|(_, _, binding)| describe(binding)).collect();
                let mut unique: Vec<String> = Vec::new();
                bindings.into_iter().for_each(|b| {
                    if !unique.contains(&b) {
                        unique.push(b)
                    }
                });
                findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} confines every service it trusts to {}", join_and(&unique)),
                );
            } else {
                findings.fail(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} lets a service assume it for sources in any account: {}", join_and(&loose)),
                );
            }
        }
    });
}
