//! Results read back from a `--json` file, as [`ResultsJson`](crate::ResultsJson) writes it, so
//! that saved results can be rendered again (`stance report`) or compared with a baseline.
//!
//! Only the members a result has of its own are read: the check's metadata (`title`,
//! `severity`, `controls`, …) comes from this stance's registry, by the `plugin` id.

use std::sync::Arc;

use serde::Deserialize;

use crate::check_by_id;
use crate::results::{Baseline, CheckResult, Status, Suppression};

/// Why a results file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadResultsError {
    /// Not JSON, not an array of results, or a result without one of its members.
    #[error("not a stance JSON results file: {0}")]
    Json(#[from] serde_json::Error),
    /// A result of a check this stance does not have (a newer version's, or a typo).
    #[error("result [{index}]: no check {plugin:?} in this version of stance")]
    UnknownCheck { index: usize, plugin: String },
}

/// The members of a JSON result that are its own; the rest are ignored.
#[derive(Deserialize)]
#[serde(expecting = "a result (an object with plugin, resource, region, status, …)")]
struct Record {
    plugin: String,
    account: String,
    resource: String,
    region: String,
    status: Status,
    message: String,
    suppressed: Option<Suppression>,
    #[serde(default)]
    baseline: Option<Baseline>,
}

/// The results of a JSON results file's text, in the file's order. Each result's check is
/// looked up by its `plugin` id; results of one account share its id.
pub fn read_results(text: &str) -> Result<Vec<CheckResult>, ReadResultsError> {
    let records: Vec<Record> = serde_json::from_str(text)?;
    let mut accounts: Vec<Arc<str>> = Vec::new();
    records
        .into_iter()
        .enumerate()
        .map(|(index, record)| {
            let check = check_by_id(&record.plugin)
                .ok_or_else(|| ReadResultsError::UnknownCheck { index, plugin: record.plugin.clone() })?;
            let account = match accounts.iter().find(|account| ***account == *record.account) {
                Some(account) => account.clone(),
                None => {
                    let account: Arc<str> = record.account.into();
                    accounts.push(account.clone());
                    account
                }
            };
            Ok(CheckResult {
                check,
                resource: record.resource,
                region: record.region,
                status: record.status,
                message: record.message,
                account,
                suppressed: record.suppressed.map(Arc::new),
                baseline: record.baseline,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::REGISTRY;
    use crate::results_json::ResultsJson;

    fn write(results: &[CheckResult]) -> String {
        let mut out = Vec::new();
        let mut json = ResultsJson::new(&mut out);
        json.write(results).unwrap();
        json.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A result of every check, in every status, in two accounts, some suppressed, some with
    /// messages that need escaping.
    fn results() -> Vec<CheckResult> {
        let statuses = [Status::Ok, Status::Warn, Status::Fail, Status::Unknown];
        let accounts: [Arc<str>; 2] = ["123456789012".into(), "210987654321".into()];
        REGISTRY
            .iter()
            .enumerate()
            .map(|(index, check)| CheckResult {
                check,
                resource: format!("arn:aws:ec2:eu-west-1:123456789012:volume/vol-{index}"),
                region: if index % 3 == 0 { "global".to_owned() } else { "eu-west-1".to_owned() },
                status: statuses[index % 4],
                message: if index % 5 == 0 {
                    format!("quote \" newline \n é </script> {index}")
                } else {
                    String::new()
                },
                account: accounts[index % 2].clone(),
                suppressed: (index % 7 == 0).then(|| {
                    Arc::new(Suppression { rule: format!("suppressions.toml:{index}"), reason: "accepted".to_owned() })
                }),
                baseline: [None, Some(Baseline::New), Some(Baseline::Known)][index % 3],
            })
            .collect()
    }

    #[test]
    fn written_results_read_back_the_same() {
        let results = results();
        let text = write(&results);
        let read = read_results(&text).unwrap();
        assert_eq!(read.len(), results.len());
        for (read, written) in read.iter().zip(&results) {
            assert!(std::ptr::eq(read.check, written.check), "{} read as {}", written.check.id, read.check.id);
            assert_eq!(
                (&read.resource, &read.region, read.status, &read.message, &*read.account),
                (&written.resource, &written.region, written.status, &written.message, &*written.account)
            );
            assert_eq!(read.suppressed, written.suppressed);
            assert_eq!(read.baseline, written.baseline);
        }
        assert_eq!(write(&read), text, "written again, the results are not the same text");
        assert!(Arc::ptr_eq(&read[0].account, &read[2].account), "one account's results share its id");
    }

    #[test]
    fn an_empty_array_is_no_results() {
        assert!(read_results("[]\n").unwrap().is_empty());
    }

    #[test]
    fn an_unknown_check_names_the_result_and_the_id() {
        let mut results = results();
        results.truncate(3);
        let text = write(&results).replacen(
            &format!("\"plugin\": \"{}\"", results[1].check.id),
            "\"plugin\": \"noSuchCheck\"",
            1,
        );
        let error = read_results(&text).unwrap_err();
        assert_eq!(error.to_string(), "result [1]: no check \"noSuchCheck\" in this version of stance");
    }

    #[test]
    fn bad_json_is_one_line_with_its_position() {
        for (text, expected) in [
            (
                "{\"plugin\": 1}",
                "not a stance JSON results file: invalid type: map, expected a sequence at line 1 column 0",
            ),
            (
                "[{\"plugin\": \"openSSH\"}]",
                "not a stance JSON results file: missing field `account` at line 1 column 22",
            ),
            (
                "[1, 2",
                "not a stance JSON results file: invalid type: integer `1`, expected a result (an object with plugin, resource, region, status, …) at line 1 column 2",
            ),
        ] {
            let error = read_results(text).unwrap_err().to_string();
            assert_eq!(error, expected);
            assert!(!error.contains('\n'));
        }
        let text = write(&results()[..1]).replace("\"status\": \"OK\"", "\"status\": \"PASS\"");
        let error = read_results(&text).unwrap_err().to_string();
        assert!(
            error.starts_with("not a stance JSON results file: unknown variant `PASS`, expected one of"),
            "{error}"
        );
    }
}
