use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::GET_MACIE_SESSION;

declare_check! {
    /// Ensures Amazon Macie is enabled in every region, to discover and classify sensitive data
    /// in S3 (CIS 3.1.3, FSBP Macie.1). A region passes when `GetMacieSession` says `ENABLED`,
    /// and fails when it says `PAUSED` (no discovery runs) or answers the
    /// `AccessDeniedException` whose message says Macie is not enabled, which is how Macie
    /// reports an account that has not enabled it. Any other error, a real denial included, is
    /// UNKNOWN.
    ///
    /// Every region is judged, as FSBP Macie.1 does; Prowler judges only regions that hold S3
    /// buckets unless asked to scan unused services. CIS 3.1.3 is a manual control that a
    /// Macie job or another tool can meet; an enabled Macie session is the evidence that can be
    /// read.
    ///
    /// ## Remediation
    /// `aws macie2 enable-macie` in each region (or from the Macie delegated administrator for
    /// the organization), then enable automated sensitive data discovery or create
    /// classification jobs; `aws macie2 update-macie-session --status ENABLED` resumes a paused
    /// session.
    pub(crate) CHECK {
        id: "macieEnabled",
        title: "Macie Enabled",
        severity: Medium,
        reads: [GET_MACIE_SESSION],
        run,
        aliases: [(
            "macie_is_enabled",
            Differently("Prowler judges only regions that hold S3 buckets; stance judges every region, as FSBP Macie.1 does")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let arn = ctx.region_arn("macie2", region);
        match ctx.read_configured(GET_MACIE_SESSION, region) {
            Ok(session) if session.status == "ENABLED" => {
                findings.ok(arn, region, format!("Macie is enabled in {region}"));
            }
            Ok(session) => {
                findings.fail(arn, region, format!("Macie is {} in {region}", session.status.to_lowercase()));
            }
            Err(reason) => {
                let not_enabled = ctx.call_error(GET_MACIE_SESSION, region).is_some_and(|error| {
                    error.code == "AccessDeniedException"
                        && error.message.as_deref().is_some_and(|message| message.contains("Macie is not enabled"))
                });
                if not_enabled {
                    findings.fail(arn, region, format!("Macie is not enabled in {region}"));
                } else {
                    findings.unknown(arn, region, &reason);
                }
            }
        }
    }
}
