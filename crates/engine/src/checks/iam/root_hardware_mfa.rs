use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::iam_lists::{GET_ACCOUNT_SUMMARY, LIST_VIRTUAL_MFA_DEVICES};

declare_check! {
    /// Ensures the root user's MFA is a hardware device (a FIDO security key or a hardware TOTP
    /// token), not an authenticator app, whose secret lives on a phone or in a backup and can be
    /// copied. It fails when the root user has no MFA at all (GetAccountSummary's
    /// `AccountMFAEnabled` is 0), or when a virtual MFA device is assigned to the root user (a
    /// device in ListVirtualMFADevices whose `User.Arn` is `arn:PARTITION:iam::ACCOUNT:root`),
    /// even alongside a hardware one: any assigned device signs the root user in. It passes when
    /// root has MFA and no virtual device is assigned to it, since hardware devices never appear
    /// in ListVirtualMFADevices.
    ///
    /// CloudSploit recognises root's virtual device only by the serial name
    /// `root-account-mfa-device`, so it passes a renamed device and fails an unassigned one left
    /// with that name; it also fails when GetAccountSummary cannot be read. Prowler takes any
    /// virtual device whose user ARN merely contains `root` (a user named `rootops`), passes when
    /// ListVirtualMFADevices cannot be read, reports only in the `aws` partition, and only when
    /// the credential report shows root with a password or an active key, although the IAM
    /// documentation says root's `password_enabled` is always `not_supported`. stance matches the
    /// assigned user's ARN exactly, in any partition, and says UNKNOWN when either call cannot be
    /// read, unless the virtual-device list alone shows a virtual device on root. It does not read
    /// the credential report: that report cannot tell whether root has a password, and
    /// GetAccountSummary answers the MFA question live rather than from a report up to four hours
    /// old.
    ///
    /// ## Remediation
    /// Sign in as the root user, add a FIDO security key or a hardware TOTP token under Security
    /// credentials > Multi-factor authentication, then remove every virtual MFA device assigned
    /// to root.
    pub(crate) CHECK {
        id: "rootHardwareMfa",
        title: "Root Hardware MFA",
        severity: High,
        reads: [GET_ACCOUNT_SUMMARY, LIST_VIRTUAL_MFA_DEVICES],
        run,
        aliases: [
            ("iam_root_hardware_mfa_enabled", Differently("Prowler reports only in the aws partition and only when the credential report shows root with a password or an active key (root's password_enabled is always not_supported), counts a virtual device of any user whose ARN contains root, and passes when ListVirtualMFADevices fails; stance judges root in every account, matches the device's user ARN exactly and says UNKNOWN on unreadable data")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let root = ctx.account_arn();
    let devices = ctx.read_configured(LIST_VIRTUAL_MFA_DEVICES, GLOBAL_REGION);
    if let Ok(devices) = &devices {
        let serials: Vec<&str> = devices.assigned_to(&root).map(|device| device.serial_number.as_str()).collect();
        if !serials.is_empty() {
            let message = match serials.as_slice() {
                [serial] => format!("The root user has a virtual MFA device ({serial})"),
                _ => format!("The root user has {} virtual MFA devices ({})", serials.len(), serials.join(", ")),
            };
            return findings.fail(root.clone(), GLOBAL_REGION, message);
        }
    }
    let has_mfa = ctx
        .read_configured(GET_ACCOUNT_SUMMARY, GLOBAL_REGION)
        .and_then(|summary| summary.root_has_mfa().map_err(Unknown::new));
    match (has_mfa, devices) {
        (Ok(false), _) => findings.fail(root, GLOBAL_REGION, "The root user has no MFA device"),
        (Ok(true), Ok(_)) => {
            findings.ok(root, GLOBAL_REGION, "The root user has MFA and no virtual MFA device, so its MFA is hardware")
        }
        (Ok(true), Err(reason)) | (Err(reason), _) => findings.unknown(root, GLOBAL_REGION, &reason),
    }
}
