//! Typed views of the snapshot data that checks read: serde structs with the API's member
//! names. Only the members checks use are declared; the rest of the data is ignored.

/// A short string of a view (an id, a name, a CIDR, a status), kept inline up to 24 bytes:
/// views of a large account hold millions of them, and most need no allocation of their own.
pub type Text = compact_str::CompactString;

pub mod apigateway;
pub mod cloudfront;
pub mod cloudtrail;
pub mod ec2;
pub mod ec2_instances;
pub mod ec2_network;
pub mod ec2_storage;
pub mod ec2_templates;
pub mod ec2_vpc;
pub mod efs;
pub mod elbv2;
pub mod eventbridge;
pub mod glacier;
pub mod governance;
pub mod iam;
pub mod iam_authorization;
pub mod iam_grants;
pub mod iam_last_accessed;
pub mod iam_lists;
pub mod iam_trust;
pub mod kms;
pub mod lambda;
pub mod monitoring;
pub mod rds;
pub mod s3;
pub mod s3_config;
pub mod secretsmanager;
pub mod sns;
pub mod sqs;
