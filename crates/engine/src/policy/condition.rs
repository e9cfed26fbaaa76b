//! Condition blocks: their operators, and whether a condition confines a grant to known callers.

use std::collections::BTreeSet;

use serde::Serialize;

/// One key test of a Condition block: `"StringEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}`
/// is one `Condition` with two values (a request passes when its value equals either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub operator: Operator,
    /// The key as written; compare it with [`Condition::key_is`], which ignores case as IAM does.
    pub key: String,
    /// The values, with booleans and numbers written as text (`true`, `12`).
    pub values: Vec<String>,
}

impl Condition {
    /// Whether this condition tests `key` (condition keys are case-insensitive).
    pub fn key_is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }
}

/// A condition operator, such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    /// The operator as written.
    pub name: String,
    pub set: Option<SetOperator>,
    pub base: BaseOperator,
    /// `…IfExists`: a request without the key passes the test.
    pub if_exists: bool,
}

/// The qualifier for multivalued keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperator {
    /// `ForAnyValue:`: at least one of the request's values passes; none (or no key) fails.
    ForAnyValue,
    /// `ForAllValues:`: every one of the request's values passes; none (or no key) passes.
    ForAllValues,
}

/// The operator without its qualifier and `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// Every base operator by name.
const BASE_OPERATORS: [(&str, BaseOperator); 27] = [
    ("StringEquals", BaseOperator::StringEquals),
    ("StringNotEquals", BaseOperator::StringNotEquals),
    ("StringEqualsIgnoreCase", BaseOperator::StringEqualsIgnoreCase),
    ("StringNotEqualsIgnoreCase", BaseOperator::StringNotEqualsIgnoreCase),
    ("StringLike", BaseOperator::StringLike),
    ("StringNotLike", BaseOperator::StringNotLike),
    ("NumericEquals", BaseOperator::NumericEquals),
    ("NumericNotEquals", BaseOperator::NumericNotEquals),
    ("NumericLessThan", BaseOperator::NumericLessThan),
    ("NumericLessThanEquals", BaseOperator::NumericLessThanEquals),
    ("NumericGreaterThan", BaseOperator::NumericGreaterThan),
    ("NumericGreaterThanEquals", BaseOperator::NumericGreaterThanEquals),
    ("DateEquals", BaseOperator::DateEquals),
    ("DateNotEquals", BaseOperator::DateNotEquals),
    ("DateLessThan", BaseOperator::DateLessThan),
    ("DateLessThanEquals", BaseOperator::DateLessThanEquals),
    ("DateGreaterThan", BaseOperator::DateGreaterThan),
    ("DateGreaterThanEquals", BaseOperator::DateGreaterThanEquals),
    ("Bool", BaseOperator::Bool),
    ("BinaryEquals", BaseOperator::BinaryEquals),
    ("IpAddress", BaseOperator::IpAddress),
    ("NotIpAddress", BaseOperator::NotIpAddress),
    ("ArnEquals", BaseOperator::ArnEquals),
    ("ArnLike", BaseOperator::ArnLike),
    ("ArnNotEquals", BaseOperator::ArnNotEquals),
    ("ArnNotLike", BaseOperator::ArnNotLike),
    ("Null", BaseOperator::Null),
];

impl BaseOperator {
    /// The operators that pass when the value differs (`StringNotEquals`, `NotIpAddress`, …).
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// The operators that compare text or ARNs.
    fn compares_names(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringEquals
                | StringNotEquals
                | StringEqualsIgnoreCase
                | StringNotEqualsIgnoreCase
                | StringLike
                | StringNotLike
                | ArnEquals
                | ArnLike
                | ArnNotEquals
                | ArnNotLike
        )
    }

    /// The operators whose values are globs. `ArnEquals` takes wildcards too, as `ArnLike` does.
    pub(crate) fn takes_wildcards(self) -> bool {
        use BaseOperator::*;
        matches!(self, StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike)
    }

    fn compares_addresses(self) -> bool {
        matches!(self, BaseOperator::IpAddress | BaseOperator::NotIpAddress)
    }
}

