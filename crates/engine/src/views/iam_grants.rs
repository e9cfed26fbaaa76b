//! What IAM policies grant, judged once for every check of a family: the policies a check looks
//! at ([`Scope`]: AWS-managed attached, customer-managed attached or not, inline), each read at its
//! default version from GetAccountAuthorizationDetails, and the judgements of one document
//! ([`admin_access`], [`full_service_access`], [`privilege_escalation`],
//! [`marketplace_subscribe`], [`role_assumption`], [`agentcore_token_access`],
//! [`agentcore_pass_role`]) made with [`crate::policy`].
//!
//! The verdicts follow the IAM policy evaluation logic: an explicit Deny overrides an Allow, so
//! a Deny without a Condition in the same policy takes its part away from a broad grant (the
//! grant is then no longer "everything", and is reported as WARN); a Deny with a Condition
//! applies only to the requests that meet it, and leaves the grant whole for every other
//! request; a Condition on the Allow decides which requests the grant serves, not what it
//! grants, so it does not make a broad grant narrow (CIS 2.14 and AWS Config's
//! `iam-policy-no-statements-with-admin-access` judge the statement the same way).

use stance_snapshot::GLOBAL_REGION;

use crate::context::{Context, Findings, Unknown};
use crate::policy::{
    Access, AdminForm, Condition, Decision, Document, Resources, ServiceForm, Statement, StatementRef, admin_grants,
    evaluate, evaluate_on_some_resource, evaluate_service_on_some_resource, full_service_grants, privilege_escalations,
    resource_matches,
};
use crate::results::Status;
use crate::views::iam_authorization::{
    AuthorizationDetails, GET_ACCOUNT_AUTHORIZATION_DETAILS, Identity, ManagedPolicyDetail, PermissionsBoundary,
    PolicyDocument, aws_managed_policy_arn, is_aws_managed,
};

/// Which policies a check judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// AWS-managed policies attached to some user, group or role.
    AwsAttached,
    /// Customer-managed policies attached to some user, group or role.
    CustomerAttached,
    /// Customer-managed policies attached to no user, group or role.
    CustomerUnattached,
    /// Every customer-managed policy, attached or not.
    Customer,
    /// The inline policies of every user, group and role.
    Inline,
}

/// One policy a check judges: its resource for the result, how messages name it, and its
/// document (a managed policy's default version).
#[derive(Debug)]
pub struct JudgedPolicy<'a> {
    pub resource: String,
    /// `Customer-managed policy ops`, `Inline policy admin of role web`.
    pub label: String,
    pub document: &'a Document,
}

/// The resource of an inline policy's results: its owner's ARN, then `:inline-policy/NAME`.
/// Inline policies have no ARN of their own; a colon cannot occur in IAM names or paths, so the
/// form names one policy of one owner unambiguously.
pub fn inline_policy_resource(owner: &Identity<'_>, name: &str) -> String {
    format!("{}:inline-policy/{name}", owner.arn())
}

/// Whether the managed policy is attached to some user, group or role: its AttachmentCount,
/// or, without one, the principals' AttachedManagedPolicies.
pub fn is_attached(details: &AuthorizationDetails, policy: &ManagedPolicyDetail) -> bool {
    match policy.attachment_count {
        Some(count) => count > 0,
        None => details.attachments(&policy.arn).next().is_some(),
    }
}

/// The AWS-managed policy ARNs attached anywhere, in first-attachment order (users, then groups,
/// then roles), then those Policies lists as attached that no principal names.
fn attached_aws_managed(details: &AuthorizationDetails) -> Vec<&str> {
    let mut arns: Vec<&str> = Vec::new();
    let named = details.identities().flat_map(|identity| identity.attached_policies().iter());
    for arn in named.map(|attached| attached.policy_arn.as_str()) {
        if is_aws_managed(arn) && !arns.contains(&arn) {
            arns.push(arn);
        }
    }
    for policy in details.policies() {
        if is_aws_managed(&policy.arn) && is_attached(details, policy) && !arns.contains(&policy.arn.as_str()) {
            arns.push(&policy.arn);
        }
    }
    arns
}

/// A document as read, or why it cannot be judged.
fn readable<'a>(label: &str, document: Option<&'a PolicyDocument>) -> Result<&'a Document, Unknown> {
    match document.map(PolicyDocument::document) {
        Some(Ok(document)) => Ok(document),
        Some(Err(error)) => Err(Unknown::new(format!("{label} cannot be read: {error}"))),
        None => Err(Unknown::new(format!("{label} has no document"))),
    }
}

fn managed_label(details: &AuthorizationDetails, policy: &ManagedPolicyDetail) -> String {
    let kind = if is_aws_managed(&policy.arn) { "AWS-managed" } else { "Customer-managed" };
    let unattached = if is_attached(details, policy) { "" } else { " (attached to no user, group or role)" };
    format!("{kind} policy {}{unattached}", managed_name(policy))
}

