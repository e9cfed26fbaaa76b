//! EFS: the account's file systems.

use serde::Deserialize;

use super::Text;
use crate::check::Call;

pub const DESCRIBE_FILE_SYSTEMS: Call<DescribeFileSystems> = Call::new("EFS", "DescribeFileSystems");

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeFileSystems {
    #[serde(default)]
    pub file_systems: Box<[FileSystem]>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileSystem {
    pub file_system_id: Text,
    #[serde(default)]
    pub file_system_arn: Option<String>,
    /// Whether the file system's data is encrypted at rest.
    #[serde(default)]
    pub encrypted: Option<bool>,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}