impl Operator {
    /// Parses an operator name, ignoring case; `None` for a name IAM does not define.
    pub fn parse(name: &str) -> Option<Self> {
        let (set, rest) = if let Some(rest) = strip_prefix_ignore_case(name, "ForAnyValue:") {
            (Some(SetOperator::ForAnyValue), rest)
        } else if let Some(rest) = strip_prefix_ignore_case(name, "ForAllValues:") {
            (Some(SetOperator::ForAllValues), rest)
        } else {
            (None, name)
        };
        let (rest, if_exists) = match rest.len().checked_sub("IfExists".len()) {
            Some(at) if rest.is_char_boundary(at) && rest[at..].eq_ignore_ascii_case("IfExists") => (&rest[..at], true),
            _ => (rest, false),
        };
        let base = BASE_OPERATORS.iter().find(|(known, _)| known.eq_ignore_ascii_case(rest))?.1;
        Some(Operator { name: name.to_owned(), set, base, if_exists })
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// The condition keys that confine a grant to known callers: a grant to everyone (`"*"`) that
/// tests one of them with a fixed value is not public.
///
/// The list follows what each key's value identifies, by the IAM global condition key reference:
/// - **where the request comes from**: `aws:SourceIp`, `aws:VpcSourceIp`, `aws:SourceVpc`,
///   `aws:SourceVpce`, and the owner of the VPC endpoint (`aws:VpceAccount`, `aws:VpceOrgID`,
///   `aws:VpceOrgPaths`);
/// - **who signs it**: `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgID`,
///   `aws:PrincipalOrgPaths`, `aws:userid` (a principal's unique id);
/// - **on whose behalf a service acts** (service principals): `aws:SourceAccount`,
///   `aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceOwner` (the older SNS
///   and SES form of `aws:SourceAccount`);
/// - **service keys naming the caller's account or access point**: `kms:CallerAccount`,
///   `s3:DataAccessPointAccount`, `s3:DataAccessPointArn`.
///
/// Left out on purpose: `aws:username` (the same name exists in every account),
/// `aws:PrincipalServiceName` and `aws:PrincipalIsAWSService` (they name a service, not whose),
/// `kms:ViaService` (it names the service that makes the request, which acts for any caller of
/// any account; AWS managed key policies pair it with `kms:CallerAccount`),
/// `aws:ResourceAccount`/`aws:ResourceOrgID` (they limit the resource, not the caller), and
/// `sts:ExternalId`, `aws:SecureTransport` and `aws:MultiFactorAuthPresent`, which any caller
/// can meet.
pub const RESTRICTING_KEYS: &[&str] = &[
    "aws:SourceIp",
    "aws:VpcSourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
    "kms:CallerAccount",
    "s3:DataAccessPointAccount",
    "s3:DataAccessPointArn",
];

/// The keys among [`RESTRICTING_KEYS`] that hold an IP address.
const ADDRESS_KEYS: &[&str] = &["aws:SourceIp", "aws:VpcSourceIp"];

/// The keys whose values are account ids.
const ACCOUNT_KEYS: &[&str] =
    &["aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceOwner", "kms:CallerAccount", "s3:DataAccessPointAccount"];

/// The keys whose values are ARNs naming the caller's account.
const CALLER_ARN_KEYS: &[&str] = &["aws:PrincipalArn", "aws:SourceArn", "s3:DataAccessPointArn"];

fn key_in(key: &str, keys: &[&str]) -> bool {
    keys.iter().any(|known| known.eq_ignore_ascii_case(key))
}

/// What one condition does to the set of callers a statement reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It confines the statement to callers with fixed values of a [`RESTRICTING_KEYS`] key.
    Restricts,
    /// The key is not one of [`RESTRICTING_KEYS`].
    UnrelatedKey,
    /// On an Allow, a negated operator (`StringNotEquals`, …) admits every other value.
    NegatedOperator,
    /// On a Deny, a positive operator denies only the named values and admits the rest.
    NotNegated,
    /// On an Allow, `…IfExists` admits requests without the key.
    IfExists,
    /// On an Allow, `ForAllValues:` admits requests without the key.
    ForAllValues,
    /// On a Deny, `ForAnyValue:` does not deny requests without the key.
    ForAnyValue,
    /// The operator does not compare the key's value with names (`Null`, `Bool`, numbers, dates,
    /// or a text operator on an address key and the other way round).
    OperatorNotRestricting,
    /// A glob value that admits callers of any account: `*`, `arn:aws:iam::*:role/admin`,
    /// `arn:aws:s3:::*`.
    WildcardValue,
    /// A `/0` address range (`0.0.0.0/0`, `::/0`) matches every address.
    AnyAddress,
}

/// A condition and what it does, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionSeen {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
    pub verdict: Verdict,
}

