//! EC2 storage and addressing: EBS snapshots and their sharing, AMIs and their launch
//! permissions, the account's EBS and Block Public Access defaults per region, Elastic IPs and
//! the account's limits.

use jiff::Timestamp;
use serde::Deserialize;

use super::Text;
use crate::check::Call;
use crate::context::{Context, Findings};

pub const DESCRIBE_SNAPSHOTS: Call<DescribeSnapshots> = Call::new("EC2", "DescribeSnapshots");
/// Per snapshot (`createVolumePermission`), keyed by [`snapshot_arn`].
pub const DESCRIBE_SNAPSHOT_ATTRIBUTE: Call<DescribeSnapshotAttribute> = Call::new("EC2", "DescribeSnapshotAttribute");
pub const DESCRIBE_IMAGES: Call<DescribeImages> = Call::new("EC2", "DescribeImages");
/// Per image (`launchPermission`), keyed by [`image_arn`].
pub const DESCRIBE_IMAGE_ATTRIBUTE: Call<DescribeImageAttribute> = Call::new("EC2", "DescribeImageAttribute");
pub const GET_EBS_ENCRYPTION_BY_DEFAULT: Call<GetEbsEncryptionByDefault> =
    Call::new("EC2", "GetEbsEncryptionByDefault");
pub const GET_EBS_DEFAULT_KMS_KEY_ID: Call<GetEbsDefaultKmsKeyId> = Call::new("EC2", "GetEbsDefaultKmsKeyId");
pub const GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE: Call<GetSnapshotBlockPublicAccessState> =
    Call::new("EC2", "GetSnapshotBlockPublicAccessState");
pub const GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE: Call<GetImageBlockPublicAccessState> =
    Call::new("EC2", "GetImageBlockPublicAccessState");
pub const DESCRIBE_ADDRESSES: Call<DescribeAddresses> = Call::new("EC2", "DescribeAddresses");
pub const DESCRIBE_ACCOUNT_ATTRIBUTES: Call<DescribeAccountAttributes> = Call::new("EC2", "DescribeAccountAttributes");

/// A snapshot's ARN, which has no account (`arn:aws:ec2:us-east-1::snapshot/snap-1`): the key of
/// its per-snapshot calls.
pub fn snapshot_arn(ctx: &Context, region: &str, id: &str) -> String {
    format!("arn:{}:ec2:{region}::snapshot/{id}", ctx.partition())
}

/// An image's ARN, which has no account (`arn:aws:ec2:us-east-1::image/ami-1`): the key of its
/// per-image calls.
pub fn image_arn(ctx: &Context, region: &str, id: &str) -> String {
    format!("arn:{}:ec2:{region}::image/{id}", ctx.partition())
}

/// Runs `judge` on each image the account owns, in each region, with the image's ARN. A region
/// without images passes with one result saying so; one whose listing is missing or failed is
/// UNKNOWN.
pub fn each_image(ctx: &Context, findings: &mut Findings, mut judge: impl FnMut(&str, &Image, String, &mut Findings)) {
    ctx.each_region(DESCRIBE_IMAGES, findings, |region, data, findings| {
        if data.images.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No AMIs owned in {region}"));
        }
        for image in &data.images {
            judge(region, image, image_arn(ctx, region, &image.image_id), findings);
        }
    });
}

/// The account's own snapshots (`--owner-ids self`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshots {
    #[serde(default)]
    pub snapshots: Box<[Snapshot]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Snapshot {
    pub snapshot_id: Text,
    /// The volume the snapshot was taken from; `vol-ffffffff` for copied snapshots.
    #[serde(default)]
    pub volume_id: Option<Text>,
    pub encrypted: bool,
    #[serde(default)]
    pub kms_key_id: Option<Text>,
    /// When the snapshot was started.
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    /// `pending`, `completed`, `error`, `recoverable`, `recovering`.
    pub state: Text,
}

impl Snapshot {
    /// Whether the snapshot is, or is becoming, a restorable copy of its volume: `completed`, or
    /// `pending` while EBS copies the blocks. One in `error` never will be.
    pub fn is_usable(&self) -> bool {
        matches!(self.state.as_str(), "completed" | "pending")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotAttribute {
    #[serde(default)]
    pub create_volume_permissions: Box<[Permission]>,
}

/// One grant of a snapshot's `createVolumePermission` or an image's `launchPermission`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    /// `all`: everyone.
    #[serde(default)]
    pub group: Option<Text>,
    /// An AWS account id.
    #[serde(default)]
    pub user_id: Option<Text>,
    /// Images only: an organization or organizational unit.
    #[serde(default)]
    pub organization_arn: Option<Text>,
    #[serde(default)]
    pub organizational_unit_arn: Option<Text>,
}

impl Permission {
    /// Whether the grant is to everyone.
    pub fn is_public(&self) -> bool {
        self.group.as_deref() == Some("all")
    }

