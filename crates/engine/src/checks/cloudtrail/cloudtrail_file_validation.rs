use crate::analysis::trails::{self, AccountTrails};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::cloudtrail::DESCRIBE_TRAILS;

declare_check! {
    /// Ensures CloudTrail log file integrity validation is on, so that CloudTrail writes signed
    /// digest files with which a changed or deleted log file can be detected (CIS 4.2). Each
    /// trail is judged once, in its home region, however many regions list its shadow copies: it
    /// passes when `LogFileValidationEnabled` is true and fails otherwise. Organization trails
    /// seen from a member account are judged too: they hold this account's events, though only
    /// the management account can change them (the message names the owner).
    ///
    /// CloudSploit reports a multi-region trail again in every region and fails regions without
    /// a trail; stance, like Prowler, reports each trail once and leaves the absence of trails to
    /// cloudtrailEnabled. A region whose trail listing could not be read is UNKNOWN: it may hide
    /// a trail.
    ///
    /// ## Remediation
    /// Turn on log file validation for the trail (`aws cloudtrail update-trail --name TRAIL
    /// --enable-log-file-validation`).
    pub(crate) CHECK {
        id: "cloudtrailFileValidation",
        title: "CloudTrail File Validation",
        severity: Medium,
        reads: [DESCRIBE_TRAILS],
        run,
        aliases: [("cloudtrail_log_file_validation_enabled", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let all = AccountTrails::load(ctx);
    trails::each_trail(ctx, findings, &all, |trail, region, label, findings| {
        if trail.log_file_validation_enabled {
            findings.ok(trail.trail_arn.clone(), region, format!("{label} has log file validation enabled"));
        } else {
            findings.fail(trail.trail_arn.clone(), region, format!("{label} has log file validation disabled"));
        }
    });
}
