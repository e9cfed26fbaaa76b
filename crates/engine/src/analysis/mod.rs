//! What the snapshot's data means, written once and shared by the checks that need it: the
//! views (`crate::views`) hold the data as AWS returns it, the analysis here says what it
//! allows. Each module has its own tests.

pub mod alarm_chain;
pub mod cloudfront;
pub mod ec2_storage;
pub mod instances;
pub mod kms_keys;
pub mod metric_filters;
pub mod network;
pub mod organizations;
pub mod rds;
pub mod resource_policy;
pub mod role_privilege;
pub mod s3_access;
pub mod tags;
pub mod trails;
pub mod vpc;
