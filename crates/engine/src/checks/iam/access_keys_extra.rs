use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures no IAM user has two active access keys. A second active key is usually a rotation
    /// left half done, and doubles the long-lived credentials that can leak.
    ///
    /// ## Remediation
    /// Find which key is still in use (IAM shows each key's last use), then deactivate and delete
    /// the other one.
    pub(crate) CHECK {
        id: "accessKeysExtra",
        title: "Access Keys Extra",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        aliases: [("iam_user_two_active_access_key", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        match user.active_keys().as_slice() {
            [] => findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no active access keys")),
            [key] => {
                findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has one active access key (key {key})"))
            }
            _ => findings.fail(&user.arn, GLOBAL_REGION, format!("User {name} has 2 active access keys")),
        }
    });
}
