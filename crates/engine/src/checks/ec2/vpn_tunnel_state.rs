use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::ec2_vpc::DESCRIBE_VPN_CONNECTIONS;

declare_check! {
    /// Ensures both tunnels of every Site-to-Site VPN connection are up. AWS gives each
    /// connection two tunnels, in different Availability Zones, so that one can fail or be
    /// maintained without losing the link; with a tunnel down, the connection has no redundancy
    /// left. Each connection in state `available` passes when every tunnel's telemetry
    /// (`VgwTelemetry`) reports `UP` and fails when one reports anything else; a connection that
    /// reports no telemetry is UNKNOWN. Connections being created or deleted are not judged.
    ///
    /// CloudSploit runs this check only when `enable_vpn_tunnel_state` is true, and fails only a
    /// tunnel whose status is `DOWN`; Prowler always runs it. stance keeps CloudSploit's setting
    /// but turns it on by default, since a tunnel down is a real loss of redundancy and the
    /// Security Hub control (EC2.20) is on by default too.
    ///
    /// ## Remediation
    /// Find why the tunnel is down (the customer gateway's IKE and IPsec configuration, its
    /// outside IP address, dead peer detection, routing) and bring it up; the VPN console shows
    /// each tunnel's status message.
    pub(crate) CHECK {
        id: "vpnTunnelState",
        title: "VPN Tunnel State",
        severity: Low,
        reads: [DESCRIBE_VPN_CONNECTIONS],
        run,
        settings: [ENABLED],
        aliases: [
            ("vpc_vpn_connection_tunnels_up", Differently("Prowler also judges connections that are pending or deleted; stance judges only available ones, since the others carry no traffic and report no meaningful tunnel state")),
        ],
    }
}

static ENABLED: Setting<bool> = Setting::new(
    "enable_vpn_tunnel_state",
    "true",
    "Whether vpnTunnelState judges VPN connections; false turns it off (CloudSploit's default).",
);

fn run(ctx: &Context, findings: &mut Findings) {
    if !*ctx.setting(&ENABLED) {
        return;
    }
    ctx.each_region(DESCRIBE_VPN_CONNECTIONS, findings, |region, data, findings| {
        for connection in data.vpn_connections.iter().filter(|connection| connection.state == "available") {
            let id = &connection.vpn_connection_id;
            let arn = ctx.typed_arn("ec2", region, "vpn-connection", id);
            let tunnels = &connection.vgw_telemetry;
            if tunnels.is_empty() {
                findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("VPN connection {id} reports no tunnel telemetry")),
                );
                continue;
            }
            let down: Vec<String> = tunnels
                .iter()
                .filter(|tunnel| tunnel.status != "UP")
                .map(|tunnel| {
                    format!("{} {}", tunnel.outside_ip_address.as_deref().unwrap_or("(no address)"), tunnel.status)
                })
                .collect();
            if down.is_empty() {
                findings.ok(arn, region, format!("VPN connection {id} has every tunnel UP ({})", tunnels.len()));
            } else {
                findings.fail(
                    arn,
                    region,
                    format!(
                        "VPN connection {id} has {} of {} tunnels not UP: {}",
                        down.len(),
                        tunnels.len(),
                        down.join(", ")
                    ),
                );
            }
        }
    });
}
