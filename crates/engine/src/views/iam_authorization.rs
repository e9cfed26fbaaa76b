//! IAM GetAccountAuthorizationDetails: every user, group, role and managed policy of the
//! account, with their inline policies, attachments and documents, in the shape
//! `aws iam get-account-authorization-details` prints (all pages merged, lists concatenated).
//!
//! Policy documents are parsed with [`crate::policy`] once, when the view is read. A document
//! that does not parse does not make the whole call unreadable: it is kept as its
//! [`PolicyError`], and the joins that need it ([`AuthorizationDetails::policies_of`],
//! [`AuthorizationDetails::user_policies`]) return an [`Unknown`] naming the policy and its
//! owner, so that a check reports UNKNOWN for that principal alone.
//!
//! The joins (a group's members, a user's groups, a policy's attachments, managed policies by
//! ARN) are built on first use and shared by every check reading the view.
//!
//! GetAccountAuthorizationDetails lists every customer-managed policy, attached or not, with
//! all its versions, but AWS-managed policies (`arn:aws:iam::aws:policy/…`) only while they are
//! attached to some user, group or role. A check asking whether an AWS-managed policy is
//! attached therefore reads the principals' `AttachedManagedPolicies`, which name it by ARN
//! whether or not `Policies` lists it ([`AuthorizationDetails::attachments`]).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

use stance_snapshot::GLOBAL_REGION;

use super::Text;
use crate::check::Call;
use crate::context::{Context, Findings, Unknown};
use crate::policy::{Document, PolicyError};
use crate::settings::{Setting, StringList};

pub const GET_ACCOUNT_AUTHORIZATION_DETAILS: Call<AuthorizationDetails> =
    Call::new("IAM", "GetAccountAuthorizationDetails");

/// CloudSploit's `iam_role_policies_ignore_path`, shared by the role checks that take it.
pub static IAM_ROLE_POLICIES_IGNORE_PATH: Setting<String> = Setting::new(
    "iam_role_policies_ignore_path",
    "",
    "Roles whose path contains this text are not judged; empty judges every role.",
);

/// CloudSploit's `iam_role_policies_ignore_tag`, shared by the role checks that take it.
pub static IAM_ROLE_POLICIES_IGNORE_TAG: Setting<StringList> = Setting::new(
    "iam_role_policies_ignore_tag",
    "",
    "Roles carrying any of these tags, written KEY:VALUE and separated by commas, are not judged.",
);

/// Runs `judge` on the account's authorization details, reporting UNKNOWN for the account when
/// they are missing or unreadable.
pub fn with_details(ctx: &Context, findings: &mut Findings, judge: impl FnOnce(&AuthorizationDetails, &mut Findings)) {
    match ctx.read_configured(GET_ACCOUNT_AUTHORIZATION_DETAILS, GLOBAL_REGION) {
        Ok(details) => judge(&details, findings),
        Err(reason) => findings.unknown(ctx.account_arn(), GLOBAL_REGION, &reason),
    }
}

/// Whether `tags` hold one of `specs`, each `KEY:VALUE` (a spec without `:` names a key with
/// an empty value).
pub fn has_any_tag(tags: &[Tag], specs: &StringList) -> bool {
    specs.items().iter().any(|spec| {
        let (key, value) = spec.split_once(':').unwrap_or((spec, ""));
        tags.iter().any(|tag| tag.key == key.trim() && tag.value == value.trim())
    })
}

