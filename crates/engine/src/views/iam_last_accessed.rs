//! IAM service last-accessed reports: for each user and role GetAccountAuthorizationDetails
//! lists, a GenerateServiceLastAccessedDetails job (its `JobId`) and then the job's report,
//! GetServiceLastAccessedDetails, asked for until the job was no longer `IN_PROGRESS` (at most
//! 30 times, a second apart). Both are keyed by the principal's ARN, under region `global`,
//! in the shape `aws iam get-service-last-accessed-details` prints.
//!
//! What the report means (IAM User Guide, "Refining permissions using last accessed
//! information", and the API reference):
//! - it lists every service the principal's permissions policies allow, used or not, one entry
//!   each, named by its service prefix (`ServiceNamespace`, `s3`, `bedrock`); only permissions
//!   policies count, not permissions boundaries, SCPs or resource policies;
//! - `LastAuthenticated` is the last authenticated attempt to use the service within IAM's
//!   tracking period (at least the trailing 400 days), denied attempts included, and it is
//!   absent when there was none; recent activity can take about four hours to appear;
//! - for a user, every request made with the user's own credentials counts (access keys, console
//!   sessions, session tokens it obtained); requests made in a role the user assumed count for
//!   the role;
//! - `IsTruncated` true means the list goes on in another page: a service missing from it may
//!   be on the next one.
//!
//! A principal's report is usable only when both calls answered and the job is `COMPLETED`
//! ([`report`]); anything else is an [`Unknown`] naming the principal.

use std::sync::Arc;

use jiff::Timestamp;
use serde::Deserialize;
use stance_snapshot::GLOBAL_REGION;

use super::Text;
use super::iam_authorization::{self, AuthorizationDetails, Identity};
use crate::check::Call;
use crate::context::{Context, Findings, Unknown, not_configured, plural};
use crate::policy::{self, Document};
use crate::settings::Setting;

pub const GENERATE_SERVICE_LAST_ACCESSED_DETAILS: Call<GeneratedJob> =
    Call::new("IAM", "GenerateServiceLastAccessedDetails");
pub const GET_SERVICE_LAST_ACCESSED_DETAILS: Call<ServiceLastAccessedDetails> =
    Call::new("IAM", "GetServiceLastAccessedDetails");

/// How far back IAM's last-accessed data reach: at least this many days.
pub const TRACKING_DAYS: i64 = 400;

/// Prowler's `max_unused_bedrock_access_days`, shared by the user and role Bedrock checks.
pub static MAX_UNUSED_BEDROCK_ACCESS_DAYS: Setting<i64> = Setting::new(
    "max_unused_bedrock_access_days",
    "60",
    "A principal whose permissions reach Bedrock and that has not used Bedrock for more than this many days fails.",
);

/// GenerateServiceLastAccessedDetails: the job that builds the report.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GeneratedJob {
    #[allow(dead_code, reason = "read to require it: an answer without a JobId started no job")]
    pub job_id: Text,
}

