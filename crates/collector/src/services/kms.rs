use aws_config::SdkConfig;

use super::{all_pages, one_page};
use crate::call::{Calls, Key};
use crate::generated::kms;

const SERVICE: &str = "KMS";

/// The region's keys and aliases, then each key's metadata, rotation status and key policy.
/// Rotation status is asked of every key: for the keys KMS cannot rotate (asymmetric, HMAC,
/// imported, in a custom key store) its UnsupportedOperationException is recorded.
pub async fn collect(config: &SdkConfig, calls: &Calls, region: &str) {
    let client = crate::config::kms(config, Some(region));
    let c = &client;
    let (listed, _) = tokio::join!(
        all_pages!(calls, Key::new(SERVICE, "ListKeys", region), kms::list_keys, c, list_keys),
        all_pages!(calls, Key::new(SERVICE, "ListAliases", region), kms::list_aliases, c, list_aliases),
    );
    let Some(pages) = listed else { return };
    let arns = pages.iter().flat_map(|page| page.keys()).filter_map(|key| key.key_arn());
    futures::future::join_all(arns.map(|arn| async move {
        tokio::join!(
            one_page!(
                calls,
                Key::resource(SERVICE, "DescribeKey", region, arn),
                kms::describe_key,
                c,
                describe_key,
                key_id(arn)
            ),
            one_page!(
                calls,
                Key::resource(SERVICE, "GetKeyRotationStatus", region, arn),
                kms::get_key_rotation_status,
                c,
                get_key_rotation_status,
                key_id(arn)
            ),
            one_page!(
                calls,
                Key::resource(SERVICE, "GetKeyPolicy", region, arn),
                kms::get_key_policy,
                c,
                get_key_policy,
                key_id(arn),
                policy_name("default")
            ),
        )
    }))
    .await;
}
