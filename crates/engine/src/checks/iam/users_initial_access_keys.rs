use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures no access key was handed out with a console user at setup and left unused: fails
    /// an IAM user with a console password and an active access key that has never been used
    /// (`access_key_N_last_used_date` is `N/A`); passes other users. A key last used before
    /// April 2015, when IAM began tracking key use, also reads as never used; it is then more
    /// than ten years old. usersPasswordAndKeys fails console users with any active key. The
    /// root user is not judged: Prowler always passes it (its `password_enabled` is
    /// `not_supported`), and rootAccessKeys fails any active root key.
    ///
    /// ## Remediation
    /// Delete the unused access keys; create keys only when a user needs one, and prefer IAM
    /// roles for programs.
    pub(crate) CHECK {
        id: "usersInitialAccessKeys",
        title: "Users Initial Access Keys",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        aliases: [("iam_user_no_setup_initial_access_key", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        if !user.has_password() {
            return findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no console password"));
        }
        let unused: Vec<u8> =
            user.active_access_keys().filter(|key| key.last_used.is_none()).map(|key| key.number).collect();
        match unused.as_slice() {
            [] => findings.ok(
                &user.arn,
                GLOBAL_REGION,
                format!("User {name} has a console password and no active access key that was never used"),
            ),
            [key] => findings.fail(
                &user.arn,
                GLOBAL_REGION,
                format!("User {name} has a console password and an active access key never used (key {key})"),
            ),
            _ => findings.fail(
                &user.arn,
                GLOBAL_REGION,
                format!("User {name} has a console password and 2 active access keys never used"),
            ),
        }
    });
}
