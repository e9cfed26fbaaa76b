use stance_snapshot::GLOBAL_REGION;

use crate::analysis::instances;
use crate::check::declare_check;
use crate::context::{Context, Findings, Unknown, plural};
use crate::settings::Setting;
use crate::views::ec2::DESCRIBE_INSTANCES;

static GLOBAL_THRESHOLD: Setting<i64> = Setting::new(
    "instance_count_global_threshold",
    "200",
    "A count of running instances in all regions together above this fails.",
);

static US_EAST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_us_east_1",
    "100",
    "A count of running instances in us-east-1 above this fails.",
);
static US_EAST_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_us_east_2",
    "100",
    "A count of running instances in us-east-2 above this fails.",
);
static US_WEST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_us_west_1",
    "100",
    "A count of running instances in us-west-1 above this fails.",
);
static US_WEST_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_us_west_2",
    "100",
    "A count of running instances in us-west-2 above this fails.",
);
static AP_NORTHEAST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_northeast_1",
    "100",
    "A count of running instances in ap-northeast-1 above this fails.",
);
static AP_NORTHEAST_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_northeast_2",
    "100",
    "A count of running instances in ap-northeast-2 above this fails.",
);
static AP_SOUTHEAST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_southeast_1",
    "100",
    "A count of running instances in ap-southeast-1 above this fails.",
);
static AP_SOUTHEAST_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_southeast_2",
    "100",
    "A count of running instances in ap-southeast-2 above this fails.",
);
static AP_SOUTHEAST_3: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_southeast_3",
    "100",
    "A count of running instances in ap-southeast-3 above this fails.",
);
static EU_CENTRAL_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_central_1",
    "100",
    "A count of running instances in eu-central-1 above this fails.",
);
static EU_WEST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_west_1",
    "100",
    "A count of running instances in eu-west-1 above this fails.",
);
static EU_WEST_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_west_2",
    "100",
    "A count of running instances in eu-west-2 above this fails.",
);
static EU_WEST_3: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_west_3",
    "100",
    "A count of running instances in eu-west-3 above this fails.",
);
static EU_NORTH_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_north_1",
    "100",
    "A count of running instances in eu-north-1 above this fails.",
);
static EU_SOUTH_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_south_1",
    "100",
    "A count of running instances in eu-south-1 above this fails.",
);
static SA_EAST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_sa_east_1",
    "100",
    "A count of running instances in sa-east-1 above this fails.",
);
static AP_SOUTH_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_south_1",
    "100",
    "A count of running instances in ap-south-1 above this fails.",
);
static AP_EAST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_east_1",
    "100",
    "A count of running instances in ap-east-1 above this fails.",
);
static CA_CENTRAL_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ca_central_1",
    "100",
    "A count of running instances in ca-central-1 above this fails.",
);
static AP_NORTHEAST_3: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_northeast_3",
    "100",
    "A count of running instances in ap-northeast-3 above this fails.",
);
static ME_SOUTH_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_me_south_1",
    "100",
    "A count of running instances in me-south-1 above this fails.",
);
static ME_CENTRAL_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_me_central_1",
    "100",
    "A count of running instances in me-central-1 above this fails.",
);
static AF_SOUTH_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_af_south_1",
    "100",
    "A count of running instances in af-south-1 above this fails.",
);
static US_GOV_WEST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_us_gov_west_1",
    "100",
    "A count of running instances in us-gov-west-1 above this fails.",
);
static US_GOV_EAST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_us_gov_east_1",
    "100",
    "A count of running instances in us-gov-east-1 above this fails.",
);
static CN_NORTH_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_cn_north_1",
    "100",
    "A count of running instances in cn-north-1 above this fails.",
);
static CN_NORTHWEST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_cn_northwest_1",
    "100",
    "A count of running instances in cn-northwest-1 above this fails.",
);
static AP_SOUTH_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_south_2",
    "100",
    "A count of running instances in ap-south-2 above this fails.",
);
static AP_SOUTHEAST_4: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_southeast_4",
    "100",
    "A count of running instances in ap-southeast-4 above this fails.",
);
static EU_SOUTH_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_south_2",
    "100",
    "A count of running instances in eu-south-2 above this fails.",
);
static EU_CENTRAL_2: Setting<i64> = Setting::new(
    "instance_count_region_threshold_eu_central_2",
    "100",
    "A count of running instances in eu-central-2 above this fails.",
);
static IL_CENTRAL_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_il_central_1",
    "100",
    "A count of running instances in il-central-1 above this fails.",
);
static CA_WEST_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ca_west_1",
    "100",
    "A count of running instances in ca-west-1 above this fails.",
);
static AP_SOUTHEAST_5: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_southeast_5",
    "100",
    "A count of running instances in ap-southeast-5 above this fails.",
);
static AP_SOUTHEAST_7: Setting<i64> = Setting::new(
    "instance_count_region_threshold_ap_southeast_7",
    "100",
    "A count of running instances in ap-southeast-7 above this fails.",
);
static MX_CENTRAL_1: Setting<i64> = Setting::new(
    "instance_count_region_threshold_mx_central_1",
    "100",
    "A count of running instances in mx-central-1 above this fails.",
);

