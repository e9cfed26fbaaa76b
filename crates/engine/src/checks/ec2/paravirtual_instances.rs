use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures no instance uses paravirtual (PV) virtualization: each instance that is not
    /// terminated fails when its virtualization type is `paravirtual` and passes when it is `hvm`.
    /// PV runs only on previous-generation instance types, without the Nitro system's enhanced
    /// networking and security, and AWS recommends HVM AMIs. An instance without a virtualization
    /// type is UNKNOWN.
    ///
    /// ## Remediation
    /// Move the workload to an HVM AMI on a current instance type, then terminate the PV instance.
    pub(crate) CHECK {
        id: "paravirtualInstances",
        title: "Paravirtual Instances",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [("ec2_instance_paravirtual_type", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::each_instance(ctx, findings, "instances", instances::is_live, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        match instance.virtualization_type.as_deref() {
            Some("paravirtual") => findings.fail(arn, region, format!("Instance {id} uses paravirtual virtualization")),
            Some("hvm") => findings.ok(arn, region, format!("Instance {id} uses HVM virtualization")),
            other => {
                let reason = format!(
                    "Instance {id} cannot be judged: its virtualization type is {}",
                    other.map_or_else(|| "not given".to_owned(), |other| format!("{other}, not one EC2 documents"))
                );
                findings.unknown(arn, region, &Unknown::new(reason))
            }
        }
    });
}
