use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_templates::{
    self, DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, DESCRIBE_LAUNCH_TEMPLATES, describe_findings, version_label,
};

declare_check! {
    /// Ensures the user data of no collected launch template version holds a secret: an AWS
    /// access key id or secret key, a private key, a GitHub or Slack token, or a password-like
    /// assignment. stance scans user data when it collects (base64, gzipped or not) and keeps only
    /// the findings, with each value redacted; the snapshot never holds the user data itself.
    /// User data that is not base64 or not a valid gzip stream is UNKNOWN.
    ///
    /// ## Remediation
    /// Remove the secret from the template's user data (create a version without it, make it the
    /// default, delete the others), rotate it, and have instances fetch secrets at boot from
    /// Secrets Manager or Parameter Store through their instance role.
    pub(crate) CHECK {
        id: "launchTemplateUserDataSecrets",
        title: "Launch Template User Data Secrets",
        severity: High,
        reads: [DESCRIBE_LAUNCH_TEMPLATES, DESCRIBE_LAUNCH_TEMPLATE_VERSIONS],
        run,
        aliases: [
            ("ec2_launch_template_no_secrets", Differently("Prowler runs its own secret scanner over every version, with its ignore patterns; stance scans at collection with its own rules (stance_snapshot::user_data), and reads the newest versions and the default one")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2_templates::each_template(ctx, findings, |template, region, findings| {
        let (mut found, mut unreadable) = (Vec::new(), None);
        for version in template.versions {
            let Some(user_data) = version.launch_template_data.as_ref().and_then(|data| data.user_data.as_ref()) else {
                continue;
            };
            match user_data.findings() {
                Ok([]) => {}
                Ok(secrets) => {
                    found.push(format!("version {}: {}", version_label(version), describe_findings(secrets)))
                }
                Err(why) => unreadable = Some(format!("version {}: {why}", version_label(version))),
            }
        }
        let (arn, label) = (template.arn.clone(), &template.label);
        if !found.is_empty() {
            findings.fail(
                arn,
                region,
                format!("Launch template {label} has secrets in its user data: {}", found.join("; ")),
            );
        } else if let Some(why) = unreadable {
            let reason = Unknown::new(format!("Launch template {label}'s user data could not be scanned ({why})"));
            findings.unknown(arn, region, &reason);
        } else {
            let count = template.versions.len();
            findings.ok(
                arn,
                region,
                format!("Launch template {label} has no secret in the user data of the {count} versions read"),
            );
        }
    });
}