/// GetAccountAuthorizationDetails.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizationDetails {
    #[serde(default)]
    pub user_detail_list: Box<[UserDetail]>,
    #[serde(default)]
    pub group_detail_list: Box<[GroupDetail]>,
    #[serde(default)]
    pub role_detail_list: Box<[RoleDetail]>,
    /// Managed policies: every customer-managed one, and the AWS-managed ones that are attached.
    #[serde(default)]
    pub policies: Box<[ManagedPolicyDetail]>,
    #[serde(skip)]
    joins: OnceLock<Joins>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDetail {
    pub user_name: Text,
    pub arn: String,
    pub create_date: Option<Timestamp>,
    /// Inline policies.
    #[serde(default)]
    pub user_policy_list: Box<[InlinePolicy]>,
    /// The names of the groups the user is a member of.
    #[serde(default)]
    pub group_list: Box<[Text]>,
    #[serde(default)]
    pub attached_managed_policies: Box<[AttachedPolicy]>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    #[serde(default)]
    pub tags: Box<[Tag]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDetail {
    pub group_name: Text,
    pub arn: String,
    /// Inline policies.
    #[serde(default)]
    pub group_policy_list: Box<[InlinePolicy]>,
    #[serde(default)]
    pub attached_managed_policies: Box<[AttachedPolicy]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleDetail {
    pub role_name: Text,
    pub arn: String,
    #[serde(default)]
    pub path: Text,
    pub create_date: Option<Timestamp>,
    /// The trust policy: who may assume the role.
    pub assume_role_policy_document: Option<PolicyDocument>,
    /// Inline policies.
    #[serde(default)]
    pub role_policy_list: Box<[InlinePolicy]>,
    #[serde(default)]
    pub attached_managed_policies: Box<[AttachedPolicy]>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    #[serde(default)]
    pub tags: Box<[Tag]>,
    /// `{}` when the role has not been used in IAM's tracking period (the trailing 400 days).
    pub role_last_used: Option<RoleLastUsed>,
    /// The instance profiles holding the role (an instance profile holds at most one role).
    #[serde(default)]
    pub instance_profile_list: Box<[RoleInstanceProfile]>,
}

/// An instance profile of a role.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleInstanceProfile {
    pub arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleLastUsed {
    pub last_used_date: Option<Timestamp>,
    pub region: Option<Text>,
}

/// An inline policy of a user, group or role.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    pub policy_name: Text,
    pub policy_document: Option<PolicyDocument>,
}

/// A managed policy attached to a user, group or role.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_name: Text,
    pub policy_arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionsBoundary {
    pub permissions_boundary_arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ManagedPolicyDetail {
    /// Use [`ManagedPolicyDetail::name`]: moto omits it.
    pub policy_name: Option<Text>,
    pub arn: String,
    pub default_version_id: Option<Text>,
    pub attachment_count: Option<i64>,
    #[serde(default)]
    pub policy_version_list: Box<[PolicyVersion]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyVersion {
    pub version_id: Text,
    #[serde(default)]
    pub is_default_version: bool,
    pub document: Option<PolicyDocument>,
}

/// A policy document as GetAccountAuthorizationDetails gives it (a decoded object, or
/// URL-encoded JSON text), parsed; or why it could not be.
pub struct PolicyDocument(Result<Document, PolicyError>);

impl PolicyDocument {
    pub fn document(&self) -> Result<&Document, &PolicyError> {
        self.0.as_ref()
    }
}

impl fmt::Debug for PolicyDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(PolicyDocument(Document::from_value(&value)))
    }
}

/// The ARN of the AWS-managed policy `name` (`AdministratorAccess`, `job-function/SupportUser`)
/// in `partition`.
pub fn aws_managed_policy_arn(partition: &str, name: &str) -> String {
    format!("arn:{partition}:iam::aws:policy/{name}")
}

/// Whether `arn` is an AWS-managed policy's (`arn:PARTITION:iam::aws:policy/…`).
pub fn is_aws_managed(arn: &str) -> bool {
    arn.split(':').nth(4) == Some("aws") && arn.split(':').nth(5).is_some_and(|rest| rest.starts_with("policy/"))
}

/// A user, group or role.
#[derive(Debug, Clone, Copy)]
pub enum Identity<'a> {
    User(&'a UserDetail),
    Group(&'a GroupDetail),
    Role(&'a RoleDetail),
}

impl<'a> Identity<'a> {
    pub fn arn(&self) -> &'a str {
        match self {
            Identity::User(user) => &user.arn,
            Identity::Group(group) => &group.arn,
            Identity::Role(role) => &role.arn,
        }
    }

    pub fn name(&self) -> &'a str {
        match self {
            Identity::User(user) => &user.user_name,
            Identity::Group(group) => &group.group_name,
            Identity::Role(role) => &role.role_name,
        }
    }

    /// `user`, `group` or `role`, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Identity::User(_) => "user",
            Identity::Group(_) => "group",
            Identity::Role(_) => "role",
        }
    }

    pub fn inline_policies(&self) -> &'a [InlinePolicy] {
        match self {
            Identity::User(user) => &user.user_policy_list,
            Identity::Group(group) => &group.group_policy_list,
            Identity::Role(role) => &role.role_policy_list,
        }
    }

    pub fn attached_policies(&self) -> &'a [AttachedPolicy] {
        match self {
            Identity::User(user) => &user.attached_managed_policies,
            Identity::Group(group) => &group.attached_managed_policies,
            Identity::Role(role) => &role.attached_managed_policies,
        }
    }

    /// Whether the managed policy `arn` is attached to it directly.
    pub fn has_attached(&self, arn: &str) -> bool {
        self.attached_policies().iter().any(|policy| policy.policy_arn == arn)
    }
}

