//! The policy document model, and its parser for every form AWS hands documents out in.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::condition::{Condition, Operator, Restrictions, allow_restrictions, deny_restrictions};
use super::wildcard::{self, Case, Variables};

/// Why a policy document could not be read. Checks report it as UNKNOWN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the policy is not valid JSON: {0}")]
    NotJson(String),
    #[error("the policy is not valid URL-encoded text: {0}")]
    BadUrlEncoding(String),
    #[error("the policy is not a JSON object")]
    NotAnObject,
    #[error("the policy {0}")]
    Document(String),
    #[error("the policy's Statement[{index}] {problem}")]
    Statement { index: usize, problem: String },
}

/// A policy document's text as IAM returns it in some APIs (URL-encoded JSON, `%7B%22Version…`)
/// decoded; any other text is returned as it is.
pub fn decode_url_encoded(text: &str) -> Result<Cow<'_, str>, PolicyError> {
    let trimmed = text.trim_start();
    if !trimmed.get(..3).is_some_and(|head| head.eq_ignore_ascii_case("%7B")) {
        return Ok(Cow::Borrowed(text));
    }
    let bytes = trimmed.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = trimmed.get(at + 1..at + 3).filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
            let byte = hex
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| PolicyError::BadUrlEncoding(format!("a bad escape at byte {at}")))?;
            decoded.push(byte);
            at += 3;
        } else {
            decoded.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(decoded)
        .map(Cow::Owned)
        .map_err(|_| PolicyError::BadUrlEncoding("the decoded text is not UTF-8".to_owned()))
}

/// A parsed policy document: identity, resource (bucket, endpoint, key) or trust policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
}

/// One statement. Exactly one of Action/NotAction and at most one of Resource/NotResource and
/// of Principal/NotPrincipal are present, so each is one field here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    /// `None` in identity policies, which name no principal.
    pub principals: Option<Principals>,
    pub actions: Actions,
    /// `None` when the statement names no resource (trust policies): it applies to the resource
    /// the policy is attached to.
    pub resources: Option<Resources>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action` (the listed globs) or `NotAction` (every action but those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actions {
    Listed(Vec<String>),
    AllExcept(Vec<String>),
}

/// `Resource` (the listed ARN globs) or `NotResource` (every resource but those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resources {
    Listed(Vec<String>),
    AllExcept(Vec<String>),
}

/// `Principal` (the listed principals) or `NotPrincipal` (everyone but those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principals {
    Listed(Principal),
    AllExcept(Principal),
}

/// The value of a Principal element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"Principal": "*"`.
    Everyone,
    /// `"Principal": {"AWS": …, "Service": …, "Federated": …, "CanonicalUser": …}`.
    Named(NamedPrincipals),
}

/// The principals of a Principal object, by type, each as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedPrincipals {
    /// Account ids, `arn:aws:iam::ID:root`, user and role ARNs, unique ids, or `*`.
    pub aws: Vec<String>,
    pub service: Vec<String>,
    pub federated: Vec<String>,
    pub canonical_user: Vec<String>,
}

impl Document {
    /// Parses a document from its text: JSON, or URL-encoded JSON as IAM returns it.
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let text = decode_url_encoded(text)?;
        let value: Value = serde_json::from_str(&text).map_err(|error| PolicyError::NotJson(error.to_string()))?;
        Self::from_object(&value)
    }

    /// Parses a document from a snapshot value: an object (an IAM document as the AWS CLI prints
    /// it) or a string holding the document's text (S3's `Policy`, EC2's `PolicyDocument`).
    pub fn from_value(value: &Value) -> Result<Self, PolicyError> {
        match value {
            Value::String(text) => Self::parse(text),
            other => Self::from_object(other),
        }
    }

    fn from_object(value: &Value) -> Result<Self, PolicyError> {
        let object = value.as_object().ok_or(PolicyError::NotAnObject)?;
        let document_error = |problem: String| PolicyError::Document(problem);
        let mut version = None;
        let mut id = None;
        let mut statements = None;
        for (name, value) in object {
            match name.as_str() {
                "Version" => version = Some(string(value).map_err(|e| document_error(format!("Version {e}")))?),
                "Id" => id = Some(string(value).map_err(|e| document_error(format!("Id {e}")))?),
                "Statement" => statements = Some(value),
                other => return Err(document_error(format!("has an unknown element {other:?}"))),
            }
        }
        let statements = match statements.ok_or_else(|| document_error("has no Statement".to_owned()))? {
            Value::Array(items) => items.iter().collect(),
            single @ Value::Object(_) => vec![single],
            _ => return Err(document_error("Statement is neither an object nor a list".to_owned())),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(index, value)| {
                Statement::from_value(value).map_err(|problem| PolicyError::Statement { index, problem })
            })
            .collect::<Result<_, _>>()?;
        Ok(Document { version, id, statements })
    }
}

