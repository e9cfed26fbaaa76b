//! Converting SDK values to the JSON the AWS CLI prints (`--output json`).
//!
//! The per-type conversions are generated (`generated/`, by `cargo xtask codegen`); this
//! module holds the conversions of the SDK's primitive and container types they build on.

use std::collections::HashMap;

use aws_smithy_types::date_time::Format;
use aws_smithy_types::{Blob, DateTime};
use base64::Engine as _;
use serde_json::{Map, Value};

/// A value as the AWS CLI prints it; `None` for an absent member, which is omitted.
pub trait ToCli {
    fn to_cli(&self) -> Option<Value>;
}

/// Adds member `name` to `object` unless it is absent.
pub fn put(object: &mut Map<String, Value>, name: &str, value: &impl ToCli) {
    if let Some(value) = value.to_cli() {
        object.insert(name.to_owned(), value);
    }
}

/// Adds an IAM policy document as the CLI prints it: IAM sends it URL-encoded, and the CLI
/// decodes it into JSON. A document that does not decode is kept as it came.
pub fn put_policy_document(object: &mut Map<String, Value>, name: &str, document: &Option<String>) {
    if let Some(document) = document {
        let decoded = percent_encoding::percent_decode_str(document).decode_utf8_lossy();
        let value = serde_json::from_str(&decoded).unwrap_or_else(|_| Value::String(document.clone()));
        object.insert(name.to_owned(), value);
    }
}

/// Merges the pages of one operation's output as the AWS CLI does (botocore's
/// `build_full_result`): the result keys' lists are concatenated, the paginator's
/// non-aggregate keys are kept from the first page that has them, and everything else
/// (tokens, truncation flags) is dropped. Without a paginator the one response is kept whole.
/// A key may be a dotted path into the page (CloudFront's `DistributionList.Items`).
pub fn merge_pages<T: ToCli>(pages: &[T], paginator: Option<(&[&str], &[&str])>) -> Value {
    let mut pages = pages.iter().filter_map(|page| match page.to_cli() {
        Some(Value::Object(object)) => Some(object),
        _ => None,
    });
    let Some((result_keys, non_aggregate_keys)) = paginator else {
        return Value::Object(pages.next().unwrap_or_default());
    };
    let mut merged = Map::new();
    for mut page in pages {
        for key in result_keys {
            match (path_mut(&mut merged, key), take_path(&mut page, key)) {
                (Some(Value::Array(all)), Some(Value::Array(more))) => all.extend(more),
                (None, Some(value)) => insert_path(&mut merged, key, value),
                _ => {}
            }
        }
        for key in non_aggregate_keys {
            if path_mut(&mut merged, key).is_none()
                && let Some(value) = take_path(&mut page, key)
            {
                insert_path(&mut merged, key, value);
            }
        }
    }
    Value::Object(merged)
}

fn path_mut<'a>(object: &'a mut Map<String, Value>, path: &str) -> Option<&'a mut Value> {
    let (first, rest) = path.split_once('.').map_or((path, None), |(first, rest)| (first, Some(rest)));
    let value = object.get_mut(first)?;
    match rest {
        None => Some(value),
        Some(rest) => path_mut(value.as_object_mut()?, rest),
    }
}

fn take_path(object: &mut Map<String, Value>, path: &str) -> Option<Value> {
    match path.rsplit_once('.') {
        None => object.remove(path),
        Some((parent, last)) => path_mut(object, parent)?.as_object_mut()?.remove(last),
    }
}

fn insert_path(object: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_owned(), value);
        }
        Some((first, rest)) => {
            let child = object.entry(first).or_insert_with(|| Value::Object(Map::new()));
            if let Some(child) = child.as_object_mut() {
                insert_path(child, rest, value);
            }
        }
    }
}

impl<T: ToCli> ToCli for Option<T> {
    fn to_cli(&self) -> Option<Value> {
        self.as_ref().and_then(ToCli::to_cli)
    }
}

impl<T: ToCli> ToCli for Vec<T> {
    fn to_cli(&self) -> Option<Value> {
        Some(Value::Array(self.iter().map(|item| item.to_cli().unwrap_or(Value::Null)).collect()))
    }
}