/// GetServiceLastAccessedDetails. `JobStatus` and `ServicesLastAccessed` are required in the
/// API (the list is empty while the job runs), so their absence makes the data unreadable.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceLastAccessedDetails {
    /// `COMPLETED`, `IN_PROGRESS` or `FAILED`.
    pub job_status: Text,
    pub job_creation_date: Option<Timestamp>,
    pub services_last_accessed: Box<[ServiceLastAccessed]>,
    #[serde(default)]
    pub is_truncated: bool,
    /// Why a `FAILED` job failed.
    pub error: Option<ErrorDetails>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceLastAccessed {
    /// `Amazon Bedrock`.
    pub service_name: String,
    /// The service prefix: `bedrock`.
    pub service_namespace: Text,
    /// The last authenticated attempt in the tracking period; absent when there was none.
    pub last_authenticated: Option<Timestamp>,
    pub last_authenticated_region: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorDetails {
    pub message: String,
    pub code: String,
}

/// The completed last-accessed report of the principal `arn`, `who` in messages (`user alice`).
/// UNKNOWN when either call is missing or failed, when the principal was gone (NoSuchEntity),
/// or when the job was still running or failed.
pub fn report(ctx: &Context, arn: &str, who: &str) -> Result<Arc<ServiceLastAccessedDetails>, Unknown> {
    let (_, job) = ctx.read_resource(GENERATE_SERVICE_LAST_ACCESSED_DETAILS, arn);
    job?.ok_or_else(|| not_configured(GENERATE_SERVICE_LAST_ACCESSED_DETAILS.id))?;
    let (_, details) = ctx.read_resource(GET_SERVICE_LAST_ACCESSED_DETAILS, arn);
    let details = details?.ok_or_else(|| not_configured(GET_SERVICE_LAST_ACCESSED_DETAILS.id))?;
    match details.job_status.as_str() {
        "COMPLETED" => Ok(details),
        "IN_PROGRESS" => {
            let started = details.job_creation_date.map(|at| format!(", started {at}")).unwrap_or_default();
            Err(Unknown::new(format!(
                "The last-accessed report of {who} was still being generated when collection ended (job IN_PROGRESS{started})"
            )))
        }
        "FAILED" => Err(Unknown::new(match &details.error {
            Some(error) => {
                format!("IAM could not generate the last-accessed report of {who}: {} ({})", error.message, error.code)
            }
            None => format!("IAM could not generate the last-accessed report of {who} (job FAILED)"),
        })),
        other => Err(Unknown::new(format!("The last-accessed report of {who} has an unknown job status {other:?}"))),
    }
}

impl ServiceLastAccessedDetails {
    /// The entry of the service with prefix `namespace`; `None` when the complete list does not
    /// hold it, an error naming `who` when a truncated list does not.
    pub fn service(&self, namespace: &str, who: &str) -> Result<Option<&ServiceLastAccessed>, Unknown> {
        match self.services_last_accessed.iter().find(|entry| entry.service_namespace == namespace) {
            Some(entry) => Ok(Some(entry)),
            None if self.is_truncated => Err(self.truncated(who, &format!("none of them {namespace}"))),
            None => Ok(None),
        }
    }

    /// The reason a truncated report leaves a question open: its collected services lack what
    /// would decide it, as `lack` says (`none of them bedrock`).
    pub fn truncated(&self, who: &str, lack: &str) -> Unknown {
        Unknown::new(format!(
            "The last-accessed report of {who} is truncated (IsTruncated) after {}, {lack}",
            plural(self.services_last_accessed.len() as i64, "service")
        ))
    }
}

/// A service whose stale permissions a check looks for.
#[derive(Debug, Clone, Copy)]
pub struct TrackedService {
    /// The service prefix in actions and in the report: `bedrock`.
    pub namespace: &'static str,
    /// For messages: `Bedrock`.
    pub name: &'static str,
}

pub const BEDROCK: TrackedService = TrackedService { namespace: "bedrock", name: "Bedrock" };
pub const SAGEMAKER: TrackedService = TrackedService { namespace: "sagemaker", name: "SageMaker" };

/// Which principals a staleness check judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principals {
    Users,
    /// Roles but service-linked ones, whose permissions the owning service defines.
    Roles,
}

/// Whether some action of `service` reaches `identity`: its policies (a user's with its groups')
/// allow one on some resource, with no unconditioned Deny taking it away, and its permissions
/// boundary, if any, allows one too. The two are asked separately, which errs towards
/// "reaches".
pub fn reaches(details: &AuthorizationDetails, identity: Identity<'_>, service: &str) -> Result<bool, Unknown> {
    let policies = match identity {
        Identity::User(user) => details.user_policies(user)?,
        _ => details.policies_of(identity)?,
    };
    let documents: Vec<&Document> = policies.iter().map(|policy| policy.document).collect();
    if !policy::evaluate_service_on_some_resource(&documents, service).is_allowed() {
        return Ok(false);
    }
    Ok(match details.permissions_boundary(identity)? {
        Some(boundary) => policy::evaluate_service_on_some_resource(&[boundary], service).is_allowed(),
        None => true,
    })
}

/// The staleness checks: for each principal of `principals` whose permissions reach `service`,
/// FAIL when its last-accessed report shows the service unused for more than `max_days` days
/// (or never used, by a principal older than that), OK when it was used more recently or the
/// principal is younger. Principals the service does not reach get no result; when none does
/// and every principal could be judged, the account gets one OK.
pub fn judge_stale_access(
    ctx: &Context,
    findings: &mut Findings,
    principals: Principals,
    service: TrackedService,
    max_days: i64,
) {
    iam_authorization::with_details(ctx, findings, |details, findings| {
        let identities: Vec<(Identity, Option<Timestamp>)> = match principals {
            Principals::Users => details.users().iter().map(|user| (Identity::User(user), user.create_date)).collect(),
            Principals::Roles => details
                .roles()
                .iter()
                .filter(|role| !role.is_service_linked())
                .map(|role| (Identity::Role(role), role.create_date))
                .collect(),
        };
        let mut judged = false;
        for (identity, created) in identities {
            let arn = identity.arn();
            match reaches(details, identity, service.namespace) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(reason) => {
                    findings.unknown(arn, GLOBAL_REGION, &reason);
                    judged = true;
                    continue;
                }
            }
            judged = true;
            judge_principal(ctx, findings, identity, created, service, max_days);
        }
        if !judged {
            let kind = if principals == Principals::Users { "user" } else { "role" };
            findings.ok(
                ctx.account_arn(),
                GLOBAL_REGION,
                format!("No IAM {kind}'s permissions reach {} (service prefix {})", service.name, service.namespace),
            );
        }
    });
}

/// `User alice`, `Role web`.
pub fn subject(identity: Identity<'_>) -> String {
    let kind = identity.kind();
    let mut chars = kind.chars();
    let capital: String = chars.next().map(|first| first.to_ascii_uppercase()).into_iter().chain(chars).collect();
    format!("{capital} {}", identity.name())
}

