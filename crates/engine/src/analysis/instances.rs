//! What an EC2 instance's data means: its Instance Metadata Service (IMDS) access, the
//! account-level IMDS defaults, its public addresses, its stop time, its instance profile's
//! role; and the per-region collapsing of failures that CloudSploit's count thresholds ask for.
//!
//! ## How the IMDS settings combine
//!
//! An instance's `MetadataOptions` (DescribeInstances) are its effective options. At launch, EC2
//! fills each option from the first of these that sets it: the launch request (or its launch
//! template), the region's account-level defaults (ModifyInstanceMetadataDefaults), the AMI
//! (`ImdsSupport` `v2.0` means HttpTokens `required`), then EC2's own default (HttpTokens
//! `optional`, HttpEndpoint `enabled`). An organization's declarative policy, where one sets
//! them, takes the account-level defaults' place and cannot be changed from the account. So the
//! defaults never change an instance that was already running when they were set, nor one whose
//! launch set the option itself, and an instance is judged on its own options alone
//! ([`Imds::of`]).
//!
//! - HttpEndpoint `disabled`: the instance has no IMDS at all, so nothing on it can fetch
//!   credentials without a token; whatever HttpTokens says applies only once the endpoint is
//!   turned on again.
//! - HttpTokens `required`: IMDSv2 only; IMDSv1 requests (no session token) are refused.
//! - HttpTokens `optional` with the endpoint enabled: IMDSv1 is answered.
//!
//! The account-level defaults ([`DefaultImds::of`]) decide only for launches that set neither
//! the option nor take it from a template; `HttpTokensEnforced` `enabled` is stronger: EC2
//! refuses to launch any instance whose HttpTokens would not be `required`.

use jiff::Timestamp;

use stance_snapshot::GLOBAL_REGION;

use crate::context::{Context, Findings, Unknown};
use crate::results::Status;
use crate::views::ec2::{DESCRIBE_INSTANCES, DescribeInstances, Instance};
use crate::views::ec2_instances::{InstanceMetadataDefaults, MetadataOptions};
use crate::views::iam_authorization::{AuthorizationDetails, GET_ACCOUNT_AUTHORIZATION_DETAILS, RoleDetail};

/// Every instance of a DescribeInstances answer.
pub fn all(data: &DescribeInstances) -> impl Iterator<Item = &Instance> {
    data.reservations.iter().flat_map(|reservation| reservation.instances.iter())
}

/// The instances that exist: not `terminated` (a terminated instance stays listed for about an
/// hour, and there is nothing left to fix on it). An instance without a state is kept.
pub fn live(data: &DescribeInstances) -> impl Iterator<Item = &Instance> {
    all(data).filter(|instance| is_live(instance))
}

/// Whether the instance exists: not `terminated` (see [`live`]).
pub fn is_live(instance: &Instance) -> bool {
    state(instance) != Some("terminated")
}

/// Whether the instance may be a Nitro Enclaves host: not terminated, and EnclaveOptions not
/// `Enabled: false` (an instance without EnclaveOptions is kept, for [`enclave_unknown`] to report).
pub fn may_host_enclaves(instance: &Instance) -> bool {
    is_live(instance) && instance.enclave_options.as_ref().and_then(|options| options.enabled) != Some(false)
}

/// Why a kept instance cannot be judged as an enclave host: it does not say whether enclaves are
/// enabled. `None` for an instance with Nitro Enclaves enabled.
pub fn enclave_unknown(instance: &Instance) -> Option<crate::context::Unknown> {
    match instance.enclave_options.as_ref().and_then(|options| options.enabled) {
        Some(true) => None,
        _ => Some(crate::context::Unknown::new(format!(
            "Instance {} cannot be judged: DescribeInstances does not say whether Nitro Enclaves are enabled on it",
            instance.instance_id
        ))),
    }
}

/// How many instances are `running`.
pub fn running(data: &DescribeInstances) -> i64 {
    all(data).filter(|instance| state(instance) == Some("running")).count() as i64
}

/// `pending`, `running`, `shutting-down`, `terminated`, `stopping` or `stopped`.
pub fn state(instance: &Instance) -> Option<&str> {
    instance.state.as_ref().map(|state| state.name.as_str())
}

