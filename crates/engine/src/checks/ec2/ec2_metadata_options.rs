use crate::analysis::instances::{self, Imds};
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2::DESCRIBE_INSTANCES;

declare_check! {
    /// Ensures no instance answers IMDSv1 requests: each instance that is not terminated passes
    /// when its metadata options require IMDSv2 session tokens (HttpTokens `required`) or turn the
    /// instance metadata endpoint off (HttpEndpoint `disabled`, no metadata at all), and fails
    /// when the endpoint is on with HttpTokens `optional`. IMDSv1 answers any GET from the
    /// instance, so a server-side request forgery can read the role's credentials.
    ///
    /// The instance's own MetadataOptions are its effective options: the account-level defaults
    /// (ec2DefaultImdsv2Enabled) were applied at launch where the launch did not set the option,
    /// and never change a running instance, so they are not read here. An instance without
    /// MetadataOptions is UNKNOWN. CloudSploit and Prowler decide the same; Prowler, like stance,
    /// skips terminated instances, which CloudSploit's collector does not list.
    ///
    /// ## Remediation
    /// Run `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required
    /// --http-endpoint enabled` once the software on the instance uses IMDSv2 (current AWS SDKs
    /// and CLIs do), and require IMDSv2 in the account-level defaults and launch templates.
    pub(crate) CHECK {
        id: "ec2MetadataOptions",
        title: "Instance IMDS Version 2",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
        aliases: [("ec2_instance_imdsv2_enabled", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    instances::each_instance(ctx, findings, "instances", instances::is_live, |region, instance, findings| {
        let arn = instances::arn(ctx, region, instance);
        let id = &instance.instance_id;
        let options = instance.metadata_options.as_ref();
        let note = instances::pending_note(options);
        match Imds::of(options) {
            Ok(imds @ Imds::V1Accepted) => {
                findings.fail(arn, region, format!("Instance {id} {}{note}", imds.describe()))
            }
            Ok(imds) => findings.ok(arn, region, format!("Instance {id} {}{note}", imds.describe())),
            Err(e) => findings.unknown(arn, region, &Unknown::new(format!("Instance {id} cannot be judged: {e}"))),
        }
    });
}
