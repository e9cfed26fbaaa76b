use stance_snapshot::GLOBAL_REGION;

use crate::analysis::organizations::{is_member_refusal, membership};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::{DESCRIBE_ORGANIZATION, LIST_DELEGATED_ADMINISTRATORS};

declare_check! {
    /// Ensures an organization's integrated services are administered from delegated
    /// administrator accounts rather than from the management account, as CIS 2.1.6 asks (and
    /// as the management account should run no day-to-day administration). The organization
    /// passes when `ListDelegatedAdministrators` names at least one active delegated
    /// administrator, and fails when it names none: every organization-integrated service
    /// (and Organizations policies) is then administered from the management account.
    ///
    /// Prowler's check, mapped to CIS 2.1.5 and 2.1.6, decides the other way: it fails any
    /// delegated administrator missing from its trusted list (empty by default) and passes an
    /// organization with none, which is the set-up the CIS audits fail; stance follows the CIS
    /// audit. CIS 2.1.5 (Organizations policies delegated through the organization's resource
    /// policy) is organizationsDelegatedPolicyAdmin's, which reads that policy.
    ///
    /// Outside an organization there is nothing to judge and no result. `ListDelegatedAdministrators`
    /// answers only in the management account or a delegated administrator: in a member
    /// account its `AccessDeniedException` says the account is neither, and the check, which
    /// judges the organization, gives no result there either; in the management account the
    /// same error is a real denial, and UNKNOWN.
    ///
    /// ## Remediation
    /// From the management account, register a member account as delegated administrator for
    /// each integrated service (`aws organizations register-delegated-administrator --account-id
    /// <id> --service-principal <service>.amazonaws.com`, or the service's own
    /// `enable-organization-admin-account`), and delegate Organizations policy management with
    /// `aws organizations put-resource-policy`.
    pub(crate) CHECK {
        id: "organizationsDelegatedAdmins",
        title: "Organizations Delegated Administrators",
        severity: Critical,
        reads: [DESCRIBE_ORGANIZATION, LIST_DELEGATED_ADMINISTRATORS],
        run,
        aliases: [(
            "organizations_delegated_administrators",
            Differently(
                "Prowler fails delegated administrators missing from its trusted list and passes an organization with none; the CIS 2.1.6 audit fails an organization without delegated administrators, as stance does"
            )
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let Some(membership) = membership(ctx, findings) else { return };
    let arn = membership.arn().to_owned();
    let admins = match ctx.read(LIST_DELEGATED_ADMINISTRATORS, GLOBAL_REGION) {
        Ok(Some(admins)) => admins,
        Ok(None) => return,
        Err(reason) => {
            if !is_member_refusal(&membership, ctx.call_error(LIST_DELEGATED_ADMINISTRATORS, GLOBAL_REGION), &[]) {
                findings.unknown(arn, GLOBAL_REGION, &reason);
            }
            return;
        }
    };
    let active: Vec<String> = admins
        .delegated_administrators
        .iter()
        .filter(|admin| admin.status.as_deref().is_none_or(|status| status == "ACTIVE"))
        .map(|admin| match &admin.name {
            Some(name) => format!("{} ({name})", admin.id),
            None => admin.id.to_string(),
        })
        .collect();
    let organization = membership.id();
    if active.is_empty() {
        let features = match membership.organization.organization.feature_set.as_deref() {
            Some("ALL") | None => String::new(),
            Some(set) => format!(" (feature set {set}, which allows no delegation)"),
        };
        findings.fail(
            arn,
            GLOBAL_REGION,
            format!(
                "Organization {organization} has no active delegated administrator{features}: its integrated services are administered from the management account"
            ),
        );
    } else {
        findings.ok(
            arn,
            GLOBAL_REGION,
            format!("Organization {organization} has delegated administrators: {}", active.join(", ")),
        );
    }
}
