//! IAM and the credential report.

use jiff::Timestamp;
use serde::Deserialize;

use super::Text;
use serde::de::{self, Deserializer};

use stance_snapshot::GLOBAL_REGION;

use crate::check::Call;
use crate::context::{Context, Findings, Unknown, plural};
use crate::results::Status;

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
/// a garbled flag never reads as a verdict. Every column read here is required: a real report
/// always has all of them, and a row without one is not read as "never used" or "inactive".
#[derive(Debug, Deserialize)]
pub struct CredentialReportRow {
    pub user: Text,
    pub arn: String,
    #[serde(deserialize_with = "report_date")]
    pub user_creation_time: Option<Timestamp>,
    /// `not_supported` for the root user; it reads as false here.
    #[serde(deserialize_with = "password_flag")]
    pub password_enabled: bool,
    /// `no_information` when the password has not been used since IAM began tracking it
    /// (October 2014), `N/A` when the user has no password.
    #[serde(deserialize_with = "report_date")]
    pub password_last_used: Option<Timestamp>,
    /// When the password was last set; `N/A` when the user has no password.
    #[serde(deserialize_with = "report_date")]
    pub password_last_changed: Option<Timestamp>,
    #[serde(deserialize_with = "flag")]
    pub mfa_active: bool,
    #[serde(deserialize_with = "flag")]
    pub access_key_1_active: bool,
    /// When the key was created (or last changed); `N/A` when there is no key.
    #[serde(deserialize_with = "report_date")]
    pub access_key_1_last_rotated: Option<Timestamp>,
    /// `N/A` when the key was never used, or last used before IAM began tracking key use
    /// (April 2015).
    #[serde(deserialize_with = "report_date")]
    pub access_key_1_last_used_date: Option<Timestamp>,
    #[serde(deserialize_with = "flag")]
    pub access_key_2_active: bool,
    #[serde(deserialize_with = "report_date")]
    pub access_key_2_last_rotated: Option<Timestamp>,
    #[serde(deserialize_with = "report_date")]
    pub access_key_2_last_used_date: Option<Timestamp>,
    /// Whether the user's first X.509 signing certificate is active.
    #[serde(deserialize_with = "flag")]
    pub cert_1_active: bool,
    #[serde(deserialize_with = "flag")]
    pub cert_2_active: bool,
}

/// One of a user's two access key slots, as the credential report describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessKey {
    /// 1 or 2.
    pub number: u8,
    pub active: bool,
    /// When the key was created (or last changed).
    pub created: Option<Timestamp>,
    /// When the key last signed a request; `None` if never (or before April 2015).
    pub last_used: Option<Timestamp>,
}

impl AccessKey {
    /// Since when the key has gone unused: its last use, or its creation if it was never used.
    /// `None` only when the report gives neither, which it does not for an existing key.
    pub fn idle_since(&self) -> Option<Timestamp> {
        self.last_used.or(self.created)
    }
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
        self.active_access_keys().map(|key| key.number).collect()
    }

    /// The user's two access key slots, in order.
    pub fn access_keys(&self) -> [AccessKey; 2] {
        [
            AccessKey {
                number: 1,
                active: self.access_key_1_active,
                created: self.access_key_1_last_rotated,
                last_used: self.access_key_1_last_used_date,
            },
            AccessKey {
                number: 2,
                active: self.access_key_2_active,
                created: self.access_key_2_last_rotated,
                last_used: self.access_key_2_last_used_date,
            },
        ]
    }

    /// The user's active access keys.
    pub fn active_access_keys(&self) -> impl Iterator<Item = AccessKey> {
        self.access_keys().into_iter().filter(|key| key.active)
    }

    /// The numbers (1, 2) of the user's active X.509 signing certificates.
    pub fn active_certificates(&self) -> Vec<u8> {
        [(1, self.cert_1_active), (2, self.cert_2_active)]
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

/// The account password policy. Every member is optional in the API: an absent flag is off
/// (the documented default of UpdateAccountPasswordPolicy), an absent number unset.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    /// AWS omits it when unset; the effective minimum is then 6.
    pub minimum_password_length: Option<i64>,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase_characters: bool,
    #[serde(default)]
    pub require_lowercase_characters: bool,
    #[serde(default)]
    pub allow_users_to_change_password: bool,
    /// Days a password is valid (1 to 1095); absent, or 0 as some emulators send, when passwords
    /// never expire. `ExpirePasswords` is derived from it, so it is not read separately.
    pub max_password_age: Option<i64>,
    /// How many previous passwords users may not reuse (1 to 24); absent when reuse is allowed.
    pub password_reuse_prevention: Option<i64>,
}

