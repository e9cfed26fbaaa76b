//! EC2 networking beyond security groups and ACLs: subnets, route tables, gateways, VPN,
//! Transit Gateway, peering and VPC endpoints; and the tags and owners of images and snapshots.
//! Shapes are the AWS CLI's (`aws ec2 describe-…`).

use serde::Deserialize;

use super::Text;
use crate::check::Call;

pub const DESCRIBE_SUBNETS: Call<DescribeSubnets> = Call::new("EC2", "DescribeSubnets");
pub const DESCRIBE_ROUTE_TABLES: Call<DescribeRouteTables> = Call::new("EC2", "DescribeRouteTables");
pub const DESCRIBE_INTERNET_GATEWAYS: Call<DescribeInternetGateways> = Call::new("EC2", "DescribeInternetGateways");
pub const DESCRIBE_EGRESS_ONLY_INTERNET_GATEWAYS: Call<DescribeEgressOnlyInternetGateways> =
    Call::new("EC2", "DescribeEgressOnlyInternetGateways");
pub const DESCRIBE_NAT_GATEWAYS: Call<DescribeNatGateways> = Call::new("EC2", "DescribeNatGateways");
pub const DESCRIBE_VPN_GATEWAYS: Call<DescribeVpnGateways> = Call::new("EC2", "DescribeVpnGateways");
pub const DESCRIBE_VPN_CONNECTIONS: Call<DescribeVpnConnections> = Call::new("EC2", "DescribeVpnConnections");
pub const DESCRIBE_TRANSIT_GATEWAYS: Call<DescribeTransitGateways> = Call::new("EC2", "DescribeTransitGateways");
pub const DESCRIBE_VPC_PEERING_CONNECTIONS: Call<DescribeVpcPeeringConnections> =
    Call::new("EC2", "DescribeVpcPeeringConnections");
pub const DESCRIBE_VPC_ENDPOINTS: Call<DescribeVpcEndpoints> = Call::new("EC2", "DescribeVpcEndpoints");
/// The account's own images (`Owners=self`), as tagged resources.
pub const DESCRIBE_IMAGES_TAGS: Call<DescribeImagesTags> = Call::new("EC2", "DescribeImages");
/// The account's own snapshots (`OwnerIds=self`), as tagged resources.
pub const DESCRIBE_SNAPSHOTS_TAGS: Call<DescribeSnapshotsTags> = Call::new("EC2", "DescribeSnapshots");

