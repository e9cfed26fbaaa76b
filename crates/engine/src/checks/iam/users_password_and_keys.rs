use regex::Regex;
use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures IAM users are either people, who sign in to the console with a password, or
    /// machines, which use access keys, not both. Among the users whose names match
    /// iam_machine_username_regex (default `^.*$`, every user; the others are not judged): fails
    /// a user with a console password and an active access key, used or not; passes a user with
    /// only one of them, or neither. usersInitialAccessKeys flags only keys never used.
    ///
    /// ## Remediation
    /// Give people console access only, through federation where possible, and give programs IAM
    /// roles or separate machine users; remove the access keys of console users.
    pub(crate) CHECK {
        id: "usersPasswordAndKeys",
        title: "Users Password And Keys",
        severity: High,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [PATTERN],
    }
}

static PATTERN: Setting<Regex> = Setting::new(
    "iam_machine_username_regex",
    "^.*$",
    "Only IAM users whose names match this regular expression are judged.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let pattern = ctx.setting(&PATTERN);
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        if !pattern.is_match(name) {
            return;
        }
        match (user.has_password(), user.active_keys().as_slice()) {
            (false, _) => findings.ok(&user.arn, GLOBAL_REGION, format!("User {name} has no console password")),
            (true, []) => findings.ok(
                &user.arn,
                GLOBAL_REGION,
                format!("User {name} has a console password and no active access keys"),
            ),
            (true, [key]) => findings.fail(
                &user.arn,
                GLOBAL_REGION,
                format!("User {name} has a console password and an active access key (key {key})"),
            ),
            (true, _) => findings.fail(
                &user.arn,
                GLOBAL_REGION,
                format!("User {name} has a console password and 2 active access keys"),
            ),
        }
    });
}
