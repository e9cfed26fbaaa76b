use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{is_account_id, principal_account};
use crate::settings::{Setting, StringList};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_trust::{self, ForeignPrincipal, foreign_principals, join_and, trust_policy};

declare_check! {
    /// Ensures roles can be assumed from other AWS accounts only by trusted principals. A role
    /// passes when every principal of another account its trust policy lets call
    /// `sts:AssumeRole` is whitelisted (or when it trusts no other account), and fails when one
    /// is not. Principals of the role's own account are always trusted.
    ///
    /// `whitelisted_aws_account_principals` lists trusted principals: an account id or
    /// `arn:PARTITION:iam::ID:root` trusts every principal of that account, any other ARN only
    /// itself. When `whitelisted_aws_account_principals_regex` is set, it is used instead: a
    /// principal is trusted when its value as written matches. A trust open to every AWS
    /// principal (`"*"`, `{"AWS": "*"}`, with no condition confining it to named accounts) is
    /// listed as `*` and is trusted only if the whitelist names `*` itself.
    ///
    /// `iam_whitelist_aws_organization_accounts` trusts the accounts of the organization, which
    /// takes Organizations ListAccounts. stance does not collect Organizations yet: with the
    /// setting on, a role whose other principals are all whitelisted still passes, and one with a
    /// principal outside the whitelist is UNKNOWN, since that principal may be an account of the
    /// organization. CloudSploit does not count a trust of `"*"` as cross-account at all; stance
    /// does, since it admits every AWS account. A deleted principal, shown as its unique id
    /// (`AROA…`), admits no one and is not counted.
    ///
    /// ## Remediation
    /// Remove untrusted accounts from the role's trust policy, or, if they are trusted, add them to
    /// `whitelisted_aws_account_principals`.
    pub(crate) CHECK {
        id: "trustedCrossAccountRoles",
        title: "Trusted Cross Account Roles",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [WHITELIST, WHITELIST_REGEX, WHITELIST_ORGANIZATION],
    }
}

static WHITELIST: Setting<StringList> = Setting::new(
    "whitelisted_aws_account_principals",
    "",
    "Trusted principals of other accounts, comma-separated: account ids or root ARNs (the whole account), or principal ARNs.",
);

static WHITELIST_REGEX: Setting<regex::Regex> = Setting::new(
    "whitelisted_aws_account_principals_regex",
    "",
    "If set, a regular expression that trusted principals (as written in the trust policy) match, used instead of whitelisted_aws_account_principals.",
);

static WHITELIST_ORGANIZATION: Setting<bool> = Setting::new(
    "iam_whitelist_aws_organization_accounts",
    "false",
    "Trust the accounts of the account's AWS organization (not collected yet: principals outside the whitelist are then UNKNOWN).",
);

/// How a principal is judged against the whitelist.
enum Whitelist<'a> {
    Regex(&'a regex::Regex),
    List(&'a StringList),
}

impl Whitelist<'_> {
    fn trusts(&self, principal: &ForeignPrincipal) -> bool {
        match self {
            Whitelist::Regex(regex) => regex.is_match(&principal.principal),
            Whitelist::List(list) => list.items().iter().any(|item| {
                if *item == principal.principal {
                    return true;
                }
                let whole_account = if is_account_id(item) {
                    Some(item.as_str())
                } else if item.ends_with(":root") {
                    principal_account(item)
                } else {
                    None
                };
                whole_account.is_some() && whole_account == principal.account.as_deref()
            }),
        }
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let own = ctx.account_id();
    let pattern = ctx.setting(&WHITELIST_REGEX);
    let whitelist =
        if pattern.as_str().is_empty() { Whitelist::List(ctx.setting(&WHITELIST)) } else { Whitelist::Regex(pattern) };
    let organization = *ctx.setting(&WHITELIST_ORGANIZATION);
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
            let mut untrusted: Vec<String> = Vec::new();
            for principal in foreign.iter().filter(|principal| !whitelist.trusts(principal)) {
                if !untrusted.contains(&iam_trust::shown(&principal.principal)) {
                    untrusted.push(iam_trust::shown(&principal.principal));
                }
            }
            if foreign.is_empty() {
                findings.ok(&role.arn, GLOBAL_REGION, format!("Role {name} trusts no principal of another account"));
            } else if untrusted.is_empty() {
                findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} trusts only whitelisted principals of other accounts"),
                );
            } else if organization {
                let reason = Unknown::new(format!(
                    "Role {name} trusts principals outside the whitelist that may belong to accounts of the organization ({}); stance does not collect Organizations ListAccounts yet",
                    join_and(&untrusted)
                ));
                findings.unknown(&role.arn, GLOBAL_REGION, &reason);
            } else {
                findings.fail(
                    &role.arn,
                    GLOBAL_REGION,
                    format!(
                        "Role {name} trusts principals of other accounts that are not whitelisted: {}",
                        join_and(&untrusted)
                    ),
                );
            }
        }
    });
}
