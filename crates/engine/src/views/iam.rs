//! IAM and the credential report.

use jiff::Timestamp;
use serde::Deserialize;

use stance_snapshot::GLOBAL_REGION;

use crate::check::Call;
use crate::context::{Context, Findings, Unknown, not_configured};

pub const GET_CREDENTIAL_REPORT: Call = Call::new("IAM", "GetCredentialReport");
pub const GET_ACCOUNT_PASSWORD_POLICY: Call = Call::new("IAM", "GetAccountPasswordPolicy");
pub const LIST_USERS: Call = Call::new("IAM", "ListUsers");
pub const LIST_VIRTUAL_MFA_DEVICES: Call = Call::new("IAM", "ListVirtualMFADevices");

/// GetCredentialReport, with `Content` parsed into rows keyed by the CSV header.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CredentialReport {
    pub content: Vec<CredentialReportRow>,
}

/// The user named `<root_account>` in the credential report.
pub const ROOT_USER: &str = "<root_account>";

/// One credential report row. Dates are ISO 8601, or `N/A`, `no_information`, `not_supported`.
#[derive(Debug, Deserialize)]
pub struct CredentialReportRow {
    pub user: String,
    pub arn: String,
    pub password_enabled: String,
    #[serde(default)]
    pub password_last_used: String,
    pub mfa_active: String,
    pub access_key_1_active: String,
    #[serde(default)]
    pub access_key_1_last_used_date: String,
    pub access_key_2_active: String,
    #[serde(default)]
    pub access_key_2_last_used_date: String,
}

impl CredentialReport {
    pub fn users(&self) -> impl Iterator<Item = &CredentialReportRow> {
        self.content.iter().filter(|row| row.user != ROOT_USER)
    }
}

impl CredentialReportRow {
    /// `password_enabled` is `not_supported` for the root user; it reads as false here.
    pub fn has_password(&self) -> bool {
        self.password_enabled == "true"
    }

    pub fn has_mfa(&self) -> bool {
        self.mfa_active == "true"
    }

    pub fn active_access_keys(&self) -> usize {
        [&self.access_key_1_active, &self.access_key_2_active].iter().filter(|active| **active == "true").count()
    }

    /// When the password or either access key was last used, if ever.
    pub fn last_used(&self) -> Option<Timestamp> {
        [&self.password_last_used, &self.access_key_1_last_used_date, &self.access_key_2_last_used_date]
            .into_iter()
            .filter_map(|date| report_date(date))
            .max()
    }
}

/// A credential report date, or `None` for `N/A`, `no_information` and the like.
pub fn report_date(value: &str) -> Option<Timestamp> {
    value.parse().ok()
}

/// GetAccountPasswordPolicy.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyResponse {
    pub password_policy: PasswordPolicy,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    /// AWS omits it when unset; the effective minimum is then 6.
    pub minimum_password_length: Option<i64>,
}

/// Runs `judge` on the root user's credential report row, reporting UNKNOWN for the account
/// when the report or the row is missing.
pub fn with_root(ctx: &Context, findings: &mut Findings, judge: impl FnOnce(&CredentialReportRow, &mut Findings)) {
    match read_report(ctx).and_then(|report| {
        report
            .content
            .into_iter()
            .find(|row| row.user == ROOT_USER)
            .ok_or_else(|| Unknown::new(format!("the credential report has no {ROOT_USER} row")))
    }) {
        Ok(root) => judge(&root, findings),
        Err(reason) => findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    }
}

/// Runs `judge` on each IAM user's credential report row (the root user excluded),
/// reporting OK when there are none and UNKNOWN when the report is missing.
pub fn each_user(ctx: &Context, findings: &mut Findings, mut judge: impl FnMut(&CredentialReportRow, &mut Findings)) {
    match read_report(ctx) {
        Ok(report) => {
            let mut users = report.users().peekable();
            if users.peek().is_none() {
                findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM users found");
            }
            users.for_each(|user| judge(user, findings));
        }
        Err(reason) => findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    }
}

fn read_report(ctx: &Context) -> Result<CredentialReport, Unknown> {
    ctx.read::<CredentialReport>(GET_CREDENTIAL_REPORT, GLOBAL_REGION)?
        .ok_or_else(|| not_configured(GET_CREDENTIAL_REPORT))
}