/// `user alice`, `role web`.
impl fmt::Display for Identity<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), self.name())
    }
}

/// Where a policy that applies to a principal comes from.
#[derive(Debug, Clone, Copy)]
pub enum PolicySource<'a> {
    /// An inline policy of `owner` (the principal, or a group of the user).
    Inline { owner: Identity<'a>, name: &'a str },
    /// A managed policy attached to `owner` (the principal, or a group of the user).
    Managed { owner: Identity<'a>, policy: &'a ManagedPolicyDetail },
}

impl<'a> PolicySource<'a> {
    /// The policy's name.
    pub fn name(&self) -> &'a str {
        match self {
            PolicySource::Inline { name, .. } => name,
            PolicySource::Managed { policy, .. } => policy.name(),
        }
    }

    /// The managed policy's ARN; `None` for an inline policy.
    pub fn managed_arn(&self) -> Option<&'a str> {
        match self {
            PolicySource::Inline { .. } => None,
            PolicySource::Managed { policy, .. } => Some(&policy.arn),
        }
    }
}

/// `inline policy admin of user alice`, `managed policy ReadOnly attached to group ops`.
impl fmt::Display for PolicySource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::Inline { owner, name } => write!(f, "inline policy {name} of {owner}"),
            PolicySource::Managed { owner, policy } => {
                write!(f, "managed policy {} attached to {owner}", policy.name())
            }
        }
    }
}

/// A policy that applies to a principal, with its (default version's) parsed document.
#[derive(Debug, Clone, Copy)]
pub struct AppliedPolicy<'a> {
    pub source: PolicySource<'a>,
    pub document: &'a Document,
}

/// The joins, built once on first use. Indices point into the view's lists.
#[derive(Debug, Default)]
struct Joins {
    group_by_name: HashMap<Text, usize>,
    policy_by_arn: HashMap<String, usize>,
    /// For each group (by index), its members (user indices), in user order.
    members: Vec<Vec<usize>>,
    /// For each managed policy ARN attached anywhere, the identities it is attached to, in
    /// list order: users, then groups, then roles.
    attachments: HashMap<String, Vec<IdentityIndex>>,
}

#[derive(Debug, Clone, Copy)]
enum IdentityIndex {
    User(usize),
    Group(usize),
    Role(usize),
}

impl AuthorizationDetails {
    pub fn users(&self) -> &[UserDetail] {
        &self.user_detail_list
    }

    pub fn groups(&self) -> &[GroupDetail] {
        &self.group_detail_list
    }

    pub fn roles(&self) -> &[RoleDetail] {
        &self.role_detail_list
    }

    pub fn policies(&self) -> &[ManagedPolicyDetail] {
        &self.policies
    }

