use crate::analysis::resource_policy::report_public;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::{Setting, StringList};
use crate::views::eventbridge::LIST_EVENT_BUSES;

static EVENT_BUS_CONDITION_KEYS: Setting<StringList> = Setting::new(
    "event_bus_policy_condition_keys",
    "aws:PrincipalArn,aws:PrincipalAccount,aws:PrincipalOrgID,aws:SourceOwner,aws:SourceArn,aws:SourceAccount",
    "Condition keys, comma-separated, whose fixed values confine an EventBridge event bus policy statement granted to everyone, besides the global keys that name the caller or its network (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID, ...), which always do.",
);

declare_check! {
    /// Ensures no EventBridge event bus's resource policy lets everyone put events on it or manage
    /// its rules. A bus fails when an Allow statement names everyone (`"*"`, `{"AWS": "*"}`,
    /// `arn:aws:iam::*:root` or another wildcard, or NotPrincipal) and neither one of its
    /// conditions nor a Deny of the policy confines it; it passes when every such grant is
    /// confined, or there is none, or the bus has no policy (ListEventBuses gives none). A
    /// condition confines when it tests with fixed values (a positive operator, no catch-all
    /// value) a key that names the caller, its account, organization or network (the usual
    /// cross-account form is `aws:PrincipalOrgID`), or a key of event_bus_policy_condition_keys,
    /// CloudSploit's setting, which here can add keys but not take away the global ones.
    ///
    /// CloudSploit does not take `arn:aws:iam::*:root` for everyone; it names every account's root,
    /// so it is everyone here, as in Prowler. Prowler counts any value of its condition keys as
    /// restricting, even `*`; here a wildcard confines nothing.
    ///
    /// ## Remediation
    /// Replace the statement granting to everyone with one naming the accounts that send events,
    /// or confine it with `aws:PrincipalOrgID`: `aws events put-permission` /
    /// `aws events remove-permission`.
    pub(crate) CHECK {
        id: "eventBusPublicAccess",
        title: "Event Bus Public Access",
        severity: High,
        reads: [LIST_EVENT_BUSES],
        run,
        settings: [EVENT_BUS_CONDITION_KEYS],
        aliases: [
            ("eventbridge_bus_exposed", Differently("Prowler counts any value of its condition keys as restricting, even \"*\"; stance counts only fixed values under positive operators, by the IAM reference's condition semantics")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let keys = ctx.setting(&EVENT_BUS_CONDITION_KEYS).items();
    ctx.each_region(LIST_EVENT_BUSES, findings, |region, data, findings| {
        for bus in &data.event_buses {
            let label = format!("EventBridge event bus {}", bus.name);
            report_public(findings, &bus.arn, region, &label, Ok(bus.policy.as_deref()), keys);
        }
    });
}
