//! EC2 networking members the security-group, network ACL and interface checks read beyond
//! `views::ec2`: an interface's attachment and an instance's Nitro Enclaves option.

use serde::Deserialize;

use super::Text;

/// `NetworkInterface.Attachment`: what the interface is attached to.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceAttachment {
    /// The owner of the instance the interface is attached to: an account id, or a service's
    /// name for interfaces AWS manages (`amazon-elb`, `amazon-rds`, `amazon-aws`).
    #[serde(default)]
    pub instance_owner_id: Option<Text>,
}

/// `Instance.EnclaveOptions`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnclaveOptions {
    /// Whether the instance is enabled for AWS Nitro Enclaves.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// The instances of a DescribeInstances answer that still exist: every state but
/// `terminated` and `shutting-down` (an instance on its way to termination).
pub fn live_instances(data: &super::ec2::DescribeInstances) -> impl Iterator<Item = &super::ec2::Instance> {
    data.reservations.iter().flat_map(|reservation| reservation.instances.iter()).filter(|instance| {
        instance.state.as_ref().is_none_or(|state| state.name != "terminated" && state.name != "shutting-down")
    })
}
