use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::{BaseOperator, Condition, SetOperator, Statement};
use crate::views::iam_trust::{self, foreign_principals, join_and, trust_policy};

declare_check! {
    /// Ensures every role that principals of other AWS accounts may assume requires them to
    /// use MFA or to present an external ID. A role passes when its trust policy admits no
    /// principal outside the account, or when each statement admitting one has such a
    /// condition; it fails when some statement admits a principal of another account (an account
    /// id, `arn:aws:iam::ID:root`, a user or role in it) or every AWS principal (`"*"`,
    /// `{"AWS": "*"}`) without one.
    ///
    /// The guards are the ones the IAM User Guide documents for cross-account access:
    /// `Bool aws:MultiFactorAuthPresent "true"` (or `NumericLessThan aws:MultiFactorAuthAge`,
    /// a key present only after MFA) for people, and `StringEquals sts:ExternalId` for third
    /// parties. A `…IfExists` form, `ForAllValues:`, or an external ID that is only wildcards
    /// admits requests without MFA or without the ID, so it does not count. Only Allow
    /// statements that grant `sts:AssumeRole` (or a glob covering it) are read; a Deny or an
    /// `sts:TagSession` grant admits no one.
    ///
    /// CloudSploit counts only account ARNs and 12-digit account ids as cross-account, so a
    /// trust of `"*"` without a condition passes there although it admits every AWS account;
    /// stance fails it. CloudSploit also reads Deny statements as grants and looks only at
    /// `Bool` and `StringEquals`; stance reads the conditions as IAM evaluates them. A principal
    /// shown as a unique id (`AROA…`) is one that was deleted: no one can assume the role
    /// through it, so it is not counted.
    ///
    /// ## Remediation
    /// Add a condition to each statement that trusts another account: `"Bool":
    /// {"aws:MultiFactorAuthPresent": "true"}` for people who sign in, or `"StringEquals":
    /// {"sts:ExternalId": "…"}` with the ID agreed with the third party; or remove the trust.
    pub(crate) CHECK {
        id: "crossAccountMfaExtIdAccess",
        title: "Cross-Account Access External ID and MFA",
        severity: Medium,
        reads: [crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
    }
}

/// Whether the statement admits only requests made with MFA.
fn requires_mfa(condition: &Condition) -> bool {
    let operator = &condition.operator;
    let plain = !operator.if_exists && operator.set.is_none() && !condition.values.is_empty();
    let present = condition.key_is("aws:MultiFactorAuthPresent")
        && operator.base == BaseOperator::Bool
        && condition.values.iter().all(|value| value.eq_ignore_ascii_case("true"));
    let age = condition.key_is("aws:MultiFactorAuthAge")
        && matches!(operator.base, BaseOperator::NumericLessThan | BaseOperator::NumericLessThanEquals);
    plain && (present || age)
}

/// Whether the statement admits only requests presenting one of fixed external IDs.
fn requires_external_id(condition: &Condition) -> bool {
    let operator = &condition.operator;
    let positive = matches!(
        operator.base,
        BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringLike
    );
    let only_wildcards = |value: &str| value.chars().all(|c| c == '*' || c == '?');
    let fixed =
        |value: &String| !value.is_empty() && (operator.base != BaseOperator::StringLike || !only_wildcards(value));
    condition.key_is("sts:ExternalId")
        && positive
        && !operator.if_exists
        && operator.set != Some(SetOperator::ForAllValues)
        && !condition.values.is_empty()
        && condition.values.iter().all(fixed)
}

fn guarded(statement: &Statement) -> bool {
    statement.conditions.iter().any(|condition| requires_mfa(condition) || requires_external_id(condition))
}

fn run(ctx: &Context, findings: &mut Findings) {
    let own = ctx.account_id();
    crate::views::iam_authorization::with_details(ctx, findings, |details, findings| {
        for role in details.roles() {
            let name = &role.role_name;
            let document = match trust_policy(role) {
                Ok(document) => document,
                Err(reason) => {
                    findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                    continue;
                }
            };
            let foreign = foreign_principals(document, own);
            let mut unguarded: Vec<String> = Vec::new();
            for principal in &foreign {
                if !guarded(&document.statements[principal.statement])
                    && !unguarded.contains(&iam_trust::shown(&principal.principal))
                {
                    unguarded.push(iam_trust::shown(&principal.principal));
                }
            }
            if !unguarded.is_empty() {
                findings.fail(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} trusts {} without requiring MFA or an external ID", join_and(&unguarded)),
                );
            } else if foreign.is_empty() {
                findings.ok(&role.arn, GLOBAL_REGION, format!("Role {name} trusts no principal of another account"));
            } else {
                findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!(
                        "Role {name} requires MFA or an external ID of every principal of another account it trusts"
                    ),
                );
            }
        }
    });
}
