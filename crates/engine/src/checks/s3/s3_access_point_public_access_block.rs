use crate::analysis::s3_access::{self, BlockSetting, EffectiveBlock};
use crate::check::declare_check;
use crate::context::{Context, Findings, not_configured};
use crate::views::s3::{
    GET_ACCESS_POINT, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK, LIST_ACCESS_POINTS, PublicAccessBlockConfiguration,
};

declare_check! {
    /// Ensures every S3 access point has all four Block Public Access settings applied to the
    /// requests made through it: each on for the access point itself (set when it was created; it
    /// cannot be changed later) or for the account, whose settings S3 enforces on every access
    /// point the account owns. An access point with a setting off at both levels fails, and the
    /// message names the settings and the access point's network origin (a VPC-origin access
    /// point is never public by S3's definition, but its settings still guard the bucket's ACLs
    /// and policy for requests made through it).
    ///
    /// Prowler, like FSBP S3.19, reads only the access point's own settings; stance also credits
    /// the account's, since S3 applies the most restrictive combination of the two.
    ///
    /// ## Remediation
    /// Turn on all four Block Public Access settings for the account, or replace the access point
    /// with one created with all four on.
    pub(crate) CHECK {
        id: "s3AccessPointPublicAccessBlock",
        title: "S3 Access Point Public Access Block",
        severity: Critical,
        reads: [LIST_ACCESS_POINTS, GET_ACCESS_POINT, GET_ACCOUNT_PUBLIC_ACCESS_BLOCK],
        run,
        aliases: [
            ("s3_access_point_public_access_block", Differently("Prowler reads only the access point's own settings; stance also credits the account's Block Public Access, which S3 enforces on every access point of the account")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = s3_access::account_block(ctx);
    ctx.each_region(LIST_ACCESS_POINTS, findings, |region, list, findings| {
        for point in list.access_point_list.iter() {
            let arn = point.access_point_arn.clone();
            let details = match ctx.read_resource(GET_ACCESS_POINT, &arn).1 {
                Ok(Some(details)) => Ok(details),
                Ok(None) => Err(not_configured(GET_ACCESS_POINT.id)),
                Err(reason) => Err(reason),
            };
            let details = match details {
                Ok(details) => details,
                Err(reason) => {
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            let what =
                format!("Access point {} ({} origin, bucket {})", point.name, details.network_origin, details.bucket);
            let own = details.public_access_block_configuration.clone();
            judge(findings, arn, region, &what, own, &account, "the access point");
        }
    });
}

/// Reports whether all four settings apply, on `own` (the access point's) or the account's.
pub(crate) fn judge(
    findings: &mut Findings,
    arn: String,
    region: &str,
    what: &str,
    own: PublicAccessBlockConfiguration,
    account: &Result<PublicAccessBlockConfiguration, crate::context::Unknown>,
    level: &str,
) {
    let count = |config: &PublicAccessBlockConfiguration| BlockSetting::ALL.iter().filter(|s| s.is_on(config)).count();
    let block = EffectiveBlock { bucket: own, account };
    match block.not_enforced(&BlockSetting::ALL) {
        Err(reason) => findings.unknown(arn, region, &reason),
        Ok(off) if off.is_empty() => {
            let account = match account {
                Ok(account) => format!("{} of 4 for the account", count(account)),
                Err(_) => "the account's settings unread".to_owned(),
            };
            findings.ok(
                arn,
                region,
                format!("{what} blocks all public access ({} of 4 on for {level}, {account})", count(&block.bucket)),
            )
        }
        Ok(off) => findings.fail(
            arn,
            region,
            format!(
                "{what} has Block Public Access settings off for {level} and the account: {}",
                s3_access::names(&off)
            ),
        ),
    }
}