    /// Who the grant is to, for messages: `everyone`, an account id or an organization ARN.
    pub fn grantee(&self) -> &str {
        if self.is_public() {
            return "everyone";
        }
        [&self.user_id, &self.organization_arn, &self.organizational_unit_arn, &self.group]
            .into_iter()
            .find_map(|who| who.as_deref())
            .unwrap_or("an unnamed grantee")
    }
}

/// The account's own images (`--owners self`), deprecated ones included (EC2 always lists an
/// owner's deprecated images).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImages {
    #[serde(default)]
    pub images: Box<[Image]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Image {
    pub image_id: Text,
    /// The AMI name (an attribute, not the `Name` tag).
    #[serde(default)]
    pub name: Option<Text>,
    /// Whether the image has public launch permissions.
    #[serde(default)]
    pub public: Option<bool>,
    #[serde(default)]
    pub creation_date: Option<Timestamp>,
    /// When the image is, or was, deprecated.
    #[serde(default)]
    pub deprecation_time: Option<Timestamp>,
    #[serde(default)]
    pub block_device_mappings: Box<[BlockDeviceMapping]>,
    #[serde(default)]
    pub tags: Box<[Tag]>,
}

impl Image {
    /// The value of the image's tag `key`, if it has one.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.iter().find(|tag| tag.key == key).map(|tag| tag.value.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockDeviceMapping {
    #[serde(default)]
    pub device_name: Option<Text>,
    /// An EBS volume; absent for instance-store volumes and for mappings that suppress a device.
    #[serde(default)]
    pub ebs: Option<EbsBlockDevice>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsBlockDevice {
    #[serde(default)]
    pub encrypted: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: Text,
    #[serde(default)]
    pub value: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImageAttribute {
    #[serde(default)]
    pub launch_permissions: Box<[Permission]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetEbsEncryptionByDefault {
    pub ebs_encryption_by_default: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetEbsDefaultKmsKeyId {
    /// `alias/aws/ebs` for the AWS managed key, or the ARN of the key chosen instead.
    #[serde(default)]
    pub kms_key_id: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSnapshotBlockPublicAccessState {
    /// `block-all-sharing`, `block-new-sharing` or `unblocked`.
    pub state: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetImageBlockPublicAccessState {
    /// `block-new-sharing` or `unblocked`.
    pub image_block_public_access_state: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddresses {
    #[serde(default)]
    pub addresses: Box<[Address]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    #[serde(default)]
    pub allocation_id: Option<Text>,
    #[serde(default)]
    pub public_ip: Option<Text>,
    /// Wavelength Zone addresses.
    #[serde(default)]
    pub carrier_ip: Option<Text>,
    /// `vpc`, or `standard` for the retired EC2-Classic.
    #[serde(default)]
    pub domain: Option<Text>,
    #[serde(default)]
    pub association_id: Option<Text>,
    #[serde(default)]
    pub instance_id: Option<Text>,
    #[serde(default)]
    pub network_interface_id: Option<Text>,
}

impl Address {
    /// The address as people name it: its public (or carrier) IP, else its allocation id.
    pub fn label(&self) -> &str {
        [&self.public_ip, &self.carrier_ip, &self.allocation_id]
            .into_iter()
            .find_map(|label| label.as_deref().filter(|label| !label.is_empty()))
            .unwrap_or("(unnamed address)")
    }

    /// What the address is associated with: its instance, else its network interface, else its
    /// association alone. Empty strings, which some endpoints send for "none", are none.
    pub fn associated_with(&self) -> Option<&str> {
        [&self.instance_id, &self.network_interface_id, &self.association_id]
            .into_iter()
            .find_map(|value| value.as_deref().filter(|value| !value.is_empty()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAccountAttributes {
    #[serde(default)]
    pub account_attributes: Box<[AccountAttribute]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAttribute {
    pub attribute_name: Text,
    #[serde(default)]
    pub attribute_values: Box<[AccountAttributeValue]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountAttributeValue {
    pub attribute_value: Text,
}

impl DescribeAccountAttributes {
    /// The single value of attribute `name`, if the answer holds it.
    pub fn value(&self, name: &str) -> Option<&str> {
        let attribute = self.account_attributes.iter().find(|attribute| attribute.attribute_name == name)?;
        match &*attribute.attribute_values {
            [value] => Some(value.attribute_value.as_str()),
            _ => None,
        }
    }
}

/// An attachment of a volume (`DescribeVolumes`), used by `views::ec2::Volume`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeAttachment {
    #[serde(default)]
    pub instance_id: Option<Text>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn permissions_name_their_grantee() {
        let permission = |value: serde_json::Value| -> Permission { serde_json::from_value(value).unwrap() };
        assert!(permission(json!({"Group": "all"})).is_public());
        assert_eq!(permission(json!({"Group": "all"})).grantee(), "everyone");
        assert_eq!(permission(json!({"UserId": "210987654321"})).grantee(), "210987654321");
        let org = permission(json!({"OrganizationArn": "arn:aws:organizations::1:organization/o-1"}));
        assert!(!org.is_public());
        assert_eq!(org.grantee(), "arn:aws:organizations::1:organization/o-1");
    }

    #[test]
    fn empty_association_members_are_no_association() {
        let address = |value: serde_json::Value| -> Address { serde_json::from_value(value).unwrap() };
        let moto = address(
            json!({"AllocationId": "eipalloc-1", "Domain": "vpc", "InstanceId": "", "NetworkInterfaceId": "", "PublicIp": "203.0.113.5"}),
        );
        assert_eq!(moto.associated_with(), None);
        assert_eq!(moto.label(), "203.0.113.5");
        let used = address(
            json!({"AllocationId": "eipalloc-2", "AssociationId": "eipassoc-1", "NetworkInterfaceId": "eni-1"}),
        );
        assert_eq!(used.associated_with(), Some("eni-1"));
        assert_eq!(used.label(), "eipalloc-2");
    }

    #[test]
    fn account_attribute_values() {
        let attributes: DescribeAccountAttributes = serde_json::from_value(json!({"AccountAttributes": [
            {"AttributeName": "vpc-max-elastic-ips", "AttributeValues": [{"AttributeValue": "5"}]},
            {"AttributeName": "supported-platforms", "AttributeValues": [{"AttributeValue": "EC2"}, {"AttributeValue": "VPC"}]}
        ]}))
        .unwrap();
        assert_eq!(attributes.value("vpc-max-elastic-ips"), Some("5"));
        assert_eq!(attributes.value("supported-platforms"), None, "not a single value");
        assert_eq!(attributes.value("max-elastic-ips"), None);
    }
}
