use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_trust::{
    is_plain_service_role, join_and, service_statements, services, source_binding, statement_name, trust_policy,
};

declare_check! {
    /// Ensures service roles guard against the cross-service confused deputy: a service such as
    /// SNS or CloudFormation, told by someone in another account to act on their resource, could
    /// otherwise assume this account's role for them. The check looks at service roles, roles
    /// (not service-linked) whose trust policy lets only AWS service principals assume them. A
    /// role fails when a statement lets a service call `sts:AssumeRole` with no condition on
    /// `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`, the keys
    /// the IAM User Guide documents for this; it passes when every such statement has one. A
    /// negated operator, `…IfExists`, `ForAllValues:` or a catch-all value (`*`,
    /// `arn:aws:sns:*:*:*`) confines nothing and does not count. Whether the guard names an
    /// account is judged by serviceRoleTrustSourceAccount.
    ///
    /// Service-linked roles are skipped: AWS owns their trust policies and they cannot be edited.
    /// Prowler treats a role as a service role only when every statement of its trust policy is
    /// an Allow of an action spelled `sts:AssumeRole`, `sts:*` or `*`, so a role whose trust
    /// policy also holds a Deny, or grants `sts:TagSession` in a statement of its own, is not
    /// checked there; stance checks it, since neither changes who may assume the role.
    ///
    /// ## Remediation
    /// Add a condition to each statement trusting a service: `"StringEquals":
    /// {"aws:SourceAccount": "ACCOUNT_ID"}`, and where the calling resource is known,
    /// `"ArnLike": {"aws:SourceArn": "arn:aws:SERVICE:REGION:ACCOUNT_ID:RESOURCE"}`.
    pub(crate) CHECK {
        id: "serviceRoleConfusedDeputy",
        title: "Service Role Confused Deputy Prevention",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        aliases: [
            ("iam_role_cross_service_confused_deputy_prevention", Differently("Prowler skips roles whose trust policy also holds a Deny or a statement granting another sts action, which stance checks; stance does not count negated, IfExists or ForAllValues conditions nor catch-all values as guards")),
        ],
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
            if !is_plain_service_role(role, document) {
                continue;
            }
            let mut unguarded = Vec::new();
            let mut trusted = Vec::new();
            for (index, statement) in service_statements(document) {
                for service in services(statement) {
                    if !trusted.contains(service) {
                        trusted.push(service.clone());
                    }
                }
                if !source_binding(statement).is_guarded() {
                    unguarded.push(format!(
                        "{} ({})",
                        statement_name(index, statement),
                        services(statement).join(", ")
                    ));
                }
            }
            if unguarded.is_empty() {
                findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!(
                        "Service role {name} lets {} assume it only for sources its conditions name",
                        join_and(&trusted)
                    ),
                );
            } else {
                findings.fail(
                    &role.arn,
                    GLOBAL_REGION,
                    format!(
                        "Service role {name} lets a service assume it for any source account: {} has no condition confining aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths",
                        join_and(&unguarded)
                    ),
                );
            }
        }
    });
}
