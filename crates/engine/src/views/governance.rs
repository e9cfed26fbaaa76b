//! Account governance services: AWS Config recorders, Security Hub, Organizations (and IAM's
//! organization features), the account's contacts, Macie and IAM Access Analyzer. Regional calls
//! are made in each region; Organizations, IAM and Account calls once (`global`).

use serde::Deserialize;

use super::Text;
use crate::check::Call;

pub const DESCRIBE_CONFIGURATION_RECORDERS: Call<DescribeConfigurationRecorders> =
    Call::new("ConfigService", "DescribeConfigurationRecorders");
pub const DESCRIBE_CONFIGURATION_RECORDER_STATUS: Call<DescribeConfigurationRecorderStatus> =
    Call::new("ConfigService", "DescribeConfigurationRecorderStatus");
/// Not enabled in a region: `InvalidAccessException`, recorded as "not configured".
pub const DESCRIBE_HUB: Call<DescribeHub> = Call::new("SecurityHub", "DescribeHub");
/// Outside an organization: `AWSOrganizationsNotInUseException`, recorded as "not configured".
pub const DESCRIBE_ORGANIZATION: Call<DescribeOrganization> = Call::new("Organizations", "DescribeOrganization");
/// Answers only in the management account or a delegated administrator; a member account gets
/// `AccessDeniedException`.
pub const LIST_DELEGATED_ADMINISTRATORS: Call<ListDelegatedAdministrators> =
    Call::new("Organizations", "ListDelegatedAdministrators");
/// The organization's resource policy, which delegates the management of Organizations policies
/// to member accounts; none is `ResourcePolicyNotFoundException` (and outside an organization
/// `AWSOrganizationsNotInUseException`), both recorded as "not configured".
pub const DESCRIBE_RESOURCE_POLICY: Call<DescribeResourcePolicy> = Call::new("Organizations", "DescribeResourcePolicy");
pub const LIST_ORGANIZATIONS_FEATURES: Call<ListOrganizationsFeatures> = Call::new("IAM", "ListOrganizationsFeatures");
pub const GET_CONTACT_INFORMATION: Call<GetContactInformation> = Call::new("Account", "GetContactInformation");
/// Keyed by the contact type (`SECURITY`, `BILLING`, `OPERATIONS`) under `global`; an unset
/// contact is `ResourceNotFoundException`, recorded as "not configured".
pub const GET_ALTERNATE_CONTACT: Call<GetAlternateContact> = Call::new("Account", "GetAlternateContact");
/// Not enabled: `AccessDeniedException` with the message "Macie is not enabled".
pub const GET_MACIE_SESSION: Call<GetMacieSession> = Call::new("Macie2", "GetMacieSession");
pub const LIST_ANALYZERS: Call<ListAnalyzers> = Call::new("AccessAnalyzer", "ListAnalyzers");
/// Per analyzer, keyed by its ARN, filtered to findings with status ACTIVE.
pub const LIST_FINDINGS_V2: Call<ListFindingsV2> = Call::new("AccessAnalyzer", "ListFindingsV2");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeConfigurationRecorders {
    #[serde(default)]
    pub configuration_recorders: Box<[ConfigurationRecorder]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigurationRecorder {
    pub name: Text,
    /// Set on a service-linked recorder, which records only what its service needs.
    #[serde(default)]
    pub service_principal: Option<Text>,
    #[serde(default)]
    pub recording_group: Option<RecordingGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingGroup {
    #[serde(default)]
    pub all_supported: bool,
    #[serde(default)]
    pub include_global_resource_types: bool,
    #[serde(default)]
    pub recording_strategy: Option<RecordingStrategy>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingStrategy {
    /// `ALL_SUPPORTED_RESOURCE_TYPES`, `INCLUSION_BY_RESOURCE_TYPES`, `EXCLUSION_BY_RESOURCE_TYPES`.
    pub use_only: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeConfigurationRecorderStatus {
    #[serde(default)]
    pub configuration_recorders_status: Box<[RecorderStatus]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecorderStatus {
    pub name: Text,
    pub recording: bool,
    /// `Pending`, `Success` or `Failure` (the AWS CLI and moto print them in capitals).
    #[serde(default)]
    pub last_status: Option<Text>,
    #[serde(default)]
    pub last_error_code: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeHub {
    #[serde(default)]
    pub subscribed_at: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeOrganization {
    pub organization: Organization,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Organization {
    pub id: Text,
    pub arn: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    #[serde(default)]
    pub feature_set: Option<Text>,
    pub master_account_id: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDelegatedAdministrators {
    #[serde(default)]
    pub delegated_administrators: Box<[DelegatedAdministrator]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DelegatedAdministrator {
    pub id: Text,
    #[serde(default)]
    pub name: Option<String>,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`.
    #[serde(default)]
    pub status: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeResourcePolicy {
    pub resource_policy: OrganizationResourcePolicy,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrganizationResourcePolicy {
    /// The policy, a JSON document as text.
    #[serde(default)]
    pub content: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListOrganizationsFeatures {
    #[serde(default)]
    pub enabled_features: Box<[Text]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetContactInformation {
    pub contact_information: ContactInformation,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContactInformation {
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAlternateContact {
    pub alternate_contact: AlternateContact,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlternateContact {
    #[serde(default)]
    pub email_address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetMacieSession {
    /// `ENABLED` or `PAUSED`.
    pub status: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListAnalyzers {
    #[serde(default)]
    pub analyzers: Box<[Analyzer]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Analyzer {
    pub arn: String,
    pub name: Text,
    /// `ACCOUNT`, `ORGANIZATION` (external access), `ACCOUNT_UNUSED_ACCESS`,
    /// `ORGANIZATION_UNUSED_ACCESS`, `ACCOUNT_INTERNAL_ACCESS`, `ORGANIZATION_INTERNAL_ACCESS`.
    #[serde(rename = "type")]
    pub analyzer_type: Text,
    /// `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`.
    pub status: Text,
}

impl Analyzer {
    pub fn is_active(&self) -> bool {
        self.status == "ACTIVE"
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListFindingsV2 {
    #[serde(default)]
    pub findings: Box<[Finding]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub status: Text,
}