/// The instance's ARN.
pub fn arn(ctx: &Context, region: &str, instance: &Instance) -> String {
    ctx.typed_arn("ec2", region, "instance", &instance.instance_id)
}

/// Judges, in each region, the instances `select` keeps, one at a time; a region where it
/// keeps none gets one OK, `No {what} in {region}`, and a region whose DescribeInstances is
/// missing or failed one UNKNOWN.
pub fn each_instance(
    ctx: &Context,
    findings: &mut Findings,
    what: &str,
    select: impl Fn(&Instance) -> bool,
    mut judge: impl FnMut(&str, &Instance, &mut Findings),
) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let mut any = false;
        for instance in all(data).filter(|instance| select(instance)) {
            any = true;
            judge(region, instance, findings);
        }
        if !any {
            findings.ok(ctx.region_arn("ec2", region), region, format!("No {what} in {region}"));
        }
    });
}

/// Whether an instance answers IMDS requests, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imds {
    /// HttpEndpoint `disabled`: no instance metadata at all.
    Disabled,
    /// HttpTokens `required`: IMDSv2 only.
    V2Only,
    /// HttpTokens `optional`: IMDSv1 answered too.
    V1Accepted,
}

impl Imds {
    /// The instance's IMDS access from its metadata options; an error naming what is missing
    /// or not understood.
    pub fn of(options: Option<&MetadataOptions>) -> Result<Imds, String> {
        let options = options.ok_or("DescribeInstances gives no MetadataOptions for it")?;
        let endpoint = options.http_endpoint.as_deref();
        let tokens = options.http_tokens.as_deref();
        match (endpoint, tokens) {
            (Some("disabled"), _) => Ok(Imds::Disabled),
            (Some("enabled") | None, Some("required")) => Ok(Imds::V2Only),
            (Some("enabled"), Some("optional")) => Ok(Imds::V1Accepted),
            _ => Err(format!(
                "its metadata options are not understood (HttpEndpoint {}, HttpTokens {})",
                endpoint.unwrap_or("absent"),
                tokens.unwrap_or("absent")
            )),
        }
    }

    /// What the instance's IMDS answers, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Imds::Disabled => "has its instance metadata endpoint disabled",
            Imds::V2Only => "requires IMDSv2 session tokens",
            Imds::V1Accepted => "accepts IMDSv1 requests (HttpTokens optional)",
        }
    }
}

/// Whether metadata options changes are still being applied, for messages.
pub fn pending_note(options: Option<&MetadataOptions>) -> &'static str {
    match options.and_then(|options| options.state.as_deref()) {
        Some("pending") => " (a change of its metadata options is being applied)",
        _ => "",
    }
}

/// What the account-level IMDS defaults of a region give the instances launched from now on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultImds {
    /// HttpTokensEnforced `enabled`: no instance launches unless it requires IMDSv2.
    Enforced,
    /// HttpTokens `required`: launches that do not set HttpTokens require IMDSv2.
    Required,
    /// HttpEndpoint `disabled` without HttpTokens `required`: launches that set neither have no
    /// IMDS, but one that turns the endpoint on without setting HttpTokens takes it from the AMI
    /// or EC2's default, `optional`.
    EndpointDisabled,
    /// No default requiring IMDSv2: launches that do not set HttpTokens take it from the AMI, or
    /// EC2's default, `optional`.
    NotRequired,
}