impl Statement {
    fn from_value(value: &Value) -> Result<Self, String> {
        let object = value.as_object().ok_or("is not an object")?;
        let mut sid = None;
        let mut effect = None;
        let mut principals = None;
        let mut actions = None;
        let mut resources = None;
        let mut conditions = Vec::new();
        for (name, value) in object {
            let what = |e: String| format!("{name} {e}");
            match name.as_str() {
                "Sid" => sid = Some(string(value).map_err(what)?),
                "Effect" => {
                    effect = Some(match value.as_str() {
                        Some("Allow") => Effect::Allow,
                        Some("Deny") => Effect::Deny,
                        _ => return Err(format!("has Effect {value}, not \"Allow\" or \"Deny\"")),
                    })
                }
                "Principal" | "NotPrincipal" => {
                    let principal = principal(value).map_err(what)?;
                    let listed = name == "Principal";
                    let principals_of =
                        if listed { Principals::Listed(principal) } else { Principals::AllExcept(principal) };
                    set_once(&mut principals, principals_of, name)?;
                }
                "Action" | "NotAction" => {
                    let globs = strings(value).map_err(what)?;
                    if let Some(bad) = globs.iter().find(|glob| !is_action_glob(glob)) {
                        return Err(format!("{name} has {bad:?}, not SERVICE:ACTION or *"));
                    }
                    let actions_of = if name == "Action" { Actions::Listed(globs) } else { Actions::AllExcept(globs) };
                    set_once(&mut actions, actions_of, name)?;
                }
                "Resource" | "NotResource" => {
                    let globs = strings(value).map_err(what)?;
                    let listed = name == "Resource";
                    let resources_of = if listed { Resources::Listed(globs) } else { Resources::AllExcept(globs) };
                    set_once(&mut resources, resources_of, name)?;
                }
                "Condition" => conditions = parse_conditions(value).map_err(what)?,
                other => return Err(format!("has an unknown element {other:?}")),
            }
        }
        Ok(Statement {
            sid,
            effect: effect.ok_or("has no Effect")?,
            principals,
            actions: actions.ok_or("has neither Action nor NotAction")?,
            resources,
            conditions,
        })
    }

    /// Whether the statement's Action/NotAction takes in `action` (case-insensitive).
    pub fn matches_action(&self, action: &str) -> bool {
        self.actions.matches(action)
    }

    /// The Sid, unless it is absent or empty.
    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref().filter(|sid| !sid.is_empty())
    }

    /// What the statement's conditions do to the callers it reaches: for an Allow, whether one
    /// admits only fixed values of a [`RESTRICTING_KEYS`](super::RESTRICTING_KEYS) key; for a
    /// Deny, whether each denies all but such values.
    pub fn restrictions(&self) -> Restrictions {
        match self.effect {
            Effect::Allow => allow_restrictions(&self.conditions),
            Effect::Deny => deny_restrictions(&self.conditions),
        }
    }

    /// The conditions that test `key` (condition keys are case-insensitive).
    pub fn conditions_on<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Condition> + 'a {
        self.conditions.iter().filter(move |condition| condition.key_is(key))
    }
}

