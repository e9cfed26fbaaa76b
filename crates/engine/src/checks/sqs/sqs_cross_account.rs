use super::super::s3::bucket_cross_account_access::TRUSTED;
use super::sqs_public_access::{SQS_CONDITION_KEYS, each_queue};
use crate::analysis::resource_policy::{cross_account, parse_policy};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::principal_account;
use crate::settings::{Setting, StringList};
use crate::views::sqs::{GET_QUEUE_ATTRIBUTES, LIST_QUEUES};

static SQS_TRUSTED_PRINCIPALS: Setting<StringList> = Setting::new(
    "sqs_whitelisted_aws_account_principals",
    "",
    "AWS account ids or principal ARNs (comma-separated) whose accounts SQS queue policies may grant access to (CloudSploit's setting).",
);

declare_check! {
    /// Ensures SQS queue policies let in no principals of accounts other than this one and the
    /// trusted ones. A queue fails when an Allow names a principal of another account (an account
    /// id, its root, or a user or role ARN in it), or grants to everyone with no condition
    /// confining it, or confines such a grant to named accounts outside the trusted ones (an
    /// account in `aws:SourceAccount`, `aws:PrincipalAccount`, `aws:SourceArn`, …); it warns when
    /// a grant to everyone is confined by keys that do not name accounts (`aws:PrincipalOrgID`, a
    /// VPC endpoint, an address range), which can take in other accounts; and it passes with no
    /// policy or in-account grants only. Service principals (`sns.amazonaws.com`) are not
    /// accounts and do not count. Trusted accounts are those of `trusted_account_ids` and of the
    /// ARNs or ids in `sqs_whitelisted_aws_account_principals`; conditions count as in
    /// sqsPublicAccess (with `sqs_queue_policy_condition_keys`).
    ///
    /// CloudSploit's `sqs_whitelist_aws_organization_accounts` (trusting every account of the
    /// organization, from Organizations ListAccounts) is not supported: that listing is not
    /// collected. Prowler has no such check.
    ///
    /// ## Remediation
    /// Remove the statements naming untrusted accounts, or add those accounts to
    /// `sqs_whitelisted_aws_account_principals` if they are meant to have access:
    /// `aws sqs set-queue-attributes --attributes Policy=…`.
    pub(crate) CHECK {
        id: "sqsCrossAccount",
        title: "SQS Cross Account Access",
        severity: High,
        reads: [LIST_QUEUES, GET_QUEUE_ATTRIBUTES],
        run,
        settings: [TRUSTED, SQS_TRUSTED_PRINCIPALS, SQS_CONDITION_KEYS],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let own = ctx.account_id();
    let mut trusted: Vec<&str> = ctx.setting(&TRUSTED).items().iter().map(|id| id.trim()).collect();
    trusted.extend(ctx.setting(&SQS_TRUSTED_PRINCIPALS).items().iter().filter_map(|arn| principal_account(arn.trim())));
    let keys = ctx.setting(&SQS_CONDITION_KEYS).items();
    each_queue(ctx, findings, |arn, region, name, attributes, findings| {
        let label = format!("SQS queue {name}");
        let policy = match attributes {
            Ok(attributes) => attributes.policy(),
            Err(reason) => return findings.unknown(arn, region, &reason),
        };
        let Some(policy) = policy else {
            return findings.ok(arn, region, format!("{label} has no resource policy"));
        };
        let document = match parse_policy(policy, &label) {
            Ok(document) => document,
            Err(reason) => return findings.unknown(arn, region, &reason),
        };
        let found = cross_account(&document, own, &trusted, keys);
        if !found.failures.is_empty() {
            findings.fail(arn, region, format!("The policy of {label} lets in {}", found.failures.join(", ")));
        } else if !found.warnings.is_empty() {
            findings.warn(
                arn,
                region,
                format!(
                    "The policy of {label} lets in {}, which can include other accounts",
                    found.warnings.join(", ")
                ),
            );
        } else {
            findings.ok(
                arn,
                region,
                format!("The policy of {label} lets in no account outside this one and the trusted ones"),
            );
        }
    });
}