    fn joins(&self) -> &Joins {
        self.joins.get_or_init(|| {
            let mut joins = Joins {
                group_by_name: self
                    .group_detail_list
                    .iter()
                    .enumerate()
                    .map(|(index, group)| (group.group_name.clone(), index))
                    .collect(),
                policy_by_arn: self.policies.iter().enumerate().map(|(index, p)| (p.arn.clone(), index)).collect(),
                members: vec![Vec::new(); self.group_detail_list.len()],
                attachments: HashMap::new(),
            };
            for (index, user) in self.user_detail_list.iter().enumerate() {
                for group in user.group_list.iter() {
                    if let Some(&group) = joins.group_by_name.get(group) {
                        let members = &mut joins.members[group];
                        if members.last() != Some(&index) {
                            members.push(index);
                        }
                    }
                }
            }
            let identities = self.identities().zip(
                (0..self.user_detail_list.len())
                    .map(IdentityIndex::User)
                    .chain((0..self.group_detail_list.len()).map(IdentityIndex::Group))
                    .chain((0..self.role_detail_list.len()).map(IdentityIndex::Role)),
            );
            for (identity, index) in identities {
                for attached in identity.attached_policies() {
                    joins.attachments.entry(attached.policy_arn.clone()).or_default().push(index);
                }
            }
            joins
        })
    }

    fn identity(&self, index: IdentityIndex) -> Identity<'_> {
        match index {
            IdentityIndex::User(index) => Identity::User(&self.user_detail_list[index]),
            IdentityIndex::Group(index) => Identity::Group(&self.group_detail_list[index]),
            IdentityIndex::Role(index) => Identity::Role(&self.role_detail_list[index]),
        }
    }

    /// Every user, then every group, then every role.
    pub fn identities(&self) -> impl Iterator<Item = Identity<'_>> {
        let users = self.user_detail_list.iter().map(Identity::User);
        let groups = self.group_detail_list.iter().map(Identity::Group);
        users.chain(groups).chain(self.role_detail_list.iter().map(Identity::Role))
    }

    /// The group named `name`.
    pub fn group(&self, name: &str) -> Option<&GroupDetail> {
        self.joins().group_by_name.get(name).map(|&index| &self.group_detail_list[index])
    }

    /// The managed policy `arn`, if listed (AWS-managed policies are listed only while attached).
    pub fn policy(&self, arn: &str) -> Option<&ManagedPolicyDetail> {
        self.joins().policy_by_arn.get(arn).map(|&index| &self.policies[index])
    }

    /// The groups `user` is a member of. A group its GroupList names that GroupDetailList does
    /// not hold is an error: the data is incomplete.
    pub fn groups_of<'a>(&'a self, user: &'a UserDetail) -> Result<Vec<&'a GroupDetail>, Unknown> {
        user.group_list
            .iter()
            .map(|name| {
                self.group(name).ok_or_else(|| {
                    Unknown::new(format!(
                        "user {} is a member of group {name}, which GetAccountAuthorizationDetails does not list",
                        user.user_name
                    ))
                })
            })
            .collect()
    }

    /// The members of `group`, in user order.
    pub fn members<'a>(&'a self, group: &GroupDetail) -> impl Iterator<Item = &'a UserDetail> + 'a {
        let joins = self.joins();
        let members = joins.group_by_name.get(&group.group_name).map_or(&[][..], |&index| &joins.members[index]);
        members.iter().map(|&index| &self.user_detail_list[index])
    }

    /// The users, groups and roles the managed policy `arn` is attached to (users, then groups,
    /// then roles). Permissions boundaries are not attachments.
    pub fn attachments<'a>(&'a self, arn: &str) -> impl Iterator<Item = Identity<'a>> + 'a {
        let indices = self.joins().attachments.get(arn).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&index| self.identity(index))
    }

    /// The policies of `identity` itself, inline then attached, each with its parsed document
    /// (a managed policy's default version). Any policy that cannot be read (a document that does
    /// not parse, an attached policy not listed, no default version) makes it an error.
    pub fn policies_of<'a>(&'a self, identity: Identity<'a>) -> Result<Vec<AppliedPolicy<'a>>, Unknown> {
        let mut applied = Vec::new();
        self.push_policies(identity, &mut applied)?;
        Ok(applied)
    }

    /// The policies that apply to `user`: its own (inline, then attached), then each of its
    /// groups' in GroupList order. An error as in [`Self::policies_of`], or when a group is not
    /// listed.
    pub fn user_policies<'a>(&'a self, user: &'a UserDetail) -> Result<Vec<AppliedPolicy<'a>>, Unknown> {
        let mut applied = Vec::new();
        self.push_policies(Identity::User(user), &mut applied)?;
        for group in self.groups_of(user)? {
            self.push_policies(Identity::Group(group), &mut applied)?;
        }
        Ok(applied)
    }

    /// The parsed default version of the managed policy `identity` has as its permissions
    /// boundary, if it has one: its identity policies grant only what the boundary allows too.
    /// An error when the boundary policy is not listed or cannot be read.
    pub fn permissions_boundary<'a>(&'a self, identity: Identity<'a>) -> Result<Option<&'a Document>, Unknown> {
        let boundary = match identity {
            Identity::User(user) => user.permissions_boundary.as_ref(),
            Identity::Role(role) => role.permissions_boundary.as_ref(),
            Identity::Group(_) => None,
        };
        let Some(boundary) = boundary else { return Ok(None) };
        let arn = &boundary.permissions_boundary_arn;
        let policy = self.policy(arn).ok_or_else(|| {
            Unknown::new(format!(
                "the permissions boundary {arn} of {identity} is not listed by GetAccountAuthorizationDetails"
            ))
        })?;
        let source = PolicySource::Managed { owner: identity, policy };
        let version = policy.default_version().ok_or_else(|| {
            Unknown::new(format!("the permissions boundary {} of {identity} has no default version", policy.name()))
        })?;
        readable(&source, version.document.as_ref()).map(Some)
    }

    fn push_policies<'a>(&'a self, owner: Identity<'a>, applied: &mut Vec<AppliedPolicy<'a>>) -> Result<(), Unknown> {
        for inline in owner.inline_policies() {
            let source = PolicySource::Inline { owner, name: &inline.policy_name };
            applied.push(AppliedPolicy { source, document: readable(&source, inline.policy_document.as_ref())? });
        }
        for attached in owner.attached_policies() {
            let policy = self.policy(&attached.policy_arn).ok_or_else(|| {
                Unknown::new(format!(
                    "managed policy {} is attached to {owner}, but GetAccountAuthorizationDetails does not list it",
                    attached.policy_arn
                ))
            })?;
            let source = PolicySource::Managed { owner, policy };
            let version = policy.default_version().ok_or_else(|| {
                Unknown::new(format!("{source}: GetAccountAuthorizationDetails lists no default version"))
            })?;
            applied.push(AppliedPolicy { source, document: readable(&source, version.document.as_ref())? });
        }
        Ok(())
    }
}

