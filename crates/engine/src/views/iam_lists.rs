//! IAM's list calls: users with their per-user access keys, MFA devices and SSH public keys, the account's
//! virtual MFA devices, server certificates and SAML providers, and the account summary.
//!
//! Per-user calls are keyed by the user's ARN, as ListUsers gives it.

use jiff::Timestamp;
use serde::Deserialize;

use super::Text;

use stance_snapshot::GLOBAL_REGION;

use crate::check::Call;
use crate::context::{Context, Findings, View, not_configured};

pub const LIST_USERS: Call<ListUsers> = Call::new("IAM", "ListUsers");
pub const LIST_ACCESS_KEYS: Call<ListAccessKeys> = Call::new("IAM", "ListAccessKeys");
pub const LIST_MFA_DEVICES: Call<ListMfaDevices> = Call::new("IAM", "ListMFADevices");
pub const LIST_SSH_PUBLIC_KEYS: Call<ListSshPublicKeys> = Call::new("IAM", "ListSSHPublicKeys");
pub const LIST_VIRTUAL_MFA_DEVICES: Call<ListVirtualMfaDevices> = Call::new("IAM", "ListVirtualMFADevices");
pub const LIST_SERVER_CERTIFICATES: Call<ListServerCertificates> = Call::new("IAM", "ListServerCertificates");
pub const LIST_SAML_PROVIDERS: Call<ListSamlProviders> = Call::new("IAM", "ListSAMLProviders");
pub const GET_ACCOUNT_SUMMARY: Call<AccountSummary> = Call::new("IAM", "GetAccountSummary");

/// ListUsers. `Users` is required in the API, so its absence makes the data unreadable.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsers {
    pub users: Box<[User]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct User {
    pub user_name: Text,
    pub arn: String,
}

/// ListAccessKeys for one user: its access keys (at most two), active or not. The list is
/// required in the API.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAccessKeys {
    pub access_key_metadata: Box<[AccessKeyMetadata]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessKeyMetadata {
    pub access_key_id: Text,
    /// `Active`, `Inactive` or `Expired`; only an active key can sign requests.
    pub status: Text,
    pub create_date: Option<Timestamp>,
}

impl AccessKeyMetadata {
    pub fn is_active(&self) -> bool {
        self.status == "Active"
    }
}

/// ListMFADevices for one user: every kind of device assigned to the user.
#[derive(Debug, Deserialize)]
pub struct ListMfaDevices {
    #[serde(rename = "MFADevices")]
    pub mfa_devices: Box<[MfaDevice]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaDevice {
    pub serial_number: String,
}

/// What kind of device an MFA serial number names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaKind {
    /// `arn:PARTITION:iam::ACCOUNT:mfa/NAME`: an authenticator app (virtual device).
    Virtual,
    /// `arn:PARTITION:iam::ACCOUNT:sms-mfa/NAME`: a text-message device (no longer offered).
    Sms,
    /// `arn:PARTITION:iam::ACCOUNT:u2f/…`: a FIDO security key.
    SecurityKey,
    /// A serial that is not an ARN: the serial number printed on a hardware TOTP token.
    HardwareToken,
}

impl MfaKind {
    /// Whether the device is a physical one.
    pub fn is_hardware(self) -> bool {
        matches!(self, MfaKind::SecurityKey | MfaKind::HardwareToken)
    }

    pub fn describe(self) -> &'static str {
        match self {
            MfaKind::Virtual => "virtual MFA device",
            MfaKind::Sms => "SMS MFA device",
            MfaKind::SecurityKey => "FIDO security key",
            MfaKind::HardwareToken => "hardware TOTP token",
        }
    }

    /// [`describe`](Self::describe) with its indefinite article.
    pub fn describe_one(self) -> &'static str {
        match self {
            MfaKind::Virtual => "a virtual MFA device",
            MfaKind::Sms => "an SMS MFA device",
            MfaKind::SecurityKey => "a FIDO security key",
            MfaKind::HardwareToken => "a hardware TOTP token",
        }
    }
}

