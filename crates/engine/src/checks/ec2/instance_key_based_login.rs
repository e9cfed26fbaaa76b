use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::results::Status;
use crate::settings::Setting;
use crate::views::ec2::{DESCRIBE_INSTANCES, Instance};

static THRESHOLD: Setting<i64> = Setting::new(
    "instance_keypair_threshold",
    "10",
    "When more instances of a region than this have no key pair, they are reported as one FAIL for the region naming them all; 0 reports each.",
);

declare_check! {
    /// Ensures instances were launched with an EC2 key pair, so that SSH logins use keys rather
    /// than passwords an image may have enabled: each instance that is not terminated passes when
    /// DescribeInstances names its key pair (KeyName) and fails when it names none.
    ///
    /// KeyName is the key pair given at launch; a key added later to the instance's
    /// `authorized_keys`, or logins through Session Manager or EC2 Instance Connect, are not seen.
    /// When more instances of one region than `instance_keypair_threshold` fail, they are reported
    /// as one FAIL for the region whose message names every one of them, as CloudSploit collapses
    /// them (CloudSploit's reset also drops the results of the regions before; stance keeps them);
    /// 0 reports each instance.
    ///
    /// ## Remediation
    /// Launch instances with a key pair (`--key-name`), or, for an instance without one, install a
    /// public key in its `authorized_keys` and turn password authentication off; prefer Session
    /// Manager to SSH where possible.
    pub(crate) CHECK {
        id: "instanceKeyBasedLogin",
        title: "Instance Key Based Login",
        severity: Medium,
        reads: [DESCRIBE_INSTANCES],
        run,
        settings: [THRESHOLD],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let threshold = *ctx.setting(&THRESHOLD);
    let judge = |instance: &Instance| {
        let id = &instance.instance_id;
        match &instance.key_name {
            Some(key) => (Status::Ok, format!("Instance {id} was launched with the key pair {key}")),
            None => (Status::Fail, format!("Instance {id} was launched without a key pair")),
        }
    };
    instances::each_region_collapsing(ctx, findings, threshold, judge, |region, count, ids| {
        format!("{count} instances in {region} were launched without a key pair (more than {threshold}): {ids}")
    });
}
