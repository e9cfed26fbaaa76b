use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures instances that host Nitro Enclaves (EnclaveOptions enabled) are running, so that the
    /// confidential workload they carry is available: a host that is running or pending passes,
    /// and one that is stopping or stopped fails (stopping ends in stopped, and a stopped host runs
    /// no enclave).
    ///
    /// Prowler also fails shutting-down and terminated hosts, and passes stopping ones. stance
    /// does not judge an instance that is shutting down or terminated: it is being deleted, or
    /// was, and no setting of it is left to fix; and it fails a stopping one, which is on its way
    /// to stopped. An instance whose data does not say whether enclaves are enabled, or gives no
    /// state, is UNKNOWN.
    ///
    /// ## Remediation
    /// Start the enclave host (`aws ec2 start-instances --instance-ids ID`), or terminate it if its
    /// workload has moved.
    pub(crate) CHECK {
        id: "enclaveHostRunning",
        title: "Enclave Host Running",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [(
            "ec2_confidential_workload_host_not_running",
            Differently("Prowler fails shutting-down and terminated enclave hosts and passes stopping ones; stance does not judge an instance being deleted or deleted, and fails a stopping one, which ends stopped")
        )],
    }
}

fn judged(instance: &crate::views::ec2::Instance) -> bool {
    instances::may_host_enclaves(instance) && instances::state(instance) != Some("shutting-down")
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::each_instance(ctx, findings, "Nitro Enclaves hosts", judged, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        if let Some(reason) = instances::enclave_unknown(instance) {
            return findings.unknown(arn, region, &reason);
        }
        let id = &instance.instance_id;
        match instances::state(instance) {
            Some(state @ ("running" | "pending")) => findings.ok(arn, region, format!("Enclave host {id} is {state}")),
            Some(state @ ("stopping" | "stopped")) => {
                findings.fail(arn, region, format!("Enclave host {id} is {state}"))
            }
            Some(state) => findings.unknown(
                arn,
                region,
                &Unknown::new(format!(
                    "Enclave host {id} cannot be judged: its state {state} is not one EC2 documents"
                )),
            ),
            None => findings.unknown(
                arn,
                region,
                &Unknown::new(format!("Enclave host {id} cannot be judged: DescribeInstances gives no state for it")),
            ),
        }
    });
}