/// Maps are objects; keys are strings or enumerations (IAM's `SummaryMap`).
impl<K: ToCli, T: ToCli> ToCli for HashMap<K, T> {
    fn to_cli(&self) -> Option<Value> {
        let object = self
            .iter()
            .map(|(key, value)| {
                let key = match key.to_cli() {
                    Some(Value::String(key)) => key,
                    other => other.unwrap_or_default().to_string(),
                };
                (key, value.to_cli().unwrap_or(Value::Null))
            })
            .collect();
        Some(Value::Object(object))
    }
}

impl ToCli for String {
    fn to_cli(&self) -> Option<Value> {
        Some(Value::String(self.clone()))
    }
}

impl ToCli for bool {
    fn to_cli(&self) -> Option<Value> {
        Some(Value::Bool(*self))
    }
}

macro_rules! integer_to_cli {
    ($($ty:ty),*) => {$(
        impl ToCli for $ty {
            fn to_cli(&self) -> Option<Value> {
                Some(Value::from(*self))
            }
        }
    )*};
}
integer_to_cli!(i32, i64);

macro_rules! float_to_cli {
    ($($ty:ty),*) => {$(
        impl ToCli for $ty {
            fn to_cli(&self) -> Option<Value> {
                serde_json::Number::from_f64(f64::from(*self)).map(Value::Number)
            }
        }
    )*};
}
float_to_cli!(f32, f64);

/// Timestamps are RFC 3339 in UTC, e.g. `2024-05-01T12:00:00Z`.
impl ToCli for DateTime {
    fn to_cli(&self) -> Option<Value> {
        self.fmt(Format::DateTime).ok().map(Value::String)
    }
}

/// Blobs are base64, as the CLI prints them.
impl ToCli for Blob {
    fn to_cli(&self) -> Option<Value> {
        Some(Value::String(base64::engine::general_purpose::STANDARD.encode(self.as_ref())))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    struct Page(Value);

    impl ToCli for Page {
        fn to_cli(&self) -> Option<Value> {
            Some(self.0.clone())
        }
    }

    #[test]
    fn pages_merge_like_the_cli() {
        let pages = [
            Page(json!({"Users": [{"UserName": "a"}], "IsTruncated": true, "Marker": "m1"})),
            Page(json!({"Users": [{"UserName": "b"}], "IsTruncated": false})),
        ];
        assert_eq!(
            merge_pages(&pages, Some((&["Users"], &[]))),
            json!({"Users": [{"UserName": "a"}, {"UserName": "b"}]})
        );
        assert_eq!(merge_pages(&pages[1..], None), json!({"Users": [{"UserName": "b"}], "IsTruncated": false}));
    }

    #[test]
    fn pages_merge_on_dotted_result_keys() {
        let page = |id: &str, more: bool| {
            Page(json!({"DistributionList": {"Items": [{"Id": id}], "IsTruncated": more, "Quantity": 1}}))
        };
        let pages = [page("E1", true), page("E2", false)];
        assert_eq!(
            merge_pages(&pages, Some((&["DistributionList.Items"], &[]))),
            json!({"DistributionList": {"Items": [{"Id": "E1"}, {"Id": "E2"}]}})
        );
        let empty = [Page(json!({"DistributionList": {"IsTruncated": false, "Quantity": 0}}))];
        assert_eq!(merge_pages(&empty, Some((&["DistributionList.Items"], &[]))), json!({}));
    }

    #[test]
    fn policy_documents_are_decoded_into_json() {
        let mut object = Map::new();
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        put_policy_document(&mut object, "Document", &Some(encoded.to_owned()));
        put_policy_document(&mut object, "Broken", &Some("%7Bnot json".to_owned()));
        put_policy_document(&mut object, "Absent", &None);
        assert_eq!(
            Value::Object(object),
            json!({"Document": {"Version": "2012-10-17", "Statement": []}, "Broken": "%7Bnot json"})
        );
    }

    #[test]
    fn primitives_convert_like_the_cli() {
        assert_eq!(DateTime::from_secs(1_714_564_800).to_cli(), Some(json!("2024-05-01T12:00:00Z")));
        assert_eq!(Blob::new(b"hi".to_vec()).to_cli(), Some(json!("aGk=")));
        assert_eq!(None::<String>.to_cli(), None);
        assert_eq!(Some(vec![1_i32, 2]).to_cli(), Some(json!([1, 2])));
    }
}
