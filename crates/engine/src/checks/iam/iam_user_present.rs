use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings, plural};
use crate::views::iam_lists::LIST_USERS;

declare_check! {
    /// Ensures the account has at least one IAM user, so that day-to-day access need not go
    /// through the root user. It passes when ListUsers lists a user and fails when it lists
    /// none. An account whose people all sign in through federation (IAM Identity Center or a
    /// SAML provider) has no IAM users by design and fails too; samlProviderPresent covers that
    /// case.
    ///
    /// ## Remediation
    /// Create IAM users (or, better, federated access through IAM Identity Center) for the people
    /// who work in the account, and stop using the root user for everyday tasks.
    pub(crate) CHECK {
        id: "iamUserPresent",
        title: "IAM User Present",
        severity: Medium,
        reads: [LIST_USERS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let account = ctx.account_arn();
    match ctx.read_configured(LIST_USERS, GLOBAL_REGION) {
        Ok(list) if list.users.is_empty() => findings.fail(account, GLOBAL_REGION, "The account has no IAM users"),
        Ok(list) => findings.ok(
            account,
            GLOBAL_REGION,
            format!("The account has {}", plural(list.users.len() as i64, "IAM user")),
        ),
        Err(reason) => findings.unknown(account, GLOBAL_REGION, &reason),
    }
}
