use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::Region;
use stance_snapshot::GLOBAL_REGION;

use crate::call::{Calls, Key, one};
use crate::generated::s3;

const SERVICE: &str = "S3";

/// S3 clients by region: each per-bucket call goes to the bucket's own region.
struct Clients<'a> {
    config: &'a SdkConfig,
    by_region: Mutex<HashMap<String, Client>>,
}

impl Clients<'_> {
    fn get(&self, region: &str) -> Client {
        let mut clients = self.by_region.lock().expect("no panic while holding the lock");
        let client = clients.entry(region.to_owned()).or_insert_with(|| {
            let mut config = aws_sdk_s3::config::Builder::from(self.config).region(Region::new(region.to_owned()));
            // Emulators answer on one host, not on bucket-name subdomains.
            if self.config.endpoint_url().is_some() {
                config = config.force_path_style(true);
            }
            Client::from_conf(config.build())
        });
        client.clone()
    }
}

/// Lists the buckets, then makes every per-bucket call; buckets' ARNs are in `partition`.
pub async fn collect(config: &SdkConfig, calls: &Calls, partition: &str) {
    let clients = Clients { config, by_region: Mutex::new(HashMap::new()) };
    let global = clients.get(crate::config::BOOTSTRAP_REGION);
    let Some(pages) = calls
        .make(
            Key::new(SERVICE, "ListBuckets", GLOBAL_REGION),
            s3::list_buckets,
            global.list_buckets().into_paginator().send().try_collect(),
        )
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

/// The calls of one bucket: its location first, then the rest in its region.
async fn bucket(clients: &Clients<'_>, calls: &Calls, partition: &str, name: String, listed_region: Option<String>) {
    let arn = format!("arn:{partition}:s3:::{name}");
    let global = clients.get(crate::config::BOOTSTRAP_REGION);
    let location = calls
        .make(
            Key::resource(SERVICE, "GetBucketLocation", GLOBAL_REGION, &arn),
            s3::get_bucket_location,
            one(global.get_bucket_location().bucket(&name).send()),
        )
        .await;
    let region = match location.as_deref() {
        Some([output]) => region_of(output.location_constraint().map(|c| c.as_str())),
        _ => listed_region.unwrap_or_else(|| crate::config::BOOTSTRAP_REGION.to_owned()),
    };
    let client = clients.get(&region);
    let key = |operation| Key::resource(SERVICE, operation, &region, &arn);
    tokio::join!(
        calls.make(key("GetBucketAcl"), s3::get_bucket_acl, one(client.get_bucket_acl().bucket(&name).send())),
        calls.make(
            key("GetBucketLogging"),
            s3::get_bucket_logging,
            one(client.get_bucket_logging().bucket(&name).send())
        ),
        calls.make(key("GetBucketPolicy"), s3::get_bucket_policy, one(client.get_bucket_policy().bucket(&name).send())),
        calls.make(
            key("GetPublicAccessBlock"),
            s3::get_public_access_block,
            one(client.get_public_access_block().bucket(&name).send())
        ),
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
