use regex::Regex;

use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2_storage::{self, DESCRIBE_IMAGES};

declare_check! {
    /// Ensures the AMIs the account owns follow the organisation's naming convention: an image
    /// passes when the value of its `Name` tag matches ami_naming_pattern, and fails when the
    /// tag is missing, empty or does not match. The pattern is unanchored unless it says `^`
    /// and `$`; its default is CloudSploit's (`ami-<region code>-<environment letter>-<name>`).
    /// As in CloudSploit, the `Name` tag is judged, not the image's name attribute, which the
    /// message shows for reference.
    ///
    /// ## Remediation
    /// Tag each image with a `Name` that follows the convention (`aws ec2 create-tags
    /// --resources <image id> --tags Key=Name,Value=<name>`).
    pub(crate) CHECK {
        id: "amiNamingConvention",
        title: "AMI Naming Convention",
        severity: Low,
        reads: [DESCRIBE_IMAGES],
        run,
        settings: [PATTERN],
    }
}

static PATTERN: Setting<Regex> = Setting::new(
    "ami_naming_pattern",
    r"^ami-(ue1|uw1|uw2|ew1|ec1|an1|an2|as1|as2|se1)-(d|t|s|p)-([a-z0-9\-]+)$",
    "The Name tag of every AMI must match this regular expression.",
);

fn run(ctx: &Context, findings: &mut Findings) {
    let pattern = ctx.setting(&PATTERN);
    ec2_storage::each_image(ctx, findings, |region, image, arn, findings| {
        let id = &image.image_id;
        let named = image.name.as_deref().map(|name| format!(" (AMI name {name})")).unwrap_or_default();
        match image.tag("Name").filter(|tag| !tag.is_empty()) {
            Some(tag) if pattern.is_match(tag) => {
                findings.ok(arn, region, format!("AMI {id}'s Name tag {tag} matches {pattern}{named}"))
            }
            Some(tag) => {
                findings.fail(arn, region, format!("AMI {id}'s Name tag {tag} does not match {pattern}{named}"))
            }
            None => findings.fail(arn, region, format!("AMI {id} has no Name tag to match {pattern}{named}")),
        }
    });
}
