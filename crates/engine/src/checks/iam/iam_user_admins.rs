use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::policy::{AdminForm, Document, admin_grants};
use crate::settings::Setting;
use crate::views::iam_authorization::{
    AuthorizationDetails, GET_ACCOUNT_AUTHORIZATION_DETAILS, UserDetail, aws_managed_policy_arn,
};

declare_check! {
    /// Ensures the account has enough IAM users with administrator access to recover from the
    /// loss of one, and no more than needed. A user is an administrator when the policies that
    /// apply to it (its inline and attached policies and those of its groups, default
    /// versions) include AdministratorAccess or any Allow of every action (`*`, `*:*`) on every
    /// resource, with or without conditions, and its permissions boundary, if any, allows every
    /// action too. With fewer administrators than `iam_admin_count_minimum` the account gets a
    /// WARN, within the bounds an OK, and with more than `iam_admin_count_maximum` each
    /// administrator fails.
    ///
    /// CloudSploit looks for `*` on `*` only in inline policies and recognises managed policies
    /// only by the AdministratorAccess ARN, so a customer-managed `*` policy escapes its count;
    /// stance reads every policy's document. stance also lets a permissions boundary that does
    /// not allow every action take a user out of the count, as IAM's evaluation does. A grant of
    /// everything but some actions (`NotAction`, as in PowerUserAccess) is not full administrator
    /// access and does not count, and Deny statements are not weighed. CloudSploit passes an
    /// account without IAM users; stance counts zero administrators and warns under the minimum.
    /// A user whose policies cannot be read is UNKNOWN, and so is the count when it decides.
    ///
    /// ## Remediation
    /// Keep the number of IAM users with administrator access between the minimum and the maximum:
    /// remove AdministratorAccess (or `*` policies) from extra users and the groups they are in,
    /// or grant it to a second trusted user.
    pub(crate) CHECK {
        id: "iamUserAdmins",
        title: "IAM User Admins",
        severity: High,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [MINIMUM, MAXIMUM],
    }
}

static MINIMUM: Setting<i64> = Setting::new(
    "iam_admin_count_minimum",
    "2",
    "The fewest IAM users with administrator access the account should have.",
);

static MAXIMUM: Setting<i64> =
    Setting::new("iam_admin_count_maximum", "2", "The most IAM users with administrator access the account may have.");

/// Whether the documents allow every action on every resource.
fn allows_everything(documents: &[&Document]) -> bool {
    admin_grants(documents).iter().any(|grant| match &grant.form {
        AdminForm::AllActions { .. } => true,
        AdminForm::NotAction { excluded } => excluded.is_empty(),
    })
}

/// Whether `user` has administrator access.
fn is_admin(details: &AuthorizationDetails, user: &UserDetail, admin_arn: &str) -> Result<bool, Unknown> {
    let applied = details.user_policies(user)?;
    let documents: Vec<&Document> = applied.iter().map(|policy| policy.document).collect();
    let granted =
        applied.iter().any(|policy| policy.source.managed_arn() == Some(admin_arn)) || allows_everything(&documents);
    let Some(boundary) = user.permissions_boundary.as_ref().filter(|_| granted) else { return Ok(granted) };
    let arn = &boundary.permissions_boundary_arn;
    if arn == admin_arn {
        return Ok(true);
    }
    let unknown = |why: &str| Unknown::new(format!("The permissions boundary {arn} of user {}: {why}", user.user_name));
    let policy = details.policy(arn).ok_or_else(|| unknown("GetAccountAuthorizationDetails does not list it"))?;
    let version = policy.default_version().ok_or_else(|| unknown("no default version is listed"))?;
    match version.document.as_ref().map(|document| document.document()) {
        Some(Ok(document)) => Ok(allows_everything(&[document])),
        Some(Err(error)) => Err(unknown(&format!("it cannot be read: {error}"))),
        None => Err(unknown("it has no document")),
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let (minimum, maximum) = (*ctx.setting(&MINIMUM), *ctx.setting(&MAXIMUM));
    let admin_arn = aws_managed_policy_arn(ctx.partition(), "AdministratorAccess");
    let account = ctx.account_arn();
    crate::views::iam_authorization::with_details(ctx, findings, |details, findings| {
        let mut admins = Vec::new();
        let mut unknown = Vec::new();
        for user in details.users() {
            match is_admin(details, user, &admin_arn) {
                Ok(true) => admins.push(user),
                Ok(false) => {}
                Err(reason) => unknown.push((user, reason)),
            }
        }
        let count = admins.len() as i64;
        let bounds = format!("minimum {minimum}, maximum {maximum}");
        for (user, reason) in &unknown {
            findings.unknown(&user.arn, GLOBAL_REGION, reason);
        }
        if count > maximum {
            for user in admins {
                findings.fail(
                    &user.arn,
                    GLOBAL_REGION,
                    format!(
                        "User {} is one of {} with administrator access, more than the maximum of {maximum}",
                        user.user_name,
                        plural(count, "IAM user")
                    ),
                );
            }
        } else if count + (unknown.len() as i64) < minimum {
            findings.warn(
                account,
                GLOBAL_REGION,
                format!(
                    "The account has {} with administrator access, fewer than the minimum of {minimum}",
                    plural(count, "IAM user")
                ),
            );
        } else if count >= minimum && count + (unknown.len() as i64) <= maximum {
            findings.ok(
                account,
                GLOBAL_REGION,
                format!("The account has {} with administrator access ({bounds})", plural(count, "IAM user")),
            );
        } else {
            let reason = Unknown::new(format!(
                "The account has {} with administrator access and {} whose access cannot be read, so the count may be outside the bounds ({bounds})",
                plural(count, "IAM user"),
                plural(unknown.len() as i64, "more user")
            ));
            findings.unknown(account, GLOBAL_REGION, &reason);
        }
    });
}
