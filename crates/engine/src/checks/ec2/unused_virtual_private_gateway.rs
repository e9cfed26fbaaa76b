use crate::check::declare_check;
use crate::views::ec2_vpc::DESCRIBE_VPN_GATEWAYS;

declare_check! {
    /// Ensures no virtual private gateway is left unused. Each gateway in state `available`
    /// passes when a VPC attachment is `attached` and fails otherwise; gateways being created or
    /// deleted are not judged.
    ///
    /// A virtual private gateway serves Site-to-Site VPN connections and Direct Connect private
    /// virtual interfaces, and the snapshot does not hold Direct Connect: a gateway without VPN
    /// connections may still carry Direct Connect traffic, so use is judged, as CloudSploit
    /// does, by the VPC attachment without which the gateway carries nothing. It reports the
    /// same gateways as vpnGatewayInVpc.
    ///
    /// ## Remediation
    /// Delete gateways that no VPC uses (`aws ec2 delete-vpn-gateway`), or attach them to the
    /// VPC they were made for (`aws ec2 attach-vpn-gateway`).
    pub(crate) CHECK {
        id: "unusedVirtualPrivateGateway",
        title: "Unused Virtual Private Gateway",
        severity: Low,
        reads: [DESCRIBE_VPN_GATEWAYS],
        run: super::vpn_gateway_in_vpc::run,
    }
}
