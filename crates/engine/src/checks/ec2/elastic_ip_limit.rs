use crate::analysis::ec2_storage::{AddressLimit, judge_address_limit};
use crate::check::declare_check;
use crate::context::{Context, Findings};
use crate::settings::Setting;
use crate::views::ec2_storage::{DESCRIBE_ACCOUNT_ATTRIBUTES, DESCRIBE_ADDRESSES};

declare_check! {
    /// Ensures each region keeps room below its Elastic IP limit, so that failover and scaling
    /// can still allocate addresses: a region fails when its Elastic IPs reach
    /// elastic_ip_percentage_fail percent (default 90) of the `max-elastic-ips` account attribute,
    /// warns from elastic_ip_percentage_warn percent (default 75), and passes below.
    ///
    /// CloudSploit counts only addresses whose `Domain` is not `vpc` (EC2-Classic), which every
    /// account has had none of since EC2-Classic was retired in 2023, so its check always passes.
    /// AWS now documents `max-elastic-ips` as the number of Elastic IPs the account can allocate,
    /// so stance counts every address against it. vpcElasticIpLimit does the same against
    /// `vpc-max-elastic-ips`, which AWS documents alike.
    ///
    /// ## Remediation
    /// Release the Elastic IPs nothing uses (unassociatedElasticIp lists them), or ask for a
    /// higher limit in Service Quotas (EC2-VPC Elastic IPs).
    pub(crate) CHECK {
        id: "elasticIpLimit",
        title: "Elastic IP Limit",
        severity: Medium,
        reads: [DESCRIBE_ACCOUNT_ATTRIBUTES, DESCRIBE_ADDRESSES],
        run,
        settings: [FAIL_PERCENT, WARN_PERCENT],
    }
}

static FAIL_PERCENT: Setting<i64> = Setting::new(
    "elastic_ip_percentage_fail",
    "90",
    "A region whose Elastic IPs reach this percentage of max-elastic-ips fails.",
);

static WARN_PERCENT: Setting<i64> = Setting::new(
    "elastic_ip_percentage_warn",
    "75",
    "A region whose Elastic IPs reach this percentage of max-elastic-ips warns.",
);

static LIMIT: AddressLimit = AddressLimit {
    attribute: "max-elastic-ips",
    counts: |_| true,
    noun: "Elastic IPs allowed by max-elastic-ips",
    fail_percent: &FAIL_PERCENT,
    warn_percent: &WARN_PERCENT,
};

fn run(ctx: &Context, findings: &mut Findings) {
    judge_address_limit(ctx, findings, &LIMIT);
}
