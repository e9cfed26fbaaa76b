//! Typed views of the snapshot data that checks read: serde structs with the API's member
//! names. Only the members checks use are declared; the rest of the data is ignored.

pub mod ec2;
pub mod iam;
pub mod s3;