/// Stores the first of two mutually exclusive elements (`Action`, `NotAction`); the second is
/// an error.
fn set_once<T>(slot: &mut Option<T>, value: T, element: &str) -> Result<(), String> {
    if slot.is_some() {
        let plain = element.strip_prefix("Not").unwrap_or(element);
        return Err(format!("has both {plain} and Not{plain}"));
    }
    *slot = Some(value);
    Ok(())
}

impl Actions {
    /// Whether `action` is one of these actions (case-insensitive globs).
    pub fn matches(&self, action: &str) -> bool {
        match self {
            Actions::Listed(globs) => globs.iter().any(|glob| wildcard::action_matches(glob, action)),
            Actions::AllExcept(globs) => !globs.iter().any(|glob| wildcard::action_matches(glob, action)),
        }
    }
}

/// Which way a policy variable in a glob is read: towards the statement applying, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lean {
    /// Read variables so that the statement applies (an Allow's worst case).
    Applies,
    /// Read variables so that it does not (a Deny's worst case).
    DoesNotApply,
}

impl Resources {
    /// Whether the ARN `resource` is one of these resources (case-sensitive globs; a policy
    /// variable matches any value).
    pub fn matches(&self, resource: &str) -> bool {
        self.matches_leaning(resource, Lean::Applies)
    }

    pub(crate) fn matches_leaning(&self, resource: &str, lean: Lean) -> bool {
        // A listed glob matching makes the statement apply under Resource, and not under
        // NotResource; variables are read accordingly.
        let (globs, listed) = match self {
            Resources::Listed(globs) => (globs, true),
            Resources::AllExcept(globs) => (globs, false),
        };
        let variables =
            if listed == (lean == Lean::Applies) { Variables::MatchAnything } else { Variables::MatchNothing };
        let any = globs.iter().any(|glob| wildcard::matches(glob, resource, Case::Sensitive, variables));
        any == listed
    }
}

/// Whether `glob` is an action as IAM accepts one: `*` (or `**`…), or `SERVICE:ACTION` with a
/// service prefix ("Actions/Conditions must be prefaced by a vendor"); wildcards may stand in
/// either part. IAM refuses any other text, so a document holding one is damaged.
fn is_action_glob(glob: &str) -> bool {
    match glob.split_once(':') {
        Some((service, _)) => !service.is_empty(),
        None => !glob.is_empty() && glob.chars().all(|c| c == '*'),
    }
}

fn string(value: &Value) -> Result<String, String> {
    value.as_str().map(str::to_owned).ok_or_else(|| format!("is {value}, not a string"))
}

/// A string or a list of strings. IAM refuses an empty list (an element names at least one
/// action, resource or principal), so it is no document IAM could hold.
fn strings(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(text) => Ok(vec![text.clone()]),
        Value::Array(items) if items.is_empty() => Err("is an empty list".to_owned()),
        Value::Array(items) => items.iter().map(string).collect(),
        other => Err(format!("is {other}, not a string or a list of strings")),
    }
}

fn principal(value: &Value) -> Result<Principal, String> {
    match value {
        Value::String(text) if text == "*" => Ok(Principal::Everyone),
        Value::Object(object) => {
            let mut named = NamedPrincipals::default();
            for (kind, value) in object {
                let slot = match kind.as_str() {
                    "AWS" => &mut named.aws,
                    "Service" => &mut named.service,
                    "Federated" => &mut named.federated,
                    "CanonicalUser" => &mut named.canonical_user,
                    other => return Err(format!("has an unknown principal type {other:?}")),
                };
                *slot = strings(value).map_err(|e| format!("{kind} {e}"))?;
            }
            Ok(Principal::Named(named))
        }
        other => Err(format!("is {other}, neither \"*\" nor an object")),
    }
}

