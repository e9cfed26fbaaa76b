use crate::analysis::resource_policy::{exposure, parse_policy};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::{Setting, StringList};
use crate::views::sns::{GET_TOPIC_ATTRIBUTES, LIST_TOPICS};

static CONDITION_KEYS: Setting<StringList> = Setting::new(
    "sns_topic_policy_condition_keys",
    "aws:PrincipalArn,aws:PrincipalAccount,aws:PrincipalOrgID,aws:SourceOwner,aws:SourceArn,aws:SourceAccount,sns:Endpoint",
    "Condition keys, comma-separated, whose fixed values confine an SNS topic policy statement granted to everyone, besides the global keys that name the caller or its network (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID, ...), which always do.",
);

declare_check! {
    /// Ensures no SNS topic's access policy lets everyone act on it. A topic fails when an Allow
    /// statement names everyone (`"*"`, `{"AWS": "*"}`, a principal with a wildcard such as
    /// `arn:aws:iam::*:root`, or NotPrincipal) and neither one of its conditions nor a Deny of the
    /// policy confines it; it passes when every such grant is confined, or there is none. A
    /// condition confines when it tests with fixed values (a positive operator, not
    /// `StringNotEquals`, `…IfExists` or `ForAllValues:`, and no catch-all value such as `*` or
    /// `arn:aws:sns:*:*:*`) a global key that names the caller, its account, organization or
    /// network (`aws:PrincipalArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceArn`,
    /// `aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceIp`, …), or a key of
    /// sns_topic_policy_condition_keys, whose default adds `sns:Endpoint` (a subscription may only
    /// deliver to the endpoints named). CloudSploit's setting of that name lists the keys that count;
    /// here it can add keys but not take away the global ones, which confine a grant by IAM's
    /// definition whatever the setting says. The topic's default policy, open to everyone under
    /// `AWS:SourceOwner` = the account, passes. A topic whose attributes hold no policy, or whose
    /// policy cannot be parsed, is UNKNOWN.
    ///
    /// Prowler stops reading a topic's statements at the first one confined by `aws:SourceArn`, so a
    /// public statement after it passes; every statement is read here. Prowler counts an account key
    /// only when it names the scanning account, and CloudSploit any account; here any fixed account
    /// confines the grant to that account (whether a foreign one should be trusted is a question of
    /// cross-account access, not of public access). CloudSploit does not count
    /// `arn:aws:iam::*:root` as everyone; it names every account's root, so it is everyone here, as
    /// in Prowler.
    ///
    /// ## Remediation
    /// Replace the grant to everyone with the accounts or services that need the topic, or add a
    /// condition confining it (`aws:SourceOwner` or `aws:SourceAccount` for the account's own
    /// services, `aws:PrincipalOrgID` for the organization), with
    /// `aws sns set-topic-attributes --attribute-name Policy`.
    pub(crate) CHECK {
        id: "topicPolicies",
        title: "SNS Topic Policies",
        severity: Medium,
        reads: [LIST_TOPICS, GET_TOPIC_ATTRIBUTES],
        run,
        settings: [CONDITION_KEYS],
        aliases: [
            ("sns_topics_not_publicly_accessible", Differently("Prowler stops reading statements after the first one restricted by aws:SourceArn, so a public statement after it passes, and takes account keys only when they name the scanning account; stance reads every statement, and any fixed account, organization, source or endpoint value confines a grant to everyone, by the IAM reference's condition semantics")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let keys = ctx.setting(&CONDITION_KEYS).items();
    ctx.each_region(LIST_TOPICS, findings, |region, data, findings| {
        for topic in data.topics.iter() {
            let arn = &topic.topic_arn;
            let name = arn.rsplit(':').next().unwrap_or(arn);
            let policy = match ctx.read_resource(GET_TOPIC_ATTRIBUTES, arn).1 {
                Ok(Some(attributes)) => attributes.attributes.policy.clone(),
                Ok(None) => {
                    findings.unknown(arn, region, &crate::context::not_configured(GET_TOPIC_ATTRIBUTES.id));
                    continue;
                }
                Err(reason) => {
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            let Some(policy) = policy else {
                findings.unknown(arn, region, &Unknown::new(format!("SNS topic {name} has no Policy attribute")));
                continue;
            };
            let label = format!("SNS topic {name}");
            match parse_policy(&policy, &label) {
                Ok(document) => exposure(&document, keys).report(findings, arn, region, &label),
                Err(reason) => findings.unknown(arn, region, &reason),
            }
        }
    });
}
