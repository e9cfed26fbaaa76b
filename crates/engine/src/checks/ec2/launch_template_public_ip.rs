use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_templates::{self, DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, DESCRIBE_LAUNCH_TEMPLATES, version_label};

declare_check! {
    /// Ensures no collected version of an EC2 launch template gives its instances a public IPv4
    /// address: a network interface with AssociatePublicIpAddress true fails the template. A
    /// version that leaves it unset takes the subnet's auto-assign setting (checked by
    /// subnetAutoAssignPublicIp), and passes here. stance reads the newest versions and the
    /// default one; an interface named by NetworkInterfaceId is not looked up.
    ///
    /// ## Remediation
    /// Create a version whose network interfaces set AssociatePublicIpAddress false, make it the
    /// default, and reach instances through a load balancer, NAT or Session Manager.
    pub(crate) CHECK {
        id: "launchTemplatePublicIp",
        title: "Launch Template No Public IP",
        severity: High,
        reads: [DESCRIBE_LAUNCH_TEMPLATES, DESCRIBE_LAUNCH_TEMPLATE_VERSIONS],
        run,
        aliases: [
            ("ec2_launch_template_no_public_ip", Differently("Prowler also fails a version naming an existing interface that has a public address, which stance does not look up")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2_templates::each_template(ctx, findings, |template, region, findings| {
        let public: Vec<String> = template
            .versions
            .iter()
            .filter(|version| {
                let interfaces = version.launch_template_data.iter().flat_map(|data| data.network_interfaces.iter());
                interfaces.into_iter().any(|interface| interface.associate_public_ip_address == Some(true))
            })
            .map(version_label)
            .collect();
        let (arn, label) = (template.arn.clone(), &template.label);
        if public.is_empty() {
            let count = template.versions.len();
            findings.ok(
                arn,
                region,
                format!("Launch template {label} asks for no public IP in the {count} versions read"),
            );
        } else {
            let message = format!("Launch template {label} assigns public IPs in version {}", public.join(", "));
            findings.fail(arn, region, message);
        }
    });
}
