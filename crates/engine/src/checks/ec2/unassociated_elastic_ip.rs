use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_storage::DESCRIBE_ADDRESSES;

declare_check! {
    /// Ensures every Elastic IP is in use: an address passes when it is associated with an
    /// instance or a network interface (`InstanceId`, `NetworkInterfaceId` or `AssociationId`)
    /// and fails when it is not. An idle address costs money, and one that was released from a
    /// service may still be named in DNS records or allow lists. Every address is judged,
    /// Wavelength carrier addresses without a `PublicIp` included, which Prowler skips.
    ///
    /// ## Remediation
    /// Associate the address with the instance or network interface that needs it, or release it
    /// (`aws ec2 release-address --allocation-id`) after removing it from DNS records and allow
    /// lists.
    pub(crate) CHECK {
        id: "unassociatedElasticIp",
        title: "Unassociated Elastic IP Addresses",
        severity: Medium,
        reads: [DESCRIBE_ADDRESSES],
        run,
        aliases: [
            ("ec2_elastic_ip_unassigned", Differently("Prowler skips addresses without a PublicIp, such as Wavelength carrier addresses; stance judges every address")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_ADDRESSES, findings, |region, data, findings| {
        for address in &data.addresses {
            let id = address.allocation_id.as_deref().filter(|id| !id.is_empty()).unwrap_or(address.label());
            let arn = ctx.typed_arn("ec2", region, "elastic-ip", id);
            let label = address.label();
            match address.associated_with() {
                Some(target) => findings.ok(arn, region, format!("Elastic IP {label} is associated with {target}")),
                None => findings.fail(
                    arn,
                    region,
                    format!("Elastic IP {label} is not associated with any instance or network interface"),
                ),
            }
        }
    });
}
