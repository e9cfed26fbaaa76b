use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::iam::GET_CREDENTIAL_REPORT;
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, aws_managed_policy_arn};

declare_check! {
    /// Ensures every member of an IAM group that has the AWS-managed AdministratorAccess policy
    /// attached has an active MFA device, since each of them holds full control of the account.
    /// A group with that policy fails when a member's credential report row shows `mfa_active`
    /// false, naming those members; other groups pass. Membership comes from
    /// GetAccountAuthorizationDetails and MFA from the credential report; a member missing from
    /// the report (created after it was generated) leaves the group UNKNOWN unless another
    /// member already fails it, and a report that cannot be read, when some such group has
    /// members, leaves the whole check UNKNOWN. The policy is matched by its ARN
    /// (`arn:PARTITION:iam::aws:policy/AdministratorAccess`).
    ///
    /// ## Remediation
    /// Enable an MFA device for each listed user, or remove them from the group.
    pub(crate) CHECK {
        id: "adminGroupUsersMfaEnabled",
        title: "Admin Group Users MFA Enabled",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS, GET_CREDENTIAL_REPORT],
        run,
        aliases: [("iam_administrator_access_with_mfa", Differently("Prowler passes an AdministratorAccess group whose members the credential report does not list yet; stance reports it UNKNOWN, since their MFA is not known"))],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let admin = aws_managed_policy_arn(ctx.partition(), "AdministratorAccess");
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.groups().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM groups found");
        }
        let is_admin = |group| Identity::Group(group).has_attached(&admin);
        // The credential report is read only when some group grants AdministratorAccess to
        // members; when it cannot be read then, the check can tell nothing reliable.
        let needs_report =
            details.groups().iter().any(|group| is_admin(group) && details.members(group).next().is_some());
        let report = match needs_report.then(|| ctx.read_configured(GET_CREDENTIAL_REPORT, GLOBAL_REGION)) {
            Some(Err(reason)) => return findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
            Some(Ok(report)) => Some(report),
            None => None,
        };
        for group in details.groups() {
            let name = &group.group_name;
            if !is_admin(group) {
                findings.ok(&group.arn, GLOBAL_REGION, format!("Group {name} does not have AdministratorAccess"));
                continue;
            }
            let members: Vec<_> = details.members(group).collect();
            let Some(report) = report.as_ref().filter(|_| !members.is_empty()) else {
                findings.ok(&group.arn, GLOBAL_REGION, format!("Group {name} has AdministratorAccess but no members"));
                continue;
            };
            let mut without_mfa = Vec::new();
            let mut not_reported = Vec::new();
            for member in &members {
                match report.users().find(|row| row.arn == member.arn) {
                    Some(row) if !row.has_mfa() => without_mfa.push(member.user_name.as_str()),
                    Some(_) => {}
                    None => not_reported.push(member.user_name.as_str()),
                }
            }
            if !without_mfa.is_empty() {
                findings.fail(
                    &group.arn,
                    GLOBAL_REGION,
                    format!("Group {name} has AdministratorAccess and members without MFA: {}", without_mfa.join(", ")),
                );
            } else if !not_reported.is_empty() {
                let reason = Unknown::new(format!(
                    "Group {name} has AdministratorAccess and members the credential report does not list: {}",
                    not_reported.join(", ")
                ));
                findings.unknown(&group.arn, GLOBAL_REGION, &reason);
            } else {
                findings.ok(
                    &group.arn,
                    GLOBAL_REGION,
                    format!("Group {name} has AdministratorAccess and all its members have MFA"),
                );
            }
        }
    });
}
