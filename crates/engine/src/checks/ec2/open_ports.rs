//! The "open to the internet" checks on security groups: one check per service, each over
//! the same analysis (`analysis::network`), with shared fixtures (`fixtures/families/open_ports/`).

use super::CATEGORY;
use crate::analysis::network::{Ports, Reach, Traffic, describe_ports, internet_reach, reaches_any};
use crate::check::{Family, declare_family};
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2::{
    DESCRIBE_NETWORK_INTERFACES, DESCRIBE_SECURITY_GROUPS, DescribeNetworkInterfaces, SecurityGroup, security_group_arn,
};

static FAMILY: Family = Family {
    name: "open_ports",
    docs: "Every inbound rule counts that lets the internet (a source CIDR of 0.0.0.0/0 or ::/0) reach \
           one of the check's ports: a rule of the port's protocol (tcp or udp, by name or by number, 6 or \
           17) whose port range covers the port, and an all-traffic rule (protocol -1), which AWS applies to \
           every protocol and port. So a group with every port open fails every per-port check as well as \
           openAllPortsProtocols. CloudSploit's per-port plugins pass all-traffic rules (they look only at \
           rules of the listed protocol), and Prowler reports PASS on a group its all-ports check failed in \
           the same run: both leave the port's real exposure unreported. Wide ranges such as 0.0.0.0/1 are not \
           the internet here (securityGroupWideOpenIpv4 reports them). Sources that are security groups or \
           prefix lists are not the internet; a prefix list, whose entries the snapshot does not hold, is \
           named in the message. Every group is judged, whether or not anything uses it, and the message \
           says how many network interfaces use it (DescribeNetworkInterfaces); Prowler skips unused groups \
           by default. With check_network_interface=true, an open group whose network interfaces all lack a \
           public address passes; with ec2_skip_unused_groups=true, an open group no network interface uses \
           warns instead of failing (CloudSploit also looks for Lambda functions, which reach a VPC through \
           network interfaces DescribeNetworkInterfaces lists).",
};

pub(crate) static CHECK_NETWORK_INTERFACE: Setting<bool> = Setting::new(
    "check_network_interface",
    "false",
    "Pass a security group that opens a port to the internet when every network interface using it has no public address.",
);

pub(crate) static SKIP_UNUSED_GROUPS: Setting<bool> = Setting::new(
    "ec2_skip_unused_groups",
    "false",
    "Warn instead of failing on a security group that opens a port to the internet but no network interface uses.",
);

/// What a member looks for: the ports of a service, or every port.
pub(crate) struct Target {
    /// `SSH`, or `all ports`.
    service: &'static str,
    /// The ports; empty for every port of TCP and UDP.
    ports: &'static [Ports],
}

impl Target {
    pub(crate) const fn ports(service: &'static str, ports: &'static [Ports]) -> Target {
        Target { service, ports }
    }

    const fn every_port() -> Target {
        Target { service: "every port", ports: &[] }
    }

    /// Whether a rule's traffic is what the member looks for.
    pub(crate) fn matches(&self, traffic: &Traffic) -> bool {
        if self.ports.is_empty() { traffic.opens_every_port() } else { reaches_any(traffic, self.ports) }
    }

    /// `SSH (TCP 22)`, `every port`.
    pub(crate) fn describe(&self) -> String {
        if self.ports.is_empty() {
            self.service.to_owned()
        } else {
            format!("{} ({})", self.service, describe_ports(self.ports))
        }
    }
}

/// How network interfaces use a group.
pub(crate) struct Usage {
    interfaces: usize,
    public: usize,
}

impl Usage {
    pub(crate) fn of(interfaces: &DescribeNetworkInterfaces, group: &SecurityGroup) -> Usage {
        let using = interfaces
            .network_interfaces
            .iter()
            .filter(|interface| interface.groups.iter().any(|own| own.group_id == group.group_id));
        let (mut count, mut public) = (0, 0);
        for interface in using {
            count += 1;
            public += usize::from(interface.is_public());
        }
        Usage { interfaces: count, public }
    }

