//! What security-group rules and network ACL entries let through, by AWS's semantics.
//!
//! **Protocols.** A security-group rule's `IpProtocol` is `tcp`, `udp`, `icmp`, `icmpv6`, a
//! protocol number (`6` is TCP, `17` UDP, `1` ICMP, `58` ICMPv6), or `-1` for all traffic; a
//! network ACL entry's `Protocol` is `-1` or a number. Only TCP and UDP have ports: for `-1` and
//! for any protocol other than TCP, UDP, ICMP and ICMPv6, AWS allows traffic on every port,
//! whatever ports the rule states (EC2 API reference, `IpPermission`). So an all-traffic rule
//! opens every TCP and UDP port, and the per-port checks count it.
//!
//! **Ports.** A TCP or UDP rule opens `FromPort` to `ToPort`, both included. AWS always stores
//! both for TCP and UDP; a rule without them, or with `-1` for both (what some older tools
//! wrote), is read as every port, the widest reading. A range AWS would not accept (a bound
//! outside 0 to 65535, or `FromPort` above `ToPort`) is an error, never a silent "closed".
//!
//! **The internet.** A source is "the internet" when its CIDR covers its whole address family:
//! `0.0.0.0/0` or `::/0` (any address with prefix length 0). Both peers count exactly these,
//! and so does AWS's own guidance (Security Hub EC2.13, EC2.14, EC2.53, EC2.54; Trusted
//! Advisor). A wide public range such as `0.0.0.0/1` is half the internet, not the internet:
//! the per-port checks do not count it (securityGroupWideOpenIpv4 reports such ranges).
//! Security-group sources (`UserIdGroupPairs`) admit only the members of that group, so they are
//! never the internet. Prefix-list sources (`PrefixListIds`) admit the list's CIDRs, which the
//! snapshot does not hold (DescribeManagedPrefixLists is not collected): they are not counted
//! as the internet, and the checks name them in their messages.
//!
//! **Network ACLs.** Entries are evaluated per direction (`Egress`) in increasing `RuleNumber`:
//! the first entry that matches a packet (protocol, port range, source CIDR) decides it,
//! `allow` or `deny`; a packet no entry matches is denied (the `*` entry, rule number 32767, and
//! 32768 for IPv6). The
//! internet reaches a port through an ACL when an `allow` entry for the internet (a /0 CIDR)
//! matching the port is reached by some addresses, that is when the earlier entries matching
//! the port do not between them cover the whole address family. A deny of a few addresses before
//! an allow of 0.0.0.0/0 leaves the port open to the rest of the internet.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::settings::{SettingKind, SettingType};
use crate::views::ec2::{IpPermission, NetworkAclEntry};

/// The transport of a port a service listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Tcp,
    Udp,
}

impl Transport {
    pub fn name(self) -> &'static str {
        match self {
            Transport::Tcp => "TCP",
            Transport::Udp => "UDP",
        }
    }
}

/// A transport and a range of its ports, both ends included: what a per-port check looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    pub transport: Transport,
    pub from: u16,
    pub to: u16,
}

impl Ports {
    pub const fn tcp(from: u16, to: u16) -> Ports {
        Ports { transport: Transport::Tcp, from, to }
    }

    pub const fn udp(from: u16, to: u16) -> Ports {
        Ports { transport: Transport::Udp, from, to }
    }
}

/// `TCP 22`, `TCP 27017-27019`, `TCP 22 and 3389, UDP 3389`.
pub fn describe_ports(ports: &[Ports]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for transport in [Transport::Tcp, Transport::Udp] {
        let numbers: Vec<String> =
            ports
                .iter()
                .filter(|ports| ports.transport == transport)
                .map(|ports| {
                    if ports.from == ports.to { ports.from.to_string() } else { format!("{}-{}", ports.from, ports.to) }
                })
                .collect();
        if let Some((last, first)) = numbers.split_last() {
            let list = if first.is_empty() { last.clone() } else { format!("{} and {last}", first.join(", ")) };
            parts.push(format!("{} {list}", transport.name()));
        }
    }
    parts.join(", ")
}

/// A setting's list of transports and ports, as CloudSploit writes it: `tcp:80,udp:53,tcp:8000-8080`
/// (restricted_open_ports, whitelisted_open_ports). Protocols are `tcp` or `udp` (any case).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProtocolPortList(Vec<Ports>);

impl ProtocolPortList {
    /// The ranges of a plain port list, for TCP and for UDP alike.
    pub fn tcp_and_udp(ranges: &[(u16, u16)]) -> ProtocolPortList {
        let ports = [Transport::Tcp, Transport::Udp]
            .into_iter()
            .flat_map(|transport| ranges.iter().map(move |&(from, to)| Ports { transport, from, to }));
        ProtocolPortList(ports.collect())
    }

    /// The ranges of a plain port list, for TCP.
    pub fn tcp(ranges: &[(u16, u16)]) -> ProtocolPortList {
        ProtocolPortList(ranges.iter().map(|&(from, to)| Ports::tcp(from, to)).collect())
    }

    pub fn ports(&self) -> &[Ports] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every port `traffic` lets through is on the list: a TCP or UDP rule whose whole
    /// range the list's entries of its transport cover. All traffic (-1), ICMP and the other
    /// protocols are never covered: a list of ports cannot allow them.
    pub fn covers(&self, traffic: &Traffic) -> bool {
        let transport = match traffic.protocol {
            Protocol::Tcp => Transport::Tcp,
            Protocol::Udp => Transport::Udp,
            _ => return false,
        };
        let mut ranges: Vec<(u16, u16)> =
            self.0.iter().filter(|ports| ports.transport == transport).map(|ports| (ports.from, ports.to)).collect();
        ranges.sort_unstable();
        let (from, to) = traffic.ports;
        let mut next = u32::from(from);
        for (first, last) in ranges {
            if u32::from(first) > next {
                break;
            }
            next = next.max(u32::from(last) + 1);
            if next > u32::from(to) {
                return true;
            }
        }
        false
    }

