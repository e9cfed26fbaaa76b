use crate::analysis::instances::DefaultImds;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_instances::GET_INSTANCE_METADATA_DEFAULTS;

declare_check! {
    /// Ensures new instances require IMDSv2 by default: in each region, the account-level
    /// instance metadata defaults (GetInstanceMetadataDefaults) pass when they enforce IMDSv2
    /// (HttpTokensEnforced `enabled`: EC2 refuses any launch whose HttpTokens would not be
    /// `required`) or set HttpTokens to `required`, warn when they only turn the metadata
    /// endpoint off (a launch that turns it on without setting HttpTokens then accepts IMDSv1),
    /// and fail otherwise, including when no default is set (launches then take HttpTokens from
    /// the AMI, or EC2's default, `optional`).
    ///
    /// The defaults apply only to instances launched after they were set, and only to the options
    /// the launch (or its launch template) leaves unset; ec2MetadataOptions judges each instance.
    /// Values set by an organization's declarative policy are judged the same, and the message
    /// says so. Every region is judged, with instances or not, since a region's defaults decide
    /// for whatever is launched there next; Prowler reports only regions with instances unless
    /// run with `--scan-unused-services`, and passes only HttpTokens `required`.
    ///
    /// ## Remediation
    /// In each region, run `aws ec2 modify-instance-metadata-defaults --http-tokens required
    /// --http-put-response-hop-limit 2` (add `--http-tokens-enforced enabled` to refuse IMDSv1
    /// launches outright), or set IMDS defaults for the organization with a declarative policy.
    pub(crate) CHECK {
        id: "ec2DefaultImdsv2Enabled",
        title: "Default IMDSv2 Enabled",
        severity: High,
        reads: [GET_INSTANCE_METADATA_DEFAULTS],
        run,
        aliases: [(
            "ec2_instance_account_imdsv2_enabled",
            Differently("Prowler judges only regions with instances unless run with --scan-unused-services and passes only HttpTokens required; stance judges every region, since its defaults decide for the next launch there, passes HttpTokensEnforced enabled (EC2 then refuses IMDSv1 launches) and warns on a disabled default endpoint")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(GET_INSTANCE_METADATA_DEFAULTS, findings, |region, data, findings| {
        let resource = ctx.region_arn("ec2", region);
        let defaults = data.account_level.as_ref();
        let by = match defaults.and_then(|defaults| defaults.managed_by.as_deref()) {
            Some("declarative-policy") => " (set by a declarative policy)",
            _ => "",
        };
        match DefaultImds::of(defaults) {
            Ok(DefaultImds::Enforced) => findings.ok(
                resource,
                region,
                format!("The instance metadata defaults of {region} enforce IMDSv2 at launch{by}"),
            ),
            Ok(DefaultImds::Required) => findings.ok(
                resource,
                region,
                format!("The instance metadata defaults of {region} require IMDSv2{by}"),
            ),
            Ok(DefaultImds::EndpointDisabled) => findings.warn(
                resource,
                region,
                format!(
                    "The instance metadata defaults of {region} disable the metadata endpoint but do not require IMDSv2{by}"
                ),
            ),
            Ok(DefaultImds::NotRequired) => findings.fail(
                resource,
                region,
                format!("The instance metadata defaults of {region} do not require IMDSv2{by}"),
            ),
            Err(e) => findings.unknown(resource, region, &Unknown::new(format!("{region} cannot be judged: {e}"))),
        }
    });
}
