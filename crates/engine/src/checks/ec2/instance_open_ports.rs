//! The "open to the internet" checks on instances: for each service, whether an instance's
//! public address meets a rule of its security groups that opens the service's ports to the
//! internet. One analysis (`analysis::network`) with the security-group family (`open_ports`),
//! and shared fixtures (`fixtures/families/instance_open_ports/`).

use std::collections::HashMap;

use super::CATEGORY;
use super::open_ports::Target;
use crate::analysis::network::{Family as AddressFamily, Ports, internet_reach};
use crate::check::{Family, declare_family};
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::{DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS, GroupIdentifier, Instance, SecurityGroup};

static FAMILY: Family = Family {
    name: "instance_open_ports",
    docs: "An instance is exposed through each of its network interfaces: the interface's public IPv4 \
           address (an Elastic IP or one assigned at launch) meets the interface's groups' rules from \
           0.0.0.0/0, and its IPv6 addresses (every one AWS assigns is globally routable) meet the rules \
           from ::/0. A rule counts as in the security-group checks: the port's protocol with a range \
           covering the port, or all traffic (protocol -1); sources that are groups or prefix lists are \
           not the internet. An instance with no public address passes, and the message names the open \
           rules its groups hold: the internet cannot reach a private address, though a later public \
           address or Elastic IP would expose it at once (the security-group checks report the group). \
           Whether the subnet routes to an internet gateway is not read. Terminated instances are not \
           judged.",
};

/// The public side of one network interface, and its groups.
struct Face<'a> {
    id: &'a str,
    ipv4: Option<&'a str>,
    /// Its first IPv6 address.
    ipv6: Option<&'a str>,
    groups: &'a [GroupIdentifier],
}

/// The instance's interfaces, or, where DescribeInstances lists none, its primary addresses and
/// all its groups.
fn faces(instance: &Instance) -> Vec<Face<'_>> {
    if instance.network_interfaces.is_empty() {
        return vec![Face {
            id: "primary interface",
            ipv4: instance.public_ip_address.as_deref(),
            ipv6: instance.ipv6_address.as_deref(),
            groups: &instance.security_groups,
        }];
    }
    instance
        .network_interfaces
        .iter()
        .map(|interface| Face {
            id: &interface.network_interface_id,
            ipv4: interface.public_ipv4(),
            ipv6: interface.ipv6_addresses.first().map(|address| address.ipv6_address.as_str()),
            groups: &interface.groups,
        })
        .collect()
}

/// What the internet reaches of an instance: the exposures through public addresses, and the
/// open rules no public address meets.
fn exposure(
    instance: &Instance,
    groups: &HashMap<&str, &SecurityGroup>,
    target: &Target,
) -> Result<(Vec<String>, Vec<String>), String> {
    let (mut exposed, mut dormant) = (Vec::new(), Vec::new());
    for face in faces(instance) {
        for identifier in face.groups {
            let group = groups.get(identifier.group_id.as_str()).ok_or_else(|| {
                format!("its group {} is not among DescribeSecurityGroups' groups", identifier.group_id)
            })?;
            let reach = internet_reach(&group.ip_permissions, |traffic| target.matches(traffic))
                .map_err(|e| format!("its group {} has {e}", group.label()))?;
            for rule in &reach.open {
                let address = match (face.ipv4, face.ipv6) {
                    (Some(ipv4), _) if rule.admits_family(AddressFamily::V4) => Some(ipv4.to_owned()),
                    (_, Some(ipv6)) if rule.admits_family(AddressFamily::V6) => Some(ipv6.to_owned()),
                    _ => None,
                };
                match address {
                    Some(address) => {
                        exposed.push(format!("{} ({address}) through {}: {}", face.id, group.label(), rule.describe()))
                    }
                    None => dormant.push(format!("{}: {}", group.label(), rule.describe())),
                }
            }
        }
    }
    dormant.dedup();
    Ok((exposed, dormant))
}

