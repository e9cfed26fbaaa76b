use stance_snapshot::GLOBAL_REGION;

use crate::analysis::organizations::{is_member_refusal, membership};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::{DESCRIBE_ORGANIZATION, LIST_ORGANIZATIONS_FEATURES};

/// The member-account refusal of `ListOrganizationsFeatures`.
const NOT_MANAGEMENT: &str = "AccountNotManagementOrDelegatedAdministratorException";

declare_check! {
    /// Ensures the root user credentials of an organization's member accounts are managed
    /// centrally (IAM's `RootCredentialsManagement` organization feature), as CIS 2.1.1 asks: the
    /// management account (or IAM's delegated administrator) can then remove, and keep from
    /// being recovered, the member accounts' root passwords, access keys, signing certificates
    /// and MFA devices. The organization passes when `ListOrganizationsFeatures` lists
    /// `RootCredentialsManagement` (the message says whether `RootSessions`, privileged root
    /// tasks from the management account, is on too), and fails when it does not, or when IAM
    /// answers `ServiceAccessNotEnabledException`: trusted access between IAM and Organizations is
    /// off, so the feature cannot be on.
    ///
    /// Outside an organization there is nothing to judge and no result. The feature is read in
    /// the management account or IAM's delegated administrator: a member account's
    /// `AccountNotManagementOrDelegatedAdministratorException` (or `AccessDeniedException`) says
    /// the account is neither, and gives no result; the same error in the management account
    /// is UNKNOWN.
    ///
    /// ## Remediation
    /// From the management account: `aws organizations enable-aws-service-access
    /// --service-principal iam.amazonaws.com`, then `aws iam
    /// enable-organizations-root-credentials-management` (and
    /// `enable-organizations-root-sessions`).
    pub(crate) CHECK {
        id: "rootCredentialsManagement",
        title: "Root Credentials Management",
        severity: High,
        reads: [DESCRIBE_ORGANIZATION, LIST_ORGANIZATIONS_FEATURES],
        run,
        aliases: [("iam_root_credentials_management_enabled", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let Some(membership) = membership(ctx, findings) else { return };
    let arn = membership.arn().to_owned();
    let organization = membership.id().to_owned();
    let features = match ctx.read(LIST_ORGANIZATIONS_FEATURES, GLOBAL_REGION) {
        Ok(Some(features)) => features,
        Ok(None) => return,
        Err(reason) => {
            let error = ctx.call_error(LIST_ORGANIZATIONS_FEATURES, GLOBAL_REGION);
            if error.is_some_and(|error| error.code == "ServiceAccessNotEnabledException") {
                let message = format!(
                    "Organization {organization} does not manage member accounts' root credentials centrally: IAM's trusted access with Organizations is not enabled"
                );
                findings.fail(arn, GLOBAL_REGION, message);
            } else if error.is_some_and(|error| error.code == "OrganizationNotFoundException") {
                // IAM sees no organization: nothing to judge.
            } else if !is_member_refusal(&membership, error, &[NOT_MANAGEMENT]) {
                findings.unknown(arn, GLOBAL_REGION, &reason);
            }
            return;
        }
    };
    let enabled = |feature: &str| features.enabled_features.iter().any(|enabled| enabled == feature);
    let sessions = if enabled("RootSessions") { "on" } else { "off" };
    if enabled("RootCredentialsManagement") {
        findings.ok(
            arn,
            GLOBAL_REGION,
            format!("Organization {organization} manages member accounts' root credentials centrally (root sessions {sessions})"),
        );
    } else {
        findings.fail(
            arn,
            GLOBAL_REGION,
            format!("Organization {organization} does not manage member accounts' root credentials centrally (root sessions {sessions})"),
        );
    }
}
