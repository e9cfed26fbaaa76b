//! Broad grants: administrator access, every action of a service, and privilege escalation.

use serde::{Serialize, Serializer};

use super::document::{Actions, Document, Effect, Resources, Statement};
use super::evaluate::{StatementRef, evaluate_on_some_resource_where, statements};
use super::wildcard::{self, Case, Variables};

/// How an Allow statement grants every action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminForm {
    /// `"Action": "*"` or `"*:*"` (or a glob covering them).
    AllActions { action: String },
    /// `NotAction`: every action but those listed, which is administrator access in all but name.
    NotAction { excluded: Vec<String> },
}

/// An Allow statement that grants every action (but those of a NotAction) on every resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminGrant {
    pub statement: StatementRef,
    pub form: AdminForm,
    /// The Deny statements of the set, which may take part of it away.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub limited_by: Vec<StatementRef>,
}

impl AdminGrant {
    /// `*` on `*` with no condition and no Deny anywhere in the set.
    pub fn is_unrestricted(&self) -> bool {
        matches!(self.form, AdminForm::AllActions { .. }) && !self.statement.conditioned && self.limited_by.is_empty()
    }
}

/// Whether a Resource glob takes in every resource: `*`, or `arn:*`.
fn is_every_resource(glob: &str) -> bool {
    ["*", "arn:*"].iter().any(|all| wildcard::covers(glob, all, Case::Sensitive, Variables::MatchNothing))
}

/// Whether the statement's Resource takes in every resource.
fn on_every_resource(statement: &Statement) -> bool {
    matches!(&statement.resources, Some(Resources::Listed(globs)) if globs.iter().any(|glob| is_every_resource(glob)))
}

fn action_covers(outer: &str, inner: &str) -> bool {
    wildcard::covers(outer, inner, Case::Insensitive, Variables::MatchNothing)
}

/// The Allow statements of `policies` that grant every action on every resource (Resource `*`),
/// either as `*` / `*:*` or through `NotAction`.
pub fn admin_grants(policies: &[&Document]) -> Vec<AdminGrant> {
    let denies: Vec<StatementRef> = statements(policies)
        .filter(|(_, statement)| statement.effect == Effect::Deny)
        .map(|(reference, _)| reference)
        .collect();
    let mut grants = Vec::new();
    for (reference, statement) in statements(policies) {
        if statement.effect != Effect::Allow || !on_every_resource(statement) {
            continue;
        }
        let form = match &statement.actions {
            Actions::Listed(globs) => match globs.iter().find(|glob| action_covers(glob, "*:*")) {
                Some(glob) => AdminForm::AllActions { action: glob.clone() },
                None => continue,
            },
            Actions::AllExcept(excluded) => AdminForm::NotAction { excluded: excluded.clone() },
        };
        grants.push(AdminGrant { statement: reference, form, limited_by: denies.clone() });
    }
    grants
}

/// How an Allow statement grants every action of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceForm {
    /// An Action glob that covers `SERVICE:*`: `kms:*`, `*`, `*:*`.
    Wildcard { action: String },
    /// A NotAction none of whose globs touches the service.
    NotAction { excluded: Vec<String> },
}

/// An Allow statement that grants every action of a service on every resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceGrant {
    pub statement: StatementRef,
    pub form: ServiceForm,
    /// The Deny statements of the set that name some action of the service.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub limited_by: Vec<StatementRef>,
}

impl ServiceGrant {
    /// No condition on the grant and no Deny touching the service.
    pub fn is_unrestricted(&self) -> bool {
        !self.statement.conditioned && self.limited_by.is_empty()
    }
}

