use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_last_accessed::{
    self, GENERATE_SERVICE_LAST_ACCESSED_DETAILS, GET_SERVICE_LAST_ACCESSED_DETAILS, Principals, SAGEMAKER,
};

declare_check! {
    /// Ensures IAM users that hold Amazon SageMaker permissions still use them. SageMaker
    /// actions a user never exercises are standing access to training data, models, endpoints
    /// and notebooks that only widens what its leaked keys or password can do. For each user
    /// whose permissions reach SageMaker (an Allow of some `sagemaker:` action on some resource
    /// in its own or its groups' policies, not taken away by an unconditioned Deny, and within
    /// its permissions boundary if it has one), its IAM last-accessed report is read: a user
    /// that last used SageMaker more than `max_unused_sagemaker_access_days` days ago (default
    /// 90) fails, as does one that never used it and is older than that; a more recent use
    /// passes. Users SageMaker does not reach get no result. Only the `sagemaker` prefix counts;
    /// services with prefixes of their own (`sagemaker-geospatial`) are other services.
    ///
    /// The report lists every service a user's permissions policies allow, whether used or not,
    /// so Prowler judges each user whose report has a SageMaker entry. stance decides who holds
    /// SageMaker rights from the policies themselves, because the report ignores permissions
    /// boundaries: a user whose boundary or explicit Deny leaves it no SageMaker action holds no
    /// stale SageMaker access, and gets no result. `LastAuthenticated` is absent when the user
    /// made no attempt in IAM's tracking period (at least 400 days); Prowler fails such a user
    /// even if it was created yesterday, while stance counts the unused days from the user's
    /// creation then, since no permission of a user is older than the user. IAM counts every
    /// attempt made with the user's credentials, denied ones too, and recent activity may take
    /// about four hours to appear. A report that is missing, failed, still in progress when
    /// collection ended, or truncated before SageMaker's entry leaves the user UNKNOWN, as does
    /// a complete report without a SageMaker entry while the policies allow SageMaker.
    ///
    /// ## Remediation
    /// Remove the SageMaker actions from the user's policies and groups when it no longer needs
    /// SageMaker, or narrow them to what it uses; better, give SageMaker work to a role. The
    /// user's Access Advisor tab in the IAM console shows the same data.
    pub(crate) CHECK {
        id: "iamUserSageMakerLastUsed",
        title: "IAM User SageMaker Last Used",
        severity: Medium,
        reads: [
            GET_ACCOUNT_AUTHORIZATION_DETAILS,
            GENERATE_SERVICE_LAST_ACCESSED_DETAILS,
            GET_SERVICE_LAST_ACCESSED_DETAILS,
        ],
        run,
        settings: [MAX_UNUSED_SAGEMAKER_ACCESS_DAYS],
        aliases: [(
            "iam_user_access_not_stale_to_sagemaker",
            Differently("Prowler fails a user younger than the threshold that has not used SageMaker yet, judges users whose boundary or Deny leaves them no SageMaker action, and gives no result where the report is missing or unfinished; stance counts unused days from the user's creation, judges the SageMaker rights the policies leave, and says UNKNOWN")
        )],
    }
}

/// Prowler's `max_unused_sagemaker_access_days`.
static MAX_UNUSED_SAGEMAKER_ACCESS_DAYS: Setting<i64> = Setting::new(
    "max_unused_sagemaker_access_days",
    "90",
    "A user whose permissions reach SageMaker and that has not used SageMaker for more than this many days fails.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let max_days = *ctx.setting(&MAX_UNUSED_SAGEMAKER_ACCESS_DAYS);
    iam_last_accessed::judge_stale_access(ctx, findings, Principals::Users, SAGEMAKER, max_days);
}