/// A managed policy's name: the last part of its ARN (`arn:aws:iam::…:policy/PATH/NAME`), which
/// is its PolicyName, and is there even where an emulator leaves PolicyName out.
pub fn managed_name(policy: &ManagedPolicyDetail) -> &str {
    policy.arn.rsplit('/').next().unwrap_or(&policy.arn)
}

/// A managed policy's default version, or why it cannot be judged.
fn default_document<'a>(label: &str, policy: &'a ManagedPolicyDetail) -> Result<&'a Document, Unknown> {
    let version = policy
        .default_version()
        .ok_or_else(|| Unknown::new(format!("{label}: GetAccountAuthorizationDetails lists no default version")))?;
    readable(label, version.document.as_ref())
}

/// Runs `judge` on each policy of `scope`, reporting UNKNOWN for the account when
/// GetAccountAuthorizationDetails cannot be read, and for a policy whose document cannot be.
pub fn each_policy(
    ctx: &Context,
    findings: &mut Findings,
    scope: Scope,
    mut judge: impl FnMut(&JudgedPolicy<'_>, &mut Findings),
) {
    let details = match ctx.read_configured(GET_ACCOUNT_AUTHORIZATION_DETAILS, GLOBAL_REGION) {
        Ok(details) => details,
        Err(reason) => return findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    };
    let mut visit =
        |resource: String, label: String, document: Result<&Document, Unknown>, findings: &mut Findings| match document
        {
            Ok(document) => judge(&JudgedPolicy { resource, label, document }, findings),
            Err(reason) => findings.unknown(resource, GLOBAL_REGION, &reason),
        };
    match scope {
        Scope::AwsAttached => {
            for arn in attached_aws_managed(&details) {
                match details.policy(arn) {
                    Some(policy) => {
                        let label = managed_label(&details, policy);
                        let document = default_document(&label, policy);
                        visit(policy.arn.clone(), label, document, findings);
                    }
                    None => {
                        let reason = Unknown::new(format!(
                            "AWS-managed policy {arn} is attached, but GetAccountAuthorizationDetails does not list it"
                        ));
                        findings.unknown(arn, GLOBAL_REGION, &reason);
                    }
                }
            }
        }
        Scope::CustomerAttached | Scope::CustomerUnattached | Scope::Customer => {
            for policy in details.policies().iter().filter(|policy| !is_aws_managed(&policy.arn)) {
                let attached = is_attached(&details, policy);
                let wanted = match scope {
                    Scope::CustomerAttached => attached,
                    Scope::CustomerUnattached => !attached,
                    _ => true,
                };
                if wanted {
                    let label = managed_label(&details, policy);
                    let document = default_document(&label, policy);
                    visit(policy.arn.clone(), label, document, findings);
                }
            }
        }
        Scope::Inline => {
            for owner in details.identities() {
                for inline in owner.inline_policies() {
                    let label = format!("Inline policy {} of {owner}", inline.policy_name);
                    let document = readable(&label, inline.policy_document.as_ref());
                    visit(inline_policy_resource(&owner, &inline.policy_name), label, document, findings);
                }
            }
        }
    }
}

/// Judges each policy of `scope` with `judge`, reporting `"{label} {detail}"`.
pub fn judge_policies(
    ctx: &Context,
    findings: &mut Findings,
    scope: Scope,
    judge: impl Fn(&Document) -> (Status, String),
) {
    each_policy(ctx, findings, scope, |policy, findings| {
        let (status, detail) = judge(policy.document);
        findings.add(status, &policy.resource, GLOBAL_REGION, format!("{} {detail}", policy.label));
    });
}

/// `statement "Admin"`, `Statement[0]`, and `, under a condition` when it has one.
fn statement(reference: &StatementRef) -> String {
    let condition = if reference.conditioned { ", under a condition" } else { "" };
    format!("{reference}{condition}")
}

/// `statement "A" and Statement[2]`.
fn statements(references: &[&StatementRef]) -> String {
    let named: Vec<String> = references.iter().map(ToString::to_string).collect();
    match named.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// What a conditioned Deny does not change, for messages: `; statement "X" denies part of it
/// only under a condition` (`what` is `part of it`, or `it`).
fn conditioned_denies(limited_by: &[StatementRef], what: &str) -> String {
    let conditioned: Vec<&StatementRef> = limited_by.iter().filter(|deny| deny.conditioned).collect();
    match conditioned.len() {
        0 => String::new(),
        1 => format!("; {} denies {what} only under a condition", statements(&conditioned)),
        _ => format!("; {} deny {what} only under conditions", statements(&conditioned)),
    }
}

fn unconditioned(limited_by: &[StatementRef]) -> Vec<&StatementRef> {
    limited_by.iter().filter(|deny| !deny.conditioned).collect()
}

/// Keeps the more severe of two judgements (FAIL over WARN over OK), the first on a tie.
fn worse(kept: Option<(Status, String)>, next: (Status, String)) -> Option<(Status, String)> {
    let rank = |status: Status| match status {
        Status::Fail => 3,
        Status::Warn => 2,
        Status::Unknown => 1,
        Status::Ok => 0,
    };
    match kept {
        Some(kept) if rank(kept.0) >= rank(next.0) => Some(kept),
        _ => Some(next),
    }
}

/// Whether a document allows every action on every resource.
///
/// - FAIL: an Allow of `*` (or `*:*`) on every resource that no Deny without a Condition in the
///   policy narrows; or an Allow with NotAction on every resource whose exclusions leave all of
///   IAM, with which its holder can grant itself whatever it leaves out.
/// - WARN: such an Allow that an unconditioned Deny of the same policy narrows, or a NotAction
///   Allow that excludes part of IAM (AWS's PowerUserAccess is one): every action but some, which
///   is not administrator access as AWS defines it.
/// - OK: no Allow of every action on every resource.
pub fn admin_access(document: &Document) -> (Status, String) {
    let policies = [document];
    let keeps_iam: Vec<usize> =
        full_service_grants(&policies, "iam").iter().map(|grant| grant.statement.index).collect();
    let mut verdict = None;
    for grant in admin_grants(&policies) {
        let (status, what) = match &grant.form {
            AdminForm::AllActions { .. } => (Status::Fail, "allows every action on every resource".to_owned()),
            AdminForm::NotAction { excluded } if keeps_iam.contains(&grant.statement.index) => (
                Status::Fail,
                format!(
                    "allows every action but {} on every resource, all of IAM included, with which it can grant itself the rest",
                    excluded.join(", ")
                ),
            ),
            AdminForm::NotAction { excluded } => {
                (Status::Warn, format!("allows every action but {} on every resource", excluded.join(", ")))
            }
        };
        let denies = unconditioned(&grant.limited_by);
        let (status, less) = if denies.is_empty() {
            (status, conditioned_denies(&grant.limited_by, "part of it"))
        } else {
            (Status::Warn, format!(", less what {} denies", statements(&denies)))
        };
        verdict = worse(verdict, (status, format!("{what} ({}){less}", statement(&grant.statement))));
    }
    verdict.unwrap_or((Status::Ok, "does not allow every action on every resource".to_owned()))
}

/// Whether a document allows every action of `service` (its prefix, `kms`) on every resource;
/// `name` names the service in messages (`KMS`).
///
/// - FAIL: an Allow of `SERVICE:*` (or `*`, or a NotAction leaving the service whole) on every
///   resource that no unconditioned Deny of the service's actions in the policy narrows.
/// - WARN: such an Allow that an unconditioned Deny narrows.
/// - OK: no Allow of every action of the service on every resource.
pub fn full_service_access(document: &Document, service: &str, name: &str) -> (Status, String) {
    let mut verdict = None;
    for grant in full_service_grants(&[document], service) {
        let how = match &grant.form {
            ServiceForm::Wildcard { action } => format!("through {action}"),
            ServiceForm::NotAction { excluded } => format!("through a NotAction of {}", excluded.join(", ")),
        };
        let what = format!("allows every {name} action on every resource {how} ({})", statement(&grant.statement));
        let denies = unconditioned(&grant.limited_by);
        let judged = if denies.is_empty() {
            (Status::Fail, format!("{what}{}", conditioned_denies(&grant.limited_by, "part of it")))
        } else {
            (Status::Warn, format!("{what}, less what {} denies", statements(&denies)))
        };
        verdict = worse(verdict, judged);
    }
    verdict.unwrap_or_else(|| (Status::Ok, format!("does not allow every {name} action on every resource")))
}

/// Whether a document opens one of the policy module's privilege-escalation paths
/// ([`crate::policy::ESCALATION_PATHS`]): FAIL naming them, OK when none is open.
pub fn privilege_escalation(document: &Document) -> (Status, String) {
    let found = privilege_escalations(&[document]);
    if found.is_empty() {
        return (Status::Ok, "opens none of the known privilege-escalation paths".to_owned());
    }
    let conditioned = found
        .iter()
        .flat_map(|escalation| &escalation.grants)
        .flat_map(|grant| &grant.allowed_by)
        .any(|allow| allow.conditioned);
    let condition = if conditioned { "; some of its grants hold only under a condition" } else { "" };
    let paths = match found.as_slice() {
        [one] => format!("{} ({})", one.path.id, one.path.actions.join(" + ")),
        many => {
            let ids: Vec<&str> = many.iter().map(|escalation| escalation.path.id).collect();
            format!("{} paths: {}", many.len(), ids.join(", "))
        }
    };
    (Status::Fail, format!("allows privilege escalation by {paths}{condition}"))
}

/// The condition key that confines aws-marketplace:Subscribe to named products.
const PRODUCT_ID: &str = "aws-marketplace:ProductId";

/// Whether an Allow statement admits only the products its `aws-marketplace:ProductId`
/// condition names: a positive string test (not `…IfExists`, not `ForAllValues:`, which admit
/// requests without the key) whose values are not `*`.
fn scoped_to_products(document: &Document, reference: &StatementRef) -> bool {
    use crate::policy::{BaseOperator, SetOperator};
    let Some(statement) = document.statements.get(reference.index) else { return false };
    statement.conditions_on(PRODUCT_ID).any(|condition| {
        let operator = &condition.operator;
        matches!(
            operator.base,
            BaseOperator::StringEquals | BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringLike
        ) && !operator.if_exists
            && operator.set != Some(SetOperator::ForAllValues)
            && !condition.values.is_empty()
            && condition.values.iter().all(|value| !value.chars().all(|c| c == '*'))
    })
}

/// Whether a document allows aws-marketplace:Subscribe for any product. Subscribe has no
/// resource type (its Resource must be `*`); AWS scopes it with the `aws-marketplace:ProductId`
/// condition key instead.
///
/// - FAIL: some Allow grants it on `*` (by name, wildcard or NotAction) without a ProductId
///   condition, and no unconditioned Deny takes it away.
/// - OK: it is not allowed, an unconditioned Deny takes it away, or every Allow of it names the
///   products it admits.
pub fn marketplace_subscribe(document: &Document) -> (Status, String) {
    const ACTION: &str = "aws-marketplace:Subscribe";
    let access = evaluate(&[document], ACTION, "*");
    match access.decision {
        Decision::NotAllowed => (Status::Ok, format!("does not allow {ACTION}")),
        Decision::Denied => {
            let denies: Vec<&StatementRef> = access.denied_by.iter().filter(|deny| !deny.conditioned).collect();
            (Status::Ok, format!("denies {ACTION} ({})", statements(&denies)))
        }
        Decision::Allowed => {
            let open: Vec<&StatementRef> =
                access.allowed_by.iter().filter(|allow| !scoped_to_products(document, allow)).collect();
            match open.first() {
                None => (Status::Ok, format!("allows {ACTION} only for the products its {PRODUCT_ID} conditions name")),
                Some(first) => (
                    Status::Fail,
                    format!(
                        "allows {ACTION} on every resource for any product ({}){}",
                        statement(first),
                        conditioned_denies(&access.denied_by, "it")
                    ),
                ),
            }
        }
    }
}

/// How an identity with the AWS-managed AdministratorAccess policy attached directly is judged:
/// FAIL, or WARN when a permissions boundary that does not itself allow everything limits what
/// the policy grants (IAM allows only what both allow), or UNKNOWN when the boundary's document
/// cannot be read. `None` when it is not attached.
pub fn administrator_access(
    ctx: &Context,
    details: &AuthorizationDetails,
    identity: Identity<'_>,
    boundary: Option<&PermissionsBoundary>,
) -> Option<(Status, String)> {
    let arn = aws_managed_policy_arn(ctx.partition(), "AdministratorAccess");
    if !identity.has_attached(&arn) {
        return None;
    }
    let kind = identity.kind();
    let name = identity.name();
    let attached = format!(
        "{}{} {name} has the AWS-managed AdministratorAccess policy attached",
        kind[..1].to_uppercase(),
        &kind[1..]
    );
    let Some(boundary) = boundary else { return Some((Status::Fail, attached)) };
    let boundary_arn = &boundary.permissions_boundary_arn;
    let boundary_document = details
        .policy(boundary_arn)
        .ok_or_else(|| {
            Unknown::new(format!(
                "{attached}, and GetAccountAuthorizationDetails does not list its permissions boundary {boundary_arn}, which decides what the policy grants"
            ))
        })
        .and_then(|policy| default_document(&format!("{attached}; its permissions boundary {boundary_arn}"), policy));
    Some(match boundary_document {
        Ok(document) if admin_access(document).0 == Status::Fail => {
            (Status::Fail, format!("{attached}, and its permissions boundary {boundary_arn} allows every action too"))
        }
        Ok(_) => (Status::Warn, format!("{attached}, limited by its permissions boundary {boundary_arn}")),
        Err(reason) => (Status::Unknown, reason.to_string()),
    })
}

/// Two roles of the account that no policy names, one at the root path and one deep in a path:
/// a Resource glob matching both takes in every role.
fn unnamed_roles(partition: &str, account: &str) -> [String; 2] {
    [
        format!("arn:{partition}:iam::{account}:role/stance-probe-q7"),
        format!("arn:{partition}:iam::{account}:role/team/x/stance-probe-z3"),
    ]
}

/// Whether the Resource glob can name an IAM role: `*`, or an ARN glob whose service field can be
/// `iam` and whose resource field can start with `role/` (fields a glob leaves out are spanned by
/// its last `*`).
fn can_name_role(glob: &str) -> bool {
    let fields: Vec<&str> = glob.splitn(6, ':').collect();
    match fields.as_slice() {
        [_, _, service, _, _, resource] => {
            resource_matches(service, "iam")
                && (resource.starts_with("role/")
                    || resource_matches(resource, "role/x")
                    || resource.starts_with(['*', '?']))
        }
        [.., last] => last.contains('*') && (fields.len() < 3 || resource_matches(fields[2], "iam")),
        [] => false,
    }
}

/// Whether a document lets its holder assume roles it does not name: sts:AssumeRole allowed (by
/// name, by a wildcard such as `sts:*` or `*`, or through NotAction) on a Resource with a
/// wildcard, where no unconditioned Deny covers the grant.
///
/// - FAIL: a Resource that takes in every role of this account (`*`, `arn:aws:iam::*:role/*`,
///   `role/*`), or NotResource.
/// - WARN: a narrower wildcard (`role/app-*`), which takes in every role created later under it.
/// - OK: sts:AssumeRole not allowed, or allowed only on named roles.
pub fn role_assumption(document: &Document, partition: &str, account: &str) -> (Status, String) {
    const ACTION: &str = "sts:AssumeRole";
    let access = evaluate_on_some_resource(&[document], ACTION);
    if !access.is_allowed() {
        return (Status::Ok, format!("does not allow {ACTION}"));
    }
    let probes = unnamed_roles(partition, account);
    let mut verdict = None;
    for reference in &access.allowed_by {
        let Some(granted) = document.statements.get(reference.index) else { continue };
        let globs: Vec<&str> = match &granted.resources {
            Some(Resources::Listed(globs)) => globs.iter().map(String::as_str).collect(),
            _ => vec!["*"],
        };
        for glob in globs.into_iter().filter(|glob| can_name_role(glob)) {
            let judged = if probes.iter().all(|probe| resource_matches(glob, probe)) {
                (
                    Status::Fail,
                    format!("allows {ACTION} on {glob}, which takes in every role ({})", statement(reference)),
                )
            } else if glob.contains(['*', '?']) {
                (
                    Status::Warn,
                    format!(
                        "allows {ACTION} on {glob}, which takes in any role its wildcard matches, present or future ({})",
                        statement(reference)
                    ),
                )
            } else {
                continue;
            };
            verdict = worse(verdict, judged);
        }
    }
    verdict.unwrap_or_else(|| (Status::Ok, format!("allows {ACTION} only on roles it names")))
}

/// Bedrock AgentCore's service prefix, and its service principal: the value of
/// `iam:PassedToService` when a role is passed to it.
const AGENTCORE: &str = "bedrock-agentcore";
const AGENTCORE_PRINCIPAL: &str = "bedrock-agentcore.amazonaws.com";
const PASSED_TO_SERVICE: &str = "iam:PassedToService";

/// The actions that hand out a Bedrock AgentCore workload access token: for the workload
/// itself, in exchange for a user's JWT, and for a user id the caller names.
const WORKLOAD_TOKEN_ACTIONS: [&str; 3] = [
    "bedrock-agentcore:GetWorkloadAccessToken",
    "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
    "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
];

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The regions to look for workload identities in: each region a Resource or NotResource glob of
/// the document that can name AgentCore resources spells (its wildcards read as the least they
/// match, so `us-*` gives `us-`),
/// `us-east-1`, and one no policy names, so that a region is never what makes a grant look
/// narrow: a grant on every identity of one region takes in every identity there.
fn probe_regions(document: &Document) -> Vec<String> {
    let mut regions = vec!["us-east-1".to_owned(), "stance-probe-1".to_owned()];
    let globs = document.statements.iter().flat_map(|statement| match &statement.resources {
        Some(Resources::Listed(globs) | Resources::AllExcept(globs)) => globs.as_slice(),
        None => &[],
    });
    for glob in globs {
        let fields: Vec<&str> = glob.splitn(5, ':').collect();
        if let [_, _, service, field, ..] = fields.as_slice()
            && resource_matches(service, AGENTCORE)
        {
            let region: String = field.chars().filter(|c| *c != '*').map(|c| if c == '?' { 'a' } else { c }).collect();
            if !regions.contains(&region) {
                regions.push(region);
            }
        }
    }
    regions
}

/// Two workload identities of the account in `region` that no policy names, in the account's
/// one directory (`default`). Their names share no character and differ in length, so a glob
/// matching both leaves the name to wildcards alone: it takes in every workload identity.
fn unnamed_workload_identities(partition: &str, region: &str, account: &str) -> [String; 2] {
    let identity = |name: &str| {
        format!(
            "arn:{partition}:{AGENTCORE}:{region}:{account}:workload-identity-directory/default/workload-identity/{name}"
        )
    };
    [identity("stance-probe-q7"), identity("ZX_W8.90")]
}

/// How a granting statement's Resource takes in both probes: `Resource GLOB`, or `NotResource`.
fn granted_through(statement: &Statement, probes: &[String]) -> String {
    match &statement.resources {
        Some(Resources::Listed(globs)) => {
            let glob = globs.iter().find(|glob| probes.iter().all(|probe| resource_matches(glob, probe)));
            format!("Resource {}", glob.map_or("*", String::as_str))
        }
        Some(Resources::AllExcept(_)) => "NotResource".to_owned(),
        None => "no Resource".to_owned(),
    }
}

/// The Allow statement that grants `action` on every probe, and the verdict on the first probe.
fn granted_on_all(document: &Document, action: &str, probes: &[String]) -> Option<(StatementRef, Access)> {
    let accesses: Vec<Access> = probes.iter().map(|probe| evaluate(&[document], action, probe)).collect();
    if !accesses.iter().all(Access::is_allowed) {
        return None;
    }
    let (first, rest) = accesses.split_first()?;
    let common = first.allowed_by.iter().find(|allow| rest.iter().all(|access| access.allowed_by.contains(allow)))?;
    Some((common.clone(), first.clone()))
}

/// Whether a document lets its holder obtain a Bedrock AgentCore workload access token for every
/// workload identity of the account ([`WORKLOAD_TOKEN_ACTIONS`]).
///
/// - FAIL: one of the actions allowed (by name, by a wildcard such as `bedrock-agentcore:*` or
///   `*`, or through NotAction) on a Resource that takes in every workload identity of the
///   account in some region (`*`, `…:workload-identity-directory/*`,
///   `…:workload-identity-directory/default/workload-identity/*`), or on NotResource, where no
///   unconditioned Deny of the policy takes it away.
/// - OK: the actions not allowed, or allowed only on the workload identities the Resource names,
///   by name or by a pattern within the name (`workload-identity/agentName-*`), or on the
///   directory alone.
pub fn agentcore_token_access(document: &Document, partition: &str, account: &str) -> (Status, String) {
    let regions = probe_regions(document);
    let mut open: Vec<&str> = Vec::new();
    let mut first = None;
    for action in WORKLOAD_TOKEN_ACTIONS {
        let granted = regions.iter().find_map(|region| {
            let probes = unnamed_workload_identities(partition, region, account);
            granted_on_all(document, action, &probes).map(|(allow, access)| (allow, access, probes))
        });
        if let Some(granted) = granted {
            open.push(action);
            first.get_or_insert(granted);
        }
    }
    let Some((allow, access, probes)) = first else {
        let allowed =
            WORKLOAD_TOKEN_ACTIONS.iter().any(|action| evaluate_on_some_resource(&[document], action).is_allowed());
        return if allowed {
            (
                Status::Ok,
                "does not allow Bedrock AgentCore workload access tokens on every workload identity of the account"
                    .to_owned(),
            )
        } else {
            (Status::Ok, "does not allow Bedrock AgentCore workload access tokens".to_owned())
        };
    };
    let through =
        document.statements.get(allow.index).map(|granted| granted_through(granted, &probes)).unwrap_or_default();
    (
        Status::Fail,
        format!(
            "allows {} on every workload identity of the account through {through} ({}){}",
            and_list(&open),
            statement(&allow),
            conditioned_denies(&access.denied_by, "it")
        ),
    )
}

/// Whether a condition on `iam:PassedToService` is met when a role is passed to Bedrock
/// AgentCore, whose request carries the key with [`AGENTCORE_PRINCIPAL`] (so `…IfExists` and the
/// set qualifiers change nothing): `Some(true)` surely, `Some(false)` surely not, `None` when it
/// cannot be told (an operator that does not compare strings, a policy variable in a value).
fn admits_agentcore(condition: &Condition) -> Option<bool> {
    use crate::policy::BaseOperator::*;
    let base = condition.operator.base;
    let values = &condition.values;
    match base {
        // `Null: false` asks for the key, which the request has; `Null: true` for its absence.
        Null => Some(values.iter().any(|value| value.eq_ignore_ascii_case("false"))),
        StringEquals
        | StringNotEquals
        | StringEqualsIgnoreCase
        | StringNotEqualsIgnoreCase
        | StringLike
        | StringNotLike => {
            if values.iter().any(|value| value.contains("${")) {
                return None;
            }
            let any = values.iter().any(|value| match base {
                StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => value.eq_ignore_ascii_case(AGENTCORE_PRINCIPAL),
                StringLike | StringNotLike => resource_matches(value, AGENTCORE_PRINCIPAL),
                _ => value == AGENTCORE_PRINCIPAL,
            });
            Some(any != base.is_negated())
        }
        _ => None,
    }
}

/// Which services an Allow of iam:PassRole can pass roles to, as far as Bedrock AgentCore goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AgentCoreReach {
    /// An `iam:PassedToService` condition leaves AgentCore out.
    Excluded,
    /// A positive `iam:PassedToService` test (`StringEquals`, `StringLike`, …) admits AgentCore.
    Named,
    /// No `iam:PassedToService` condition leaves AgentCore out, and none names it.
    Unpinned,
}

fn agentcore_reach(statement: &Statement) -> AgentCoreReach {
    let mut reach = AgentCoreReach::Unpinned;
    for condition in statement.conditions_on(PASSED_TO_SERVICE) {
        let base = condition.operator.base;
        match admits_agentcore(condition) {
            Some(false) => return AgentCoreReach::Excluded,
            Some(true) if !base.is_negated() && base != crate::policy::BaseOperator::Null => {
                reach = AgentCoreReach::Named;
            }
            _ => {}
        }
    }
    reach
}

/// Whether a Deny surely applies when a role is passed to Bedrock AgentCore: each of its
/// conditions (none for an unconditioned Deny) tests `iam:PassedToService` and is met by AgentCore.
fn denies_agentcore(statement: &Statement) -> bool {
    statement
        .conditions
        .iter()
        .all(|condition| condition.key_is(PASSED_TO_SERVICE) && admits_agentcore(condition) == Some(true))
}

/// Whether a document lets its holder pass every role of the account to Bedrock AgentCore, whose
/// runtimes, gateways, code interpreters and browsers then act with the role's permissions.
///
/// - FAIL: iam:PassRole allowed (by name, wildcard or NotAction) by one statement on a Resource
///   that takes in every role of the account (`*`, `role/*`, NotResource), where no Deny that
///   applies to AgentCore takes it away, and the statement either names AgentCore in an
///   `iam:PassedToService` condition, or has no such condition leaving AgentCore out while the
///   policy allows some Bedrock AgentCore action.
/// - OK: PassRole allowed only on the roles the Resource names (a name prefix included), pinned
///   to other services, or unpinned in a policy that allows no AgentCore action.
pub fn agentcore_pass_role(document: &Document, partition: &str, account: &str) -> (Status, String) {
    const ACTION: &str = "iam:PassRole";
    let probes = unnamed_roles(partition, account);
    let accesses: Vec<Access> = probes.iter().map(|probe| evaluate(&[document], ACTION, probe)).collect();
    let to_agentcore = |access: &Access| {
        access.is_allowed()
            && !access.denied_by.iter().any(|deny| document.statements.get(deny.index).is_some_and(denies_agentcore))
    };
    if !accesses.iter().all(Access::is_allowed) {
        return if evaluate_on_some_resource(&[document], ACTION).is_allowed() {
            (Status::Ok, format!("does not allow {ACTION} on every role"))
        } else {
            (Status::Ok, format!("does not allow {ACTION}"))
        };
    }
    if let Some(deny) = accesses.iter().find(|access| !to_agentcore(access)).and_then(|access| {
        access.denied_by.iter().find(|deny| document.statements.get(deny.index).is_some_and(denies_agentcore))
    }) {
        return (Status::Ok, format!("denies {ACTION} to Bedrock AgentCore ({deny})"));
    }
    let common: Vec<&StatementRef> = accesses[0]
        .allowed_by
        .iter()
        .filter(|allow| accesses[1..].iter().all(|access| access.allowed_by.contains(allow)))
        .collect();
    let agentcore_actions = evaluate_service_on_some_resource(&[document], AGENTCORE).is_allowed();
    let mut unpinned = false;
    for allow in common {
        let Some(granted) = document.statements.get(allow.index) else { continue };
        let reason = match agentcore_reach(granted) {
            AgentCoreReach::Excluded => continue,
            AgentCoreReach::Unpinned if !agentcore_actions => {
                unpinned = true;
                continue;
            }
            AgentCoreReach::Named => {
                format!("{allow}, whose {PASSED_TO_SERVICE} condition admits {AGENTCORE_PRINCIPAL}")
            }
            AgentCoreReach::Unpinned => format!(
                "{}; no {PASSED_TO_SERVICE} condition keeps AgentCore out, and the policy allows Bedrock AgentCore actions",
                statement(allow)
            ),
        };
        return (
            Status::Fail,
            format!(
                "allows {ACTION} to Bedrock AgentCore on every role through {} ({reason}){}",
                granted_through(granted, &probes),
                conditioned_denies(&accesses[0].denied_by, "it")
            ),
        );
    }
    if unpinned {
        (
            Status::Ok,
            format!(
                "allows {ACTION} on every role without naming Bedrock AgentCore in {PASSED_TO_SERVICE}, and allows no Bedrock AgentCore action"
            ),
        )
    } else {
        (Status::Ok, format!("allows {ACTION} on every role only to services other than Bedrock AgentCore"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(statements: serde_json::Value) -> Document {
        Document::from_value(&json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
    }

    fn tokens(statements: serde_json::Value) -> Status {
        agentcore_token_access(&document(statements), "aws", "123456789012").0
    }

    fn pass_role(statements: serde_json::Value) -> Status {
        agentcore_pass_role(&document(statements), "aws", "123456789012").0
    }

    #[test]
    fn token_grants_on_every_workload_identity() {
        let allow = |resource: &str| json!([{"Effect": "Allow", "Action": "bedrock-agentcore:GetWorkloadAccessToken", "Resource": resource}]);
        let identities = "arn:aws:bedrock-agentcore:us-east-1:123456789012:workload-identity-directory/default";
        for every in [
            "*",
            "*-*",
            "arn:aws:bedrock-agentcore:*",
            "arn:*:bedrock-agentcore:ap-south-?:*",
            &format!("{identities}*"),
            &format!("{identities}/workload-identity/???*"),
        ] {
            assert_eq!(tokens(allow(every)), Status::Fail, "{every}");
        }
        for scoped in [
            identities.to_owned(),
            format!("{identities}/workload-identity/agentName-*"),
            format!("{identities}/workload-identity/*prod*"),
            format!("{identities}/workload-identity/a?"),
            "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/*".to_owned(),
            "arn:aws:s3:::bucket/*".to_owned(),
        ] {
            assert_eq!(tokens(allow(&scoped)), Status::Ok, "{scoped}");
        }
    }

    #[test]
    fn a_region_is_not_what_scopes_a_token_grant() {
        let action = "bedrock-agentcore:GetWorkloadAccessTokenForJWT";
        // A Deny of one region or of some regions leaves the rest of `*` or `us-*`.
        let partly_denied = |allow: &str, deny: &str| {
            json!([
                {"Effect": "Allow", "Action": action, "Resource": allow},
                {"Effect": "Deny", "Action": action, "Resource": deny}
            ])
        };
        assert_eq!(tokens(partly_denied("*", "arn:aws:bedrock-agentcore:us-east-1:*")), Status::Fail);
        assert_eq!(
            tokens(partly_denied("arn:aws:bedrock-agentcore:us-*", "arn:aws:bedrock-agentcore:us-east-*")),
            Status::Fail
        );
        assert_eq!(tokens(partly_denied("*", "arn:aws:bedrock-agentcore:*")), Status::Ok);
    }

    #[test]
    fn passed_to_service_conditions() {
        let agentcore = json!({"Effect": "Allow", "Action": "bedrock-agentcore:CreateGateway", "Resource": "*"});
        let pinned = |condition: serde_json::Value| {
            pass_role(json!([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": condition}]))
        };
        let unpinned_beside_agentcore = |condition: serde_json::Value| {
            pass_role(json!([
                {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": condition},
                agentcore.clone()
            ]))
        };
        // Named on its own, however the operator is qualified.
        for operator in
            ["StringEqualsIfExists", "ForAnyValue:StringEquals", "ForAllValues:StringLike", "StringEqualsIgnoreCase"]
        {
            let condition = json!({operator: {"IAM:PassedToService": "bedrock-agentcore.amazonaws.com"}});
            assert_eq!(pinned(condition), Status::Fail, "{operator}");
        }
        assert_eq!(pinned(json!({"StringLike": {"iam:PassedToService": "*"}})), Status::Fail);
        assert_eq!(
            pinned(json!({"StringEquals": {"iam:PassedToService": "Bedrock-AgentCore.amazonaws.com"}})),
            Status::Ok
        );
        // Left out: another service, `Null: true`, two conditions one of which leaves it out.
        assert_eq!(
            unpinned_beside_agentcore(json!({"StringEqualsIfExists": {"iam:PassedToService": "ec2.amazonaws.com"}})),
            Status::Ok
        );
        assert_eq!(unpinned_beside_agentcore(json!({"Null": {"iam:PassedToService": "true"}})), Status::Ok);
        assert_eq!(
            unpinned_beside_agentcore(json!({
                "StringLike": {"iam:PassedToService": "*.amazonaws.com"},
                "StringNotEquals": {"iam:PassedToService": "bedrock-agentcore.amazonaws.com"}
            })),
            Status::Ok
        );
        // Not left out, not named: in scope beside an AgentCore action only.
        let variable = json!({"StringEquals": {"iam:PassedToService": "${aws:PrincipalTag/service}"}});
        assert_eq!(unpinned_beside_agentcore(variable.clone()), Status::Fail);
        assert_eq!(pinned(variable), Status::Ok);
        assert_eq!(unpinned_beside_agentcore(json!({"Null": {"iam:PassedToService": "false"}})), Status::Fail);
    }

    #[test]
    fn denies_of_passing_to_agentcore() {
        let with_deny = |deny: serde_json::Value| {
            pass_role(json!([
                {"Effect": "Allow", "Action": ["iam:PassRole", "bedrock-agentcore:*"], "Resource": "*"},
                deny
            ]))
        };
        let to_agentcore = json!({"StringEquals": {"iam:PassedToService": "bedrock-agentcore.amazonaws.com"}});
        assert_eq!(
            with_deny(json!({"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*", "Condition": to_agentcore})),
            Status::Ok
        );
        // Another condition beside it may spare the request; a Deny of some roles spares the rest
        // only if it covers one of the unnamed roles.
        let with_mfa = json!({
            "StringEquals": {"iam:PassedToService": "bedrock-agentcore.amazonaws.com"},
            "Bool": {"aws:MultiFactorAuthPresent": "false"}
        });
        assert_eq!(
            with_deny(json!({"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*", "Condition": with_mfa})),
            Status::Fail
        );
        assert_eq!(
            with_deny(
                json!({"Effect": "Deny", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/admin"})
            ),
            Status::Fail
        );
        assert_eq!(with_deny(json!({"Effect": "Deny", "Action": "iam:*", "Resource": "*"})), Status::Ok);
    }
}
