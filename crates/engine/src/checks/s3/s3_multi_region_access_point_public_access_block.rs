use stance_snapshot::GLOBAL_REGION;

use crate::analysis::s3_access;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::{GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, LIST_MULTI_REGION_ACCESS_POINTS};

use super::s3_access_point_public_access_block::judge;

declare_check! {
    /// Ensures every S3 Multi-Region Access Point has all four Block Public Access settings
    /// applied: each on for the Multi-Region Access Point itself (set at creation, unchangeable)
    /// or for the account, which S3 enforces on every access point the account owns. One with a
    /// setting off at both levels fails. The list comes from the Multi-Region Access Point control
    /// plane in us-west-2.
    ///
    /// Prowler reads only the access point's own settings; stance also credits the account's.
    ///
    /// ## Remediation
    /// Turn on all four Block Public Access settings for the account, or replace the Multi-Region
    /// Access Point with one created with all four on.
    pub(crate) CHECK {
        id: "s3MultiRegionAccessPointPublicAccessBlock",
        title: "S3 Multi-Region Access Point Public Access Block",
        severity: High,
        reads: [LIST_MULTI_REGION_ACCESS_POINTS, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK],
        run,
        aliases: [
            ("s3_multi_region_access_point_public_access_block", Differently("Prowler reads only the Multi-Region Access Point's own settings; stance also credits the account's Block Public Access")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let list = match ctx.read_configured(LIST_MULTI_REGION_ACCESS_POINTS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.region_arn("s3", ""), GLOBAL_REGION, &reason),
    };
    let account = s3_access::account_block(ctx);
    for point in list.access_points.iter() {
        let arn = ctx.arn("s3", "", &format!("accesspoint/{}", point.alias));
        let what = format!("Multi-Region Access Point {}", point.name);
        judge(findings, arn, GLOBAL_REGION, &what, point.public_access_block.clone(), &account, "the access point");
    }
}
