//! Responses as canonical JSON trees, and the attribute changes between two of them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use stance_snapshot::identity::List;

use crate::noise::Cursor;
use crate::rules::{ListRule, item_key, list_rule, permission_rules};
use crate::{AttributeChange, ValueChange};

/// `value` in canonical form: the members `cursor` leaves out removed, JSON documents held in
/// strings parsed (a policy's text becomes its object), members in name order, and list items
/// in the order of their canonical text, so that two trees that differ only in order are equal.
pub(crate) fn normalize(value: Value, cursor: &Cursor) -> Value {
    match value {
        Value::Object(members) => {
            let mut members: Vec<(String, Value)> = members.into_iter().collect();
            members.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = Map::new();
            for (name, value) in members {
                if let Some(inner) = cursor.enter(&name) {
                    out.insert(name, normalize(value, &inner));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.into_iter().map(|item| normalize(item, cursor)).collect();
            items.sort_by_cached_key(canonical_text);
            Value::Array(items)
        }
        Value::String(text) => match document(&text) {
            Some(document) => normalize(document, cursor),
            None => Value::String(text),
        },
        scalar => scalar,
    }
}

/// The JSON object `text` holds, if it holds one (a policy document).
fn document(text: &str) -> Option<Value> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str::<Value>(text).ok().filter(Value::is_object)
}

/// The JSON text of a normalized value, which is the same for equal values.
pub(crate) fn canonical_text(value: &Value) -> String {
    value.to_string()
}

/// Whether a value holds nothing: `{}`, `[]`, or objects of those.
pub(crate) fn is_vacant(value: &Value) -> bool {
    match value {
        Value::Object(members) => members.values().all(is_vacant),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// The changes from `old` to `new`, two normalized values of one resource; `lists` are the
/// rules of the lists at the values' top (a call's own; none for an item of a list).
pub(crate) fn attribute_changes(lists: &[List], old: &Value, new: &Value) -> Vec<AttributeChange> {
    let mut differ = Differ { lists, members: Vec::new(), path: String::new(), changes: Vec::new() };
    differ.compare(old, new);
    differ.changes
}

struct Differ<'l> {
    lists: &'l [List],
    /// Member names from the top, for the lists' rules.
    members: Vec<String>,
    /// The path as shown: members and list items' keys.
    path: String,
    changes: Vec<AttributeChange>,
}

impl Differ<'_> {
    fn compare(&mut self, old: &Value, new: &Value) {
        if old == new {
            return;
        }
        match (old, new) {
            (Value::Object(old), Value::Object(new)) => {
                let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
                for name in names {
                    let (before, members) = (self.path.len(), self.members.len());
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(name);
                    self.members.push(name.clone());
                    match (old.get(name), new.get(name)) {
                        (Some(old), Some(new)) => self.compare(old, new),
                        (Some(old), None) => self.push(ValueChange::Removed { value: old.clone() }),
                        (None, Some(new)) => self.push(ValueChange::Added { value: new.clone() }),
                        (None, None) => unreachable!("a name of one of the objects"),
                    }
                    self.path.truncate(before);
                    self.members.truncate(members);
                }
            }
            (Value::Array(old), Value::Array(new)) => match self.list_rule() {
                ListRule::Unkeyed => self.compare_values(old.iter().collect(), new.iter().collect()),
                ListRule::Keyed(key) => {
                    let matched = match_items(keyed(old, key), keyed(new, key));
                    self.compare_keyed(&matched.old, &matched.new, false);
                    self.compare_values(matched.old_rest, matched.new_rest);
                }
                ListRule::Permissions => {
                    let (old, new) = (permission_rules(old), permission_rules(new));
                    let matched = match_items(summarized(&old), summarized(&new));
                    self.compare_keyed(&matched.old, &matched.new, true);
                    self.compare_values(matched.old_rest, matched.new_rest);
                }
            },
            _ => self.push(ValueChange::Changed { old: old.clone(), new: new.clone() }),
        }
    }

    /// Items matched by key; with `summarized`, an added or removed item is shown as its key.
    fn compare_keyed(&mut self, old: &BTreeMap<String, &Value>, new: &BTreeMap<String, &Value>, summarized: bool) {
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let summary = summarized.then(|| key.clone());
            match (old.get(key), new.get(key)) {
                (Some(old), Some(new)) => {
                    let before = self.path.len();
                    self.path.push('[');
                    self.path.push_str(key);
                    self.path.push(']');
                    self.compare(old, new);
                    self.path.truncate(before);
                }
                (Some(old), None) => self.push(ValueChange::ItemRemoved { value: (*old).clone(), summary }),
                (None, Some(new)) => self.push(ValueChange::ItemAdded { value: (*new).clone(), summary }),
                (None, None) => unreachable!("a key of one of the lists"),
            }
        }
    }

    /// Items compared as a multiset of values.
    fn compare_values(&mut self, old: Vec<&Value>, new: Vec<&Value>) {
        let texts = |items: Vec<&Value>| -> BTreeMap<String, (usize, Value)> {
            let mut counted: BTreeMap<String, (usize, Value)> = BTreeMap::new();
            for item in items {
                counted.entry(canonical_text(item)).or_insert_with(|| (0, item.clone())).0 += 1;
            }
            counted
        };
        let (old, new) = (texts(old), texts(new));
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let old_count = old.get(key).map_or(0, |(count, _)| *count);
            let new_count = new.get(key).map_or(0, |(count, _)| *count);
            let value = old.get(key).or(new.get(key)).map(|(_, value)| value).expect("a key of one of the lists");
            for _ in new_count..old_count {
                self.push(ValueChange::ItemRemoved { value: value.clone(), summary: None });
            }
            for _ in old_count..new_count {
                self.push(ValueChange::ItemAdded { value: value.clone(), summary: None });
            }
        }
    }

    fn list_rule(&self) -> ListRule {
        let members: Vec<&str> = self.members.iter().map(String::as_str).collect();
        list_rule(self.lists, &members)
    }

    fn push(&mut self, change: ValueChange) {
        self.changes.push(AttributeChange { path: self.path.clone(), change });
    }
}

