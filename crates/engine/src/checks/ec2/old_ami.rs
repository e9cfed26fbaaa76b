use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2_storage::{self, DESCRIBE_IMAGES};

declare_check! {
    /// Ensures the AMIs the account owns are kept current: an image fails when it was created
    /// more than ami_age_fail days (default 90) before the account was collected, or when it is
    /// deprecated (its `DeprecationTime` has passed, by its owner's own decision); it passes
    /// otherwise, and the message gives a deprecation date still to come. Old images carry old
    /// software and unpatched vulnerabilities into every instance launched from them.
    ///
    /// CloudSploit judges the creation date alone; stance also fails deprecated images, which EC2
    /// hides from other accounts' listings because their owner marked them out of date. Ages are
    /// measured against the collection time.
    ///
    /// ## Remediation
    /// Build a new image from patched sources (EC2 Image Builder), move launch templates and Auto
    /// Scaling groups to it, then deregister the old image.
    pub(crate) CHECK {
        id: "oldAmi",
        title: "Old AMI",
        severity: Low,
        reads: [DESCRIBE_IMAGES],
        run,
        settings: [AGE_FAIL],
    }
}

static AGE_FAIL: Setting<i64> =
    Setting::new("ami_age_fail", "90", "An AMI created more than this many days ago fails.");

fn run(ctx: &Context, findings: &mut Findings) {
    let limit = *ctx.setting(&AGE_FAIL);
    ec2_storage::each_image(ctx, findings, |region, image, arn, findings| {
        let id = &image.image_id;
        let Some(created) = image.creation_date else {
            findings.unknown(arn, region, &Unknown::new(format!("AMI {id} has no CreationDate")));
            return;
        };
        let days = ctx.days_since(created);
        let age = format!("AMI {id} is {} old", plural(days, "day"));
        let deprecated = image.deprecation_time.filter(|time| *time <= ctx.now());
        match (deprecated, image.deprecation_time) {
            (Some(time), _) => findings.fail(arn, region, format!("{age} and deprecated since {time}")),
            _ if days > limit => findings.fail(arn, region, format!("{age} (more than {limit} days)")),
            (None, Some(time)) => {
                findings.ok(arn, region, format!("{age} (at most {limit} days), to be deprecated on {time}"))
            }
            (None, None) => findings.ok(arn, region, format!("{age} (at most {limit} days)")),
        }
    });
}