    /// `used by no network interface`, `used by 2 network interfaces, 1 with a public address`.
    pub(crate) fn describe(&self) -> String {
        match (self.interfaces, self.public) {
            (0, _) => "used by no network interface".to_owned(),
            (count, 0) => format!("used by {}, none with a public address", plural(count as i64, "network interface")),
            (count, public) => {
                format!("used by {}, {public} with a public address", plural(count as i64, "network interface"))
            }
        }
    }
}

/// Judges every security group of every region on whether its inbound rules let the internet
/// reach `target`.
fn judge(ctx: &Context, findings: &mut Findings, target: &Target) {
    let gating = Gating::of(ctx);
    judge_groups(ctx, findings, &target.describe(), Direction::Inbound, gating, |traffic| target.matches(traffic));
}

/// Which of a group's rules a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// `IpPermissions`: what the internet may send in.
    Inbound,
    /// `IpPermissionsEgress`: what may go out to the internet.
    Outbound,
}

/// How the use of a group changes the verdict on an open one (the family's two settings).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Gating {
    /// check_network_interface: an open group whose interfaces all lack a public address passes.
    pub(crate) check_interfaces: bool,
    /// ec2_skip_unused_groups: an open group no interface uses warns.
    pub(crate) skip_unused: bool,
}

impl Gating {
    /// Both settings, as the check declares them (it must list both).
    pub(crate) fn of(ctx: &Context) -> Gating {
        Gating {
            check_interfaces: *ctx.setting(&CHECK_NETWORK_INTERFACE),
            skip_unused: *ctx.setting(&SKIP_UNUSED_GROUPS),
        }
    }

    /// ec2_skip_unused_groups alone (the check declares only that one).
    pub(crate) fn skip_unused_only(ctx: &Context) -> Gating {
        Gating { check_interfaces: false, skip_unused: *ctx.setting(&SKIP_UNUSED_GROUPS) }
    }
}

