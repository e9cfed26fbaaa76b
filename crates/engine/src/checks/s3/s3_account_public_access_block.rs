use stance_snapshot::GLOBAL_REGION;

use crate::analysis::s3_access::{self, BlockSetting};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::s3::GET_ACCOUNT_PUBLIC_ACCESS_BLOCK;

declare_check! {
    /// Ensures the account-level Block Public Access (S3 Control) has all four settings on, so that
    /// they apply to every bucket and access point of the account, present and future, whatever
    /// each bucket's own settings say. It fails when IgnorePublicAcls or RestrictPublicBuckets is
    /// off, the two settings that make S3 disregard public ACLs and public policies already in
    /// place; it warns when only BlockPublicAcls or BlockPublicPolicy is off, the two that refuse
    /// new public grants: nothing is public through the account's ACLs or policies then, but
    /// public grants can still be written, and take effect the moment one of the other settings is
    /// lifted. "Not configured" is all four off.
    ///
    /// Prowler requires only IgnorePublicAcls and RestrictPublicBuckets, and reports the FAIL only
    /// when the account has buckets; CIS 3.1.4 and FSBP S3.1 ask for all four, which stance
    /// requires to pass, and the settings guard buckets made later too, so stance reports the
    /// account whether or not it has buckets.
    ///
    /// ## Remediation
    /// Turn on all four Block Public Access settings for the account (S3 console, "Block Public
    /// Access settings for this account"), after moving content that must stay public behind
    /// CloudFront.
    pub(crate) CHECK {
        id: "s3AccountPublicAccessBlock",
        title: "S3 Account Public Access Block",
        severity: High,
        reads: [GET_ACCOUNT_PUBLIC_ACCESS_BLOCK],
        run,
        aliases: [
            ("s3_account_level_public_access_blocks", Differently("Prowler passes with IgnorePublicAcls and RestrictPublicBuckets on and reports nothing for an account without buckets; stance warns until BlockPublicAcls and BlockPublicPolicy are on too, and reports every account")),
        ],
    }
}

/// The settings that neutralise public grants already in place.
const ENFORCING: [BlockSetting; 2] = [BlockSetting::IgnorePublicAcls, BlockSetting::RestrictPublicBuckets];
/// The settings that refuse new public grants.
const REFUSING: [BlockSetting; 2] = [BlockSetting::BlockPublicAcls, BlockSetting::BlockPublicPolicy];

fn run(ctx: &Context, findings: &mut Findings) {
    let resource = ctx.region_arn("s3", "");
    let account = match s3_access::account_block(ctx) {
        Ok(account) => account,
        Err(reason) => return findings.unknown(resource, GLOBAL_REGION, &reason),
    };
    let off = |settings: &[BlockSetting]| -> Vec<BlockSetting> {
        settings.iter().copied().filter(|setting| !setting.is_on(&account)).collect()
    };
    let (enforcing_off, refusing_off) = (off(&ENFORCING), off(&REFUSING));
    if !enforcing_off.is_empty() {
        let mut all_off = enforcing_off.clone();
        all_off.extend(&refusing_off);
        findings.fail(
            resource,
            GLOBAL_REGION,
            format!("The account's Block Public Access has {} off", s3_access::names(&all_off)),
        );
    } else if !refusing_off.is_empty() {
        findings.warn(
            resource,
            GLOBAL_REGION,
            format!(
                "The account's Block Public Access neutralises public ACLs and policies but has {} off, so new public grants are accepted",
                s3_access::names(&refusing_off)
            ),
        );
    } else {
        findings.ok(resource, GLOBAL_REGION, "The account's Block Public Access has all four settings on");
    }
}