    /// `tcp:80, tcp:8000-8080`.
    pub fn describe(&self) -> String {
        self.0.iter().map(|ports| ports.setting_form()).collect::<Vec<_>>().join(", ")
    }
}

impl Ports {
    /// `tcp:80`, `udp:8000-8080`.
    fn setting_form(&self) -> String {
        let transport = self.transport.name().to_ascii_lowercase();
        if self.from == self.to {
            format!("{transport}:{}", self.from)
        } else {
            format!("{transport}:{}-{}", self.from, self.to)
        }
    }
}

impl SettingType for ProtocolPortList {
    const KIND: SettingKind = SettingKind::ProtocolPortList;

    fn parse(text: &str) -> Result<ProtocolPortList, String> {
        let expected = || "protocol:port entries separated by commas, such as tcp:80,udp:53,tcp:8000-8080".to_owned();
        let port = |text: &str| text.trim().parse::<u16>().map_err(|_| expected());
        let entries = text
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| {
                let (protocol, ports) = part.split_once(':').ok_or_else(expected)?;
                let transport = match protocol.trim().to_ascii_lowercase().as_str() {
                    "tcp" => Transport::Tcp,
                    "udp" => Transport::Udp,
                    _ => return Err(expected()),
                };
                let (from, to) = match ports.split_once('-') {
                    Some((from, to)) => (port(from)?, port(to)?),
                    None => (port(ports)?, port(ports)?),
                };
                if from > to {
                    return Err(expected());
                }
                Ok(Ports { transport, from, to })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ProtocolPortList(entries))
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.0.iter().map(|ports| ports.setting_form().into()).collect())
    }
}

/// A rule's protocol, as `IpProtocol` or a network ACL's `Protocol` states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `-1`: every protocol, every port.
    All,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// Another IP protocol number (ESP is 50): it has no ports, so the rule allows it whole.
    Other(u8),
}

impl Protocol {
    /// `-1`, a name AWS uses (`tcp`, `udp`, `icmp`, `icmpv6`, any case) or a protocol number
    /// from 0 to 255.
    pub fn parse(text: &str) -> Result<Protocol, String> {
        let text = text.trim();
        let named = match text.to_ascii_lowercase().as_str() {
            "-1" | "all" => Some(Protocol::All),
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            "icmp" => Some(Protocol::Icmp),
            "icmpv6" => Some(Protocol::Icmpv6),
            _ => None,
        };
        if let Some(protocol) = named {
            return Ok(protocol);
        }
        match text.parse::<u8>() {
            Ok(6) => Ok(Protocol::Tcp),
            Ok(17) => Ok(Protocol::Udp),
            Ok(1) => Ok(Protocol::Icmp),
            Ok(58) => Ok(Protocol::Icmpv6),
            Ok(number) => Ok(Protocol::Other(number)),
            Err(_) => Err(format!("protocol {text:?}, which is neither -1, a protocol name nor a number")),
        }
    }

    /// Whether the protocol carries `transport`'s traffic.
    fn carries(self, transport: Transport) -> bool {
        matches!(
            (self, transport),
            (Protocol::All, _) | (Protocol::Tcp, Transport::Tcp) | (Protocol::Udp, Transport::Udp)
        )
    }

    fn name(self) -> String {
        match self {
            Protocol::All => "all traffic".to_owned(),
            Protocol::Tcp => "tcp".to_owned(),
            Protocol::Udp => "udp".to_owned(),
            Protocol::Icmp => "icmp".to_owned(),
            Protocol::Icmpv6 => "icmpv6".to_owned(),
            Protocol::Other(number) => format!("protocol {number}"),
        }
    }
}

/// The ports a TCP or UDP rule opens, from its `FromPort`/`ToPort` (or a network ACL entry's
/// `PortRange`): absent or `-1` for both is every port.
fn port_span(from: Option<i64>, to: Option<i64>) -> Result<(u16, u16), String> {
    let bound = |port: i64| u16::try_from(port).ok();
    match (from, to) {
        (None, None) | (Some(-1), Some(-1)) => Ok((0, u16::MAX)),
        (Some(from), Some(to)) => match (bound(from), bound(to)) {
            (Some(from), Some(to)) if from <= to => Ok((from, to)),
            _ => Err(format!("port range {from}-{to}, which AWS does not allow")),
        },
        (Some(port), None) | (None, Some(port)) => Err(format!("only one end of its port range ({port})")),
    }
}

/// What a rule (a security-group permission or a network ACL entry) matches: a protocol, and
/// for TCP and UDP a port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traffic {
    pub protocol: Protocol,
    /// For TCP and UDP, the ports; every port for the other protocols.
    pub ports: (u16, u16),
}

impl Traffic {
    /// Reads a protocol and, for TCP and UDP, its port range. For ICMP the "ports" are the
    /// ICMP type and code, which no port check looks at.
    pub fn read(protocol: &str, from: Option<i64>, to: Option<i64>) -> Result<Traffic, String> {
        let protocol = Protocol::parse(protocol)?;
        let ports = match protocol {
            Protocol::Tcp | Protocol::Udp => port_span(from, to)?,
            _ => (0, u16::MAX),
        };
        Ok(Traffic { protocol, ports })
    }

