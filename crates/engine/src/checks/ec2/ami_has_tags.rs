use crate::analysis::tags::{self, Tagged};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2_vpc::{DESCRIBE_IMAGES_TAGS, TaggedImage};

declare_check! {
    /// Ensures the account's own AMIs (Amazon Machine Images) carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tagged AMIs can be traced to their owner, purpose and build, which decides when they can be deregistered; untagged ones pile up and keep their snapshots billed.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag AMIs (`aws ec2 create-tags --resources ami-… --tags Key=owner,Value=…`), for instance with the keys of the organization's tagging policy; AWS Organizations tag policies can make such keys required.
    pub(crate) CHECK {
        id: "amiHasTags",
        title: "AMI Has Tags",
        severity: Low,
        reads: [DESCRIBE_IMAGES_TAGS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_IMAGES_TAGS, |ctx, region, data| {
        data.images
            .iter()
            .map(|item| Tagged {
                arn: crate::views::ec2_storage::image_arn(ctx, region, &item.image_id),
                label: format!("AMI {}", image_label(item)),
                tags: &item.tags,
            })
            .collect()
    });
}

/// `my-ami (ami-1)`, or the id alone for an image without a name.
fn image_label(image: &TaggedImage) -> String {
    match &image.name {
        Some(name) => format!("{name} ({})", image.image_id),
        None => image.image_id.to_string(),
    }
}
