use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::iam_authorization::GET_ACCOUNT_AUTHORIZATION_DETAILS;
use crate::views::iam_last_accessed::{
    self, BEDROCK, GENERATE_SERVICE_LAST_ACCESSED_DETAILS, GET_SERVICE_LAST_ACCESSED_DETAILS,
    MAX_UNUSED_BEDROCK_ACCESS_DAYS, Principals,
};

declare_check! {
    /// Ensures IAM roles that hold Amazon Bedrock permissions still use them. A role whose
    /// policies allow Bedrock actions nobody exercises is standing access to models, agents and
    /// knowledge bases that only widens what a stolen session can do. For each role whose
    /// permissions reach Bedrock (an Allow of some `bedrock:` action on some resource, not taken
    /// away by an unconditioned Deny, and within its permissions boundary if it has one), its
    /// IAM last-accessed report is read: a role that last used Bedrock more than
    /// `max_unused_bedrock_access_days` days ago (default 60) fails, as does one that never used
    /// it and is older than that; a more recent use passes. Roles Bedrock does not reach get no
    /// result.
    ///
    /// The report lists every service a role's permissions policies allow, whether used or not,
    /// so Prowler judges each role whose report has a Bedrock entry. stance decides who holds
    /// Bedrock rights from the policies themselves, because the report ignores permissions
    /// boundaries: a role whose boundary or explicit Deny leaves it no Bedrock action holds no
    /// stale Bedrock access, and gets no result.
    /// `LastAuthenticated` is absent when the role made no attempt in IAM's tracking period (at
    /// least 400 days); Prowler fails such a role even if it was created yesterday, while stance
    /// counts the unused days from the role's creation then, since no permission of a role is
    /// older than the role. IAM counts every attempt, denied ones too, and recent activity may
    /// take about four hours to appear. Service-linked roles are not judged: the AWS service that
    /// owns one defines its permissions. A report that is missing, failed, still in progress when
    /// collection ended, or truncated before Bedrock's entry leaves the role UNKNOWN, as does a
    /// complete report without a Bedrock entry while the policies allow Bedrock (the two
    /// disagree, so its last use is not known).
    ///
    /// ## Remediation
    /// Remove the Bedrock actions from the role's policies (or detach the policies that grant
    /// them) when the role no longer needs Bedrock; otherwise narrow them to the models and
    /// actions it does use. The role's Access Advisor tab in the IAM console shows the same
    /// data.
    pub(crate) CHECK {
        id: "iamRoleBedrockLastUsed",
        title: "IAM Role Bedrock Last Used",
        severity: Medium,
        reads: [
            GET_ACCOUNT_AUTHORIZATION_DETAILS,
            GENERATE_SERVICE_LAST_ACCESSED_DETAILS,
            GET_SERVICE_LAST_ACCESSED_DETAILS,
        ],
        run,
        settings: [MAX_UNUSED_BEDROCK_ACCESS_DAYS],
        aliases: [(
            "iam_role_access_not_stale_to_bedrock",
            Differently("Prowler fails a role younger than the threshold that has not used Bedrock yet, judges roles whose boundary or Deny leaves them no Bedrock action and service-linked roles, and gives no result where the report is missing or unfinished; stance counts unused days from the role's creation, judges the Bedrock rights the policies leave, and says UNKNOWN")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let max_days = *ctx.setting(&MAX_UNUSED_BEDROCK_ACCESS_DAYS);
    iam_last_accessed::judge_stale_access(ctx, findings, Principals::Roles, BEDROCK, max_days);
}