/// Judges every security group of every region on whether its rules of `direction` let the
/// internet reach (or be reached by) the traffic `matches` accepts, `what` naming it in the
/// messages; every check reading groups this way declares DescribeSecurityGroups and
/// DescribeNetworkInterfaces.
pub(crate) fn judge_groups(
    ctx: &Context,
    findings: &mut Findings,
    what: &str,
    direction: Direction,
    gating: Gating,
    matches: impl Fn(&Traffic) -> bool,
) {
    let Gating { check_interfaces, skip_unused } = gating;
    ctx.each_region(DESCRIBE_SECURITY_GROUPS, findings, |region, data, findings| {
        if data.security_groups.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No security groups in {region}"));
        }
        let interfaces = ctx.read_configured(DESCRIBE_NETWORK_INTERFACES, region);
        for group in &data.security_groups {
            let arn = security_group_arn(ctx, region, group);
            let label = group.label();
            let rules = match direction {
                Direction::Inbound => &group.ip_permissions,
                Direction::Outbound => &group.ip_permissions_egress,
            };
            let reach = match internet_reach(rules, &matches) {
                Ok(reach) => reach,
                Err(e) => {
                    let reason = Unknown::new(format!("Security group {label} cannot be judged: {e}"));
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            let usage = interfaces.as_ref().map(|interfaces| Usage::of(interfaces, group));
            let used = match &usage {
                Ok(usage) => usage.describe(),
                Err(reason) => format!("whose network interfaces are unknown ({reason})"),
            };
            let Reach { open, .. } = &reach;
            let notes = reach.prefix_list_note();
            let (closed, opened) = match direction {
                Direction::Inbound => (
                    format!("does not open {what} to the internet"),
                    format!("opens {what} to the internet: {}", reach.describe_open()),
                ),
                Direction::Outbound => (
                    format!("does not let {what} out to the internet"),
                    format!("lets {what} out to the internet: {}", reach.describe_open_with("to")),
                ),
            };
            if open.is_empty() {
                findings.ok(arn, region, format!("Security group {label}, {used}, {closed}{notes}"));
                continue;
            }
            let opened = format!("Security group {label}, {used}, {opened}{notes}");
            match &usage {
                Err(reason) if check_interfaces || skip_unused => findings.unknown(
                    arn,
                    region,
                    &Unknown::new(format!("{opened}; whether it is used cannot be told: {reason}")),
                ),
                Ok(usage) if check_interfaces && usage.interfaces > 0 && usage.public == 0 => findings.ok(
                    arn,
                    region,
                    format!("{opened}; no interface using it has a public address (check_network_interface)"),
                ),
                Ok(usage) if skip_unused && usage.interfaces == 0 => {
                    findings.warn(arn, region, format!("{opened}; nothing uses it yet (ec2_skip_unused_groups)"))
                }
                _ => findings.fail(arn, region, opened),
            }
        }
    });
}

declare_family! {
    family: FAMILY,
    reads: [DESCRIBE_SECURITY_GROUPS, DESCRIBE_NETWORK_INTERFACES],
    settings: [CHECK_NETWORK_INTERFACE, SKIP_UNUSED_GROUPS],
    run: judge,
    param: Target,
    members: {
        /// Ensures no security group lets the internet reach SSH (TCP 22), nor UDP 22: SSH exposed to
        /// everyone invites brute-force attempts and exploits of the SSH server. UDP 22 counts too, as
        /// CIS 6.3 and 6.4 count TCP, UDP and all-traffic rules for the remote administration ports.
        ///
        /// ## Remediation
        /// Restrict the inbound rules covering port 22 to known address ranges, or replace direct SSH
        /// with Session Manager or a bastion reachable only through a VPN.
        pub(crate) mod open_ssh(Target::ports("SSH", &[Ports::tcp(22, 22), Ports::udp(22, 22)])) {
            id: "openSSH",
            title: "Open SSH",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the port to the internet, all-traffic (-1) rules included, and counts UDP 22 as CIS 6.3 does")),
            ],
        }
        /// Ensures no security group lets the internet reach Remote Desktop (TCP and UDP 3389), a common
        /// target of password spraying and exploits. RDP uses UDP 3389 as well as TCP, and CIS 6.3 and
        /// 6.4 count both.
        ///
        /// ## Remediation
        /// Restrict the inbound rules covering port 3389 to known address ranges, or reach Windows
        /// hosts through Fleet Manager, a VPN or a bastion instead.
        pub(crate) mod open_rdp(Target::ports("RDP", &[Ports::tcp(3389, 3389), Ports::udp(3389, 3389)])) {
            id: "openRDP",
            title: "Open RDP",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the port to the internet, all-traffic (-1) rules included, and counts UDP 3389, which RDP also uses")),
            ],
        }
        /// Ensures no security group lets the internet reach every port: an inbound rule for all
        /// traffic (protocol -1), or a TCP or UDP rule covering ports 0 to 65535, from 0.0.0.0/0 or ::/0.
        /// CloudSploit also counts a rule of another protocol without ports (ESP, GRE) as all ports;
        /// stance does not, since such a protocol has no ports and such a rule opens no TCP or UDP port.
        ///
        /// ## Remediation
        /// Replace the all-traffic and all-ports rules with rules for the ports the workload serves,
        /// from the address ranges that need them.
        pub(crate) mod open_all_ports_protocols(Target::every_port()) {
            id: "openAllPortsProtocols",
            title: "Open All Ports Protocols",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_all_ports", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services); stance judges every group and says in the message whether a network interface uses it")),
            ],
        }
        /// Ensures no security group lets the internet reach CIFS (UDP 445): CIFS over UDP 445, as CloudSploit checks it (SMB over TCP 445 is openSMBoTCP).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open UDP 445 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_cifs(Target::ports("CIFS", &[Ports::udp(445, 445)])) {
            id: "openCIFS",
            title: "Open CIFS",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Cassandra client (TCP 9042): the Cassandra native client protocol (CQL).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 9042 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_cassandra_client(Target::ports("Cassandra client", &[Ports::tcp(9042, 9042)])) {
            id: "openCassandraClient",
            title: "Open Cassandra Client",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Cassandra internode (TCP 7000-7001): Cassandra's internode communication, plain (7000) and TLS (7001).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 7000-7001 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_cassandra_internode(Target::ports("Cassandra internode", &[Ports::tcp(7000, 7001)])) {
            id: "openCassandraInternode",
            title: "Open Cassandra Internode",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Cassandra monitoring (TCP 7199, TCP 8888): Cassandra's JMX monitoring port (7199) and the OpsCenter web console (8888), which no other check covers.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 7199, TCP 8888 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_cassandra_monitoring(Target::ports("Cassandra monitoring", &[Ports::tcp(7199, 7199), Ports::tcp(8888, 8888)])) {
            id: "openCassandraMonitoring",
            title: "Open Cassandra Monitoring",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_cassandra_7199_9160_8888", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler's one check also covers TCP 9160, which is openCassandraThrift's here")),
            ],
        }
        /// Ensures no security group lets the internet reach Cassandra Thrift (TCP 9160): Cassandra's legacy Thrift client protocol.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 9160 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_cassandra_thrift(Target::ports("Cassandra Thrift", &[Ports::tcp(9160, 9160)])) {
            id: "openCassandraThrift",
            title: "Open Cassandra Thrift",
            severity: High,
        }
        /// Ensures no security group lets the internet reach DNS (TCP 53, UDP 53): DNS, over UDP and TCP; an open resolver is abused for amplification attacks.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 53, UDP 53 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_dns(Target::ports("DNS", &[Ports::tcp(53, 53), Ports::udp(53, 53)])) {
            id: "openDNS",
            title: "Open DNS",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Docker (TCP 2375-2376): the Docker daemon's remote API, plain (2375) and TLS (2376): whoever reaches it controls the host.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 2375-2376 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_docker(Target::ports("Docker", &[Ports::tcp(2375, 2376)])) {
            id: "openDocker",
            title: "Open Docker",
            severity: Critical,
        }
        /// Ensures no security group lets the internet reach Elasticsearch (TCP 9200, TCP 9300): Elasticsearch's REST API (9200) and transport protocol (9300).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 9200, TCP 9300 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_elasticsearch(Target::ports("Elasticsearch", &[Ports::tcp(9200, 9200), Ports::tcp(9300, 9300)])) {
            id: "openElasticsearch",
            title: "Open Elasticsearch",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_elasticsearch_kibana_9200_9300_5601", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler's one check also covers Kibana's TCP 5601, which is openKibana's here")),
            ],
        }
        /// Ensures no security group lets the internet reach FTP (TCP 20-21): FTP's data (20) and control (21) ports; FTP sends credentials in clear text.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 20-21 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_ftp(Target::ports("FTP", &[Ports::tcp(20, 21)])) {
            id: "openFTP",
            title: "Open FTP",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_ftp_20_21", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included")),
            ],
        }
        /// Ensures no security group lets the internet reach HTTP (TCP 80): plain HTTP, which carries requests and credentials unencrypted.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 80 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_http(Target::ports("HTTP", &[Ports::tcp(80, 80)])) {
            id: "openHTTP",
            title: "Open HTTP",
            severity: High,
        }
        /// Ensures no security group lets the internet reach HTTPS (TCP 443): HTTPS; public web servers should sit behind a load balancer or CDN rather than take it directly.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 443 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_https(Target::ports("HTTPS", &[Ports::tcp(443, 443)])) {
            id: "openHTTPS",
            title: "Open HTTPS",
            severity: High,
        }
        /// Ensures no security group lets the internet reach HDFS NameNode (TCP 8020): the HDFS NameNode metadata service.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 8020 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_hadoop_name_node(Target::ports("HDFS NameNode", &[Ports::tcp(8020, 8020)])) {
            id: "openHadoopNameNode",
            title: "Open Hadoop HDFS NameNode Metadata Service",
            severity: High,
        }
        /// Ensures no security group lets the internet reach HDFS NameNode web UI (TCP 50070, TCP 50470): the HDFS NameNode web UI, plain (50070) and TLS (50470).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 50070, TCP 50470 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_hadoop_name_node_web_ui(Target::ports("HDFS NameNode web UI", &[Ports::tcp(50070, 50070), Ports::tcp(50470, 50470)])) {
            id: "openHadoopNameNodeWebUI",
            title: "Open Hadoop HDFS NameNode WebUI",
            severity: High,
        }
        /// Ensures no security group lets the internet reach internal web (TCP 8080): TCP 8080, where internal web applications and admin consoles commonly listen.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 8080 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_internal_web(Target::ports("internal web", &[Ports::tcp(8080, 8080)])) {
            id: "openInternalWeb",
            title: "Open Internal Web",
            severity: High,
        }
        /// Ensures no security group lets the internet reach a high-risk TCP port: the 24 ports of
        /// Security Hub's FSBP control EC2.19 (20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434,
        /// 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200 and 9300: file
        /// transfer, remote shells, mail, Windows RPC and SMB, databases, VNC, development servers,
        /// proxies, Kibana and Elasticsearch). Prowler's check ships 11 of them (25, 110, 135, 143,
        /// 445, 3000, 4333, 5000, 5500, 8080 and 8088), leaving the rest to its per-port checks;
        /// stance takes the control's whole list, so that this one check answers EC2.19, and the
        /// per-port checks still report each service.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open these ports to 0.0.0.0/0 or ::/0, or narrow their
        /// sources to the address ranges or security groups that need the services.
        pub(crate) mod open_high_risk_ports(Target::ports("high-risk ports", &[
            Ports::tcp(20, 23), Ports::tcp(25, 25), Ports::tcp(110, 110), Ports::tcp(135, 135),
            Ports::tcp(143, 143), Ports::tcp(445, 445), Ports::tcp(1433, 1434), Ports::tcp(3000, 3000),
            Ports::tcp(3306, 3306), Ports::tcp(3389, 3389), Ports::tcp(4333, 4333), Ports::tcp(5000, 5000),
            Ports::tcp(5432, 5432), Ports::tcp(5500, 5500), Ports::tcp(5601, 5601), Ports::tcp(8080, 8080),
            Ports::tcp(8088, 8088), Ports::tcp(8888, 8888), Ports::tcp(9200, 9200), Ports::tcp(9300, 9300),
        ])) {
            id: "openHighRiskPorts",
            title: "Open High Risk Ports",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports", Differently("Prowler's default list holds 11 of EC2.19's 24 ports, it judges only groups attached to a network interface (unless --scan-unused-services) and it passes a group its all-ports check failed in the same run; stance checks EC2.19's whole list on every group, all-traffic (-1) rules included")),
            ],
        }
        /// Ensures no security group lets the internet reach Kafka (TCP 9092): the Kafka broker's client listener.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 9092 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_kafka(Target::ports("Kafka", &[Ports::tcp(9092, 9092)])) {
            id: "openKafka",
            title: "Open Kafka",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_kafka_9092", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included")),
            ],
        }
        /// Ensures no security group lets the internet reach Kibana (TCP 5601): Kibana's web interface.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 5601 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_kibana(Target::ports("Kibana", &[Ports::tcp(5601, 5601)])) {
            id: "openKibana",
            title: "Open Kibana",
            severity: High,
        }
        /// Ensures no security group lets the internet reach LDAP (TCP 389, UDP 389): LDAP, over TCP and connectionless UDP (CLDAP, abused for amplification).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 389, UDP 389 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_ldap(Target::ports("LDAP", &[Ports::tcp(389, 389), Ports::udp(389, 389)])) {
            id: "openLDAP",
            title: "Open LDAP",
            severity: High,
        }
        /// Ensures no security group lets the internet reach LDAPS (TCP 636): LDAP over TLS.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 636 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_ldaps(Target::ports("LDAPS", &[Ports::tcp(636, 636)])) {
            id: "openLDAPS",
            title: "Open LDAPS",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Memcached (TCP 11211, UDP 11211): Memcached, over TCP and UDP (Memcached's UDP protocol has been abused for the largest amplification attacks).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 11211, UDP 11211 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_memcached(Target::ports("Memcached", &[Ports::tcp(11211, 11211), Ports::udp(11211, 11211)])) {
            id: "openMemcached",
            title: "Open Memcached",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_memcached_11211", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler checks TCP 11211 only; stance also fails UDP 11211")),
            ],
        }
        /// Ensures no security group lets the internet reach MongoDB (TCP 27017-27019): MongoDB's mongod, shard (27018) and config-server (27019) ports.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 27017-27019 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_mongo_db(Target::ports("MongoDB", &[Ports::tcp(27017, 27019)])) {
            id: "openMongoDB",
            title: "Open MongoDB",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mongodb_27017_27018", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler checks 27017 and 27018; stance also fails 27019, the config servers' port")),
            ],
        }
        /// Ensures no security group lets the internet reach MySQL (TCP 3306, TCP 4333): MySQL (3306) and, as CloudSploit checks it, 4333 (mSQL).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 3306, TCP 4333 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_my_sql(Target::ports("MySQL", &[Ports::tcp(3306, 3306), Ports::tcp(4333, 4333)])) {
            id: "openMySQL",
            title: "Open MySQL",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler checks 3306 only; stance, like CloudSploit, also fails 4333")),
            ],
        }
        /// Ensures no security group lets the internet reach NetBIOS (UDP 137-139, TCP 139): NetBIOS name and datagram services (UDP 137-139, as CloudSploit checks them) and its session service (TCP 139).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open UDP 137-139, TCP 139 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_net_bios(Target::ports("NetBIOS", &[Ports::udp(137, 139), Ports::tcp(139, 139)])) {
            id: "openNetBIOS",
            title: "Open NetBIOS",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Oracle (TCP 1521, TCP 2483-2484): the Oracle listener (1521) and its IANA ports, plain (2483) and TLS (2484).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 1521, TCP 2483-2484 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_oracle(Target::ports("Oracle", &[Ports::tcp(1521, 1521), Ports::tcp(2483, 2484)])) {
            id: "openOracle",
            title: "Open Oracle",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_oracle_1521_2483", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler checks 1521 and 2483; stance also fails 2484, the listener's TLS port")),
            ],
        }
        /// Ensures no security group lets the internet reach Oracle Autonomous Data Warehouse (TCP 1522): TCP 1522, the Oracle Autonomous Data Warehouse listener.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 1522 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_oracle_auto_data_warehouse(Target::ports("Oracle Autonomous Data Warehouse", &[Ports::tcp(1522, 1522)])) {
            id: "openOracleAutoDataWarehouse",
            title: "Open Oracle Auto Data Warehouse",
            severity: High,
        }
        /// Ensures no security group lets the internet reach PostgreSQL (TCP 5432): PostgreSQL.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 5432 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_postgre_sql(Target::ports("PostgreSQL", &[Ports::tcp(5432, 5432)])) {
            id: "openPostgreSQL",
            title: "Open PostgreSQL",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included")),
            ],
        }
        /// Ensures no security group lets the internet reach Microsoft RPC (TCP 135): the Microsoft RPC endpoint mapper.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 135 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_rpc(Target::ports("Microsoft RPC", &[Ports::tcp(135, 135)])) {
            id: "openRPC",
            title: "Open RPC",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Redis (TCP 6379): Redis, which has no authentication unless configured.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 6379 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_redis(Target::ports("Redis", &[Ports::tcp(6379, 6379)])) {
            id: "openRedis",
            title: "Open Redis",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included")),
            ],
        }
        /// Ensures no security group lets the internet reach SMB (TCP 445): SMB over TCP.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 445 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_smbo_tcp(Target::ports("SMB", &[Ports::tcp(445, 445)])) {
            id: "openSMBoTCP",
            title: "Open SMBoTCP",
            severity: High,
        }
        /// Ensures no security group lets the internet reach SMTP (TCP 25): SMTP; an open relay sends spam in the account's name.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 25 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_smtp(Target::ports("SMTP", &[Ports::tcp(25, 25)])) {
            id: "openSMTP",
            title: "Open SMTP",
            severity: High,
        }
        /// Ensures no security group lets the internet reach SNMP (UDP 161): SNMP, whose community strings are sent in clear text.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open UDP 161 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_snmp(Target::ports("SNMP", &[Ports::udp(161, 161)])) {
            id: "openSNMP",
            title: "Open SNMP",
            severity: High,
        }
        /// Ensures no security group lets the internet reach SQL Server (TCP 1433-1434, UDP 1434): SQL Server (TCP 1433), its dedicated admin connection (TCP 1434) and its browser service (UDP 1434).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 1433-1434, UDP 1434 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_sql_server(Target::ports("SQL Server", &[Ports::tcp(1433, 1434), Ports::udp(1434, 1434)])) {
            id: "openSQLServer",
            title: "Open SQL Server",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_sql_server_1433_1434", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included; Prowler checks TCP 1433 and 1434; stance also fails UDP 1434, the SQL Server browser service CloudSploit checks")),
            ],
        }
        /// Ensures no security group lets the internet reach Salt (TCP 4505-4506): the SaltStack master's publish (4505) and request (4506) ports: whoever reaches them can command every minion.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 4505-4506 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_salt(Target::ports("Salt", &[Ports::tcp(4505, 4506)])) {
            id: "openSalt",
            title: "Open Salt",
            severity: High,
        }
        /// Ensures no security group lets the internet reach Telnet (TCP 23): Telnet, which sends credentials in clear text.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 23 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_telnet(Target::ports("Telnet", &[Ports::tcp(23, 23)])) {
            id: "openTelnet",
            title: "Open Telnet",
            severity: High,
            aliases: [
                ("ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_telnet_23", Differently("Prowler judges only groups attached to a network interface (unless --scan-unused-services) and passes a group its all-ports check failed in the same run; stance judges every group and fails it whenever its rules open the ports to the internet, all-traffic (-1) rules included")),
            ],
        }
        /// Ensures no security group lets the internet reach VNC client (TCP 5500): the VNC client's listening port (reverse VNC connections).
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 5500 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_vnc_client(Target::ports("VNC client", &[Ports::tcp(5500, 5500)])) {
            id: "openVNCClient",
            title: "Open VNC Client",
            severity: Critical,
        }
        /// Ensures no security group lets the internet reach VNC server (TCP 5900): the VNC server, a remote desktop.
        ///
        /// ## Remediation
        /// Remove the inbound rules that open TCP 5900 to 0.0.0.0/0 or ::/0, or narrow their sources to
        /// the address ranges or security groups that need the service.
        pub(crate) mod open_vnc_server(Target::ports("VNC server", &[Ports::tcp(5900, 5900)])) {
            id: "openVNCServer",
            title: "Open VNC Server",
            severity: High,
        }
    }
}
