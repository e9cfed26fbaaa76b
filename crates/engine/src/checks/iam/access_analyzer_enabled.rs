use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::governance::{Analyzer, LIST_ANALYZERS};

declare_check! {
    /// Ensures IAM Access Analyzer looks for external access in every region, as CIS 2.18 asks.
    /// A region passes when it has an `ACTIVE` analyzer of type `ACCOUNT` or `ORGANIZATION`
    /// (the external access analyzers, which report resources shared outside the account or
    /// organization), and fails otherwise, naming the analyzers it has and their status.
    /// Unused access and internal access analyzers do not count: they look for something
    /// else, and an account with only those has nothing reporting external access.
    ///
    /// CloudSploit passes a region with any active analyzer, whatever its type; Prowler reports
    /// each analyzer on its own, so a region with one active and one failed analyzer gets both a
    /// pass and a fail. Stance gives one result per region.
    ///
    /// ## Remediation
    /// `aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT` in
    /// each region (`ORGANIZATION` from the organization's management account or delegated
    /// administrator).
    pub(crate) CHECK {
        id: "accessAnalyzerEnabled",
        title: "Access Analyzer Enabled",
        severity: Medium,
        reads: [LIST_ANALYZERS],
        run,
        aliases: [(
            "accessanalyzer_enabled",
            Differently(
                "Prowler reports each analyzer on its own, passing a region by any active analyzer whatever its type; stance gives one result per region, passed only by an active external access analyzer"
            )
        )],
    }
}

/// Whether an analyzer looks for external access.
fn is_external_access(analyzer: &Analyzer) -> bool {
    matches!(analyzer.analyzer_type.as_str(), "ACCOUNT" | "ORGANIZATION")
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let arn = ctx.region_arn("access-analyzer", region);
        let analyzers = match ctx.read_configured(LIST_ANALYZERS, region) {
            Ok(analyzers) => analyzers,
            Err(reason) => {
                findings.unknown(arn, region, &reason);
                continue;
            }
        };
        let active = analyzers.analyzers.iter().find(|analyzer| analyzer.is_active() && is_external_access(analyzer));
        if let Some(analyzer) = active {
            let message =
                format!("IAM Access Analyzer {} ({}) is active in {region}", analyzer.name, analyzer.analyzer_type);
            findings.ok(arn, region, message);
        } else if analyzers.analyzers.is_empty() {
            findings.fail(arn, region, format!("No IAM Access Analyzer analyzer in {region}"));
        } else {
            let seen: Vec<String> = analyzers
                .analyzers
                .iter()
                .map(|analyzer| format!("{} ({}, {})", analyzer.name, analyzer.analyzer_type, analyzer.status))
                .collect();
            findings.fail(
                arn,
                region,
                format!("No active external access analyzer in {region}, only {}", seen.join(", ")),
            );
        }
    }
}
