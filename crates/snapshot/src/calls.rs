//! The outcome of one API call, and the per-region container of outcomes.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use schemars::JsonSchema;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::ErrorKind;

/// What one call returned: its data, shaped as `aws ... --output json` prints it, or its error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Outcome<'a> {
    /// The response, all pages merged, with the API's member names.
    Data(
        #[serde(borrow)]
        #[schemars(with = "serde_json::Value")]
        Data<'a>,
    ),
    /// Why there is no data.
    Error(CallError),
}

/// A call's response as JSON text, kept as it is in the snapshot file (borrowed from the text
/// the snapshot was parsed from) or owned (made by the collector). Checks deserialize their typed
/// views straight from it, so no generic JSON tree of the whole snapshot is ever built.
#[derive(Debug, Clone)]
pub struct Data<'a>(Cow<'a, RawValue>);

impl Data<'static> {
    /// The text of `value`.
    pub fn from_value(value: &serde_json::Value) -> Data<'static> {
        // A `serde_json::Value` always serializes: its keys are strings, and it holds no custom type.
        Data(Cow::Owned(serde_json::value::to_raw_value(value).expect("a JSON value serializes")))
    }
}

impl Data<'_> {
    /// The JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }

    /// Deserializes the data as `T`, as `serde_json::from_str` would, except that an array is
    /// refused wherever a struct is expected (serde would read it as the struct's members in
    /// order): in call data it is damage, and could read as a struct with its lists left empty.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        crate::strict::from_str(self.text())
    }
}

impl PartialEq for Data<'_> {
    /// The same JSON text (whitespace counts).
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Serialize for Data<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Data<'a> {
    /// Borrows the text: the snapshot must be parsed from a string or bytes held by the caller.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(deserializer).map(|raw| Data(Cow::Borrowed(raw)))
    }
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
pub enum RegionCalls<'a> {
    /// A call made once for the region.
    Call(Outcome<'a>),
    /// Calls made once per resource, keyed by the resource's ARN.
    PerResource(BTreeMap<Cow<'a, str>, Outcome<'a>>),
}

impl<'a> RegionCalls<'a> {
    /// The outcome of the call, or of each per-resource call.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome<'a>> {
        let (single, per_resource) = match self {
            RegionCalls::Call(outcome) => (Some(outcome), None),
            RegionCalls::PerResource(resources) => (None, Some(resources.values())),
        };
        single.into_iter().chain(per_resource.into_iter().flatten())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RegionCalls<'a> {
    // Hand-written rather than `#[serde(untagged)]`: one pass without buffering, and errors
    // that point at the offending value instead of "did not match any variant".
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RegionCallsVisitor<'a>(PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for RegionCallsVisitor<'a> {
            type Value = RegionCalls<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"{"data": …}, {"error": …} or an object of outcomes keyed by resource ARN"#)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RegionCalls<'a>, A::Error> {
                let Some(first) = map.next_key_seed(Key(PhantomData))? else {
                    return Ok(RegionCalls::PerResource(BTreeMap::new()));
                };
                let single = match &*first {
                    "data" => Some(Outcome::Data(map.next_value()?)),
                    "error" => Some(Outcome::Error(map.next_value()?)),
                    _ => None,
                };
                if let Some(outcome) = single {
                    if let Some(extra) = map.next_key_seed(Key(PhantomData))? {
                        return Err(de::Error::custom(format_args!("unexpected field `{extra}` beside `{first}`")));
                    }
                    return Ok(RegionCalls::Call(outcome));
                }
                let mut resources = BTreeMap::new();
                resources.insert(first, map.next_value()?);
                while let Some(arn) = map.next_key_seed(Key(PhantomData))? {
                    resources.insert(arn, map.next_value()?);
                }
                Ok(RegionCalls::PerResource(resources))
            }
        }

        deserializer.deserialize_map(RegionCallsVisitor(PhantomData))
    }
}

/// A key borrowed from the snapshot's text where it holds no escapes: a large account has
/// hundreds of thousands of per-resource outcomes, each keyed by an ARN.
struct Key<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> de::DeserializeSeed<'de> for Key<'a> {
    type Value = Cow<'a, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'a, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for Key<'a> {
    type Value = Cow<'a, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Cow<'a, str>, E> {
        Ok(Cow::Owned(key))
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
        let text = serde_json::to_string(&parsed).unwrap();
        let again: BTreeMap<String, RegionCalls> = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, again);
    }

    #[test]
    fn a_field_beside_data_is_refused() {
        let err = serde_json::from_str::<RegionCalls>(r#"{"data": 1, "error": 2}"#).unwrap_err();
        assert!(err.to_string().contains("unexpected field `error` beside `data`"), "{err}");
    }
}
