use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_iam::Client;
use aws_sdk_iam::operation::get_credential_report::GetCredentialReportOutput;
use aws_sdk_iam::types::{JobStatusType, ReportStateType};
use serde_json::Value;
use stance_snapshot::{CallError, Data, GLOBAL_REGION, Outcome};

use crate::call::{Calls, Key, one};
use crate::generated::iam;

const SERVICE: &str = "IAM";
/// How often, and how many times, to ask whether the credential report is ready.
const REPORT_POLL: (Duration, u32) = (Duration::from_secs(2), 15);
/// How often, and how many times, to ask for a last-accessed report while its job runs.
const LAST_ACCESSED_POLL: (Duration, u32) = (Duration::from_secs(1), 30);

/// A paginated IAM call, all pages.
macro_rules! pages {
    ($calls:expr, $key:expr, $client:expr, $method:ident $(, $arg:ident($value:expr))*) => {
        $calls.make($key, iam::$method, move || $client.$method()$(.$arg($value))*.into_paginator().send().try_collect())
    };
}

fn global(operation: &'static str) -> Key {
    Key::new(SERVICE, operation, GLOBAL_REGION)
}

pub async fn collect(config: &SdkConfig, calls: &Calls) {
    let client = crate::config::iam(config, None);
    let c = &client;
    tokio::join!(
        credential_report(c, calls),
        calls.make(global("GetAccountPasswordPolicy"), iam::get_account_password_policy, move || one(c
            .get_account_password_policy()
            .send())),
        calls.make(global("GetAccountSummary"), iam::get_account_summary, move || one(c.get_account_summary().send())),
        authorization_details(c, calls),
        users(c, calls),
        pages!(calls, global("ListVirtualMFADevices"), c, list_virtual_mfa_devices),
        pages!(calls, global("ListServerCertificates"), c, list_server_certificates),
        calls.make(global("ListSAMLProviders"), iam::list_saml_providers, move || one(c.list_saml_providers().send())),
        calls.make(global("ListOpenIDConnectProviders"), iam::list_open_id_connect_providers, move || one(c
            .list_open_id_connect_providers()
            .send())),
        calls.make(global("ListOrganizationsFeatures"), iam::list_organizations_features, move || one(c
            .list_organizations_features()
            .send())),
    );
}

/// Users, groups, roles and policies, then the last-accessed report of each user and role.
async fn authorization_details(client: &Client, calls: &Calls) {
    let key = global("GetAccountAuthorizationDetails");
    let Some(pages) = pages!(calls, key, client, get_account_authorization_details).await else {
        return;
    };
    let users = pages.iter().flat_map(|page| page.user_detail_list()).filter_map(|user| user.arn());
    let roles = pages.iter().flat_map(|page| page.role_detail_list()).filter_map(|role| role.arn());
    futures::future::join_all(users.chain(roles).map(|arn| last_accessed(client, calls, arn))).await;
}

/// A principal's service last-accessed report: a job is started, then its report asked for
/// until the job is done (bounded; AWS finishes most in seconds). The report lists every service
/// the principal's policies allow, with when it was last used; a job still running when the
/// polls run out is recorded as AWS answered (`JobStatus` `IN_PROGRESS`).
async fn last_accessed(client: &Client, calls: &Calls, arn: &str) {
    let key = |operation| Key::resource(SERVICE, operation, GLOBAL_REGION, arn);
    let started = calls
        .make(key("GenerateServiceLastAccessedDetails"), iam::generate_service_last_accessed_details, || {
            one(client.generate_service_last_accessed_details().arn(arn).send())
        })
        .await;
    let Some(job) = started.as_deref().and_then(|pages| pages.first()).and_then(|output| output.job_id()) else {
        return;
    };
    let (interval, attempts) = LAST_ACCESSED_POLL;
    for attempt in 1..=attempts {
        // At most 1,000 services a page, AWS's limit and more than AWS has, so one page.
        let report = calls
            .make(key("GetServiceLastAccessedDetails"), iam::get_service_last_accessed_details, || {
                one(client.get_service_last_accessed_details().job_id(job).max_items(1000).send())
            })
            .await;
        match report.as_deref() {
            Some([output]) if output.job_status() == &JobStatusType::InProgress && attempt < attempts => {
                tokio::time::sleep(interval).await;
            }
            _ => break,
        }
    }
}

