//! What IAM policies grant, judged once for every check of a family: the policies a check looks
//! at ([`Scope`]: AWS-managed attached, customer-managed attached or not, inline), each read at its
//! default version from GetAccountAuthorizationDetails, and the judgements of one document
//! ([`admin_access`], [`full_service_access`], [`privilege_escalation`],
//! [`marketplace_subscribe`]) made with [`crate::policy`].
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
    AdminForm, Decision, Document, Resources, ServiceForm, StatementRef, admin_grants, evaluate,
    evaluate_on_some_resource, full_service_grants, privilege_escalations, resource_matches,
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
    // Two roles no policy names: one at the root path, one deep in a path.
    let probes = [
        format!("arn:{partition}:iam::{account}:role/stance-probe-q7"),
        format!("arn:{partition}:iam::{account}:role/team/x/stance-probe-z3"),
    ];
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