/// A policy's parsed document, or an error naming the policy.
fn readable<'a>(source: &PolicySource<'_>, document: Option<&'a PolicyDocument>) -> Result<&'a Document, Unknown> {
    match document.map(PolicyDocument::document) {
        Some(Ok(document)) => Ok(document),
        Some(Err(error)) => Err(Unknown::new(format!("{source} cannot be read: {error}"))),
        None => Err(Unknown::new(format!("{source} has no document"))),
    }
}

impl ManagedPolicyDetail {
    /// The policy's name: PolicyName, or the last part of the ARN where it is absent (moto
    /// leaves it out; a policy ARN ends in its name).
    pub fn name(&self) -> &str {
        self.policy_name.as_deref().unwrap_or_else(|| self.arn.rsplit('/').next().unwrap_or(&self.arn))
    }

    /// The version in force: the one marked IsDefaultVersion, else the one DefaultVersionId names.
    pub fn default_version(&self) -> Option<&PolicyVersion> {
        self.policy_version_list.iter().find(|version| version.is_default_version).or_else(|| {
            let id = self.default_version_id.as_ref()?;
            self.policy_version_list.iter().find(|version| version.version_id == *id)
        })
    }
}

impl RoleDetail {
    /// A service-linked role (path `/aws-service-role/`): created and managed by an AWS service,
    /// whose permissions and trust policy users cannot edit.
    pub fn is_service_linked(&self) -> bool {
        self.path.starts_with("/aws-service-role/")
    }

