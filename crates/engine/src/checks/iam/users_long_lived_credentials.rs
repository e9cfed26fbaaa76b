use jiff::Timestamp;
use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured, plural};
use crate::views::iam_last_accessed::{
    self, GENERATE_SERVICE_LAST_ACCESSED_DETAILS, GET_SERVICE_LAST_ACCESSED_DETAILS, ServiceLastAccessed,
};
use crate::views::iam_lists::{LIST_ACCESS_KEYS, LIST_USERS, ListAccessKeys, User};

declare_check! {
    /// Ensures IAM users do not use long-lived credentials to work with AWS services other than
    /// IAM and STS: people and workloads should reach other services through roles, with
    /// temporary credentials that expire. For each user holding an active access key, its IAM
    /// last-accessed report is read: a user whose own credentials authenticated to a service
    /// other than IAM and STS since its oldest active key was created fails; one whose report
    /// shows no such use passes. Users without an active access key get no result (the account
    /// gets one OK when no user has one).
    ///
    /// The report lists every service the user's policies allow, used or not, and Prowler
    /// fails a user with any key, inactive ones too, as soon as that list names a service other
    /// than IAM or STS: that is every key holder allowed anything else, whatever it did. stance
    /// reads the list for what it records, use: only services with a `LastAuthenticated` count,
    /// and only from the day the oldest active key was created, since no key can have been used
    /// before it existed; inactive and expired keys cannot sign a request and are not counted.
    /// The report counts every authentication made with the user's own credentials (its access
    /// keys, its console password's sessions, and the session tokens its keys obtain), denied
    /// attempts included, and cannot tell them apart; requests made in a role the user assumed
    /// count for the role. So a key holder that works in other services as itself fails, and one
    /// that only assumes roles (STS) and manages IAM passes. Use older than IAM's tracking period
    /// (at least 400 days) is not seen. A report that is missing, failed, still in progress when
    /// collection ended, or truncated without a counted use leaves the user UNKNOWN.
    ///
    /// ## Remediation
    /// Give the work the user does in other services to a role it assumes (or federate people
    /// through IAM Identity Center), then deactivate and delete its access keys. Where a key
    /// must stay, deny every action but IAM's and STS's to requests without a session token
    /// (condition `Null` on `aws:TokenIssueTime`).
    pub(crate) CHECK {
        id: "usersLongLivedCredentials",
        title: "Users Long Lived Credentials",
        severity: High,
        reads: [LIST_USERS, LIST_ACCESS_KEYS, GENERATE_SERVICE_LAST_ACCESSED_DETAILS, GET_SERVICE_LAST_ACCESSED_DETAILS],
        run,
        aliases: [(
            "iam_user_with_temporary_credentials",
            Differently("Prowler fails a user with any access key, inactive ones too, whose report lists a service other than IAM or STS, which the report does for every service the policies allow, used or not; stance counts only services the user authenticated to since its oldest active key was created")
        )],
    }
}

/// The services whose use with long-lived credentials is expected: managing IAM, and getting
/// temporary credentials from STS.
const ALLOWED: [&str; 2] = ["iam", "sts"];

/// How many of the services used a message names.
const NAMED: usize = 3;

fn run(ctx: &Context, findings: &mut Findings) {
    let list = match ctx.read_configured(LIST_USERS, GLOBAL_REGION) {
        Ok(list) => list,
        Err(reason) => return findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    };
    if list.users.is_empty() {
        return findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM users found");
    }
    let mut judged = false;
    for user in &list.users {
        let (_, keys) = ctx.read_resource(LIST_ACCESS_KEYS, &user.arn);
        match keys.and_then(|keys| keys.ok_or_else(|| not_configured(LIST_ACCESS_KEYS.id))) {
            Ok(keys) => judged |= judge(ctx, findings, user, &keys),
            Err(reason) => {
                findings.unknown(user.arn.clone(), GLOBAL_REGION, &reason);
                judged = true;
            }
        }
    }
    if !judged {
        findings.ok(ctx.account_arn(), GLOBAL_REGION, "No IAM user has an active access key");
    }
}

/// Judges one user; false when it has no active access key, and so gets no result.
fn judge(ctx: &Context, findings: &mut Findings, user: &User, keys: &ListAccessKeys) -> bool {
    let active: Vec<_> = keys.access_key_metadata.iter().filter(|key| key.is_active()).collect();
    if active.is_empty() {
        return false;
    }
    let (arn, name) = (&user.arn, &user.user_name);
    let who = format!("user {name}");
    let report = match iam_last_accessed::report(ctx, arn, &who) {
        Ok(report) => report,
        Err(reason) => {
            findings.unknown(arn.clone(), GLOBAL_REGION, &reason);
            return true;
        }
    };
    let mut used: Vec<(&ServiceLastAccessed, Timestamp)> = report
        .services_last_accessed
        .iter()
        .filter(|entry| !ALLOWED.contains(&entry.service_namespace.as_str()))
        .filter_map(|entry| entry.last_authenticated.map(|at| (entry, at)))
        .collect();
    let (holding, oldest) = if active.len() == 1 {
        ("an active access key".to_owned(), "created")
    } else {
        (format!("{} active access keys", active.len()), "the oldest created")
    };
    // The oldest active key's creation: no key was used before it.
    let since = match active.iter().map(|key| key.create_date.ok_or(&key.access_key_id)).collect::<Result<Vec<_>, _>>()
    {
        Ok(dates) => dates.into_iter().min(),
        Err(id) if !used.is_empty() => {
            let reason = Unknown::new(format!(
                "User {name} has active access key {id} without a creation date, so whether its use of other services came after it is not known"
            ));
            findings.unknown(arn.clone(), GLOBAL_REGION, &reason);
            return true;
        }
        Err(_) => None,
    };
    let held = match since {
        Some(since) => format!("{holding}, {oldest} {}, and since then", day(since)),
        None => format!("{holding}, and"),
    };
    used.retain(|(_, at)| since.is_none_or(|since| *at >= since));
    used.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.service_namespace.cmp(&b.0.service_namespace)));
    if !used.is_empty() {
        let mut named: Vec<String> = used
            .iter()
            .take(NAMED)
            .map(|(entry, at)| format!("{} ({}) on {}", entry.service_name, entry.service_namespace, day(*at)))
            .collect();
        if used.len() > NAMED {
            named.push(format!("{} more", used.len() - NAMED));
        }
        findings.fail(
            arn.clone(),
            GLOBAL_REGION,
            format!(
                "User {name} has {held} its own credentials authenticated to {} other than IAM and STS: {}",
                plural(used.len() as i64, "service"),
                named.join(", ")
            ),
        );
    } else if report.is_truncated {
        findings.unknown(
            arn.clone(),
            GLOBAL_REGION,
            &report.truncated(
                &who,
                "none of them a service other than IAM and STS used since the oldest active key was created",
            ),
        );
    } else {
        findings.ok(
            arn.clone(),
            GLOBAL_REGION,
            format!("User {name} has {held} its own credentials authenticated to no service other than IAM and STS"),
        );
    }
    true
}

/// `2026-06-29`.
fn day(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d").to_string()
}