    /// Whether the rule lets through any of `wanted`'s ports.
    pub fn reaches(&self, wanted: &Ports) -> bool {
        self.protocol.carries(wanted.transport) && self.ports.0 <= wanted.to && wanted.from <= self.ports.1
    }

    /// Whether the rule lets through every port of `transport`.
    pub fn reaches_all(&self, transport: Transport) -> bool {
        self.protocol.carries(transport) && self.ports == (0, u16::MAX)
    }

    /// Whether the rule lets through every port of TCP or of UDP: all traffic (-1), or a TCP or
    /// UDP rule for ports 0 to 65535.
    pub fn opens_every_port(&self) -> bool {
        self.reaches_all(Transport::Tcp) || self.reaches_all(Transport::Udp)
    }

    /// As people say it: `tcp 22`, `tcp 0-65535`, `udp 53`, `all traffic`, `protocol 50`.
    pub fn describe(&self) -> String {
        match self.protocol {
            Protocol::Tcp | Protocol::Udp if self.ports.0 == self.ports.1 => {
                format!("{} {}", self.protocol.name(), self.ports.0)
            }
            Protocol::Tcp | Protocol::Udp => format!("{} {}-{}", self.protocol.name(), self.ports.0, self.ports.1),
            _ => self.protocol.name(),
        }
    }
}

/// The address family of a CIDR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    V4,
    V6,
}

/// A CIDR as an inclusive range of addresses (IPv4 in the low 32 bits), and its family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub family: Family,
    first: u128,
    last: u128,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let bad = || format!("CIDR {text:?}, which is not an address and prefix length");
        let (address, prefix) = text.trim().split_once('/').ok_or_else(bad)?;
        let prefix: u8 = prefix.parse().map_err(|_| bad())?;
        let (family, address, bits) = if let Ok(v4) = address.parse::<Ipv4Addr>() {
            (Family::V4, u128::from(u32::from(v4)), 32u8)
        } else if let Ok(v6) = address.parse::<Ipv6Addr>() {
            (Family::V6, u128::from(v6), 128u8)
        } else {
            return Err(bad());
        };
        if prefix > bits {
            return Err(bad());
        }
        let span: u128 = if bits - prefix == 128 { u128::MAX } else { (1u128 << (bits - prefix)) - 1 };
        let first = address & !span;
        Ok(Cidr { family, first, last: first | span, prefix })
    }

    /// Whether the CIDR is its family's whole address space: the internet.
    pub fn is_internet(&self) -> bool {
        self.prefix == 0
    }

    /// Whether every address of `other` is one of this CIDR's (same family).
    pub fn contains(&self, other: &Cidr) -> bool {
        self.family == other.family && self.first <= other.first && other.last <= self.last
    }

    /// Whether the CIDR holds a publicly routable address: it is not wholly inside one of the
    /// blocks IANA's special-purpose registries mark as not globally reachable (RFC 6890 and
    /// its updates: private, shared, loopback, link-local, documentation, benchmarking,
    /// reserved and multicast space, for IPv4 and IPv6). `0.0.0.0/0` and `10.0.0.0/7` are
    /// public (they hold public addresses), `10.1.0.0/16` and `fd00::/8` are not.
    pub fn is_public(&self) -> bool {
        let blocks = match self.family {
            Family::V4 => NOT_GLOBAL_V4,
            Family::V6 => NOT_GLOBAL_V6,
        };
        !blocks.iter().map(|block| Cidr::parse(block).expect("a valid block")).any(|block| block.contains(self))
    }

    /// The CIDR as AWS would store it, its host bits cleared: `10.0.0.0/8` for `10.1.2.3/8`.
    pub fn canonical(&self) -> String {
        match self.family {
            Family::V4 => format!("{}/{}", Ipv4Addr::from(self.first as u32), self.prefix),
            Family::V6 => format!("{}/{}", Ipv6Addr::from(self.first), self.prefix),
        }
    }

    /// Whether the two CIDRs share an address.
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.family == other.family && self.first <= other.last && other.first <= self.last
    }
}

/// IPv4 blocks not globally reachable (IANA IPv4 Special-Purpose Address Registry), plus
/// multicast (224.0.0.0/4), which is never a source.
const NOT_GLOBAL_V4: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
];

/// IPv6 blocks not globally reachable (IANA IPv6 Special-Purpose Address Registry), plus
/// multicast (ff00::/8).
const NOT_GLOBAL_V6: &[&str] = &[
    "::/127",
    "::ffff:0:0/96",
    "64:ff9b:1::/48",
    "100::/64",
    "2001:db8::/32",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
];

/// The largest address of a family.
fn top(family: Family) -> u128 {
    match family {
        Family::V4 => u128::from(u32::MAX),
        Family::V6 => u128::MAX,
    }
}

/// Whether the ranges cover the whole of `family`'s addresses.
fn covers_family(ranges: &[(u128, u128)], family: Family) -> bool {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    let mut next: u128 = 0;
    for (first, last) in sorted {
        if first > next {
            return false;
        }
        if last >= top(family) {
            return true;
        }
        next = next.max(last + 1);
    }
    false
}

/// One inbound permission that lets the internet reach ports a check looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRule {
    /// `tcp 0-65535`.
    pub traffic: String,
    /// The internet CIDRs among its sources (`0.0.0.0/0`, `::/0`), with their families.
    pub sources: Vec<(Family, String)>,
}

