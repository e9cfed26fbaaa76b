use stance_snapshot::GLOBAL_REGION;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::policy::{Actions, Document, Effect, Resources, Statement, action_matches, resource_matches};
use crate::settings::Setting;
use crate::views::iam_authorization::{
    GET_ACCOUNT_AUTHORIZATION_DETAILS, IAM_ROLE_POLICIES_IGNORE_PATH, IAM_ROLE_POLICIES_IGNORE_TAG, Identity,
    PolicySource, aws_managed_policy_arn, is_aws_managed,
};
use crate::views::iam_trust::trust_policy;

declare_check! {
    /// Ensures the policies of IAM roles are scoped to specific actions and resources. A role fails
    /// when it has the AWS-managed AdministratorAccess policy, or when one of its inline or
    /// attached policies (default versions) has an Allow statement without a Condition that
    /// allows every action (`*`, `*:*`, or everything but a `NotAction` list), allows actions on
    /// every resource (`"Resource": "*"`, or a `NotResource`), names a wildcard action of a
    /// service (`s3:*`, a wildcard within the first two characters of the action's name, as in
    /// `s3:G*`), or names a resource that `iam_policy_resource_specific_wildcards` does not
    /// match. Roles whose policies have none of these pass.
    ///
    /// The settings are CloudSploit's: `ignore_iam_policy_resource_wildcards` and
    /// `ignore_service_specific_wildcards` drop the resource and the service-wildcard tests,
    /// `ignore_aws_managed_iam_policies` skips AWS-managed policies but AdministratorAccess,
    /// `ignore_customer_managed_iam_policies` skips customer-managed ones, and
    /// `iam_policy_message_format` names the policies in messages. Roles whose path contains
    /// `iam_role_policies_ignore_path`, roles carrying a tag of `iam_role_policies_ignore_tag`
    /// (`KEY:VALUE`, comma-separated), and, with
    /// `ignore_identity_federation_roles`, roles that can be assumed only through SAML or web
    /// identity federation, are not judged and get no result. CloudSploit passes such federated
    /// roles; stance reports nothing for every ignored role, since none was looked at.
    ///
    /// stance applies every test to every statement, where CloudSploit stops at the first that
    /// fires, so that its resource regex is never applied unless the service-wildcard test is
    /// turned off. Service-linked roles are skipped: their policies are defined by the AWS service
    /// and cannot be edited. A role whose policies cannot be read is UNKNOWN.
    ///
    /// ## Remediation
    /// Replace the role's wildcard grants with the specific actions and resources it needs, or add
    /// conditions that confine them; detach AdministratorAccess from roles that do not need it.
    pub(crate) CHECK {
        id: "iamRolePolicies",
        title: "IAM Role Policies",
        severity: Medium,
        reads: [GET_ACCOUNT_AUTHORIZATION_DETAILS],
        run,
        settings: [
            IAM_ROLE_POLICIES_IGNORE_PATH,
            IGNORE_SERVICE_WILDCARDS,
            IGNORE_FEDERATION_ROLES,
            IGNORE_AWS_MANAGED,
            IGNORE_CUSTOMER_MANAGED,
            IAM_ROLE_POLICIES_IGNORE_TAG,
            RESOURCE_REGEX,
            IGNORE_RESOURCE_WILDCARDS,
            MESSAGE_FORMAT,
        ],
    }
}

static IGNORE_SERVICE_WILDCARDS: Setting<bool> = Setting::new(
    "ignore_service_specific_wildcards",
    "false",
    "Allow wildcard actions of one service (s3:*) in role policies.",
);
static IGNORE_FEDERATION_ROLES: Setting<bool> = Setting::new(
    "ignore_identity_federation_roles",
    "false",
    "Leave unjudged the roles that can be assumed only with sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity.",
);
static IGNORE_AWS_MANAGED: Setting<bool> = Setting::new(
    "ignore_aws_managed_iam_policies",
    "false",
    "Skip AWS-managed policies attached to roles, except AdministratorAccess.",
);
static IGNORE_CUSTOMER_MANAGED: Setting<bool> =
    Setting::new("ignore_customer_managed_iam_policies", "false", "Skip customer-managed policies attached to roles.");
static RESOURCE_REGEX: Setting<regex::Regex> = Setting::new(
    "iam_policy_resource_specific_wildcards",
    "^.*$",
    "A regular expression every Resource of a role policy statement must match.",
);
static IGNORE_RESOURCE_WILDCARDS: Setting<bool> =
    Setting::new("ignore_iam_policy_resource_wildcards", "false", "Allow \"Resource\": \"*\" in role policies.");
static MESSAGE_FORMAT: Setting<bool> =
    Setting::new("iam_policy_message_format", "false", "Name the policies in iamRolePolicies' failure messages.");

/// The tests the settings leave on.
struct Tests<'a> {
    resource_wildcards: bool,
    service_wildcards: bool,
    resource_regex: &'a regex::Regex,
}

