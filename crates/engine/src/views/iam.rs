//! IAM and the credential report.

use jiff::Timestamp;
use serde::Deserialize;

use super::Text;
use serde::de::{self, Deserializer};

use stance_snapshot::GLOBAL_REGION;

use crate::check::Call;
use crate::context::{Context, Findings, Unknown};

pub const GET_CREDENTIAL_REPORT: Call<CredentialReport> = Call::new("IAM", "GetCredentialReport");
pub const GET_ACCOUNT_PASSWORD_POLICY: Call<PasswordPolicyResponse> = Call::new("IAM", "GetAccountPasswordPolicy");

/// GetCredentialReport, with `Content` parsed into rows keyed by the CSV header.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CredentialReport {
    pub content: Box<[CredentialReportRow]>,
}

/// The user named `<root_account>` in the credential report.
pub const ROOT_USER: &str = "<root_account>";

/// One credential report row. Dates are ISO 8601, or `N/A`, `no_information`, `not_supported`.
/// Flags are `true` or `false`; any other value makes the report unreadable (UNKNOWN), so that
/// a garbled flag never reads as a verdict.
#[derive(Debug, Deserialize)]
pub struct CredentialReportRow {
    pub user: Text,
    pub arn: String,
    /// `not_supported` for the root user; it reads as false here.
    #[serde(deserialize_with = "password_flag")]
    pub password_enabled: bool,
    #[serde(default, deserialize_with = "report_date")]
    pub password_last_used: Option<Timestamp>,
    #[serde(deserialize_with = "flag")]
    pub mfa_active: bool,
    #[serde(deserialize_with = "flag")]
    pub access_key_1_active: bool,
    #[serde(default, deserialize_with = "report_date")]
    pub access_key_1_last_used_date: Option<Timestamp>,
    #[serde(deserialize_with = "flag")]
    pub access_key_2_active: bool,
    #[serde(default, deserialize_with = "report_date")]
    pub access_key_2_last_used_date: Option<Timestamp>,
}

impl CredentialReport {
    pub fn users(&self) -> impl Iterator<Item = &CredentialReportRow> {
        self.content.iter().filter(|row| row.user != ROOT_USER)
    }
}

impl CredentialReportRow {
    /// Whether the user has a console password (never true for the root user).
    pub fn has_password(&self) -> bool {
        self.password_enabled
    }

    pub fn has_mfa(&self) -> bool {
        self.mfa_active
    }

    /// The numbers (1, 2) of the user's active access keys.
    pub fn active_keys(&self) -> Vec<u8> {
        [(1, self.access_key_1_active), (2, self.access_key_2_active)]
            .into_iter()
            .filter_map(|(number, active)| active.then_some(number))
            .collect()
    }

    /// When the password or either access key was last used, if ever.
    pub fn last_used(&self) -> Option<Timestamp> {
        [self.password_last_used, self.access_key_1_last_used_date, self.access_key_2_last_used_date]
            .into_iter()
            .flatten()
            .max()
    }
}

/// A credential report flag: `true` or `false`.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = String::deserialize(deserializer)?;
    match value.as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(de::Error::invalid_value(de::Unexpected::Str(other), &r#""true" or "false""#)),
    }
}

/// `password_enabled`: a flag, or `not_supported` (the root user), which reads as false.
fn password_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = String::deserialize(deserializer)?;
    match value.as_str() {
        "true" => Ok(true),
        "false" | "not_supported" => Ok(false),
        other => Err(de::Error::invalid_value(de::Unexpected::Str(other), &r#""true", "false" or "not_supported""#)),
    }
}

/// A credential report date: ISO 8601 with an offset, or `None` for the report's words for no
/// date (`N/A`, `no_information`, `not_supported`). Anything else makes the report unreadable,
/// so that a garbled date never reads as "never used".
fn report_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Timestamp>, D::Error> {
    let value = String::deserialize(deserializer)?;
    match value.as_str() {
        "N/A" | "no_information" | "not_supported" => Ok(None),
        date => date.parse().map(Some).map_err(|_| {
            de::Error::invalid_value(
                de::Unexpected::Str(date),
                &"an ISO 8601 date with an offset, N/A or no_information",
            )
        }),
    }
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
    let report = ctx.read_configured(GET_CREDENTIAL_REPORT, GLOBAL_REGION);
    match report.as_deref().map_err(Clone::clone).and_then(|report| {
        report
            .content
            .iter()
            .find(|row| row.user == ROOT_USER)
            .ok_or_else(|| Unknown::new(format!("the credential report has no {ROOT_USER} row")))
    }) {
        Ok(root) => judge(root, findings),
        Err(reason) => findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    }
}

/// Runs `judge` on each IAM user's credential report row (the root user excluded),
/// reporting OK when there are none and UNKNOWN when the report is missing.
pub fn each_user(ctx: &Context, findings: &mut Findings, mut judge: impl FnMut(&CredentialReportRow, &mut Findings)) {
    match ctx.read_configured(GET_CREDENTIAL_REPORT, GLOBAL_REGION) {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row(password: &str, mfa: &str, key_1: &str, key_2: &str) -> Result<CredentialReportRow, serde_json::Error> {
        serde_json::from_value(json!({
            "user": "alice", "arn": "arn:aws:iam::123456789012:user/alice",
            "password_enabled": password, "mfa_active": mfa,
            "access_key_1_active": key_1, "access_key_2_active": key_2
        }))
    }

    #[test]
    fn flags_read_as_booleans() {
        let alice = row("true", "false", "false", "true").unwrap();
        assert!(alice.has_password());
        assert!(!alice.has_mfa());
        assert_eq!(alice.active_keys(), [2]);
        assert_eq!(row("false", "true", "true", "true").unwrap().active_keys(), [1, 2]);
        assert!(row("false", "true", "false", "false").unwrap().active_keys().is_empty());
    }

    #[test]
    fn dates_are_dates_or_the_reports_words_for_none() {
        let row = |date: &str| {
            serde_json::from_value::<CredentialReportRow>(json!({
                "user": "alice", "arn": "arn:aws:iam::123456789012:user/alice", "password_enabled": "true",
                "mfa_active": "true", "access_key_1_active": "false", "access_key_2_active": "false",
                "password_last_used": date
            }))
        };
        assert_eq!(
            row("2026-06-30T12:00:00+00:00").unwrap().last_used(),
            Some("2026-06-30T12:00:00Z".parse().unwrap())
        );
        assert_eq!(row("no_information").unwrap().last_used(), None);
        assert_eq!(row("N/A").unwrap().last_used(), None);
        assert!(row("2026-06-30T12:00:00").is_err(), "no offset");
        assert!(row("").is_err());
        assert!(row("2026-13-45T99:99:99Z").is_err());
    }

    #[test]
    fn the_root_users_password_flag_is_not_supported_and_reads_as_false() {
        assert!(!row("not_supported", "true", "false", "false").unwrap().has_password());
    }

    #[test]
    fn an_unexpected_flag_is_an_error_not_false() {
        let err = row("true", "yes", "false", "false").unwrap_err().to_string();
        assert_eq!(err, r#"invalid value: string "yes", expected "true" or "false""#);
        assert!(row("maybe", "true", "false", "false").is_err());
        assert!(row("true", "true", "not_supported", "false").is_err());
    }
}