impl OpenRule {
    /// `tcp 0-65535 from 0.0.0.0/0, ::/0`.
    pub fn describe(&self) -> String {
        self.describe_with("from")
    }

    /// `all traffic to 0.0.0.0/0` (`preposition` "to", for an outbound rule).
    pub fn describe_with(&self, preposition: &str) -> String {
        let sources: Vec<&str> = self.sources.iter().map(|(_, cidr)| cidr.as_str()).collect();
        format!("{} {preposition} {}", self.traffic, sources.join(", "))
    }

    /// Whether a source of `family` is among the rule's.
    pub fn admits_family(&self, family: Family) -> bool {
        self.sources.iter().any(|(own, _)| *own == family)
    }
}

/// What a group's rules let the internet reach of the ports a check looks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// The rules open to the internet.
    pub open: Vec<OpenRule>,
    /// Prefix-list sources of rules covering the ports, which stance cannot resolve:
    /// `pl-1 (tcp 22)`.
    pub prefix_lists: Vec<String>,
}

impl Reach {
    /// The open rules, as people say them, separated by `; `.
    pub fn describe_open(&self) -> String {
        self.describe_open_with("from")
    }

    /// The open rules of an outbound (`"to"`) or inbound (`"from"`) side, separated by `; `.
    pub fn describe_open_with(&self, preposition: &str) -> String {
        self.open.iter().map(|rule| rule.describe_with(preposition)).collect::<Vec<_>>().join("; ")
    }

    /// `; prefix lists pl-1 (tcp 22) also admit ranges stance cannot resolve`, or nothing.
    pub fn prefix_list_note(&self) -> String {
        match self.prefix_lists.as_slice() {
            [] => String::new(),
            [one] => format!("; prefix list {one} also admits addresses stance cannot resolve"),
            many => format!("; prefix lists {} also admit addresses stance cannot resolve", many.join(", ")),
        }
    }
}

/// Which of `permissions` (a group's inbound rules) let the internet reach `wanted`, as
/// `matches` decides for each rule's traffic (any of the ports, all of them, …).
pub fn internet_reach(permissions: &[IpPermission], matches: impl Fn(&Traffic) -> bool) -> Result<Reach, String> {
    reach_from(permissions, matches, Cidr::is_internet)
}

/// Which of `permissions` let the sources `counts` accepts (the internet, any public range…)
/// reach the traffic `matches` accepts: [`internet_reach`] with another notion of the sources
/// that count. The rules' other sources are passed over, and prefix lists are listed.
pub fn reach_from(
    permissions: &[IpPermission],
    matches: impl Fn(&Traffic) -> bool,
    counts: impl Fn(&Cidr) -> bool,
) -> Result<Reach, String> {
    let mut reach = Reach::default();
    for permission in permissions {
        let traffic = Traffic::read(&permission.ip_protocol, permission.from_port, permission.to_port)
            .map_err(|e| format!("a rule has {e}"))?;
        if !matches(&traffic) {
            continue;
        }
        let mut sources = Vec::new();
        for cidr in permission_cidrs(permission) {
            let parsed = Cidr::parse(cidr).map_err(|e| format!("a rule has {e}"))?;
            if counts(&parsed) {
                sources.push((parsed.family, cidr.to_owned()));
            }
        }
        for list in &permission.prefix_list_ids {
            reach.prefix_lists.push(format!("{} ({})", list.prefix_list_id, traffic.describe()));
        }
        if !sources.is_empty() {
            reach.open.push(OpenRule { traffic: traffic.describe(), sources });
        }
    }
    Ok(reach)
}

/// A permission's CIDR sources, IPv4 then IPv6, as written.
pub fn permission_cidrs(permission: &IpPermission) -> impl Iterator<Item = &str> {
    let v4 = permission.ip_ranges.iter().map(|range| range.cidr_ip.as_str());
    v4.chain(permission.ipv6_ranges.iter().map(|range| range.cidr_ipv6.as_str()))
}

/// A permission's rules one source at a time, as AWS lists them (DescribeSecurityGroupRules):
/// `tcp 22 from 10.0.0.0/8`, `all traffic from pl-1`; CIDRs in their canonical form, so that
/// two spellings of one range compare equal. Sources that are security groups are left out.
pub fn permission_sources(permission: &IpPermission) -> Result<Vec<String>, String> {
    let traffic = Traffic::read(&permission.ip_protocol, permission.from_port, permission.to_port)
        .map_err(|e| format!("a rule has {e}"))?;
    let traffic = traffic.describe();
    let mut rules = Vec::new();
    for cidr in permission_cidrs(permission) {
        let cidr = Cidr::parse(cidr).map_err(|e| format!("a rule has {e}"))?;
        rules.push(format!("{traffic} from {}", cidr.canonical()));
    }
    for list in &permission.prefix_list_ids {
        rules.push(format!("{traffic} from {}", list.prefix_list_id));
    }
    Ok(rules)
}

/// Whether `traffic` reaches any of `wanted`.
pub fn reaches_any(traffic: &Traffic, wanted: &[Ports]) -> bool {
    wanted.iter().any(|ports| traffic.reaches(ports))
}

/// The network ACL entry through which the internet reaches a port, found by
/// [`nacl_internet_entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclOpening {
    pub rule_number: i64,
    /// `all traffic`, `tcp 0-65535`.
    pub traffic: String,
    pub cidr: String,
}

impl AclOpening {
    /// `rule 100 allows all traffic from 0.0.0.0/0`.
    pub fn describe(&self, egress: bool) -> String {
        let direction = if egress { "to" } else { "from" };
        format!("rule {} allows {} {direction} {}", self.rule_number, self.traffic, self.cidr)
    }
}

