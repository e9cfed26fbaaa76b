use crate::analysis::instances::{self, Imds};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures instances that host Nitro Enclaves (EnclaveOptions enabled) do not answer IMDSv1:
    /// each such instance that is not terminated passes when it requires IMDSv2 session tokens or
    /// has its metadata endpoint disabled, and fails when it accepts IMDSv1. The parent instance of
    /// an enclave holds the credentials that fetch its secrets and attest it, so an IMDSv1
    /// request forgery on the parent reaches the enclave's data.
    ///
    /// Prowler fails an enclave host whose endpoint is disabled while HttpTokens stays `optional`,
    /// and skips pending and shutting-down instances. stance decides as ec2MetadataOptions does:
    /// with the endpoint disabled the instance has no metadata service at all (AWS: the metadata
    /// cannot be accessed), so nothing accepts IMDSv1; and every instance that exists is judged. An
    /// instance whose data does not say whether enclaves are enabled is UNKNOWN.
    ///
    /// ## Remediation
    /// Run `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required` on
    /// the enclave host, and require IMDSv2 in the launch template that starts such hosts.
    pub(crate) CHECK {
        id: "enclaveHostImdsv2",
        title: "Enclave Host IMDSv2 Required",
        severity: High,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [(
            "ec2_confidential_workload_host_imdsv2_not_enforced",
            Differently("Prowler fails an enclave host whose metadata endpoint is disabled unless HttpTokens is required, and skips pending and shutting-down instances; stance passes a disabled endpoint, which serves no metadata at all, and judges every instance that is not terminated")
        )],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let what = "Nitro Enclaves hosts";
    instances::each_instance(ctx, findings, what, instances::may_host_enclaves, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        if let Some(reason) = instances::enclave_unknown(instance) {
            return findings.unknown(arn, region, &reason);
        }
        let id = &instance.instance_id;
        let options = instance.metadata_options.as_ref();
        let note = instances::pending_note(options);
        match Imds::of(options) {
            Ok(imds @ Imds::V1Accepted) => {
                findings.fail(arn, region, format!("Enclave host {id} {}{note}", imds.describe()))
            }
            Ok(imds) => findings.ok(arn, region, format!("Enclave host {id} {}{note}", imds.describe())),
            Err(e) => findings.unknown(arn, region, &Unknown::new(format!("Enclave host {id} cannot be judged: {e}"))),
        }
    });
}
