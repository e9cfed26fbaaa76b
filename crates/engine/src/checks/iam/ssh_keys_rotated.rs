use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::whole_days;
use crate::context::{Context, Findings, plural};
use crate::settings::Setting;
use crate::views::iam_lists::{self, LIST_SSH_PUBLIC_KEYS, LIST_USERS};

declare_check! {
    /// Ensures the SSH public keys IAM users authenticate to CodeCommit with are rotated. Each
    /// user is judged by the oldest of their active keys, in whole days from its `UploadDate`
    /// to collection: more than ssh_keys_rotated_fail days (default 360) fails, more than
    /// ssh_keys_rotated_warn days (default 180) warns, otherwise it passes. Inactive keys cannot
    /// authenticate and are not judged; a user without active keys passes.
    ///
    /// CloudSploit reports each active key as a separate result under the same user; stance
    /// reports one result per user, naming the oldest active key, which decides the worst
    /// verdict CloudSploit would give. CloudSploit rounds a key's age to the nearest day (360
    /// days and 13 hours fails there); stance counts whole days elapsed (it warns).
    ///
    /// ## Remediation
    /// Generate a new key pair, upload the public key to the user, switch clients to it, then
    /// deactivate and delete the old key.
    pub(crate) CHECK {
        id: "sshKeysRotated",
        title: "SSH Keys Rotated",
        severity: Low,
        reads: [LIST_USERS, LIST_SSH_PUBLIC_KEYS],
        run,
        settings: [FAIL_DAYS, WARN_DAYS],
    }
}

static FAIL_DAYS: Setting<i64> = Setting::new(
    "ssh_keys_rotated_fail",
    "360",
    "An active SSH public key uploaded more than this many whole days before collection fails.",
);

static WARN_DAYS: Setting<i64> = Setting::new(
    "ssh_keys_rotated_warn",
    "180",
    "An active SSH public key uploaded more than this many whole days before collection (but not more than ssh_keys_rotated_fail) warns.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let (fail, warn) = (*ctx.setting(&FAIL_DAYS), *ctx.setting(&WARN_DAYS));
    let now = ctx.now();
    iam_lists::each_listed_user(ctx, findings, LIST_SSH_PUBLIC_KEYS, |user, keys, findings| {
        let (arn, name) = (user.arn.clone(), &user.user_name);
        let oldest = keys.ssh_public_keys.iter().filter(|key| key.is_active()).min_by_key(|key| key.upload_date);
        let Some(key) = oldest else {
            return findings.ok(arn, GLOBAL_REGION, format!("User {name} has no active SSH public keys"));
        };
        let age = whole_days(key.upload_date, now).max(0);
        let message = format!(
            "User {name}'s oldest active SSH public key {} is {} old (warn: {warn}, fail: {fail})",
            key.ssh_public_key_id,
            plural(age, "day")
        );
        if age > fail {
            findings.fail(arn, GLOBAL_REGION, message);
        } else if age > warn {
            findings.warn(arn, GLOBAL_REGION, message);
        } else {
            findings.ok(arn, GLOBAL_REGION, message);
        }
    });
}
