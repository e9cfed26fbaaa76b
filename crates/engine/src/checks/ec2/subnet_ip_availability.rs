use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::settings::Setting;
use crate::views::ec2_vpc::DESCRIBE_SUBNETS;

declare_check! {
    /// Ensures subnets are not running out of IPv4 addresses. A subnet of prefix length `n` has
    /// `2^(32-n)` addresses, of which AWS reserves five (the network address, the VPC router,
    /// DNS, one for future use, and the broadcast address); the rest are usable, and
    /// `AvailableIpAddressCount` says how many of them are free. Each subnet fails when the
    /// share of usable addresses in use reaches `subnet_ip_availability_percentage_fail` (90 %),
    /// warns when it reaches `subnet_ip_availability_percentage_warn` (75 %), and passes below.
    /// A full subnet makes launches, scaling and failover in it fail. IPv6-only subnets have no
    /// IPv4 addresses to run out of and are not judged.
    ///
    /// The five reserved addresses are never available, so counting them as used (dividing by
    /// all `2^(32-n)` addresses) would make a small subnet look fuller than it is: a /28 would
    /// start at 31 % used. stance divides by the usable addresses.
    ///
    /// ## Remediation
    /// Add a subnet with a larger CIDR block (add a secondary CIDR block to the VPC if needed),
    /// move resources to it, and release unused network interfaces and addresses.
    pub(crate) CHECK {
        id: "subnetIpAvailability",
        title: "Subnet IP Availability",
        severity: Medium,
        reads: [DESCRIBE_SUBNETS],
        run,
        settings: [FAIL_PERCENT, WARN_PERCENT],
    }
}

static FAIL_PERCENT: Setting<i64> = Setting::new(
    "subnet_ip_availability_percentage_fail",
    "90",
    "Share of a subnet's usable IPv4 addresses in use, in percent, from which subnetIpAvailability fails.",
);

static WARN_PERCENT: Setting<i64> = Setting::new(
    "subnet_ip_availability_percentage_warn",
    "75",
    "Share of a subnet's usable IPv4 addresses in use, in percent, from which subnetIpAvailability warns.",
);

/// AWS reserves the first four addresses and the last one of every subnet.
const RESERVED: i64 = 5;

fn run(ctx: &Context, findings: &mut Findings) {
    let (fail, warn) = (*ctx.setting(&FAIL_PERCENT), *ctx.setting(&WARN_PERCENT));
    ctx.each_region(DESCRIBE_SUBNETS, findings, |region, data, findings| {
        for subnet in &data.subnets {
            let id = &subnet.subnet_id;
            let arn = ctx.typed_arn("ec2", region, "subnet", id);
            let Some(cidr) = subnet.cidr_block.as_deref() else { continue };
            let usable = cidr
                .split_once('/')
                .and_then(|(_, prefix)| prefix.parse::<u32>().ok())
                .filter(|prefix| (16..=28).contains(prefix))
                .map(|prefix| (1i64 << (32 - prefix)) - RESERVED);
            let (Some(usable), Some(available)) = (usable, subnet.available_ip_address_count) else {
                let reason = format!(
                    "Subnet {id} reports CIDR {cidr:?} and {:?} available addresses, which give no share in use",
                    subnet.available_ip_address_count
                );
                findings.unknown(arn, region, &Unknown::new(reason));
                continue;
            };
            if !(0..=usable).contains(&available) {
                let reason = format!("Subnet {id} reports {available} available addresses of {usable} usable");
                findings.unknown(arn, region, &Unknown::new(reason));
                continue;
            }
            let used = usable - available;
            // Percent, rounded down, compared as integers: used * 100 >= threshold * usable.
            let percent = used * 100 / usable;
            let summary =
                format!("Subnet {id} ({cidr}) has {used} of {usable} usable IPv4 addresses in use ({percent} %)");
            if used * 100 >= fail * usable {
                findings.fail(arn, region, format!("{summary}, at least {fail} %"));
            } else if used * 100 >= warn * usable {
                findings.warn(arn, region, format!("{summary}, at least {warn} %"));
            } else {
                findings.ok(arn, region, format!("{summary}, below {warn} %"));
            }
        }
    });
}
