//! The outcome of one API call, and the per-region container of outcomes.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::ErrorKind;

/// What one call returned: its data, shaped as `aws ... --output json` prints it, or its error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Outcome {
    /// The response, all pages merged, with the API's member names.
    Data(serde_json::Value),
    /// Why there is no data.
    Error(CallError),
}

/// A failed call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CallError {
    /// The AWS error code (`AccessDenied`, `NoSuchBucketPolicy`, …), or a transport failure
    /// such as `Timeout` or `DispatchFailure`.
    pub code: String,
    /// The error message, as AWS or the transport gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The HTTP status of the response, absent when there was no response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// What the error means for a check.
    pub kind: ErrorKind,
}

impl CallError {
    /// An error whose kind follows from its code and status.
    pub fn new(code: impl Into<String>, message: Option<String>, http_status: Option<u16>) -> Self {
        let code = code.into();
        let kind = ErrorKind::classify(&code, http_status);
        CallError { code, message, http_status, kind }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(message) = self.message.as_deref().filter(|m| !m.is_empty()) {
            write!(f, " ({message})")?;
        }
        Ok(())
    }
}

/// The outcomes of one operation in one region: one call, or one call per resource.
///
/// In JSON a single call is `{"data": …}` or `{"error": …}`; per-resource calls are an
/// object keyed by resource ARN. ARNs contain `:`, so they never read as `data` or `error`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RegionCalls {
    /// A call made once for the region.
    Call(Outcome),
    /// Calls made once per resource, keyed by the resource's ARN.
    PerResource(BTreeMap<String, Outcome>),
}

impl RegionCalls {
    /// The outcome of the call, or of each per-resource call.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        let (single, per_resource) = match self {
            RegionCalls::Call(outcome) => (Some(outcome), None),
            RegionCalls::PerResource(resources) => (None, Some(resources.values())),
        };
        single.into_iter().chain(per_resource.into_iter().flatten())
    }
}

impl<'de> Deserialize<'de> for RegionCalls {
    // Hand-written rather than `#[serde(untagged)]`: one pass without buffering, and errors
    // that point at the offending value instead of "did not match any variant".
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RegionCallsVisitor;

        impl<'de> Visitor<'de> for RegionCallsVisitor {
            type Value = RegionCalls;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"{"data": …}, {"error": …} or an object of outcomes keyed by resource ARN"#)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RegionCalls, A::Error> {
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(RegionCalls::PerResource(BTreeMap::new()));
                };
                let single = match first.as_str() {
                    "data" => Some(Outcome::Data(map.next_value()?)),
                    "error" => Some(Outcome::Error(map.next_value()?)),
                    _ => None,
                };
                if let Some(outcome) = single {
                    if let Some(extra) = map.next_key::<String>()? {
                        return Err(de::Error::custom(format_args!("unexpected field `{extra}` beside `{first}`")));
                    }
                    return Ok(RegionCalls::Call(outcome));
                }
                let mut resources = BTreeMap::new();
                resources.insert(first, map.next_value()?);
                while let Some((arn, outcome)) = map.next_entry()? {
                    resources.insert(arn, outcome);
                }
                Ok(RegionCalls::PerResource(resources))
            }
        }

        deserializer.deserialize_map(RegionCallsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_per_resource_calls_round_trip() {
        let text = r#"{
            "a": {"data": {"Vpcs": []}},
            "b": {"error": {"code": "AccessDenied", "http_status": 403, "kind": "access_denied"}},
            "c": {"arn:aws:s3:::data": {"data": {"Policy": "{}"}}, "arn:aws:s3:::error": {"error": {"code": "NoSuchBucketPolicy", "kind": "not_configured"}}},
            "d": {}
        }"#;
        let parsed: BTreeMap<String, RegionCalls> = serde_json::from_str(text).unwrap();
        assert!(matches!(parsed["a"], RegionCalls::Call(Outcome::Data(_))));
        assert!(matches!(&parsed["b"], RegionCalls::Call(Outcome::Error(e)) if e.kind == ErrorKind::AccessDenied));
        let RegionCalls::PerResource(per_bucket) = &parsed["c"] else { panic!("expected per-resource calls") };
        assert_eq!(per_bucket.len(), 2);
        assert_eq!(parsed["d"], RegionCalls::PerResource(BTreeMap::new()));
        let again: BTreeMap<String, RegionCalls> =
            serde_json::from_str(&serde_json::to_string(&parsed).unwrap()).unwrap();
        assert_eq!(parsed, again);
    }

    #[test]
    fn a_field_beside_data_is_refused() {
        let err = serde_json::from_str::<RegionCalls>(r#"{"data": 1, "error": 2}"#).unwrap_err();
        assert!(err.to_string().contains("unexpected field `error` beside `data`"), "{err}");
    }
}
