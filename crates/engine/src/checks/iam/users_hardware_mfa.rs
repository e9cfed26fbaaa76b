use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::iam_lists::{self, LIST_MFA_DEVICES, LIST_USERS};

declare_check! {
    /// Ensures every IAM user's MFA devices are all hardware: FIDO security keys or hardware
    /// TOTP tokens, whose secret cannot be copied off a phone or out of a backup. A user passes
    /// when ListMFADevices lists at least one device and every one is hardware; a user with a
    /// virtual (`arn:…:mfa/…`) or SMS (`arn:…:sms-mfa/…`) device fails, even alongside a hardware
    /// one, since any assigned device signs the user in; a user with no MFA device fails.
    ///
    /// Prowler fails a user whose ListMFADevices call failed, as if the user had no device, and
    /// passes a device whose serial is an ARN of a kind it does not know; stance says UNKNOWN
    /// for both, judging the other users.
    ///
    /// ## Remediation
    /// Give each listed user a FIDO security key or a hardware TOTP token, then deactivate and
    /// delete the user's virtual and SMS MFA devices.
    pub(crate) CHECK {
        id: "usersHardwareMfa",
        title: "Users Hardware MFA",
        severity: High,
        reads: [LIST_USERS, LIST_MFA_DEVICES],
        run,
        aliases: [
            ("iam_user_hardware_mfa_enabled", Differently("When ListMFADevices fails for a user Prowler fails the user as having no MFA, and it passes an MFA serial ARN of an undocumented kind; stance says UNKNOWN for that user")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam_lists::each_listed_user(ctx, findings, LIST_MFA_DEVICES, |user, devices, findings| {
        let (arn, name) = (user.arn.clone(), &user.user_name);
        if devices.mfa_devices.is_empty() {
            return findings.fail(arn, GLOBAL_REGION, format!("User {name} has no MFA device"));
        }
        let kinds: Vec<_> = devices.mfa_devices.iter().map(|device| (device, device.kind())).collect();
        if let Some((device, Some(kind))) = kinds.iter().find(|(_, kind)| kind.is_some_and(|kind| !kind.is_hardware()))
        {
            let message = format!("User {name} has {} ({})", kind.describe_one(), device.serial_number);
            return findings.fail(arn, GLOBAL_REGION, message);
        }
        if let Some((device, _)) = kinds.iter().find(|(_, kind)| kind.is_none()) {
            let reason =
                Unknown::new(format!("User {name} has an MFA device of unknown kind ({})", device.serial_number));
            return findings.unknown(arn, GLOBAL_REGION, &reason);
        }
        let mut names: Vec<&str> = kinds.iter().filter_map(|(_, kind)| kind.map(|kind| kind.describe())).collect();
        names.sort_unstable();
        names.dedup();
        findings.ok(arn, GLOBAL_REGION, format!("User {name} has only hardware MFA devices ({})", names.join(", ")));
    });
}