/// Judges every instance of every region on whether the internet reaches `target` on it.
fn judge(ctx: &Context, findings: &mut Findings, target: &Target) {
    let what = target.describe();
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, data, findings| {
        let instances: Vec<&Instance> = data
            .reservations
            .iter()
            .flat_map(|reservation| reservation.instances.iter())
            .filter(|instance| instance.state.as_ref().is_none_or(|state| state.name != "terminated"))
            .collect();
        if instances.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No instances in {region}"));
        }
        let security_groups = match ctx.read_configured(DESCRIBE_SECURITY_GROUPS, region) {
            Ok(data) => data,
            Err(reason) => {
                for instance in instances {
                    findings.unknown(ctx.typed_arn("ec2", region, "instance", &instance.instance_id), region, &reason);
                }
                return;
            }
        };
        let groups: HashMap<&str, &SecurityGroup> =
            security_groups.security_groups.iter().map(|group| (group.group_id.as_str(), group)).collect();
        for instance in instances {
            let arn = ctx.typed_arn("ec2", region, "instance", &instance.instance_id);
            let id = &instance.instance_id;
            match exposure(instance, &groups, target) {
                Err(e) => findings.unknown(arn, region, &Unknown::new(format!("Instance {id} cannot be judged: {e}"))),
                Ok((exposed, _)) if !exposed.is_empty() => findings.fail(
                    arn,
                    region,
                    format!("Instance {id} lets the internet reach {what}: {}", exposed.join("; ")),
                ),
                Ok((_, dormant)) if !dormant.is_empty() => findings.ok(
                    arn,
                    region,
                    format!(
                        "Instance {id} has no public address its groups' open rules admit, though they open {what} to the internet: {}",
                        dormant.join("; ")
                    ),
                ),
                Ok(_) => findings.ok(arn, region, format!("Instance {id} does not let the internet reach {what}")),
            }
        }
    });
}