impl DefaultImds {
    /// The defaults' effect; an error for values not understood. `None` (or `{}`) is no
    /// account-level default.
    pub fn of(defaults: Option<&InstanceMetadataDefaults>) -> Result<DefaultImds, String> {
        let empty = InstanceMetadataDefaults::default();
        let defaults = defaults.unwrap_or(&empty);
        let tokens = defaults.http_tokens.as_deref();
        let endpoint = defaults.http_endpoint.as_deref();
        let enforced = defaults.http_tokens_enforced.as_deref();
        let known = matches!(tokens, None | Some("optional" | "required" | "no-preference"))
            && matches!(endpoint, None | Some("enabled" | "disabled" | "no-preference"))
            && matches!(enforced, None | Some("enabled" | "disabled" | "no-preference"));
        if !known {
            return Err(format!(
                "its account-level metadata defaults are not understood (HttpTokens {}, HttpEndpoint {}, HttpTokensEnforced {})",
                tokens.unwrap_or("absent"),
                endpoint.unwrap_or("absent"),
                enforced.unwrap_or("absent")
            ));
        }
        Ok(if enforced == Some("enabled") {
            DefaultImds::Enforced
        } else if tokens == Some("required") {
            DefaultImds::Required
        } else if endpoint == Some("disabled") {
            DefaultImds::EndpointDisabled
        } else {
            DefaultImds::NotRequired
        })
    }
}

/// The instance's public addresses: public IPv4 addresses (assigned at launch or Elastic IPs)
/// and IPv6 addresses (every one AWS assigns is globally routable), of every interface.
pub fn public_addresses(instance: &Instance) -> Vec<&str> {
    let mut addresses: Vec<&str> =
        instance.public_ip_address.iter().chain(&instance.ipv6_address).map(|a| a.as_str()).collect();
    for interface in &instance.network_interfaces {
        addresses.extend(interface.public_ipv4());
        addresses.extend(interface.ipv6_addresses.iter().map(|address| address.ipv6_address.as_str()));
    }
    let mut seen = std::collections::HashSet::new();
    addresses.retain(|address| seen.insert(*address));
    addresses
}

/// When a stopped instance was stopped, from its StateTransitionReason
/// (`User initiated (2026-01-01 12:00:00 GMT)`); `None` when the reason holds no such time.
pub fn stopped_at(reason: &str) -> Option<Timestamp> {
    let open = reason.rfind('(')?;
    let inner = reason[open + 1..].strip_suffix(')')?.trim();
    let time = inner.strip_suffix("GMT").or_else(|| inner.strip_suffix("UTC"))?.trim();
    let civil = jiff::fmt::strtime::parse("%Y-%m-%d %H:%M:%S", time).ok()?.to_datetime().ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

/// The instance's LaunchTime, if it is an RFC 3339 time.
pub fn launched_at(instance: &Instance) -> Option<Timestamp> {
    instance.launch_time.as_deref()?.parse().ok()
}

/// Whether the instance carries a tag with this key, whatever its value.
pub fn has_tag_key(instance: &Instance, key: &str) -> bool {
    instance.tags.iter().any(|tag| tag.key == key)
}

/// The role of the instance profile `profile_arn`: the role whose InstanceProfileList holds it.
/// `None` when no role lists it, that is, the profile holds no role (GetAccountAuthorizationDetails
/// lists instance profiles only under their roles).
pub fn role_of_profile<'a>(details: &'a AuthorizationDetails, profile_arn: &str) -> Option<&'a RoleDetail> {
    details.roles().iter().find(|role| role.instance_profile_list.iter().any(|profile| profile.arn == profile_arn))
}

/// The name of an instance profile, from its ARN (`arn:aws:iam::1:instance-profile/path/name`).
pub fn profile_name(profile_arn: &str) -> &str {
    profile_arn.rsplit('/').next().unwrap_or(profile_arn)
}

/// Judges each instance that is not terminated, region by region, with `judge` (a status and a
/// message), as CloudSploit's count thresholds ask: when more than `threshold` (above 0) of a
/// region's instances fail, the passing ones are reported and the failures become one FAIL for
/// the region, whose message (`summary` of the region, their count and their instance ids) names
/// them all. A region without instances gets one OK, and one whose DescribeInstances is missing
/// or failed one UNKNOWN.
pub fn each_region_collapsing(
    ctx: &Context,
    findings: &mut Findings,
    threshold: i64,
    judge: impl Fn(&Instance) -> (Status, String),
    summary: impl Fn(&str, usize, &str) -> String,
) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let verdicts: Vec<(&Instance, Status, String)> = live(data)
            .map(|instance| {
                let (status, message) = judge(instance);
                (instance, status, message)
            })
            .collect();
        if verdicts.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No instances in {region}"));
        }
        let failures = verdicts.iter().filter(|(_, status, _)| *status == Status::Fail).count();
        let collapse = threshold > 0 && i64::try_from(failures).unwrap_or(i64::MAX) > threshold;
        let mut failed = Vec::new();
        for (instance, status, message) in verdicts {
            if collapse && status == Status::Fail {
                failed.push(instance.instance_id.as_str());
            } else {
                findings.add(status, arn(ctx, region, instance), region, message);
            }
        }
        if collapse {
            findings.fail(ctx.region_arn("ec2", region), region, summary(region, failures, &failed.join(", ")));
        }
    });
}