impl PasswordPolicy {
    /// After how many days passwords expire, if they do.
    pub fn expires_after(&self) -> Option<i64> {
        self.max_password_age.filter(|&days| days > 0)
    }

    /// How many previous passwords cannot be reused, if any.
    pub fn remembered_passwords(&self) -> Option<i64> {
        self.password_reuse_prevention.filter(|&count| count > 0)
    }
}

/// Judges the account password policy against one rule, for the account: `judge` gets the
/// policy, or `None` when the account has none (NoSuchEntity, which is a fact), and returns the
/// verdict with its message. A policy that could not be read is UNKNOWN.
pub fn judge_password_policy(
    ctx: &Context,
    findings: &mut Findings,
    judge: impl FnOnce(Option<&PasswordPolicy>) -> (Status, String),
) {
    let account = ctx.account_arn();
    match ctx.read(GET_ACCOUNT_PASSWORD_POLICY, GLOBAL_REGION) {
        Ok(response) => {
            let (status, message) = judge(response.as_deref().map(|response| &response.password_policy));
            findings.add(status, account, GLOBAL_REGION, message);
        }
        Err(reason) => findings.unknown(account, GLOBAL_REGION, &reason),
    }
}

/// A character rule of the password policy (`RequireLowercaseCharacters` and the like): OK
/// when the policy requires at least one of `characters` ("lowercase letter"), FAIL when it does
/// not or when there is no policy (AWS's default policy asks for three of the four kinds, never
/// for one kind in particular).
pub fn password_policy_requires(
    ctx: &Context,
    findings: &mut Findings,
    characters: &str,
    required: fn(&PasswordPolicy) -> bool,
) {
    judge_password_policy(ctx, findings, |policy| match policy {
        None => (
            Status::Fail,
            format!("The account has no password policy, so passwords need not contain at least one {characters}"),
        ),
        Some(policy) if required(policy) => {
            (Status::Ok, format!("The password policy requires at least one {characters}"))
        }
        Some(_) => (Status::Fail, format!("The password policy does not require at least one {characters}")),
    });
}

/// A warning and a failing limit on an age in days: more than `fail` days fails, more than
/// `warn` warns.
#[derive(Debug, Clone, Copy)]
pub struct DayLimits {
    pub warn: i64,
    pub fail: i64,
}

impl DayLimits {
    pub fn grade(self, days: i64) -> Status {
        if days > self.fail {
            Status::Fail
        } else if days > self.warn {
            Status::Warn
        } else {
            Status::Ok
        }
    }
}

impl std::fmt::Display for DayLimits {
    /// `warn after 90 days, fail after 180`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warn after {} days, fail after {}", self.warn, self.fail)
    }
}

