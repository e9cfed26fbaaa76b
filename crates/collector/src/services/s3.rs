use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::operation::get_bucket_ownership_controls::GetBucketOwnershipControlsOutput;
use aws_sdk_s3::types::ObjectOwnership;
use stance_snapshot::GLOBAL_REGION;
use stance_snapshot::predictable_buckets::predictable_bucket_names;

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

/// The account's Block Public Access settings, access points and Multi-Region Access Points
/// (S3 Control), the buckets, and every per-bucket call; buckets' ARNs are in `partition`.
pub async fn collect(config: &SdkConfig, calls: &Calls, scope: &S3Scope<'_>) {
    let control = crate::config::s3control(config, BOOTSTRAP_REGION);
    let account = scope.account;
    tokio::join!(
        calls.make(
            Key::new("S3Control", "GetPublicAccessBlock", GLOBAL_REGION),
            s3control::get_public_access_block,
            || one(control.get_public_access_block().account_id(account).send()),
        ),
        multi_region_access_points(config, calls, account),
        futures::future::join_all(scope.regions.iter().map(|region| access_points(config, calls, account, region))),
        buckets(config, calls, scope),
    );
}

/// What S3 collection needs to know of the account.
pub struct S3Scope<'a> {
    pub account: &'a str,
    pub partition: &'a str,
    pub regions: &'a [String],
    /// How many of each bucket's first keys to read, with their ACLs (0: none).
    pub object_sample: i32,
}

/// The account's access points in `region`, and each one's configuration.
async fn access_points(config: &SdkConfig, calls: &Calls, account: &str, region: &str) {
    let client = crate::config::s3control(config, region);
    let Some(pages) = calls
        .make(Key::new("S3Control", "ListAccessPoints", region), s3control::list_access_points, || {
            client.list_access_points().account_id(account).into_paginator().send().try_collect()
        })
        .await
    else {
        return;
    };
    let points = pages
        .iter()
        .flat_map(|page| page.access_point_list())
        .filter_map(|point| Some((point.name().to_owned(), point.access_point_arn()?.to_owned())));
    futures::future::join_all(points.map(|(name, arn)| {
        let client = &client;
        async move {
            calls
                .make(Key::resource("S3Control", "GetAccessPoint", region, &arn), s3control::get_access_point, || {
                    one(client.get_access_point().account_id(account).name(&name).send())
                })
                .await
        }
    }))
    .await;
}

/// Multi-Region Access Points are managed through us-west-2 only; they are recorded under the
/// `global` region.
async fn multi_region_access_points(config: &SdkConfig, calls: &Calls, account: &str) {
    let client = crate::config::s3control(config, MULTI_REGION_CONTROL_REGION);
    calls
        .make(
            Key::new("S3Control", "ListMultiRegionAccessPoints", GLOBAL_REGION),
            s3control::list_multi_region_access_points,
            || client.list_multi_region_access_points().account_id(account).into_paginator().send().try_collect(),
        )
        .await;
}

/// The region whose endpoint serves Multi-Region Access Point control calls.
const MULTI_REGION_CONTROL_REGION: &str = "us-west-2";

async fn buckets(config: &SdkConfig, calls: &Calls, scope: &S3Scope<'_>) {
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
    let buckets: Vec<_> = pages
        .iter()
        .flat_map(|page| page.buckets())
        .filter_map(|bucket| Some((bucket.name()?.to_owned(), bucket.bucket_region().map(str::to_owned))))
        .collect();
    let owned: HashSet<&str> = buckets.iter().map(|(name, _)| name.as_str()).collect();
    let probes = scope
        .regions
        .iter()
        .flat_map(|region| predictable_bucket_names(scope.account, region))
        .filter(|(_, name)| !owned.contains(name.as_str()));
    tokio::join!(
        futures::future::join_all(buckets.iter().map(|(name, listed_region)| bucket(
            &clients,
            calls,
            scope,
            name,
            listed_region.clone()
        )),),
        futures::future::join_all(probes.map(|(_, name)| probe(&global, calls, scope.partition, name))),
    );
}

