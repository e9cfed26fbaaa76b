use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::iam::GET_CREDENTIAL_REPORT;

declare_check! {
    /// Detects use of a canary user's access keys: keys created only to be found by an intruder,
    /// so that any use of them means a breach. Fails when the credential report shows a use of
    /// either access key of the IAM user named by canary_user; passes while neither has any. With
    /// canary_user empty (the default) the check reports nothing; a name the report does not
    /// hold is UNKNOWN. Uses before April 2015, when IAM began tracking key use, do not show.
    ///
    /// ## Remediation
    /// Treat a used canary key as a breach: find the caller in CloudTrail (the report names the
    /// last region and service), deactivate the key and investigate.
    pub(crate) CHECK {
        id: "canaryKeysUsed",
        title: "Canary Keys Used",
        severity: Critical,
        reads: [GET_CREDENTIAL_REPORT],
        run,
        settings: [CANARY_USER],
    }
}

static CANARY_USER: Setting<String> = Setting::new(
    "canary_user",
    "",
    "The name (not the ARN) of an IAM user whose access keys must never be used; empty turns the check off.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let canary = ctx.setting(&CANARY_USER).as_str();
    if canary.is_empty() {
        return;
    }
    let account = ctx.account_arn();
    let report = match ctx.read_configured(GET_CREDENTIAL_REPORT, GLOBAL_REGION) {
        Ok(report) => report,
        Err(reason) => return findings.unknown(account, GLOBAL_REGION, &reason),
    };
    let Some(user) = report.users().find(|user| user.user == canary) else {
        let reason = format!("The credential report has no IAM user named {canary} (canary_user)");
        return findings.unknown(account, GLOBAL_REGION, &Unknown::new(reason));
    };
    let uses: Vec<String> = user
        .access_keys()
        .iter()
        .filter_map(|key| {
            let days = ctx.days_since(key.last_used?);
            Some(format!("access key {} was last used {} ago", key.number, plural(days, "day")))
        })
        .collect();
    if uses.is_empty() {
        findings.ok(&user.arn, GLOBAL_REGION, format!("Canary user {canary}'s access keys have never been used"));
    } else {
        findings.fail(&user.arn, GLOBAL_REGION, format!("Canary user {canary}: {}", uses.join(", ")));
    }
}
