use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_storage::{self, DESCRIBE_IMAGES};

declare_check! {
    /// Ensures the EBS snapshots behind every AMI the account owns are encrypted, so that every
    /// instance launched from it starts with encrypted volumes: an image fails when any of its
    /// EBS block device mappings is unencrypted and passes when all are encrypted. An image with
    /// no EBS mappings (instance store-backed) passes: it has no EBS volume to encrypt.
    /// CloudSploit collapses more than 20 failing images into one region result; stance reports
    /// every image.
    ///
    /// ## Remediation
    /// Copy the image with encryption on (`aws ec2 copy-image --encrypted`), move launch templates
    /// and Auto Scaling groups to the copy, then deregister the unencrypted image and delete its
    /// snapshots.
    pub(crate) CHECK {
        id: "encryptedAmi",
        title: "Encrypted AMI",
        severity: High,
        reads: [DESCRIBE_IMAGES],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2_storage::each_image(ctx, findings, |region, image, arn, findings| {
        let id = &image.image_id;
        let ebs: Vec<_> = image
            .block_device_mappings
            .iter()
            .filter_map(|mapping| mapping.ebs.as_ref().map(|ebs| (mapping.device_name.as_deref().unwrap_or("?"), ebs)))
            .collect();
        let unencrypted: Vec<&str> =
            ebs.iter().filter(|(_, ebs)| ebs.encrypted == Some(false)).map(|(device, _)| *device).collect();
        let unstated: Vec<&str> =
            ebs.iter().filter(|(_, ebs)| ebs.encrypted.is_none()).map(|(device, _)| *device).collect();
        if !unencrypted.is_empty() {
            findings.fail(arn, region, format!("AMI {id} has unencrypted EBS volumes: {}", unencrypted.join(", ")));
        } else if !unstated.is_empty() {
            let reason =
                format!("AMI {id} does not say whether these EBS volumes are encrypted: {}", unstated.join(", "));
            findings.unknown(arn, region, &Unknown::new(reason));
        } else if ebs.is_empty() {
            findings.ok(arn, region, format!("AMI {id} has no EBS volumes"));
        } else {
            findings.ok(arn, region, format!("AMI {id} has only encrypted EBS volumes ({})", devices(&ebs)));
        }
    });
}

fn devices<T>(ebs: &[(&str, T)]) -> String {
    ebs.iter().map(|(device, _)| *device).collect::<Vec<_>>().join(", ")
}
