use stance_snapshot::GLOBAL_REGION;

use crate::analysis::organizations::membership;
use crate::analysis::resource_policy::parse_policy;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{Decision, evaluate, grantees};
use crate::views::governance::{DESCRIBE_ORGANIZATION, DESCRIBE_RESOURCE_POLICY};

/// The Organizations actions that manage policies (service control, tag, backup, AI opt-out
/// and the other policy types): what a delegated policy administrator is given.
const POLICY_MANAGEMENT: &[&str] = &[
    "organizations:CreatePolicy",
    "organizations:UpdatePolicy",
    "organizations:DeletePolicy",
    "organizations:AttachPolicy",
    "organizations:DetachPolicy",
];

declare_check! {
    /// Ensures an organization's policies (service control, resource control, tag, backup and the
    /// other policy types) are administered from a delegated administrator account rather than
    /// from the management account, as CIS 2.1.5 asks. The delegation is the organization's
    /// resource policy (Organizations DescribeResourcePolicy): the organization passes when it
    /// lets a member account manage policies (`organizations:CreatePolicy`, `UpdatePolicy`,
    /// `DeletePolicy`, `AttachPolicy` or `DetachPolicy`, not denied by the same policy), and
    /// fails when there is no resource policy (`ResourcePolicyNotFoundException`) or it grants
    /// members only read access.
    ///
    /// The check judges from the management account, the only one that sees the whole
    /// delegation: outside an organization, and in a member account (a delegated administrator
    /// included), it gives no result. In the management account, a resource policy that cannot
    /// be read is UNKNOWN. Prowler maps its delegated-administrator check to this control, with
    /// the opposite verdict (see organizationsDelegatedAdmins); CloudSploit has none.
    ///
    /// ## Remediation
    /// From the management account, attach a resource policy delegating policy management to
    /// the administrator account: `aws organizations put-resource-policy --content file://
    /// delegation.json`, whose statement allows that account's root
    /// `organizations:CreatePolicy`, `UpdatePolicy`, `DeletePolicy`, `AttachPolicy`,
    /// `DetachPolicy` and the `Describe*`/`List*` actions they need.
    pub(crate) CHECK {
        id: "organizationsDelegatedPolicyAdmin",
        title: "Organizations Delegated Policy Administrator",
        severity: Medium,
        reads: [DESCRIBE_ORGANIZATION, DESCRIBE_RESOURCE_POLICY],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let Some(membership) = membership(ctx, findings) else { return };
    if !membership.is_management {
        return;
    }
    let (arn, organization) = (membership.arn().to_owned(), membership.id().to_owned());
    let policy = match ctx.read(DESCRIBE_RESOURCE_POLICY, GLOBAL_REGION) {
        Ok(Some(policy)) => policy,
        Ok(None) => {
            return findings.fail(
                arn,
                GLOBAL_REGION,
                format!("Organization {organization} has no resource policy: its policies are administered from the management account only"),
            );
        }
        Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
    };
    let label = format!("organization {organization}");
    let Some(content) = policy.resource_policy.content.as_deref() else {
        return findings.unknown(
            arn,
            GLOBAL_REGION,
            &Unknown::new(format!("The resource policy of {label} has no Content")),
        );
    };
    let document = match parse_policy(content, &label) {
        Ok(document) => document,
        Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
    };
    let management = membership.organization.organization.master_account_id.as_str();
    let grantees = grantees(&document);
    let mut delegated: Vec<String> = Vec::new();
    for (account, statements) in grantees.foreign_accounts(management, &[]) {
        let actions: Vec<&str> = POLICY_MANAGEMENT
            .iter()
            .copied()
            .filter(|action| {
                let granted = statements.iter().any(|statement| {
                    document.statements.get(statement.index).is_some_and(|allow| allow.matches_action(action))
                });
                granted && evaluate(&[&document], action, "*").decision != Decision::Denied
            })
            .map(|action| action.trim_start_matches("organizations:"))
            .collect();
        if !actions.is_empty() {
            delegated.push(format!("{account} ({})", actions.join(", ")));
        }
    }
    if delegated.is_empty() {
        findings.fail(
            arn,
            GLOBAL_REGION,
            format!("The resource policy of {label} delegates no policy management to a member account"),
        );
    } else {
        findings.ok(
            arn,
            GLOBAL_REGION,
            format!("The resource policy of {label} delegates policy management to {}", delegated.join(", ")),
        );
    }
}
