//! The calls made to each service.

pub mod cloudtrail;
pub mod data;
pub mod ec2;
pub mod front_ends;
pub mod governance;
pub mod iam;
pub mod kms;
pub mod monitoring;
pub mod resource_policies;
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

/// Every page of a call whose token the SDK does not follow: `send` makes the call from a
/// token (none for the first page), and `next` reads the next token from a page.
pub(crate) async fn token_pages<Page, Error, Sent>(
    mut send: impl FnMut(Option<String>) -> Sent,
    next: fn(&Page) -> Option<&str>,
) -> Result<Vec<Page>, Error>
where
    Sent: Future<Output = Result<Page, Error>>,
{
    let mut pages = Vec::new();
    let mut token = None;
    loop {
        let page = send(token).await?;
        token = next(&page).map(str::to_owned);
        pages.push(page);
        if token.is_none() {
            return Ok(pages);
        }
    }
}
