use std::time::Duration;

use aws_config::SdkConfig;
use aws_sdk_iam::Client;
use aws_sdk_iam::operation::get_credential_report::GetCredentialReportOutput;
use aws_sdk_iam::types::ReportStateType;
use serde_json::Value;
use stance_snapshot::{CallError, GLOBAL_REGION, Outcome};

use crate::call::{Calls, Key, one};
use crate::generated::iam;

const SERVICE: &str = "IAM";
/// How often, and how many times, to ask whether the credential report is ready.
const REPORT_POLL: (Duration, u32) = (Duration::from_secs(2), 15);

pub async fn collect(config: &SdkConfig, calls: &Calls) {
    let client = Client::new(config);
    tokio::join!(
        credential_report(&client, calls),
        calls.make(
            Key::new(SERVICE, "GetAccountPasswordPolicy", GLOBAL_REGION),
            iam::get_account_password_policy,
            one(client.get_account_password_policy().send()),
        ),
        calls.make(
            Key::new(SERVICE, "ListUsers", GLOBAL_REGION),
            iam::list_users,
            client.list_users().into_paginator().send().try_collect(),
        ),
        calls.make(
            Key::new(SERVICE, "ListVirtualMFADevices", GLOBAL_REGION),
            iam::list_virtual_mfa_devices,
            client.list_virtual_mfa_devices().into_paginator().send().try_collect(),
        ),
    );
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
                one(client.generate_credential_report().send()),
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
        .make_with(
            Key::new(SERVICE, "GetCredentialReport", GLOBAL_REGION),
            credential_report_to_cli,
            one(client.get_credential_report().send()),
        )
        .await;
}

/// GetCredentialReport as the CLI prints it, but with `Content` parsed from CSV into rows.
fn credential_report_to_cli(pages: &[GetCredentialReportOutput]) -> Outcome {
    let content = pages.iter().find_map(|page| page.content()).map(|blob| blob.as_ref()).unwrap_or_default();
    match credential_report_rows(content) {
        Ok(rows) => {
            let mut data = iam::get_credential_report(pages);
            data["Content"] = rows;
            Outcome::Data(data)
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