/// Each region's threshold setting.
static REGION_THRESHOLDS: &[(&str, &Setting<i64>)] = &[
    ("us-east-1", &US_EAST_1),
    ("us-east-2", &US_EAST_2),
    ("us-west-1", &US_WEST_1),
    ("us-west-2", &US_WEST_2),
    ("ap-northeast-1", &AP_NORTHEAST_1),
    ("ap-northeast-2", &AP_NORTHEAST_2),
    ("ap-southeast-1", &AP_SOUTHEAST_1),
    ("ap-southeast-2", &AP_SOUTHEAST_2),
    ("ap-southeast-3", &AP_SOUTHEAST_3),
    ("eu-central-1", &EU_CENTRAL_1),
    ("eu-west-1", &EU_WEST_1),
    ("eu-west-2", &EU_WEST_2),
    ("eu-west-3", &EU_WEST_3),
    ("eu-north-1", &EU_NORTH_1),
    ("eu-south-1", &EU_SOUTH_1),
    ("sa-east-1", &SA_EAST_1),
    ("ap-south-1", &AP_SOUTH_1),
    ("ap-east-1", &AP_EAST_1),
    ("ca-central-1", &CA_CENTRAL_1),
    ("ap-northeast-3", &AP_NORTHEAST_3),
    ("me-south-1", &ME_SOUTH_1),
    ("me-central-1", &ME_CENTRAL_1),
    ("af-south-1", &AF_SOUTH_1),
    ("us-gov-west-1", &US_GOV_WEST_1),
    ("us-gov-east-1", &US_GOV_EAST_1),
    ("cn-north-1", &CN_NORTH_1),
    ("cn-northwest-1", &CN_NORTHWEST_1),
    ("ap-south-2", &AP_SOUTH_2),
    ("ap-southeast-4", &AP_SOUTHEAST_4),
    ("eu-south-2", &EU_SOUTH_2),
    ("eu-central-2", &EU_CENTRAL_2),
    ("il-central-1", &IL_CENTRAL_1),
    ("ca-west-1", &CA_WEST_1),
    ("ap-southeast-5", &AP_SOUTHEAST_5),
    ("ap-southeast-7", &AP_SOUTHEAST_7),
    ("mx-central-1", &MX_CENTRAL_1),
];

