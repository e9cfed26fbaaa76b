use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_templates::{
    self, DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, DESCRIBE_LAUNCH_TEMPLATES, LaunchTemplateVersion, version_label,
};

declare_check! {
    /// Ensures every collected version of each EC2 launch template requires IMDSv2: its
    /// MetadataOptions set HttpTokens to `required`, or HttpEndpoint to `disabled` (no instance
    /// metadata at all). Any version can be launched, so one that allows IMDSv1 (HttpTokens
    /// `optional`) fails the template. A version that leaves HttpTokens unset warns: its
    /// instances take the account's instance metadata default, else the AMI's ImdsSupport, and
    /// IMDSv1 stays allowed unless one of them requires tokens.
    ///
    /// Prowler passes a template when any one version is good, and counts a version without
    /// MetadataOptions as disabled; by EC2's launch rules, an unset option is not a disabled
    /// endpoint. stance reads the newest versions (`stance collect --launch-template-versions`)
    /// and the default one.
    ///
    /// ## Remediation
    /// Create a new version with MetadataOptions HttpTokens `required` (and HttpPutResponseHopLimit
    /// 2 for containers), make it the default, and delete versions that allow IMDSv1.
    pub(crate) CHECK {
        id: "launchTemplateImdsv2",
        title: "Launch Template IMDSv2 Required",
        severity: High,
        reads: [DESCRIBE_LAUNCH_TEMPLATES, DESCRIBE_LAUNCH_TEMPLATE_VERSIONS],
        run,
        aliases: [
            ("ec2_launch_template_imdsv2_required", Differently("Prowler passes a template when one version requires IMDSv2 and counts a version without MetadataOptions as disabled; stance fails a template any version of which allows IMDSv1, and warns for versions that leave the setting to the account default and the AMI")),
        ],
    }
}

/// How a version's instances may use the instance metadata service.
enum Imds {
    /// Tokens required, or no endpoint.
    V2Only,
    /// HttpTokens `optional`.
    V1Allowed,
    /// HttpTokens unset: the account default, then the AMI, decide.
    Unset,
}

fn imds(version: &LaunchTemplateVersion) -> Imds {
    let options = version.launch_template_data.as_ref().and_then(|data| data.metadata_options.as_ref());
    let Some(options) = options else { return Imds::Unset };
    if options.http_endpoint.as_deref() == Some("disabled") || options.http_tokens.as_deref() == Some("required") {
        Imds::V2Only
    } else if options.http_tokens.is_some() {
        Imds::V1Allowed
    } else {
        Imds::Unset
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2_templates::each_template(ctx, findings, |template, region, findings| {
        let (mut allowed, mut unset) = (Vec::new(), Vec::new());
        for version in template.versions {
            match imds(version) {
                Imds::V2Only => {}
                Imds::V1Allowed => allowed.push(version_label(version)),
                Imds::Unset => unset.push(version_label(version)),
            }
        }
        let (arn, label, count) = (template.arn.clone(), &template.label, template.versions.len());
        if !allowed.is_empty() {
            let message = format!("Launch template {label} allows IMDSv1 in version {}", allowed.join(", "));
            findings.fail(arn, region, message);
        } else if !unset.is_empty() {
            let message = format!(
                "Launch template {label} leaves HttpTokens to the account default and the AMI in version {}",
                unset.join(", ")
            );
            findings.warn(arn, region, message);
        } else {
            findings.ok(arn, region, format!("Launch template {label} requires IMDSv2 in all {count} versions read"));
        }
    });
}