/// The users, then each user's access keys (and when each key was last used), MFA devices,
/// SSH public keys and signing certificates.
async fn users(client: &Client, calls: &Calls) {
    let Some(pages) = pages!(calls, global("ListUsers"), client, list_users).await else {
        return;
    };
    let users = pages.iter().flat_map(|page| page.users());
    futures::future::join_all(users.map(|user| async move {
        let (name, arn) = (user.user_name(), user.arn());
        let key = |operation| Key::resource(SERVICE, operation, GLOBAL_REGION, arn);
        tokio::join!(
            access_keys(client, calls, name, arn),
            pages!(calls, key("ListMFADevices"), client, list_mfa_devices, user_name(name)),
            pages!(calls, key("ListSSHPublicKeys"), client, list_ssh_public_keys, user_name(name)),
            pages!(calls, key("ListSigningCertificates"), client, list_signing_certificates, user_name(name)),
        );
    }))
    .await;
}

/// A user's access keys, then when each was last used (keyed by access key id: keys have no ARN).
async fn access_keys(client: &Client, calls: &Calls, user_name: &str, user_arn: &str) {
    let key = Key::resource(SERVICE, "ListAccessKeys", GLOBAL_REGION, user_arn);
    let Some(pages) = pages!(calls, key, client, list_access_keys, user_name(user_name)).await else {
        return;
    };
    let ids = pages.iter().flat_map(|page| page.access_key_metadata()).filter_map(|key| key.access_key_id());
    futures::future::join_all(ids.map(|id| {
        calls.make(
            Key::resource(SERVICE, "GetAccessKeyLastUsed", GLOBAL_REGION, id),
            iam::get_access_key_last_used,
            move || one(client.get_access_key_last_used().access_key_id(id).send()),
        )
    }))
    .await;
}

/// Asks for a credential report until it is complete (bounded), then fetches it. Its CSV
/// content is stored as rows keyed by the CSV header.
async fn credential_report(client: &Client, calls: &Calls) {
    let (interval, attempts) = REPORT_POLL;
    for attempt in 1..=attempts {
        let generated = calls
            .make(
                Key::new(SERVICE, "GenerateCredentialReport", GLOBAL_REGION),
                iam::generate_credential_report,
                move || one(client.generate_credential_report().send()),
            )
            .await;
        match generated.as_deref() {
            Some([output]) if output.state() == Some(&ReportStateType::Complete) => break,
            // A failed request is recorded; GetCredentialReport may still find an older report.
            None => break,
            _ if attempt == attempts => break,
            _ => tokio::time::sleep(interval).await,
        }
    }
    calls
        .make_with(Key::new(SERVICE, "GetCredentialReport", GLOBAL_REGION), credential_report_to_cli, move || {
            one(client.get_credential_report().send())
        })
        .await;
}

/// GetCredentialReport as the CLI prints it, but with `Content` parsed from CSV into rows.
fn credential_report_to_cli(pages: &[GetCredentialReportOutput]) -> Outcome<'static> {
    let content = pages.iter().find_map(|page| page.content()).map(|blob| blob.as_ref()).unwrap_or_default();
    match credential_report_rows(content) {
        Ok(rows) => {
            let mut data = iam::get_credential_report(pages);
            data["Content"] = rows;
            Outcome::Data(Data::from_value(&data))
        }
        Err(e) => Outcome::Error(CallError::new("InvalidCredentialReport", Some(e.to_string()), None)),
    }
}

/// The credential report's CSV as an array of objects keyed by the header names.
fn credential_report_rows(csv: &[u8]) -> Result<Value, csv::Error> {
    let mut reader = csv::Reader::from_reader(csv);
    let headers = reader.headers()?.clone();
    let rows = reader
        .records()
        .map(|record| {
            let record = record?;
            Ok(Value::Object(
                headers.iter().zip(record.iter()).map(|(key, value)| (key.to_owned(), Value::from(value))).collect(),
            ))
        })
        .collect::<Result<Vec<_>, csv::Error>>()?;
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_report_rows_are_keyed_by_header() {
        let csv = b"user,arn,mfa_active\n<root_account>,arn:aws:iam::123456789012:root,true\nalice,arn:aws:iam::123456789012:user/alice,false\n";
        let rows = credential_report_rows(csv).unwrap();
        assert_eq!(rows[0]["user"], "<root_account>");
        assert_eq!(rows[1]["arn"], "arn:aws:iam::123456789012:user/alice");
        assert_eq!(rows[1]["mfa_active"], "false");
        assert!(credential_report_rows(b"user,arn\nalice\n").is_err(), "a short row is an error");
    }
}