/// `items` with their keys by the `key` members.
fn keyed<'v>(items: &'v [Value], key: &[&str]) -> Vec<(Option<String>, &'v Value)> {
    items.iter().map(|item| (item_key(item, key), item)).collect()
}

/// Permission rules with their keys.
fn summarized(rules: &[(String, Value)]) -> Vec<(Option<String>, &Value)> {
    rules.iter().map(|(key, rule)| (Some(key.clone()), rule)).collect()
}

/// The items of two lists matched by key, and the rest of each: items without a key, and
/// those whose key another item of either list shares, which are compared as values.
pub(crate) struct Matched<V> {
    pub old: BTreeMap<String, V>,
    pub new: BTreeMap<String, V>,
    pub old_rest: Vec<V>,
    pub new_rest: Vec<V>,
}

pub(crate) fn match_items<V>(old: Vec<(Option<String>, V)>, new: Vec<(Option<String>, V)>) -> Matched<V> {
    let count = |items: &[(Option<String>, V)]| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for key in items.iter().filter_map(|(key, _)| key.clone()) {
            *counts.entry(key).or_default() += 1;
        }
        counts
    };
    let (old_counts, new_counts) = (count(&old), count(&new));
    let unique =
        |key: &String| old_counts.get(key).copied().unwrap_or(0) <= 1 && new_counts.get(key).copied().unwrap_or(0) <= 1;
    let sort = |items: Vec<(Option<String>, V)>| {
        let mut keyed = BTreeMap::new();
        let mut rest = Vec::new();
        for (key, item) in items {
            match key.filter(|key| unique(key)) {
                Some(key) => {
                    keyed.insert(key, item);
                }
                None => rest.push(item),
            }
        }
        (keyed, rest)
    };
    let ((old, old_rest), (new, new_rest)) = (sort(old), sort(new));
    Matched { old, new, old_rest, new_rest }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::noise::Noise;

    fn normalized(value: Value) -> Value {
        normalize(value, &Noise::none().at(&[]).unwrap())
    }

    fn changes(old: Value, new: Value) -> Vec<String> {
        attribute_changes(&[], &normalized(old), &normalized(new))
            .iter()
            .map(|change| format!("{} {}", change.path, serde_json::to_string(&change.change).unwrap()))
            .collect()
    }

    #[test]
    fn order_is_no_change_at_any_depth() {
        let old = json!({"a": [{"x": [3, 1, 2], "y": {"b": 1, "a": 2}}, "s", 1]});
        let new = json!({"a": [1, "s", {"y": {"a": 2, "b": 1}, "x": [2, 3, 1]}]});
        assert_eq!(normalized(old), normalized(new));
    }

    #[test]
    fn documents_in_strings_are_compared_as_json() {
        let old =
            json!({"Policy": r#"{"Statement": [{"Sid": "A", "Effect": "Allow"}, {"Sid": "B", "Effect": "Allow"}]}"#});
        let new = json!({"Policy": r#"{"Statement":[{"Effect":"Deny","Sid":"A"},{"Effect":"Allow","Sid":"B"}]}"#});
        assert_eq!(
            changes(old, new),
            [r#"Policy.Statement[A].Effect {"change":"changed","old":"Allow","new":"Deny"}"#]
        );
        assert_eq!(normalized(json!("{not json")), json!("{not json"));
        assert_eq!(normalized(json!("[1, 2]")), json!("[1, 2]"));
    }

    #[test]
    fn members_and_unkeyed_items_are_added_and_removed() {
        let old = json!({"Gone": 1, "Grants": [{"P": "READ"}, {"P": "READ"}, {"P": "WRITE"}]});
        let new = json!({"New": [2], "Grants": [{"P": "READ"}, {"P": "FULL"}]});
        assert_eq!(
            changes(old, new),
            [
                r#"Gone {"change":"removed","value":1}"#,
                r#"Grants {"change":"item_added","value":{"P":"FULL"}}"#,
                r#"Grants {"change":"item_removed","value":{"P":"READ"}}"#,
                r#"Grants {"change":"item_removed","value":{"P":"WRITE"}}"#,
                r#"New {"change":"added","value":[2]}"#,
            ]
        );
    }

    #[test]
    fn items_sharing_a_key_are_compared_as_values() {
        let old = json!({"Tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}, {"Key": "b", "Value": "1"}]});
        let new = json!({"Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]});
        assert_eq!(
            changes(old, new),
            [
                r#"Tags[b].Value {"change":"changed","old":"1","new":"2"}"#,
                r#"Tags {"change":"item_removed","value":{"Key":"a","Value":"2"}}"#,
            ]
        );
    }

    #[test]
    fn a_permission_change_names_the_rule() {
        let group = |ranges: Value| json!({"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": ranges}]});
        let old = group(json!([{"CidrIp": "10.0.0.0/8", "Description": "office"}]));
        let new = group(json!([{"CidrIp": "10.0.0.0/8", "Description": "vpn"}, {"CidrIp": "0.0.0.0/0"}]));
        assert_eq!(
            changes(old, new),
            [
                r#"IpPermissions {"change":"item_added","value":{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22},"summary":"tcp 22 from 0.0.0.0/0"}"#,
                r#"IpPermissions[tcp 22 from 10.0.0.0/8].Description {"change":"changed","old":"office","new":"vpn"}"#,
            ]
        );
    }

    #[test]
    fn noise_is_left_out_at_its_path_only() {
        let mut noise = Noise::none();
        noise.ignore("IAM.ListUsers.Users.PasswordLastUsed").unwrap();
        let cursor = noise.at(&["IAM", "ListUsers"]).unwrap();
        let users = json!({"Users": [{"UserName": "a", "PasswordLastUsed": "t", "Tags": [{"PasswordLastUsed": 1}]}]});
        assert_eq!(normalize(users, &cursor), json!({"Users": [{"UserName": "a", "Tags": [{"PasswordLastUsed": 1}]}]}));
    }

    #[test]
    fn vacant_values_hold_nothing() {
        assert!(is_vacant(&json!({"DistributionList": {}, "Items": []})));
        assert!(!is_vacant(&json!({"Owner": {"ID": "x"}})));
        assert!(!is_vacant(&json!({"a": null})));
    }
}