/// The Allow statements of `policies` that grant every action of `service` (the prefix, such
/// as `kms` or `cloudtrail`) on every resource (Resource `*`).
pub fn full_service_grants(policies: &[&Document], service: &str) -> Vec<ServiceGrant> {
    let every_action = format!("{service}:*");
    let touches = |glob: &str| wildcard::intersect(glob, &every_action, Case::Insensitive);
    let limited_by: Vec<StatementRef> = statements(policies)
        .filter(|(_, statement)| statement.effect == Effect::Deny)
        .filter(|(_, statement)| match &statement.actions {
            Actions::Listed(globs) => globs.iter().any(|glob| touches(glob)),
            Actions::AllExcept(kept) => !kept.iter().any(|glob| action_covers(glob, &every_action)),
        })
        .map(|(reference, _)| reference)
        .collect();
    let mut grants = Vec::new();
    for (reference, statement) in statements(policies) {
        if statement.effect != Effect::Allow || !on_every_resource(statement) {
            continue;
        }
        let form = match &statement.actions {
            Actions::Listed(globs) => match globs.iter().find(|glob| action_covers(glob, &every_action)) {
                Some(glob) => ServiceForm::Wildcard { action: glob.clone() },
                None => continue,
            },
            Actions::AllExcept(excluded) if !excluded.iter().any(|glob| touches(glob)) => {
                ServiceForm::NotAction { excluded: excluded.clone() }
            }
            Actions::AllExcept(_) => continue,
        };
        grants.push(ServiceGrant { statement: reference, form, limited_by: limited_by.clone() });
    }
    grants
}

/// A known way for a principal to raise its own privileges: all of `actions` together.
#[derive(Debug, PartialEq, Eq)]
pub struct EscalationPath {
    /// A stable name for messages and settings.
    pub id: &'static str,
    pub actions: &'static [&'static str],
    /// What the actions let one do.
    pub summary: &'static str,
    /// The path needs the action on another user: a grant limited to the caller's own user
    /// (every Resource holds `${aws:username}`) does not count, as for managing one's own keys.
    pub needs_another_user: bool,
}