    /// A role IAM Identity Center creates for a permission set (path
    /// `/aws-reserved/sso.amazonaws.com/`, name `AWSReservedSSO_…`): managed from Identity
    /// Center, not in IAM.
    pub fn is_identity_center(&self) -> bool {
        self.path.starts_with("/aws-reserved/sso.amazonaws.com/")
    }

    /// Whether CloudSploit's ignore settings leave the role out: its path contains `path` (when
    /// not empty), or it carries one of `tags`.
    pub fn is_ignored(&self, path: &str, tags: &StringList) -> bool {
        (!path.is_empty() && self.path.contains(path)) || has_any_tag(&self.tags, tags)
    }

    /// When the role was last used, if within IAM's tracking period.
    pub fn last_used(&self) -> Option<Timestamp> {
        self.role_last_used.as_ref().and_then(|used| used.last_used_date)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn details(value: serde_json::Value) -> AuthorizationDetails {
        serde_json::from_value(value).unwrap()
    }

    fn allow(action: &str) -> serde_json::Value {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})
    }

    fn account() -> AuthorizationDetails {
        details(json!({
            "UserDetailList": [
                {"UserName": "alice", "Arn": "arn:aws:iam::123456789012:user/alice", "Path": "/",
                 "GroupList": ["admins", "ops"],
                 "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": allow("s3:GetObject")}],
                 "AttachedManagedPolicies": [{"PolicyName": "read", "PolicyArn": "arn:aws:iam::123456789012:policy/read"}],
                 "Tags": [{"Key": "team", "Value": "a"}]},
                {"UserName": "bob", "Arn": "arn:aws:iam::123456789012:user/bob", "Path": "/",
                 "GroupList": ["ops"], "UserPolicyList": [], "AttachedManagedPolicies": []},
                {"UserName": "carol", "Arn": "arn:aws:iam::123456789012:user/carol", "Path": "/",
                 "GroupList": ["ghost"], "UserPolicyList": [], "AttachedManagedPolicies": []}
            ],
            "GroupDetailList": [
                {"GroupName": "admins", "Arn": "arn:aws:iam::123456789012:group/admins", "Path": "/",
                 "GroupPolicyList": [],
                 "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]},
                {"GroupName": "ops", "Arn": "arn:aws:iam::123456789012:group/ops", "Path": "/",
                 "GroupPolicyList": [{"PolicyName": "ops-inline", "PolicyDocument": "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22ec2%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}],
                 "AttachedManagedPolicies": []},
                {"GroupName": "empty", "Arn": "arn:aws:iam::123456789012:group/empty", "Path": "/",
                 "GroupPolicyList": [], "AttachedManagedPolicies": []}
            ],
            "RoleDetailList": [
                {"RoleName": "web", "Arn": "arn:aws:iam::123456789012:role/web", "Path": "/",
                 "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                 "RolePolicyList": [{"PolicyName": "broken", "PolicyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*"}]}}],
                 "AttachedManagedPolicies": [{"PolicyName": "read", "PolicyArn": "arn:aws:iam::123456789012:policy/read"}],
                 "InstanceProfileList": [], "Tags": [], "RoleLastUsed": {}},
                {"RoleName": "AWSServiceRoleForSupport", "Arn": "arn:aws:iam::123456789012:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
                 "Path": "/aws-service-role/support.amazonaws.com/",
                 "RolePolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "AWSSupportServiceRolePolicy", "PolicyArn": "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"}],
                 "RoleLastUsed": {"LastUsedDate": "2026-06-01T10:00:00Z", "Region": "us-east-1"}}
            ],
            "Policies": [
                {"PolicyName": "read", "Arn": "arn:aws:iam::123456789012:policy/read", "Path": "/",
                 "DefaultVersionId": "v2", "AttachmentCount": 2, "IsAttachable": true,
                 "PolicyVersionList": [
                     {"VersionId": "v2", "IsDefaultVersion": true, "Document": allow("s3:ListBucket")},
                     {"VersionId": "v1", "IsDefaultVersion": false, "Document": allow("*")}
                 ]},
                {"PolicyName": "AdministratorAccess", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "Path": "/",
                 "DefaultVersionId": "v1", "AttachmentCount": 1, "IsAttachable": true,
                 "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": allow("*")}]}
            ]
        }))
    }

    fn names<'a>(policies: &[AppliedPolicy<'a>]) -> Vec<String> {
        policies.iter().map(|policy| policy.source.to_string()).collect()
    }

    #[test]
    fn groups_and_members() {
        let account = account();
        let [alice, bob, carol] = account.users() else { panic!() };
        let groups: Vec<&str> = account.groups_of(alice).unwrap().iter().map(|g| g.group_name.as_str()).collect();
        assert_eq!(groups, ["admins", "ops"]);
        let ops = account.group("ops").unwrap();
        let members: Vec<&str> = account.members(ops).map(|user| user.user_name.as_str()).collect();
        assert_eq!(members, ["alice", "bob"]);
        assert_eq!(account.members(account.group("empty").unwrap()).count(), 0);
        assert!(account.group("ghost").is_none());
        assert_eq!(
            account.groups_of(carol).unwrap_err().to_string(),
            "user carol is a member of group ghost, which GetAccountAuthorizationDetails does not list"
        );
        assert!(account.groups_of(bob).is_ok());
    }

    #[test]
    fn a_users_policies_include_its_groups_with_default_versions() {
        let account = account();
        let alice = &account.users()[0];
        let policies = account.user_policies(alice).unwrap();
        assert_eq!(
            names(&policies),
            [
                "inline policy own of user alice",
                "managed policy read attached to user alice",
                "managed policy AdministratorAccess attached to group admins",
                "inline policy ops-inline of group ops",
            ]
        );
        // The default version (v2), not the first listed nor the broader v1.
        assert!(policies[1].document.statements[0].matches_action("s3:ListBucket"));
        assert!(!policies[1].document.statements[0].matches_action("iam:CreateUser"));
        // A URL-encoded inline document.
        assert!(policies[3].document.statements[0].matches_action("ec2:RunInstances"));
        assert_eq!(policies[2].source.managed_arn(), Some("arn:aws:iam::aws:policy/AdministratorAccess"));
        assert_eq!(names(&account.policies_of(Identity::User(alice)).unwrap()).len(), 2, "its own only");
        let bob = &account.users()[1];
        assert_eq!(names(&account.user_policies(bob).unwrap()), ["inline policy ops-inline of group ops"]);
        let carol = &account.users()[2];
        assert!(account.user_policies(carol).is_err(), "a group not listed");
    }

    #[test]
    fn a_bad_document_is_an_error_for_its_owner_only() {
        let account = account();
        let web = Identity::Role(&account.roles()[0]);
        assert_eq!(
            account.policies_of(web).unwrap_err().to_string(),
            r#"inline policy broken of role web cannot be read: the policy's Statement[0] has Effect "Maybe", not "Allow" or "Deny""#
        );
        assert!(account.roles()[0].assume_role_policy_document.as_ref().unwrap().document().is_ok());
        assert!(account.user_policies(&account.users()[1]).is_ok());
    }

    #[test]
    fn attachments_name_users_groups_and_roles() {
        let account = account();
        let read: Vec<String> =
            account.attachments("arn:aws:iam::123456789012:policy/read").map(|i| i.to_string()).collect();
        assert_eq!(read, ["user alice", "role web"]);
        let admin: Vec<String> =
            account.attachments(&aws_managed_policy_arn("aws", "AdministratorAccess")).map(|i| i.to_string()).collect();
        assert_eq!(admin, ["group admins"]);
        // Attached but not listed in Policies: the attachment is still known.
        let support = "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy";
        assert_eq!(account.attachments(support).count(), 1);
        assert!(account.policy(support).is_none());
        assert!(
            account
                .policies_of(Identity::Role(&account.roles()[1]))
                .unwrap_err()
                .to_string()
                .contains("does not list it")
        );
        assert_eq!(account.attachments("arn:aws:iam::aws:policy/SecurityAudit").count(), 0);
    }

    #[test]
    fn permissions_boundaries_and_ignore_settings() {
        let account = details(json!({
            "UserDetailList": [
                {"UserName": "capped", "Arn": "arn:aws:iam::123456789012:user/capped",
                 "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/read"}},
                {"UserName": "lost", "Arn": "arn:aws:iam::123456789012:user/lost",
                 "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::aws:policy/PowerUserAccess"}},
                {"UserName": "free", "Arn": "arn:aws:iam::123456789012:user/free"}
            ],
            "RoleDetailList": [
                {"RoleName": "dr", "Arn": "arn:aws:iam::123456789012:role/break-glass/dr", "Path": "/break-glass/",
                 "Tags": [{"Key": "purpose", "Value": "dr"}]}
            ],
            "Policies": [{"PolicyName": "read", "Arn": "arn:aws:iam::123456789012:policy/read", "DefaultVersionId": "v1",
                "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": allow("s3:Get*")}]}]
        }));
        let [capped, lost, free] = account.users() else { panic!() };
        let boundary = account.permissions_boundary(Identity::User(capped)).unwrap().unwrap();
        assert!(boundary.statements[0].matches_action("s3:GetObject"));
        assert!(account.permissions_boundary(Identity::User(lost)).unwrap_err().to_string().contains("is not listed"));
        assert!(account.permissions_boundary(Identity::User(free)).unwrap().is_none());
        let dr = &account.roles()[0];
        let none = StringList::default();
        let tags = |text: &str| <StringList as crate::settings::SettingType>::parse(text).unwrap();
        assert!(!dr.is_ignored("", &none));
        assert!(dr.is_ignored("/break-glass/", &none));
        assert!(!dr.is_ignored("/other/", &none));
        assert!(dr.is_ignored("", &tags("env:prod, purpose:dr")));
        assert!(!dr.is_ignored("", &tags("purpose:prod")));
    }

    #[test]
    fn role_kinds_and_last_use() {
        let account = account();
        let [web, support] = account.roles() else { panic!() };
        assert!(!web.is_service_linked() && support.is_service_linked());
        assert_eq!(web.last_used(), None);
        assert_eq!(support.last_used(), Some("2026-06-01T10:00:00Z".parse().unwrap()));
        assert!(is_aws_managed("arn:aws:iam::aws:policy/AdministratorAccess"));
        assert!(is_aws_managed("arn:aws-cn:iam::aws:policy/job-function/SupportUser"));
        assert!(!is_aws_managed("arn:aws:iam::123456789012:policy/AdministratorAccess"));
    }

    #[test]
    fn the_moto_shape_reads() {
        let account = details(json!({"GroupDetailList": [], "Policies": [], "RoleDetailList": [
            {"Arn": "arn:aws:iam::123456789012:role/web", "AssumeRolePolicyDocument": allow("sts:AssumeRole"),
             "AttachedManagedPolicies": [], "CreateDate": "2026-11-29T04:30:33.080638Z", "InstanceProfileList": [],
             "Path": "/", "RoleId": "AROA", "RoleLastUsed": {}, "RoleName": "web", "RolePolicyList": [], "Tags": []}
        ], "UserDetailList": []}));
        assert_eq!(account.roles().len(), 1);
        assert!(account.roles()[0].create_date.is_some());
        // moto leaves PolicyName out of ManagedPolicyDetail; the ARN ends in it.
        let policies = details(json!({"Policies": [{"Arn": "arn:aws:iam::123456789012:policy/team/read-buckets",
            "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": allow("s3:GetObject")}]}]}));
        assert_eq!(policies.policies()[0].name(), "read-buckets");
    }
}
