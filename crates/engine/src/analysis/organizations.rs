//! Where the account stands in AWS Organizations, for the checks of settings that only an
//! organization's management account (or a delegated administrator) can read: in a member
//! account those calls answer AccessDenied, which is a fact about the account, not a failure.

use std::sync::Arc;

use stance_snapshot::{CallError, GLOBAL_REGION};

use crate::context::{Context, Findings};
use crate::views::governance::{DESCRIBE_ORGANIZATION, DescribeOrganization};

/// The organization the account belongs to, as `DescribeOrganization` (which every member
/// account may call) describes it.
pub struct Membership {
    pub organization: Arc<DescribeOrganization>,
    /// Whether this account is the organization's management account.
    pub is_management: bool,
}

impl Membership {
    pub fn arn(&self) -> &str {
        &self.organization.organization.arn
    }

    pub fn id(&self) -> &str {
        &self.organization.organization.id
    }
}

/// Whether `account` manages the organization `organization` describes.
pub fn is_management_account(organization: &DescribeOrganization, account: &str) -> bool {
    organization.organization.master_account_id == account
}

/// The account's organization; `None` outside one (`AWSOrganizationsNotInUseException`, which
/// leaves these checks nothing to judge), after reporting UNKNOWN when it could not be read (the
/// check declares [`DESCRIBE_ORGANIZATION`]).
pub fn membership(ctx: &Context, findings: &mut Findings) -> Option<Membership> {
    match ctx.read(DESCRIBE_ORGANIZATION, GLOBAL_REGION) {
        Ok(Some(organization)) => {
            let is_management = is_management_account(&organization, ctx.account_id());
            Some(Membership { organization, is_management })
        }
        Ok(None) => None,
        Err(reason) => {
            findings.unknown(ctx.arn("organizations", "", "account"), GLOBAL_REGION, &reason);
            None
        }
    }
}

/// Whether a call's recorded error says only that this member account may not make it: an
/// `AccessDeniedException`, or one of `codes`, in an account that is not the management account
/// (from [`Context::call_error`]). In the management account the same error is a real denial.
pub fn is_member_refusal(membership: &Membership, error: Option<&CallError>, codes: &[&str]) -> bool {
    !membership.is_management
        && error.is_some_and(|error| error.code == "AccessDeniedException" || codes.contains(&error.code.as_str()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_management_account_is_the_organizations_master_account() {
        let organization: DescribeOrganization = serde_json::from_value(json!({"Organization": {
            "Id": "o-a1b2c3d4e5", "Arn": "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5",
            "FeatureSet": "ALL", "MasterAccountId": "111111111111",
            "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111"
        }}))
        .unwrap();
        assert!(is_management_account(&organization, "111111111111"));
        assert!(!is_management_account(&organization, "123456789012"));
        let error = |code: &str| CallError {
            code: code.into(),
            message: None,
            http_status: Some(400),
            kind: stance_snapshot::ErrorKind::AccessDenied,
        };
        let member = Membership { organization: Arc::new(organization), is_management: false };
        assert!(is_member_refusal(&member, Some(&error("AccessDeniedException")), &[]));
        assert!(is_member_refusal(
            &member,
            Some(&error("AccountNotManagementOrDelegatedAdministratorException")),
            &["AccountNotManagementOrDelegatedAdministratorException"]
        ));
        assert!(!is_member_refusal(&member, Some(&error("ThrottlingException")), &[]));
        assert!(!is_member_refusal(&member, None, &[]));
        let management = Membership { is_management: true, ..member };
        assert!(!is_member_refusal(&management, Some(&error("AccessDeniedException")), &[]), "a real denial");
    }

    /// The results of the check `id` on a snapshot with these calls.
    fn results(id: &str, calls: serde_json::Value) -> Vec<crate::results::CheckResult> {
        let snapshot = json!({
            "format": "stance-snapshot", "format_version": "1.0", "tool_version": "0.1.0",
            "collected_at": "2026-06-30T12:00:00Z",
            "account": {"id": "123456789012", "arn": "arn:aws:iam::123456789012:user/audit", "partition": "aws"},
            "regions": ["us-east-1"], "calls": calls
        })
        .to_string();
        let snapshot = stance_snapshot::parse(&snapshot, std::path::Path::new("test.json")).unwrap();
        let check = crate::check_by_id(id).unwrap();
        crate::run_checks(&snapshot, &[check], &crate::Settings::default()).pop().unwrap().results
    }

    fn error(code: &str, kind: &str) -> serde_json::Value {
        json!({"error": {"code": code, "message": "m", "http_status": 400, "kind": kind}})
    }

    fn organization(master: &str) -> serde_json::Value {
        json!({"data": {"Organization": {"Id": "o-a1b2c3d4e5", "FeatureSet": "ALL", "MasterAccountId": master,
            "Arn": format!("arn:aws:organizations::{master}:organization/o-a1b2c3d4e5")}}})
    }

    #[test]
    fn outside_an_organization_and_in_a_member_account_the_organization_checks_have_nothing_to_judge() {
        let outside = error("AWSOrganizationsNotInUseException", "not_configured");
        let member = organization("111111111111");
        let refused = error("AccessDeniedException", "access_denied");
        let not_management = error("AccountNotManagementOrDelegatedAdministratorException", "other");
        let cases = [
            (
                "organizationsDelegatedAdmins",
                json!({"Organizations": {"DescribeOrganization": {"global": outside},
                "ListDelegatedAdministrators": {"global": refused}}}),
            ),
            (
                "organizationsDelegatedAdmins",
                json!({"Organizations": {"DescribeOrganization": {"global": member},
                "ListDelegatedAdministrators": {"global": refused}}}),
            ),
            (
                "rootCredentialsManagement",
                json!({"Organizations": {"DescribeOrganization": {"global": outside}},
                "IAM": {"ListOrganizationsFeatures": {"global": error("OrganizationNotFoundException", "other")}}}),
            ),
            (
                "rootCredentialsManagement",
                json!({"Organizations": {"DescribeOrganization": {"global": member}},
                "IAM": {"ListOrganizationsFeatures": {"global": not_management}}}),
            ),
            (
                "rootCredentialsManagement",
                json!({"Organizations": {"DescribeOrganization": {"global": member}},
                "IAM": {"ListOrganizationsFeatures": {"global": refused}}}),
            ),
            (
                "organizationsDelegatedPolicyAdmin",
                json!({"Organizations": {"DescribeOrganization": {"global": outside},
                "DescribeResourcePolicy": {"global": outside}}}),
            ),
            (
                "organizationsDelegatedPolicyAdmin",
                json!({"Organizations": {"DescribeOrganization": {"global": member},
                "DescribeResourcePolicy": {"global": refused}}}),
            ),
        ];
        for (id, calls) in cases {
            assert!(results(id, calls.clone()).is_empty(), "{id} on {calls}");
        }
        // The same refusals in the management account are real denials.
        let management = organization("123456789012");
        let denied = results(
            "organizationsDelegatedAdmins",
            json!({"Organizations": {"DescribeOrganization": {"global": management},
                "ListDelegatedAdministrators": {"global": refused}}}),
        );
        assert_eq!(denied.len(), 1);
        assert_eq!(denied[0].status, crate::results::Status::Unknown);
        let denied = results(
            "rootCredentialsManagement",
            json!({"Organizations": {"DescribeOrganization": {"global": management}},
                "IAM": {"ListOrganizationsFeatures": {"global": not_management}}}),
        );
        assert_eq!(denied[0].status, crate::results::Status::Unknown);
    }
}