const fn path(id: &'static str, actions: &'static [&'static str], summary: &'static str) -> EscalationPath {
    EscalationPath { id, actions, summary, needs_another_user: false }
}

const fn on_another_user(id: &'static str, actions: &'static [&'static str], summary: &'static str) -> EscalationPath {
    EscalationPath { id, actions, summary, needs_another_user: true }
}

/// The privilege-escalation paths, after Rhino Security Labs' and Bishop Fox's research as
/// Prowler's checks list them, limited to paths that need no resource to exist beforehand except
/// where noted. Wildcards (`iam:*`, `*`) and NotAction grants take in the actions they cover.
pub const ESCALATION_PATHS: &[EscalationPath] = &[
    path("CreatePolicyVersion", &["iam:CreatePolicyVersion"], "write a new default version of a managed policy"),
    path(
        "SetDefaultPolicyVersion",
        &["iam:SetDefaultPolicyVersion"],
        "switch a managed policy to a broader old version",
    ),
    on_another_user("CreateAccessKey", &["iam:CreateAccessKey"], "create access keys for another user"),
    on_another_user("CreateLoginProfile", &["iam:CreateLoginProfile"], "give another user a console password"),
    on_another_user("UpdateLoginProfile", &["iam:UpdateLoginProfile"], "change another user's console password"),
    path("AttachUserPolicy", &["iam:AttachUserPolicy"], "attach any managed policy to a user"),
    path("AttachGroupPolicy", &["iam:AttachGroupPolicy"], "attach any managed policy to a group"),
    path("AttachRolePolicy", &["iam:AttachRolePolicy"], "attach any managed policy to a role"),
    path("PutUserPolicy", &["iam:PutUserPolicy"], "write an inline policy into a user"),
    path("PutGroupPolicy", &["iam:PutGroupPolicy"], "write an inline policy into a group"),
    path("PutRolePolicy", &["iam:PutRolePolicy"], "write an inline policy into a role"),
    path("AddUserToGroup", &["iam:AddUserToGroup"], "join a more privileged group"),
    path(
        "UpdateAssumeRolePolicy",
        &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        "rewrite a role's trust policy, then assume the role",
    ),
    path("PassRoleToEc2", &["iam:PassRole", "ec2:RunInstances"], "start an instance with a privileged role"),
    path(
        "PassRoleToEc2Spot",
        &["iam:PassRole", "ec2:RequestSpotInstances"],
        "start a spot instance with a privileged role",
    ),
    path(
        "PassRoleToNewLambda",
        &["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
        "create a function with a privileged role and invoke it",
    ),
    path(
        "PassRoleToNewLambdaEventSource",
        &["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
        "create a function with a privileged role and trigger it from an event source",
    ),
    path(
        "UpdateLambdaCode",
        &["lambda:UpdateFunctionCode"],
        "replace the code of an existing function that runs with a privileged role",
    ),
    path(
        "PassRoleToGlue",
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        "create a Glue endpoint with a privileged role",
    ),
    path(
        "UpdateGlueEndpoint",
        &["glue:UpdateDevEndpoint"],
        "add an SSH key to an existing Glue endpoint that runs with a privileged role",
    ),
    path(
        "PassRoleToCloudFormation",
        &["iam:PassRole", "cloudformation:CreateStack"],
        "create a stack that acts with a privileged role",
    ),
    path(
        "PassRoleToDataPipeline",
        &["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
        "run pipeline commands with a privileged role",
    ),
    path(
        "PassRoleToCodeBuild",
        &["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"],
        "run a build with a privileged role",
    ),
    path(
        "PassRoleToSageMakerNotebook",
        &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
        "create a notebook instance with a privileged role",
    ),
    path(
        "PassRoleToEcsTask",
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        "run a container task with a privileged role",
    ),
];

/// One action of an escalation path and the Allow statements that grant it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionGrant {
    pub action: &'static str,
    pub allowed_by: Vec<StatementRef>,
}

/// An escalation path every action of which `policies` allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    #[serde(serialize_with = "path_id")]
    pub path: &'static EscalationPath,
    pub grants: Vec<ActionGrant>,
}

fn path_id<S: Serializer>(path: &&'static EscalationPath, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(path.id)
}

/// Whether every Resource of an Allow is the caller's own user (`…:user/${aws:username}`).
fn only_own_user(statement: &Statement) -> bool {
    matches!(&statement.resources, Some(Resources::Listed(globs))
        if !globs.is_empty() && globs.iter().all(|glob| glob.to_ascii_lowercase().contains("${aws:username}")))
}

/// The escalation paths of [`ESCALATION_PATHS`] that `policies` open: each action allowed on
/// some resource (see [`evaluate_on_some_resource`](super::evaluate_on_some_resource)) and not
/// explicitly denied there. Conditions on the grants do not stop a path (each grant's
/// [`StatementRef::conditioned`] says whether one is there); which role or user a grant names
/// is not judged, except for [`EscalationPath::needs_another_user`].
pub fn privilege_escalations(policies: &[&Document]) -> Vec<Escalation> {
    let mut found = Vec::new();
    for path in ESCALATION_PATHS {
        let counts = |statement: &Statement| !(path.needs_another_user && only_own_user(statement));
        let grants: Option<Vec<ActionGrant>> = path
            .actions
            .iter()
            .map(|&action| {
                let access = evaluate_on_some_resource_where(policies, action, counts);
                access.is_allowed().then_some(ActionGrant { action, allowed_by: access.allowed_by })
            })
            .collect();
        if let Some(grants) = grants {
            found.push(Escalation { path, grants });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(value: serde_json::Value) -> Document {
        Document::from_value(&value).unwrap()
    }

    fn ids(escalations: &[Escalation]) -> Vec<&'static str> {
        escalations.iter().map(|escalation| escalation.path.id).collect()
    }

    #[test]
    fn star_on_star_is_admin() {
        for action in ["*", "*:*", "**"] {
            let policy = document(json!({"Statement": {"Effect": "Allow", "Action": action, "Resource": "*"}}));
            let grants = admin_grants(&[&policy]);
            assert_eq!(grants.len(), 1, "{action}");
            assert!(grants[0].is_unrestricted());
        }
        let scoped = document(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}}));
        assert!(admin_grants(&[&scoped]).is_empty());
        let service = document(json!({"Statement": {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}}));
        assert!(admin_grants(&[&service]).is_empty());
    }

    #[test]
    fn not_action_allow_is_admin_like() {
        let policy = document(json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}));
        let grants = admin_grants(&[&policy]);
        assert_eq!(grants[0].form, AdminForm::NotAction { excluded: vec!["iam:*".to_owned()] });
        assert!(!grants[0].is_unrestricted());
    }

    #[test]
    fn denies_limit_admin() {
        let policy = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "NoBilling", "Effect": "Deny", "Action": "aws-portal:*", "Resource": "*"}
        ]}));
        let grants = admin_grants(&[&policy]);
        assert_eq!(grants[0].limited_by[0].sid.as_deref(), Some("NoBilling"));
        assert!(!grants[0].is_unrestricted());
    }

    #[test]
    fn full_service_access() {
        let policy = document(json!({"Statement": [
            {"Sid": "Kms", "Effect": "Allow", "Action": "KMS:*", "Resource": "*"},
            {"Sid": "Rest", "Effect": "Allow", "NotAction": ["iam:*", "s3:Get*"], "Resource": "*"},
            {"Sid": "Trail", "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "arn:aws:cloudtrail:*:*:trail/t"}
        ]}));
        let policies = [&policy];
        let kms = full_service_grants(&policies, "kms");
        assert_eq!(kms.len(), 2);
        assert_eq!(kms[0].form, ServiceForm::Wildcard { action: "KMS:*".to_owned() });
        assert!(matches!(kms[1].form, ServiceForm::NotAction { .. }));
        // NotAction excludes part of S3 and all of IAM; the CloudTrail grant names one trail.
        assert!(full_service_grants(&policies, "iam").is_empty());
        assert!(full_service_grants(&policies, "s3").is_empty());
        assert_eq!(full_service_grants(&policies, "cloudtrail").len(), 1);
        assert_eq!(full_service_grants(&policies, "cloudtrail")[0].statement.sid.as_deref(), Some("Rest"));
        let star = document(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}));
        assert_eq!(full_service_grants(&[&star], "kms")[0].form, ServiceForm::Wildcard { action: "*".to_owned() });
        let denied = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}
        ]}));
        let grants = full_service_grants(&[&denied], "kms");
        assert_eq!(grants[0].limited_by.len(), 1);
        assert!(!grants[0].is_unrestricted());
    }

    #[test]
    fn escalation_needs_every_action() {
        let pass_only = document(json!({"Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}));
        assert!(privilege_escalations(&[&pass_only]).is_empty());
        let ec2 = document(json!({"Statement": {"Effect": "Allow", "Action": ["ec2:Run*"], "Resource": "*"}}));
        assert_eq!(ids(&privilege_escalations(&[&pass_only, &ec2])), ["PassRoleToEc2"]);
        let escalations = privilege_escalations(&[&pass_only, &ec2]);
        assert_eq!(escalations[0].grants[1].allowed_by[0].policy, 1);
    }

    #[test]
    fn escalation_through_wildcards_and_not_action() {
        let iam_star = document(json!({"Statement": {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}}));
        let found = ids(&privilege_escalations(&[&iam_star]));
        assert!(found.contains(&"CreatePolicyVersion") && found.contains(&"AddUserToGroup"));
        assert!(!found.contains(&"UpdateAssumeRolePolicy"), "sts:AssumeRole is not granted");
        let not_action = document(json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}));
        let found = ids(&privilege_escalations(&[&not_action]));
        assert!(found.contains(&"UpdateLambdaCode") && !found.contains(&"CreateAccessKey"));
        assert!(!found.contains(&"PassRoleToEc2"), "iam:PassRole is excluded");
    }

    #[test]
    fn explicit_deny_stops_escalation() {
        let policy = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {"Effect": "Deny", "Action": ["iam:Put*", "iam:Attach*"], "Resource": "*"}
        ]}));
        let found = ids(&privilege_escalations(&[&policy]));
        assert!(found.contains(&"CreatePolicyVersion"));
        assert!(!found.iter().any(|id| id.starts_with("Put") || id.starts_with("Attach")));
        let conditioned = document(json!({"Statement": [
            {"Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:PutUserPolicy", "Resource": "*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
        ]}));
        assert_eq!(ids(&privilege_escalations(&[&conditioned])), ["PutUserPolicy"]);
    }

    #[test]
    fn own_credentials_are_not_escalation() {
        let own = document(json!({"Statement": {"Effect": "Allow",
            "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile", "iam:PutUserPolicy"],
            "Resource": "arn:aws:iam::*:user/${aws:username}"}}));
        // Writing one's own inline policy is still escalation; one's own keys are not.
        assert_eq!(ids(&privilege_escalations(&[&own])), ["PutUserPolicy"]);
    }

    #[test]
    fn the_table_is_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for path in ESCALATION_PATHS {
            assert!(seen.insert(path.id), "{} twice", path.id);
            assert!(!path.actions.is_empty());
            for action in path.actions {
                let (service, name) = action.split_once(':').unwrap();
                assert!(!service.is_empty() && !name.is_empty() && !action.contains('*'), "{action}");
            }
        }
    }
}
