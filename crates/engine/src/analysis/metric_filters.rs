//! CloudWatch Logs metric filter patterns, read by meaning: does a filter count at least every
//! CloudTrail event a CIS AWS Foundations control asks to be alarmed on?
//!
//! **The grammar.** A JSON filter pattern is `{ EXPR }`, where an expression is a comparison, a
//! parenthesised expression, or expressions joined with `&&` and `||`. A comparison is a
//! property selector (`$.eventName`, `$.userIdentity.type`, `$.resources[0].ARN`) then one of
//! `= VALUE`, `!= VALUE`, `< > <= >= NUMBER`, `EXISTS`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`,
//! `IS NULL`. A value is quoted (`"AccessDenied*"`, with `\"` inside) or bare (`CreateTrail`);
//! both mean the same string, and `*` in either is a wildcard for any text. Whitespace between
//! tokens means nothing. An empty pattern matches every event. Patterns of other forms (plain
//! terms, space-delimited `[…]` patterns, `%regex%` values) are not read: a check that meets
//! one cannot tell what it counts.
//!
//! **Matching.** `=` holds when the property is present and its text matches the value
//! (case-sensitive, `*` matching any text); `!=` when it is present and does not. Whether `!=`
//! also holds for an absent property, and how `&&` and `||` combine when a pattern mixes them
//! without parentheses (`A || B && C`), the CloudWatch Logs documentation does not say. So a
//! filter is judged under each reading (`!=` true or false on an absent property; `&&` binding
//! tighter, or the operators taken left to right), and counts only if it covers the control
//! under every one. CIS's own texts mix them (5.1: `A || B && C && D`; 5.13:
//! `S && A || B || …`); the control's required events are written here with explicit
//! parentheses, as the benchmark means them.
//!
//! **Covering.** A filter covers a control when every event the control's pattern selects, the
//! filter selects too: the same pattern with other whitespace, quoting or `||` order, or a
//! broader one (more `||` terms, fewer `&&` terms), passes; a narrower one (a missing event
//! name, an added `&& $.awsRegion = …`, `&&` where `||` was meant, `=` where `!=` was meant, a
//! wrong property) does not. It is decided by search: every property either pattern names
//! takes, in turn, each value that can tell the patterns apart (absent, each value either
//! pattern names, each wildcard value with its `*` as nothing and as other text, a value named
//! by neither, and true, false and null where a comparison asks for them), and the search looks
//! for an event the control selects and the filter does not. Three-valued evaluation prunes it:
//! once a partial event decides the filter true, or the control false, nothing below is tried.
//! The answer is exact for values without wildcards; wildcard values are judged on those
//! samples.

use std::collections::BTreeMap;
use std::fmt;

/// A parsed filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// The empty pattern: every event.
    Everything,
    /// `{ … }`.
    Json(Expr),
}

/// An expression of a JSON filter pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Compare(Comparison),
    /// Expressions joined by `&&` and `||` at one level of parentheses, in order: `first`, then
    /// each operator with the expression after it.
    Chain {
        first: Box<Expr>,
        rest: Vec<(Join, Expr)>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    And,
    Or,
}

/// `$.selector TEST`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub selector: String,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `= value` (`*` a wildcard).
    Equals(String),
    /// `!= value`.
    NotEquals(String),
    /// `<`, `>`, `<=`, `>=` a number.
    Number(NumberOp, f64),
    Exists,
    NotExists,
    IsTrue,
    IsFalse,
    IsNull,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberOp {
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
}

/// Why a pattern could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError(String);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn error<T>(message: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError(message.into()))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Op(&'static str),
    Selector(String),
    /// A quoted string, unquoted.
    Quoted(String),
    /// A bare word: a value or a keyword (`NOT`, `EXISTS`, `IS`, `TRUE`, …).
    Word(String),
}

