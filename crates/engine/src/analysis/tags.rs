//! Whether resources carry tags, for the `…HasTags` checks.
//!
//! **System tags do not count.** Keys starting with `aws:` (in any case) are reserved for AWS,
//! which adds them itself (`aws:cloudformation:stack-name`, `aws:autoscaling:groupName`,
//! `aws:ec2launchtemplate:id`); users cannot add, edit or delete them, and they do not count
//! against the tag quota (EC2 User Guide, "Tag restrictions"). They say which tool made a
//! resource, not who owns it or what it is for, which is what a tagging policy asks: a resource
//! with only system tags fails, and the message names them. CloudSploit counts every tag.

use crate::check::Call;
use crate::context::{Context, Findings, View, plural};
use crate::views::ec2_vpc::Tag;

/// Whether a tag key is one AWS reserves (`aws:` in any case).
pub fn is_system_tag(key: &str) -> bool {
    key.get(..4).is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
}

/// A resource of a tag check: its ARN, how messages name it, and its tags.
pub struct Tagged<'a> {
    pub arn: String,
    /// `Volume vol-1`, `Security group web (sg-1)`.
    pub label: String,
    pub tags: &'a [Tag],
}

/// The verdict on one resource's tags: OK with user tags, FAIL with none (naming the system
/// tags it has, which do not count).
pub fn judge_one(resource: &Tagged, region: &str, findings: &mut Findings) {
    let (system, user): (Vec<&Tag>, Vec<&Tag>) = resource.tags.iter().partition(|tag| is_system_tag(&tag.key));
    if !user.is_empty() {
        let count = i64::try_from(user.len()).unwrap_or(i64::MAX);
        findings.ok(&resource.arn, region, format!("{} has {}", resource.label, plural(count, "tag")));
    } else if system.is_empty() {
        findings.fail(&resource.arn, region, format!("{} has no tags", resource.label));
    } else {
        let keys: Vec<&str> = system.iter().map(|tag| tag.key.as_str()).collect();
        findings.fail(
            &resource.arn,
            region,
            format!("{} has only AWS system tags ({}), which do not count", resource.label, keys.join(", ")),
        );
    }
}

/// Runs a tag check: in each region, each resource `list` gives of `call`'s data is judged by
/// [`judge_one`]; a region whose data is missing or failed is UNKNOWN.
pub fn judge<T: View>(
    ctx: &Context,
    findings: &mut Findings,
    call: Call<T>,
    list: impl for<'a> Fn(&Context, &str, &'a T) -> Vec<Tagged<'a>>,
) {
    ctx.each_region(call, findings, |region, data, findings| {
        for resource in list(ctx, region, data) {
            judge_one(&resource, region, findings);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aws_prefix_is_reserved_in_any_case() {
        assert!(is_system_tag("aws:cloudformation:stack-name"));
        assert!(is_system_tag("AWS:x"));
        assert!(is_system_tag("Aws:"));
        assert!(!is_system_tag("aws"));
        assert!(!is_system_tag("awsome"));
        assert!(!is_system_tag("Name"));
        assert!(!is_system_tag("é:aws"), "not a char boundary issue");
        assert!(!is_system_tag(""));
    }
}
