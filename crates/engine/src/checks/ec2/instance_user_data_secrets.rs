use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, not_configured};
use crate::views::ec2::DESCRIBE_INSTANCES;
use crate::views::ec2_templates::{DESCRIBE_INSTANCE_ATTRIBUTE, describe_findings};

declare_check! {
    /// Ensures the user data of no EC2 instance (not terminated) holds a secret: an AWS access
    /// key id or secret key, a private key, a GitHub or Slack token, or a password-like
    /// assignment. User data is readable by anyone who can describe the instance's attributes
    /// and by every process on it through the metadata service. stance scans it when it collects
    /// (base64, gzipped or not) and keeps only the findings, each value redacted; the snapshot
    /// never holds the user data itself. User data that is not base64 or not a valid gzip stream
    /// is UNKNOWN (Prowler says MANUAL).
    ///
    /// ## Remediation
    /// Stop the instance, replace its user data with a version that fetches the secret from
    /// Secrets Manager or Parameter Store through the instance role, and rotate the secret.
    pub(crate) CHECK {
        id: "instanceUserDataSecrets",
        title: "Instance User Data Secrets",
        severity: High,
        reads: [DESCRIBE_INSTANCES, DESCRIBE_INSTANCE_ATTRIBUTE],
        run,
        aliases: [
            ("ec2_instance_secrets_user_data", Differently("Prowler runs its own secret scanner with its ignore patterns and validation; stance scans at collection with its own rules (stance_snapshot::user_data)")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ctx.each_region(DESCRIBE_INSTANCES, findings, |region, described, findings| {
        let instances: Vec<_> = described
            .reservations
            .iter()
            .flat_map(|reservation| reservation.instances.iter())
            .filter(|instance| instance.state.as_ref().is_none_or(|state| state.name != "terminated"))
            .collect();
        if instances.is_empty() {
            return findings.ok(ctx.region_arn("ec2", region), region, format!("No instances in {region}"));
        }
        for instance in instances {
            let id = &instance.instance_id;
            let arn = ctx.typed_arn("ec2", region, "instance", id);
            let attribute = match ctx.read_resource(DESCRIBE_INSTANCE_ATTRIBUTE, &arn).1 {
                Ok(Some(attribute)) => attribute,
                Ok(None) => {
                    findings.unknown(arn, region, &not_configured(DESCRIBE_INSTANCE_ATTRIBUTE.id));
                    continue;
                }
                Err(reason) => {
                    findings.unknown(arn, region, &reason);
                    continue;
                }
            };
            match attribute.user_data.as_ref().map_or(Ok(&[][..]), |user_data| user_data.findings()) {
                Ok([]) => findings.ok(arn, region, format!("Instance {id} has no secret in its user data")),
                Ok(secrets) => findings.fail(
                    arn,
                    region,
                    format!("Instance {id} has secrets in its user data: {}", describe_findings(secrets)),
                ),
                Err(why) => {
                    let reason = Unknown::new(format!("Instance {id}'s user data could not be scanned ({why})"));
                    findings.unknown(arn, region, &reason)
                }
            }
        }
    });
}
