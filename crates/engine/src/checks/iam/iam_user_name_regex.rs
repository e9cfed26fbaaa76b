use regex::Regex;
use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::iam::{self, GET_CREDENTIAL_REPORT};

declare_check! {
    /// Ensures IAM user names follow the organisation's naming convention: fails an IAM user
    /// whose name does not match iam_username_regex (default `^.*$`, any name), and passes one
    /// that does. The pattern is unanchored unless it says `^` and `$`. The root user has no
    /// IAM user name and is not judged.
    ///
    /// ## Remediation
    /// Rename the user (`aws iam update-user --new-user-name`) to a name that follows the
    /// convention.
    pub(crate) CHECK {
        id: "iamUserNameRegex",
        title: "IAM Username Matches Regex",
        severity: Medium,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [PATTERN],
    }
}

static PATTERN: Setting<Regex> =
    Setting::new("iam_username_regex", "^.*$", "Every IAM user name must match this regular expression.");

fn run(ctx: &Context, findings: &mut Findings) {
    let pattern = ctx.setting(&PATTERN);
    iam::each_user(ctx, findings, |user, findings| {
        let name = &user.user;
        if pattern.is_match(name) {
            findings.ok(&user.arn, GLOBAL_REGION, format!("User name {name} matches {pattern}"));
        } else {
            findings.fail(&user.arn, GLOBAL_REGION, format!("User name {name} does not match {pattern}"));
        }
    });
}
