use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_last_accessed::{
    self, BEDROCK, GENERATE_SERVICE_LAST_ACCESSED_DETAILS, GET_SERVICE_LAST_ACCESSED_DETAILS,
    MAX_UNUSED_BEDROCK_ACCESS_DAYS, Principals,
};

declare_check! {
    /// Ensures IAM users that hold Amazon Bedrock permissions still use them. Bedrock actions a
    /// user never exercises are standing access to models, agents and knowledge bases that only
    /// widens what its leaked keys or password can do. For each user whose permissions reach
    /// Bedrock (an Allow of some `bedrock:` action on some resource in its own or its groups'
    /// policies, not taken away by an unconditioned Deny, and within its permissions boundary if
    /// it has one), its IAM last-accessed report is read: a user that last used Bedrock more
    /// than `max_unused_bedrock_access_days` days ago (default 60) fails, as does one that never
    /// used it and is older than that; a more recent use passes. Users Bedrock does not reach get
    /// no result.
    ///
    /// The report lists every service a user's permissions policies allow, whether used or not,
    /// so Prowler judges each user whose report has a Bedrock entry. stance decides who holds
    /// Bedrock rights from the policies themselves, because the report ignores permissions
    /// boundaries: a user whose boundary or explicit Deny leaves it no Bedrock action holds no
    /// stale Bedrock access, and gets no result. `LastAuthenticated` is absent when the user
    /// made no attempt in IAM's tracking period (at least 400 days); Prowler fails such a user
    /// even if it was created yesterday, while stance counts the unused days from the user's
    /// creation then, since no permission of a user is older than the user. IAM counts every
    /// attempt made with the user's credentials, denied ones too (requests made in a role the
    /// user assumed count for the role), and recent activity may take about four hours to
    /// appear. A report that is missing, failed, still in progress when collection ended, or
    /// truncated before Bedrock's entry leaves the user UNKNOWN, as does a complete report
    /// without a Bedrock entry while the policies allow Bedrock.
    ///
    /// ## Remediation
    /// Remove the Bedrock actions from the user's policies and groups when it no longer needs
    /// Bedrock, or narrow them to what it uses; better, give Bedrock work to a role. The user's
    /// Access Advisor tab in the IAM console shows the same data.
    pub(crate) CHECK {
        id: "iamUserBedrockLastUsed",
        title: "IAM User Bedrock Last Used",
        severity: Medium,
        reads: [
            GET_ACCOUNT_AUTHORIZATION_DETAILS,
            GENERATE_SERVICE_LAST_ACCESSED_DETAILS,
            GET_SERVICE_LAST_ACCESSED_DETAILS,
        ],
        run,
        settings: [MAX_UNUSED_BEDROCK_ACCESS_DAYS],
        aliases: [(
            "iam_user_access_not_stale_to_bedrock",
            Differently("Prowler fails a user younger than the threshold that has not used Bedrock yet, judges users whose boundary or Deny leaves them no Bedrock action, and gives no result where the report is missing or unfinished; stance counts unused days from the user's creation, judges the Bedrock rights the policies leave, and says UNKNOWN")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let max_days = *ctx.setting(&MAX_UNUSED_BEDROCK_ACCESS_DAYS);
    iam_last_accessed::judge_stale_access(ctx, findings, Principals::Users, BEDROCK, max_days);
}