/// Judges the tier's instances, those tagged `key` (whatever the value), on whether their
/// instance profile holds a role with policies: no profile, a profile holding no role, or a role
/// with neither managed nor inline policies fails. Nothing is judged while `key` is empty;
/// instances without the tag are not judged, and a region with none gets one OK.
pub fn judge_tier(ctx: &Context, findings: &mut Findings, key: &str, tier: &str) {
    if key.is_empty() {
        return;
    }
    let mut details = None;
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let tagged: Vec<&Instance> = live(data).filter(|instance| has_tag_key(instance, key)).collect();
        if tagged.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No instances tagged {key} in {region}"));
        }
        let details = details.get_or_insert_with(|| ctx.read_configured(GET_ACCOUNT_AUTHORIZATION_DETAILS, GLOBAL_REGION));
        for instance in tagged {
            let arn = arn(ctx, region, instance);
            let id = &instance.instance_id;
            let Some(profile) = &instance.iam_instance_profile else {
                findings.fail(arn, region, format!("{tier} instance {id} has no IAM instance profile"));
                continue;
            };
            let name = profile_name(&profile.arn);
            let details = match details {
                Ok(details) => details,
                Err(reason) => {
                    findings.unknown(arn, region, &Unknown::new(format!("{tier} instance {id} cannot be judged: {reason}")));
                    continue;
                }
            };
            match role_of_profile(details, &profile.arn) {
                None => findings.fail(arn, region, format!("{tier} instance {id} has the instance profile {name}, which holds no role")),
                Some(role) if role.attached_managed_policies.is_empty() && role.role_policy_list.is_empty() => findings.fail(
                    arn,
                    region,
                    format!("{tier} instance {id} has the role {} (instance profile {name}), which has no policies", role.role_name),
                ),
                Some(role) => findings.ok(
                    arn,
                    region,
                    format!(
                        "{tier} instance {id} has the role {} (instance profile {name}) with {} managed and {} inline policies",
                        role.role_name,
                        role.attached_managed_policies.len(),
                        role.role_policy_list.len()
                    ),
                ),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn options(value: serde_json::Value) -> MetadataOptions {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_disabled_endpoint_has_no_imds_whatever_the_tokens() {
        let of = |value| Imds::of(Some(&options(value)));
        assert_eq!(of(json!({"HttpEndpoint": "disabled", "HttpTokens": "optional"})), Ok(Imds::Disabled));
        assert_eq!(of(json!({"HttpEndpoint": "disabled"})), Ok(Imds::Disabled));
        assert_eq!(of(json!({"HttpEndpoint": "enabled", "HttpTokens": "required"})), Ok(Imds::V2Only));
        assert_eq!(of(json!({"HttpTokens": "required"})), Ok(Imds::V2Only));
        assert_eq!(of(json!({"HttpEndpoint": "enabled", "HttpTokens": "optional"})), Ok(Imds::V1Accepted));
        assert!(of(json!({"HttpTokens": "optional"})).is_err(), "the endpoint's state is not known");
        assert!(of(json!({"HttpEndpoint": "enabled"})).is_err());
        assert!(of(json!({"HttpEndpoint": "enabled", "HttpTokens": "sometimes"})).is_err());
        assert!(Imds::of(None).is_err());
        assert_eq!(
            pending_note(Some(&options(json!({"State": "pending"})))),
            " (a change of its metadata options is being applied)"
        );
        assert_eq!(pending_note(Some(&options(json!({"State": "applied"})))), "");
    }

    #[test]
    fn account_defaults() {
        let of = |value: serde_json::Value| {
            DefaultImds::of(Some(&serde_json::from_value::<InstanceMetadataDefaults>(value).unwrap()))
        };
        assert_eq!(DefaultImds::of(None), Ok(DefaultImds::NotRequired));
        assert_eq!(of(json!({})), Ok(DefaultImds::NotRequired));
        assert_eq!(of(json!({"HttpTokens": "optional"})), Ok(DefaultImds::NotRequired));
        assert_eq!(of(json!({"HttpTokens": "required"})), Ok(DefaultImds::Required));
        assert_eq!(of(json!({"HttpTokens": "required", "HttpEndpoint": "disabled"})), Ok(DefaultImds::Required));
        assert_eq!(of(json!({"HttpEndpoint": "disabled"})), Ok(DefaultImds::EndpointDisabled));
        assert_eq!(of(json!({"HttpTokensEnforced": "enabled"})), Ok(DefaultImds::Enforced));
        assert_eq!(
            of(json!({"HttpTokensEnforced": "disabled", "HttpTokens": "optional"})),
            Ok(DefaultImds::NotRequired)
        );
        assert!(of(json!({"HttpTokens": "always"})).is_err());
    }

    #[test]
    fn stop_times() {
        let at = |text: &str| text.parse::<Timestamp>().unwrap();
        assert_eq!(stopped_at("User initiated (2026-01-02 03:04:05 GMT)"), Some(at("2026-01-02T03:04:05Z")));
        assert_eq!(stopped_at("Service initiated (2025-12-31 23:59:59 GMT)"), Some(at("2025-12-31T23:59:59Z")));
        assert_eq!(stopped_at("User initiated"), None);
        assert_eq!(stopped_at(""), None);
        assert_eq!(stopped_at("User initiated (soon GMT)"), None);
        assert_eq!(stopped_at("User initiated (2026-13-02 03:04:05 GMT)"), None);
    }

    fn instance(value: serde_json::Value) -> Instance {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn public_addresses_of_every_interface_once() {
        let public = instance(json!({
            "InstanceId": "i-1", "PublicIpAddress": "203.0.113.1",
            "NetworkInterfaces": [
                {"NetworkInterfaceId": "eni-1", "Association": {"PublicIp": "203.0.113.1"}},
                {"NetworkInterfaceId": "eni-2", "Ipv6Addresses": [{"Ipv6Address": "2001:db8::1"}]}
            ]
        }));
        assert_eq!(public_addresses(&public), ["203.0.113.1", "2001:db8::1"]);
        let private = instance(json!({"InstanceId": "i-2", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-3"}]}));
        assert!(public_addresses(&private).is_empty());
    }

    #[test]
    fn launch_times_and_tags() {
        let one = instance(
            json!({"InstanceId": "i-1", "LaunchTime": "2026-01-01T00:00:00+00:00", "Tags": [{"Key": "tier", "Value": ""}]}),
        );
        assert_eq!(launched_at(&one), Some("2026-01-01T00:00:00Z".parse().unwrap()));
        assert!(has_tag_key(&one, "tier") && !has_tag_key(&one, "Tier"));
        assert_eq!(launched_at(&instance(json!({"InstanceId": "i-2", "LaunchTime": "yesterday"}))), None);
        assert_eq!(profile_name("arn:aws:iam::123456789012:instance-profile/team/web"), "web");
    }

    #[test]
    fn the_role_of_a_profile_is_the_role_listing_it() {
        let details: AuthorizationDetails = serde_json::from_value(json!({"RoleDetailList": [
            {"RoleName": "web", "Arn": "arn:aws:iam::123456789012:role/web",
             "InstanceProfileList": [{"InstanceProfileName": "web", "Arn": "arn:aws:iam::123456789012:instance-profile/web"}]}
        ]}))
        .unwrap();
        let found = role_of_profile(&details, "arn:aws:iam::123456789012:instance-profile/web");
        assert_eq!(found.map(|role| role.role_name.as_str()), Some("web"));
        assert!(role_of_profile(&details, "arn:aws:iam::123456789012:instance-profile/other").is_none());
    }
}