declare_family! {
    family: FAMILY,
    reads: [DESCRIBE_INSTANCES, DESCRIBE_SECURITY_GROUPS],
    settings: [],
    run: judge,
    param: Target,
    members: {
        /// Ensures no instance with a public address lets the internet reach Cassandra (TCP 7000-7001, TCP 7199, TCP 9042, TCP 9160) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 7000-7001, TCP 7199, TCP 9042, TCP 9160 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_cassandra(Target::ports("Cassandra", &[Ports::tcp(7000, 7001), Ports::tcp(7199, 7199), Ports::tcp(9042, 9042), Ports::tcp(9160, 9160)])) {
            id: "instanceOpenCassandra",
            title: "Instance Open Cassandra",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_cassandra_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach CIFS (TCP 139, TCP 445) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 139, TCP 445 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_cifs(Target::ports("CIFS", &[Ports::tcp(139, 139), Ports::tcp(445, 445)])) {
            id: "instanceOpenCIFS",
            title: "Instance Open CIFS",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_cifs_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Elasticsearch and Kibana (TCP 5601, TCP 9200, TCP 9300) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 5601, TCP 9200, TCP 9300 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_elasticsearch_kibana(Target::ports("Elasticsearch and Kibana", &[Ports::tcp(5601, 5601), Ports::tcp(9200, 9200), Ports::tcp(9300, 9300)])) {
            id: "instanceOpenElasticsearchKibana",
            title: "Instance Open Elasticsearch Kibana",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_elasticsearch_kibana_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach FTP (TCP 20-21) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 20-21 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_ftp(Target::ports("FTP", &[Ports::tcp(20, 21)])) {
            id: "instanceOpenFTP",
            title: "Instance Open FTP",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_ftp_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Kafka (TCP 9092) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 9092 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_kafka(Target::ports("Kafka", &[Ports::tcp(9092, 9092)])) {
            id: "instanceOpenKafka",
            title: "Instance Open Kafka",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_kafka_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Kerberos (TCP 88, TCP 464, TCP 749-750) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 88, TCP 464, TCP 749-750 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_kerberos(Target::ports("Kerberos", &[Ports::tcp(88, 88), Ports::tcp(464, 464), Ports::tcp(749, 750)])) {
            id: "instanceOpenKerberos",
            title: "Instance Open Kerberos",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_kerberos_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach LDAP (TCP 389, TCP 636) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 389, TCP 636 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_ldap(Target::ports("LDAP", &[Ports::tcp(389, 389), Ports::tcp(636, 636)])) {
            id: "instanceOpenLDAP",
            title: "Instance Open LDAP",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_ldap_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Memcached (TCP 11211) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 11211 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_memcached(Target::ports("Memcached", &[Ports::tcp(11211, 11211)])) {
            id: "instanceOpenMemcached",
            title: "Instance Open Memcached",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_memcached_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach MongoDB (TCP 27017-27018) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 27017-27018 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_mongo_db(Target::ports("MongoDB", &[Ports::tcp(27017, 27018)])) {
            id: "instanceOpenMongoDB",
            title: "Instance Open MongoDB",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_mongodb_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach MySQL (TCP 3306) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 3306 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_my_sql(Target::ports("MySQL", &[Ports::tcp(3306, 3306)])) {
            id: "instanceOpenMySQL",
            title: "Instance Open MySQL",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_mysql_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Oracle (TCP 1521, TCP 2483-2484) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 1521, TCP 2483-2484 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_oracle(Target::ports("Oracle", &[Ports::tcp(1521, 1521), Ports::tcp(2483, 2484)])) {
            id: "instanceOpenOracle",
            title: "Instance Open Oracle",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_oracle_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach PostgreSQL (TCP 5432) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 5432 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_postgre_sql(Target::ports("PostgreSQL", &[Ports::tcp(5432, 5432)])) {
            id: "instanceOpenPostgreSQL",
            title: "Instance Open PostgreSQL",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_postgresql_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach RDP (TCP 3389) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 3389 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_rdp(Target::ports("RDP", &[Ports::tcp(3389, 3389)])) {
            id: "instanceOpenRDP",
            title: "Instance Open RDP",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_rdp_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Redis (TCP 6379) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 6379 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_redis(Target::ports("Redis", &[Ports::tcp(6379, 6379)])) {
            id: "instanceOpenRedis",
            title: "Instance Open Redis",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_redis_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach SQL Server (TCP 1433-1434) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 1433-1434 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_sql_server(Target::ports("SQL Server", &[Ports::tcp(1433, 1434)])) {
            id: "instanceOpenSQLServer",
            title: "Instance Open SQL Server",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_sqlserver_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach SSH (TCP 22) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 22 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_ssh(Target::ports("SSH", &[Ports::tcp(22, 22)])) {
            id: "instanceOpenSSH",
            title: "Instance Open SSH",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_ssh_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
        /// Ensures no instance with a public address lets the internet reach Telnet (TCP 23) through its
        /// security groups.
        ///
        /// ## Remediation
        /// Remove the inbound rules opening TCP 23 to 0.0.0.0/0 or ::/0 from the instance's groups,
        /// or take the instance's public address away and reach it through a load balancer, VPN or bastion.
        pub(crate) mod instance_open_telnet(Target::ports("Telnet", &[Ports::tcp(23, 23)])) {
            id: "instanceOpenTelnet",
            title: "Instance Open Telnet",
            severity: Critical,
            aliases: [
                ("ec2_instance_port_telnet_exposed_to_internet", Differently("Prowler fails an instance whose groups open the port to 0.0.0.0/0 or ::/0 whatever its addresses (raising the severity with a public IP in a public subnet); stance fails only an instance with a public address of the family an open rule admits (a public IPv4 address for 0.0.0.0/0, an IPv6 address for ::/0), since the internet cannot reach a private address")),
            ],
        }
    }
}
