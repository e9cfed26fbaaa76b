use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::DESCRIBE_CLIENT_VPN_ENDPOINTS;

declare_check! {
    /// Ensures every Client VPN endpoint logs client connections (ConnectionLogOptions Enabled,
    /// to a CloudWatch Logs group): connection attempts, successes and failures are the record of
    /// who reached the network and from where. An endpoint with logging off fails.
    ///
    /// ## Remediation
    /// Turn on connection logging for the endpoint (`aws ec2 modify-client-vpn-endpoint
    /// --connection-log-options Enabled=true,CloudwatchLogGroup=…`).
    pub(crate) CHECK {
        id: "clientVpnConnectionLogging",
        title: "Client VPN Connection Logging",
        severity: Low,
        reads: [DESCRIBE_CLIENT_VPN_ENDPOINTS],
        run,
        aliases: [
            ("ec2_client_vpn_endpoint_connection_logging_enabled", Same),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_CLIENT_VPN_ENDPOINTS, findings, |region, listed, findings| {
        for endpoint in listed.client_vpn_endpoints.iter() {
            let id = &endpoint.client_vpn_endpoint_id;
            let arn = ctx.typed_arn("ec2", region, "client-vpn-endpoint", id);
            let logging = endpoint.connection_log_options.as_ref();
            match logging.filter(|options| options.enabled == Some(true)) {
                Some(options) => {
                    let group = options.cloudwatch_log_group.as_deref().unwrap_or("a log group");
                    findings.ok(arn, region, format!("Client VPN endpoint {id} logs connections to {group}"));
                }
                None => findings.fail(arn, region, format!("Client VPN endpoint {id} does not log client connections")),
            }
        }
    });
}
