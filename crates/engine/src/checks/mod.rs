//! Every check, one file each, grouped by service. [`REGISTRY`] lists them all.

use crate::check::Check;

mod ec2;
mod iam;
mod s3;

/// All checks, in the order results are reported.
pub static REGISTRY: &[&Check] = &[&iam::root_account_in_use::CHECK];
