use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::governance::{LIST_ANALYZERS, LIST_FINDINGS_V2};

declare_check! {
    /// Ensures IAM Access Analyzer findings are dealt with: each active analyzer fails while
    /// `ListFindingsV2` (filtered to status `ACTIVE`) still holds findings, neither archived nor
    /// resolved, and passes when it holds none. Findings of every analyzer type count, unused
    /// access ones included, which `ListFindingsV2` returns and the older `ListFindings` does
    /// not. Regions without analyzers, and analyzers that are not active (whose findings are not
    /// kept current), give no result: accessAnalyzerEnabled judges those.
    ///
    /// Prowler reads only `ListFindings`, so an unused access analyzer's findings never fail
    /// it; CloudSploit passes a region with no analyzer.
    ///
    /// ## Remediation
    /// Review each active finding in the IAM console (Access Analyzer): remove the access that
    /// is not intended, then archive findings for access that is (or add an archive rule).
    pub(crate) CHECK {
        id: "accessAnalyzerActiveFindings",
        title: "Access Analyzer Active Findings",
        severity: High,
        reads: [LIST_ANALYZERS, LIST_FINDINGS_V2],
        run,
        aliases: [(
            "accessanalyzer_enabled_without_findings",
            Differently(
                "Prowler reads findings with ListFindings only, which does not return unused access findings, so an unused access analyzer with active findings passes"
            )
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    for region in ctx.regions() {
        let analyzers = match ctx.read_configured(LIST_ANALYZERS, region) {
            Ok(analyzers) => analyzers,
            Err(reason) => {
                findings.unknown(ctx.region_arn("access-analyzer", region), region, &reason);
                continue;
            }
        };
        for analyzer in analyzers.analyzers.iter().filter(|analyzer| analyzer.is_active()) {
            let label = format!("IAM Access Analyzer {} ({})", analyzer.name, analyzer.analyzer_type);
            let listed = ctx
                .read_resource(LIST_FINDINGS_V2, &analyzer.arn)
                .1
                .and_then(|listed| listed.ok_or_else(|| crate::context::not_configured(LIST_FINDINGS_V2.id)));
            let listed = match listed {
                Ok(listed) => listed,
                Err(reason) => {
                    findings.unknown(analyzer.arn.as_str(), region, &reason);
                    continue;
                }
            };
            let active = listed.findings.iter().filter(|finding| finding.status == "ACTIVE").count();
            if active == 0 {
                findings.ok(analyzer.arn.as_str(), region, format!("{label} has no active findings"));
            } else {
                let count = plural(i64::try_from(active).unwrap_or(i64::MAX), "active finding");
                findings.fail(analyzer.arn.as_str(), region, format!("{label} has {count}"));
            }
        }
    }
}