/// The first entry, in rule-number order, through which the internet reaches `wanted` in the
/// given direction of a network ACL (see the module's doc), or `None` when the ACL's entries
/// keep the internet out of every port of `wanted`.
pub fn nacl_internet_entry(
    entries: &[NetworkAclEntry],
    egress: bool,
    wanted: &Ports,
) -> Result<Option<AclOpening>, String> {
    nacl_internet_entry_where(entries, egress, |traffic| traffic.reaches(wanted))
}

/// [`nacl_internet_entry`] for the traffic `matches` accepts (every port, say) instead of a
/// port: only entries whose traffic `matches` accepts decide, and the first allow among them
/// for the internet that some addresses reach is returned.
pub fn nacl_internet_entry_where(
    entries: &[NetworkAclEntry],
    egress: bool,
    matches: impl Fn(&Traffic) -> bool,
) -> Result<Option<AclOpening>, String> {
    let mut side: Vec<&NetworkAclEntry> = entries.iter().filter(|entry| entry.egress == egress).collect();
    side.sort_by_key(|entry| entry.rule_number);
    let mut found: Option<AclOpening> = None;
    for family in [Family::V4, Family::V6] {
        // The addresses decided by an earlier entry matching the port.
        let mut decided: Vec<(u128, u128)> = Vec::new();
        for entry in &side {
            let cidr = match (family, &entry.cidr_block, &entry.ipv6_cidr_block) {
                (Family::V4, Some(cidr), _) | (Family::V6, _, Some(cidr)) => cidr,
                _ => continue,
            };
            let range = entry.port_range.as_ref();
            let traffic = Traffic::read(&entry.protocol, range.and_then(|r| r.from), range.and_then(|r| r.to))
                .map_err(|e| format!("entry {} has {e}", entry.rule_number))?;
            let parsed = Cidr::parse(cidr).map_err(|e| format!("entry {} has {e}", entry.rule_number))?;
            if !matches(&traffic) {
                continue;
            }
            let allow = match entry.rule_action.as_str() {
                "allow" => true,
                "deny" => false,
                other => {
                    return Err(format!("entry {} has action {other:?}, neither allow nor deny", entry.rule_number));
                }
            };
            if allow && parsed.is_internet() && !covers_family(&decided, family) {
                let opening =
                    AclOpening { rule_number: entry.rule_number, traffic: traffic.describe(), cidr: cidr.to_string() };
                if found.as_ref().is_none_or(|earlier| opening.rule_number < earlier.rule_number) {
                    found = Some(opening);
                }
                break;
            }
            decided.push((parsed.first, parsed.last));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rule(value: serde_json::Value) -> IpPermission {
        serde_json::from_value(value).unwrap()
    }

    fn traffic(protocol: &str, from: i64, to: i64) -> Traffic {
        Traffic::read(protocol, Some(from), Some(to)).unwrap()
    }

    #[test]
    fn cidr_containment_and_overlap() {
        let cidr = |text: &str| Cidr::parse(text).unwrap();
        assert!(cidr("10.0.0.0/16").contains(&cidr("10.0.4.0/24")));
        assert!(cidr("10.0.0.0/16").contains(&cidr("10.0.0.0/16")));
        assert!(!cidr("10.0.4.0/24").contains(&cidr("10.0.0.0/16")));
        assert!(cidr("10.0.4.0/24").overlaps(&cidr("10.0.0.0/16")));
        assert!(!cidr("10.1.0.0/16").overlaps(&cidr("10.0.0.0/16")));
        assert!(cidr("0.0.0.0/0").contains(&cidr("192.168.0.0/16")));
        assert!(!cidr("::/0").contains(&cidr("10.0.0.0/8")), "families differ");
        assert!(cidr("2600:1f18::/40").contains(&cidr("2600:1f18:1::/56")));
    }

    const SSH: Ports = Ports::tcp(22, 22);
    const DNS_UDP: Ports = Ports::udp(53, 53);

    #[test]
    fn tcp_port_ranges_cover_their_bounds_only() {
        assert!(traffic("tcp", 22, 22).reaches(&SSH));
        assert!(traffic("tcp", 0, 65535).reaches(&SSH));
        assert!(traffic("tcp", 22, 23).reaches(&SSH));
        assert!(traffic("tcp", 21, 22).reaches(&SSH));
        assert!(!traffic("tcp", 23, 1024).reaches(&SSH));
        assert!(!traffic("tcp", 0, 21).reaches(&SSH));
        assert!(traffic("tcp", 3000, 4000).reaches(&Ports::tcp(3389, 3389)));
        assert!(traffic("tcp", -1, -1).reaches(&SSH), "tcp -1/-1 means every port");
        assert!(Traffic::read("tcp", None, None).unwrap().reaches(&SSH), "no ports means every port");
        // A wanted range is reached when the rule overlaps any of it.
        assert!(traffic("tcp", 27019, 27019).reaches(&Ports::tcp(27017, 27019)));
        assert!(!traffic("tcp", 27020, 28000).reaches(&Ports::tcp(27017, 27019)));
    }

    #[test]
    fn protocols_by_name_and_number() {
        assert!(Traffic::read("-1", None, None).unwrap().reaches(&SSH), "all traffic opens every port");
        assert!(Traffic::read("-1", Some(80), Some(80)).unwrap().reaches(&SSH), "AWS ignores ports of -1");
        assert!(traffic("6", 22, 22).reaches(&SSH));
        assert!(traffic("TCP", 22, 22).reaches(&SSH));
        assert!(!traffic("udp", 22, 22).reaches(&SSH));
        assert!(traffic("udp", 53, 53).reaches(&DNS_UDP));
        assert!(traffic("17", 0, 65535).reaches(&DNS_UDP));
        assert!(!traffic("17", 0, 65535).reaches(&SSH));
        assert!(!traffic("tcp", 53, 53).reaches(&DNS_UDP));
        assert!(!traffic("icmp", -1, -1).reaches(&SSH));
        assert!(!traffic("icmpv6", -1, -1).reaches(&SSH));
        assert!(!traffic("1", 8, 0).reaches(&SSH));
        let esp = traffic("50", -1, -1);
        assert_eq!(esp.protocol, Protocol::Other(50));
        assert!(!esp.reaches(&SSH), "ESP carries no TCP");
        assert_eq!(esp.describe(), "protocol 50");
    }

    #[test]
    fn unreadable_protocols_and_ranges_are_errors() {
        assert!(Traffic::read("tcpx", Some(22), Some(22)).is_err());
        assert!(Traffic::read("300", None, None).is_err());
        assert!(Traffic::read("tcp", Some(23), Some(22)).is_err());
        assert!(Traffic::read("tcp", Some(0), Some(70000)).is_err());
        assert!(Traffic::read("udp", Some(22), None).is_err());
        assert!(Traffic::read("icmp", Some(3), Some(4)).is_ok(), "ICMP type and code are not ports");
    }

    #[test]
    fn every_port() {
        assert!(traffic("tcp", 0, 65535).reaches_all(Transport::Tcp));
        assert!(traffic("tcp", -1, -1).reaches_all(Transport::Tcp));
        assert!(!traffic("tcp", 1, 65535).reaches_all(Transport::Tcp));
        assert!(Traffic::read("-1", None, None).unwrap().reaches_all(Transport::Udp));
        assert!(!traffic("tcp", 0, 65535).reaches_all(Transport::Udp));
    }

    #[test]
    fn traffic_is_described_as_people_say_it() {
        assert_eq!(traffic("tcp", 22, 22).describe(), "tcp 22");
        assert_eq!(traffic("6", 0, 65535).describe(), "tcp 0-65535");
        assert_eq!(traffic("tcp", -1, -1).describe(), "tcp 0-65535");
        assert_eq!(traffic("17", 53, 53).describe(), "udp 53");
        assert_eq!(Traffic::read("-1", None, None).unwrap().describe(), "all traffic");
        assert_eq!(describe_ports(&[Ports::tcp(22, 22)]), "TCP 22");
        assert_eq!(describe_ports(&[Ports::tcp(20, 21)]), "TCP 20-21");
        assert_eq!(
            describe_ports(&[Ports::tcp(1433, 1433), Ports::tcp(1434, 1434), Ports::udp(1434, 1434)]),
            "TCP 1433 and 1434, UDP 1434"
        );
        assert_eq!(describe_ports(&[Ports::udp(137, 139)]), "UDP 137-139");
    }

    #[test]
    fn only_a_whole_address_family_is_the_internet() {
        let internet = |cidr: &str| Cidr::parse(cidr).unwrap().is_internet();
        assert!(internet("0.0.0.0/0") && internet("::/0"));
        assert!(internet("10.1.2.3/0"), "prefix length 0 covers every address, whatever the address");
        assert!(!internet("0.0.0.0/1") && !internet("128.0.0.0/1"), "half the internet is not the internet");
        assert!(!internet("10.0.0.0/8") && !internet("2001:db8::/32") && !internet("::/1"));
        assert_eq!(Cidr::parse("::/0").unwrap().family, Family::V6);
        assert!(Cidr::parse("0.0.0.0").is_err() && Cidr::parse("0.0.0.0/33").is_err() && Cidr::parse("x/0").is_err());
        assert!(Cidr::parse("::/129").is_err());
    }

    #[test]
    fn ranges_cover_a_family_only_without_gaps() {
        let ranges = |cidrs: &[&str]| -> Vec<(u128, u128)> {
            cidrs.iter().map(|cidr| Cidr::parse(cidr).unwrap()).map(|c| (c.first, c.last)).collect()
        };
        assert!(covers_family(&ranges(&["0.0.0.0/0"]), Family::V4));
        assert!(covers_family(&ranges(&["128.0.0.0/1", "0.0.0.0/1"]), Family::V4));
        assert!(!covers_family(&ranges(&["0.0.0.0/1", "192.0.0.0/2"]), Family::V4));
        assert!(!covers_family(&ranges(&[]), Family::V4));
        assert!(covers_family(&ranges(&["::/1", "8000::/1"]), Family::V6));
        assert!(!covers_family(&ranges(&["::/1"]), Family::V6));
    }

    #[test]
    fn a_group_reaches_through_internet_sources_only() {
        let permissions = [
            rule(json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]})),
            rule(json!({"IpProtocol": "udp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})),
            rule(json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})),
            rule(json!({"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "0.0.0.0/1"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})),
            rule(json!({"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})),
            rule(json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": "123456789012"}]})),
            rule(
                json!({"IpProtocol": "tcp", "FromPort": 20, "ToPort": 25, "PrefixListIds": [{"PrefixListId": "pl-1"}]}),
            ),
        ];
        let reach = internet_reach(&permissions, |traffic| traffic.reaches(&SSH)).unwrap();
        assert_eq!(reach.describe_open(), "tcp 0-65535 from 0.0.0.0/0, ::/0; all traffic from ::/0");
        assert!(reach.open[0].admits_family(Family::V4) && !reach.open[1].admits_family(Family::V4));
        assert_eq!(reach.prefix_lists, ["pl-1 (tcp 20-25)"]);
        assert_eq!(
            reach.prefix_list_note(),
            "; prefix list pl-1 (tcp 20-25) also admits addresses stance cannot resolve"
        );
        let closed = internet_reach(&permissions[..1], |traffic| traffic.reaches(&SSH)).unwrap();
        assert_eq!(closed, Reach::default());
        let bad =
            [rule(json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "nowhere"}]}))];
        assert!(internet_reach(&bad, |traffic| traffic.reaches(&SSH)).unwrap_err().contains("nowhere"));
    }

    fn entries(value: serde_json::Value) -> Vec<NetworkAclEntry> {
        serde_json::from_value(value).unwrap()
    }

    fn entry(number: i64, action: &str, protocol: &str, cidr: &str, ports: Option<(i64, i64)>) -> serde_json::Value {
        let mut value = json!({"RuleNumber": number, "RuleAction": action, "Protocol": protocol, "Egress": false});
        let key = if cidr.contains(':') { "Ipv6CidrBlock" } else { "CidrBlock" };
        value[key] = json!(cidr);
        if let Some((from, to)) = ports {
            value["PortRange"] = json!({"From": from, "To": to});
        }
        value
    }

    #[test]
    fn the_default_acl_lets_the_internet_in() {
        let acl = entries(json!([
            entry(100, "allow", "-1", "0.0.0.0/0", None),
            entry(32767, "deny", "-1", "0.0.0.0/0", None),
        ]));
        let opening = nacl_internet_entry(&acl, false, &SSH).unwrap().unwrap();
        assert_eq!(opening.describe(false), "rule 100 allows all traffic from 0.0.0.0/0");
        assert_eq!(nacl_internet_entry(&acl, true, &SSH).unwrap(), None, "no egress entries: nothing goes out");
    }

    #[test]
    fn acl_entries_are_read_in_rule_number_order() {
        // The deny comes first by number, though listed second.
        let denied = entries(json!([
            entry(200, "allow", "6", "0.0.0.0/0", Some((0, 65535))),
            entry(100, "deny", "6", "0.0.0.0/0", Some((22, 22))),
        ]));
        assert_eq!(nacl_internet_entry(&denied, false, &SSH).unwrap(), None);
        let opening = nacl_internet_entry(&denied, false, &Ports::tcp(3389, 3389)).unwrap().unwrap();
        assert_eq!(opening.describe(false), "rule 200 allows tcp 0-65535 from 0.0.0.0/0");
        // A deny of a few addresses leaves the port open to the rest of the internet.
        let carved = entries(json!([
            entry(100, "deny", "-1", "203.0.113.0/24", None),
            entry(110, "allow", "6", "0.0.0.0/0", Some((22, 22))),
        ]));
        assert_eq!(nacl_internet_entry(&carved, false, &SSH).unwrap().unwrap().rule_number, 110);
        // Two denies that cover the whole family leave nothing for the allow after them.
        let halves = entries(json!([
            entry(100, "deny", "-1", "0.0.0.0/1", None),
            entry(101, "deny", "-1", "128.0.0.0/1", None),
            entry(110, "allow", "-1", "0.0.0.0/0", None),
        ]));
        assert_eq!(nacl_internet_entry(&halves, false, &SSH).unwrap(), None);
        // A deny of another port or protocol does not decide SSH.
        let other = entries(json!([
            entry(100, "deny", "17", "0.0.0.0/0", Some((22, 22))),
            entry(101, "deny", "6", "0.0.0.0/0", Some((80, 80))),
            entry(110, "allow", "6", "0.0.0.0/0", Some((22, 22))),
        ]));
        assert_eq!(nacl_internet_entry(&other, false, &SSH).unwrap().unwrap().rule_number, 110);
    }

    #[test]
    fn acl_families_and_directions_are_separate() {
        let acl = entries(json!([
            entry(100, "deny", "-1", "0.0.0.0/0", None),
            entry(101, "allow", "-1", "::/0", None),
            entry(102, "allow", "6", "10.0.0.0/8", Some((22, 22))),
        ]));
        let opening = nacl_internet_entry(&acl, false, &SSH).unwrap().unwrap();
        assert_eq!(opening.describe(false), "rule 101 allows all traffic from ::/0", "an IPv4 deny does not stop IPv6");
        let mut egress = entries(json!([entry(100, "allow", "17", "0.0.0.0/0", Some((53, 53)))]));
        egress[0].egress = true;
        assert_eq!(
            nacl_internet_entry(&egress, true, &DNS_UDP).unwrap().unwrap().describe(true),
            "rule 100 allows udp 53 to 0.0.0.0/0"
        );
        assert_eq!(nacl_internet_entry(&egress, false, &DNS_UDP).unwrap(), None);
        assert_eq!(nacl_internet_entry(&egress, true, &SSH).unwrap(), None, "UDP 53 is not TCP 22");
    }

    #[test]
    fn unreadable_acl_entries_are_errors() {
        let acl = entries(json!([entry(100, "maybe", "-1", "0.0.0.0/0", None)]));
        assert!(nacl_internet_entry(&acl, false, &SSH).unwrap_err().contains("maybe"));
        let acl = entries(json!([entry(100, "allow", "6", "0.0.0.0/0", Some((30, 20)))]));
        assert!(nacl_internet_entry(&acl, false, &SSH).unwrap_err().contains("30-20"));
    }

    #[test]
    fn public_ranges_hold_a_globally_reachable_address() {
        let public = |cidr: &str| Cidr::parse(cidr).unwrap().is_public();
        assert!(public("0.0.0.0/0") && public("::/0") && public("52.94.76.0/24") && public("0.0.0.0/1"));
        assert!(public("10.0.0.0/7"), "a range straddling private and public space holds public addresses");
        assert!(
            !public("10.0.0.0/8") && !public("10.1.0.0/16") && !public("172.16.0.0/12") && !public("192.168.1.0/24")
        );
        assert!(!public("100.64.0.0/10") && !public("169.254.169.254/32") && !public("127.0.0.1/32"));
        assert!(!public("192.0.2.0/24") && !public("198.51.100.7/32") && !public("203.0.113.0/24"));
        assert!(!public("fd00::/8") && !public("fe80::/10") && !public("::1/128") && !public("2001:db8::/32"));
        assert!(public("2600:1f18::/32"));
    }

    #[test]
    fn containment_and_canonical_form() {
        let cidr = |text: &str| Cidr::parse(text).unwrap();
        assert!(cidr("10.0.0.0/7").contains(&cidr("10.0.0.0/8")));
        assert!(cidr("10.0.0.0/8").contains(&cidr("10.0.0.0/8")));
        assert!(!cidr("10.1.0.0/16").contains(&cidr("10.0.0.0/8")));
        assert!(!cidr("::/0").contains(&cidr("10.0.0.0/8")), "families differ");
        assert_eq!(cidr("10.1.2.3/8").canonical(), "10.0.0.0/8");
        assert_eq!(cidr("2001:db8::1/32").canonical(), "2001:db8::/32");
    }

    #[test]
    fn protocol_port_lists() {
        let list = ProtocolPortList::parse("tcp:80, TCP:8000-8080,udp:53").unwrap();
        assert_eq!(list.describe(), "tcp:80, tcp:8000-8080, udp:53");
        assert!(ProtocolPortList::parse("").unwrap().is_empty());
        assert!(ProtocolPortList::parse("80").is_err() && ProtocolPortList::parse("icmp:0").is_err());
        assert!(ProtocolPortList::parse("tcp:90-80").is_err() && ProtocolPortList::parse("tcp:70000").is_err());
        assert!(list.covers(&traffic("tcp", 80, 80)) && list.covers(&traffic("tcp", 8000, 8080)));
        assert!(list.covers(&traffic("udp", 53, 53)) && !list.covers(&traffic("tcp", 53, 53)));
        assert!(!list.covers(&traffic("tcp", 79, 80)) && !list.covers(&traffic("tcp", 8000, 8081)));
        assert!(!list.covers(&Traffic::read("-1", None, None).unwrap()), "all traffic is never covered");
        assert!(!list.covers(&traffic("icmp", -1, -1)), "nor a protocol without ports");
        let adjacent = ProtocolPortList::parse("tcp:80-90,tcp:91-100").unwrap();
        assert!(adjacent.covers(&traffic("tcp", 85, 95)) && !adjacent.covers(&traffic("tcp", 85, 101)));
        let both = ProtocolPortList::tcp_and_udp(&[(22, 22), (443, 443)]);
        assert!(both.covers(&traffic("udp", 443, 443)) && !both.covers(&traffic("udp", 444, 444)));
        assert_eq!(ProtocolPortList::tcp(&[(5000, 5000)]).describe(), "tcp:5000");
    }

    #[test]
    fn reach_from_other_sources_and_rules_one_source_at_a_time() {
        let permissions = [
            rule(json!({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "52.94.76.0/24"}]})),
            rule(json!({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.1.2.3/8"}],
                "PrefixListIds": [{"PrefixListId": "pl-1"}]})),
        ];
        let specific = |cidr: &Cidr| cidr.is_public() && !cidr.is_internet();
        let reach = reach_from(&permissions, |_| true, specific).unwrap();
        assert_eq!(reach.describe_open(), "all traffic from 52.94.76.0/24");
        assert_eq!(reach.describe_open_with("to"), "all traffic to 52.94.76.0/24");
        assert_eq!(
            permission_sources(&permissions[0]).unwrap(),
            ["all traffic from 0.0.0.0/0", "all traffic from 52.94.76.0/24"]
        );
        assert_eq!(permission_sources(&permissions[1]).unwrap(), ["tcp 22 from 10.0.0.0/8", "tcp 22 from pl-1"]);
        assert!(Traffic::read("-1", None, None).unwrap().opens_every_port());
        assert!(traffic("udp", 0, 65535).opens_every_port() && !traffic("tcp", 1, 65535).opens_every_port());
    }

    #[test]
    fn acl_entries_opening_every_port() {
        let mut acl = entries(json!([
            entry(90, "deny", "6", "0.0.0.0/0", Some((25, 25))),
            entry(100, "allow", "-1", "0.0.0.0/0", None),
        ]));
        for entry in &mut acl {
            entry.egress = true;
        }
        let every = |traffic: &Traffic| traffic.opens_every_port();
        let opening = nacl_internet_entry_where(&acl, true, every).unwrap().unwrap();
        assert_eq!(
            opening.describe(true),
            "rule 100 allows all traffic to 0.0.0.0/0",
            "a deny of one port leaves the rest"
        );
        acl[0] = entries(json!([entry(90, "deny", "-1", "0.0.0.0/0", None)])).remove(0);
        acl[0].egress = true;
        assert_eq!(nacl_internet_entry_where(&acl, true, every).unwrap(), None);
    }
}
