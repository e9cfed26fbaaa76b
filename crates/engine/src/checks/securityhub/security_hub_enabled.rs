use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::DESCRIBE_HUB;

declare_check! {
    /// Ensures AWS Security Hub is enabled in every region, as CIS 5.16 asks. A region passes
    /// when `DescribeHub` describes the hub, and fails when it answers
    /// `InvalidAccessException` (the account is not subscribed to Security Hub there); any other
    /// error is UNKNOWN.
    ///
    /// Prowler also fails an enabled hub with no enabled standard and no product integration,
    /// and drops the region when it cannot read those; CIS 5.16 and the Security Hub user guide
    /// make an enabled hub the whole requirement (a hub without standards still aggregates the
    /// findings of GuardDuty, Inspector, Macie and the other integrated services), so stance
    /// follows CloudSploit's test.
    ///
    /// ## Remediation
    /// `aws securityhub enable-security-hub --enable-default-standards` in each region, or
    /// enable it for the organization from the delegated administrator.
    pub(crate) CHECK {
        id: "securityHubEnabled",
        title: "Security Hub Enabled",
        severity: Medium,
        reads: [DESCRIBE_HUB],
        run,
        aliases: [(
            "securityhub_enabled",
            Differently(
                "Prowler also fails an enabled hub with no enabled standard and no product integration; CIS 5.16 asks only that Security Hub be enabled"
            )
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        // The hub's ARN, which DescribeHub returns; the same resource whatever the answer.
        let arn = ctx.typed_arn("securityhub", region, "hub", "default");
        match ctx.read(DESCRIBE_HUB, region) {
            Ok(Some(hub)) => {
                let since = hub.subscribed_at.as_deref().map(|at| format!(" since {at}")).unwrap_or_default();
                findings.ok(arn, region, format!("Security Hub is enabled in {region}{since}"));
            }
            Ok(None) => findings.fail(arn, region, format!("Security Hub is not enabled in {region}")),
            Err(reason) => findings.unknown(arn, region, &reason),
        }
    }
}