fn tokens(text: &str) -> Result<Vec<Token>, PatternError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let stops = |c: char| c.is_whitespace() || matches!(c, '(' | ')' | '&' | '|' | '=' | '!' | '<' | '>' | '"');
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            '&' if next == Some('&') => {
                out.push(Token::And);
                i += 2;
            }
            '|' if next == Some('|') => {
                out.push(Token::Or);
                i += 2;
            }
            '!' if next == Some('=') => {
                out.push(Token::Op("!="));
                i += 2;
            }
            '<' | '>' if next == Some('=') => {
                out.push(Token::Op(if c == '<' { "<=" } else { ">=" }));
                i += 2;
            }
            '<' => {
                out.push(Token::Op("<"));
                i += 1;
            }
            '>' => {
                out.push(Token::Op(">"));
                i += 1;
            }
            '=' => {
                out.push(Token::Op("="));
                i += 1;
            }
            '"' => {
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return error("a quoted value is not closed"),
                        Some('"') => break,
                        Some('\\') if i + 1 < chars.len() => {
                            value.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(&c) => {
                            value.push(c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                out.push(Token::Quoted(value));
            }
            '&' | '|' | '!' => return error(format!("unexpected {c:?}")),
            _ => {
                let start = i;
                while i < chars.len() && !stops(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word.starts_with('$') {
                    out.push(Token::Selector(word));
                } else {
                    out.push(Token::Word(word));
                }
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn keyword(&self, offset: usize, word: &str) -> bool {
        matches!(self.tokens.get(self.at + offset), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn chain(&mut self) -> Result<Expr, PatternError> {
        let first = self.operand()?;
        let mut rest = Vec::new();
        loop {
            let join = match self.peek() {
                Some(Token::And) => Join::And,
                Some(Token::Or) => Join::Or,
                _ => break,
            };
            self.at += 1;
            rest.push((join, self.operand()?));
        }
        Ok(if rest.is_empty() { first } else { Expr::Chain { first: Box::new(first), rest } })
    }

    fn operand(&mut self) -> Result<Expr, PatternError> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.chain()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => error("a parenthesis is not closed"),
                }
            }
            Some(Token::Selector(selector)) => Ok(Expr::Compare(Comparison { selector, test: self.test()? })),
            Some(other) => error(format!("expected a property selector ($.…), found {}", describe(&other))),
            None => error("the pattern ends where a comparison was expected"),
        }
    }

    fn test(&mut self) -> Result<Test, PatternError> {
        if self.keyword(0, "NOT") && self.keyword(1, "EXISTS") {
            self.at += 2;
            return Ok(Test::NotExists);
        }
        if self.keyword(0, "EXISTS") {
            self.at += 1;
            return Ok(Test::Exists);
        }
        if self.keyword(0, "IS") {
            let test = if self.keyword(1, "TRUE") {
                Test::IsTrue
            } else if self.keyword(1, "FALSE") {
                Test::IsFalse
            } else if self.keyword(1, "NULL") {
                Test::IsNull
            } else {
                return error("IS is followed by neither TRUE, FALSE nor NULL");
            };
            self.at += 2;
            return Ok(test);
        }
        let op = match self.next() {
            Some(Token::Op(op)) => op,
            Some(other) => return error(format!("expected a comparison operator, found {}", describe(&other))),
            None => return error("the pattern ends after a property selector"),
        };
        let value = match self.next() {
            Some(Token::Quoted(value)) => value,
            Some(Token::Word(word)) => word,
            Some(other) => return error(format!("expected a value after {op}, found {}", describe(&other))),
            None => return error(format!("the pattern ends after {op}")),
        };
        if value.len() >= 2 && value.starts_with('%') && value.ends_with('%') {
            return error("regular expression values (%…%) are not read");
        }
        let number = |value: &str| {
            value
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map_or_else(|| error(format!("{op} compares numbers, and {value:?} is not one")), Ok)
        };
        Ok(match op {
            "=" => Test::Equals(value),
            "!=" => Test::NotEquals(value),
            "<" => Test::Number(NumberOp::Less, number(&value)?),
            ">" => Test::Number(NumberOp::Greater, number(&value)?),
            "<=" => Test::Number(NumberOp::LessOrEqual, number(&value)?),
            _ => Test::Number(NumberOp::GreaterOrEqual, number(&value)?),
        })
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Open => "\"(\"".into(),
        Token::Close => "\")\"".into(),
        Token::And => "\"&&\"".into(),
        Token::Or => "\"||\"".into(),
        Token::Op(op) => format!("{op:?}"),
        Token::Selector(s) | Token::Word(s) => format!("{s:?}"),
        Token::Quoted(s) => format!("\"{s:?}\""),
    }
}

impl Pattern {
    /// Reads a filter pattern as CloudWatch Logs stores it.
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(Pattern::Everything);
        }
        let Some(body) = trimmed.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) else {
            return error("not a JSON filter pattern ({ … }): term and space-delimited patterns are not read");
        };
        let mut parser = Parser { tokens: tokens(body)?, at: 0 };
        let expr = parser.chain()?;
        match parser.peek() {
            None => Ok(Pattern::Json(expr)),
            Some(token) => error(format!("unexpected {} after a complete expression", describe(token))),
        }
    }
}

