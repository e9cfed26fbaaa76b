use crate::analysis::resource_policy::report_public;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::settings::{Setting, StringList};
use crate::views::sqs::{GET_QUEUE_ATTRIBUTES, GetQueueAttributes, LIST_QUEUES, queue_arn, queue_url_parts};

pub(crate) static SQS_CONDITION_KEYS: Setting<StringList> = Setting::new(
    "sqs_queue_policy_condition_keys",
    "aws:PrincipalArn,aws:PrincipalAccount,aws:PrincipalOrgID,aws:SourceAccount,aws:SourceArn,aws:SourceOwner",
    "Condition keys, comma-separated, whose fixed values confine an SQS queue policy statement granted to everyone, besides the global keys that name the caller or its network (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID, ...), which always do.",
);

declare_check! {
    /// Ensures no SQS queue's access policy lets everyone use it. A queue fails when an Allow
    /// statement names everyone (`"*"`, `{"AWS": "*"}`, a principal with a wildcard such as
    /// `arn:aws:iam::*:root`, or NotPrincipal) and neither one of its conditions nor a Deny of the
    /// policy confines it; it passes when every such grant is confined, or there is none, or the
    /// queue has no policy (then only principals of the account that IAM allows can use it). A
    /// condition confines when it tests with fixed values (a positive operator, not
    /// `StringNotEquals`, `…IfExists` or `ForAllValues:`, and no catch-all value such as `*` or
    /// `arn:aws:sns:*:*:*`) a global key that names the caller, its account, organization or
    /// network (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`, `aws:SourceVpce`,
    /// `aws:SourceIp`, …), or a key of sqs_queue_policy_condition_keys, CloudSploit's setting,
    /// which here can add keys but not take away the global ones.
    ///
    /// CloudSploit and Prowler disagree on conditions: CloudSploit counts a listed key only with an
    /// account id, ARN or organization id as value, and Prowler counts any value of its keys, even
    /// `*`; here a wildcard or negated condition confines nothing, by the IAM reference's condition
    /// semantics, and any fixed account confines the grant to that account (whether to trust it is
    /// sqsCrossAccount's question). CloudSploit does not take `arn:aws:iam::*:root` for everyone; it
    /// names every account's root, so it is everyone here, as in Prowler. A queue whose attributes
    /// cannot be read, or whose policy cannot be parsed, is UNKNOWN.
    ///
    /// ## Remediation
    /// Replace the grant to everyone with the accounts or services that need the queue, or add a
    /// condition confining it (`aws:SourceArn` for the topic or bucket that sends to it,
    /// `aws:PrincipalOrgID` for the organization): `aws sqs set-queue-attributes --attributes
    /// Policy=…`.
    pub(crate) CHECK {
        id: "sqsPublicAccess",
        title: "SQS Public Access",
        severity: Medium,
        reads: [LIST_QUEUES, GET_QUEUE_ATTRIBUTES],
        run,
        settings: [SQS_CONDITION_KEYS],
        aliases: [
            ("sqs_queues_not_publicly_accessible", Differently("Prowler counts any value of its condition keys as restricting, even \"*\"; stance counts only fixed values under positive operators, by the IAM reference's condition semantics")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let keys = ctx.setting(&SQS_CONDITION_KEYS).items();
    each_queue(ctx, findings, |arn, region, name, attributes, findings| {
        let label = format!("SQS queue {name}");
        report_public(findings, arn, region, &label, attributes.map(|attributes| attributes.policy()), keys);
    });
}

/// Runs `judge` on each queue of each region with its ARN, name and attributes (or why they
/// cannot be read); shared by the SQS checks.
pub(crate) fn each_queue(
    ctx: &Context,
    findings: &mut Findings,
    mut judge: impl FnMut(&str, &str, &str, Result<&GetQueueAttributes, Unknown>, &mut Findings),
) {
    ctx.each_region(LIST_QUEUES, findings, |region, data, findings| {
        for url in &data.queue_urls {
            let (Some(arn), Some((_, name))) = (queue_arn(ctx.partition(), region, url), queue_url_parts(url)) else {
                let reason = Unknown::new(format!("SQS queue URL {url:?} names no queue"));
                findings.unknown(url.as_str(), region, &reason);
                continue;
            };
            let attributes = ctx
                .read_resource(GET_QUEUE_ATTRIBUTES, &arn)
                .1
                .and_then(|attributes| attributes.ok_or_else(|| not_configured(GET_QUEUE_ATTRIBUTES.id)));
            judge(&arn, region, name, attributes.as_deref().map_err(Clone::clone), findings);
        }
    });
}