/// What an unconditioned Allow statement grants too broadly.
fn broad_grants(statement: &Statement, tests: &Tests) -> Vec<String> {
    let every_resource = match &statement.resources {
        Some(Resources::Listed(globs)) => {
            globs.iter().any(|glob| resource_matches(glob, "*") || resource_matches(glob, "arn:*"))
        }
        Some(Resources::AllExcept(_)) => true,
        None => false,
    };
    let resources = if every_resource { "all resources" } else { "selected resources" };
    let mut found = Vec::new();
    match &statement.actions {
        Actions::AllExcept(excluded) => {
            found.push(format!("allows all actions but {} on {resources}", excluded.join(", ")));
        }
        Actions::Listed(globs) if globs.iter().any(|glob| action_matches(glob, "*:*")) => {
            found.push(format!("allows all actions on {resources}"));
        }
        Actions::Listed(globs) => {
            if every_resource && tests.resource_wildcards {
                found.push("allows actions on all resources".to_owned());
            }
            let service_wide =
                |glob: &&String| glob.split_once(':').and_then(|(_, name)| name.find('*')).is_some_and(|at| at <= 1);
            let wildcards: Vec<&str> = globs.iter().filter(service_wide).map(String::as_str).collect();
            if tests.service_wildcards && !wildcards.is_empty() {
                found.push(format!("allows wildcard actions {}", wildcards.join(", ")));
            }
        }
    }
    if let Some(Resources::Listed(globs)) = &statement.resources {
        let outside: Vec<&str> =
            globs.iter().filter(|glob| !tests.resource_regex.is_match(glob)).map(String::as_str).collect();
        if !outside.is_empty() {
            found.push(format!(
                "names resources that iam_policy_resource_specific_wildcards does not match: {}",
                outside.join(", ")
            ));
        }
    }
    found
}

/// Whether every Allow statement of the trust policy lets principals in only through SAML or web
/// identity federation.
fn federation_only(document: &Document) -> bool {
    let federated = |statement: &&Statement| {
        (statement.matches_action("sts:AssumeRoleWithSAML")
            || statement.matches_action("sts:AssumeRoleWithWebIdentity"))
            && !statement.matches_action("sts:AssumeRole")
    };
    let allows: Vec<&Statement> = document.statements.iter().filter(|s| s.effect == Effect::Allow).collect();
    !allows.is_empty() && allows.iter().all(federated)
}

fn run(ctx: &Context, findings: &mut Findings) {
    let tests = Tests {
        resource_wildcards: !*ctx.setting(&IGNORE_RESOURCE_WILDCARDS),
        service_wildcards: !*ctx.setting(&IGNORE_SERVICE_WILDCARDS),
        resource_regex: ctx.setting(&RESOURCE_REGEX),
    };
    let (skip_aws, skip_customer) = (*ctx.setting(&IGNORE_AWS_MANAGED), *ctx.setting(&IGNORE_CUSTOMER_MANAGED));
    let (skip_federation, name_policies) = (*ctx.setting(&IGNORE_FEDERATION_ROLES), *ctx.setting(&MESSAGE_FORMAT));
    let (path, tags) = (ctx.setting(&IAM_ROLE_POLICIES_IGNORE_PATH), ctx.setting(&IAM_ROLE_POLICIES_IGNORE_TAG));
    let admin_arn = aws_managed_policy_arn(ctx.partition(), "AdministratorAccess");
    crate::views::iam_authorization::with_details(ctx, findings, |details, findings| {
        for role in details.roles().iter().filter(|role| !role.is_service_linked() && !role.is_ignored(path, tags)) {
            let name = &role.role_name;
            if skip_federation {
                match trust_policy(role) {
                    Ok(document) if federation_only(document) => continue,
                    Ok(_) => {}
                    Err(reason) => {
                        findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                        continue;
                    }
                }
            }
            let policies = match details.policies_of(Identity::Role(role)) {
                Ok(policies) => policies,
                Err(reason) => {
                    findings.unknown(&role.arn, GLOBAL_REGION, &reason);
                    continue;
                }
            };
            let mut problems: Vec<String> = Vec::new();
            let mut add = |problem: String| {
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            };
            for policy in &policies {
                let (kind, arn) = match policy.source {
                    PolicySource::Inline { .. } => ("inline", None),
                    PolicySource::Managed { policy, .. } => ("managed", Some(policy.arn.as_str())),
                };
                if arn == Some(admin_arn.as_str()) {
                    add("has the AWS-managed AdministratorAccess policy".to_owned());
                    continue;
                }
                match arn {
                    Some(arn) if is_aws_managed(arn) && skip_aws => continue,
                    Some(arn) if !is_aws_managed(arn) && skip_customer => continue,
                    _ => {}
                }
                let label = if name_policies {
                    format!("{kind} policy {}", policy.source.name())
                } else {
                    format!("{kind} policy")
                };
                for statement in &policy.document.statements {
                    if statement.effect != Effect::Allow || !statement.conditions.is_empty() {
                        continue;
                    }
                    for grant in broad_grants(statement, &tests) {
                        add(format!("{label} {grant}"));
                    }
                }
            }
            if problems.is_empty() {
                findings.ok(
                    &role.arn,
                    GLOBAL_REGION,
                    format!("Role {name} has no policy allowing wildcard actions or resources without conditions"),
                );
            } else {
                findings.fail(&role.arn, GLOBAL_REGION, format!("Role {name}: {}", problems.join("; ")));
            }
        }
    });
}