/// What a statement's conditions do to the callers it reaches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Restrictions {
    /// Each condition of the statement, in order, with its verdict.
    pub conditions: Vec<ConditionSeen>,
    /// The accounts the conditions confine callers to, when a restricting condition names
    /// accounts with fixed values (`aws:PrincipalAccount`, `aws:SourceAccount`, an account in
    /// `aws:SourceArn`, …); several such conditions must all hold, so this is their intersection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<BTreeSet<String>>,
}

impl Restrictions {
    /// Whether some condition confines the statement to known callers.
    pub fn restricts(&self) -> bool {
        self.conditions.iter().any(|seen| seen.verdict == Verdict::Restricts)
    }

    /// The conditions that restrict.
    pub fn restricting(&self) -> impl Iterator<Item = &ConditionSeen> {
        self.conditions.iter().filter(|seen| seen.verdict == Verdict::Restricts)
    }
}

/// What the conditions of an Allow statement do: an Allow is confined when one of its
/// conditions admits only fixed values of a restricting key.
pub(crate) fn allow_restrictions(conditions: &[Condition]) -> Restrictions {
    let mut restrictions = Restrictions::default();
    for condition in conditions {
        let verdict = allow_verdict(condition);
        if verdict == Verdict::Restricts
            && let Some(accounts) = accounts_named(condition)
        {
            restrictions.accounts = Some(match restrictions.accounts.take() {
                Some(known) => known.intersection(&accounts).cloned().collect(),
                None => accounts,
            });
        }
        restrictions.conditions.push(seen(condition, verdict));
    }
    restrictions
}

/// What the conditions of a Deny statement do: a Deny confines the callers it leaves when every
/// one of its conditions holds for all callers but fixed values of a restricting key (the usual
/// `StringNotEquals aws:SourceVpce` guard). A Deny without conditions denies everyone.
pub(crate) fn deny_restrictions(conditions: &[Condition]) -> Restrictions {
    Restrictions { conditions: conditions.iter().map(|c| seen(c, deny_verdict(c))).collect(), accounts: None }
}

fn seen(condition: &Condition, verdict: Verdict) -> ConditionSeen {
    ConditionSeen {
        operator: condition.operator.name.clone(),
        key: condition.key.clone(),
        values: condition.values.clone(),
        verdict,
    }
}

/// The verdict that does not depend on polarity: the key, the operator's kind and the values.
fn key_and_values_verdict(condition: &Condition) -> Option<Verdict> {
    let base = condition.operator.base;
    if !key_in(&condition.key, RESTRICTING_KEYS) {
        return Some(Verdict::UnrelatedKey);
    }
    let address_key = key_in(&condition.key, ADDRESS_KEYS);
    if address_key != base.compares_addresses() || (!address_key && !base.compares_names()) {
        return Some(Verdict::OperatorNotRestricting);
    }
    if address_key && condition.values.iter().any(|value| is_any_address(value)) {
        return Some(Verdict::AnyAddress);
    }
    if base.takes_wildcards() && condition.values.iter().any(|value| is_catch_all(value)) {
        return Some(Verdict::WildcardValue);
    }
    None
}

fn allow_verdict(condition: &Condition) -> Verdict {
    if let Some(verdict) = key_and_values_verdict(condition) {
        return verdict;
    }
    let operator = &condition.operator;
    if operator.base.is_negated() {
        Verdict::NegatedOperator
    } else if operator.if_exists {
        Verdict::IfExists
    } else if operator.set == Some(SetOperator::ForAllValues) {
        Verdict::ForAllValues
    } else {
        Verdict::Restricts
    }
}

fn deny_verdict(condition: &Condition) -> Verdict {
    if let Some(verdict) = key_and_values_verdict(condition) {
        return verdict;
    }
    let operator = &condition.operator;
    if !operator.base.is_negated() {
        Verdict::NotNegated
    } else if operator.set == Some(SetOperator::ForAnyValue) {
        Verdict::ForAnyValue
    } else {
        Verdict::Restricts
    }
}

/// Whether a glob value admits callers of any account: only wildcards (`*`), or an ARN glob
/// whose account is all wildcards (`arn:aws:iam::*:role/admin`: anyone can name a role so), or,
/// for ARNs without an account (S3's global bucket names), whose resource is all wildcards
/// (`arn:aws:s3:::*`). An ARN glob cut short by a trailing wildcard (`arn:aws:*`) counts too.
fn is_catch_all(value: &str) -> bool {
    let wildcards_only = |part: &str| !part.is_empty() && part.chars().all(|c| c == '*' || c == '?');
    if wildcards_only(value) {
        return true;
    }
    let fields: Vec<&str> = value.splitn(6, ':').collect();
    if fields[0] != "arn" {
        return false;
    }
    match fields.as_slice() {
        [.., account, resource] if fields.len() == 6 => {
            if account.is_empty() {
                resource.is_empty() || wildcards_only(resource)
            } else {
                wildcards_only(account)
            }
        }
        [.., last] => wildcards_only(last) && fields.len() <= 5,
        [] => false,
    }
}