fn judge_principal(
    ctx: &Context,
    findings: &mut Findings,
    identity: Identity<'_>,
    created: Option<Timestamp>,
    service: TrackedService,
    max_days: i64,
) {
    let (arn, who, name) = (identity.arn(), subject(identity), service.name);
    let unknown = |findings: &mut Findings, reason: String| findings.unknown(arn, GLOBAL_REGION, &Unknown::new(reason));
    let report = match report(ctx, arn, &identity.to_string()) {
        Ok(report) => report,
        Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
    };
    let entry = match report.service(service.namespace, &identity.to_string()) {
        Ok(Some(entry)) => entry,
        Ok(None) => {
            return unknown(
                findings,
                format!(
                    "{who}'s policies allow {name}, but its last-accessed report does not list {name} (service prefix {}), so its last use is not known",
                    service.namespace
                ),
            );
        }
        Err(reason) => return findings.unknown(arn, GLOBAL_REGION, &reason),
    };
    let (days, what) = match (entry.last_authenticated, created) {
        (Some(used), _) => {
            let days = ctx.days_since(used);
            let region = entry.last_authenticated_region.as_deref().map(|region| format!(" in {region}"));
            (days, format!("{who} last used {name} {} ago{}", plural(days, "day"), region.unwrap_or_default()))
        }
        (None, Some(created)) => match ctx.days_since(created) {
            age if age <= TRACKING_DAYS => {
                (age, format!("{who} has not used {name} since it was created {} ago", plural(age, "day")))
            }
            // Unused for the whole tracking period, and maybe longer.
            _ if max_days >= TRACKING_DAYS => {
                return unknown(
                    findings,
                    format!(
                        "{who} has not used {name} in IAM's {TRACKING_DAYS}-day tracking period, which cannot tell whether it was used in the last {max_days} days"
                    ),
                );
            }
            _ => (TRACKING_DAYS, format!("{who} has not used {name} in IAM's {TRACKING_DAYS}-day tracking period")),
        },
        (None, None) => {
            return unknown(findings, format!("{who} has never used {name} by its report and has no creation date"));
        }
    };
    if days > max_days {
        findings.fail(arn, GLOBAL_REGION, format!("{what} (limit: {max_days})"));
    } else {
        findings.ok(arn, GLOBAL_REGION, format!("{what} (limit: {max_days})"));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn details(value: serde_json::Value) -> ServiceLastAccessedDetails {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_service_is_found_by_its_prefix_and_truncation_is_an_open_question() {
        let report = details(json!({
            "JobStatus": "COMPLETED", "JobType": "SERVICE_LEVEL",
            "JobCreationDate": "2026-06-30T11:59:58.466Z", "JobCompletionDate": "2026-06-30T12:00:01.241Z",
            "IsTruncated": false,
            "ServicesLastAccessed": [
                {"ServiceName": "Amazon Simple Storage Service", "ServiceNamespace": "s3",
                 "LastAuthenticated": "2026-06-29T19:11:00Z", "LastAuthenticatedEntity": "arn:aws:iam::123456789012:user/alice",
                 "LastAuthenticatedRegion": "us-east-1", "TotalAuthenticatedEntities": 1},
                {"ServiceName": "Amazon Bedrock", "ServiceNamespace": "bedrock", "TotalAuthenticatedEntities": 0}
            ]
        }));
        let s3 = report.service("s3", "user alice").unwrap().unwrap();
        assert_eq!(s3.last_authenticated, Some("2026-06-29T19:11:00Z".parse().unwrap()));
        assert_eq!(report.service("bedrock", "user alice").unwrap().unwrap().last_authenticated, None);
        assert!(report.service("sagemaker", "user alice").unwrap().is_none());
        let truncated = details(json!({"JobStatus": "COMPLETED", "IsTruncated": true, "Marker": "m",
            "ServicesLastAccessed": [{"ServiceName": "Amazon Simple Storage Service", "ServiceNamespace": "s3"}]}));
        assert!(truncated.service("s3", "user alice").unwrap().is_some());
        assert_eq!(
            truncated.service("bedrock", "user alice").unwrap_err().to_string(),
            "The last-accessed report of user alice is truncated (IsTruncated) after 1 service, none of them bedrock"
        );
    }

    #[test]
    fn the_required_members_are_required() {
        let read = |value| serde_json::from_value::<ServiceLastAccessedDetails>(value).is_ok();
        assert!(read(json!({"JobStatus": "IN_PROGRESS", "ServicesLastAccessed": []})));
        assert!(!read(json!({"JobStatus": "COMPLETED"})), "a list that is not there is not an empty list");
        assert!(!read(json!({"ServicesLastAccessed": []})));
        assert!(serde_json::from_value::<GeneratedJob>(json!({})).is_err());
    }
}