/// Whether a bucket of this name exists, whoever owns it: HeadBucket answers 404 for a free
/// name, and 403 (or 301 from another region) for a bucket this identity may not read. It
/// reads no data and changes nothing.
async fn probe(client: &Client, calls: &Calls, partition: &str, name: String) {
    let arn = format!("arn:{partition}:s3:::{name}");
    calls
        .make(Key::resource(SERVICE, "HeadBucket", GLOBAL_REGION, &arn), s3::head_bucket, || {
            one(client.head_bucket().bucket(&name).send())
        })
        .await;
}

/// A per-bucket S3 call.
macro_rules! bucket_call {
    ($calls:expr, $key:expr, $client:expr, $bucket:expr, $operation:literal, $method:ident) => {
        $calls.make($key($operation), s3::$method, move || one($client.$method().bucket($bucket).send()))
    };
}

/// The calls of one bucket: its location first, then the rest in its region.
async fn bucket(clients: &Clients<'_>, calls: &Calls, scope: &S3Scope<'_>, name: &str, listed_region: Option<String>) {
    let arn = format!("arn:{}:s3:::{name}", scope.partition);
    let global = clients.get(BOOTSTRAP_REGION);
    let location = calls
        .make(Key::resource(SERVICE, "GetBucketLocation", GLOBAL_REGION, &arn), s3::get_bucket_location, || {
            one(global.get_bucket_location().bucket(name).send())
        })
        .await;
    let region = match location.as_deref() {
        Some([output]) => region_of(output.location_constraint().map(|c| c.as_str())),
        _ => listed_region.unwrap_or_else(|| BOOTSTRAP_REGION.to_owned()),
    };
    let client = clients.get(&region);
    let key = |operation| Key::resource(SERVICE, operation, &region, &arn);
    let (c, b) = (&client, name);
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
        async {
            let ownership =
                bucket_call!(calls, key, c, b, "GetBucketOwnershipControls", get_bucket_ownership_controls).await;
            if acls_apply(ownership.as_deref()) && scope.object_sample > 0 {
                object_sample(calls, c, b, &region, &arn, scope.object_sample).await;
            }
        },
        bucket_call!(calls, key, c, b, "GetBucketWebsite", get_bucket_website),
        bucket_call!(calls, key, c, b, "GetBucketTagging", get_bucket_tagging),
        bucket_call!(calls, key, c, b, "GetBucketReplication", get_bucket_replication),
        bucket_call!(calls, key, c, b, "GetBucketAccelerateConfiguration", get_bucket_accelerate_configuration),
        bucket_call!(calls, key, c, b, "GetBucketNotificationConfiguration", get_bucket_notification_configuration),
    );
}

/// Whether a bucket's ACLs may grant anything: not when its Object Ownership is
/// BucketOwnerEnforced. Unread ownership controls (failed, or none configured) leave ACLs on.
fn acls_apply(ownership: Option<&[GetBucketOwnershipControlsOutput]>) -> bool {
    let enforced = |output: &GetBucketOwnershipControlsOutput| {
        output.ownership_controls().is_some_and(|controls| {
            controls.rules().iter().any(|rule| rule.object_ownership() == &ObjectOwnership::BucketOwnerEnforced)
        })
    };
    !matches!(ownership, Some([output]) if enforced(output))
}

/// The first `count` keys of a bucket, in S3's (lexicographic) order, and each one's ACL: a
/// deterministic sample, so two collections of an unchanged bucket read the same objects.
async fn object_sample(calls: &Calls, client: &Client, bucket: &str, region: &str, arn: &str, count: i32) {
    let Some(pages) = calls
        .make(Key::resource(SERVICE, "ListObjectsV2", region, arn), s3::list_objects_v2, || {
            one(client.list_objects_v2().bucket(bucket).max_keys(count).send())
        })
        .await
    else {
        return;
    };
    let keys = pages.iter().flat_map(|page| page.contents()).filter_map(|object| object.key());
    futures::future::join_all(keys.map(|object| async move {
        calls
            .make(
                Key::resource(SERVICE, "GetObjectAcl", region, &format!("{arn}/{object}")),
                s3::get_object_acl,
                || one(client.get_object_acl().bucket(bucket).key(object).send()),
            )
            .await
    }))
    .await;
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
