use crate::analysis::tags::{self, Tagged};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::views::ec2::{DESCRIBE_NETWORK_ACLS, NetworkAcl};

declare_check! {
    /// Ensures network ACLs carry at least one tag of their own. Each passes with one or more tags and
    /// fails with none. Tags say which network and team an ACL belongs to, so that changes to its rules can be reviewed by the right owner.
    ///
    /// Tags whose key starts with `aws:` are AWS's own (CloudFormation, Auto Scaling and launch
    /// templates add them); they do not count, so a resource with only those fails. CloudSploit
    /// counts them; stance does not, since users cannot set them and they say nothing of the
    /// owner or purpose a tagging policy asks for.
    ///
    /// ## Remediation
    /// Tag network ACLs (`aws ec2 create-tags --resources acl-… --tags Key=…,Value=…`), default ACLs included.
    pub(crate) CHECK {
        id: "networkAclHasTags",
        title: "Network ACL Has Tags",
        severity: Low,
        reads: [DESCRIBE_NETWORK_ACLS],
        run,
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    tags::judge(ctx, findings, DESCRIBE_NETWORK_ACLS, |ctx, region, data| {
        data.network_acls
            .iter()
            .map(|item| Tagged {
                arn: ctx.typed_arn("ec2", region, "network-acl", &item.network_acl_id),
                label: acl_label(item),
                tags: &item.tags,
            })
            .collect()
    });
}

/// `Network ACL acl-1`, `Default network ACL acl-1`.
fn acl_label(acl: &NetworkAcl) -> String {
    let kind = if acl.is_default { "Default network ACL" } else { "Network ACL" };
    format!("{kind} {}", acl.network_acl_id)
}