declare_check! {
    /// Ensures the number of running instances stays within what is expected, since a
    /// compromised account is often used to launch many: each region fails when more instances
    /// run in it than its `instance_count_region_threshold_<region>` setting allows (100 by
    /// default), and the account fails when more run in all regions together than
    /// `instance_count_global_threshold` (200); both pass otherwise.
    ///
    /// Only instances in the `running` state count. A region without a threshold setting is
    /// UNKNOWN, as in CloudSploit; stance has settings for CloudSploit's 31 regions and for
    /// il-central-1, ca-west-1, ap-southeast-5, ap-southeast-7 and mx-central-1 (CloudSploit reads
    /// only some of its own declared settings, so a few of its regions are always UNKNOWN). The
    /// account's count is UNKNOWN when a region could not be read, unless the regions read
    /// already exceed it.
    ///
    /// ## Remediation
    /// Find out who launched instances beyond the expected count (CloudTrail `RunInstances`), and
    /// terminate those that are not legitimate; raise the thresholds where the growth is expected.
    pub(crate) CHECK {
        id: "instanceMaxCount",
        title: "EC2 Max Instances",
        severity: High,
        reads: [DESCRIBE_INSTANCES],
        run,
        settings: [GLOBAL_THRESHOLD, US_EAST_1, US_EAST_2, US_WEST_1, US_WEST_2, AP_NORTHEAST_1, AP_NORTHEAST_2, AP_SOUTHEAST_1, AP_SOUTHEAST_2, AP_SOUTHEAST_3, EU_CENTRAL_1, EU_WEST_1, EU_WEST_2, EU_WEST_3, EU_NORTH_1, EU_SOUTH_1, SA_EAST_1, AP_SOUTH_1, AP_EAST_1, CA_CENTRAL_1, AP_NORTHEAST_3, ME_SOUTH_1, ME_CENTRAL_1, AF_SOUTH_1, US_GOV_WEST_1, US_GOV_EAST_1, CN_NORTH_1, CN_NORTHWEST_1, AP_SOUTH_2, AP_SOUTHEAST_4, EU_SOUTH_2, EU_CENTRAL_2, IL_CENTRAL_1, CA_WEST_1, AP_SOUTHEAST_5, AP_SOUTHEAST_7, MX_CENTRAL_1],
    }
}

fn run(ctx: &Context, findings: &mut Findings) {
    let (mut total, mut unread) = (0_i64, Vec::new());
    for region in ctx.regions() {
        let resource = ctx.region_arn("ec2", region);
        let data = match ctx.read_configured(DESCRIBE_INSTANCES, region) {
            Ok(data) => data,
            Err(reason) => {
                findings.unknown(resource, region, &reason);
                unread.push(region.as_str());
                continue;
            }
        };
        let running = instances::running(&data);
        total += running;
        let threshold =
            REGION_THRESHOLDS.iter().find(|(name, _)| name == region).map(|(_, setting)| *ctx.setting(setting));
        let message = format!("{} running in {region}", plural(running, "instance"));
        match threshold {
            Some(threshold) if running > threshold => {
                findings.fail(resource, region, format!("{message}, more than its threshold of {threshold}"))
            }
            Some(threshold) => findings.ok(resource, region, format!("{message}, within its threshold of {threshold}")),
            None => findings.unknown(
                resource,
                region,
                &Unknown::new(format!(
                    "{message}, and there is no instance_count_region_threshold setting for {region}"
                )),
            ),
        }
    }
    let threshold = *ctx.setting(&GLOBAL_THRESHOLD);
    let resource = ctx.arn("ec2", "", "account");
    let message = format!("{} running in all regions", plural(total, "instance"));
    if total > threshold {
        let read = if unread.is_empty() { "" } else { " read" };
        findings.fail(
            resource,
            GLOBAL_REGION,
            format!("{message}{read}, more than the global threshold of {threshold}"),
        );
    } else if unread.is_empty() {
        findings.ok(resource, GLOBAL_REGION, format!("{message}, within the global threshold of {threshold}"));
    } else {
        findings.unknown(
            resource,
            GLOBAL_REGION,
            &Unknown::new(format!(
                "{} running in the regions read, within the global threshold of {threshold}, but DescribeInstances could not be read for {}",
                plural(total, "instance"),
                unread.join(", ")
            )),
        );
    }
}