/// Grades each user by the oldest of their active access keys, as `limits` says: a key's age
/// counts from `start` (UNKNOWN for the user when a key has none), and `describe` says it
/// (`access key 1 is 3 days old`). A user without active keys passes.
pub fn grade_active_keys(
    ctx: &Context,
    findings: &mut Findings,
    limits: DayLimits,
    start: impl Fn(&AccessKey) -> Option<Timestamp>,
    describe: impl Fn(&AccessKey, String) -> String,
) {
    each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        let (mut worst, mut keys) = (Status::Ok, Vec::new());
        for key in user.active_access_keys() {
            let Some(since) = start(&key) else {
                let reason = format!(
                    "The credential report gives user {name}'s active access key {} no creation date",
                    key.number
                );
                return findings.unknown(&user.arn, GLOBAL_REGION, &Unknown::new(reason));
            };
            let days = ctx.days_since(since);
            worst = worst.max(limits.grade(days));
            keys.push(describe(&key, plural(days, "day")));
        }
        if keys.is_empty() {
            findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no active access keys"));
        } else {
            findings.add(worst, &user.arn, GLOBAL_REGION, format!("User {name}: {} ({limits})", keys.join(", ")));
        }
    });
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
    use serde_json::{Value, json};

    use super::*;

    /// A full row of a user with no password, no keys and no certificates, with `changes`.
    fn row_with(changes: Value) -> Result<CredentialReportRow, serde_json::Error> {
        let mut row = json!({
            "user": "alice", "arn": "arn:aws:iam::123456789012:user/alice",
            "user_creation_time": "2024-01-01T00:00:00+00:00",
            "password_enabled": "false", "password_last_used": "N/A", "password_last_changed": "N/A",
            "password_next_rotation": "N/A", "mfa_active": "false",
            "access_key_1_active": "false", "access_key_1_last_rotated": "N/A",
            "access_key_1_last_used_date": "N/A", "access_key_1_last_used_region": "N/A",
            "access_key_1_last_used_service": "N/A",
            "access_key_2_active": "false", "access_key_2_last_rotated": "N/A",
            "access_key_2_last_used_date": "N/A", "access_key_2_last_used_region": "N/A",
            "access_key_2_last_used_service": "N/A",
            "cert_1_active": "false", "cert_1_last_rotated": "N/A", "cert_2_active": "false", "cert_2_last_rotated": "N/A"
        });
        for (key, value) in changes.as_object().unwrap() {
            match value {
                Value::Null => row.as_object_mut().unwrap().remove(key),
                value => row.as_object_mut().unwrap().insert(key.clone(), value.clone()),
            };
        }
        serde_json::from_value(row)
    }

    fn row(password: &str, mfa: &str, key_1: &str, key_2: &str) -> Result<CredentialReportRow, serde_json::Error> {
        row_with(json!({
            "password_enabled": password, "mfa_active": mfa, "access_key_1_active": key_1, "access_key_2_active": key_2
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
        let certified = row_with(json!({"cert_2_active": "true"})).unwrap();
        assert_eq!(certified.active_certificates(), [2]);
    }

    #[test]
    fn dates_are_dates_or_the_reports_words_for_none() {
        let row = |date: &str| row_with(json!({"password_enabled": "true", "password_last_used": date}));
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
    fn a_missing_column_makes_the_row_unreadable_rather_than_never_used() {
        for column in
            ["password_last_used", "access_key_1_last_used_date", "access_key_2_last_rotated", "cert_1_active"]
        {
            let err = row_with(json!({ column: null })).unwrap_err().to_string();
            assert_eq!(err, format!("missing field `{column}`"));
        }
    }

    #[test]
    fn an_access_key_is_idle_since_its_last_use_or_else_its_creation() {
        let created = "2025-01-01T00:00:00+00:00";
        let used = "2026-01-01T00:00:00+00:00";
        let user = row_with(json!({
            "access_key_1_active": "true", "access_key_1_last_rotated": created, "access_key_1_last_used_date": used,
            "access_key_2_active": "true", "access_key_2_last_rotated": created
        }))
        .unwrap();
        let [one, two] = user.access_keys();
        assert_eq!(one.idle_since(), Some(used.parse().unwrap()));
        assert_eq!(two.idle_since(), Some(created.parse().unwrap()), "never used: idle since it was created");
        assert_eq!(user.active_access_keys().count(), 2);
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

    #[test]
    fn password_policy_numbers_of_zero_mean_unset() {
        let policy = |value: Value| serde_json::from_value::<PasswordPolicy>(value).unwrap();
        let unset = policy(json!({"MaxPasswordAge": 0, "ExpirePasswords": false}));
        assert_eq!((unset.expires_after(), unset.remembered_passwords()), (None, None));
        assert!(!unset.require_symbols && !unset.allow_users_to_change_password, "absent flags are off");
        let set = policy(json!({"MaxPasswordAge": 90, "PasswordReusePrevention": 24, "RequireSymbols": true}));
        assert_eq!((set.expires_after(), set.remembered_passwords()), (Some(90), Some(24)));
        assert!(set.require_symbols);
    }

    #[test]
    fn day_limits_grade_ages_above_them() {
        let limits = DayLimits { warn: 90, fail: 180 };
        assert_eq!(
            [90, 91, 180, 181].map(|days| limits.grade(days)),
            [Status::Ok, Status::Warn, Status::Warn, Status::Fail]
        );
        assert_eq!(limits.to_string(), "warn after 90 days, fail after 180");
    }
}