impl MfaDevice {
    /// The device's kind, read from its serial number; `None` for an ARN of a kind IAM does
    /// not document, which no verdict should rest on.
    pub fn kind(&self) -> Option<MfaKind> {
        let serial = self.serial_number.as_str();
        if !serial.starts_with("arn:") {
            return (!serial.is_empty()).then_some(MfaKind::HardwareToken);
        }
        // arn:PARTITION:iam::ACCOUNT:TYPE/NAME
        let mut parts = serial.splitn(6, ':');
        let (Some("arn"), Some(_), Some("iam"), Some(""), Some(_), Some(resource)) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        match resource.split_once('/') {
            Some(("mfa", name)) if !name.is_empty() => Some(MfaKind::Virtual),
            Some(("sms-mfa", name)) if !name.is_empty() => Some(MfaKind::Sms),
            Some(("u2f", name)) if !name.is_empty() => Some(MfaKind::SecurityKey),
            _ => None,
        }
    }
}

/// ListSSHPublicKeys for one user. The API may omit the list when the user has no keys.
#[derive(Debug, Deserialize)]
pub struct ListSshPublicKeys {
    #[serde(rename = "SSHPublicKeys", default)]
    pub ssh_public_keys: Box<[SshPublicKey]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SshPublicKey {
    #[serde(rename = "SSHPublicKeyId")]
    pub ssh_public_key_id: Text,
    /// `Active` or `Inactive`; only an active key can be used to authenticate.
    pub status: Text,
    pub upload_date: Timestamp,
}

impl SshPublicKey {
    pub fn is_active(&self) -> bool {
        self.status == "Active"
    }
}

/// ListVirtualMFADevices, with the default assignment status `Any`: assigned and unassigned
/// virtual devices. Hardware tokens and security keys never appear here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListVirtualMfaDevices {
    #[serde(rename = "VirtualMFADevices")]
    pub virtual_mfa_devices: Box<[VirtualMfaDevice]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    /// The user the device is assigned to; absent for an unassigned device. For the root user
    /// it is `arn:PARTITION:iam::ACCOUNT:root`.
    pub user: Option<DeviceUser>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceUser {
    pub arn: String,
}

impl ListVirtualMfaDevices {
    /// The virtual devices assigned to the user with ARN `arn`.
    pub fn assigned_to<'a>(&'a self, arn: &'a str) -> impl Iterator<Item = &'a VirtualMfaDevice> {
        self.virtual_mfa_devices.iter().filter(move |device| device.user.as_ref().is_some_and(|user| user.arn == arn))
    }
}

/// ListServerCertificates.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListServerCertificates {
    pub server_certificate_metadata_list: Box<[ServerCertificate]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerCertificate {
    pub server_certificate_name: Text,
    pub arn: String,
    /// Optional in the API.
    pub expiration: Option<Timestamp>,
}

/// ListSAMLProviders. The API may omit the list when there are no providers.
#[derive(Debug, Deserialize)]
pub struct ListSamlProviders {
    #[serde(rename = "SAMLProviderList", default)]
    pub saml_provider_list: Box<[SamlProvider]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SamlProvider {
    pub arn: String,
}

impl SamlProvider {
    /// The provider's name: the last part of its ARN (`arn:aws:iam::ACCOUNT:saml-provider/NAME`).
    pub fn name(&self) -> &str {
        self.arn.rsplit_once('/').map_or(self.arn.as_str(), |(_, name)| name)
    }
}

/// GetAccountSummary.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountSummary {
    pub summary_map: Option<SummaryMap>,
}

/// The members of `SummaryMap` that checks read.
#[derive(Debug, Deserialize)]
pub struct SummaryMap {
    /// 1 when the root user has an MFA device of any kind, 0 when it has none.
    #[serde(rename = "AccountMFAEnabled")]
    pub account_mfa_enabled: Option<i64>,
}

impl AccountSummary {
    /// Whether the root user has an MFA device of any kind, or why that cannot be told.
    pub fn root_has_mfa(&self) -> Result<bool, String> {
        match self.summary_map.as_ref().and_then(|map| map.account_mfa_enabled) {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            Some(other) => Err(format!("IAM GetAccountSummary gave AccountMFAEnabled {other}, neither 0 nor 1")),
            None => Err("IAM GetAccountSummary gave no AccountMFAEnabled".to_owned()),
        }
    }
}

/// Runs `judge` on each user ListUsers lists, with the data of its per-user `call`.
///
/// Reports UNKNOWN for the account when ListUsers is missing or failed, OK for the account
/// when there are no users, and UNKNOWN for each user whose `call` is missing, failed, or
/// answered "not configured" (the user was deleted while the account was being collected).
pub fn each_listed_user<T: View>(
    ctx: &Context,
    findings: &mut Findings,
    call: Call<T>,
    mut judge: impl FnMut(&User, &T, &mut Findings),
) {
    let list = match ctx.read_configured(LIST_USERS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    };
    if list.users.is_empty() {
        return findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM users found");
    }
    for user in &list.users {
        let (_, data) = ctx.read_resource(call, &user.arn);
        match data.and_then(|data| data.ok_or_else(|| not_configured(call.id))) {
            Ok(data) => judge(user, &data, findings),
            Err(reason) => findings.unknown(user.arn.clone(), GLOBAL_REGION, &reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn kind(serial: &str) -> Option<MfaKind> {
        MfaDevice { serial_number: serial.to_owned() }.kind()
    }

    #[test]
    fn mfa_kinds_come_from_the_serial_number() {
        assert_eq!(kind("arn:aws:iam::123456789012:mfa/alice-phone"), Some(MfaKind::Virtual));
        assert_eq!(kind("arn:aws-us-gov:iam::123456789012:mfa/team/alice"), Some(MfaKind::Virtual));
        assert_eq!(kind("arn:aws:iam::123456789012:sms-mfa/alice"), Some(MfaKind::Sms));
        assert_eq!(kind("arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABCDEF"), Some(MfaKind::SecurityKey));
        assert_eq!(kind("GAHT12345678"), Some(MfaKind::HardwareToken));
        assert_eq!(kind(""), None);
        assert_eq!(kind("arn:aws:iam::123456789012:passkey/alice"), None, "a kind IAM does not document");
        assert_eq!(kind("arn:aws:iam::123456789012:mfa/"), None);
        assert_eq!(kind("arn:aws:s3:::mfa/x"), None);
        assert!(MfaKind::SecurityKey.is_hardware() && MfaKind::HardwareToken.is_hardware());
        assert!(!MfaKind::Virtual.is_hardware() && !MfaKind::Sms.is_hardware());
    }

    #[test]
    fn account_mfa_enabled_is_0_or_1() {
        let summary = |value| serde_json::from_value::<AccountSummary>(value).unwrap().root_has_mfa();
        assert_eq!(summary(json!({"SummaryMap": {"AccountMFAEnabled": 1}})), Ok(true));
        assert_eq!(summary(json!({"SummaryMap": {"AccountMFAEnabled": 0, "Users": 3}})), Ok(false));
        assert!(summary(json!({"SummaryMap": {"AccountMFAEnabled": 2}})).is_err());
        assert!(summary(json!({"SummaryMap": {"Users": 3}})).is_err());
        assert!(summary(json!({})).is_err());
    }

    #[test]
    fn saml_provider_names_are_the_arns_last_part() {
        let provider = SamlProvider { arn: "arn:aws:iam::123456789012:saml-provider/AWSSSO_1a2b_DO_NOT_DELETE".into() };
        assert_eq!(provider.name(), "AWSSSO_1a2b_DO_NOT_DELETE");
    }
}
