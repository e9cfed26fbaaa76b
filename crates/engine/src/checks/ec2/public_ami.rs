use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown};
use crate::views::ec2_storage::{self, DESCRIBE_IMAGE_ATTRIBUTE, DESCRIBE_IMAGES};

declare_check! {
    /// Ensures no AMI the account owns can be launched by anyone: an image fails when it is
    /// public, by its `Public` flag (DescribeImages) or by a `launchPermission` grant to the group
    /// `all` (DescribeImageAttribute), and passes when neither says so. Anyone who can launch an
    /// AMI can read every snapshot behind it. Shares with named accounts, organizations or
    /// organizational units are not public: they pass and the message lists them.
    ///
    /// CloudSploit warns on a public AMI; stance fails it, as Prowler does, since a public image
    /// exposes its data to every AWS account. When the launch permissions cannot be read, an
    /// image the flag marks public still fails, and any other is UNKNOWN. AMI Block Public Access
    /// does not withdraw existing public sharing, so it does not change this verdict.
    ///
    /// ## Remediation
    /// Make the image private (`aws ec2 modify-image-attribute --launch-permission
    /// "Remove=[{Group=all}]"`), share it with the accounts or organization that need it, and turn
    /// on AMI Block Public Access.
    pub(crate) CHECK {
        id: "publicAmi",
        title: "Public AMI",
        severity: High,
        reads: [DESCRIBE_IMAGES, DESCRIBE_IMAGE_ATTRIBUTE],
        run,
        aliases: [("ec2_ami_public", Same)],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    ec2_storage::each_image(ctx, findings, |region, image, arn, findings| {
        let id = &image.image_id;
        let flagged = image.public == Some(true);
        let attribute = match ctx.read_resource(DESCRIBE_IMAGE_ATTRIBUTE, &arn).1 {
            Ok(Some(attribute)) => attribute,
            Ok(None) if flagged => {
                findings.fail(arn, region, format!("AMI {id} is public"));
                return;
            }
            Err(_) if flagged => {
                findings.fail(arn, region, format!("AMI {id} is public (its launch permissions could not be read)"));
                return;
            }
            Ok(None) => {
                let reason = Unknown::new(format!("EC2 DescribeImageAttribute gave no launch permissions for {id}"));
                findings.unknown(arn, region, &reason);
                return;
            }
            Err(reason) => {
                findings.unknown(arn, region, &reason);
                return;
            }
        };
        let grants = &attribute.launch_permissions;
        let shared: Vec<&str> = grants.iter().filter(|grant| !grant.is_public()).map(|grant| grant.grantee()).collect();
        let shares = if shared.is_empty() { String::new() } else { format!("; shared with {}", shared.join(", ")) };
        if flagged || grants.iter().any(|grant| grant.is_public()) {
            findings.fail(arn, region, format!("AMI {id} is public: anyone can launch it{shares}"));
        } else {
            findings.ok(arn, region, format!("AMI {id} is not public{shares}"));
        }
    });
}