/// A Condition block: operator → key → value or list of values.
fn parse_conditions(value: &Value) -> Result<Vec<Condition>, String> {
    let block = value.as_object().ok_or_else(|| format!("is {value}, not an object"))?;
    let mut conditions = Vec::new();
    for (name, tests) in block {
        let operator = Operator::parse(name).ok_or_else(|| format!("has an unknown operator {name:?}"))?;
        let tests: &Map<String, Value> = tests.as_object().ok_or_else(|| format!("{name} is not an object"))?;
        for (key, values) in tests {
            let values = match values {
                Value::Array(items) => items.iter().map(condition_value).collect::<Option<Vec<_>>>(),
                single => condition_value(single).map(|value| vec![value]),
            }
            .ok_or_else(|| format!("{name} {key:?} has a value that is not a string, number or boolean"))?;
            conditions.push(Condition { operator: operator.clone(), key: key.clone(), values });
        }
    }
    Ok(conditions)
}

fn condition_value(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statement_as_object_or_list_and_elements_as_string_or_list() {
        let single = Document::parse(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
        )
        .unwrap();
        let listed = Document::from_value(&json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["*"]}]
        }))
        .unwrap();
        assert_eq!(single, listed);
        assert_eq!(single.statements[0].actions, Actions::Listed(vec!["s3:GetObject".to_owned()]));
        assert_eq!(single.version.as_deref(), Some("2012-10-17"));
    }

    #[test]
    fn documents_as_strings_and_url_encoded() {
        let text = r#"{"Statement":[{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b"}]}"#;
        let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Deny%22%2C%22NotAction%22%3A%22iam%3A%2A%22%2C%22NotResource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%22%7D%5D%7D";
        let plain = Document::parse(text).unwrap();
        assert_eq!(Document::parse(encoded).unwrap(), plain);
        assert_eq!(Document::from_value(&Value::String(text.to_owned())).unwrap(), plain);
        assert_eq!(Document::from_value(&Value::String(encoded.to_owned())).unwrap(), plain);
        assert_eq!(plain.statements[0].resources, Some(Resources::AllExcept(vec!["arn:aws:s3:::b".to_owned()])));
        // Plus signs stay as they are, as the AWS CLI decodes.
        assert_eq!(decode_url_encoded("%7B%22a+b%22").unwrap(), "{\"a+b\"");
        assert_eq!(decode_url_encoded("{\"a\":1}").unwrap(), "{\"a\":1}");
        assert!(matches!(decode_url_encoded("%7B%2"), Err(PolicyError::BadUrlEncoding(_))));
        assert!(matches!(decode_url_encoded("%7B%FF%FE"), Err(PolicyError::BadUrlEncoding(_))));
    }

    #[test]
    fn principal_forms() {
        let document = Document::from_value(&json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject"},
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:root", "123456789012"],
                "Service": "ec2.amazonaws.com", "Federated": ["cognito-identity.amazonaws.com"],
                "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
             "Action": "sts:AssumeRole"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:role/admin"}, "Action": "*"}
        ]}))
        .unwrap();
        let principals: Vec<_> = document.statements.iter().map(|s| s.principals.clone().unwrap()).collect();
        assert_eq!(principals[0], Principals::Listed(Principal::Everyone));
        let Principals::Listed(Principal::Named(aws_star)) = &principals[1] else { panic!() };
        assert_eq!(aws_star.aws, ["*"]);
        let Principals::Listed(Principal::Named(named)) = &principals[2] else { panic!() };
        assert_eq!(named.aws, ["arn:aws:iam::123456789012:root", "123456789012"]);
        assert_eq!(named.service, ["ec2.amazonaws.com"]);
        assert_eq!(named.federated, ["cognito-identity.amazonaws.com"]);
        assert_eq!(named.canonical_user.len(), 1);
        assert!(matches!(principals[3], Principals::AllExcept(_)));
        assert_eq!(document.statements[0].resources, None);
    }

    #[test]
    fn conditions_with_every_value_type() {
        let document = Document::from_value(&json!({"Statement": {
            "Effect": "Allow", "Action": "s3:*", "Resource": "*",
            "Condition": {
                "Bool": {"aws:SecureTransport": true},
                "NumericLessThan": {"s3:max-keys": 10},
                "ForAnyValue:StringLikeIfExists": {"aws:PrincipalOrgPaths": ["o-a/*", "o-b/*"]}
            }
        }}))
        .unwrap();
        let statement = &document.statements[0];
        assert_eq!(statement.conditions.len(), 3);
        assert_eq!(statement.conditions_on("AWS:SECURETRANSPORT").next().unwrap().values, ["true"]);
        assert_eq!(statement.conditions_on("s3:max-keys").next().unwrap().values, ["10"]);
        assert_eq!(statement.conditions_on("aws:principalorgpaths").next().unwrap().values.len(), 2);
    }

    #[test]
    fn bad_documents_are_errors() {
        let bad = [
            ("not json", "{\"Statement\": ["),
            ("not an object", "[1, 2]"),
            ("no statement", r#"{"Version": "2012-10-17"}"#),
            ("statement is a string", r#"{"Statement": "Allow"}"#),
            ("statement is not an object", r#"{"Statement": [3]}"#),
            ("no effect", r#"{"Statement": [{"Action": "*"}]}"#),
            ("lowercase effect", r#"{"Statement": [{"Effect": "allow", "Action": "*"}]}"#),
            ("no action", r#"{"Statement": [{"Effect": "Allow", "Resource": "*"}]}"#),
            ("both forms", r#"{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*"}]}"#),
            ("action number", r#"{"Statement": [{"Effect": "Allow", "Action": 5}]}"#),
            ("action list of numbers", r#"{"Statement": [{"Effect": "Allow", "Action": [5]}]}"#),
            ("action without a service", r#"{"Statement": [{"Effect": "Allow", "Action": "null"}]}"#),
            ("empty action", r#"{"Statement": [{"Effect": "Allow", "NotAction": ["s3:*", ""]}]}"#),
            ("no actions", r#"{"Statement": [{"Effect": "Allow", "Action": []}]}"#),
            ("no resources", r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": []}]}"#),
            ("empty service", r#"{"Statement": [{"Effect": "Allow", "Action": "::/0"}]}"#),
            (
                "principal string",
                r#"{"Statement": [{"Effect": "Allow", "Principal": "arn:aws:iam::1:root", "Action": "*"}]}"#,
            ),
            ("principal type", r#"{"Statement": [{"Effect": "Allow", "Principal": {"Person": "me"}, "Action": "*"}]}"#),
            ("unknown element", r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resources": "*"}]}"#),
            (
                "unknown operator",
                r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringIs": {"a": "b"}}}]}"#,
            ),
            (
                "condition value",
                r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"Null": {"a": null}}}]}"#,
            ),
            ("bad escape", "%7B%ZZ"),
        ];
        for (what, text) in bad {
            assert!(Document::parse(text).is_err(), "{what}: parsed");
        }
        let error = Document::parse(r#"{"Statement": [{"Effect": "Allow", "Action": "*"}, {"Effect": "Maybe"}]}"#);
        assert_eq!(
            error.unwrap_err().to_string(),
            r#"the policy's Statement[1] has Effect "Maybe", not "Allow" or "Deny""#
        );
        assert_eq!(Document::from_value(&json!(42)), Err(PolicyError::NotAnObject));
    }

    #[test]
    fn resources_lean_on_variables() {
        let own = Resources::Listed(vec!["arn:aws:iam::*:user/${aws:username}".to_owned()]);
        let arn = "arn:aws:iam::111122223333:user/alice";
        assert!(own.matches_leaning(arn, Lean::Applies));
        assert!(!own.matches_leaning(arn, Lean::DoesNotApply));
        let others = Resources::AllExcept(vec!["arn:aws:iam::*:user/${aws:username}".to_owned()]);
        assert!(others.matches_leaning(arn, Lean::Applies));
        assert!(!others.matches_leaning(arn, Lean::DoesNotApply));
    }
}
