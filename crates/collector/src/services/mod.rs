//! The calls made to each service.

pub mod cloudtrail;
pub mod data;
pub mod ec2;
pub mod governance;
pub mod iam;
pub mod kms;
pub mod monitoring;
pub mod s3;
pub mod sts;

/// A call of every page, recorded under `$key` through the generated conversion `$convert`.
/// `$client` must be a reference (the request is made again on retries).
macro_rules! all_pages {
    ($calls:expr, $key:expr, $convert:path, $client:expr, $method:ident $(, $arg:ident($($value:expr),+))*) => {
        $calls.make($key, $convert, move || $client.$method()$(.$arg($($value),+))*.into_paginator().send().try_collect())
    };
}

/// A single-response call, as [`all_pages`] makes a paginated one.
macro_rules! one_page {
    ($calls:expr, $key:expr, $convert:path, $client:expr, $method:ident $(, $arg:ident($($value:expr),+))*) => {
        $calls.make($key, $convert, move || crate::call::one($client.$method()$(.$arg($($value),+))*.send()))
    };
}

pub(crate) use {all_pages, one_page};
