use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use stance_snapshot::GLOBAL_REGION;

use crate::call::{Calls, Key, one};
use crate::config::BOOTSTRAP_REGION;
use crate::generated::{s3, s3control};

const SERVICE: &str = "S3";

/// S3 clients by region: each per-bucket call goes to the bucket's own region.
struct Clients<'a> {
    config: &'a SdkConfig,
    by_region: Mutex<HashMap<String, Client>>,
}

impl Clients<'_> {
    fn get(&self, region: &str) -> Client {
        let mut clients = self.by_region.lock().expect("no panic while holding the lock");
        clients.entry(region.to_owned()).or_insert_with(|| crate::config::s3(self.config, region)).clone()
    }
}

/// The account's Block Public Access settings (S3 Control), the buckets, and every per-bucket
/// call; buckets' ARNs are in `partition`.
pub async fn collect(config: &SdkConfig, calls: &Calls, account: &str, partition: &str) {
    let control = crate::config::s3control(config);
    tokio::join!(
        calls.make(
            Key::new("S3Control", "GetPublicAccessBlock", GLOBAL_REGION),
            s3control::get_public_access_block,
            move || one(control.get_public_access_block().account_id(account).send()),
        ),
        buckets(config, calls, partition),
    );
}

async fn buckets(config: &SdkConfig, calls: &Calls, partition: &str) {
    let clients = Clients { config, by_region: Mutex::new(HashMap::new()) };
    let global = clients.get(BOOTSTRAP_REGION);
    let Some(pages) = calls
        .make(Key::new(SERVICE, "ListBuckets", GLOBAL_REGION), s3::list_buckets, || {
            global.list_buckets().into_paginator().send().try_collect()
        })
        .await
    else {
        return;
    };
    let buckets = pages
        .iter()
        .flat_map(|page| page.buckets())
        .filter_map(|bucket| Some((bucket.name()?.to_owned(), bucket.bucket_region().map(str::to_owned))));
    futures::future::join_all(
        buckets.map(|(name, listed_region)| bucket(&clients, calls, partition, name, listed_region)),
    )
    .await;
}

/// A per-bucket S3 call.
macro_rules! bucket_call {
    ($calls:expr, $key:expr, $client:expr, $bucket:expr, $operation:literal, $method:ident) => {
        $calls.make($key($operation), s3::$method, move || one($client.$method().bucket($bucket).send()))
    };
}

/// The calls of one bucket: its location first, then the rest in its region.
async fn bucket(clients: &Clients<'_>, calls: &Calls, partition: &str, name: String, listed_region: Option<String>) {
    let arn = format!("arn:{partition}:s3:::{name}");
    let global = clients.get(BOOTSTRAP_REGION);
    let location = calls
        .make(Key::resource(SERVICE, "GetBucketLocation", GLOBAL_REGION, &arn), s3::get_bucket_location, || {
            one(global.get_bucket_location().bucket(&name).send())
        })
        .await;
    let region = match location.as_deref() {
        Some([output]) => region_of(output.location_constraint().map(|c| c.as_str())),
        _ => listed_region.unwrap_or_else(|| BOOTSTRAP_REGION.to_owned()),
    };
    let client = clients.get(&region);
    let key = |operation| Key::resource(SERVICE, operation, &region, &arn);
    let (c, b) = (&client, &name);
    tokio::join!(
        bucket_call!(calls, key, c, b, "GetBucketAcl", get_bucket_acl),
        bucket_call!(calls, key, c, b, "GetBucketPolicy", get_bucket_policy),
        bucket_call!(calls, key, c, b, "GetBucketPolicyStatus", get_bucket_policy_status),
        bucket_call!(calls, key, c, b, "GetPublicAccessBlock", get_public_access_block),
        bucket_call!(calls, key, c, b, "GetBucketLogging", get_bucket_logging),
        bucket_call!(calls, key, c, b, "GetBucketEncryption", get_bucket_encryption),
        bucket_call!(calls, key, c, b, "GetBucketVersioning", get_bucket_versioning),
        bucket_call!(calls, key, c, b, "GetBucketLifecycleConfiguration", get_bucket_lifecycle_configuration),
        bucket_call!(calls, key, c, b, "GetObjectLockConfiguration", get_object_lock_configuration),
        bucket_call!(calls, key, c, b, "GetBucketOwnershipControls", get_bucket_ownership_controls),
        bucket_call!(calls, key, c, b, "GetBucketWebsite", get_bucket_website),
        bucket_call!(calls, key, c, b, "GetBucketTagging", get_bucket_tagging),
        bucket_call!(calls, key, c, b, "GetBucketReplication", get_bucket_replication),
    );
}

/// The region a GetBucketLocation answer names: none (or empty) is us-east-1, `EU` is eu-west-1.
fn region_of(location_constraint: Option<&str>) -> String {
    match location_constraint {
        None | Some("") => "us-east-1".to_owned(),
        Some("EU") => "eu-west-1".to_owned(),
        Some(region) => region.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::region_of;

    #[test]
    fn legacy_location_constraints_name_their_regions() {
        assert_eq!(region_of(None), "us-east-1");
        assert_eq!(region_of(Some("")), "us-east-1");
        assert_eq!(region_of(Some("EU")), "eu-west-1");
        assert_eq!(region_of(Some("ap-south-1")), "ap-south-1");
    }
}