/// How an unspecified part of the matching semantics is read (see the module's docs).
#[derive(Debug, Clone, Copy)]
struct Reading {
    /// `&&` binds tighter than `||` (otherwise left to right).
    and_first: bool,
    /// `!=` holds on an absent property.
    absent_not_equal: bool,
}

const READINGS: [Reading; 4] = [
    Reading { and_first: true, absent_not_equal: false },
    Reading { and_first: true, absent_not_equal: true },
    Reading { and_first: false, absent_not_equal: false },
    Reading { and_first: false, absent_not_equal: true },
];

/// A property's value in a synthetic event.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Absent,
    Text(String),
    Bool(bool),
    Null,
}

/// A partial event: the properties assigned so far (an unassigned one is unknown).
type Event<'a> = BTreeMap<&'a str, &'a Value>;

/// Whether `text` matches `glob`, `*` standing for any text.
fn glob_matches(glob: &str, text: &str) -> bool {
    let parts: Vec<&str> = glob.split('*').collect();
    if parts.len() == 1 {
        return glob == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

impl Comparison {
    fn eval(&self, event: &Event, reading: Reading) -> Option<bool> {
        let value = *event.get(self.selector.as_str())?;
        Some(match (&self.test, value) {
            (Test::Exists, value) => *value != Value::Absent,
            (Test::NotExists, value) => *value == Value::Absent,
            (Test::IsTrue, value) => *value == Value::Bool(true),
            (Test::IsFalse, value) => *value == Value::Bool(false),
            (Test::IsNull, value) => *value == Value::Null,
            (Test::Equals(glob), Value::Text(text)) => glob_matches(glob, text),
            (Test::Equals(_), _) => false,
            (Test::NotEquals(glob), Value::Text(text)) => !glob_matches(glob, text),
            (Test::NotEquals(_), Value::Absent) => reading.absent_not_equal,
            (Test::NotEquals(_), _) => true,
            (Test::Number(op, limit), Value::Text(text)) => match text.parse::<f64>() {
                Ok(n) => match op {
                    NumberOp::Less => n < *limit,
                    NumberOp::Greater => n > *limit,
                    NumberOp::LessOrEqual => n <= *limit,
                    NumberOp::GreaterOrEqual => n >= *limit,
                },
                Err(_) => false,
            },
            (Test::Number(..), _) => false,
        })
    }
}

fn and3(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn or3(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

impl Expr {
    /// Three-valued: `None` while the event leaves the answer open.
    fn eval(&self, event: &Event, reading: Reading) -> Option<bool> {
        match self {
            Expr::Compare(comparison) => comparison.eval(event, reading),
            Expr::Chain { first, rest } if reading.and_first => {
                // An OR of AND-runs.
                let mut any = Some(false);
                let mut run = first.eval(event, reading);
                for (join, expr) in rest {
                    let value = expr.eval(event, reading);
                    match join {
                        Join::And => run = and3(run, value),
                        Join::Or => {
                            any = or3(any, run);
                            run = value;
                        }
                    }
                }
                or3(any, run)
            }
            Expr::Chain { first, rest } => rest.iter().fold(first.eval(event, reading), |acc, (join, expr)| {
                let value = expr.eval(event, reading);
                match join {
                    Join::And => and3(acc, value),
                    Join::Or => or3(acc, value),
                }
            }),
        }
    }

    fn comparisons<'a>(&'a self, out: &mut Vec<&'a Comparison>) {
        match self {
            Expr::Compare(comparison) => out.push(comparison),
            Expr::Chain { first, rest } => {
                first.comparisons(out);
                rest.iter().for_each(|(_, expr)| expr.comparisons(out));
            }
        }
    }
}

impl Pattern {
    fn eval(&self, event: &Event, reading: Reading) -> Option<bool> {
        match self {
            Pattern::Everything => Some(true),
            Pattern::Json(expr) => expr.eval(event, reading),
        }
    }

    fn comparisons(&self) -> Vec<&Comparison> {
        let mut out = Vec::new();
        if let Pattern::Json(expr) = self {
            expr.comparisons(&mut out);
        }
        out
    }
}

/// Text no pattern names: the "any other value" of a property.
const OTHER: &str = "\u{1}stance-other\u{1}";
/// What a wildcard stands for when it is not nothing.
const FILLER: &str = "\u{1}";

/// The values of each property that can tell `patterns` apart.
fn domains<'a>(patterns: &[&'a Pattern]) -> Vec<(&'a str, Vec<Value>)> {
    let mut domains: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for comparison in patterns.iter().flat_map(|pattern| pattern.comparisons()) {
        let values = domains.entry(comparison.selector.as_str()).or_default();
        let mut add = |value: Value| {
            if !values.contains(&value) {
                values.push(value);
            }
        };
        add(Value::Absent);
        add(Value::Text(OTHER.to_owned()));
        match &comparison.test {
            Test::Equals(glob) | Test::NotEquals(glob) => {
                add(Value::Text(glob.replace('*', "")));
                add(Value::Text(glob.replace('*', FILLER)));
            }
            Test::Number(_, n) => {
                for delta in [-1.0, -0.5, 0.0, 0.5, 1.0] {
                    add(Value::Text((n + delta).to_string()));
                }
            }
            Test::Exists | Test::NotExists | Test::IsTrue | Test::IsFalse | Test::IsNull => {
                add(Value::Bool(true));
                add(Value::Bool(false));
                add(Value::Null);
            }
        }
    }
    domains.into_iter().collect()
}

/// Why coverage could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooComplex;

/// How many partial events the search may try before it gives up.
const SEARCH_LIMIT: usize = 2_000_000;

/// Whether `filter` selects every event `required` selects, under every reading of the
/// unspecified semantics (see the module's docs). `Err` when the patterns are too large to
/// decide.
pub fn covers(filter: &Pattern, required: &Pattern) -> Result<bool, TooComplex> {
    if *filter == Pattern::Everything {
        return Ok(true);
    }
    // The control's properties first: they decide it early, and prune the rest.
    let mut domains = domains(&[required, filter]);
    let named: Vec<&str> = required.comparisons().iter().map(|c| c.selector.as_str()).collect();
    domains.sort_by_key(|(selector, _)| !named.contains(selector));
    let mut budget = SEARCH_LIMIT;
    for reading in READINGS {
        let mut event = Event::new();
        if find_gap(filter, required, &domains, 0, &mut event, reading, &mut budget)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether some completion of `event` is selected by `required` and not by `filter`.
fn find_gap<'a>(
    filter: &Pattern,
    required: &Pattern,
    domains: &'a [(&'a str, Vec<Value>)],
    depth: usize,
    event: &mut Event<'a>,
    reading: Reading,
    budget: &mut usize,
) -> Result<bool, TooComplex> {
    *budget = budget.checked_sub(1).ok_or(TooComplex)?;
    if required.eval(event, reading) == Some(false) || filter.eval(event, reading) == Some(true) {
        return Ok(false);
    }
    let Some((selector, values)) = domains.get(depth) else {
        // Every property is assigned, so both are decided: required true, filter false.
        return Ok(true);
    };
    for value in values {
        event.insert(selector, value);
        let gap = find_gap(filter, required, domains, depth + 1, event, reading, budget)?;
        event.remove(selector);
        if gap {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One of the CIS AWS Foundations Benchmark v7.0.0 monitoring controls (5.1–5.15): the events
/// its metric filter must count.
#[derive(Debug)]
pub struct Control {
    /// `5.1`.
    pub cis: &'static str,
    /// `unauthorized API calls`: what the filter counts, for messages.
    pub events: &'static str,
    /// The narrowest pattern the benchmark accepts for the control, with explicit parentheses:
    /// a filter passes when it selects at least these events.
    pub pattern: &'static str,
}

impl Control {
    /// The control's pattern, parsed.
    pub fn required(&self) -> Pattern {
        Pattern::parse(self.pattern).expect("the controls' patterns are tested to parse")
    }
}

/// `{ (($.eventName = A) || ($.eventName = B) …) }` for a list of event names, optionally
/// `&&` an event source.
macro_rules! events {
    ($($name:literal),+) => {
        concat!("{ ", events!(@or $($name),+), " }")
    };
    (source $source:literal: $($name:literal),+) => {
        concat!("{ ($.eventSource = \"", $source, "\") && (", events!(@or $($name),+), ") }")
    };
    (@or $first:literal $(, $name:literal)*) => {
        concat!("($.eventName = \"", $first, "\")" $(, " || ($.eventName = \"", $name, "\")")*)
    };
}

pub const UNAUTHORIZED_API_CALLS: Control = Control {
    cis: "5.1",
    events: "unauthorized API calls",
    pattern: "{ (($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\")) && \
              ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }",
};

/// The benchmark gives a basic form and one also requiring an IAM user and a successful
/// sign-in; the second is the narrower, so either passes.
pub const CONSOLE_SIGN_IN_WITHOUT_MFA: Control = Control {
    cis: "5.2",
    events: "console sign-ins without MFA",
    pattern: "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && \
              ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }",
};

pub const ROOT_USAGE: Control = Control {
    cis: "5.3",
    events: "root user activity",
    pattern: "{ ($.userIdentity.type = \"Root\") && ($.userIdentity.invokedBy NOT EXISTS) && \
              ($.eventType != \"AwsServiceEvent\") }",
};

/// The benchmark's remediation adds `$.eventSource = iam.amazonaws.com` to the audit's list,
/// which makes it the narrower: either passes.
pub const IAM_POLICY_CHANGES: Control = Control {
    cis: "5.4",
    events: "IAM policy changes",
    pattern: events!(source "iam.amazonaws.com": "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy",
        "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
        "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
        "AttachGroupPolicy", "DetachGroupPolicy"),
};

pub const CLOUDTRAIL_CONFIG_CHANGES: Control = Control {
    cis: "5.5",
    events: "CloudTrail configuration changes",
    pattern: events!("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
};

pub const CONSOLE_AUTH_FAILURES: Control = Control {
    cis: "5.6",
    events: "console authentication failures",
    pattern: "{ ($.eventName = \"ConsoleLogin\") && ($.errorMessage = \"Failed authentication\") }",
};

pub const KMS_KEY_DISABLE_DELETION: Control = Control {
    cis: "5.7",
    events: "customer managed KMS keys disabled or scheduled for deletion",
    pattern: events!(source "kms.amazonaws.com": "DisableKey", "ScheduleKeyDeletion"),
};

pub const S3_BUCKET_POLICY_CHANGES: Control = Control {
    cis: "5.8",
    events: "S3 bucket policy changes",
    pattern: events!(source "s3.amazonaws.com": "PutBucketAcl", "PutBucketPolicy", "PutBucketCors",
        "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors",
        "DeleteBucketLifecycle", "DeleteBucketReplication"),
};

pub const CONFIG_CHANGES: Control = Control {
    cis: "5.9",
    events: "AWS Config configuration changes",
    pattern: events!(source "config.amazonaws.com": "StopConfigurationRecorder", "DeleteDeliveryChannel",
        "PutDeliveryChannel", "PutConfigurationRecorder"),
};

pub const SECURITY_GROUP_CHANGES: Control = Control {
    cis: "5.10",
    events: "security group changes",
    pattern: events!(
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
        "ModifySecurityGroupRules"
    ),
};

pub const NETWORK_ACL_CHANGES: Control = Control {
    cis: "5.11",
    events: "network ACL changes",
    pattern: events!(
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation"
    ),
};

pub const NETWORK_GATEWAY_CHANGES: Control = Control {
    cis: "5.12",
    events: "network gateway changes",
    pattern: events!(
        "CreateCustomerGateway",
        "DeleteCustomerGateway",
        "AttachInternetGateway",
        "CreateInternetGateway",
        "DeleteInternetGateway",
        "DetachInternetGateway"
    ),
};

/// The audit's text adds `$.eventSource = ec2.amazonaws.com` (with `&&` and `||` unbracketed),
/// the remediation's does not; the event source with the list in parentheses is the narrower.
pub const ROUTE_TABLE_CHANGES: Control = Control {
    cis: "5.13",
    events: "route table changes",
    pattern: events!(source "ec2.amazonaws.com": "CreateRoute", "CreateRouteTable", "ReplaceRoute",
        "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"),
};

pub const VPC_CHANGES: Control = Control {
    cis: "5.14",
    events: "VPC changes",
    pattern: events!(
        "CreateVpc",
        "DeleteVpc",
        "ModifyVpcAttribute",
        "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection",
        "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc",
        "DetachClassicLinkVpc",
        "DisableVpcClassicLink",
        "EnableVpcClassicLink"
    ),
};

pub const ORGANIZATIONS_CHANGES: Control = Control {
    cis: "5.15",
    events: "AWS Organizations changes",
    pattern: events!(source "organizations.amazonaws.com": "AcceptHandshake", "AttachPolicy", "CreateAccount",
        "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization",
        "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
        "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization",
        "UpdatePolicy", "UpdateOrganizationalUnit"),
};

/// The 15 controls, in the benchmark's order.
pub const CONTROLS: [&Control; 15] = [
    &UNAUTHORIZED_API_CALLS,
    &CONSOLE_SIGN_IN_WITHOUT_MFA,
    &ROOT_USAGE,
    &IAM_POLICY_CHANGES,
    &CLOUDTRAIL_CONFIG_CHANGES,
    &CONSOLE_AUTH_FAILURES,
    &KMS_KEY_DISABLE_DELETION,
    &S3_BUCKET_POLICY_CHANGES,
    &CONFIG_CHANGES,
    &SECURITY_GROUP_CHANGES,
    &NETWORK_ACL_CHANGES,
    &NETWORK_GATEWAY_CHANGES,
    &ROUTE_TABLE_CHANGES,
    &VPC_CHANGES,
    &ORGANIZATIONS_CHANGES,
];

/// Whether a filter's pattern text covers `control`: `Ok(false)` for a pattern that does not,
/// `Err` with the reason when the pattern cannot be read or judged.
pub fn filter_covers(pattern: &str, control: &Control) -> Result<bool, String> {
    let filter = Pattern::parse(pattern).map_err(|e| e.to_string())?;
    covers(&filter, &control.required()).map_err(|TooComplex| "the pattern is too large to judge".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(filter: &str, control: &Control) -> bool {
        filter_covers(filter, control).unwrap_or_else(|e| panic!("{filter}: {e}"))
    }

    /// The benchmark's own texts: the audit's, and the remediation's where it differs.
    const CIS_TEXTS: &[(&Control, &str)] = &[
        (
            &UNAUTHORIZED_API_CALLS,
            r#"{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#,
        ),
        (
            &CONSOLE_SIGN_IN_WITHOUT_MFA,
            r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }"#,
        ),
        (
            &CONSOLE_SIGN_IN_WITHOUT_MFA,
            r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#,
        ),
        (
            &ROOT_USAGE,
            r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
        ),
        (
            &ROOT_USAGE,
            r#"{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS && $.eventType != AwsServiceEvent }"#,
        ),
        (
            &IAM_POLICY_CHANGES,
            "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
        ),
        (
            &IAM_POLICY_CHANGES,
            "{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))}",
        ),
        (
            &CLOUDTRAIL_CONFIG_CHANGES,
            "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
        ),
        (&CONSOLE_AUTH_FAILURES, r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#),
        (
            &KMS_KEY_DISABLE_DELETION,
            "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
        ),
        (
            &S3_BUCKET_POLICY_CHANGES,
            "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
        ),
        (
            &CONFIG_CHANGES,
            "{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }",
        ),
        (
            &SECURITY_GROUP_CHANGES,
            "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }",
        ),
        (
            &NETWORK_ACL_CHANGES,
            "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
        ),
        (
            &NETWORK_GATEWAY_CHANGES,
            "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
        ),
        (
            &ROUTE_TABLE_CHANGES,
            "{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
        ),
        (
            &ROUTE_TABLE_CHANGES,
            "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
        ),
        (
            &VPC_CHANGES,
            "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
        ),
        (
            &ORGANIZATIONS_CHANGES,
            "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }",
        ),
    ];

    #[test]
    fn every_control_pattern_parses_and_covers_itself() {
        for control in CONTROLS {
            let required = control.required();
            assert!(covers(&required, &required).unwrap(), "{}", control.cis);
        }
    }

    #[test]
    fn the_benchmarks_own_texts_pass() {
        for (control, text) in CIS_TEXTS {
            assert!(judge(text, control), "{}: {text}", control.cis);
        }
        // Each control has a text, so the table misses none.
        for control in CONTROLS {
            assert!(CIS_TEXTS.iter().any(|(c, _)| std::ptr::eq(*c, control)), "{}", control.cis);
        }
    }

    #[test]
    fn one_controls_text_does_not_pass_another() {
        for (control, text) in CIS_TEXTS {
            for other in CONTROLS {
                if std::ptr::eq(*control, other) {
                    continue;
                }
                assert!(!judge(text, other), "{}'s text passes {}", control.cis, other.cis);
            }
        }
    }

    #[test]
    fn whitespace_quotes_and_term_order_do_not_matter() {
        let c = &CLOUDTRAIL_CONFIG_CHANGES;
        assert!(judge(
            r#"{($.eventName="StopLogging")||($.eventName="StartLogging")||($.eventName=DeleteTrail)||($.eventName = "UpdateTrail")||($.eventName=CreateTrail)}"#,
            c
        ));
        assert!(judge(
            "{\n  $.eventName = CreateTrail ||\n\t$.eventName = UpdateTrail || $.eventName = DeleteTrail || $.eventName = StartLogging || $.eventName = StopLogging\n}",
            c
        ));
        assert!(judge(
            "{ ((($.eventName = CreateTrail) || ($.eventName = UpdateTrail)) || (($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging))) }",
            c
        ));
        // && order too.
        assert!(judge(
            r#"{ ($.errorMessage = "Failed authentication") && ($.eventName = ConsoleLogin) }"#,
            &CONSOLE_AUTH_FAILURES
        ));
        assert!(judge(
            r#"{ ($.eventName!="HeadBucket") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && (($.errorCode="AccessDenied*") || ($.errorCode="*UnauthorizedOperation")) }"#,
            &UNAUTHORIZED_API_CALLS
        ));
    }

    #[test]
    fn broader_filters_pass() {
        let c = &CLOUDTRAIL_CONFIG_CHANGES;
        // Extra terms.
        assert!(judge(
            "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) || ($.eventName = PutEventSelectors) }",
            c
        ));
        // A wildcard.
        assert!(judge("{ ($.eventName = *Trail) || ($.eventName = *Logging) }", c));
        assert!(judge(r#"{ $.eventSource = "cloudtrail.amazonaws.com" || $.eventName = "*" }"#, c));
        // Every event.
        assert!(judge("", c));
        assert!(judge("   ", &ROOT_USAGE));
        // 5.1 without the v7.0.0 exclusions (CloudSploit's older text, CIS v1).
        assert!(judge(
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
            &UNAUTHORIZED_API_CALLS
        ));
        // 5.3 without the service-event exclusion.
        assert!(judge(r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }"#, &ROOT_USAGE));
        // A broader wildcard on an error code.
        assert!(judge(
            r#"{ (($.errorCode = "*Unauthorized*") || ($.errorCode = "*Denied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }"#,
            &UNAUTHORIZED_API_CALLS
        ));
        // Several controls in one filter.
        let combined = format!(
            "{{ {} || {} }}",
            CLOUDTRAIL_CONFIG_CHANGES.pattern.trim_matches(['{', '}', ' ']),
            NETWORK_ACL_CHANGES.pattern.trim_matches(['{', '}', ' '])
        );
        assert!(judge(&combined, &CLOUDTRAIL_CONFIG_CHANGES));
        assert!(judge(&combined, &NETWORK_ACL_CHANGES));
        assert!(!judge(&combined, &VPC_CHANGES));
    }

    #[test]
    fn narrower_filters_fail() {
        let c = &CLOUDTRAIL_CONFIG_CHANGES;
        // A missing term.
        assert!(!judge(
            "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }",
            c
        ));
        // && where || was meant: never fires.
        assert!(!judge(
            "{ ($.eventName = CreateTrail) && ($.eventName = UpdateTrail) && ($.eventName = DeleteTrail) && ($.eventName = StartLogging) && ($.eventName = StopLogging) }",
            c
        ));
        // Added narrowing.
        assert!(!judge(
            r#"{ (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) && ($.awsRegion = "us-east-1") }"#,
            c
        ));
        // != where = was meant.
        assert!(!judge(
            "{ ($.eventName != CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
            c
        ));
        // The wrong property.
        assert!(!judge(
            "{ ($.eventType = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
            c
        ));
        // Values are case-sensitive.
        assert!(!judge(
            "{ ($.eventName = createtrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
            c
        ));
        // 5.10 without ModifySecurityGroupRules (CIS before v3, Prowler's required list).
        assert!(!judge(
            "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
            &SECURITY_GROUP_CHANGES
        ));
        // An exact error code where the benchmark has a wildcard.
        assert!(!judge(
            r#"{ ($.errorCode = "UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
            &UNAUTHORIZED_API_CALLS
        ));
        // A narrower wildcard.
        assert!(!judge(
            r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied") }"#,
            &UNAUTHORIZED_API_CALLS
        ));
        // Sign-ins without MFA: = "No" misses events without the flag's value "Yes".
        assert!(!judge(
            r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "No") }"#,
            &CONSOLE_SIGN_IN_WITHOUT_MFA
        ));
        // Root: invokedBy EXISTS instead of NOT EXISTS.
        assert!(!judge(r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy EXISTS }"#, &ROOT_USAGE));
        // The event source without the list.
        assert!(!judge(
            "{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }",
            &KMS_KEY_DISABLE_DELETION
        ));
        // Organizations: Prowler's extra required events are not required here, but a missing
        // benchmark event still fails.
        assert!(!judge(
            "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy)) }",
            &ORGANIZATIONS_CHANGES
        ));
    }

    #[test]
    fn one_filter_for_all_fifteen_covers_each() {
        let all = CONTROLS
            .iter()
            .map(|control| format!("({})", control.pattern.trim().trim_start_matches('{').trim_end_matches('}')))
            .collect::<Vec<_>>()
            .join(" || ");
        let filter = Pattern::parse(&format!("{{ {all} }}")).unwrap();
        for control in CONTROLS {
            assert_eq!(covers(&filter, &control.required()), Ok(true), "{}", control.cis);
        }
    }

    #[test]
    fn unbracketed_mixes_must_cover_under_both_readings() {
        // `S && A || B`: with && first it is (S && A) || B, left to right the same; either way
        // it covers S && (A || B).
        assert!(judge(
            "{ $.eventSource = kms.amazonaws.com && $.eventName = DisableKey || $.eventName = ScheduleKeyDeletion }",
            &KMS_KEY_DISABLE_DELETION
        ));
        // `A || B && S`: with && first A || (B && S) covers S && (A || B); left to right
        // (A || B) && S covers it too.
        assert!(judge(
            "{ $.eventName = DisableKey || $.eventName = ScheduleKeyDeletion && $.eventSource = kms.amazonaws.com }",
            &KMS_KEY_DISABLE_DELETION
        ));
        // `A && B || C` for required (A || C) && B: with && first it is (A && B) || C, which
        // covers; left to right the same. But `A || C && X` for required A || C: left to right
        // (A || C) && X misses events without X.
        let both = r#"{ $.eventName = CreateTrail || $.eventName = UpdateTrail || $.eventName = DeleteTrail || $.eventName = StartLogging || $.eventName = StopLogging && $.awsRegion = "us-east-1" }"#;
        assert!(!judge(both, &CLOUDTRAIL_CONFIG_CHANGES));
    }

    #[test]
    fn unreadable_patterns_are_errors() {
        for text in [
            "ERROR",
            "[ip, user, ...]",
            "{ $.eventName = }",
            "{ ($.eventName = CreateTrail }",
            "{ $.eventName = \"CreateTrail }",
            "{ $.eventName = %Create.*% }",
            "{ $.eventName = CreateTrail ) }",
            "{ eventName = CreateTrail }",
            "{ $.x IS MAYBE }",
            "{ $.x > abc }",
            "{ $.x & $.y }",
            "{}",
        ] {
            assert!(Pattern::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn the_grammar_reads_every_form() {
        let parsed = Pattern::parse(
            r#"{ ($.a.b[0] = "x\"y") && $.n >= 3 && $.t IS TRUE || $.f is false && $.z IS NULL && $.e EXISTS }"#,
        )
        .unwrap();
        let Pattern::Json(Expr::Chain { rest, .. }) = &parsed else { panic!("{parsed:?}") };
        assert_eq!(rest.len(), 5);
        let Pattern::Json(Expr::Chain { first, .. }) = &parsed else { unreachable!() };
        assert_eq!(
            **first,
            Expr::Compare(Comparison { selector: "$.a.b[0]".into(), test: Test::Equals("x\"y".into()) })
        );
        // Numbers and booleans decide coverage too.
        let required = Pattern::parse("{ $.n >= 3 && $.t IS TRUE }").unwrap();
        assert!(covers(&Pattern::parse("{ $.n > 2 }").unwrap(), &required).unwrap());
        assert!(!covers(&Pattern::parse("{ $.n > 3 }").unwrap(), &required).unwrap());
        assert!(!covers(&Pattern::parse("{ $.n >= 3 && $.t IS FALSE }").unwrap(), &required).unwrap());
        assert!(covers(&Pattern::parse("{ $.t EXISTS }").unwrap(), &required).unwrap());
    }

    #[test]
    fn globs_match_as_cloudwatch_does() {
        assert!(glob_matches("*UnauthorizedOperation", "Client.UnauthorizedOperation"));
        assert!(glob_matches("*UnauthorizedOperation", "UnauthorizedOperation"));
        assert!(!glob_matches("*UnauthorizedOperation", "UnauthorizedOperationX"));
        assert!(glob_matches("AccessDenied*", "AccessDeniedException"));
        assert!(glob_matches("a*b*c", "aXbYc"));
        assert!(glob_matches("a*b*c", "abc"));
        assert!(!glob_matches("a*b*c", "acb"));
        assert!(!glob_matches("ab*ba", "aba"), "the prefix and suffix may not overlap");
        assert!(glob_matches("*", ""));
        assert!(!glob_matches("x", "X"));
    }
}
