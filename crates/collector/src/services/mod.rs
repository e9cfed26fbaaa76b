//! The calls made to each service.

pub mod ec2;
pub mod iam;
pub mod s3;
pub mod sts;