/// Whether an address range has prefix length 0 (`0.0.0.0/0`, `::/0`).
fn is_any_address(value: &str) -> bool {
    value.split_once('/').is_some_and(|(_, bits)| bits.trim().parse::<u8>() == Ok(0))
}

/// The accounts a restricting condition's values name, when every value names one.
fn accounts_named(condition: &Condition) -> Option<BTreeSet<String>> {
    let wildcards = condition.operator.base.takes_wildcards();
    let account_of = |value: &str| -> Option<String> {
        if key_in(&condition.key, ACCOUNT_KEYS) {
            let fixed = !(wildcards && value.contains(['*', '?']));
            (fixed && is_account_id(value)).then(|| value.to_owned())
        } else if key_in(&condition.key, CALLER_ARN_KEYS) {
            arn_account(value).filter(|account| is_account_id(account)).map(str::to_owned)
        } else {
            None
        }
    };
    condition.values.iter().map(|value| account_of(value)).collect()
}

/// Whether `text` is a 12-digit AWS account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The account field of an ARN (`arn:aws:iam::123456789012:root` → `123456789012`).
pub(crate) fn arn_account(arn: &str) -> Option<&str> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn").then(|| parts[4])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(operator: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: Operator::parse(operator).unwrap(),
            key: key.to_owned(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    fn allow(operator: &str, key: &str, values: &[&str]) -> Verdict {
        allow_verdict(&condition(operator, key, values))
    }

    #[test]
    fn operators_parse_with_qualifiers_and_any_case() {
        let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!((op.set, op.base, op.if_exists), (Some(SetOperator::ForAnyValue), BaseOperator::StringLike, true));
        let op = Operator::parse("forallvalues:stringequals").unwrap();
        assert_eq!(
            (op.set, op.base, op.if_exists),
            (Some(SetOperator::ForAllValues), BaseOperator::StringEquals, false)
        );
        assert_eq!(Operator::parse("NullIfExists").unwrap().base, BaseOperator::Null);
        assert!(Operator::parse("StringSortOf").is_none());
        assert!(Operator::parse("IfExists").is_none());
    }

    #[test]
    fn positive_tests_of_restricting_keys_restrict() {
        assert_eq!(allow("StringEquals", "aws:SourceVpce", &["vpce-1a2b"]), Verdict::Restricts);
        assert_eq!(allow("StringEquals", "AWS:SOURCEVPCE", &["vpce-1a2b"]), Verdict::Restricts);
        assert_eq!(allow("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]), Verdict::Restricts);
        assert_eq!(allow("ArnLike", "aws:SourceArn", &["arn:aws:s3:::logs-*"]), Verdict::Restricts);
        assert_eq!(allow("ArnLike", "aws:SourceArn", &["arn:aws:sns:*:111122223333:*"]), Verdict::Restricts);
        assert_eq!(allow("ArnLike", "aws:PrincipalArn", &["arn:aws:iam::111122223333:role/*"]), Verdict::Restricts);
        assert_eq!(allow("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", &["o-a/r-b/*"]), Verdict::Restricts);
        assert_eq!(allow("StringEquals", "aws:PrincipalOrgID", &["o-abc"]), Verdict::Restricts);
        // StringEquals compares literally: "*" names one odd value, not everyone.
        assert_eq!(allow("StringEquals", "aws:SourceAccount", &["*"]), Verdict::Restricts);
    }

    #[test]
    fn tests_that_do_not_restrict_an_allow() {
        assert_eq!(allow("StringNotEquals", "aws:PrincipalOrgID", &["o-abc"]), Verdict::NegatedOperator);
        assert_eq!(allow("NotIpAddress", "aws:SourceIp", &["203.0.113.0/24"]), Verdict::NegatedOperator);
        assert_eq!(allow("IpAddress", "aws:SourceIp", &["0.0.0.0/0"]), Verdict::AnyAddress);
        assert_eq!(allow("IpAddress", "aws:SourceIp", &["10.0.0.0/8", "::/0"]), Verdict::AnyAddress);
        assert_eq!(allow("StringLike", "aws:SourceVpce", &["*"]), Verdict::WildcardValue);
        assert_eq!(allow("ArnLike", "aws:SourceArn", &["arn:aws:*:*:*:*"]), Verdict::WildcardValue);
        assert_eq!(allow("ArnLike", "aws:SourceArn", &["arn:aws:s3:::*"]), Verdict::WildcardValue);
        assert_eq!(allow("ArnLike", "aws:SourceArn", &["arn:*"]), Verdict::WildcardValue);
        assert_eq!(allow("ArnEquals", "aws:PrincipalArn", &["arn:aws:iam::*:role/admin"]), Verdict::WildcardValue);
        assert_eq!(allow("StringLike", "aws:SourceAccount", &["*"]), Verdict::WildcardValue);
        assert_eq!(allow("StringEqualsIfExists", "aws:SourceVpce", &["vpce-1"]), Verdict::IfExists);
        assert_eq!(allow("ForAllValues:StringEquals", "aws:PrincipalOrgPaths", &["o-a/"]), Verdict::ForAllValues);
        assert_eq!(allow("Bool", "aws:SecureTransport", &["true"]), Verdict::UnrelatedKey);
        assert_eq!(allow("StringEquals", "aws:username", &["bob"]), Verdict::UnrelatedKey);
        assert_eq!(allow("Null", "aws:SourceVpce", &["false"]), Verdict::OperatorNotRestricting);
        assert_eq!(allow("StringEquals", "aws:SourceIp", &["203.0.113.7"]), Verdict::OperatorNotRestricting);
    }

    #[test]
    fn negated_tests_confine_a_deny() {
        let deny = |op, key, values: &[&str]| deny_verdict(&condition(op, key, values));
        assert_eq!(deny("StringNotEquals", "aws:SourceVpce", &["vpce-1"]), Verdict::Restricts);
        assert_eq!(deny("StringNotEqualsIfExists", "aws:PrincipalAccount", &["111122223333"]), Verdict::Restricts);
        assert_eq!(deny("NotIpAddress", "aws:SourceIp", &["198.51.100.0/24"]), Verdict::Restricts);
        assert_eq!(deny("StringEquals", "aws:SourceVpce", &["vpce-1"]), Verdict::NotNegated);
        assert_eq!(deny("NotIpAddress", "aws:SourceIp", &["0.0.0.0/0"]), Verdict::AnyAddress);
        assert_eq!(deny("ForAnyValue:StringNotLike", "aws:PrincipalOrgPaths", &["o-a/*"]), Verdict::ForAnyValue);
        assert_eq!(deny("Bool", "aws:SecureTransport", &["false"]), Verdict::UnrelatedKey);
    }

    #[test]
    fn accounts_from_restricting_conditions() {
        let restrictions = allow_restrictions(&[
            condition("StringEquals", "aws:SourceAccount", &["111122223333", "444455556666"]),
            condition("ArnLike", "aws:SourceArn", &["arn:aws:s3:::bucket", "arn:aws:sns:*:111122223333:topic"]),
        ]);
        assert!(restrictions.restricts());
        // The S3 ARN names no account, so the second condition confines to no account set.
        assert_eq!(restrictions.accounts, Some(BTreeSet::from(["111122223333".to_owned(), "444455556666".to_owned()])));
        let restrictions = allow_restrictions(&[
            condition("StringEquals", "aws:SourceAccount", &["111122223333", "444455556666"]),
            condition("ArnLike", "aws:SourceArn", &["arn:aws:sns:*:111122223333:topic"]),
        ]);
        assert_eq!(restrictions.accounts, Some(BTreeSet::from(["111122223333".to_owned()])));
        let restrictions = allow_restrictions(&[condition("StringLike", "aws:PrincipalAccount", &["1111*"])]);
        assert!(restrictions.restricts());
        assert_eq!(restrictions.accounts, None);
        let restrictions =
            allow_restrictions(&[condition("StringNotEquals", "aws:PrincipalAccount", &["111122223333"])]);
        assert!(!restrictions.restricts());
        assert_eq!(restrictions.accounts, None);
    }

    #[test]
    fn arn_accounts() {
        assert_eq!(arn_account("arn:aws:iam::123456789012:root"), Some("123456789012"));
        assert_eq!(arn_account("arn:aws:s3:::bucket"), Some(""));
        assert_eq!(arn_account("arn:aws:iam::123456789012"), None);
        assert_eq!(arn_account("123456789012"), None);
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901a"));
    }
}
