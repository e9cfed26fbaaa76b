use crate::analysis::ec2_storage::{AddressLimit, judge_address_limit};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2_storage::{DESCRIBE_ACCOUNT_ATTRIBUTES, DESCRIBE_ADDRESSES};

declare_check! {
    /// Ensures each region keeps room below its VPC Elastic IP limit, so that failover and
    /// scaling can still allocate addresses: a region fails when its VPC Elastic IPs (`Domain`
    /// `vpc`) reach vpc_elastic_ip_percentage_fail percent (default 90) of the
    /// `vpc-max-elastic-ips` account attribute, warns from vpc_elastic_ip_percentage_warn percent
    /// (default 75), and passes below.
    ///
    /// ## Remediation
    /// Release the Elastic IPs nothing uses (unassociatedElasticIp lists them), or ask for a
    /// higher limit in Service Quotas (EC2-VPC Elastic IPs).
    pub(crate) CHECK {
        id: "vpcElasticIpLimit",
        title: "VPC Elastic IP Limit",
        severity: Medium,
        reads: [DESCRIBE_ACCOUNT_ATTRIBUTES, DESCRIBE_ADDRESSES],
        run,
        settings: [FAIL_PERCENT, WARN_PERCENT],
    }
}

static FAIL_PERCENT: Setting<i64> = Setting::new(
    "vpc_elastic_ip_percentage_fail",
    "90",
    "A region whose VPC Elastic IPs reach this percentage of vpc-max-elastic-ips fails.",
);

static WARN_PERCENT: Setting<i64> = Setting::new(
    "vpc_elastic_ip_percentage_warn",
    "75",
    "A region whose VPC Elastic IPs reach this percentage of vpc-max-elastic-ips warns.",
);

static LIMIT: AddressLimit = AddressLimit {
    attribute: "vpc-max-elastic-ips",
    counts: |domain| domain == Some("vpc"),
    noun: "VPC Elastic IPs allowed by vpc-max-elastic-ips",
    fail_percent: &FAIL_PERCENT,
    warn_percent: &WARN_PERCENT,
};

fn run(ctx: &Context, findings: &mut Findings) {
    judge_address_limit(ctx, findings, &LIMIT);
}