/// A resource tag. EC2 omits `Tags` for a resource that has none.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSubnets {
    #[serde(default)]
    pub subnets: Box<[Subnet]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub subnet_id: Text,
    pub vpc_id: Text,
    pub availability_zone: Text,
    /// The IPv4 CIDR (`10.0.1.0/24`); IPv6-only subnets have none.
    #[serde(default)]
    pub cidr_block: Option<Text>,
    /// IPv4 addresses not in use (AWS reserves five of each subnet, which are never available).
    #[serde(default)]
    pub available_ip_address_count: Option<i64>,
    /// Whether instances launched in the subnet get a public IPv4 address by default.
    pub map_public_ip_on_launch: bool,
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Box<[SubnetIpv6Cidr]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetIpv6Cidr {
    pub ipv6_cidr_block: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRouteTables {
    #[serde(default)]
    pub route_tables: Box<[RouteTable]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    pub route_table_id: Text,
    pub vpc_id: Text,
    #[serde(default)]
    pub associations: Box<[RouteTableAssociation]>,
    #[serde(default)]
    pub routes: Box<[Route]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociation {
    /// Whether this is the VPC's main route table, which every subnet without an explicit
    /// association uses.
    #[serde(default)]
    pub main: bool,
    /// The subnet of an explicit association (an edge association names a gateway instead).
    #[serde(default)]
    pub subnet_id: Option<Text>,
    #[serde(default)]
    pub association_state: Option<StateOnly>,
}

impl RouteTableAssociation {
    /// Whether the association is in effect: `associated` (or a state AWS did not report).
    pub fn in_effect(&self) -> bool {
        self.association_state.as_ref().is_none_or(|state| state.state == "associated")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateOnly {
    pub state: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    #[serde(default)]
    pub destination_cidr_block: Option<Text>,
    #[serde(default)]
    pub destination_ipv6_cidr_block: Option<Text>,
    /// `local`, an internet gateway (`igw-…`) or a virtual private gateway (`vgw-…`).
    #[serde(default)]
    pub gateway_id: Option<Text>,
    #[serde(default)]
    pub vpc_peering_connection_id: Option<Text>,
    /// `active`, or `blackhole` when the target is gone.
    #[serde(default)]
    pub state: Option<Text>,
}

impl Route {
    /// Whether the route carries traffic: not a blackhole.
    pub fn is_active(&self) -> bool {
        self.state.as_deref() != Some("blackhole")
    }

    /// The destination CIDR, IPv4 or IPv6 (a route to a prefix list has none).
    pub fn destination(&self) -> Option<&str> {
        self.destination_cidr_block.as_deref().or(self.destination_ipv6_cidr_block.as_deref())
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInternetGateways {
    #[serde(default)]
    pub internet_gateways: Box<[InternetGateway]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    pub internet_gateway_id: Text,
    #[serde(default)]
    pub attachments: Box<[GatewayAttachment]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeEgressOnlyInternetGateways {
    #[serde(default)]
    pub egress_only_internet_gateways: Box<[EgressOnlyInternetGateway]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressOnlyInternetGateway {
    pub egress_only_internet_gateway_id: Text,
    #[serde(default)]
    pub attachments: Box<[GatewayAttachment]>,
}

/// A gateway's attachment to a VPC (internet, egress-only and virtual private gateways).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayAttachment {
    /// `attaching`, `attached`, `detaching`, `detached`; an attached internet gateway reports
    /// `available`.
    pub state: Text,
    #[serde(default)]
    pub vpc_id: Option<Text>,
}

impl GatewayAttachment {
    /// Whether the gateway is attached to the VPC: `attached`, or `available` as EC2 reports an
    /// attached internet gateway.
    pub fn is_attached(&self) -> bool {
        matches!(self.state.as_str(), "attached" | "available")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNatGateways {
    #[serde(default)]
    pub nat_gateways: Box<[NatGateway]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    pub nat_gateway_id: Text,
    pub vpc_id: Text,
    pub subnet_id: Text,
    /// `pending`, `failed`, `available`, `deleting`, `deleted`.
    pub state: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpnGateways {
    #[serde(default)]
    pub vpn_gateways: Box<[VpnGateway]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnGateway {
    pub vpn_gateway_id: Text,
    /// `pending`, `available`, `deleting`, `deleted`.
    pub state: Text,
    #[serde(default)]
    pub vpc_attachments: Box<[GatewayAttachment]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpnConnections {
    #[serde(default)]
    pub vpn_connections: Box<[VpnConnection]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnConnection {
    pub vpn_connection_id: Text,
    /// `pending`, `available`, `deleting`, `deleted`.
    pub state: Text,
    /// One entry per tunnel.
    #[serde(default)]
    pub vgw_telemetry: Box<[VgwTelemetry]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VgwTelemetry {
    #[serde(default)]
    pub outside_ip_address: Option<Text>,
    /// `UP` or `DOWN`.
    pub status: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTransitGateways {
    #[serde(default)]
    pub transit_gateways: Box<[TransitGateway]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGateway {
    pub transit_gateway_id: Text,
    /// `pending`, `available`, `modifying`, `deleting`, `deleted`.
    pub state: Text,
    pub options: TransitGatewayOptions,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayOptions {
    /// `enable` or `disable`.
    pub auto_accept_shared_attachments: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcPeeringConnections {
    #[serde(default)]
    pub vpc_peering_connections: Box<[VpcPeeringConnection]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: Text,
    pub status: PeeringStatus,
    pub accepter_vpc_info: PeeringVpcInfo,
    pub requester_vpc_info: PeeringVpcInfo,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringStatus {
    /// `active`, `pending-acceptance`, `provisioning`, `rejected`, `expired`, `failed`,
    /// `deleting`, `deleted`.
    pub code: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringVpcInfo {
    #[serde(default)]
    pub vpc_id: Option<Text>,
    #[serde(default)]
    pub owner_id: Option<Text>,
    #[serde(default)]
    pub region: Option<Text>,
    #[serde(default)]
    pub cidr_block: Option<Text>,
    #[serde(default)]
    pub cidr_block_set: Box<[PeeringCidr]>,
    #[serde(default)]
    pub ipv6_cidr_block_set: Box<[PeeringIpv6Cidr]>,
}

impl PeeringVpcInfo {
    /// Every CIDR of the VPC the peering reaches: IPv4 (`CidrBlock` and `CidrBlockSet`) and IPv6.
    pub fn cidrs(&self) -> Vec<&str> {
        let mut cidrs: Vec<&str> = self.cidr_block.iter().map(|cidr| cidr.as_str()).collect();
        for cidr in self.cidr_block_set.iter().map(|set| set.cidr_block.as_str()) {
            if !cidrs.contains(&cidr) {
                cidrs.push(cidr);
            }
        }
        cidrs.extend(self.ipv6_cidr_block_set.iter().map(|set| set.ipv6_cidr_block.as_str()));
        cidrs
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringCidr {
    pub cidr_block: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeeringIpv6Cidr {
    pub ipv6_cidr_block: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcEndpoints {
    #[serde(default)]
    pub vpc_endpoints: Box<[VpcEndpoint]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: Text,
    /// `Interface`, `Gateway`, `GatewayLoadBalancer`, `Resource`, `ServiceNetwork`.
    pub vpc_endpoint_type: Text,
    pub vpc_id: Text,
    /// `com.amazonaws.us-east-1.s3`; absent for resource and service-network endpoints.
    #[serde(default)]
    pub service_name: Option<Text>,
    /// `PendingAcceptance`, `Pending`, `Available`, `Deleting`, `Deleted`, `Rejected`,
    /// `Failed`, `Expired`, `Partial` (lower-case in some older answers).
    pub state: Text,
    /// The endpoint policy, as JSON text; endpoints whose service supports none have none.
    #[serde(default)]
    pub policy_document: Option<String>,
    /// The subnets of an interface endpoint's network interfaces.
    #[serde(default)]
    pub subnet_ids: Box<[Text]>,
}

impl VpcEndpoint {
    /// Whether the endpoint exists and carries traffic: not deleted, being deleted, rejected,
    /// failed or expired.
    pub fn is_live(&self) -> bool {
        !matches!(self.state.to_ascii_lowercase().as_str(), "deleting" | "deleted" | "rejected" | "failed" | "expired")
    }

    pub fn is_interface(&self) -> bool {
        self.vpc_endpoint_type.eq_ignore_ascii_case("Interface")
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImagesTags {
    #[serde(default)]
    pub images: Box<[TaggedImage]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaggedImage {
    pub image_id: Text,
    #[serde(default)]
    pub name: Option<Text>,
    #[serde(default)]
    pub tags: Box<[Tag]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsTags {
    #[serde(default)]
    pub snapshots: Box<[TaggedSnapshot]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaggedSnapshot {
    pub snapshot_id: Text,
    #[serde(default)]
    pub tags: Box<[Tag]>,
}

/// Every endpoint service of the region, AWS's and the account's own (`Owner`).
pub const DESCRIBE_VPC_ENDPOINT_SERVICES: Call<DescribeVpcEndpointServices> =
    Call::new("EC2", "DescribeVpcEndpointServices");
/// Per endpoint service the account owns (keyed by its ARN): the principals allowed to connect.
pub const DESCRIBE_VPC_ENDPOINT_SERVICE_PERMISSIONS: Call<DescribeVpcEndpointServicePermissions> =
    Call::new("EC2", "DescribeVpcEndpointServicePermissions");
pub const DESCRIBE_CLIENT_VPN_ENDPOINTS: Call<DescribeClientVpnEndpoints> =
    Call::new("EC2", "DescribeClientVpnEndpoints");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcEndpointServices {
    #[serde(default)]
    pub service_details: Box<[ServiceDetail]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceDetail {
    pub service_id: Text,
    /// An account id, or `amazon` for AWS's services.
    #[serde(default)]
    pub owner: Option<Text>,
    /// Whether the service's owner must accept each connection request.
    #[serde(default)]
    pub acceptance_required: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcEndpointServicePermissions {
    #[serde(default)]
    pub allowed_principals: Box<[AllowedPrincipal]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllowedPrincipal {
    /// An ARN (`arn:aws:iam::111122223333:root`, a role or user), or `*`.
    pub principal: Text,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeClientVpnEndpoints {
    #[serde(default)]
    pub client_vpn_endpoints: Box<[ClientVpnEndpoint]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClientVpnEndpoint {
    pub client_vpn_endpoint_id: Text,
    #[serde(default)]
    pub connection_log_options: Option<ConnectionLogOptions>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectionLogOptions {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub cloudwatch_log_group: Option<Text>,
}

/// Runs `judge` on each endpoint service the account owns, in each region, with its ARN.
pub fn each_own_endpoint_service(
    ctx: &crate::context::Context,
    findings: &mut crate::context::Findings,
    mut judge: impl FnMut(&ServiceDetail, String, &str, &mut crate::context::Findings),
) {
    ctx.each_region(DESCRIBE_VPC_ENDPOINT_SERVICES, findings, |region, listed, findings| {
        let own = listed.service_details.iter().filter(|service| service.owner.as_deref() == Some(ctx.account_id()));
        for service in own {
            let arn = ctx.typed_arn("ec2", region, "vpc-endpoint-service", &service.service_id);
            judge(service, arn, region, findings);
        }
    });
}
