use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::iam_authorization::{self, GET_ACCOUNT_AUTHORIZATION_DETAILS, IAM_ROLE_POLICIES_IGNORE_TAG};

declare_check! {
    /// Ensures IAM roles are still in use. A role nobody assumes keeps its permissions and its
    /// trust policy, and is an open door nobody watches. A role unused for more than
    /// `iam_role_last_used_fail` days (default 180) fails, one unused for more than
    /// `iam_role_last_used_warn` days (default 90) warns, and a role used more recently passes.
    ///
    /// IAM reports a role's last use (RoleLastUsed) only within its tracking period, the
    /// trailing 400 days; a role with no last use was not used in that period, or since it was
    /// created if that is later. CloudSploit fails every role without a last use, even one
    /// created yesterday; stance counts the unused days from the role's creation then, so a new
    /// role is judged by its age like any other.
    ///
    /// Service-linked roles (path `/aws-service-role/`) are skipped while `skip_aws_service_roles`
    /// is true (the default): the service that owns one creates it and decides when it is used,
    /// and it can only be deleted once the service no longer needs it. Roles whose path contains
    /// `iam_role_ignore_path`, or carrying a tag of `iam_role_policies_ignore_tag`, are skipped
    /// too.
    ///
    /// ## Remediation
    /// Confirm with the role's owner that it is no longer needed, then delete it (detach and
    /// delete its policies and remove it from its instance profiles first).
    pub(crate) CHECK {
        id: "iamRoleLastUsed",
        title: "IAM Role Last Used",
        severity: Low,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [FAIL_DAYS, WARN_DAYS, IGNORE_PATH, SKIP_SERVICE_ROLES, IAM_ROLE_POLICIES_IGNORE_TAG],
    }
}

/// How far back IAM tracks a role's last use.
const TRACKING_DAYS: i64 = 400;

static FAIL_DAYS: Setting<i64> =
    Setting::new("iam_role_last_used_fail", "180", "A role unused for more than this many days fails.");

static WARN_DAYS: Setting<i64> =
    Setting::new("iam_role_last_used_warn", "90", "A role unused for more than this many days warns.");

static IGNORE_PATH: Setting<String> = Setting::new(
    "iam_role_ignore_path",
    "",
    "Roles whose path contains this text are not judged; empty judges every role.",
);

static SKIP_SERVICE_ROLES: Setting<bool> =
    Setting::new("skip_aws_service_roles", "true", "Skip service-linked roles (path /aws-service-role/).");

fn run(ctx: &Context, findings: &mut Findings) {
    let (fail_days, warn_days) = (*ctx.setting(&FAIL_DAYS), *ctx.setting(&WARN_DAYS));
    let skip_service_roles = *ctx.setting(&SKIP_SERVICE_ROLES);
    let (path, tags) = (ctx.setting(&IGNORE_PATH), ctx.setting(&IAM_ROLE_POLICIES_IGNORE_TAG));
    iam_authorization::with_details(ctx, findings, |details, findings| {
        if details.roles().is_empty() {
            findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM roles found");
        }
        for role in details.roles() {
            if (skip_service_roles && role.is_service_linked()) || role.is_ignored(path, tags) {
                continue;
            }
            let name = &role.role_name;
            let (days, what) = match (role.last_used(), role.create_date) {
                (Some(used), _) => {
                    let days = ctx.days_since(used);
                    let region = role.role_last_used.as_ref().and_then(|used| used.region.as_deref());
                    let place = region.map(|region| format!(" in {region}")).unwrap_or_default();
                    (days, format!("Role {name} was last used {} ago{place}", plural(days, "day")))
                }
                (None, Some(created)) => match ctx.days_since(created) {
                    days if days <= TRACKING_DAYS => (
                        days,
                        format!("Role {name} has not been used since it was created {} ago", plural(days, "day")),
                    ),
                    // Unused for at least the tracking period, and maybe longer.
                    _ if fail_days >= TRACKING_DAYS => {
                        let reason = Unknown::new(format!(
                            "Role {name} has not been used in IAM's {TRACKING_DAYS}-day tracking period, which cannot tell whether it was used in the last {fail_days} days"
                        ));
                        findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                        continue;
                    }
                    _ => (
                        TRACKING_DAYS,
                        format!("Role {name} has not been used in IAM's {TRACKING_DAYS}-day tracking period"),
                    ),
                },
                (None, None) => {
                    let reason = Unknown::new(format!("Role {name} has no last use and no creation date"));
                    findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                    continue;
                }
            };
            if days > fail_days {
                findings.fail(&role.arn, GLOBAL_REGION, format!("{what} (limit: {fail_days})"));
            } else if days > warn_days {
                findings.warn(&role.arn, GLOBAL_REGION, format!("{what} (warning after {warn_days})"));
            } else {
                findings.ok(&role.arn, GLOBAL_REGION, format!("{what} (limit: {fail_days})"));
            }
        }
    });
}
