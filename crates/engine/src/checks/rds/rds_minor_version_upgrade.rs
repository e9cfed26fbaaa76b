use crate::analysis::rds::{each_db_instance, instance_label};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::rds::DESCRIBE_DB_INSTANCES;

declare_check! {
    /// Ensures every RDS DB instance has automatic minor version upgrades on, so that RDS
    /// applies the engine's minor releases, which carry security fixes, in the maintenance
    /// window: an instance with `AutoMinorVersionUpgrade` false fails, one with it true passes.
    /// The setting is the instance's own, Aurora members included.
    ///
    /// DocumentDB and Neptune instances, which DescribeDBInstances lists with the same member,
    /// are judged too (as CloudSploit does; Prowler skips DocumentDB).
    ///
    /// ## Remediation
    /// Turn the setting on: `aws rds modify-db-instance --db-instance-identifier …
    /// --auto-minor-version-upgrade --apply-immediately`.
    pub(crate) CHECK {
        id: "rdsMinorVersionUpgrade",
        title: "RDS Minor Version Upgrade",
        severity: Medium,
        reads: [DESCRIBE_DB_INSTANCES],
        run,
        aliases: [
            ("rds_instance_minor_version_upgrade_enabled", Differently("Prowler skips DocumentDB instances; stance judges them, since DescribeDBInstances reports their AutoMinorVersionUpgrade with the same meaning")),
        ],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    each_db_instance(ctx, findings, |region, _, instance, findings| {
        let (arn, label) = (instance.db_instance_arn.as_str(), instance_label(instance));
        match instance.auto_minor_version_upgrade {
            Some(true) => findings.ok(arn, region, format!("{label} has automatic minor version upgrades on")),
            Some(false) => findings.fail(arn, region, format!("{label} has automatic minor version upgrades off")),
            None => findings.unknown(
                arn,
                region,
                &Unknown::new(format!(
                    "{label}: DescribeDBInstances does not say whether automatic minor version upgrades are on"
                )),
            ),
        }
    });
}
